"""The web app's page cache: pages kept per base, least recently used dropped first."""

from __future__ import annotations

from allywatch.web.cache import Page, PageCache


def _page(size: int) -> Page:
    return Page(b"x" * size, "text/plain")


def test_page_cache_builds_once_per_base_and_forgets_an_old_base() -> None:
    cache, built = PageCache(), []

    def make() -> Page:
        built.append(1)
        return _page(10)

    first, second = object(), object()
    assert cache.get(first, "k", make) == cache.get(first, "k", make)
    assert len(built) == 1
    cache.get(second, "k", make)
    cache.get(first, "k", make)
    assert len(built) == 3, "a new base empties the cache"


def test_page_cache_drops_the_least_recently_used_beyond_its_bytes() -> None:
    cache, base = PageCache(max_bytes=100), object()
    for key in "abcd":
        cache.get(base, key, lambda: _page(25))  # 100 bytes: all kept
    cache.get(base, "a", lambda: _page(1))  # a hit: "a" becomes the most recently used
    cache.get(base, "e", lambda: _page(25))  # 125 bytes: "b", least recently used, goes
    assert len(cache.get(base, "a", lambda: _page(1)).body) == 25
    assert len(cache.get(base, "b", lambda: _page(1)).body) == 1
    assert len(cache.get(base, "huge", lambda: _page(26)).body) == 26
    assert len(cache.get(base, "huge", lambda: _page(3)).body) == 3, "over a quarter: not kept"
