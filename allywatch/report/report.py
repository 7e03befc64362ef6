"""The report: every view of the app in one file that needs no server (HTML) or as Markdown.

The HTML inlines its stylesheet and draws with SVG, so it fetches nothing and runs no script;
links between views become anchors in the same file. The Markdown escapes every value so an
article's text can neither break a table nor smuggle in HTML.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from allywatch.report import pages
from allywatch.report.links import ReportLinks
from allywatch.report.render import environment, page_figures, stylesheet
from allywatch.report.source import Base, Row
from allywatch.report.text import actor_label, human_number

FORMATS = ("html", "md")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|#])")


def report_pages(base: Base, alliance: str = "us-indo-pacific") -> dict[str, Any]:
    """The data of every view, as the app's JSON twins hold it."""
    return {
        "overview": pages.overview(base),
        "events": pages.events(base, {}),
        "network": pages.network_page(base, None),
        "money": pages.money(base, pages.burden_table(alliance)),
        "places": pages.places(base),
        "articles": [pages.article(base, a["id"]) for a in base.articles],
        "people": base.people,
        "person_pages": [pages.person(base, p["id"]) for p in base.people],
        "state_pages": [pages.state(base, code) for code in base.states()],
    }


def _sections(data: dict[str, Any], links: ReportLinks) -> list[Row]:
    views: list[tuple[str, Any, str | None]] = [
        (name, data[key], None)
        for name, key in (
            ("overview", "overview"),
            ("events", "events"),
            ("network", "network"),
            ("money", "money"),
            ("map", "places"),
        )
    ]
    for name, key, heading in (
        ("article", "articles", "Articles"),
        ("person", "person_pages", "People"),
        ("state", "state_pages", "States"),
    ):
        views += [(name, view, heading if i == 0 else None) for i, view in enumerate(data[key])]
    return [
        {
            "name": name,
            "data": view,
            "figures": page_figures(name, view, links),
            "heading": heading,
        }
        for name, view, heading in views
    ]


def render_html(base: Base, database: str) -> str:
    """The whole report as one HTML document with inline CSS and SVG."""
    links = ReportLinks()
    template = environment().get_template("report.html.j2")
    return template.render(
        sections=_sections(report_pages(base), links),
        links=links,
        css=stylesheet(),
        page="report",
        generated=_now(),
        database=database,
        q=None,
        allow_write=False,
        linked_states=set(base.states()),
    )


def markdown_escape(value: Any) -> str:
    """Any value as Markdown text: special characters escaped, one line, no raw HTML."""
    if value is None:
        return ""
    text = " ".join(str(value).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


@cache
def markdown_environment() -> Environment:
    """Every `{{ }}` passes through `markdown_escape`, the way HTML autoescaping works."""
    env = Environment(
        loader=PackageLoader("allywatch.report", "templates"),
        undefined=StrictUndefined,
        finalize=markdown_escape,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters.update(actor=actor_label, gap=_gap)
    env.globals.update(human_number=human_number)
    return env


def _gap(gap: Row) -> str:
    points = "—" if gap["gap_points"] is None else f"{gap['gap_points']:g} pts"
    return f"{gap['target']} {gap['value']:g}%: {points}"


def render_markdown(base: Base, database: str) -> str:
    template = markdown_environment().get_template("report.md.j2")
    return template.render(**report_pages(base), generated=_now(), database=database)


def write_report(base: Base, output: Path, fmt: str = "html", database: str = "") -> Path:
    """Write the report; `fmt` is "html" (self-contained) or "md"."""
    render = render_html if fmt == "html" else render_markdown
    output.write_text(render(base, database or "the knowledge base"), "utf-8")
    return output


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def write_store_report(db: str, output: Path, fmt: str = "html") -> Path:
    """The report of a knowledge base (opened read-only)."""
    from allywatch.report.live import load_base, opened

    with opened(db) as store:
        base = load_base(store)
        location = store.location
    return write_report(base, output, fmt, location)
