"""`Store`: one knowledge base, SQLite or PostgreSQL, behind one small API.

Writing is `add` (one article's facts, one transaction). Reading is `query` (plain rows for
JSON and templates), the DataFrame methods `people()`, `events()`, ... for notebooks, `search`,
`article` and `counts`. Open read-only for anything that only reads (a web app, a report).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from allywatch.model.facts import ArticleFacts, Check, FactsDocument
from allywatch.store.backend import Database, Row, StoreError
from allywatch.store.migrations import check_current, migrate
from allywatch.store.people import key_old_names
from allywatch.store.queries import Filters, facts, run_query
from allywatch.store.search import MARKS, search
from allywatch.store.sqlite import SQLiteDatabase
from allywatch.store.write import (
    Outcome,
    Run,
    finish_run,
    has_article,
    new_run,
    replace_checks,
    write_article,
)

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_DB = "allywatch.db"
POSTGRES_SCHEMES = ("postgresql://", "postgres://")

COUNTS = """
SELECT (SELECT count(*) FROM articles) AS articles,
       (SELECT count(*) FROM articles WHERE superseded_by IS NULL) AS current_articles,
       (SELECT count(*) FROM people) AS people,
       (SELECT count(*) FROM person_mentions) AS person_mentions,
       (SELECT count(*) FROM facts) AS facts,
       (SELECT count(*) FROM facts WHERE retired_at IS NULL) AS current_facts,
       (SELECT count(*) FROM events) AS events,
       (SELECT count(*) FROM claims) AS claims,
       (SELECT count(*) FROM checks) AS checks,
       (SELECT count(*) FROM sentences) AS sentences,
       (SELECT count(*) FROM runs) AS runs
"""
KIND_COUNTS = """
SELECT kind, count(*) AS n FROM facts WHERE retired_at IS NULL GROUP BY kind ORDER BY kind
"""
ARTICLE = """
SELECT id, title, source, url, published, published_inferred, dateline, text, path, version,
       superseded_by, superseded_at, run_id, ingested_at
