"""Ordered schema migrations: `schema/NNNN_name.sql`, or `NNNN_name.<dialect>.sql` for one backend.

Each migration runs once, in its own transaction, and is recorded in `_migrations` (the
sqlite-utils Migrations pattern). Two processes opening a new base at once serialise on the
write lock (SQLite) or an advisory lock (PostgreSQL), and the second finds nothing to do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from allywatch.store.backend import Database, StoreError, now

_FILE = re.compile(r"^(?P<name>(?P<number>\d{4})_\w+?)(?:\.(?P<dialect>sqlite|postgres))?\.sql$")

CREATE_TABLE = """
CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)
"""
APPLIED = "SELECT name FROM _migrations ORDER BY name"
RECORD = "INSERT INTO _migrations (name, applied_at) VALUES (:name, :applied_at)"


@dataclass(frozen=True)
class Migration:
    """One schema step: its recorded name ("0002_search") and its SQL for one backend."""

    name: str
    sql: str


@cache
def migrations(dialect: str) -> tuple[Migration, ...]:
    """This backend's migrations in order: shared files and its own, by number."""
    found = []
    for entry in resources.files("allywatch.store").joinpath("schema").iterdir():
        match = _FILE.match(entry.name)
        if match and match["dialect"] in (None, dialect):
            found.append(Migration(match["name"], entry.read_text("utf-8")))
    return tuple(sorted(found, key=lambda m: m.name))


def applied(db: Database) -> list[str]:
    """Names of the migrations this base has had, or [] for an empty database."""
    return [row["name"] for row in db.fetchall(APPLIED)] if db.table_exists("_migrations") else []


def migrate(db: Database) -> list[str]:
    """Bring the schema up to date; returns the names of the migrations it ran.

    A base already up to date is only read, so opening it takes no write lock.
    """
    known = migrations(db.dialect)
    if {m.name for m in known} <= set(applied(db)):
        return []
    ran = []
    for migration in known:
        with db.transaction():
            db.lock_schema()
            db.execute(CREATE_TABLE)
            if migration.name in applied(db):
                continue
            db.script(migration.sql)
            db.execute(RECORD, {"name": migration.name, "applied_at": now()})
            ran.append(migration.name)
    return ran


def check_current(db: Database) -> None:
    """Refuse a base this version cannot read: none at all, older, or newer than this code."""
    done = applied(db)
    known = [m.name for m in migrations(db.dialect)]
    if not done:
        raise StoreError(f"{db.location}: not an allywatch knowledge base (no schema)")
    if set(done) - set(known):
        raise StoreError(f"{db.location}: made by a newer allywatch; upgrade allywatch to read it")
    if set(known) - set(done):
        raise StoreError(
            f"{db.location}: made by an older allywatch; open it once for writing "
            "(for example `allywatch ingest`) to upgrade its schema"
        )
