"""Ingest: seeds, dev JSON, HTML pages, JSON Lines, bad files and folder order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from allywatch.ingest import (
    IngestError,
    ReadError,
    article_from_json,
    read_article,
    read_html,
    read_paths,
    read_text_article,
    validate_published,
)
from allywatch.ingest.published import find_dateline, parse_timestamp, resolve_published, to_iso
from allywatch.model.article import Article

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds"
DEV = sorted((SHARED / "eval" / "dev").glob("*.json"))
LEVERAGE = SEEDS / "yomiuri-us-leverage-japan-2026-01-17.txt"
NEW_ERA = SEEDS / "yomiuri-new-security-era.txt"
HEGSETH_CAPTION = (
    "Defense Secretary Pete Hegseth, left, welcomes Japanese Defense Minister Shinjiro Koizumi "
    "to the Pentagon on Thursday in Washington."
)
NSS_CAPTION = "The U.S. National Security Strategy released in December"
FURNITURE = ("Related Tags", "JN ACCESS RANKING", "LDP Wins", "Top Articles", "Measles")

needs_shared = pytest.mark.skipif(not SEEDS.is_dir(), reason="shared/ is not beside the repo")


def _page(body: str, head: str = "", aside: str = "") -> str:
    """A realistic news page: nav, article with a figure, a related-links box, a footer."""
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">{head}
<title>U.S. Looks to Leverage Japan as Counterweight to China - The Japan News</title>
<meta property="og:title" content="U.S. Looks to Leverage Japan as Counterweight to China">
<meta property="og:site_name" content="The Japan News"></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/politics/">Politics</a></li></ul></nav>
<article><h1>U.S. Looks to Leverage Japan as Counterweight to China</h1>
<figure><img src="/p.jpg" alt=""><figcaption>{HEGSETH_CAPTION}</figcaption></figure>
{body}</article>{aside}
<footer><p>Copyright The Yomiuri Shimbun. All rights reserved.</p></footer></body></html>"""


def _seed_paragraphs() -> str:
    text = read_article(LEVERAGE).text
    return "".join(f"<p>{para}</p>\n" for para in text.split("\n\n")[1:])


RELATED = """<aside class="related"><h2>Related Articles</h2><ul>
<li><a href="/a">LDP Wins Historic Landslide Victory</a></li>
<li><a href="/b">Japan Tourism Agency Calls for Measures Against Overtourism</a></li>
</ul></aside>"""


# --- the seeds --------------------------------------------------------------------------------


@needs_shared
def test_ingest_seed_leverage_reads_head_and_body() -> None:
    article = read_article(LEVERAGE)
    assert article.title == "U.S. Looks to Leverage Japan as Counterweight to China"
    assert article.source is None  # this seed has no publisher line
    assert article.published == "2026-01-17T07:05:00+09:00"
    assert article.published_inferred is False
    assert article.dateline == "WASHINGTON"
    assert article.captions == (HEGSETH_CAPTION,)
    assert article.text.startswith(HEGSETH_CAPTION + "\n\nWASHINGTON — In a speech")
    assert article.text.endswith("“economic and geopolitical battleground.”")


@needs_shared
@pytest.mark.parametrize("furniture", (*FURNITURE, "7:05 JST", "Counterweight to China"))
def test_ingest_seed_leverage_text_has_no_furniture_or_head(furniture: str) -> None:
    assert furniture not in read_article(LEVERAGE).text


@needs_shared
def test_ingest_seed_paragraphs_are_blank_line_separated() -> None:
    text = read_article(LEVERAGE).text
    assert len(text.split("\n\n")) == 7  # caption + six body paragraphs
    assert "\n\n\n" not in text


@needs_shared
def test_ingest_seed_new_era_undated() -> None:
    article = read_article(NEW_ERA)
    assert article.title is not None and article.title.startswith("New Security Era: Japan Must")
    assert article.source == "The Yomiuri Shimbun"
    assert article.captions == (NSS_CAPTION,)
    assert article.text.startswith(NSS_CAPTION + "\n\nThe security environment")
    assert "The Yomiuri Shimbun" not in article.text
    assert (article.published, article.published_inferred) == (None, True)
    assert article.dateline is None


