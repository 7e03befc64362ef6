"""The trust report (issue 9): what the hostile-input, crash and load tests tried, in one place.

Each trust test calls `record(section, counts)` when it ends; the counts are merged into
test-artifacts/trust-report.json (a section not run this session keeps its last values, with the
time it was recorded) and test-artifacts/trust-report.md is written again. The fuzz test keeps
its own fuzz-report.json; its counts are copied in, so the report has them all. Registered as a
pytest plugin from conftest.py, so the report is rebuilt at the end of every session (the fuzz
test may have run after the others).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
REPORT_JSON = ARTIFACTS / "trust-report.json"
REPORT_MD = ARTIFACTS / "trust-report.md"
FUZZ_REPORT = ARTIFACTS / "fuzz-report.json"

# section -> (count key, what it means) in the order the summary lists them
HEADLINE = {
    "fuzz": (
        ("inputs_fuzzed", "inputs fuzzed (readers and extractor)"),
        ("crashes", "crashes"),
    ),
    "crash": (
        ("kills", "SIGKILLs during an ingest, survived"),
        ("kills_inside_a_write", "… of which landed inside an article's write transaction"),
        ("corrupt_or_partial", "corrupt bases or half-written articles after a kill"),
        ("store_errors_clear", "full-disk / read-only runs ending in one clear error"),
    ),
    "injection": (
        ("payloads_tried", "injection payloads tried (every parameter of every route)"),
        ("effective", "payloads with any effect beyond a clear 4xx"),
    ),
    "schemathesis": (
        ("requests", "schemathesis requests (OpenAPI spec, in-process)"),
        ("server_errors", "5xx answers"),
    ),
    "load": (
        ("requests", "requests under load (50 clients while an ingest writes)"),
        ("errors", "errors (non-200, timeouts, `database is locked`)"),
        ("p95_ms", "p95 latency (ms)"),
    ),
}


def record(section: str, counts: dict[str, Any]) -> None:
    """Merge one test's counts into the report and write both files again."""
    report = _read(REPORT_JSON)
    merged = {**report.get(section, {}), **counts}
    report[section] = {**merged, "recorded": datetime.now(UTC).isoformat(timespec="seconds")}
    _write(report)


def _read(path: Path) -> dict[str, Any]:
    try:
        found = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _write(report: dict[str, Any]) -> None:
    fuzz = _read(FUZZ_REPORT)
    if fuzz:
        report["fuzz"] = {key: fuzz[key] for key in ("inputs_fuzzed", "crashes") if key in fuzz}
    ARTIFACTS.mkdir(exist_ok=True)
    REPORT_JSON.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", "utf-8")
    REPORT_MD.write_text(markdown(report), "utf-8")


def markdown(report: dict[str, Any]) -> str:
    """The headline counts as a Markdown table, then every section's full counts."""
    lines = ["# Trust report", "", "| what | count |", "|---|---:|"]
    for section, keys in HEADLINE.items():
        counts = report.get(section, {})
        lines += [f"| {label} | {counts.get(key, 'not run')} |" for key, label in keys]
    lines += ["", "## Details", ""]
    for section in sorted(report):
        lines += [f"### {section}", "", "```json", json.dumps(report[section], indent=2), "```", ""]
    return "\n".join(lines)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Copy the latest fuzz counts in once the whole session is over."""
    if REPORT_JSON.exists() or FUZZ_REPORT.exists():
        _write(_read(REPORT_JSON))
