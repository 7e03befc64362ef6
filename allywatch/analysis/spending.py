"""Burden sharing: who spends what share of GDP, how far each ally is from its targets.

Shares of GDP are SIPRI's own `milex_pct_gdp`, exactly as the shipped table has them, because
SIPRI's GDP is the one its spending figures were divided by. The growth an ally needs to reach a
target is the yearly nominal growth of spending that lifts today's SIPRI share to the target
share on the IMF's GDP path; beyond the IMF's last projected year the path is extended at its
last five years' average growth, and the row says so. SIPRI's military expenditure is neither
NATO's "core defence" nor Japan's "security-related" aggregate: a gap to those targets is a gap
on SIPRI's definition.

The Olson–Zeckhauser test of an alliance asks whether large members carry a share of the
spending larger than their share of the allied economy: the Spearman rank correlation between
GDP and defence burden (% of GDP), and between GDP share and spending share.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from allywatch.reference import spending as ref

EXTRAPOLATION_YEARS = 5


@dataclass(frozen=True)
class TargetLevel:
    """One share-of-GDP target a country is held to, with the latest deadline any source gives."""

    subject: str
    value: float
    component: str
    metric: str
    deadline: int | None

    @property
    def slug(self) -> str:
        """A key for JSON columns: nato_2, nato_3_5_core, jpn_2."""
        core = "_core" if self.component == "core_defence" else ""
        return f"{self.subject.lower()}_{self.value:g}".replace(".", "_") + core


@dataclass(frozen=True)
class BurdenReport:
    """Rows per country, the alliance's Olson–Zeckhauser test, and the sources used."""

    alliance: str
    year: int
    rows: pd.DataFrame
    olson_zeckhauser: dict[str, Any]
    sources: tuple[str, ...] = field(default=())


def target_levels(iso3: str) -> tuple[TargetLevel, ...]:
    """A country's distinct targets; one level restated by several summits counts once."""
    levels: dict[tuple[str, float, str, str], int | None] = {}
    for t in ref.targets_for(iso3):
        key = (t.subject, t.value, t.component, t.metric)
        deadlines = [d for d in (levels.get(key), t.deadline) if d is not None]
        levels[key] = max(deadlines) if deadlines else None
    return tuple(TargetLevel(s, v, c, m, d) for (s, v, c, m), d in levels.items())


def gdp_growth_factor(iso3: str, start: int, end: int) -> tuple[float | None, bool]:
    """GDP at `end` over GDP at `start` on the IMF path, and whether it was extrapolated."""
    last = max(r.year for r in ref.gdp_table() if r.iso3 == iso3) if start else 0
    first_value, last_value = _gdp_value(iso3, start), _gdp_value(iso3, min(end, last))
    if first_value is None or last_value is None:
        return None, False
    factor = last_value / first_value
    if end <= last:
        return factor, False
    earlier = _gdp_value(iso3, last - EXTRAPOLATION_YEARS)
    if earlier is None:
        return None, True
    yearly = (last_value / earlier) ** (1 / EXTRAPOLATION_YEARS)
    return factor * yearly ** (end - last), True


def _gdp_value(iso3: str, year: int) -> float | None:
    row = ref.gdp(iso3, year)
    return None if row is None else row.local or row.usd


def _target_columns(
    level: TargetLevel, iso3: str, year: int, pct: float | None, gdp_usd: float | None
) -> dict[str, Any]:
    """Gap in points and US$, and the yearly growth needed by the deadline, for one target."""
    gap = None if pct is None else round(level.value - pct, 4)
    growth, extrapolated = _growth_needed(level, iso3, year, pct)
    money = None if gap is None or gdp_usd is None else gap / 100 * gdp_usd
    values = (level.value, level.deadline, gap, money, growth, extrapolated)
    return dict(zip(_target_keys(level.slug), values, strict=True))


def _growth_needed(
    level: TargetLevel, iso3: str, year: int, pct: float | None
) -> tuple[float | None, bool]:
    """Yearly nominal spending growth (percent) that meets the target at its deadline."""
    if pct is None or not pct or level.deadline is None or level.deadline <= year:
        return None, False
    factor, extrapolated = gdp_growth_factor(iso3, year, level.deadline)
    if factor is None:
        return None, extrapolated
    years = level.deadline - year
    return round(100 * (((level.value / pct) * factor) ** (1 / years) - 1), 2), extrapolated


def country_row(iso3: str, year: int) -> dict[str, Any]:
    """One country's spending, share of GDP and target gaps for one year."""
    milex, gdp = ref.milex(iso3, year), ref.gdp(iso3, year)
    known = milex or gdp
    pct = milex.pct_gdp if milex else None
    usd = milex.usd_current if milex else None
    implied_gdp = usd / (pct / 100) if usd and pct else (gdp.usd if gdp else None)
    row: dict[str, Any] = {
        "iso3": iso3,
        "country": known.country if known else iso3,
        "year": year,
        "currency": milex.currency if milex else None,
        "spending_local": milex.local if milex else None,
        "spending_usd": usd,
        "pct_gdp": pct,
        "gdp_usd_imf": gdp.usd if gdp else None,
        "sipri_flag": milex.flag if milex else None,
    }
    for level in target_levels(iso3):
        row |= _target_columns(level, iso3, year, pct, implied_gdp)
    return row