@needs_shared
@pytest.mark.parametrize(
    ("path", "expected"),
    [(NEW_ERA, ("2026-01-01", True)), (LEVERAGE, ("2026-01-01", False))],
)
def test_ingest_seed_published_option(path: Path, expected: tuple[str, bool]) -> None:
    article = read_article(path, published="2026-01-01")
    assert (article.published, article.published_inferred) == expected


@needs_shared
def test_ingest_seed_same_text_same_id() -> None:
    pasted = read_text_article(LEVERAGE.read_text(encoding="utf-8").replace("\n", "\r\n"))
    assert pasted.id == read_article(LEVERAGE).id
    assert pasted.text == read_article(LEVERAGE).text


# --- the dev set (JSON) -----------------------------------------------------------------------


@needs_shared
@pytest.mark.parametrize("path", DEV, ids=lambda p: p.stem)
def test_ingest_dev_json_text_and_date_unchanged(path: Path) -> None:
    raw = json.loads(path.read_text(encoding="utf-8"))
    article = read_article(path)
    assert article.text == raw["text"]
    assert article.published == raw["published"]
    assert article.published_inferred == raw["published_inferred"]
    assert (article.title, article.source, article.url) == (raw["title"], raw["source"], raw["url"])
    for fact in raw["gold"].get("events", []):
        start, end = fact["span"]
        assert article.text[start:end] == fact["sentence"]


@needs_shared
@pytest.mark.parametrize(
    ("stem", "dateline"),
    [("04", "SEOUL"), ("06", "Singapore"), ("07", "New Delhi"), ("10", "WASHINGTON"),
     ("13", "Beijing"), ("15", "Tokyo"), ("01", None), ("12", None)],
)  # fmt: skip
def test_ingest_dev_json_dateline(stem: str, dateline: str | None) -> None:
    assert read_article(SHARED / "eval" / "dev" / f"{stem}.json").dateline == dateline


# --- timestamps, datelines, the published option ----------------------------------------------


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("7:05 JST, January 17, 2026", "2026-01-17T07:05:00+09:00"),
        ("January 17, 2026", "2026-01-17"),
        ("2026-01-17", "2026-01-17"),
        ("Jan. 17, 2026 7:05 JST", "2026-01-17T07:05:00+09:00"),
        ("17 January 2026 07:05 KST", "2026-01-17T07:05:00+09:00"),
        ("Updated: Saturday, January 17, 2026 at 7:05 p.m. ET", "2026-01-17T19:05:00-05:00"),
        ("July 4, 2025 10:00 ET", "2025-07-04T10:00:00-04:00"),
        ("Sept. 3, 2025, 12:30 a.m. AEST", "2025-09-03T00:30:00+10:00"),
        ("March 1, 2026 08:00 UTC", "2026-03-01T08:00:00+00:00"),
        ("2026-01-17T07:05:00+09:00", "2026-01-17T07:05:00+09:00"),
        ("On January 17, 2026 the ministers met.", None),
        ("Jan 17, 2026 7:05 XYZ", None),
        ("2026-02-30", None),
        ("Taiwan by 2027", None),
    ],
)
def test_ingest_timestamp_lines(line: str, iso: str | None) -> None:
    assert to_iso(line) == iso


def test_ingest_timestamp_needs_whole_line() -> None:
    assert parse_timestamp("The talks were held on Jan. 2, 2026 in Tokyo") is None


@pytest.mark.parametrize(
    ("paragraph", "place"),
    [
        ("WASHINGTON — In a speech", "WASHINGTON"),
        ("TOKYO (Reuters) - Japan said", "TOKYO"),
        ("SEOUL--South Korean President", "SEOUL"),
        ("UNITED NATIONS — The council", "UNITED NATIONS"),
        ("Singapore: US Defence Secretary", "Singapore"),
        ("New Delhi, May 5 (Jiji Press)--Japanese", "New Delhi"),
        ("Premier Cho Jung-tai (卓榮泰) yesterday told", None),
        ("Update: the ministers met", None),
        ("NATO’s updated target", None),
    ],
)
def test_ingest_dateline(paragraph: str, place: str | None) -> None:
    assert find_dateline(paragraph) == place


@pytest.mark.parametrize("bad", ["17/01/2026", "2026-13-01", "yesterday", "2026-1-7", ""])
def test_ingest_published_option_is_validated(bad: str) -> None:
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        validate_published(bad)
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        read_paths([LEVERAGE], published=bad)


