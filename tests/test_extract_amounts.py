"""Money amounts on the seeds and dev articles: value, currency, hedge, measure, subject, year,
restatements and the values in US$ and yen beside each."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from conftest import DEV, SEED_LEVERAGE, extracted, facts_of

from allywatch.extract.fiscal import year_mentions
from allywatch.model.article import Article
from allywatch.pipeline import extract_articles
from allywatch.reference.rates import normalise


def _amount(document: dict[str, Any], value: float, currency: str) -> dict[str, Any]:
    found = [
        a for a in facts_of(document, "amount") if (a["value"], a["currency"]) == (value, currency)
    ]
    assert len(found) == 1, [(a["value"], a["currency"]) for a in facts_of(document, "amount")]
    return found[0]


def _attributes(amount: dict[str, Any]) -> tuple[Any, ...]:
    return (amount["approximate"], amount["measure"], amount["subject"], amount["year"])


def test_extract_amounts_china_spending_restated_in_yen(new_era_seed: dict[str, Any]) -> None:
    yuan = _amount(new_era_seed, 1_785_000_000_000, "CNY")
    yen = _amount(new_era_seed, 40_000_000_000_000, "JPY")
    assert _attributes(yuan) == (True, "defense_spending", "CHN", 2025)
    assert _attributes(yen) == (True, "defense_spending", "CHN", 2025)
    assert yen["equivalent_of"] == yuan["id"] and yuan["equivalent_of"] is None


def test_extract_amounts_japan_budget_for_fiscal_2025(new_era_seed: dict[str, Any]) -> None:
    budget = _amount(new_era_seed, 8_700_000_000_000, "JPY")
    assert _attributes(budget) == (True, "defense_budget", "JPN", 2025)
    assert budget["equivalent_of"] is None


def test_extract_amounts_japan_investment_pledge(leverage_seed: dict[str, Any]) -> None:
    dollars = _amount(leverage_seed, 550_000_000_000, "USD")
    yen = _amount(leverage_seed, 87_000_000_000_000, "JPY")
    assert (dollars["measure"], dollars["subject"]) == ("investment", "JPN")
    assert (yen["measure"], yen["subject"], yen["approximate"]) == ("investment", "JPN", True)
    assert yen["equivalent_of"] == dollars["id"]


def test_extract_amounts_values_are_exact_integers(new_era_seed: dict[str, Any]) -> None:
    values = [a["value"] for a in facts_of(new_era_seed, "amount")]
    assert values == [1_785_000_000_000, 40_000_000_000_000, 8_700_000_000_000]
    assert all(isinstance(v, int) for v in values)


def test_extract_amounts_nothing_from_link_boxes() -> None:
    """The raw page, link boxes included: every number-fact comes from the story above them."""
    raw = SEED_LEVERAGE.read_text("utf-8")
    boxes = raw.index("Related Tags")
    (found,) = extract_articles([Article(text=raw, published="2026-01-17")])
    kinds = [f for f in found.facts if f.kind in ("amount", "target", "ratio")]
    assert kinds and all(f.span[1] <= boxes for f in kinds)


def test_extract_amounts_australian_dollar_when_text_writes_us_dollars() -> None:
    document = extracted(DEV / "05.json")
    total = _amount(document, 4_500_000_000, "AUD")
    restated = _amount(document, 3_000_000_000, "USD")
    assert restated["equivalent_of"] == total["id"]
    assert _attributes(total) == (False, "investment", "AUS", None)
    assert _amount(document, 750_000_000, "AUD")["year"] == 2025


def test_extract_amounts_bracketed_restatement_inherits_hedge() -> None:
    document = extracted(DEV / "02.json")
    local = _amount(document, 2_000_000_000_000, "TWD")
    dollars = _amount(document, 60_680_000_000, "USD")
    assert dollars["equivalent_of"] == local["id"]
    assert _attributes(dollars) == (True, "defense_spending", "TWN", None)


def test_extract_amounts_two_years_name_none_and_gdp_measure() -> None:
    document = extracted(DEV / "02.json")
    assert _attributes(_amount(document, 3_000_000_000_000, "TWD")) == (True, "other", "TWN", None)
    assert _attributes(_amount(document, 26_880_000_000_000, "TWD")) == (False, "gdp", "TWN", 2025)


def test_extract_amounts_each_sum_takes_its_nearest_year() -> None:
    document = extracted(DEV / "03.json")
    years = {a["value"]: a["year"] for a in facts_of(document, "amount")}
    assert years == {1_519_200_000_000: 2026, 1_402_800_000_000: 2025}
    assert {a["measure"] for a in facts_of(document, "amount")} == {"other"}


def test_extract_amounts_subject_of_its_spending_and_repeated_figure_year() -> None:
    document = extracted(DEV / "13.json")
    assert _attributes(_amount(document, 1_000_000_000_000, "USD")) == (
        False,
        "defense_spending",
        "USA",
        2026,
    )
    budgets = [a for a in facts_of(document, "amount") if a["currency"] == "CNY"]
    assert [(a["measure"], a["year"]) for a in budgets] == [
        ("defense_budget", 2026),
        ("defense_spending", 2026),
    ]


def test_extract_amounts_budget_parts_continue_the_previous_year() -> None:
    document = extracted(DEV / "01.json")
    parts = [_amount(document, v, "TWD") for v in (479_000_000_000, 90_400_000_000, 80_600_000_000)]
    assert [_attributes(p)[1:] for p in parts] == [("defense_budget", "TWN", 2025)] * 3


def test_extract_amounts_normalised_at_publication_and_year_average(
    new_era_seed: dict[str, Any],
) -> None:
    yen = _amount(new_era_seed, 40_000_000_000_000, "JPY")
    daily, annual = yen["normalised"]
    assert daily["jpy"] == 40_000_000_000_000 and daily["rate_date"] == "2025-12-31"
    assert 2.4e11 < daily["usd"] < 2.7e11
    assert annual["rate_date"] == "2025" and "annual" in annual["basis"]
    yuan = _amount(new_era_seed, 1_785_000_000_000, "CNY")
    assert abs(yuan["normalised"][0]["jpy"] - 4e13) / 4e13 < 0.01  # the text's "about ¥40 trillion"


def test_extract_amounts_taiwan_dollar_has_no_ecb_rate() -> None:
    daily, annual = normalise(647_000_000_000, "TWD", date(2024, 8, 23), 2025)
    assert daily.usd is None and "no ECB rate" in daily.basis
    assert annual.usd is not None and 1.8e10 < annual.usd < 2.2e10  # the text's US$20.24 billion
    assert "IMF WEO" in annual.basis


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in 2025, for fiscal 2025; FY2026", [2025, 2025, 2026]),
        ("the 2026 fiscal year; 2025-26", [2026, 2025]),
        ("from 2026 to 2030", [None]),
        ("next year's budget", [2027]),
        ("in December", [2026]),
        ("budgets for last year and this year", [None]),
    ],
)
def test_extract_amounts_year_expressions(text: str, expected: list[int | None]) -> None:
    assert [m.year for m in year_mentions(text, date(2026, 12, 20))] == expected


def test_extract_amounts_comparison_base_and_other_events_are_flagged() -> None:
    mentions = year_mentions("up 7% from last year, under a deal reached in 2024", date(2026, 3, 5))
    assert [(m.year, m.elsewhere) for m in mentions] == [(2025, True), (2024, True)]
