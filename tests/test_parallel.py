"""`ingest --workers N`: the same store as a plain ingest, bounded memory, resumable."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import DEV, dev_article

from allywatch.cli import cli
from allywatch.model.article import Article
from allywatch.store import open_store
from allywatch.store.export import write_json
from allywatch.store.ingest import ingest_paths
from allywatch.store.parallel import ProcessMapper, ordered_window

RUN_KEYS = {"run_id", "run", "ingested_at", "started_at", "finished_at", "first_run"}


def without_runs(value: Any) -> Any:
    """A value with run ids and timestamps taken out: the parts two ingests may differ in."""
    if isinstance(value, dict):
        return {k: without_runs(v) for k, v in value.items() if k not in RUN_KEYS}
    if isinstance(value, list):
        return [without_runs(v) for v in value]
    return value


def store_contents(db: Path) -> dict[str, Any]:
    """Everything a reader sees: the facts-v1 export plus the merged events and claims."""
    import io

    with open_store(db, readonly=True) as store:
        out = io.StringIO()
        write_json(store.db, out)
        merged = {name: store.query(name) for name in ("events", "amounts", "people")}
    return without_runs({"export": json.loads(out.getvalue()), **merged})


def dev_jsonl_gz(folder: Path, numbers: Iterable[int]) -> Path:
    path = folder / "dev.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for number in numbers:
            handle.write(json.dumps(dev_article(number), ensure_ascii=False) + "\n")
    return path


@pytest.fixture(scope="module")
def plain_ingest(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The dev set ingested the ordinary way, in one process."""
    db = tmp_path_factory.mktemp("plain") / "plain.db"
    with open_store(db) as store:
        summary = ingest_paths(store, [DEV])
    assert summary.stored == 15 and not summary.failed
    return db


def test_ordered_window_keeps_order_and_bounds_what_is_read() -> None:
    pulled: list[int] = []
    in_flight: list[int] = []

    def items() -> Iterator[int]:
        for number in range(50):
            pulled.append(number)
            yield number

    def submit(item: int) -> Future[int]:
        future: Future[int] = Future()
        future.set_result(item * 10)
        return future

    for taken, result in enumerate(ordered_window(submit, items(), depth=4), start=1):
        in_flight.append(len(pulled) - taken)
        assert result == (taken - 1) * 10
    assert max(in_flight) == 3 and len(pulled) == 50


def test_workers_store_exactly_what_a_plain_ingest_stores(
    plain_ingest: Path, tmp_path: Path
) -> None:
    db = tmp_path / "workers.db"
    result = CliRunner().invoke(
        cli,
        [
            "ingest",
            str(dev_jsonl_gz(tmp_path, range(1, 16))),
            "--db",
            str(db),
            "--workers",
            "2",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["stored"] == 15
    assert store_contents(db) == store_contents(plain_ingest)


class RecordingMapper:
    """An in-process mapper that remembers every article sent to extraction."""

    def __init__(self) -> None:
        self.extracted: list[str] = []

    def __call__(self, function: Callable[[Any], Any], batches: Iterable[list[Article]]) -> Any:
        for batch in batches:
            self.extracted += [article.id for article in batch]
            yield function(batch)


def test_resumed_ingest_sends_only_new_articles_to_the_workers(tmp_path: Path) -> None:
    db = tmp_path / "resume.db"
    with open_store(db) as store:
        first = ingest_paths(store, [dev_jsonl_gz(tmp_path, range(1, 6))])
        mapper = RecordingMapper()
        second = ingest_paths(store, [DEV], mapper=mapper)
    assert first.stored == 5
    assert (second.skipped, second.stored) == (5, 10)
    stored_first = {Article(text=dev_article(n)["text"]).id for n in range(1, 6)}
    assert len(mapper.extracted) == 10 and not stored_first & set(mapper.extracted)


def test_process_mapper_returns_results_in_input_order() -> None:
    with ProcessMapper(2, depth=3) as mapper:
        assert list(mapper(abs, range(-20, 0))) == list(range(20, 0, -1))


def test_process_mapper_refuses_zero_workers() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        ProcessMapper(0)


def test_ingest_reads_json_lines_from_stdin(tmp_path: Path) -> None:
    lines = "".join(json.dumps(dev_article(n)) + "\n" for n in (3, 4, 5))
    db = str(tmp_path / "stdin.db")
    result = CliRunner().invoke(cli, ["ingest", "-", "--db", db, "--json"], input=lines)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["stored"] == 3
    with open_store(db, readonly=True) as store:
        assert store.counts()["articles"] == 3
