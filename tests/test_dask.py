"""`ingest --engine dask`: on a two-worker LocalCluster the store equals a plain ingest's."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_parallel import dev_jsonl_gz, store_contents

from allywatch.cli import cli
from allywatch.store import open_store
from allywatch.store.ingest import ingest_paths
from allywatch.store.parallel import EngineError, engine

distributed = pytest.importorskip("distributed")

DOZEN = range(1, 13)


@pytest.fixture(scope="module")
def cluster() -> Iterator[object]:
    """Two single-threaded worker processes, as a small real cluster would run them."""
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as local:
        yield local


def test_dask_ingest_stores_exactly_what_a_plain_ingest_stores(
    cluster: distributed.LocalCluster, tmp_path: Path
) -> None:
    source = dev_jsonl_gz(tmp_path, DOZEN)
    plain = tmp_path / "plain.db"
    with open_store(plain) as store:
        assert ingest_paths(store, [source]).stored == 12
    on_dask = tmp_path / "dask.db"
    arguments = [
        "ingest",
        str(source),
        "--db",
        str(on_dask),
        "--engine",
        "dask",
        "--scheduler",
        cluster.scheduler_address,
        "--json",
    ]
    result = CliRunner().invoke(cli, arguments)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["stored"] == 12
    assert store_contents(on_dask) == store_contents(plain)
    again = CliRunner().invoke(cli, arguments)
    assert json.loads(again.stdout)["skipped"] == 12


def test_dask_engine_needs_a_scheduler(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["ingest", str(tmp_path), "--db", str(tmp_path / "x.db"), "--engine", "dask"]
    )
    assert result.exit_code == 2
    assert "--scheduler" in result.output


def test_dask_engine_names_a_scheduler_it_cannot_use() -> None:
    mapper = engine(scheduler="nonsense")
    with pytest.raises(EngineError, match="cannot reach the Dask scheduler at nonsense"):
        mapper.__enter__()