@pytest.mark.parametrize(
    ("found", "given", "expected"),
    [
        (None, None, (None, True)),
        ("2026-01-17", None, ("2026-01-17", False)),
        (None, "2026-01-01", ("2026-01-01", True)),
        ("2026-01-17", "2026-01-01", ("2026-01-01", False)),
    ],
)
def test_ingest_resolve_published(
    found: str | None, given: str | None, expected: tuple[str | None, bool]
) -> None:
    assert resolve_published(found, given) == expected


# --- pasted text ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Japan, Australia deepen ties\nThe Korea Herald\nMarch 3, 2026\n\nTOKYO — The two met.",
        "Japan, Australia deepen ties\r\n\r\n\r\n\r\nBy Jane Doe\r\nMarch 3, 2026\r\n"
        "TOKYO — The two met.   \r\n",
    ],
)
def test_ingest_pasted_text(text: str) -> None:
    article = read_text_article(text)
    assert article.title == "Japan, Australia deepen ties"
    assert article.text == "TOKYO — The two met."
    assert (article.published, article.dateline) == ("2026-03-03", "TOKYO")


def test_ingest_pasted_body_without_headline_keeps_first_paragraph() -> None:
    text = "Japan and Australia agreed on Monday to expand drills.\n\nThe talks were in Tokyo."
    article = read_text_article(text)
    assert article.title is None
    assert article.text == text


def test_ingest_pasted_text_drops_inline_furniture() -> None:
    text = "Headline here\n\nFirst paragraph.\n\nAdvertisement\n\nRead more: Other story\n\nLast."
    assert read_text_article(text).text == "First paragraph.\n\nLast."


# --- HTML -------------------------------------------------------------------------------------


@needs_shared
@pytest.mark.parametrize(
    ("head", "body_extra", "published"),
    [
        ("", '<time datetime="2026-01-17T07:05:00+09:00">7:05 JST, January 17, 2026</time>',
         "2026-01-17T07:05:00+09:00"),
        ('<meta property="article:published_time" content="2026-01-16T22:05:00Z">', "",
         "2026-01-16T22:05:00Z"),
        ('<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", '
         '"datePublished": "2026-01-17T07:05:00+09:00"}]}</script>', "",
         "2026-01-17T07:05:00+09:00"),
    ],
)  # fmt: skip
def test_ingest_html_page(head: str, body_extra: str, published: str) -> None:
    html = _page(body_extra + _seed_paragraphs(), head=head, aside=RELATED)
    article = read_html(html)
    assert article.title == "U.S. Looks to Leverage Japan as Counterweight to China"
    assert article.source == "The Japan News"
    assert (article.published, article.published_inferred) == (published, False)
    assert article.captions == (HEGSETH_CAPTION,)
    assert article.text == read_article(LEVERAGE).text
    assert article.dateline == "WASHINGTON"


@needs_shared
def test_ingest_html_file_without_date(tmp_path: Path) -> None:
    page = tmp_path / "page.htm"
    page.write_text(_page(_seed_paragraphs(), aside=RELATED), encoding="utf-8")
    article = read_article(page, published="2026-01-17")
    assert (article.published, article.published_inferred) == ("2026-01-17", True)
    assert not any(marker in article.text for marker in FURNITURE)


def test_ingest_html_without_body_is_an_error(tmp_path: Path) -> None:
    page = tmp_path / "empty.html"
    page.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    [error] = read_paths([page])
    assert isinstance(error, ReadError) and "no article text" in error.reason


def test_ingest_html_declared_charset(tmp_path: Path) -> None:
    page = tmp_path / "latin.html"
    para = "<p>Le ministre a rencontré son homologue à Tokyo lundi pour parler de défense.</p>"
    html = '<html><head><meta charset="windows-1252"><title>Défense</title></head><body>'
    page.write_bytes((html + para * 3 + "</body></html>").encode("cp1252"))
    assert "rencontré" in read_article(page).text


# --- JSON and JSON Lines ----------------------------------------------------------------------


def test_ingest_json_object_fields() -> None:
    obj = {"text": "TOKYO — Talks.\n", "title": "T", "published": "January 5, 2026",
           "published_inferred": True, "id": "x", "gold": {}}  # fmt: skip
    article = article_from_json(obj)
    assert (article.text, article.title, article.published) == (
        "TOKYO — Talks.\n",
        "T",
        "2026-01-05",
    )
    assert (article.published_inferred, article.dateline) == (True, "TOKYO")


