"""bench/results.md from bench/results.json: the machine, the numbers, the ratios that matter."""

from __future__ import annotations

import os
import platform
import sqlite3
from importlib.metadata import version
from pathlib import Path
from typing import Any

import psutil

CASE_NAMES = {
    "a": "(a) bare en_core_web_sm `nlp.pipe`",
    "b": "(b) `allywatch extract` pipeline",
    "c": "(c) `allywatch ingest` into SQLite",
    "d": "(d) ingest, `--workers 2`",
    "e": "(e) ingest, Dask LocalCluster, 2 workers",
}
MB = 1024 * 1024
CORES = os.cpu_count() or 1


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def machine() -> list[str]:
    from allywatch.nlp.pipeline import MODEL_NAME

    packages = (
        "allywatch",
        "spacy",
        MODEL_NAME.replace("_", "-"),
        "dask",
        "distributed",
        "fastapi",
    )
    return [
        f"- CPU: {cpu_model()}, {os.cpu_count()} logical cores (`nproc`)",
        f"- RAM: {psutil.virtual_memory().total / 1024**3:.1f} GiB",
        f"- OS: {platform.platform()}",
        f"- Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}",
        "- " + ", ".join(f"{name} {_version(name)}" for name in packages),
    ]


def _version(name: str) -> str:
    try:
        return version(name)
    except Exception:  # a package missing from this environment is reported, not fatal
        return "not installed"


