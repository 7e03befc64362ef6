"""Read articles from files: plain text, HTML, a JSON article object, or JSON Lines.

Many files are read in one run, so a bad one (binary, empty, undecodable, too large) becomes a
`ReadError` naming the file and the reason, and the others are still read. Text is never
guessed into mojibake: a file that is not UTF-8 or UTF-16 (or HTML declaring its charset) is
refused, because every fact's span indexes into the text read here.
"""

from __future__ import annotations

import codecs
import json
import logging
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import lxml.html
import trafilatura
from lxml.etree import ParserError

from allywatch.ingest.furniture import (
    Page,
    cut_furniture,
    figure_captions,
    normalise_layout,
    split_page,
)
from allywatch.ingest.published import (
    find_dateline,
    html_published,
    parse_timestamp,
    resolve_published,
    to_iso,
    validate_published,
)
from allywatch.model.article import Article

log = logging.getLogger(__name__)

MAX_BYTES = 5 * 1024 * 1024
SUFFIXES = (".txt", ".html", ".htm", ".json", ".jsonl")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL_RATIO = 0.05
MIN_HTML_WORDS = 5  # a page whose longest block is shorter holds menus, not a story


@dataclass(frozen=True)
class ReadError:
    """A file (or `file:line` of JSON Lines) that gave no article, and why."""

    path: str
    reason: str

    @property
    def message(self) -> str:
        """One line for the terminal: `error: data/x.bin: not an article (binary data)`."""
        return f"error: {self.path}: {self.reason}"


class IngestError(ValueError):
    """Raised by the single-article readers; carries the `ReadError` that `read_paths` yields."""

    def __init__(self, error: ReadError) -> None:
        super().__init__(error.message)
        self.error = error


def read_paths(
    paths: Iterable[Path | str], published: str | None = None
) -> Iterator[Article | ReadError]:
    """Read every article under `paths` (files, or folders read recursively in sorted order).

    Args:
        paths: files or folders; hidden files and unknown suffixes in folders are skipped.
        published: a YYYY-MM-DD date that overrides or supplies each article's date.

    Raises:
        ValueError: at once, for a malformed `published`; bad files are yielded, never raised.
    """
    given = validate_published(published) if published is not None else None
    return _read_all(paths, given)


def _read_all(paths: Iterable[Path | str], given: str | None) -> Iterator[Article | ReadError]:
    for file in expand_paths(paths):
        yield from _read_file(file, given)


def expand_paths(paths: Iterable[Path | str]) -> Iterator[Path]:
    """Files as given, folders as their article files (recursive, sorted, no hidden files)."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if _is_article_file(p, path))
        else:
            yield path


def _is_article_file(path: Path, root: Path) -> bool:
    hidden = any(part.startswith(".") for part in path.relative_to(root).parts)
    return path.is_file() and not hidden and path.suffix.lower() in SUFFIXES


def read_article(path: Path | str, published: str | None = None) -> Article:
    """Read the one article in a file.

    Raises:
        IngestError: the file is not a readable article (or holds several: use `read_paths`).
        ValueError: `published` is not a date.
    """
    given = validate_published(published) if published is not None else None
    results = list(_read_file(Path(path), given))
    errors = [r for r in results if isinstance(r, ReadError)]
    if errors:
        raise IngestError(errors[0])
    if len(results) != 1:
        raise IngestError(ReadError(str(path), f"holds {len(results)} articles; use read_paths"))
    article = results[0]
    assert isinstance(article, Article)
    return article


def _read_file(path: Path, given: str | None) -> list[Article | ReadError]:
    """All articles of one file, or one ReadError for the whole file."""
    try:
        text = _load_text(path)
        if path.suffix.lower() == ".jsonl":
            return list(_read_jsonl(text, path, given))
        return [_parse(text, path, given)]
    except IngestError as error:
        log.info("skipped %s", error.error.message)
        return [error.error]


def _parse(text: str, path: Path, given: str | None) -> Article:
    """Dispatch on the suffix, or on the content for an unknown suffix."""
    kind = _kind(path, text)
    if kind == "json":
        return article_from_json(_load_json(text, str(path)), given, path=str(path))
    if kind == "html":
        return read_html(text, given, path=str(path))
    return read_text_article(text, published=given, path=str(path))


def _kind(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        return "html"
    if suffix == ".json":
        return "json"
    head = text.lstrip()[:200].lower()
    if suffix != ".txt" and head.startswith(("<!doctype html", "<html")):
        return "html"
    return "json" if suffix != ".txt" and head.startswith("{") else "text"


# --- bytes -> text ----------------------------------------------------------------------------


def _load_text(path: Path) -> str:
    """The file's text, or IngestError naming what is wrong with it."""
    data = _load_bytes(path)
    text = _decode(data, path)
    if not text.strip():
        raise IngestError(ReadError(str(path), "empty file"))
    if _looks_binary(text):
        raise IngestError(ReadError(str(path), "not an article (binary data)"))
    return text


