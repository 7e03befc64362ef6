"""Writing one article and everything extracted from it, in one transaction.

Either the article, its people, facts, sentences, merged events and claims and its checks are
all stored, or (on any error, a kill, a full disk) none of them is. An article whose text is
already stored is skipped without writing anything, not even a run record.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from allywatch import __version__
from allywatch.model.article import Article
from allywatch.model.facts import ArticleFacts, Check, Person
from allywatch.store import people as person_store
from allywatch.store.backend import Database, now
from allywatch.store.facts import store_fact


class Outcome(StrEnum):
    """What writing an article did."""

    STORED = "stored"
    VERSION = "version"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class Run:
    """One ingest or load: the provenance every row it writes carries."""

    id: str
    command: str
    arguments: str
    started_at: str
    version: str = __version__


def new_run(command: str, arguments: object) -> Run:
    """A run id that sorts by start time: 20260117T070500Z-1a2b3c4d."""
    started = datetime.now(UTC)
    run_id = f"{started:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"
    return Run(run_id, command, json.dumps(arguments, default=str), started.isoformat())


ARTICLE_EXISTS = "SELECT id FROM articles WHERE id = :id"
INSERT_RUN = """
INSERT INTO runs (id, command, arguments, allywatch_version, started_at)
VALUES (:id, :command, :arguments, :version, :started_at) ON CONFLICT DO NOTHING
"""
FINISH_RUN = "UPDATE runs SET finished_at = :finished_at, summary = :summary WHERE id = :id"
INSERT_ARTICLE = """
INSERT INTO articles (id, title, source, url, published, published_day, published_inferred,
  dateline, text, path, captions, version, run_id, ingested_at)
VALUES (:id, :title, :source, :url, :published, :published_day, :published_inferred,
  :dateline, :text, :path, :captions, :version, :run_id, :now)
"""
CURRENT_VERSION = """
SELECT id, published, version FROM articles WHERE url = :url AND superseded_by IS NULL
ORDER BY version DESC
"""
LAST_VERSION = "SELECT max(version) AS version FROM articles WHERE url = :url"
SUPERSEDE = """
UPDATE articles SET superseded_by = :by, superseded_at = :now WHERE id = :id
"""
RETIRE_FACTS = """
UPDATE facts SET retired_at = :now, retired_by = :by WHERE article = :id AND retired_at IS NULL
"""
RETIRE_MENTIONS = """
UPDATE person_mentions SET retired_at = :now, retired_by = :by
WHERE article = :id AND retired_at IS NULL
"""
INSERT_CHECK = """
INSERT INTO checks (fact_id, seq, verdict, stated, computed, basis, run_id)
VALUES (:fact_id, :seq, :verdict, :stated, :computed, :basis, :run_id)
"""
DELETE_CHECKS = "DELETE FROM checks WHERE fact_id = :fact_id"
RAISE_REVISION = "UPDATE revision SET n = n + 1 WHERE id = 1"


def has_article(db: Database, article_id: str) -> bool:
    """Whether this exact text (by its id) is already stored."""
    return db.fetchone(ARTICLE_EXISTS, {"id": article_id}) is not None


def write_article(db: Database, result: ArticleFacts, run: Run) -> Outcome:
    """Store one article with its people, facts and checks, or nothing if its text is known."""
    article = result.article
    with db.transaction():
        if has_article(db, article.id):
            return Outcome.SKIPPED
        db.execute(INSERT_RUN, run.__dict__)
        db.execute(RAISE_REVISION)
        older, newer = _versions(db, article)
        _insert_article(db, article, run)
        for old in older:
            _retire(db, old, article.id)
        _store_contents(db, result, run)
        if newer:
            _retire(db, article.id, newer)
    return Outcome.VERSION if older or newer else Outcome.STORED


def _store_contents(db: Database, result: ArticleFacts, run: Run) -> None:
    day = result.article.published_date
    for person in result.people:
        _store_person(db, person, result.article.id, day, run.id)
    for fact in result.facts:
        store_fact(db, fact, day, run.id, run.version)
    _store_checks(db, result.checks, run.id)


def _versions(db: Database, article: Article) -> tuple[list[str], str | None]:
    """Versions this article replaces, or the newer version that replaces it at once.

    A text published before the current version at its URL (an archive read out of order)
    is stored as an older version, not as the latest.
    """
    if not article.url:
        return [], None
    current = db.fetchall(CURRENT_VERSION, {"url": article.url})
    if current and _is_older(article.published, current[0]["published"]):
        return [], str(current[0]["id"])
    return [str(row["id"]) for row in current], None


def _is_older(published: str | None, current: str | None) -> bool:
    return bool(published and current and published[:10] < current[:10])


def _insert_article(db: Database, article: Article, run: Run) -> None:
    last = db.scalar(LAST_VERSION, {"url": article.url}) if article.url else None
    stamp = now()
    db.execute(
        INSERT_ARTICLE,
        {
            "id": article.id,
            "title": article.title,
            "source": article.source,
            "url": article.url,
            "published": article.published,
            "published_day": article.published_date,
            "published_inferred": article.published_inferred,
            "dateline": article.dateline,
            "text": article.text,
            "path": article.path,
            "captions": json.dumps(list(article.captions), ensure_ascii=False),
            "version": (last or 0) + 1,
            "run_id": run.id,
            "now": stamp,
        },
    )


def _retire(db: Database, old: str, new: str) -> None:
    """An older version steps aside: marked superseded, its facts and mentions retired."""
    params = {"id": old, "by": new, "now": now()}
    db.execute(SUPERSEDE, params)
    db.execute(RETIRE_FACTS, params)
    db.execute(RETIRE_MENTIONS, params)
    person_store.recount_articles(db, old)


def _store_person(db: Database, person: Person, article: str, day: str | None, run: str) -> None:
    person_id = person_store.resolve_or_create(db, person, run)
    person_store.add_mention(db, person_id, person, article, day, run)


def _store_checks(db: Database, checks: tuple[Check, ...], run: str) -> None:
    seq: dict[str, int] = {}
    rows = []
    for check in checks:
        seq[check.fact] = seq.get(check.fact, -1) + 1
        rows.append(
            {**check.__dict__, "fact_id": check.fact, "seq": seq[check.fact], "run_id": run}
        )
    db.executemany(INSERT_CHECK, rows)


def replace_checks(db: Database, facts: set[str], checks: tuple[Check, ...], run: Run) -> None:
    """Re-judged claims (`allywatch check --db`): each fact's old checks give way to the new."""
    with db.transaction():
        db.execute(INSERT_RUN, run.__dict__)
        db.execute(RAISE_REVISION)
        for fact in sorted(facts):
            db.execute(DELETE_CHECKS, {"fact_id": fact})
        _store_checks(db, checks, run.id)


def finish_run(db: Database, run: Run, summary: dict[str, object]) -> None:
    """Record when a run ended and what it did (only if it stored anything)."""
    with db.transaction():
        db.execute(FINISH_RUN, {"id": run.id, "finished_at": now(), "summary": json.dumps(summary)})
