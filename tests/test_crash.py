"""Crash safety of the store (issue 9, item 2): kills, a full disk and a read-only base.

SIGKILL lands at random points of an ingest, again and again: at random times of `allywatch
ingest` (start-up, schema creation, extraction, writing), and at random SQL statements of a
child that only stores already-extracted articles, so those land inside an article's write.
After every kill the base must pass `PRAGMA integrity_check` and `foreign_key_check`, and every
article in it must be whole: its facts, sentences, people, checks and search rows equal to those
of an uninterrupted reference base. The next run completes the base, which then equals the
reference. A real full disk (a 1 MB tmpfs) and a base on a read-only filesystem (a read-only
bind mount) end `allywatch ingest` with one clear error line and no partial article; both need
root to mount and are skipped without it (tests/test_ingest_cmd.py simulates them in-process).

The kill points come from ALLYWATCH_CRASH_SEED (random when unset; failures and the trust report
name the seed used). Counts go to the trust report.
"""

from __future__ import annotations

import itertools
import json
import os
import pickle
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from trust_fixtures import ALLYWATCH, copy_base, write_corpus
from trust_report import record

from allywatch.ingest.readers import read_paths
from allywatch.model.article import Article
from allywatch.model.facts import ArticleFacts
from allywatch.pipeline import extract_articles
from allywatch.store import open_store

SEED = int(os.environ.get("ALLYWATCH_CRASH_SEED") or time.time_ns() % 1_000_000)
ARTICLES = 24
CLI_KILLS = 2
WRITE_KILLS = 12

# every row an article owns, without the columns that name the run or the time of writing
ARTICLE_ROWS = {
    "articles": "SELECT id, title, published, text, captions, version FROM articles WHERE id = ?",
    "facts": "SELECT id, kind, span_start, span_end, sentence, body FROM facts WHERE article = ?",
    "sentences": "SELECT span_start, span_end, sentence FROM sentences WHERE article = ?",
    "person_mentions": (
        "SELECT person_id, name, role, country, org FROM person_mentions WHERE article = ?"
    ),
    "fact_countries": (
        "SELECT fact_id, country FROM fact_countries JOIN facts ON facts.id = fact_id "
        "WHERE facts.article = ?"
    ),
    "fact_people": (
        "SELECT fact_id, seq, name, person_id FROM fact_people JOIN facts ON facts.id = fact_id "
        "WHERE facts.article = ?"
    ),
    "checks": (
        "SELECT fact_id, seq, verdict, stated, computed, basis FROM checks "
        "JOIN facts ON facts.id = fact_id WHERE facts.article = ?"
    ),
    "articles_fts": "SELECT count(*) FROM articles_fts WHERE article = ?",
    "sentences_fts": "SELECT count(*) FROM sentences_fts WHERE article = ?",
}

# The write-only child: stores already-extracted articles one by one, saying when each starts
# and ends, and SIGKILLs itself just before the store's SQL statement number argv[3] (0: never)
# counted inside `Store.add` only, so every kill lands at an exact point of an article's write.
WRITER = """
import os, pickle, signal, sys
from allywatch.store import open_store
results = pickle.loads(open(sys.argv[1], "rb").read())
kill_at, seen, writing = int(sys.argv[3]), 0, False

def count(statement):
    global seen
    seen += writing
    if writing and seen == kill_at:
        print("kill before", " ".join(statement.split()[:3]), flush=True)
        os.kill(os.getpid(), signal.SIGKILL)

with open_store(sys.argv[2]) as store:
    store.db._conn.set_trace_callback(count)  # the store's own connection (a test may peek)
    for result in results:
        if not store.has_article(result.article.id):
            print("begin", result.article.id, flush=True)
            writing = True
            store.add(result)
            writing = False
            print("done", result.article.id, flush=True)
print("statements", seen, flush=True)
"""


