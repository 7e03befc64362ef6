"""The server backend for teams: PostgreSQL through psycopg 3, imported only when chosen.

The schema and every query are the ones SQLite runs; only full-text search differs (a stored
`tsvector` column with a GIN index instead of FTS5).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from allywatch.store.backend import (
    ArticleRejectedError,
    Database,
    Params,
    Row,
    StoreError,
    pyformat,
)

if TYPE_CHECKING:
    import psycopg

SEARCH_ARTICLES = """
SELECT hit.article, hit.title, hit.source, hit.url, hit.published, hit.score,
       ts_headline('english', hit.text, websearch_to_tsquery('english', :query), :options)
         AS snippet
FROM (
  SELECT a.id AS article, a.title, a.source, a.url, a.published, a.text,
         -ts_rank(a.search, websearch_to_tsquery('english', :query)) AS score
  FROM articles a
  WHERE a.search @@ websearch_to_tsquery('english', :query) AND a.superseded_by IS NULL
  ORDER BY score LIMIT :limit
) AS hit
ORDER BY hit.score
"""

SEARCH_SENTENCES = """
SELECT article, span_start, span_end, sentence FROM sentences
WHERE search @@ websearch_to_tsquery('english', :query) AND article = ANY(:articles)
ORDER BY article, span_start
"""

MIGRATION_LOCK = "SELECT pg_advisory_xact_lock(7254101)"
TABLE_EXISTS = "SELECT to_regclass(:name) IS NOT NULL AS found"

# SQLSTATE classes and codes (https://www.postgresql.org/docs/current/errcodes-appendix.html)
_MESSAGES = (
    ("25006", "the knowledge base is read-only (a read-only connection or server)"),
    ("42501", "this database user may not write the knowledge base"),
    ("53100", "the database server's disk is full; the article being written was rolled back"),
    ("53", "the database server ran out of resources"),
    ("08", "lost the connection to the database server"),
    ("57", "the database server is shutting down or cancelled the statement"),
    ("3D", "no such database on the server"),
    ("28", "the database server refused the login"),
)


def display_url(url: str) -> str:
    """The URL without its password, for messages and logs."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1@", url)


class PostgresDatabase(Database):
    """A knowledge base in a PostgreSQL database given by URL or conninfo string."""

    dialect = "postgres"
    sentences_matching = """SELECT article, span_start FROM sentences
      WHERE search @@ websearch_to_tsquery('english', :text)"""
    articles_matching = """SELECT id FROM articles
      WHERE search @@ websearch_to_tsquery('english', :text)"""

    def __init__(self, url: str, readonly: bool = False) -> None:
        import psycopg
        from psycopg.rows import dict_row

        self.location = display_url(url)
        self.readonly = readonly
        self._psycopg = psycopg
        with self._errors():
            self._conn: psycopg.Connection[dict[str, Any]] = psycopg.connect(
                url, autocommit=True, row_factory=dict_row
            )
        if readonly:
            self.execute("SET default_transaction_read_only = on")

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """psycopg errors as StoreError (base unusable) or ArticleRejectedError (bad data)."""
        try:
            yield
        except (self._psycopg.IntegrityError, self._psycopg.DataError) as error:
            raise ArticleRejectedError(str(error).strip()) from error
        except self._psycopg.Error as error:
            state = getattr(error, "sqlstate", None) or ""
            for prefix, message in _MESSAGES:
                if state.startswith(prefix):
                    detail = str(error).strip().splitlines()[0] if str(error).strip() else state
                    raise StoreError(f"{self.location}: {message} ({detail})") from error
            if isinstance(error, self._psycopg.OperationalError):
                raise StoreError(f"{self.location}: cannot use the database ({error})") from error
            raise

    def execute(self, sql: str, params: Params | None = None) -> int:
        with self._errors():
            return self._conn.execute(pyformat(sql), params or {}).rowcount

    def executemany(self, sql: str, rows: Sequence[Params]) -> None:
        if rows:
            with self._errors(), self._conn.cursor() as cursor:
                cursor.executemany(pyformat(sql), rows)

    def fetchall(self, sql: str, params: Params | None = None) -> list[Row]:
        with self._errors():
            return self._conn.execute(pyformat(sql), params or {}).fetchall()

    def iterate(self, sql: str, params: Params | None = None) -> Iterator[Row]:
        with self._errors(), self._conn.cursor() as cursor:
            yield from cursor.stream(pyformat(sql), params or {})

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._errors(), self._conn.transaction():
            yield

    def script(self, sql: str) -> None:
        with self._errors():
            self._conn.execute(sql.encode("utf-8"))

    def close(self) -> None:
        self._conn.close()

    def table_exists(self, name: str) -> bool:
        return bool(self.scalar(TABLE_EXISTS, {"name": name}))

    def lock_schema(self) -> None:
        self.execute(MIGRATION_LOCK)

    def search_articles(self, query: str, limit: int, marks: tuple[str, str]) -> list[Row]:
        options = f'StartSel="{marks[0]}", StopSel="{marks[1]}", MaxWords=35, MinWords=12'
        return self.fetchall(SEARCH_ARTICLES, {"query": query, "limit": limit, "options": options})

    def search_sentences(self, query: str, articles: Sequence[str]) -> list[Row]:
        return self.fetchall(SEARCH_SENTENCES, {"query": query, "articles": list(articles)})
