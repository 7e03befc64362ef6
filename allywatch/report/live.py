"""The knowledge base as the pages read it, loaded from the store and kept fresh.

The whole base is read into a `Base` once (articles, merged events with their mentions, people
with their roles over time, facts with their checks), so a page is built from memory in a few
milliseconds. Another process may ingest meanwhile: after `REFRESH_SECONDS` the next request
starts a background thread that asks the store for its revision (one cheap query) and reloads
only if it changed, answering from the current base until the new one is ready; a large,
unchanging base is then never re-read. A `Store` is not shared between threads, so each piece
of work opens its own.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from allywatch.report.source import Base, Row
from allywatch.store import Store, StoreError, open_store
from allywatch.store.queries import articles

REFRESH_SECONDS = 5.0
MAX_ARTICLES = 20  # a page of search results: the best articles, each with its sentences
HIT_KEYS = ("type", "article", "title", "span", "text", "kinds")


@contextmanager
def opened(location: str, readonly: bool = True) -> Iterator[Store]:
    """A store for one piece of work, closed after it."""
    store = open_store(location, readonly=readonly)
    try:
        yield store
    finally:
        store.close()


def load_base(store: Store) -> Base:
    """Every current article, fact, check, merged event and person of the store."""
    facts = store.facts()
    checks = [{"fact": f["id"], **c} for f in facts for c in f.pop("checks", [])]
    events = [
        {**e, "mentions": [{**m, "span": list(m["span"])} for m in e["mentions"]]}
        for e in store.query("events")
    ]
    return Base(
        articles=articles(store.db),
        people=store.query("people"),
        facts=facts,
        checks=checks,
        events=events,
    )


def held(store: Store) -> Base:
    """`load_base`, with what it loaded then kept out of the garbage collector's walks: a base
    of 100,000 facts is millions of objects, and a full collection over them all paused a
    request for a second. (They are still freed, by reference counting, when let go.)"""
    base = load_base(store)
    gc.freeze()
    return base


class StoreSource:
    """Pages over a live store: a cached `Base`, full-text search, and adding articles."""

    def __init__(self, location: str, writable: bool = False) -> None:
        self.location = location
        self.writable = writable
        self._lock = threading.Lock()
        with opened(location) as store:
            self._revision = store.revision()
            self._base = held(store)
        self._loaded = time.monotonic()
        self._reloading = False

    def base(self) -> Base:
        """The current base; a stale one is answered with while a fresh one loads."""
        if time.monotonic() - self._loaded > REFRESH_SECONDS and not self._reloading:
            self._reloading = True
            threading.Thread(target=self.refresh, daemon=True).start()
        return self._base

    def refresh(self) -> bool:
        """Reload the base if the store has changed since it was loaded; whether it did."""
        try:
            with opened(self.location) as store:
                revision = store.revision()
                if revision == self._revision:
                    return False
                self._base = held(store)
                self._revision = revision
                return True
        except StoreError:
            return False  # keep answering from the base we have; the next request tries again
        finally:
            self._loaded = time.monotonic()
            self._reloading = False

    def search(self, query: str) -> list[Row]:
        """The store's full-text search; any input is safe (it never reaches FTS as syntax)."""
        with opened(self.location) as store:
            hits = store.search(query, limit=MAX_ARTICLES, marks=("", ""))
        return [{key: hit.get(key) for key in HIT_KEYS} for hit in hits]

    def add(self, paths: Iterable[Path], published: str | None) -> list[str]:
        """Extract and store articles, then reload at once so the new ones are there."""
        from allywatch.pipeline import extract_paths  # spaCy loads only when a write comes

        if not self.writable:
            raise StoreError("this app was started read-only")
        document, _failures = extract_paths(list(paths), published)
        with self._lock, opened(self.location, readonly=False) as store:
            store.add_document(document)
            self._revision = store.revision()
            self._base = held(store)
        return [article.id for article in document.articles]
