"""`allywatch report`: one self-contained HTML file (or Markdown) with every view of the base."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from demo_base import demo_db, hostile_db
from hypothesis import given
from hypothesis import strategies as st

from allywatch.cli import cli
from allywatch.report.highlight import segments, sentence_id
from allywatch.report.live import load_base, opened
from allywatch.report.report import markdown_escape, render_html, render_markdown


@pytest.fixture(scope="module")
def html() -> str:
    with opened(str(demo_db())) as store:
        return render_html(load_base(store), "demo.db")


def test_report_html_fetches_nothing_and_runs_no_script(html: str) -> None:
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all("script") and not soup.find_all("link")
    assert not soup.find_all(src=True)
    assert not [a for a in soup.find_all(href=True) if not a["href"].startswith("#")]
    assert soup.find("style") is not None and "mark.fact" in soup.find("style").get_text()


def test_report_html_has_every_view_and_every_link_lands(html: str) -> None:
    soup = BeautifulSoup(html, "html.parser")
    for section in ("overview", "events", "network", "money", "map", "articles", "people"):
        assert soup.find(id=f"page-{section}") is not None, section
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    targets = {a["href"][1:] for a in soup.find_all("a", href=True)}
    assert targets and not targets - ids, sorted(targets - ids)[:10]


def test_report_html_marks_each_sentence_of_each_article(html: str) -> None:
    soup = BeautifulSoup(html, "html.parser")
    with opened(str(demo_db())) as store:
        base = load_base(store)
    for fact in base.facts:
        start, end = fact["span"]
        assert soup.find(id=f"a{fact['article']}-s-{start}-{end}") is not None, fact["id"]
    assert len(soup.select("article.reader")) == len(base.articles)


def test_report_markdown_escapes_hostile_text() -> None:
    with opened(str(hostile_db())) as store:
        markdown = render_markdown(load_base(store), "hostile.db")
    assert "<script>" not in markdown and "<img" not in markdown
    assert "&lt;script&gt;window.\\_\\_pwned" in markdown
    rows = [line for line in markdown.splitlines() if line.startswith("| ")]
    widths = {len(re.findall(r"(?<!\\)\|", line)) for line in rows if "pwned" in line}
    assert len(widths) <= 1, "an escaped pipe must not add a table column"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("a|b", "a\\|b"),
        ("<b>x</b>", "&lt;b&gt;x&lt;/b&gt;"),
        ("line\nbreak", "line break"),
        ("[link](javascript:x)", "\\[link\\](javascript:x)"),
        (None, ""),
        (5, "5"),
    ],
)
def test_report_markdown_escape(value: object, expected: str) -> None:
    assert markdown_escape(value) == expected


def test_report_cli_writes_html_and_markdown(tmp_path: Path) -> None:
    runner = CliRunner()
    for name, marker in (("report.html", "<!doctype html>"), ("report.md", "# allywatch report")):
        output = tmp_path / name
        result = runner.invoke(cli, ["report", "--db", str(demo_db()), "-o", str(output)])
        assert result.exit_code == 0, result.output
        assert output.read_text("utf-8").startswith(marker)
    missing = runner.invoke(cli, ["report", "--db", str(tmp_path / "none.db"), "-o", "x.html"])
    assert missing.exit_code != 0 and "Traceback" not in missing.output


@given(
    text=st.text(min_size=0, max_size=60),
    spans=st.lists(st.tuples(st.integers(-5, 70), st.integers(-5, 70)), max_size=8),
)
def test_report_segments_keep_the_text_and_every_sentence_id(
    text: str, spans: list[tuple[int, int]]
) -> None:
    facts = [{"span": list(span), "kind": "event"} for span in spans]
    pieces = segments(text, facts)
    assert "".join(p["text"] for p in pieces) == text
    ids = {p["id"] for p in pieces} | {a for p in pieces for a in p["anchors"]}
    for start, end in spans:
        if 0 <= start < end <= len(text):
            assert sentence_id((start, end)) in ids
