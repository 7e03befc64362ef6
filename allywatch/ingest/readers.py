"""Read articles from files: plain text, HTML, a JSON article object, or JSON Lines.

Many files are read in one run, so a bad one (binary, empty, undecodable, too large) becomes a
`ReadError` naming the file and the reason, and the others are still read. Text is never
guessed into mojibake: a file that is not UTF-8 or UTF-16 (or HTML declaring its charset) is
refused, because every fact's span indexes into the text read here.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import lxml.html
import trafilatura
from lxml.etree import ParserError

from allywatch.ingest.decode import check_string, check_text, load_text
from allywatch.ingest.errors import IngestError as IngestError  # re-exported
from allywatch.ingest.errors import ReadError as ReadError
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

SUFFIXES = (".txt", ".html", ".htm", ".json", ".jsonl")
MIN_HTML_WORDS = 5  # a page whose longest block is shorter holds menus, not a story


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
        text = load_text(path)
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
    name = path or "<text>"
    return _article(page, given, name, title=title, source=source, url=url, path=path)


def _article(page: Page, given: str | None, name: str, **fields: str | None) -> Article:
    """An Article from a split page; keyword fields, when given, win over what was found."""
    found = to_iso(page.published) if page.published else None
    published, inferred = resolve_published(found, given)
    article = Article(
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
    return checked(article, name)


def checked(article: Article, name: str) -> Article:
    """`article` itself, once its text is fit for the NLP stage (`check_text`), its `published`
    is a date in range, and no string it carries has lone surrogates (which no UTF-8 file, page
    or database can hold)."""
    check_text(article.text, name)
    if article.published is not None:
        _check_published(article.published, name)
    for field in ("title", "source", "url", "dateline"):
        value = getattr(article, field)
        if value is not None:
            check_string(value, name, field)
    for caption in article.captions:
        check_string(caption, name, "caption")
    return article


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
    return _article(page, given, name, url=fields.get("url"), path=path)


def _html_tree(html: str, name: str) -> Any:
    try:
        # The text is decoded already: a `<meta charset>` naming another encoding must not
        # make lxml decode these UTF-8 bytes a second time.
        parser = lxml.html.HTMLParser(encoding="utf-8")
        return lxml.html.document_fromstring(html.encode("utf-8"), parser=parser)
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
    value, inferred = resolve_published(found, given, obj.get("published_inferred") is True)
    article = Article(
        text=text,
        title=_str_or_none(obj.get("title")),
        source=_str_or_none(obj.get("source")),
        url=_str_or_none(obj.get("url")),
        published=value,
        published_inferred=inferred,
        dateline=_str_or_none(obj.get("dateline")) or find_dateline(text.lstrip()),
        path=path,
        captions=_json_captions(obj.get("captions")),
    )
    return checked(article, name)


def _json_captions(value: object) -> tuple[str, ...]:
    """The strings of a `captions` list; anything else (a lone string, a number) is ignored."""
    if not isinstance(value, list):
        return ()
    return tuple(c.strip() for c in value if isinstance(c, str) and c.strip())


def _check_published(value: str, name: str) -> None:
    """An article built in code may carry any string: relative dates need a real one."""
    try:
        validate_published(value)
    except ValueError as error:
        raise IngestError(ReadError(name, str(error))) from None


def _json_published(obj: Mapping[str, Any], name: str) -> str | None:
    raw = obj.get("published")
    if raw is None or raw == "":
        return None
    found = to_iso(raw) if isinstance(raw, str) else None
    if found is None:
        raise IngestError(ReadError(name, f"'published' is not a date: {_shown(raw)}"))
    return found


def _shown(value: object, limit: int = 60) -> str:
    """`repr(value)`, cut short: an error message must stay one readable line."""
    text = repr(value) if not isinstance(value, (list, dict)) else type(value).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _str_or_none(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _load_json(text: str, name: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        reason = f"invalid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        raise IngestError(ReadError(name, reason)) from None
    except ValueError:  # json.loads refuses integers of more than 4,300 digits
        raise IngestError(ReadError(name, "invalid JSON (a number too long to read)")) from None
    except RecursionError:
        raise IngestError(ReadError(name, "invalid JSON (nested too deeply)")) from None


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