def case_rows(cases: dict[str, Any]) -> list[str]:
    rows = [
        "| size | case | articles/s | words/s | peak RSS (MB) | CPU ms / article | cores busy "
        "| time (s) | start-up (s) | load avg before→after | measured |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for record in sorted(cases.values(), key=lambda r: (r["size"], r["case"])):
        seconds = record["seconds"]
        rows.append(
            f"| {record['size']:,} | {CASE_NAMES[record['case']]} "
            f"| {record['articles'] / seconds:.2f} | {record['words'] / seconds:,.0f} "
            f"| {record['peak_rss'] / MB:,.0f} "
            f"| {1000 * record['timed_cpu'] / record['articles']:.0f} "
            f"| {record['timed_cpu'] / seconds:.2f} | {seconds:,.1f} | {record['startup']:.1f} "
            f"| {record['load_before']:.1f}→{record['load_after']:.1f} "
            f"| {record.get('measured', 'before 2026-12-04')} |"
        )
    return rows


def checks(results: dict[str, Any]) -> list[str]:
    """The issue's must-show lines, each with its numbers and PASS or FAIL."""
    cases = results["cases"]
    sizes = sorted({r["size"] for r in cases.values()})
    lines = _paired_lines(results.get("paired") or {})
    for size in sizes:
        lines += _ratio_line(cases, size, "b", "a", 0.5, "(b) ≥ ½ × (a)")
        lines += _ratio_line(cases, size, "d", "c", 1.8, "(d) ≥ 1.8 × (c)")
    if len(sizes) >= 2:
        small, large = (1000, 10_000) if {1000, 10_000} <= set(sizes) else (sizes[0], sizes[-1])
        for case in "abcde":
            lines += _rss_line(cases, small, large, case)
    lines += _api_lines(results.get("api"))
    lines += _resume_lines(cases)
    return lines


def _resume_lines(cases: dict[str, Any]) -> list[str]:
    """Resuming: the same corpus ingested again, every article skipped before any NLP."""
    resumed = [r for r in cases.values() if r.get("resume_skipped")]
    if not resumed:
        return []
    largest = max(resumed, key=lambda r: (r["size"], r["case"]))
    rate = largest["resume_skipped"] / largest["resume_seconds"]
    return [
        f"- resuming: ingesting the {largest['size']:,} articles of {CASE_NAMES[largest['case']]} "
        f"again skipped all {largest['resume_skipped']:,} in {largest['resume_seconds']:.1f} s "
        f"({rate:,.0f} articles/s, no NLP)"
    ]


PAIRED = {"ab": ("(b) ≥ ½ × (a)", 0.5, "(b)", "(a)"), "cd": ("(d) ≥ 1.8 × (c)", 1.8, "(d)", "(c)")}


def _paired_lines(paired: dict[str, Any]) -> list[str]:
    """The interleaved ratios: both cases met the same background load."""
    lines = []
    for record in sorted(paired.values(), key=lambda r: (r["pair"], r["size"])):
        label, floor, top, bottom = PAIRED[record["pair"]]
        base, measured = record["seconds"]  # time of (a) or (c), then of (b) or (d)
        ratio = base / measured
        lines.append(
            f"- {label}, paired (interleaved slices, {record['size']:,} articles): {top} took "
            f"{measured:,.0f} s, {bottom} {base:,.0f} s: throughput ratio {ratio:.2f} "
            f"{_verdict(ratio >= floor)} (load average {record['load_before']:.1f}"
            f"→{record['load_after']:.1f})"
        )
    return lines


def _verdict(ok: bool) -> str:
    return "**PASS**" if ok else "**FAIL**"


def _ratio_line(
    cases: dict[str, Any], size: int, top: str, bottom: str, floor: float, label: str
) -> list[str]:
    upper, lower = cases.get(f"{size}/{top}"), cases.get(f"{size}/{bottom}")
    if upper is None or lower is None:
        return []
    measured = _rate(upper) / _rate(lower)
    by_cpu = _cpu_per_article(lower) / _cpu_per_article(upper)
    parallel = top == "d"
    expected = by_cpu * (CORES if parallel else 1)
    basis = (
        f"{CORES} cores × CPU per article (c) / (d)" if parallel else "CPU per article (a) / (b)"
    )
    return [
        f"- {label} at {size:,} articles: measured {_rate(upper):.2f} / {_rate(lower):.2f} "
        f"articles/s = {measured:.2f} {_verdict(measured >= floor)}; on an otherwise idle "
        f"machine ({basis}) {expected:.2f} {_verdict(expected >= floor)}"
    ]


def _rate(record: dict[str, Any]) -> float:
    return float(record["articles"]) / float(record["seconds"])


def _cpu_per_article(record: dict[str, Any]) -> float:
    return float(record["timed_cpu"]) / float(record["articles"])


def _rss_line(cases: dict[str, Any], small: int, large: int, case: str) -> list[str]:
    low, high = cases.get(f"{small}/{case}"), cases.get(f"{large}/{case}")
    if not low or not high:
        return []
    ratio = high["peak_rss"] / low["peak_rss"]
    return [
        f"- peak RSS of {CASE_NAMES[case]}: {high['peak_rss'] / MB:,.0f} MB at {large:,} vs "
        f"{low['peak_rss'] / MB:,.0f} MB at {small:,} = {ratio:.2f}× "
        f"{_verdict(ratio <= 1.2)} (limit 1.20×)"
    ]


def _api_lines(api: dict[str, Any] | None) -> list[str]:
    if not api:
        return ["- API and search: not measured yet"]
    facts = api["base"]["current_facts"]
    p95 = api["api"]["all"]["p95"]
    search = api["api"]["routes"]["search"]["p95"]
    return [
        f"- API p95 over all pages on {facts:,} facts: {p95:.1f} ms {_verdict(p95 < 50)} "
        "(limit 50 ms)",
        f"- search p95 (web `/search.json`) on {facts:,} facts: {search:.1f} ms "
        f"{_verdict(search < 100)} (limit 100 ms); at the store alone "
        f"{api['store_search']['p95']:.1f} ms",
    ]


def api_rows(api: dict[str, Any] | None) -> list[str]:
    if not api:
        return ["Not measured yet."]
    base = api["base"]
    rows = [
        f"Base: {base['articles']:,} articles, {base['current_facts']:,} current facts, "
        f"{base['people']:,} people, {base['events']:,} merged events, {base['checks']:,} "
        f"checks. App start-up (loading the base, warm-up): {api['api']['startup_seconds']:.1f} "
        f"s; peak RSS {api['peak_rss'] / MB:,.0f} MB.",
        "",
        "| route (JSON twin) | requests | p50 (ms) | p95 (ms) | max (ms) | HTTP status |",
        "|---|---:|---:|---:|---:|---|",
    ]
    statuses = api["api"]["statuses"]
    routes = {
        **api["api"]["routes"],
        "all pages": api["api"]["all"],
        "store search (FTS5, no web)": api["store_search"],
        **{
            f"store `query {name}`, 50 rows": stats
            for name, stats in api.get("store_queries", {}).items()
        },
    }
    for name, stats in routes.items():
        codes = ", ".join(f"{n}× {code}" for code, n in statuses.get(name, {}).items())
        rows.append(
            f"| {name} | {stats['n']} | {stats['p50']:.1f} | {stats['p95']:.1f} "
            f"| {stats['max']:.1f} | {codes} |"
        )
    return rows


def write_report(results: dict[str, Any], path: Path) -> None:
    lines = [
        "# allywatch benchmark results",
        "",
        "Written by `make bench` (`bench/run.py`); how the corpus is built and what each case "
        "measures is in `bench/README.md`. Compare ratios, not absolute times: other sessions "
        "shared this machine while it ran (the load average is shown per case; 2.0 means "
        "both cores busy).",
        "",
        "## Machine",
        "",
        *machine(),
        "",
        "## Must show",
        "",
        *checks(results),
        "",
        "## Throughput and memory",
        "",
        "Throughput is over the timed part (after the warm-up); peak RSS is the whole process "
        "tree's (workers included); CPU is the user + system time of all processes during the "
        "timed part, and cores busy is that CPU time over the wall time.",
        "",
        *case_rows(results["cases"]),
        "",
        "## API and search latency",
        "",
        *api_rows(results.get("api")),
        "",
    ]
    path.write_text("\n".join(lines), "utf-8")
