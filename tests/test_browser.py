"""The app in a real browser: Debian's Chromium, headless, driven by Playwright.

One server (uvicorn on a free loopback port, in a thread) and one browser serve the module.
Screenshots of every page go to test-artifacts/. Skipped only when /usr/bin/chromium is missing
(`make system` installs it).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from demo_base import demo_db, hostile_db, koizumi_hegseth, page_paths

from allywatch.report.live import StoreSource
from allywatch.web.app import create_app, warm_up

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = ROOT / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium: make system"),
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """The app served by uvicorn in a daemon thread on 127.0.0.1."""

    def __init__(self, db: Path) -> None:
        import uvicorn

        self.source = StoreSource(str(db))
        app = create_app(self.source)
        warm_up(app)
        self.port = _free_port()
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def demo() -> Iterator[Server]:
    with Server(demo_db()) as server:
        yield server


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    """A fresh page that records console errors and CSP violations."""
    opened = browser.new_page(viewport={"width": 1280, "height": 900})
    opened.errors = []
    opened.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
    opened.on("pageerror", lambda e: opened.errors.append(str(e)))
    yield opened
    opened.close()


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_browser_opens_every_page(demo: Server, page: Any) -> None:
    for name, path in page_paths(demo.source.base()).items():
        response = page.goto(demo.url(path))
        assert response is not None and response.status == 200, path
        assert page.locator("main h1").first.is_visible(), path
        _shot(page, f"page-{name}")
    assert page.errors == []


def test_browser_timeline_click_lands_on_highlighted_sentence(demo: Server, page: Any) -> None:
    meeting = koizumi_hegseth(demo.source.base())
    page.goto(demo.url("/events"))
    page.locator(f'#timeline a[data-event="{meeting["id"]}"]').click()
    page.wait_for_url("**/articles/**")
    fragment = page.evaluate("location.hash").lstrip("#")
    target = page.locator("mark:target, mark:has(.anchor:target)")
    assert target.count() == 1 and target.is_visible()
    assert fragment in (
        target.get_attribute("id"),
        *target.locator(".anchor").evaluate_all("nodes => nodes.map(n => n.id)"),
    )
    text = target.inner_text()
    assert "Koizumi" in text or "Hegseth" in text
    outline = target.evaluate("m => getComputedStyle(m).outlineStyle")
    assert outline == "solid", "the sentence linked to must be highlighted"
    box = target.bounding_box()
    assert box is not None and 0 <= box["y"] < 900, "the sentence must be scrolled into view"
    _shot(page, "timeline-click-koizumi-hegseth")


def test_browser_map_marks_washington(demo: Server, page: Any) -> None:
    koizumi_hegseth(demo.source.base())
    page.goto(demo.url("/map"))
    marker = page.locator('#map-world a.marker[data-location*="Pentagon" i]').first
    assert marker.is_visible()
    svg = page.locator("#map-world").bounding_box()
    dot = marker.bounding_box()
    assert svg is not None and dot is not None
    x = (dot["x"] + dot["width"] / 2 - svg["x"]) / svg["width"]
    y = (dot["y"] + dot["height"] / 2 - svg["y"]) / svg["height"]
    assert abs(x - (-77.05 + 180) / 360) < 0.01 and abs(y - (84 - 38.87) / 144) < 0.01
    _shot(page, "map-washington")


def test_browser_hostile_article_runs_no_script(browser: Any) -> None:
    with Server(hostile_db()) as server:
        page = browser.new_page()
        article = server.source.base().articles[0]
        for path in ("/", f"/articles/{article['id']}", "/search?q=script"):
            page.goto(server.url(path))
            assert page.evaluate("window.__pwned === undefined"), path
            for link in page.locator("a").all():
                assert not (link.get_attribute("href") or "").startswith("javascript:")
        page.goto(server.url(f"/articles/{article['id']}"))
        assert "<script>window.__pwned = 'text'</script>" in page.locator("div.text").inner_text()
        _shot(page, "hostile-article")
        page.close()
