"""Read articles as a stream: folders, JSON Lines (gzipped too) and stdin, one article at a time.

`read_paths` reads each file whole, which suits single articles but not a JSON Lines archive of a
million articles. Here a `.jsonl` or `.jsonl.gz` file, or JSON Lines on stdin (`-`), is read one
line at a time, so memory stays flat however large the input; a line longer than the per-file
limit is refused (and skipped without being held in memory) like an oversized file. Other files
are handed to `read_paths`, one at a time, so every format keeps its reader.
"""

from __future__ import annotations

import gzip
import io
import json
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO, cast

from allywatch.ingest.decode import MAX_BYTES, decode, looks_binary
from allywatch.ingest.errors import IngestError, ReadError, refuse
from allywatch.ingest.published import validate_published
from allywatch.ingest.readers import SUFFIXES, article_from_json, read_paths, read_text_article
from allywatch.model.article import Article

STDIN = "-"
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")
_SKIP_CHUNK = 1 << 20


def stream_paths(
    paths: Iterable[Path | str],
    published: str | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[Article | ReadError]:
    """Every article under `paths`, read lazily in order; bad files and lines come back as
    `ReadError`, never raised.

    Args:
        paths: files, folders (recursive, sorted, hidden files skipped) or `-` for stdin, which
            holds JSON Lines (first character `{`) or one plain-text article.
        published: a YYYY-MM-DD date that overrides or supplies each article's date.
        stdin: what `-` reads (the process's stdin when None); bytes, decoded as UTF-8.

    Raises:
        ValueError: at once, for a malformed `published`.
    """
    given = validate_published(published) if published is not None else None
    return _stream_all(paths, given, stdin)


def _stream_all(
    paths: Iterable[Path | str], given: str | None, stdin: BinaryIO | None
) -> Iterator[Article | ReadError]:
    for path in paths:
        if str(path) == STDIN:
            yield from read_stdin(stdin or sys.stdin.buffer, given)
            continue
        for file in article_files(Path(path)):
            yield from _read_one(file, given)


def article_files(path: Path) -> Iterator[Path]:
    """A file as given; a folder as its article files, JSON Lines archives included."""
    if not path.is_dir():
        yield path
        return
    for file in sorted(path.rglob("*")):
        hidden = any(part.startswith(".") for part in file.relative_to(path).parts)
        if file.is_file() and not hidden and _is_article_name(file.name):
            yield file


def _is_article_name(name: str) -> bool:
    return name.lower().endswith(SUFFIXES + JSONL_SUFFIXES)


def is_jsonl(path: Path) -> bool:
    """Whether the file is JSON Lines (plain or gzipped), read here line by line."""
    return path.name.lower().endswith(JSONL_SUFFIXES)


def _read_one(file: Path, given: str | None) -> Iterator[Article | ReadError]:
    if not is_jsonl(file):
        yield from read_paths([file], published=given)
        return
    try:
        with _open_binary(file) as handle:
            yield from read_jsonl_lines(handle, str(file), given)
    except (OSError, EOFError, zlib.error) as error:  # gzip.BadGzipFile is an OSError
        yield ReadError(str(file), f"cannot read ({getattr(error, 'strerror', None) or error})")


def _open_binary(file: Path) -> BinaryIO:
    if file.name.lower().endswith(".gz"):
        return gzip.open(file, "rb")  # type: ignore[return-value]  # GzipFile is a BinaryIO
    return file.open("rb")


def read_stdin(handle: BinaryIO, given: str | None) -> Iterator[Article | ReadError]:
    """JSON Lines when the input starts with `{`, otherwise one plain-text article."""
    buffered = handle if isinstance(handle, io.BufferedReader) else _buffered(handle)
    head = buffered.peek(4096)[:4096].lstrip()
    if head.startswith(b"{"):
        yield from read_jsonl_lines(buffered, STDIN, given)
        return
    data = buffered.read(MAX_BYTES + 1)
    try:
        yield _text_article(data, given)
    except IngestError as error:
        yield error.error


def _buffered(handle: BinaryIO) -> io.BufferedReader:
    """A reader that can peek at the input's start without consuming it."""
    return io.BufferedReader(cast(io.RawIOBase, handle))


def _text_article(data: bytes, given: str | None) -> Article:
    """The checks a text file gets (size, encoding, binary data), then the text reader."""
    if len(data) > MAX_BYTES:
        raise refuse(STDIN, "too large (limit 5 MB for one text article)")
    text = decode(data, STDIN)
    if not text.strip():
        raise refuse(STDIN, "empty input")
    if looks_binary(text):
        raise refuse(STDIN, "not an article (binary data)")
    return read_text_article(text, published=given, path=STDIN)


def read_jsonl_lines(
    handle: BinaryIO, name: str, given: str | None
) -> Iterator[Article | ReadError]:
    """One article per non-blank line, named `name:line` in errors; at most one line in memory."""
    number = 0
    while line := handle.readline(MAX_BYTES + 1):
        number += 1
        where = f"{name}:{number}"
        if len(line) > MAX_BYTES and not line.endswith(b"\n"):
            _skip_rest_of_line(handle)
            yield ReadError(where, "line too long (limit 5 MB per article)")
        elif line.strip():
            yield _jsonl_article(line, where, given)


def _jsonl_article(line: bytes, where: str, given: str | None) -> Article | ReadError:
    try:
        return article_from_json(_json_object(line, where), given, path=where)
    except IngestError as error:
        return error.error


def _json_object(line: bytes, where: str) -> Any:
    """The JSON value on one line, or IngestError saying why it is not one."""
    try:
        return json.loads(line.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise refuse(where, "cannot decode text (not UTF-8)") from None
    except json.JSONDecodeError as error:
        raise refuse(where, f"invalid JSON (column {error.colno}: {error.msg})") from None
    except ValueError:  # json.loads refuses integers of more than 4,300 digits
        raise refuse(where, "invalid JSON (a number too long to read)") from None
    except RecursionError:
        raise refuse(where, "invalid JSON (nested too deeply)") from None


def _skip_rest_of_line(handle: BinaryIO) -> None:
    while chunk := handle.readline(_SKIP_CHUNK):
        if chunk.endswith(b"\n"):
            return
