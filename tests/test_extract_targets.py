"""Targets on the seeds and dev articles: value, comparator, metric, deadline, status, subject."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import DEV, extracted, facts_of

from allywatch.extract.targets import find_percents, is_target

FIELDS = ("subject", "metric", "value", "comparator", "deadline", "status")


def _targets(document: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [tuple(t[f] for f in FIELDS) for t in facts_of(document, "target")]


def test_extract_targets_nato_five_percent(leverage_seed: dict[str, Any]) -> None:
    (target,) = facts_of(leverage_seed, "target")
    assert tuple(target[f] for f in FIELDS) == (
        "NATO",
        "defense_spending_pct_gdp",
        5,
        "=",
        None,
        "adopted",
    )
    assert target["by"] == "NATO"


def test_extract_targets_japan_more_than_two_percent(new_era_seed: dict[str, Any]) -> None:
    (target,) = facts_of(new_era_seed, "target")
    assert (target["subject"], target["value"], target["comparator"]) == ("JPN", 2, ">")
    assert (target["metric"], target["status"]) == ("security_spending_pct_gdp", "planned")


def test_extract_targets_components_and_historical_goal() -> None:
    assert _targets(extracted(DEV / "14.json")) == [
        ("NATO", "defense_spending_pct_gdp", 5, "=", 2035, "proposed"),
        ("NATO", "defense_spending_pct_gdp", 3.5, "=", 2035, "proposed"),
        ("NATO", "security_spending_pct_gdp", 1.5, "=", 2035, "proposed"),
        ("NATO", "defense_spending_pct_gdp", 2, "=", None, "adopted"),
    ]


def test_extract_targets_growth_target_once_with_year_from_restatement() -> None:
    assert _targets(extracted(DEV / "13.json")) == [
        ("CHN", "other", 4.5, ">=", 2026, "proposed"),
        ("CHN", "other", 5, "=", None, "adopted"),
    ]


def test_extract_targets_repeated_call_once_on_its_urging_sentence() -> None:
    document = extracted(DEV / "02.json")
    urged, planned = facts_of(document, "target")
    assert (urged["value"], urged["status"], urged["by"]) == (10, "urged", "USA")
    assert "should raise its defense spending" in urged["sentence"]
    assert (planned["value"], planned["comparator"], planned["status"]) == (3, ">", "planned")


def test_extract_targets_actual_shares_are_not_targets() -> None:
    targets = _targets(extracted(DEV / "01.json"))
    assert targets == [("TWN", "defense_spending_pct_gdp", 3, ">=", None, "proposed")]


def test_extract_targets_same_level_urged_by_two_parties() -> None:
    assert [t[2:4] + t[5:] for t in _targets(extracted(DEV / "06.json"))] == [
        (3, ">=", "urged"),
        (3, "=", "urged"),
    ]


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Defense spending this year accounted for 2.5 percent of GDP.", False),
        ("The budget marks an increase of 7.7 percent from this fiscal year.", False),
        ("Seoul's defense budget for 2026 rose 7.5% to 66.3 trillion won.", False),
        ("China's economy grew 5.0% last year.", False),
        ("Japan spent about 1.4% of its GDP on defense last year.", False),
        ("Taiwan should raise its defense spending to as much as 10 percent.", True),
        ("NATO countries are to spend 5 per cent of GDP on defence by 2035.", True),
        ("The largely unenforced 2 per cent target agreed in 2014.", True),
    ],
)
def test_extract_targets_is_target(text: str, target: bool) -> None:
    (percent,) = find_percents(text)
    assert is_target(text, percent) is target