FROM articles WHERE id = :id
"""
REVISION = "SELECT n FROM revision WHERE id = 1"
FACTS_OF_ARTICLE = "SELECT body FROM facts WHERE article = :id ORDER BY span_start, id"


def open_store(target: str | Path = DEFAULT_DB, *, readonly: bool = False) -> Store:
    """Open (and, for writing, create or upgrade) a knowledge base.

    `target` is a SQLite file path (or `sqlite:///path`, or `:memory:`) or a
    `postgresql://user:password@host:port/dbname` URL. Read-only connections cannot change
    anything whatever they run; they refuse a base whose schema is not this version's.

    Raises:
        StoreError: the base cannot be opened (missing, read-only, not a knowledge base, ...).
    """
    db = _connect(str(target), readonly)
    try:
        if readonly:
            check_current(db)
        else:
            migrate(db)
            key_old_names(db)
    except BaseException:
        db.close()
        raise
    return Store(db)


def _connect(target: str, readonly: bool) -> Database:
    if target.startswith(POSTGRES_SCHEMES):
        from allywatch.store.postgres import PostgresDatabase

        return PostgresDatabase(target, readonly)
    return SQLiteDatabase(target.removeprefix("sqlite:///"), readonly)


class Store:
    """A knowledge base. Not shared between threads: open one per thread or request."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @property
    def location(self) -> str:
        """The file path or the URL (without password) of the base."""
        return self.db.location

    @property
    def readonly(self) -> bool:
        return self.db.readonly

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    # --- writing ---------------------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        """Whether this text is stored already (ingest asks before running any NLP)."""
        return has_article(self.db, article_id)

    def add(self, result: ArticleFacts, run: Run | None = None) -> Outcome:
        """Store one article with its people, facts and checks, all or nothing."""
        if self.readonly:
            raise StoreError(f"{self.location}: opened read-only; cannot store articles")
        return write_article(self.db, result, run or new_run("add", []))

    def finish_run(self, run: Run, summary: dict[str, object]) -> None:
        """Record when a run that stored articles ended, and what it did."""
        finish_run(self.db, run, summary)

    def add_document(self, document: FactsDocument, run: Run | None = None) -> list[Outcome]:
        """Store a facts-v1 document article by article (its people and checks follow them)."""
        run = run or new_run("load", [])
        return [self.add(result, run) for result in split_document(document)]

    def replace_checks(self, facts: set[str], checks: tuple[Check, ...]) -> None:
        """Replace the checks of `facts` with new ones (re-checking against newer data)."""
        if self.readonly:
            raise StoreError(f"{self.location}: opened read-only; cannot store checks")
        replace_checks(self.db, facts, checks, new_run("check", sorted(facts)))

    # --- reading ---------------------------------------------------------------------------

    def query(
        self,
        name: str,
        filters: Filters | None = None,
        *,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Row]:
        """Rows of a named query: people, events, amounts, targets, ratios, relations, quotes."""
        return run_query(self.db, name, filters, limit, offset)

    def facts(
        self,
        kind: str | None = None,
        filters: Filters | None = None,
        *,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Row]:
        """Current facts of one kind (or all kinds) as facts-v1 rows with their sources."""
        return facts(self.db, kind, filters, limit, offset)

    def search(self, text: str, limit: int = 20, marks: tuple[str, str] = MARKS) -> list[Row]:
        """Full-text search over articles and fact sentences; any input is safe."""
        return search(self.db, text, limit, marks)

    def article(self, article_id: str) -> Row | None:
        """One stored article (any version) with its facts, or None."""
        row = self.db.fetchone(ARTICLE, {"id": article_id})
        if row is None:
            return None
        bodies = self.db.fetchall(FACTS_OF_ARTICLE, {"id": article_id})
        return {
            **row,
            "published_inferred": bool(row["published_inferred"]),
            "facts": [json.loads(b["body"]) for b in bodies],
        }

    def counts(self) -> dict[str, int]:
        """Rows per table, current articles and facts, and current facts per kind."""
        totals = {key: int(value) for key, value in (self.db.fetchone(COUNTS) or {}).items()}
        kinds = {f"facts.{r['kind']}": int(r["n"]) for r in self.db.fetchall(KIND_COUNTS)}
        return {**totals, **kinds}

    def revision(self) -> int:
        """A number every write of articles or checks raises: equal numbers, same contents."""
        return int(self.db.scalar(REVISION) or 0)

    def integrity_check(self) -> str:
        """ "ok", or what the database found damaged."""
        return self.db.integrity_check()

    # --- DataFrames ------------------------------------------------------------------------

    def people(self, limit: int | None = None, **filters: str) -> pd.DataFrame:
        """People merged across articles (filters: see `Filters`)."""
        return self._frame("people", limit, filters)

    def events(self, limit: int | None = None, **filters: str) -> pd.DataFrame:
        """Happenings merged across articles, with their mentions."""
        return self._frame("events", limit, filters)

    def amounts(self, limit: int | None = None, **filters: str) -> pd.DataFrame:
        """Amount claims merged across articles, with their mentions and check verdicts."""
        return self._frame("amounts", limit, filters)

    def targets(self, limit: int | None = None, **filters: str) -> pd.DataFrame:
        return self._frame("targets", limit, filters)

    def ratios(self, limit: int | None = None, **filters: str) -> pd.DataFrame:
        return self._frame("ratios", limit, filters)

    def relations(self, limit: int | None = None, **filters: str) -> pd.DataFrame:
        return self._frame("relations", limit, filters)

    def quotes(self, limit: int | None = None, **filters: str) -> pd.DataFrame:
        return self._frame("quotes", limit, filters)

    def articles(self, limit: int | None = None, **filters: str) -> pd.DataFrame:
        """Current article versions, newest first, in the facts-v1 ARTICLE shape."""
        return self._frame("articles", limit, filters)

    def _frame(self, name: str, limit: int | None, filters: dict[str, str]) -> pd.DataFrame:
        """Rows as a DataFrame; records one level deep (a quote's speaker) become columns."""
        import pandas as pd

        rows = self.query(name, Filters(**filters), limit=limit)
        return pd.json_normalize(rows, max_level=1) if rows else pd.DataFrame()


def split_document(document: FactsDocument) -> Iterable[ArticleFacts]:
    """A facts-v1 document as one ArticleFacts per article, people and checks following."""
    for article in document.articles:
        found = tuple(f for f in document.facts if f.article == article.id)
        ids = {f.id for f in found}
        yield ArticleFacts(
            article=article,
            people=tuple(p for p in document.people if article.id in p.articles),
            facts=found,
            checks=tuple(c for c in document.checks if c.fact in ids),
        )
