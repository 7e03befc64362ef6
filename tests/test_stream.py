"""Streaming input: JSON Lines (gzipped too), stdin, folders; memory flat on large input."""

from __future__ import annotations

import gzip
import io
import json
from itertools import islice
from pathlib import Path

import pytest
from conftest import DEV, SEED_LEVERAGE, dev_article

from allywatch.ingest.decode import MAX_BYTES
from allywatch.ingest.errors import ReadError
from allywatch.ingest.stream import STDIN, stream_paths
from allywatch.model.article import Article


def _dev_lines(numbers: range) -> list[str]:
    return [json.dumps(dev_article(n), ensure_ascii=False) for n in numbers]


class CountingReader(io.RawIOBase):
    """A byte stream that remembers how much of it was read."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        chunk = self._data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        self.consumed += len(chunk)
        return len(chunk)


def test_stream_gzipped_jsonl_matches_the_dev_files(tmp_path: Path) -> None:
    archive = tmp_path / "dev.jsonl.gz"
    archive.write_bytes(gzip.compress(("\n".join(_dev_lines(range(1, 16))) + "\n").encode()))
    streamed = list(stream_paths([archive]))
    from_files = list(stream_paths([DEV]))
    assert [a.text for a in streamed] == [a.text for a in from_files]
    assert [a.published for a in streamed] == [a.published for a in from_files]
    assert streamed[2].path == f"{archive}:3"


def test_stream_reports_bad_lines_by_number_and_goes_on(tmp_path: Path) -> None:
    lines = [*_dev_lines(range(1, 2)), "", "{not json", '["a list"]', *_dev_lines(range(2, 3))]
    archive = tmp_path / "mixed.jsonl"
    archive.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = list(stream_paths([archive]))
    assert [type(r).__name__ for r in results] == ["Article", "ReadError", "ReadError", "Article"]
    assert [r.path for r in results if isinstance(r, ReadError)] == [
        f"{archive}:3",
        f"{archive}:4",
    ]


def test_stream_refuses_an_oversized_line_without_holding_it(tmp_path: Path) -> None:
    giant = json.dumps({"text": "word " * (MAX_BYTES // 5 + 10)})
    archive = tmp_path / "giant.jsonl"
    archive.write_text(giant + "\n" + _dev_lines(range(7, 8))[0] + "\n", encoding="utf-8")
    first, second = stream_paths([archive])
    assert isinstance(first, ReadError) and "line too long" in first.reason
    assert isinstance(second, Article) and second.text == dev_article(7)["text"]


def test_stream_reads_stdin_lazily() -> None:
    body = ("\n".join(_dev_lines(range(1, 16)) * 20) + "\n").encode()
    reader = CountingReader(body)
    taken = list(islice(stream_paths([STDIN], stdin=reader), 2))  # type: ignore[arg-type]
    assert [a.text for a in taken] == [dev_article(1)["text"], dev_article(2)["text"]]
    assert reader.consumed < len(body) / 20


def test_stream_reads_a_plain_text_article_from_stdin() -> None:
    data = SEED_LEVERAGE.read_bytes()
    (article,) = stream_paths([STDIN], published="2026-01-17", stdin=io.BytesIO(data))
    assert isinstance(article, Article)
    assert article.path == STDIN and article.published == "2026-01-17"
    assert "Japan" in article.text


def test_stream_walks_folders_with_jsonl_archives(tmp_path: Path) -> None:
    (tmp_path / "b.json").write_text(_dev_lines(range(3, 4))[0], encoding="utf-8")
    with gzip.open(tmp_path / "a.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write("\n".join(_dev_lines(range(1, 3))) + "\n")
    (tmp_path / ".hidden.jsonl").write_text(_dev_lines(range(4, 5))[0], encoding="utf-8")
    texts = [a.text for a in stream_paths([tmp_path]) if isinstance(a, Article)]
    assert texts == [dev_article(n)["text"] for n in (1, 2, 3)]


def test_stream_names_a_broken_gzip_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.jsonl.gz"
    broken.write_bytes(b"\x1f\x8b\x08\x00 not really gzip")
    (error,) = stream_paths([broken])
    assert isinstance(error, ReadError) and error.path == str(broken)


def test_stream_checks_published_at_once() -> None:
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        stream_paths([DEV], published="17 January")
