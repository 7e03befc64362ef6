"""Finished pages of the loaded base, so a page asked for again costs a look-up.

On a large base a page is built from thousands of facts (a state's page on the 100,000-fact
benchmark base took two seconds to build and validate), while the base changes only when an
ingest adds to it. Pages are kept by path, query and format, the most recently used first, up
to `MAX_BYTES` in all; a new base (the store changed) empties the cache.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

MAX_BYTES = 128 * 2**20


@dataclass(frozen=True)
class Page:
    """A finished response body and its media type."""

    body: bytes
    media_type: str


class PageCache:
    """Pages of one base, least recently used dropped first; safe to share between threads."""

    def __init__(self, max_bytes: int = MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self._pages: OrderedDict[Hashable, Page] = OrderedDict()
        self._bytes = 0
        self._base: object = None
        self._lock = threading.Lock()

    def get(self, base: object, key: Hashable, make: Callable[[], Page]) -> Page:
        """The page kept for `key` on `base`, else `make()` (kept if it fits)."""
        with self._lock:
            if base is not self._base:
                self._pages.clear()
                self._bytes, self._base = 0, base
            if key in self._pages:
                self._pages.move_to_end(key)
                return self._pages[key]
        page = make()
        with self._lock:
            if base is self._base and key not in self._pages:
                self._keep(key, page)
        return page

    def _keep(self, key: Hashable, page: Page) -> None:
        if len(page.body) > self.max_bytes // 4:
            return
        self._pages[key] = page
        self._bytes += len(page.body)
        while self._bytes > self.max_bytes:
            _, dropped = self._pages.popitem(last=False)
            self._bytes -= len(dropped.body)
