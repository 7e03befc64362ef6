"""Ratio claims: two actors compared ("about five times more than Japan's initial budget")."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import DEV, extracted, facts_of

from allywatch.extract.ratios import find_claims
from allywatch.model.article import Article
from allywatch.pipeline import extract_articles

FIELDS = ("subject", "object", "measure", "ratio", "approximate", "year")


def _ratios(text: str) -> list[tuple[Any, ...]]:
    (found,) = extract_articles([Article(text=text, published="2025-05-01")])
    return [tuple(getattr(f, n) for n in FIELDS) for f in found.facts if f.kind == "ratio"]


def test_extract_ratios_china_five_times_japan(new_era_seed: dict[str, Any]) -> None:
    (ratio,) = facts_of(new_era_seed, "ratio")
    assert tuple(ratio[f] for f in FIELDS) == ("CHN", "JPN", "defense_spending", 5, True, 2025)


def test_extract_ratios_spending_against_other_measure() -> None:
    (ratio,) = facts_of(extracted(DEV / "04.json"), "ratio")
    assert tuple(ratio[f] for f in FIELDS) == ("KOR", "PRK", "defense_spending", 1.4, False, None)


@pytest.mark.parametrize("number", [11, 14])
def test_extract_ratios_frequency_and_one_actor_increase_are_no_ratio(number: int) -> None:
    """ "hosted the Balikatan three times", "a five-fold increase in air defence capacity"."""
    assert facts_of(extracted(DEV / f"{number:02d}.json"), "ratio") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "China's official military budget is roughly three times that of Japan.",
            ("CHN", "JPN", "defense_budget", 3, True, None),
        ),
        (
            "Washington spends nearly 10 times more on defense than Moscow.",
            ("USA", "RUS", "defense_spending", 10, True, None),
        ),
        (
            "China spends twice as much as Japan on its military.",
            ("CHN", "JPN", "defense_spending", 2, False, None),
        ),
        (
            "Taiwan's defense budget is about a third of Japan's.",
            ("TWN", "JPN", "defense_budget", 0.3333, True, None),
        ),
    ],
)
def test_extract_ratios_forms(text: str, expected: tuple[Any, ...]) -> None:
    assert _ratios(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "The ship visited the port three times to Japan's dismay.",
        "Japan plans to double its defense spending within five years.",
    ],
)
def test_extract_ratios_need_two_actors_compared(text: str) -> None:
    assert _ratios(text) == []


@pytest.mark.parametrize(
    ("text", "factor"),
    [("1.4 times", 1.4), ("five-fold", 5), ("double", 2), ("half", 0.5), ("a third", 0.3333)],
)
def test_extract_ratios_claim_factors(text: str, factor: float) -> None:
    (claim,) = find_claims(text)
    assert float(claim.factor) == factor