def spearman(a: pd.Series, b: pd.Series) -> float | None:
    """Spearman's rank correlation (average ranks for ties), without scipy."""
    both = pd.DataFrame({"a": a, "b": b}).dropna()
    if len(both) < 3:
        return None
    return float(both["a"].rank().corr(both["b"].rank()))


def olson_zeckhauser(rows: pd.DataFrame) -> dict[str, Any]:
    """Shares of allied GDP and spending, and the rank correlations of the exploitation test."""
    data = rows.dropna(subset=["spending_usd", "pct_gdp"]).copy()
    data["gdp_usd"] = data["spending_usd"] / (data["pct_gdp"] / 100)
    data["gdp_share"] = data["gdp_usd"] / data["gdp_usd"].sum()
    data["spending_share"] = data["spending_usd"] / data["spending_usd"].sum()
    return {
        "members_with_data": len(data),
        "excluded": sorted(set(rows["iso3"]) - set(data["iso3"])),
        "rho_gdp_vs_burden": spearman(data["gdp_usd"], data["pct_gdp"]),
        "rho_gdp_share_vs_spending_share": spearman(data["gdp_share"], data["spending_share"]),
        "shares": data[["iso3", "gdp_share", "spending_share"]].to_dict("records"),
    }


def burden(
    alliance: str = "nato", countries: Iterable[str] | None = None, year: int | None = None
) -> BurdenReport:
    """The burden-sharing table of an alliance (or of chosen countries) for one year."""
    members = tuple(countries) if countries else ref.alliances()[alliance].members
    year = year or ref.last_milex_year()
    rows = pd.DataFrame([country_row(iso3, year) for iso3 in members])
    sources = tuple(
        f"{t.label} — {t.citation}"
        for t in (ref.table("military_expenditure"), ref.table("gdp"), ref.table("targets"))
    )
    return BurdenReport(alliance, year, rows, olson_zeckhauser(rows), sources)


def burden_records(report: BurdenReport) -> list[dict[str, Any]]:
    """JSON-ready rows: missing values as None; only the targets each country is held to."""
    return [_record(row) for row in report.rows.to_dict("records")]


def _record(row: dict[str, Any]) -> dict[str, Any]:
    """Keep a target's columns when the country is held to it, even with no data to fill them."""
    slugs = {k.removeprefix("target_") for k in row if k.startswith("target_")}
    dropped = {key for s in slugs if pd.isna(row[f"target_{s}"]) for key in _target_keys(s)}
    return {k: _plain(k, v) for k, v in row.items() if k not in dropped}


def _target_keys(slug: str) -> tuple[str, ...]:
    """The columns one target adds to a row."""
    return (
        f"target_{slug}",
        f"deadline_{slug}",
        f"gap_{slug}_points",
        f"gap_{slug}_usd",
        f"growth_{slug}_pct",
        f"growth_{slug}_extrapolated",
    )


def _plain(key: str, value: Any) -> Any:
    """NaN to None; years that pandas upcast to float (2035.0) back to int."""
    if isinstance(value, float) and pd.isna(value):
        return None
    return int(value) if key.startswith("deadline_") else value


def share_of_gdp_series(countries: Iterable[str], since: int = 1990) -> pd.DataFrame:
    """SIPRI's % of GDP per country and year, long format, for charts."""
    wanted = set(countries)
    return pd.DataFrame(
        {"iso3": r.iso3, "year": r.year, "pct_gdp": r.pct_gdp}
        for r in ref.military_expenditure()
        if r.iso3 in wanted and r.year >= since and r.pct_gdp is not None
    )


def china_japan(since: int = 2015) -> pd.DataFrame:
    """China and Japan under both definitions (official budget, SIPRI), in yen and US$."""
    records = [_budget_record(b) for b in ref.official_budgets() if b.measure == "defense_budget"]
    records += [
        _sipri_record(r)
        for r in ref.military_expenditure()
        if r.iso3 in {"CHN", "JPN"} and r.year >= since
    ]
    frame = pd.DataFrame(r for r in records if r["year"] >= since)
    return frame.sort_values(["definition", "iso3", "year"]).reset_index(drop=True)


def _budget_record(budget: ref.Budget) -> dict[str, Any]:
    return _in_yen_and_usd(
        budget.subject, budget.fiscal_year, "official budget", budget.value, budget.currency
    )


def _sipri_record(row: ref.Milex) -> dict[str, Any]:
    """SIPRI's own current-US$ figure; yen converted from local currency at the ECB average."""
    record = _in_yen_and_usd(row.iso3, row.year, "SIPRI", row.local or 0.0, row.currency)
    return record | {"usd": row.usd_current}


def _in_yen_and_usd(
    iso3: str, year: int, definition: str, value: float, currency: str
) -> dict[str, Any]:
    """One figure in yen and US$ at the year's ECB average (None where no average exists)."""
    to_usd = ref.annual_cross_rate(currency, "USD", year)
    to_jpy = ref.annual_cross_rate(currency, "JPY", year)
    return {
        "iso3": iso3,
        "year": year,
        "definition": definition,
        "usd": value * to_usd if to_usd else None,
        "jpy": value * to_jpy if to_jpy else None,
    }
