"""The embedded backend: one SQLite file in WAL mode, FTS5 for search.

WAL lets readers (the web app, `allywatch query`) work while an ingest writes; each article is
one `BEGIN IMMEDIATE` transaction, so a killed process leaves whole articles or none, and
`synchronous=NORMAL` is enough for that under WAL (only a power cut can lose the last commits,
never corrupt the file).
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from allywatch.store.backend import (
    ArticleRejectedError,
    Database,
    Params,
    Row,
    StoreError,
)

BUSY_TIMEOUT_SECONDS = 30.0

# Ranked first, then snippets for the best rows only: snippet() in the ranking query is
# worked out for every match (165 ms for "alliance" on 22,000 articles, against 21 ms).
RANK_ARTICLES = """
SELECT f.rowid AS fts_row FROM articles_fts f JOIN articles a ON a.id = f.article
WHERE articles_fts MATCH :query AND a.superseded_by IS NULL
ORDER BY f.rank LIMIT :limit
"""
SEARCH_ARTICLES = """
SELECT a.id AS article, a.title, a.source, a.url, a.published,
       snippet(articles_fts, -1, :open, :close, '…', 24) AS snippet,
       bm25(articles_fts) AS score
FROM articles_fts JOIN articles a ON a.id = articles_fts.article
WHERE articles_fts MATCH :query AND articles_fts.rowid = ANY(:rows)
ORDER BY score
"""

SEARCH_SENTENCES = """
SELECT article, span_start, span_end, sentence FROM sentences_fts
WHERE sentences_fts MATCH :query ORDER BY article, span_start
"""

TABLE_EXISTS = "SELECT name FROM sqlite_master WHERE type = 'table' AND name = :name"

_MESSAGES = (
    (
        "SQLITE_READONLY",
        "the knowledge base is read-only (file or folder permissions, or a "
        "read-only disk); nothing was written",
    ),
    ("SQLITE_FULL", "the disk is full; the article being written was rolled back"),
    ("SQLITE_BUSY", "another process kept the knowledge base locked for too long; try again"),
    ("SQLITE_LOCKED", "the knowledge base is locked by another connection; try again"),
    ("SQLITE_CANTOPEN", "cannot open the knowledge base (missing folder or no permission)"),
    ("SQLITE_NOTADB", "this file is not an allywatch knowledge base (not SQLite)"),
    ("SQLITE_CORRUPT", "the knowledge base file is damaged"),
    ("SQLITE_IOERR", "the disk failed while reading or writing the knowledge base"),
    ("SQLITE_PERM", "no permission to write the knowledge base"),
)


class SQLiteDatabase(Database):
    """A knowledge base in one SQLite file (or `:memory:`)."""

    dialect = "sqlite"
    sentences_matching = (
        "SELECT article, span_start FROM sentences_fts WHERE sentences_fts MATCH :text"
    )
    articles_matching = "SELECT article FROM articles_fts WHERE articles_fts MATCH :text"

    def __init__(self, path: str | Path, readonly: bool = False) -> None:
        self.location = str(path)
        self.readonly = readonly
        self._depth = 0
        with self._errors():
            self._conn = _connect(self.location, readonly)

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """sqlite3 errors as StoreError (base unusable) or ArticleRejectedError (bad data)."""
        try:
            yield
        except sqlite3.IntegrityError as error:
            raise ArticleRejectedError(str(error)) from error
        except sqlite3.DatabaseError as error:
            name = getattr(error, "sqlite_errorname", "") or ""
            for prefix, message in _MESSAGES:
                if name.startswith(prefix):
                    raise StoreError(f"{self.location}: {message} ({error})") from error
            if "not a database" in str(error):
                raise StoreError(f"{self.location}: {_MESSAGES[5][1]}") from error
            raise

    def execute(self, sql: str, params: Params | None = None) -> int:
        with self._errors():
            return self._conn.execute(*_bind(sql, params)).rowcount

    def executemany(self, sql: str, rows: Sequence[Params]) -> None:
        if rows:
            with self._errors():
                self._conn.executemany(_sqlite_sql(sql), [_lists_as_json(r) for r in rows])

    def fetchall(self, sql: str, params: Params | None = None) -> list[Row]:
        with self._errors():
            return [dict(row) for row in self._conn.execute(*_bind(sql, params))]

    def iterate(self, sql: str, params: Params | None = None) -> Iterator[Row]:
        with self._errors():
            cursor = self._conn.execute(*_bind(sql, params))
            yield from (dict(row) for row in cursor)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """`BEGIN IMMEDIATE` takes the write lock up front, so two writers queue, never deadlock."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
            self.execute("COMMIT")
        finally:
            self._depth = 0
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")

    def script(self, sql: str) -> None:
        for statement in split_statements(sql):
            self.execute(statement)

    def close(self) -> None:
        self._conn.close()

    def lock_schema(self) -> None:
        """Nothing to do: the migration's `BEGIN IMMEDIATE` already holds the write lock."""

    def table_exists(self, name: str) -> bool:
        return bool(self.fetchall(TABLE_EXISTS, {"name": name}))

    def search_articles(self, query: str, limit: int, marks: tuple[str, str]) -> list[Row]:
        best = self.fetchall(RANK_ARTICLES, {"query": query, "limit": limit})
        rows = [row["fts_row"] for row in best]
        params = {"query": query, "rows": rows, "open": marks[0], "close": marks[1]}
        return self.fetchall(SEARCH_ARTICLES, params) if rows else []

    def search_sentences(self, query: str, articles: Sequence[str]) -> list[Row]:
        """Sentences of `articles` matching `query` (the words in the sentence column only)."""
        ids = " OR ".join('"' + article.replace('"', '""') + '"' for article in articles)
        return self.fetchall(
            SEARCH_SENTENCES, {"query": f"sentence : ({query}) AND article : ({ids})"}
        )

    def integrity_check(self) -> str:
        rows = self.fetchall("PRAGMA integrity_check")
        return "; ".join(str(next(iter(row.values()))) for row in rows)


