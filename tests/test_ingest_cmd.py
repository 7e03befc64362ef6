"""`allywatch ingest`, `export`, `query` and `search` end to end, with real extraction of real
articles: idempotent ingest, failures with reasons, versions, round-trips, clear errors for a
read-only base or a full disk, and no partial article ever."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jsonschema
import pandas as pd
import pytest
from click.testing import CliRunner, Result
from conftest import DEV, OFFICIAL, SEED_LEVERAGE, SEEDS

from allywatch.cli import cli
from allywatch.model.article import Article
from allywatch.model.facts import ArticleFacts
from allywatch.model.facts_json import document_to_dict, json_schema
from allywatch.pipeline import extract_paths
from allywatch.store import StoreError, open_store
from allywatch.store.ingest import extract_batch, ingest_paths

MEETING_PAIR = (SEED_LEVERAGE, OFFICIAL / "039.json")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "kb.db")
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture(scope="module")
def dev_base(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The dev set ingested once into SQLite, for the tests that only read it."""
    db = str(tmp_path_factory.mktemp("dev") / "kb.db")
    assert _run("ingest", str(DEV), "--db", db).exit_code == 0
    return db


@pytest.fixture(scope="module")
def pair_base(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The two reports of the Koizumi-Hegseth meeting ingested once, for reading tests."""
    db = str(tmp_path_factory.mktemp("pair") / "kb.db")
    assert _run("ingest", *map(str, MEETING_PAIR), "--db", db).exit_code == 0
    return db


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _ingest(db: str, *paths: Path) -> tuple[Result, dict[str, Any]]:
    result = _run("ingest", *map(str, paths), "--db", db, "--json")
    return result, json.loads(result.stdout)


def _counts(db: str) -> dict[str, int]:
    with open_store(db, readonly=True) as store:
        return store.counts()


def test_ingest_dev_twice_leaves_identical_counts(db: str) -> None:
    result, first = _ingest(db, DEV, SEEDS)
    assert result.exit_code == 0, result.output
    assert (first["read"], first["stored"], first["skipped"], first["failed"]) == (17, 17, 0, [])
    counts = _counts(db)
    assert counts["articles"] == 17
    assert {
        k.removeprefix("facts."): v for k, v in counts.items() if k.startswith("facts.")
    } == first["facts"]
    result, second = _ingest(db, DEV, SEEDS)
    assert (second["read"], second["stored"], second["skipped"], second["run"]) == (17, 0, 17, None)
    assert _counts(db) == counts


def test_ingest_reports_each_failure_with_its_reason_and_stores_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(DEV / "07.json", folder / "good.json")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    (folder / "empty.txt").write_text("")
    result = _run("ingest", str(folder), "--db", str(tmp_path / "kb.db"))
    assert result.exit_code == 1
    assert "binary data" in result.stderr and "empty file" in result.stderr
    assert "stored" in result.stderr and "time" in result.stderr
    assert _counts(str(tmp_path / "kb.db"))["articles"] == 1


def test_ingest_changed_text_at_same_url_is_a_new_version(tmp_path: Path) -> None:
    article = json.loads((DEV / "07.json").read_text("utf-8"))
    db = str(tmp_path / "kb.db")
    summaries = []
    for number, extra in enumerate(("", "\n\nThe ministers will meet again next year.")):
        path = tmp_path / f"v{number}.json"
        path.write_text(json.dumps({**article, "text": article["text"] + extra}), "utf-8")
        summaries.append(_ingest(db, path)[1])
    assert (summaries[1]["stored"], summaries[1]["versions"]) == (1, 1)
    counts = _counts(db)
    assert (counts["articles"], counts["current_articles"]) == (2, 1)
    first_facts, second_facts = (sum(s["facts"].values()) for s in summaries)
    assert first_facts > 0
    assert (counts["facts"], counts["current_facts"]) == (first_facts + second_facts, second_facts)


def test_ingest_merges_one_person_across_two_publishers(pair_base: str) -> None:
    db = pair_base
    result = _run("query", "people", "--person", "koizumi", "--db", db, "--json")
    people = json.loads(result.stdout)
    assert len(people) == 1 and people[0]["article_count"] == 2
    assert {"Shinjiro Koizumi", "Shinjirō Koizumi"} <= set(people[0]["names"])
    table = _run("query", "people", "--country", "JPN", "--db", db)
    assert "Koizumi" in table.stdout and "Takaichi" in table.stdout


def test_ingest_one_meeting_from_two_publishers_is_one_event(pair_base: str) -> None:
    db = pair_base
    if not _counts(db).get("facts.event"):
        pytest.skip("the event extractor does not produce events yet (store side: test_store.py)")
    result = _run(
        "query",
        "events",
        "--country",
        "JPN",
        "--since",
        "2026-01-14",
        "--until",
        "2026-01-16",
        "--type",
        "CONSULT",
        "--db",
        db,
        "--json",
    )
    meetings = [e for e in json.loads(result.stdout) if set(e["countries"]) == {"JPN", "USA"}]
    assert len(meetings) == 1
    assert meetings[0]["source_count"] == 2


def test_export_json_is_facts_v1_and_equals_extract(dev_base: str, tmp_path: Path) -> None:
    db, out = dev_base, tmp_path / "facts.json"
    assert _run("export", "--db", db, "-o", str(out)).exit_code == 0
    exported = json.loads(out.read_text("utf-8"))
    jsonschema.validate(exported, json_schema())
    document, _ = extract_paths([DEV])
    extracted = document_to_dict(document)
    assert sorted(exported["facts"], key=lambda f: f["id"]) == sorted(
        extracted["facts"], key=lambda f: f["id"]
    )
    assert {a["id"] for a in exported["articles"]} == {a["id"] for a in extracted["articles"]}
    assert len(exported["checks"]) == len(extracted["checks"])


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_export_tables(dev_base: str, tmp_path: Path, fmt: str) -> None:
    db = dev_base
    assert _run("export", "--db", db, "--format", fmt, "-o", str(tmp_path / "t")).exit_code == 0
    read = pd.read_csv if fmt == "csv" else pd.read_parquet
    assert len(read(tmp_path / "t" / f"articles.{fmt}")) == 15
    assert (tmp_path / "t" / f"quotes.{fmt}").exists()


@pytest.mark.parametrize("payload", ['"', "*", "NEAR(", "') OR 1=1 --", "defense spending"])
def test_search_command_never_fails_on_typed_text(pair_base: str, payload: str) -> None:
    result = _run("search", payload, "--db", pair_base, "--json")
    assert result.exit_code == 0
    assert isinstance(json.loads(result.stdout), list)
    assert _run("search", payload, "--db", pair_base).exit_code == 0


def test_query_refuses_a_bad_date_and_a_missing_base(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["query", "events", "--since", "yesterday", "--db", str(tmp_path / "none.db")]
    )
    assert result.exit_code == 2 and "must be a date" in result.stderr
    missing = CliRunner().invoke(cli, ["query", "events", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 2 and "no knowledge base" in missing.stderr


@contextmanager
def _read_only(path: Path) -> Iterator[None]:
    """A file nobody may write: immutable for root (chattr +i), mode 0444 for anyone else."""
    if os.geteuid() == 0:
        if subprocess.run(["chattr", "+i", str(path)], check=False).returncode:
            pytest.skip("root, and this filesystem cannot make a file immutable")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        path.chmod(0o444)
        yield


def test_ingest_into_a_read_only_base_is_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "kb.db"
    _ingest(str(db), DEV / "01.json")
    before = _counts(str(db))
    with _read_only(db):
        result = _run("ingest", str(DEV), "--db", str(db))
        assert result.exit_code == 2
        assert "read-only" in result.stderr and "Traceback" not in result.stderr
        assert _counts(str(db)) == before


def test_ingest_on_a_full_disk_stops_cleanly_and_resumes(tmp_path: Path) -> None:
    db = tmp_path / "kb.db"
    with open_store(db) as store:
        pages = int(store.db.scalar("PRAGMA page_count"))
        store.db.execute(f"PRAGMA max_page_count = {pages + 40}")
        with pytest.raises(StoreError, match="disk is full"):
            ingest_paths(store, [DEV])
        stored = store.counts()["articles"]
        assert 0 < stored < 15 and store.integrity_check() == "ok"
        orphans = store.db.scalar(
            "SELECT count(*) FROM facts WHERE article NOT IN (SELECT id FROM articles)"
        )
        assert orphans == 0
    with open_store(db) as store:
        summary = ingest_paths(store, [DEV])
        assert (summary.skipped, summary.stored) == (stored, 15 - stored)


def test_ingest_isolates_an_article_whose_extraction_fails(tmp_path: Path) -> None:
    def crashes_on_12(articles: Sequence[Article]) -> Iterable[ArticleFacts]:
        if any((a.path or "").endswith("12.json") for a in articles):
            raise RuntimeError("extractor crashed")
        return extract_batch(articles)

    paths = [DEV / "11.json", DEV / "12.json", DEV / "13.json"]
    with open_store(tmp_path / "kb.db") as store:
        summary = ingest_paths(store, paths, extractor=crashes_on_12)
        assert (summary.read, summary.stored) == (3, 2)
        assert [f.path for f in summary.failed] == [str(DEV / "12.json")]
        assert "extractor crashed" in summary.failed[0].reason
        assert store.counts()["articles"] == 2
