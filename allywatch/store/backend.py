"""What both database backends offer the store: bound-parameter SQL, transactions, clear errors.

Every statement in the store is made of constant strings, with `:name` placeholders; each
backend binds them its own way. Values are always bound, never formatted into SQL (optional
filters add constant clauses, see `filters.py`), and a list is one parameter,
`col = ANY(:ids)` (PostgreSQL arrays; SQLite reads it with `json_each`). An identifier that
must be built goes through `quote_identifier`.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any

Row = dict[str, Any]
Params = Mapping[str, Any]


class StoreError(RuntimeError):
    """The knowledge base cannot be used as asked: read-only, disk full, busy, not a base.

    Raised with the transaction of the article being written rolled back, so a failed write
    never leaves part of an article behind.
    """


class ArticleRejectedError(ValueError):
    """One article's facts cannot be stored (a fact id already taken, say); others still can."""


def now() -> str:
    """The current UTC time as ISO 8601 with microseconds: the store's timestamps."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def quote_identifier(name: str) -> str:
    """A table or column name made safe for SQL: double quotes around it, inner quotes doubled."""
    return '"' + name.replace('"', '""') + '"'


def like_pattern(text: str) -> str:
    """A `LIKE ... ESCAPE '\\'` pattern finding `text` anywhere; its own % and _ are literal."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


_NAMED = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


def pyformat(sql: str) -> str:
    """`:name` placeholders as `%(name)s` (psycopg's style), literal `%` doubled."""
    return _NAMED.sub(r"%(\1)s", sql.replace("%", "%%"))


class Database(ABC):
    """One connection to a knowledge base. Not shared between threads: open one per thread."""

    dialect: str
    readonly: bool
    location: str
    # Full-text matches of the search terms bound as :text (see search.search_terms):
    # (article, span_start) of matching sentences, and ids of matching articles.
    sentences_matching: str
    articles_matching: str

    @abstractmethod
    def execute(self, sql: str, params: Params | None = None) -> int:
        """Run one statement; returns the number of rows it changed."""

    @abstractmethod
    def executemany(self, sql: str, rows: Sequence[Params]) -> None:
        """Run one statement once per parameter set."""

    @abstractmethod
    def fetchall(self, sql: str, params: Params | None = None) -> list[Row]:
        """All rows of a query, each a dict keyed by column name."""

    @abstractmethod
    def iterate(self, sql: str, params: Params | None = None) -> Iterator[Row]:
        """Rows of a query one at a time, for exports larger than memory."""

    @abstractmethod
    def transaction(self) -> AbstractContextManager[None]:
        """All statements inside commit together or not at all; writes are serialised."""

    @abstractmethod
    def script(self, sql: str) -> None:
        """Run several `;`-separated statements (schema migrations), inside the transaction."""

    @abstractmethod
    def close(self) -> None:
        """Release the connection."""

    @abstractmethod
    def table_exists(self, name: str) -> bool:
        """Whether the schema holds a table of this name."""

    @abstractmethod
    def lock_schema(self) -> None:
        """Inside a transaction: keep other processes from migrating at the same time."""

    @abstractmethod
    def search_articles(self, query: str, limit: int, marks: tuple[str, str]) -> list[Row]:
        """Current articles matching a cleaned full-text query, best first, with a snippet."""

    @abstractmethod
    def search_sentences(self, query: str, articles: Sequence[str]) -> list[Row]:
        """Fact sentences of `articles` matching a cleaned full-text query."""

    def fetchone(self, sql: str, params: Params | None = None) -> Row | None:
        """The first row of a query, or None."""
        rows = self.fetchall(sql, params)
        return rows[0] if rows else None

    def scalar(self, sql: str, params: Params | None = None) -> Any:
        """The first column of the first row, or None."""
        row = self.fetchone(sql, params)
        return next(iter(row.values())) if row else None

    def integrity_check(self) -> str:
        """ "ok" when the database finds no corruption; backends without such a check say "ok"."""
        return "ok"
