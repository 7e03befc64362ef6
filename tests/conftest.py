"""Shared fixtures: paths to the real articles in ../shared, and extraction run once per session."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from pg_server import postgres_server, postgres_url  # noqa: F401  (store tests' PostgreSQL)

pytest_plugins = ["trust_report"]  # test-artifacts/trust-report.{json,md}: the issue-9 counts

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
DEV = SHARED / "eval" / "dev"
OFFICIAL = SHARED / "corpus" / "official"
SEED_LEVERAGE = SEEDS / "yomiuri-us-leverage-japan-2026-01-17.txt"
SEED_NEW_ERA = SEEDS / "yomiuri-new-security-era.txt"


@cache
def extracted(path: Path, published: str | None = None) -> dict[str, Any]:
    """The facts-v1 document of one article, as `allywatch extract` would print it (cached)."""
    from allywatch.model.facts_json import document_to_dict
    from allywatch.pipeline import extract_paths

    document, failures = extract_paths([path], published)
    assert not failures, failures
    return document_to_dict(document)


def facts_of(document: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    """The facts of one kind in a document."""
    return [f for f in document["facts"] if f["kind"] == kind]


def dev_article(number: int) -> dict[str, Any]:
    """One dev-set file (article and gold) as a dict."""
    return json.loads((DEV / f"{number:02d}.json").read_text("utf-8"))


@pytest.fixture(scope="session")
def leverage_seed() -> dict[str, Any]:
    """Facts of the 17 January 2026 seed article."""
    return extracted(SEED_LEVERAGE)


@pytest.fixture(scope="session")
def new_era_seed() -> dict[str, Any]:
    """Facts of the "New Security Era" seed, published 2026-01-01 as the issues state."""
    return extracted(SEED_NEW_ERA, "2026-01-01")