def _connect(location: str, readonly: bool) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), dict-like rows."""
    if readonly:
        conn = _connect_readonly(location)
    else:
        _refuse_unwritable(location)
        conn = sqlite3.connect(location, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        if location != ":memory:":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _connect_readonly(location: str) -> sqlite3.Connection:
    """`mode=ro` plus `query_only`: this connection cannot change the file, whatever it runs."""
    if location == ":memory:":
        raise StoreError(":memory: cannot be opened read-only: it would be empty")
    if not Path(location).is_file():
        raise StoreError(f"{location}: no knowledge base here (build one with `allywatch ingest`)")
    path = Path(location).resolve()
    # On a read-only filesystem nobody can change the file, and WAL's shared-memory file
    # cannot be made: `immutable=1` reads it as it stands.
    frozen = os.statvfs(path).f_flag & os.ST_RDONLY
    mode = "ro&immutable=1" if frozen else "ro"
    uri = f"file:{quote(str(path))}?mode={mode}"
    conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    conn.execute("PRAGMA query_only = ON")
    return conn


def _refuse_unwritable(location: str) -> None:
    """A base (or its folder, where WAL keeps its files) nobody may write: say so plainly,
    before SQLite reports it as "unable to open database file"."""
    if location == ":memory:":
        return
    path = Path(location).resolve()
    blocked = path if path.exists() else path.parent
    if blocked.exists() and not (os.access(blocked, os.W_OK) and os.access(path.parent, os.W_OK)):
        raise StoreError(f"{location}: {_MESSAGES[0][1]}")


def split_statements(sql: str) -> Iterator[str]:
    """A migration script as single statements; a trigger body's inner `;` does not split it."""
    pending = ""
    for piece in sql.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            statement = pending.strip()
            pending = ""
            if statement.strip(";").strip():
                yield statement


_ANY = re.compile(r"=\s*ANY\(:(\w+)\)")


@lru_cache(maxsize=256)
def _sqlite_sql(sql: str) -> str:
    """The shared SQL's `= ANY(:ids)` (a bound list) as SQLite's `IN (... json_each(:ids))`."""
    return _ANY.sub(r"IN (SELECT value FROM json_each(:\1))", sql)


def _lists_as_json(params: Params) -> dict[str, Any]:
    """List parameters travel to SQLite as one JSON array, read back by `json_each`."""
    return {k: json.dumps(v) if isinstance(v, (list, tuple)) else v for k, v in params.items()}


def _bind(sql: str, params: Params | None) -> tuple[str, dict[str, Any]]:
    return _sqlite_sql(sql), _lists_as_json(params or {})
