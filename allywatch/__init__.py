"""allywatch: Indo-Pacific security news as a sourced, checkable knowledge base.

    >>> import allywatch
    >>> kb = allywatch.open("allywatch.db")                              # doctest: +SKIP
    >>> kb.events(country="JPN", since="2025-12-01")                     # doctest: +SKIP

Heavy modules (spaCy, pandas, database drivers) load only when first used.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from allywatch.store import Store

__version__ = "0.1.0"
__all__ = ["__version__", "open", "open_store"]

logging.getLogger(__name__).addHandler(logging.NullHandler())


def open_store(target: str | Path = "allywatch.db", *, readonly: bool = False) -> Store:
    """Open a knowledge base: a SQLite file or a postgresql:// URL (see `allywatch.store`).

    Its `people()`, `events()`, `amounts()`, `targets()`, `ratios()`, `relations()` and
    `quotes()` return pandas DataFrames and take the filters country, person, type, since,
    until and text; `query()` and `search()` return plain rows.
    """
    from allywatch.store import open_store as open_knowledge_base

    return open_knowledge_base(target, readonly=readonly)


def open(target: str | Path = "allywatch.db", *, readonly: bool = False) -> Store:
    """Short for `open_store`: `allywatch.open("allywatch.db").events(country="JPN")`.

    (It is `allywatch.open`, so it shadows the built-in `open` only inside this module.)
    """
    return open_store(target, readonly=readonly)
