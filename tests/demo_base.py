"""Knowledge bases for the web, report and browser tests, built once per test process.

The demo base is what `make demo` builds: the seeds and the official releases, extracted by the
real pipeline and stored by the real store. The hostile base holds articles written to attack
a page (script tags, event-handler attributes, javascript: links, look-alike quotes).
"""

from __future__ import annotations

import json
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from conftest import OFFICIAL, SEEDS

from allywatch.report.source import Base

HOSTILE_ARTICLES = [
    {
        "title": "<script>window.__pwned = 'title'</script>Defense talks",
        "published": "2026-01-20",
        "source": "<img src=x onerror=\"window.__pwned='source'\">",
        "url": "javascript:window.__pwned='url'",
        "text": (
            "TOKYO — Japanese Defense Minister Shinjiro Koizumi met U.S. Secretary of Defense "
            "Pete Hegseth in Tokyo on Jan. 19. <script>window.__pwned = 'text'</script> "
            "Koizumi said Japan would raise its defense budget to 9 trillion yen "
            "<img src=x onerror=\"window.__pwned='img'\"> in fiscal 2026.\n\n"
            "A reader clicked <a href=\"javascript:window.__pwned='link'\">this link</a> and "
            "saw ＜script＞ look-alikes | pipes | and “quotes” — nothing ran."
        ),
    },
]


def _build(folder: Path, inputs: list[Path], name: str) -> Path:
    from allywatch.pipeline import extract_paths
    from allywatch.store import open_store

    document, failures = extract_paths(inputs)
    assert not failures, failures
    path = folder / name
    with open_store(path) as store:
        store.add_document(document)
    return path


@cache
def demo_db() -> Path:
    """The seeds and the official releases in a fresh SQLite base."""
    folder = Path(tempfile.mkdtemp(prefix="allywatch-demo-"))
    return _build(folder, [SEEDS, OFFICIAL], "demo.db")


@cache
def hostile_db() -> Path:
    """A base of articles that try to run script in a page that shows them."""
    folder = Path(tempfile.mkdtemp(prefix="allywatch-hostile-"))
    for number, article in enumerate(HOSTILE_ARTICLES):
        (folder / f"hostile-{number}.json").write_text(json.dumps(article), "utf-8")
    return _build(folder, sorted(folder.glob("hostile-*.json")), "hostile.db")


def koizumi_hegseth(base: Base) -> dict[str, Any]:
    """The merged event of the Pentagon meeting of 15 January 2026."""

    def names(event: dict[str, Any]) -> str:
        return " ".join(a.get("name") or "" for a in event["actors"])

    found = [
        e
        for e in base.events
        if e["event_type"] == "CONSULT" and "Koizumi" in names(e) and "Hegseth" in names(e)
    ]
    assert found, "the Koizumi–Hegseth meeting is not in the demo base"
    return found[0]


def page_paths(base: Base) -> dict[str, str]:
    """One path per page, on real ids of the demo base."""
    person = next(p["id"] for p in base.people if "Koizumi" in p["name"])
    return {
        "overview": "/",
        "article": f"/articles/{base.articles[0]['id']}",
        "person": f"/people/{person}",
        "state": "/states/JPN",
        "events": "/events",
        "network": "/network",
        "money": "/money",
        "map": "/map",
        "search": "/search?q=Koizumi",
    }


def twin_path(path: str) -> str:
    route, _, query = path.partition("?")
    return ("/index" if route == "/" else route) + ".json" + (f"?{query}" if query else "")