def _load_bytes(path: Path) -> bytes:
    name = str(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise IngestError(ReadError(name, "is a folder, not a file"))
        if size > MAX_BYTES:
            raise IngestError(ReadError(name, f"too large ({size / 1e6:.1f} MB; limit 5 MB)"))
        return path.read_bytes()
    except FileNotFoundError:
        raise IngestError(ReadError(name, "no such file")) from None
    except PermissionError:
        raise IngestError(ReadError(name, "cannot read (permission denied)")) from None
    except OSError as error:
        raise IngestError(ReadError(name, f"cannot read ({error.strerror or error})")) from None


def _decode(data: bytes, path: Path) -> str:
    """UTF-8 / UTF-16 by BOM, else strict UTF-8, else a charset the HTML declares."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data, encoding, path)
    if b"\x00" in data[:8192] or data.startswith(b"%PDF"):
        raise IngestError(ReadError(str(path), "not an article (binary data)"))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(data)
    if declared:
        return _strict(data, declared, path)
    reason = "cannot decode text (not UTF-8 or UTF-16; save it as UTF-8)"
    raise IngestError(ReadError(str(path), reason))


def _strict(data: bytes, encoding: str, path: Path) -> str:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        reason = f"cannot decode text as {encoding}"
        raise IngestError(ReadError(str(path), reason)) from None


def _declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first 2 KB (`<meta charset=...>`)."""
    head = data[:2048].decode("ascii", errors="replace").lower()
    marker = head.find("charset=")
    if marker < 0 or "<" not in head:
        return None
    match = re.match(r"[\"' ]*([\w-]{1,40})", head[marker + 8 :])
    return match[1] if match else None


def _looks_binary(text: str) -> bool:
    """More than a few control characters (other than tab, newline, CR, FF) means not text."""
    sample = text[:8192]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\t\n\r\f")
    return controls > _CONTROL_RATIO * len(sample)


# --- plain text -------------------------------------------------------------------------------


def read_text_article(
    text: str,
    published: str | None = None,
    *,
    title: str | None = None,
    source: str | None = None,
    url: str | None = None,
    path: str | None = None,
) -> Article:
    """Read a pasted article: headline, publisher, stamp and captions are found in the text.

    Raises:
        IngestError: nothing is left once the headline and page furniture are taken off.
        ValueError: `published` is not a date.
    """
    given = validate_published(published) if published is not None else None
    page = split_page(text)
    if not page.paragraphs:
        raise IngestError(ReadError(path or "<text>", "no article text found"))
    return _article(page, given, title=title, source=source, url=url, path=path)


def _article(page: Page, given: str | None, **fields: str | None) -> Article:
    """An Article from a split page; keyword fields, when given, win over what was found."""
    found = to_iso(page.published) if page.published else None
    published, inferred = resolve_published(found, given)
    return Article(
        text=page.text,
        title=fields.get("title") or page.title,
        source=fields.get("source") or page.source,
        url=fields.get("url"),
        published=published,
        published_inferred=inferred,
        dateline=find_dateline(page.paragraphs[0]) if page.paragraphs else None,
        path=fields.get("path"),
        captions=page.captions,
    )


# --- HTML -------------------------------------------------------------------------------------


def read_html(html: str, published: str | None = None, *, path: str | None = None) -> Article:
    """Read a news page: trafilatura finds title and body; captions and the full publication
    date-time (which trafilatura cuts to a day) are read from the page here.

    Raises:
        IngestError: the page has no article body.
        ValueError: `published` is not a date.
    """
    given = validate_published(published) if published is not None else None
    name = path or "<html>"
    tree = _html_tree(html, name)
    doc = trafilatura.bare_extraction(
        html, include_comments=False, include_tables=False, with_metadata=True
    )
    fields: dict[str, Any] = doc if isinstance(doc, dict) else doc.as_dict() if doc else {}
    page = _html_page(fields, tree)
    if not any(len(para.split()) >= MIN_HTML_WORDS for para in page.paragraphs):
        raise IngestError(ReadError(name, "no article text found in the page"))
    return _article(page, given, url=fields.get("url"), path=path)


def _html_tree(html: str, name: str) -> Any:
    try:
        return lxml.html.document_fromstring(html.encode("utf-8"))
    except (ParserError, ValueError):
        raise IngestError(ReadError(name, "not an article (unreadable HTML)")) from None


def _html_page(fields: Mapping[str, Any], tree: Any) -> Page:
    """Body paragraphs without the title, stamp lines, captions and end-of-page furniture."""
    title = _str_or_none(fields.get("title"))
    captions = figure_captions(tree)
    lines = normalise_layout(fields.get("text") or "").split("\n")
    skip = {title, *captions}
    kept = [line.strip() for line in lines if line.strip() not in skip]
    body = [line for line in cut_furniture(kept, has_headline=False) if not parse_timestamp(line)]
    published = html_published(tree) or to_iso(fields.get("date") or "")
    source = _str_or_none(fields.get("sitename"))
    return Page(title, source, published, captions, tuple(line for line in body if line))


# --- JSON -------------------------------------------------------------------------------------


def article_from_json(
    obj: Mapping[str, Any], published: str | None = None, *, path: str | None = None
) -> Article:
    """An Article from a JSON object with `text` and optional `title`, `published`, `url`,
    `source`, `published_inferred`, `captions`; other keys (`id`, `gold`) are ignored.

    The text is kept exactly as given (no normalising), so spans computed on it stay valid.

    Raises:
        IngestError: no non-empty `text` string, or a `published` that is not a date.
    """
    name = path or "<json>"
    text = obj.get("text") if isinstance(obj, Mapping) else None
    if not isinstance(text, str) or not text.strip():
        raise IngestError(ReadError(name, "not an article (JSON needs an object with a 'text')"))
    given = validate_published(published) if published is not None else None
    found = _json_published(obj, name)
    value, inferred = resolve_published(found, given, bool(obj.get("published_inferred")))
    return Article(
        text=text,
        title=_str_or_none(obj.get("title")),
        source=_str_or_none(obj.get("source")),
        url=_str_or_none(obj.get("url")),
        published=value,
        published_inferred=inferred,
        dateline=_str_or_none(obj.get("dateline")) or find_dateline(text.lstrip()),
        path=path,
        captions=tuple(c for c in obj.get("captions") or () if isinstance(c, str)),
    )


def _json_published(obj: Mapping[str, Any], name: str) -> str | None:
    raw = obj.get("published")
    if raw is None or raw == "":
        return None
    found = to_iso(raw) if isinstance(raw, str) else None
    if found is None:
        raise IngestError(ReadError(name, f"'published' is not a date: {raw!r}"))
    return found


def _str_or_none(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _load_json(text: str, name: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        reason = f"invalid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        raise IngestError(ReadError(name, reason)) from None


def _read_jsonl(text: str, path: Path, given: str | None) -> Iterator[Article | ReadError]:
    """One article per non-blank line; a bad line is an error named `file:line`."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name = f"{path}:{number}"
        try:
            yield article_from_json(_load_json(line, name), given, path=name)
        except IngestError as error:
            yield error.error
