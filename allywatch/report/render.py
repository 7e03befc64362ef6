"""Page data to HTML: one autoescaping Jinja environment shared by the app and the report."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import BaseLoader, ChoiceLoader, Environment, PackageLoader, StrictUndefined

from allywatch import __version__
from allywatch.report import figures
from allywatch.report.figures import relation_class
from allywatch.report.highlight import segments
from allywatch.report.source import Row, slug
from allywatch.report.text import human_number

TITLES = {
    "overview": "Overview",
    "events": "Events",
    "network": "Network",
    "money": "Money",
    "map": "Map",
    "search": "Search",
}


@cache
def environment(extra: BaseLoader | None = None) -> Environment:
    """Autoescape on for every template: article strings can only ever be text."""
    loaders: list[BaseLoader] = [PackageLoader("allywatch.report", "templates")]
    env = Environment(
        loader=ChoiceLoader([extra, *loaders] if extra else loaders),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        human_number=human_number, relation_class=relation_class, slug=slug, version=__version__
    )
    return env


@cache
def stylesheet() -> str:
    """The one stylesheet, served by the app and inlined in the report."""
    return resources.files("allywatch.report").joinpath("assets", "style.css").read_text("utf-8")


def page_figures(name: str, data: Row, links: Any) -> Row:
    """The drawings a page shows, computed from its data."""
    builders: dict[str, Callable[[], Row]] = {
        "overview": lambda: {"network": figures.network_drawing(data["network"], labels=8)},
        "article": lambda: {"segments": _segments(data, links)},
        "events": lambda: {"timeline": figures.timeline(data["events"], links)},
        "network": lambda: {"network": figures.network_drawing(data)},
        "money": lambda: {"bars": figures.bars(data["burden"]["rows"])},
        "map": lambda: {"maps": figures.maps(data["places"], links)},
    }
    return builders[name]() if name in builders else {}


def _segments(data: Row, links: Any) -> list[Row]:
    article = data["article"]
    return segments(article["text"], data["facts"], links.sentence_prefix(article["id"]))


def title_of(name: str, data: Row) -> str:
    """The page title: the article's headline, the person's name, or the page name."""
    if name == "article":
        return str(data["article"].get("title") or "Article")
    if name == "person":
        return str(data["person"]["name"])
    if name == "state":
        return str(data["state"]["name"])
    return TITLES.get(name, name)


def render_page(name: str, data: Row, links: Any, env: Environment, **context: Any) -> str:
    """One page of the app as a full HTML document."""
    return env.get_template("page.html.j2").render(
        page=name,
        data=data,
        figures=page_figures(name, data, links),
        links=links,
        title=title_of(name, data),
        css="",
        **{"q": None, "allow_write": False, "linked_states": None, **context},
    )
