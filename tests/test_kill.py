"""SIGKILL an `allywatch ingest` part-way through 200 articles, twice, then let it finish:
every article is stored exactly once, nothing is lost (the base equals an uninterrupted
ingest of the same files) and SQLite finds no damage.

The 200 articles are real text: pairs of paragraphs from the dev set and the official corpus,
combined so that every text is different (repeating one text would only test the skip).
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from trust_fixtures import ALLYWATCH, write_corpus

from allywatch.store import open_store
from allywatch.store.ingest import ingest_paths

ARTICLES = 200
KILL_AFTER = (40, 110)

pytestmark = pytest.mark.slow


def build_corpus(folder: Path, count: int = ARTICLES) -> list[str]:
    """`count` distinct two-paragraph articles as JSON files; returns their ids."""
    ids = write_corpus(folder, count)
    assert len(set(ids)) == count, "the corpus must hold distinct texts"
    return ids


def _stored(db: Path) -> int:
    """Articles committed so far, read through a read-only connection."""
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:  # schema not created yet
        return 0


def _ingest_killed_at(corpus: Path, db: Path, threshold: int) -> int:
    """Start an ingest, SIGKILL it once `threshold` articles are committed; articles stored."""
    process = subprocess.Popen(
        [*ALLYWATCH, "ingest", str(corpus), "--db", str(db)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 240
    while process.poll() is None and _stored(db) < threshold and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL, "the ingest ended before it could be killed"
    return _stored(db)


def test_kill_ingest_twice_then_resume_loses_nothing(tmp_path: Path) -> None:
    corpus, db = tmp_path / "corpus", tmp_path / "kb.db"
    ids = build_corpus(corpus)
    stored = [_ingest_killed_at(corpus, db, threshold) for threshold in KILL_AFTER]
    assert KILL_AFTER[0] <= stored[0] < stored[1] < ARTICLES

    done = subprocess.run(
        [*ALLYWATCH, "ingest", str(corpus), "--db", str(db), "--json"],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert (summary["skipped"], summary["stored"]) == (stored[1], ARTICLES - stored[1])

    with open_store(db, readonly=True) as store:
        assert store.integrity_check() == "ok"
        rows = store.db.fetchall("SELECT id FROM articles")
        assert sorted(r["id"] for r in rows) == sorted(ids)
        resumed = _without_runs(store.counts())
        resumed_facts = _facts(store)

    with open_store(tmp_path / "reference.db") as reference:
        ingest_paths(reference, [corpus])
        assert _without_runs(reference.counts()) == resumed
        assert _facts(reference) == resumed_facts


def _without_runs(counts: dict[str, int]) -> dict[str, int]:
    return {k: v for k, v in counts.items() if k != "runs"}


def _facts(store: object) -> list[tuple[str, str]]:
    rows = store.db.fetchall("SELECT id, body FROM facts ORDER BY id")  # type: ignore[attr-defined]
    return [(r["id"], r["body"]) for r in rows]
