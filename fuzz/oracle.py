"""What every fuzzed input must give, and how inputs are mutated: shared by the hypothesis
campaign (tests/test_fuzz.py) and the atheris harnesses in this folder.

The promise of issue 9: any file yields a facts document that validates against facts-v1, with
every fact's sentence at its span, or one clear error naming the file. The mutators take a
`below(n)` function returning an int in [0, n), so hypothesis (`data.draw`) and atheris
(`FuzzedDataProvider`) drive the same mutations.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from jsonschema import Draft202012Validator

from allywatch.ingest import MAX_TEXT_CHARS, ReadError
from allywatch.model.article import Article
from allywatch.model.facts import FactsDocument
from allywatch.model.facts_json import document_to_dict, json_schema

Below = Callable[[int], int]
T = TypeVar("T")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REAL_SOURCES = (SHARED / "seeds", SHARED / "eval" / "dev", SHARED / "corpus" / "official")
SUFFIXES = (".txt", ".html", ".htm", ".json", ".jsonl", ".md", "")
_ISO_START = re.compile(r"\d{4}-\d{2}-\d{2}")

# Text that has broken parsers before: controls, invisible and directional marks, surrogate
# look-alikes, entities, markup, quotes that never close, numbers too big for a float, and the
# words the extractors key on (money, dates, percentages) in odd places.
FRAGMENTS: tuple[str, ...] = (
    "\x00",
    "\x00" * 64,
    "\x07\x08\x0b\x1b",
    "\u200b",
    "\u200c\u200d\u2060\ufeff",
    "\u202e",
    "\u202d\u202c\u2066\u2069",
    "\u200f\u061c",
    "وزير الدفاع الياباني التقى نظيره الأمريكي في طوكيو يوم الخميس.",
    "שר הביטחון נפגש עם מזכיר ההגנה בוושינגטון.",
    "日本の防衛相は木曜日にワシントンで米国防長官と会談した。",
    "👩‍👩‍👧‍👦🇯🇵🇺🇸🏳️‍🌈👍🏽",
    "e" + "\u0301" * 200,
    "\u2028\u2029\u0085",
    "\r\n\r\n",
    "\n" * 200,
    "\t\f\v",
    "&amp;&lt;&gt;&quot;&#39;&#x1F600;&#0;&#xD800;&#99999999999;&nbsp;&bogus;&amp",
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<![CDATA[ ]]><!-- -->",
    "“",
    "”",
    '"',
    "‘unclosed",
    "«»‹›„",
    "$",
    "¥",
    "US$",
    "NT$",
    "₩",
    "€",
    "$1,785,000,000,000,000,000,000,000,000",
    "9" * 400,
    "1e999",
    "0.000000000000000000001",
    "¥-3 trillion",
    "$.5 billion",
    "5% of GDP",
    "1,000% of GDP",
    "5 percent",
    "on Thursday",
    "last June",
    "Feb. 30, 2026",
    "January 32, 99999",
    "in fiscal 0",
    "WASHINGTON —",
    "Defense Minister",
    "President",
    "said",
    "Japan",
    "NATO",
    "\\ud800",
    "\ufffd",
    "a" * 5000,
    ".",
    "." * 300,
    "?!…",
    "(((((",
    ")))))",
)
PUBLISHED_VALUES: tuple[Any, ...] = (
    None,
    "",
    "2026-01-17",
    "2026-01-17T07:05:00+09:00",
    "2026-02-30",
    "Thursday",
    "January 17, 2026 7:05 ET",
    "0000-00-00",
    "9999-12-31T23:59:59-23:59",
    17,
    1e308,
    True,
    [],
    {},
)


@cache
def real_texts() -> tuple[str, ...]:
    """Article texts from the seeds, the dev set and the official corpus (read as files are)."""
    texts: list[str] = []
    for folder in REAL_SOURCES:
        for path in sorted(folder.glob("*")):
            if path.suffix == ".json":
                texts.append(json.loads(path.read_text("utf-8"))["text"])
            elif path.suffix == ".txt":
                texts.append(path.read_text("utf-8"))
    return tuple(texts) or ("WASHINGTON — Japan and the United States agreed on Thursday.",)


@cache
def real_words() -> tuple[str, ...]:
    """The distinct words of the real texts, so random sentences still wake the extractors."""
    return tuple(sorted({w for t in real_texts() for w in t.split()}))


# --- the oracle -------------------------------------------------------------------------------


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(json_schema())


def check_document(document: FactsDocument) -> dict[str, Any]:
    """The contract form of `document`, once it validates and every fact points at its sentence."""
    data = document_to_dict(document)
    _validator().validate(data)
    json.dumps(data, ensure_ascii=False, allow_nan=False).encode("utf-8")  # strict JSON, UTF-8
    texts = {article["id"]: article["text"] for article in data["articles"]}
    fact_ids = [fact["id"] for fact in data["facts"]]
    assert len(fact_ids) == len(set(fact_ids)), "fact ids repeat"
    for fact in data["facts"]:
        start, end = fact["span"]
        assert fact["sentence"] == texts[fact["article"]][start:end], fact
    assert {check["fact"] for check in data["checks"]} <= set(fact_ids), "check of no fact"
    for person in data["people"]:
        assert set(person["articles"]) <= set(texts), person
    return data


def check_error(error: ReadError, path: Path) -> None:
    """One clear line naming the file (or `file:line` of JSON Lines) and the reason."""
    assert error.path == str(path) or error.path.startswith(f"{path}:"), error
    assert error.message == f"error: {error.path}: {error.reason}", error
    assert error.reason.strip() and "\n" not in error.message, error
    assert len(error.reason) < 300, error


def check_article(article: Article) -> None:
    """An article the pipeline can take: some text, within the limit, all of it storable."""
    assert article.text.strip(), article
    assert len(article.text) <= MAX_TEXT_CHARS
    strings = [article.text, *article.captions]
    strings += [v for v in (article.title, article.source, article.url, article.dateline) if v]
    for value in strings:
        value.encode("utf-8")  # no lone surrogates
    assert article.published is None or _ISO_START.match(article.published), article.published


def check_read(path: Path, results: Sequence[Article | ReadError]) -> None:
    """What `read_paths` gave for one file: articles fit for the pipeline, errors naming it."""
    assert results, f"{path}: neither an article nor an error"
    if path.suffix.lower() != ".jsonl":
        assert len(results) == 1, results
    for result in results:
        if isinstance(result, ReadError):
            check_error(result, path)
        else:
            check_article(result)


def check_outcome(path: Path, document: FactsDocument, failures: Iterable[ReadError]) -> None:
    """What `extract_paths([path])` gave: a valid document, and every input accounted for."""
    failures = list(failures)
    data = check_document(document)
    for error in failures:
        check_error(error, path)
    accounted = len(data["articles"]) + len(failures)
    assert accounted >= 1, f"{path}: neither an article nor an error"
    if path.suffix.lower() != ".jsonl":
        assert accounted == 1, (data["articles"], failures)


# --- mutations --------------------------------------------------------------------------------


def pick(options: Sequence[T], below: Below) -> T:
    """One of `options`, chosen by the fuzzer."""
    return options[below(len(options))]


def _insert_fragment(text: str, below: Below) -> str:
    at = below(len(text) + 1)
    return text[:at] + pick(FRAGMENTS, below) + text[at:]


def _delete_slice(text: str, below: Below) -> str:
    start = below(len(text) + 1)
    return text[:start] + text[start + below(len(text) - start + 1) :]


def _duplicate_slice(text: str, below: Below) -> str:
    start = below(len(text) + 1)
    piece = text[start : start + below(2000)]
    return text[:start] + piece * (1 + below(4)) + text[start:]


def _swap_paragraphs(text: str, below: Below) -> str:
    paragraphs = text.split("\n\n")
    first, second = below(len(paragraphs)), below(len(paragraphs))
    paragraphs[first], paragraphs[second] = paragraphs[second], paragraphs[first]
    return "\n\n".join(paragraphs)


def _truncate(text: str, below: Below) -> str:
    return text[: below(len(text) + 1)]


def _respace(text: str, below: Below) -> str:
    return text.replace(" ", pick(("\u00a0", "\u3000", "\n", "\t", "  ", "\u200b", ""), below))


def _recase(text: str, below: Below) -> str:
    return pick((str.upper, str.lower, str.swapcase, str.title), below)(text)


def _redigit(text: str, below: Below) -> str:
    digit = pick(("0", "9", "٣", "３", "99999999999"), below)
    return re.sub(r"\d", digit, text, count=1 + below(50))


def _random_words(text: str, below: Below) -> str:
    words = real_words()
    added = " ".join(pick(words, below) for _ in range(1 + below(60)))
    at = below(len(text) + 1)
    return text[:at] + added + text[at:]


TEXT_MUTATIONS: tuple[Callable[[str, Below], str], ...] = (
    _insert_fragment,
    _insert_fragment,
    _insert_fragment,
    _delete_slice,
    _duplicate_slice,
    _swap_paragraphs,
    _truncate,
    _respace,
    _recase,
    _redigit,
    _random_words,
)


def mutate_text(text: str, below: Below, rounds: int) -> str:
    """`text` after `rounds` random edits (fragments, cuts, copies, case and spacing)."""
    for _ in range(rounds):
        text = pick(TEXT_MUTATIONS, below)(text, below)
    return text


BYTE_FRAGMENTS: tuple[bytes, ...] = (
    b"\x00",
    b"\xff",
    b"\xc3",  # a UTF-8 lead byte with no continuation
    b"\x80\x80",
    b"\xed\xa0\x80",  # a surrogate encoded as UTF-8
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\x1b[31m",
    b"%PDF-1.7",
    b"\x89PNG\r\n\x1a\n",
    b'<meta charset="shift_jis">',
    b'<meta charset="undefined">',
    b'<meta charset="unicode_escape">',
)


def mutate_bytes(data: bytes, below: Below, rounds: int) -> bytes:
    """`data` after `rounds` byte edits: flips, foreign bytes, cuts and copies."""
    for _ in range(rounds):
        at = below(len(data) + 1)
        choice = below(4)
        if choice == 0 and data:
            flipped = data[min(at, len(data) - 1)] ^ (1 << below(8))
            data = data[:at] + bytes([flipped]) + data[at + 1 :]
        elif choice == 1:
            data = data[:at] + pick(BYTE_FRAGMENTS, below) + data[at:]
        elif choice == 2:
            data = data[:at]
        else:
            data = data[:at] + data[at : at + below(512)] * 2 + data[at:]
    return data


# --- rendering a text as a file ---------------------------------------------------------------


def render(text: str, suffix: str, below: Below) -> bytes:
    """`text` as the bytes of a file with `suffix`: a page, a JSON article, JSON Lines or text."""
    if suffix in (".html", ".htm"):
        return html_page(text, below).encode("utf-8")
    if suffix == ".json":
        return json_article(text, below).encode("utf-8")
    if suffix == ".jsonl":
        lines = (json_article(part, below) for part in text.split("\n\n")[: 1 + below(8)])
        return "\n".join(line.replace("\n", " ") for line in lines).encode("utf-8")
    encoding = pick(("utf-8", "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"), below)
    return text.encode(encoding, errors="surrogatepass")


def json_article(text: str, below: Below) -> str:
    """A JSON article whose other fields are sometimes of the wrong type."""
    fields = {
        "title": pick((None, "Japan, U.S. Agree", 5, [], "\u202eeltit"), below),
        "text": text,
        "published": pick(PUBLISHED_VALUES, below),
        "captions": pick((None, [], ["A caption, left, in Tokyo."], "caption", 3, [1]), below),
        "published_inferred": pick((False, True, "false", None), below),
    }
    return json.dumps(fields, ensure_ascii=bool(below(2)))


def html_page(text: str, below: Below) -> str:
    """A news page around the paragraphs of `text`, nested and escaped in odd ways."""
    escape = html.escape if below(3) else str
    paragraphs = "".join(f"<p>{escape(p)}</p>\n" for p in text.split("\n\n"))
    depth = pick((0, 1, 10, 100, 300), below)
    date = pick(PUBLISHED_VALUES, below)
    return (
        f"<!DOCTYPE html><html><head><meta charset={pick(('utf-8', 'latin-1', 'bogus'), below)}>"
        f'<title>{escape(text[:80])}</title><meta property="article:published_time" '
        f'content="{html.escape(str(date))}"></head><body>{"<div>" * depth}<article>'
        f"<figure><figcaption>{escape(text[:120])}</figcaption></figure>{paragraphs}"
        f"</article>{'</div>' * depth}</body></html>"
    )