@dataclass(frozen=True)
class Reference:
    """A corpus, its extracted facts (pickled for the child) and an uninterrupted base of them."""

    corpus: Path
    results: list[ArticleFacts]
    pickled: Path
    db: Path


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Reference:
    folder = tmp_path_factory.mktemp("crash")
    write_corpus(folder / "corpus", ARTICLES)
    articles = [a for a in read_paths([folder / "corpus"]) if isinstance(a, Article)]
    results = list(extract_articles(articles, batch_size=len(articles)))
    pickled = folder / "results.pickle"
    pickled.write_bytes(pickle.dumps(results))
    with open_store(folder / "reference.db") as store:
        for result in results:
            store.add(result)
    return Reference(folder / "corpus", results, pickled, folder / "reference.db")


@pytest.fixture(scope="module")
def tally() -> Iterator[Counter[str]]:
    counts: Counter[str] = Counter()
    yield counts
    keys = (
        "kills",
        "write_kills",
        "kills_inside_a_write",
        "corrupt_or_partial",
        "store_errors_clear",
    )
    record("crash", {**{key: counts[key] for key in keys}, "seed": SEED})


def stored(db: Path) -> set[str]:
    """Ids of the articles committed so far (none before the schema exists)."""
    if not db.exists():
        return set()
    with closing(sqlite3.connect(db, timeout=30)) as conn:
        try:
            return {row[0] for row in conn.execute("SELECT id FROM articles")}
        except sqlite3.OperationalError:  # killed before the schema was committed
            return set()


def article_rows(conn: sqlite3.Connection, article: str) -> dict[str, list[tuple[object, ...]]]:
    return {
        name: sorted(conn.execute(sql, (article,)).fetchall()) for name, sql in ARTICLE_ROWS.items()
    }


def damage(db: Path, reference: Reference) -> list[str]:
    """What is wrong with a base: SQLite's own checks, then any article unlike the reference's."""
    with (
        closing(sqlite3.connect(db, timeout=30)) as conn,
        closing(sqlite3.connect(reference.db)) as ref,
    ):
        found = [str(row) for row in conn.execute("PRAGMA integrity_check") if row != ("ok",)]
        found += [f"foreign key {row}" for row in conn.execute("PRAGMA foreign_key_check")]
        found += [
            f"article {article} is not whole"
            for article in sorted(stored(db))
            if article_rows(conn, article) != article_rows(ref, article)
        ]
    return found


def assert_whole(db: Path, reference: Reference, tally: Counter[str] | None = None) -> set[str]:
    """An undamaged base whose every article equals the reference's; the ids stored."""
    found = damage(db, reference)
    if tally is not None:
        tally["corrupt_or_partial"] += len(found)
    assert not found, f"seed {SEED}: {found}"
    return stored(db)


def all_ids(reference: Reference) -> set[str]:
    return {result.article.id for result in reference.results}


