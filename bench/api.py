"""Web API and full-text search latency on a knowledge base, run by bench/run.py.

The app of `allywatch serve` (`allywatch.web.app.create_app` over a read-only `StoreSource`,
warmed up as `serve` warms it) is called in-process through FastAPI's `TestClient`, so the
numbers are the app's own time without network. Requests cycle over the JSON twins of every
page with parameters drawn at random (seeded) from the base: article and person ids, state
codes, event filters, years, search words, so pages cached by parameter are not all hits.
Search is also timed at the store (`Store.search`, SQLite FTS5) without the web layer, and so
is each named query of `allywatch query` (a page of 50 rows, unfiltered or by a random state).

Usage: `python bench/api.py DB [--requests 400]`; prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

SEARCH_WORDS = (
    "alliance",
    "defense",
    "minister",
    "missile",
    "exercise",
    "budget",
    "summit",
    "China",
    "Japan",
    "Philippines",
    "maritime",
    "deterrence",
    "Taiwan",
    "cooperation",
    "security",
    "Korea",
    "Australia",
    "agreement",
    "spending",
    "navy",
    "trilateral",
    "Quad",
    "talks",
)
STATES = ("JPN", "USA", "CHN", "AUS", "KOR", "PHL", "IND", "TWN", "PRK", "NZL")
EVENT_TYPES = ("CONSULT", "AGREE", "COOPERATE", "DISAPPROVE", "SUPPORT", "AID", "DEMAND")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summary(values: list[float]) -> dict[str, float]:
    """Milliseconds: median, 95th percentile, worst, count."""
    ms = [v * 1000 for v in values]
    return {
        "n": len(ms),
        "p50": statistics.median(ms),
        "p95": percentile(ms, 0.95),
        "max": max(ms),
    }


def route_makers(base: Any, rng: random.Random) -> dict[str, Callable[[], str]]:
    """Each page's JSON twin, with a fresh random parameter at every call."""
    article_ids = [a["id"] for a in base.articles]
    person_ids = [p["id"] for p in base.people] or ["nobody"]
    years = sorted({(a.get("published") or "2025")[:4] for a in base.articles})
    return {
        "overview": lambda: "/index.json",
        "article": lambda: f"/articles/{rng.choice(article_ids)}.json",
        "person": lambda: f"/people/{rng.choice(person_ids)}.json",
        "state": lambda: f"/states/{rng.choice(STATES)}.json",
        "events (filtered)": lambda: _events_query(rng, years),
        "network": lambda: f"/network.json?period={rng.choice(years)}",
        "money": lambda: "/money.json",
        "map": lambda: "/map.json",
        "search": lambda: f"/search.json?q={_search_words(rng)}",
    }


def _events_query(rng: random.Random, years: list[str]) -> str:
    year = rng.choice(years)
    actor = rng.choice(STATES)
    kind = rng.choice(EVENT_TYPES)
    return f"/events.json?actor={actor}&type={kind}&since={year}-01-01&until={year}-12-31"


def _search_words(rng: random.Random) -> str:
    return " ".join(rng.sample(SEARCH_WORDS, rng.choice((1, 1, 2))))


def measure_api(db: Path, requests: int, seed: int = 11) -> dict[str, Any]:
    from fastapi.testclient import TestClient

    from allywatch.report.live import StoreSource
    from allywatch.web.app import create_app
    from allywatch.web.views import warm_up

    started = time.perf_counter()
    app = create_app(StoreSource(str(db)))
    warm_up(app)
    startup = time.perf_counter() - started
    rng = random.Random(seed)
    makers = route_makers(app.state.source.base(), rng)
    times: dict[str, list[float]] = defaultdict(list)
    statuses: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    with TestClient(app, raise_server_exceptions=False) as client:
        for number in range(requests):
            name, make = list(makers.items())[number % len(makers)]
            url = make()
            begun = time.perf_counter()
            response = client.get(url)
            times[name].append(time.perf_counter() - begun)
            statuses[name][response.status_code] += 1
    everything = [t for values in times.values() for t in values]
    return {
        "startup_seconds": startup,
        "all": summary(everything),
        "routes": {name: summary(values) for name, values in times.items()},
        "statuses": {name: dict(codes) for name, codes in statuses.items()},
    }


def measure_store_search(db: Path, queries: int, seed: int = 12) -> dict[str, Any]:
    from allywatch.store import open_store

    rng = random.Random(seed)
    times = []
    with open_store(db, readonly=True) as store:
        store.search("alliance")
        for _ in range(queries):
            words = _search_words(rng)
            begun = time.perf_counter()
            store.search(words, limit=20)
            times.append(time.perf_counter() - begun)
    return summary(times)


def measure_store_queries(db: Path, rounds: int, seed: int = 13) -> dict[str, Any]:
    """Each named query (`allywatch query NAME --limit 50`), unfiltered and by a random state."""
    from allywatch.store import Filters, open_store
    from allywatch.store.queries import QUERY_NAMES

    rng = random.Random(seed)
    times: dict[str, list[float]] = defaultdict(list)
    with open_store(db, readonly=True) as store:
        for _ in range(rounds):
            for name in QUERY_NAMES:
                for filters in (None, Filters(country=rng.choice(STATES))):
                    begun = time.perf_counter()
                    store.query(name, filters, limit=50)
                    times[name].append(time.perf_counter() - begun)
    return {name: summary(values) for name, values in times.items()}


def base_size(db: Path) -> dict[str, int]:
    from allywatch.store import open_store

    with open_store(db, readonly=True) as store:
        counts = store.counts()
    keys = ("articles", "current_facts", "facts", "people", "events", "checks", "sentences")
    return {key: counts.get(key, 0) for key in keys}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--requests", type=int, default=450)
    args = parser.parse_args()
    result = {
        "base": base_size(args.db),
        "api": measure_api(args.db, args.requests),
        "store_search": measure_store_search(args.db, 200),
        "store_queries": measure_store_queries(args.db, 10),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