def test_ingest_jsonl_names_bad_lines(tmp_path: Path) -> None:
    lines = [json.dumps({"text": "One."}), "", "{oops", json.dumps({"title": "no text"}),
             json.dumps({"text": "Two.", "published": "2026-01-02"})]  # fmt: skip
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    results = list(read_paths([path], published="2026-02-01"))
    assert [r.text for r in results if isinstance(r, Article)] == ["One.", "Two."]
    assert [r.published for r in results if isinstance(r, Article)] == ["2026-02-01"] * 2
    assert [r.path for r in results if isinstance(r, ReadError)] == [f"{path}:3", f"{path}:4"]
    with pytest.raises(IngestError, match=r"batch\.jsonl:3: invalid JSON"):
        read_article(path)
    path.write_text("\n".join(lines[:1] + lines[-1:]), encoding="utf-8")
    with pytest.raises(IngestError, match="holds 2 articles"):
        read_article(path)


# --- bad files --------------------------------------------------------------------------------


BAD_FILES = [
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
    ("controls.txt", bytes(range(1, 9)) * 40, "binary data"),
    ("doc.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "binary data"),
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b" \n\t\r\n  ", "empty file"),
    ("latin1.txt", "Headline\n\nDéfense à Tokyo.".encode("latin-1"), "cannot decode"),
    ("list.json", b"[1, 2]", "not an article"),
    ("notext.json", b'{"title": "x"}', "not an article"),
    ("broken.json", b'{"text": "x",', "invalid JSON (line 1"),
    ("baddate.json", b'{"text": "x", "published": "soon"}', "'published' is not a date"),
    ("headline.txt", b"Only a headline\n", None),
]


@pytest.mark.parametrize(("name", "data", "reason"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_ingest_bad_file_is_one_error(
    tmp_path: Path, name: str, data: bytes, reason: str | None
) -> None:
    (tmp_path / name).write_bytes(data)
    good = tmp_path / "z-good.txt"
    good.write_text("Headline\n\nTOKYO — Japan and Australia met.", encoding="utf-8")
    results = list(read_paths([tmp_path / name, good]))
    if reason is None:  # a lone line is read as a one-paragraph body, not dropped
        assert isinstance(results[0], Article)
        return
    error = results[0]
    assert isinstance(error, ReadError) and reason in error.reason
    assert error.message == f"error: {tmp_path / name}: {error.reason}"
    assert "\n" not in error.message
    assert isinstance(results[1], Article)


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8-sig", b""), ("utf-16", b""), ("utf-16-be", b"\xfe\xff"), ("utf-8", b"")],
)
def test_ingest_decodes_with_bom(tmp_path: Path, encoding: str, bom: bytes) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(bom + "Headline\n\nDéfense “talks” in Tokyo.".encode(encoding))
    assert read_article(path).text == "Défense “talks” in Tokyo."


def test_ingest_missing_and_large_files(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * (1_100_000))
    results = list(read_paths([tmp_path / "missing.txt", big]))
    assert [r.reason for r in results if isinstance(r, ReadError)] == [
        "no such file",
        "too large (5.5 MB; limit 5 MB)",
    ]
    with pytest.raises(IngestError, match=r"missing\.txt: no such file"):
        read_article(tmp_path / "missing.txt")


# --- folders ----------------------------------------------------------------------------------


def test_ingest_folder_order_recursive_skips_hidden(tmp_path: Path) -> None:
    for name in ["b.txt", "a.json", "sub/c.html", ".hidden.txt", ".git/d.txt", "e.bin", "f.md"]:
        path = tmp_path / name
        path.parent.mkdir(exist_ok=True)
        path.write_text("x")
    (tmp_path / "a.json").write_text('{"text": "A."}')
    (tmp_path / "b.txt").write_text("Headline B\n\nB body.")
    (tmp_path / "sub" / "c.html").write_text(_page("<p>" + "C body sentence here. " * 8 + "</p>"))
    results = list(read_paths([tmp_path]))
    assert [Path(r.path or "").name for r in results if isinstance(r, Article)] == [
        "a.json",
        "b.txt",
        "c.html",
    ]
