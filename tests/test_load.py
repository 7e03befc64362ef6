"""50 clients on the served app while an ingest writes to the same base (issue 9, item 5).

`allywatch serve` runs with its default host on a free port over a copy of the demo base, and
`allywatch ingest` adds articles to that same SQLite file for the whole run. 50 concurrent
clients ask for every page, its JSON twin and searches for LOAD_SECONDS. Every answer must be a
200 (no timeout, no dropped connection, no `database is locked`), the app must pick up the new
articles, the server must listen on loopback only, and the base must pass
`PRAGMA integrity_check`. Requests, errors and latency percentiles go to the trust report.

LOAD_SECONDS is the full minute the issue asks for (the whole suite stays near 4 minutes with
it); ALLYWATCH_LOAD_SECONDS shortens it for a quick local run.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import signal
import socket
import sqlite3
import statistics
import subprocess
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from demo_base import demo_db, page_paths, twin_path
from trust_fixtures import ALLYWATCH, copy_base, write_corpus
from trust_report import record

from allywatch.report.live import StoreSource

LOAD_SECONDS = float(os.environ.get("ALLYWATCH_LOAD_SECONDS", "60"))
CLIENTS = 50
ARTICLES_PER_SECOND = 60  # far more than the ingest extracts (about 30/s), so it outlasts the load
START_SECONDS = 180.0
LOOPBACK = {"0100007F", "00000000000000000000000001000000"}  # 127.0.0.1 and ::1 in /proc/net
SEARCHES = [
    "/search.json?q=Koizumi",
    "/search?q=defense+budget",
    "/search.json?q=%22Indo-Pacific%22",
]

pytestmark = pytest.mark.slow


@dataclass
class Tally:
    """Every answered request's latency, and what went wrong."""

    latencies: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    reconnects: int = 0

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0

    def summary(self, seconds: float) -> dict[str, Any]:
        def ms(value: float) -> int:
            return round(value * 1000)

        return {
            "clients": CLIENTS,
            "seconds": round(seconds, 1),
            "requests": len(self.latencies) + self.errors.total(),
            "errors": self.errors.total(),
            "requests_per_second": round(len(self.latencies) / seconds, 1),
            "p50_ms": ms(statistics.median(self.latencies)) if self.latencies else None,
            "p95_ms": ms(self.percentile(0.95)),
            "p99_ms": ms(self.percentile(0.99)),
            "max_ms": ms(max(self.latencies, default=0.0)),
            "error_samples": dict(self.errors.most_common(5)),
            "reconnects": self.reconnects,
        }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def stored(db: Path) -> int:
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)) as conn:
        return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])


def listening_addresses(port: int) -> set[str]:
    """Local addresses of the sockets listening on `port` (from Linux's /proc/net)."""
    found = set()
    for table in (Path("/proc/net/tcp"), Path("/proc/net/tcp6")):
        for line in table.read_text().splitlines()[1:] if table.exists() else []:
            local, state = line.split()[1], line.split()[3]
            address, _, hex_port = local.partition(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def wait_for(ready: Callable[[], bool], what: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_SECONDS
    while not ready():
        assert process.poll() is None, f"the process ended while waiting for {what}"
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


@contextmanager
def started(
    command: list[str], log: Path, stop: signal.Signals
) -> Iterator[subprocess.Popen[bytes]]:
    """A command running in the background, its output in `log`; sent `stop` at the end."""
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    try:
        yield process
    finally:
        process.send_signal(stop)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def overview(url: str) -> dict[str, Any] | None:
    try:
        response = httpx.get(f"{url}/index.json", timeout=30)
    except httpx.HTTPError:
        return None
    return response.json() if response.status_code == 200 else None


def request_paths(db: Path) -> list[str]:
    """Every page and its twin on real ids, and a few searches: what analysts click through."""
    pages = page_paths(StoreSource(str(db)).base()).values()
    return [*pages, *(twin_path(p) for p in pages), *SEARCHES]


async def client(
    http: httpx.AsyncClient, paths: list[str], offset: int, until: float, tally: Tally
) -> None:
    """One analyst: request after request, round the pages, until the time is up."""
    for path in itertools.islice(itertools.cycle(paths), offset, None):
        if time.monotonic() >= until:
            return
        start = time.perf_counter()
        try:
            response = await fetch(http, path, tally)
        except httpx.HTTPError as error:
            tally.errors[f"{type(error).__name__} {path}"] += 1
            continue
        tally.latencies.append(time.perf_counter() - start)
        if response.status_code != 200 or "database is locked" in response.text:
            tally.errors[f"{response.status_code} {path}"] += 1


async def fetch(http: httpx.AsyncClient, path: str, tally: Tally) -> httpx.Response:
    """GET, sent again once if the server had closed the kept-alive connection first.

    The server drops a connection idle for 5 s; a request sent on it at that moment finds it
    closed before any answer. Browsers send such a GET again, so does this client, and counts it.
    """
    try:
        return await http.get(path)
    except (httpx.ReadError, httpx.RemoteProtocolError):
        tally.reconnects += 1
        return await http.get(path)


async def load(url: str, paths: list[str], seconds: float) -> Tally:
    tally = Tally()
    until = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as http:
        await asyncio.gather(*(client(http, paths, n, until, tally) for n in range(CLIENTS)))
    return tally


def test_load_50_clients_while_an_ingest_writes(tmp_path: Path) -> None:
    db, corpus, port = tmp_path / "kb.db", tmp_path / "corpus", free_port()
    copy_base(demo_db(), db)
    write_corpus(corpus, int(ARTICLES_PER_SECOND * (LOAD_SECONDS + 30)))
    paths, initial, url = request_paths(db), stored(db), f"http://127.0.0.1:{port}"
    ingest_command = [*ALLYWATCH, "ingest", str(corpus), "--db", str(db)]
    serve_command = [*ALLYWATCH, "serve", "--db", str(db), "--port", str(port)]
    with (
        started(ingest_command, tmp_path / "ingest.log", signal.SIGTERM) as ingest,
        started(serve_command, tmp_path / "serve.log", signal.SIGINT) as server,
    ):
        wait_for(lambda: overview(url) is not None, "the server to answer", server)
        assert listening_addresses(port) <= LOOPBACK, listening_addresses(port)
        seen_before = overview(url)["counts"]["articles"]  # type: ignore[index]
        wait_for(lambda: stored(db) > initial, "the ingest's first article", ingest)
        at_start, clock = stored(db), time.monotonic()
        tally = asyncio.run(load(url, paths, LOAD_SECONDS))
        summary = tally.summary(time.monotonic() - clock)
        summary["articles_ingested_during_load"] = stored(db) - at_start
        still_ingesting = ingest.poll() is None
        wait_for(
            lambda: overview(url)["counts"]["articles"] > seen_before,  # type: ignore[index]
            "the app to show the new articles",
            server,
        )
    record("load", summary)
    print(json.dumps(summary, indent=2))

    assert not tally.errors, summary
    assert summary["requests"] >= CLIENTS * 4, summary
    assert still_ingesting and summary["articles_ingested_during_load"] > 0, "no overlap"
    logs = (tmp_path / "serve.log").read_text(errors="replace")
    logs += (tmp_path / "ingest.log").read_text(errors="replace")
    assert "locked" not in logs and "Traceback" not in logs, logs[-3000:]
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