def test_crash_sigkill_the_ingest_command_at_random_points(
    reference: Reference, tmp_path: Path, tally: Counter[str]
) -> None:
    """Kill 1 lands in start-up (imports, schema, model); later ones after a random article."""
    rng = random.Random(SEED)
    db = tmp_path / "kb.db"
    command = [*ALLYWATCH, "ingest", str(reference.corpus), "--db", str(db)]
    for kill in range(CLI_KILLS):
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if kill == 0:
            time.sleep(rng.uniform(0.3, 3.0))
        else:
            target = len(stored(db)) + rng.randint(1, max(1, (ARTICLES - len(stored(db))) // 3))
            while len(stored(db)) < target and process.poll() is None:
                time.sleep(0.01)
            time.sleep(rng.uniform(0.0, 0.2))
        assert process.poll() is None, f"seed {SEED}: the ingest ended before kill {kill}"
        process.kill()
        process.wait()
        tally["kills"] += 1
        assert_whole(db, reference, tally)

    done = subprocess.run([*command, "--json"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["stored"] + summary["skipped"] == ARTICLES, summary
    assert assert_whole(db, reference) == all_ids(reference)


def test_crash_sigkill_at_random_statements_of_article_writes(
    reference: Reference, tmp_path: Path, tally: Counter[str]
) -> None:
    """The write-only child dies at a random SQL statement, many times; each base stays whole."""
    rng = random.Random(SEED + 1)
    code, lines = write(reference, tmp_path / "uninterrupted.db", kill_at=0)
    assert code == 0 and assert_whole(tmp_path / "uninterrupted.db", reference) == all_ids(
        reference
    )
    statements = int(lines[-1].split()[1])
    bases = (tmp_path / f"kb-{number}.db" for number in itertools.count())
    db = next(bases)
    while tally["write_kills"] < WRITE_KILLS:
        left = statements * (ARTICLES - len(stored(db))) // ARTICLES
        code, lines = write(reference, db, kill_at=rng.randint(1, max(1, left)))
        if code == -signal.SIGKILL:
            tally["write_kills"] += 1
            tally["kills"] += 1
            marks = [line for line in lines if line.startswith(("begin", "done"))]
            tally["kills_inside_a_write"] += bool(marks) and marks[-1].startswith("begin")
        if assert_whole(db, reference, tally) == all_ids(reference):
            db = next(bases)  # this one is complete: start another, so kills land in writes
    code, _ = write(reference, db, kill_at=0)
    assert code == 0
    assert assert_whole(db, reference) == all_ids(reference)


def write(reference: Reference, db: Path, kill_at: int) -> tuple[int, list[str]]:
    """Run the write-only child on `db`; its exit code and output lines."""
    done = subprocess.run(
        [sys.executable, "-c", WRITER, str(reference.pickled), str(db), str(kill_at)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode in (0, -signal.SIGKILL), done.stderr[-2000:]
    return done.returncode, done.stdout.splitlines()


@contextmanager
def mounted(folder: Path, *options: str) -> Iterator[None]:
    """A tmpfs or bind mount at `folder` for the test (root only); skipped where not allowed."""
    folder.mkdir(exist_ok=True)
    command = ["mount", *options, str(folder)]
    if os.geteuid() != 0 or subprocess.run(command, capture_output=True, check=False).returncode:
        pytest.skip("needs root to mount (tests/test_ingest_cmd.py simulates the same in-process)")
    try:
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def ingest_error(corpus: Path, db: Path) -> str:
    """Run `allywatch ingest`, which must fail on the base: its one-line error."""
    done = subprocess.run(
        [*ALLYWATCH, "ingest", str(corpus), "--db", str(db)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2, (done.returncode, done.stderr[-2000:])
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), done.stderr
    return lines[0]


def test_crash_full_disk_is_one_clear_error_and_loses_nothing(
    reference: Reference, tmp_path: Path, tally: Counter[str]
) -> None:
    """A real 1 MB tmpfs fills part-way through; with room again, the rest is stored."""
    disk = tmp_path / "disk"
    with mounted(disk, "-t", "tmpfs", "-o", "size=1m", "tmpfs"):
        message = ingest_error(reference.corpus, disk / "kb.db")
        assert "disk is full" in message and "rolled back" in message, message
        tally["store_errors_clear"] += 1
        kept = assert_whole(disk / "kb.db", reference)
        assert len(kept) < ARTICLES
        subprocess.run(["mount", "-o", "remount,size=64m", str(disk)], check=True)
        with open_store(disk / "kb.db") as store:
            for result in reference.results:
                store.add(result)
        assert assert_whole(disk / "kb.db", reference) == all_ids(reference)


def test_crash_read_only_base_is_one_clear_error_and_unchanged(
    reference: Reference, tmp_path: Path, tally: Counter[str]
) -> None:
    """The base on a read-only filesystem: refused at once, nothing written, nothing lost."""
    folder = tmp_path / "base"
    folder.mkdir()
    db = folder / "kb.db"
    copy_base(reference.db, db)
    write_corpus(tmp_path / "new", 2, first=ARTICLES)
    before = db.read_bytes()
    with mounted(folder, "--bind", str(folder)):
        subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], check=True)
        message = ingest_error(tmp_path / "new", db)
        assert "read-only" in message, message
        tally["store_errors_clear"] += 1
        assert db.read_bytes() == before
        assert sorted(p.name for p in folder.iterdir()) == ["kb.db"]
