"""Hostile inputs for tests/test_fuzz.py: hypothesis strategies for JSON, HTML and text in
odd encodings, and a catalogue of known troublemakers with the outcome each must have.

Kept beside the oracle so that the test module stays about the campaign itself.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path

import oracle
from hypothesis import strategies as st

# --- strategies -------------------------------------------------------------------------------


def text_in_some_encoding() -> st.SearchStrategy[bytes]:
    """Any text, saved in an encoding the readers may accept (UTF-8/16) or must refuse."""
    encodings = ("utf-8", "utf-16-le", "utf-16-be", "utf-16", "utf-32", "latin-1", "cp1252")
    return st.builds(
        lambda text, encoding: text.encode(encoding, errors="ignore"),
        st.text(max_size=600),
        st.sampled_from(encodings),
    )


JSON_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=40),
    st.sampled_from(oracle.real_texts()),
)
JSON_VALUES = st.recursive(
    JSON_LEAVES,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
_RAWJSON_VALUES = (
    "1e999",
    "-1e999",
    "9" * 5000,
    "NaN",
    "Infinity",
    '"\\ud800"',
    '"\\udfff\\ud800"',
    '"Japan met China\\u0000 on Thursday."',
    "[" * 5000 + "]" * 5000,
    '{"text": {"text": "nested"}}',
)


@st.composite
def hostile_json(draw: st.DrawFn) -> bytes:
    """A JSON article object whose fields hold any JSON value, sometimes raw trouble."""
    fields = {
        key: draw(JSON_VALUES)
        for key in draw(st.sets(st.sampled_from(("title", "published", "captions", "url"))))
    }
    fields["text"] = draw(st.sampled_from(oracle.real_texts()) | JSON_VALUES)
    text = json.dumps(fields, ensure_ascii=draw(st.booleans()))
    if draw(st.booleans()):
        key = draw(st.sampled_from(sorted(fields)))
        raw = draw(st.sampled_from(_RAWJSON_VALUES))
        text = text.replace(f'"{key}": ', f'"{key}": {raw}, "was_{key}": ', 1)
    return text.encode("utf-8", errors="surrogatepass")


@st.composite
def hostile_html(draw: st.DrawFn) -> bytes:
    """Tags nested and left open, entities, scripts and comments around real paragraphs."""
    pieces = draw(
        st.lists(
            st.sampled_from(
                (
                    "<div>",
                    "</div>",
                    "<p>",
                    "</p>",
                    "<figure><figcaption>",
                    "</figcaption></figure>",
                    "<script>",
                    "</script>",
                    '<script type="application/ld+json">{"datePublished": "2026-01-17T07:05+09:00"',
                    "<!--",
                    "-->",
                    "<![CDATA[",
                    "<table><tr><td>",
                    '<time datetime="2026-02-30">',
                    '<meta property="article:published_time" content="Thursday">',
                    "<br/>",
                    "<",
                    "&",
                    *oracle.FRAGMENTS[:30],
                    *oracle.real_texts()[:6],
                )
            ),
            max_size=60,
        )
    )
    return ("<html><body>" + "".join(pieces)).encode("utf-8")


SENTENCE_PARTS = st.one_of(
    st.sampled_from(oracle.real_words()),
    st.sampled_from(oracle.FRAGMENTS),
    st.text(max_size=12),
)


# --- the known troublemakers, each with its expected outcome ----------------------------------


def seed_bytes() -> bytes:
    return Path(oracle.SHARED, "seeds", "yomiuri-us-leverage-japan-2026-01-17.txt").read_bytes()


def page(body: str, head: str = "", charset: bytes = b"") -> bytes:
    """A page; with `charset`, "é" is written as that one byte (Latin-1, not UTF-8)."""
    page = f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>".encode()
    return page.replace("é".encode(), b"\xe9") if charset else page


STORY = (
    "<p>Defense Minister Shinjiro Koizumi met Secretary of Defense Pete Hegseth on Thursday.</p>"
)
CAFE_CAPTION = "Koizumi at the café, left, in Washington"
ENTITIES = (
    "<p>AT&amp;T &lt;b&gt; &#x1F600; &#0; &#xD800; &bogus; &#99999999; "
    "said Japan&rsquo;s minister on Thursday.</p>"
)
RTL_TEXT = (
    "Allies Meet\n\n"
    "TOKYO — Japan and the Philippines signed an agreement\u200b on Monday 👍🏽🇯🇵. "
    "وزير الدفاع الياباني التقى نظيره الفلبيني في طوكيو.\u202e reversed \u202c"
    " The deal, worth ¥1\u00a0trillion, covers 5% of GDP.\u2028Next line\u200d."
)
JAPAN = b'{"text": "Japan met China."'

# file name -> (the bytes, the expected error reason, or None for an article)
TROUBLEMAKERS: dict[str, tuple[Callable[[], bytes], str | None]] = {
    "empty.txt": (lambda: b"", "empty file"),
    "blank.txt": (lambda: b" \n\t\r\n", "empty file"),
    "nul.txt": (lambda: b"\x00" * 100, "not an article (binary data)"),
    "nul-inside.txt": (
        lambda: seed_bytes()[:500] + b"\x00" + seed_bytes()[500:],
        "not an article (binary data)",
    ),
    "pdf.txt": (lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "not an article (binary data)"),
    "noise.bin": (lambda: random.Random(9).randbytes(4096), "not an article (binary data)"),
    "invalid-utf8.txt": (
        lambda: seed_bytes()[:300] + b"\xff\xfe\xc3" + seed_bytes()[300:],
        "cannot decode text (not UTF-8 or UTF-16; save it as UTF-8)",
    ),
    "utf16-le-no-bom.txt": (lambda: seed_bytes().decode().encode("utf-16-le"), None),
    "utf16-be-no-bom.txt": (lambda: seed_bytes().decode().encode("utf-16-be"), None),
    "10mb-line.txt": (lambda: b"Japan met China. " * 620_000, "too large (10.5 MB; limit 5 MB)"),
    "4mb-line.txt": (
        lambda: b"word " * 800_000,
        "text too long (3,999,999 characters; limit 100,000)",
    ),
    "emoji-run.txt": (
        lambda: ("Allies\n\nJapan met China " + "👍" * 5000 + " on Monday.").encode(),
        "not prose (a run of 5,000 characters without a space)",
    ),
    "emoji-tokens.txt": (
        lambda: ("Japan met China. " + "👍🏽 " * 12_000).encode(),
        "text too long (24,004 words and symbols; limit 20,000)",
    ),
    "nested-10000.html": (
        lambda: page("<div>" * 10_000 + STORY + "</div>" * 10_000),
        "no article text found in the page",  # libxml2 stops at depth 256
    ),
    "nested-200.html": (lambda: page("<div>" * 200 + STORY + "</div>" * 200), None),
    "entities.html": (lambda: page(ENTITIES), None),
    "rtl-emoji.txt": (lambda: RTL_TEXT.encode(), None),
    "surrogate.json": (
        lambda: b'{"text": "Japan \\ud800 met China."}',
        "text holds invalid Unicode (lone surrogate '\\ud800' at 6)",
    ),
    "surrogate-title.json": (
        lambda: JAPAN + b', "title": "\\udc00"}',
        "title holds invalid Unicode (lone surrogate '\\udc00' at 0)",
    ),
    "huge-int.json": (
        lambda: JAPAN + b', "published": ' + b"9" * 5000 + b"}",
        "invalid JSON (a number too long to read)",
    ),
    "huge-float.json": (
        lambda: JAPAN + b', "published": 1e999}',
        "'published' is not a date: inf",
    ),
    "wrong-types.json": (
        lambda: b'{"text": ["Japan met China."], "title": {}}',
        "not an article (JSON needs an object with a 'text')",
    ),
    "wrong-types-kept.json": (
        lambda: JAPAN + b', "title": 5, "captions": 3, "url": [], "published_inferred": "no"}',
        None,
    ),
    "deep.json": (lambda: b"[" * 100_000 + b"]" * 100_000, "invalid JSON (nested too deeply)"),
    "charset-undefined.html": (
        lambda: page("<p>café </p>" * 20, '<meta charset="undefined">', b"latin"),
        "cannot decode text as undefined",
    ),
    "charset-escape.html": (
        lambda: page(r"<p>\ud800 café</p>", '<meta charset="unicode_escape">', b"latin"),
        "cannot decode text as unicode_escape",
    ),
    "charset-latin1.html": (
        lambda: page(
            f"<figure><figcaption>{CAFE_CAPTION}</figcaption></figure>{STORY}",
            '<meta charset="iso-8859-1">',
            b"latin",
        ),
        None,
    ),
}
