"""The knowledge base: facts-v1 documents in and out of SQLite or PostgreSQL; the only SQL.

>>> from allywatch.store import open_store
>>> store = open_store("allywatch.db", readonly=True)     # doctest: +SKIP
>>> store.query("events", Filters(country="JPN", since="2025-12-01"))  # doctest: +SKIP
"""

from allywatch.store.backend import ArticleRejectedError, StoreError
from allywatch.store.db import DEFAULT_DB, Store, open_store
from allywatch.store.queries import QUERY_NAMES, Filters
from allywatch.store.write import Outcome, Run, new_run

__all__ = [
    "DEFAULT_DB",
    "QUERY_NAMES",
    "ArticleRejectedError",
    "Filters",
    "Outcome",
    "Run",
    "Store",
    "StoreError",
    "new_run",
    "open_store",
]
