"""Typed, cached loaders for the spending tables: SIPRI, IMF GDP, budgets, targets, ECB rates.

The tables are copies of ``shared/data/`` shipped under ``reference/data/spending/``; each one's
data set, vintage, citation and terms come from ``tables.json`` so that every check and chart
can name what it used. SIPRI's terms (cite SIPRI; reproduce no more than 10% of the database)
are why no figure is added here beyond the shipped table.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable


def _data_file(name: str) -> Traversable:
    """A file of ``reference/data/spending/``, wherever the package is installed."""
    return resources.files("allywatch.reference") / "data" / "spending" / name


@dataclass(frozen=True)
class Table:
    """Where a table comes from: what a check's basis must name."""

    name: str
    file: str
    dataset: str
    vintage: str
    citation: str
    terms: str

    @property
    def label(self) -> str:
        """Data set and vintage, as a basis names them."""
        return f"{self.dataset}, {self.vintage}"


@dataclass(frozen=True)
class Milex:
    """One SIPRI country-year: local currency, current and constant-2023 US$, % of GDP."""

    iso3: str
    country: str
    year: int
    local: float | None
    currency: str
    usd_current: float | None
    usd_constant: float | None
    pct_gdp: float | None
    flag: str


@dataclass(frozen=True)
class Gdp:
    """One IMF WEO country-year; `status` is actual, estimate or projection."""

    iso3: str
    country: str
    year: int
    local: float | None
    currency: str
    usd: float | None
    status: str


@dataclass(frozen=True)
class Budget:
    """An announced national defence budget (China: calendar year; Japan: fiscal year)."""

    subject: str
    fiscal_year: int
    value: float
    currency: str
    approximate: bool
    as_reported: str
    measure: str
    concept: str
    announced: str
    source_title: str


@dataclass(frozen=True)
class SpendingTarget:
    """A stated spending goal, in the shape of the contract's target fact."""

    subject: str
    metric: str
    component: str
    value: float
    comparator: str
    deadline: int | None
    status: str
    by: str
    adopted: str
    description: str


@dataclass(frozen=True)
class AnnualRate:
    """Mean units of `currency` per US$ over the ECB fixing days of one year."""

    year: int
    currency: str
    per_usd: float
    n_days: int
    full_year: bool


@cache
def tables() -> dict[str, Table]:
    """Every shipped table's provenance, by name."""
    text = _data_file("tables.json").read_text("utf-8")
    return {name: Table(name=name, **meta) for name, meta in json.loads(text).items()}


def table(name: str) -> Table:
    """One table's provenance: `military_expenditure`, `gdp`, `budgets_official`, ..."""
    return tables()[name]


def _rows(name: str) -> Iterator[dict[str, str]]:
    """The raw CSV rows of one table."""
    text = _data_file(table(name).file).read_text("utf-8")
    yield from csv.DictReader(io.StringIO(text, newline=""))


def _number(cell: str) -> float | None:
    """An empty cell is no data, never zero."""
    return float(cell) if cell else None


@cache
def military_expenditure() -> tuple[Milex, ...]:
    """All SIPRI rows, in file order."""
    return tuple(
        Milex(
            iso3=r["iso3"],
            country=r["country"],
            year=int(r["year"]),
            local=_number(r["milex_local_currency"]),
            currency=r["currency"],
            usd_current=_number(r["milex_usd_current"]),
            usd_constant=_number(r["milex_usd_constant"]),
            pct_gdp=_number(r["milex_pct_gdp"]),
            flag=r["sipri_flag"],
        )
        for r in _rows("military_expenditure")
    )


@cache
def gdp_table() -> tuple[Gdp, ...]:
    """All IMF WEO rows, in file order."""
    return tuple(
        Gdp(
            iso3=r["iso3"],
            country=r["country"],
            year=int(r["year"]),
            local=_number(r["gdp_local_currency"]),
            currency=r["currency"],
            usd=_number(r["gdp_usd_current"]),
            status=r["imf_status"],
        )
        for r in _rows("gdp")
    )


@cache
def official_budgets() -> tuple[Budget, ...]:
    """All announced budgets, in file order."""
    return tuple(
        Budget(
            subject=r["subject"],
            fiscal_year=int(r["fiscal_year"]),
            value=float(r["value"]),
            currency=r["currency"],
            approximate=r["approximate"] == "true",
            as_reported=r["value_as_reported"],
            measure=r["measure"],
            concept=r["budget_concept"],
            announced=r["announced"],
            source_title=r["source_title"],
        )
        for r in _rows("budgets_official")
    )


@cache
def spending_targets() -> tuple[SpendingTarget, ...]:
    """All stated targets, in file order."""
    return tuple(
        SpendingTarget(
            subject=r["subject"],
            metric=r["metric"],
            component=r["component"],
            value=float(r["value"]),
            comparator=r["comparator"],
            deadline=int(r["deadline"]) if r["deadline"] else None,
            status=r["status"],
            by=r["by"],
            adopted=r["adopted"],
            description=r["description"],
        )
        for r in _rows("targets")
    )


@cache
def annual_rates() -> dict[tuple[str, int], AnnualRate]:
    """ECB annual means by (currency, year)."""
    rates = (
        AnnualRate(
            year=int(r["year"]),
            currency=r["currency"],
            per_usd=float(r["per_usd_avg"]),
            n_days=int(r["n_days"]),
            full_year=r["full_year"] == "yes",
        )
        for r in _rows("fx_ecb_annual")
    )
    return {(r.currency, r.year): r for r in rates}


@cache
def _milex_index() -> dict[tuple[str, int], Milex]:
    return {(r.iso3, r.year): r for r in military_expenditure()}


@cache
def _gdp_index() -> dict[tuple[str, int], Gdp]:
    return {(r.iso3, r.year): r for r in gdp_table()}


def milex(iso3: str, year: int) -> Milex | None:
    """SIPRI's row for a country-year, or None when SIPRI has none shipped."""
    return _milex_index().get((iso3, year))


def gdp(iso3: str, year: int) -> Gdp | None:
    """IMF's row for a country-year (projections included), or None."""
    return _gdp_index().get((iso3, year))


def last_milex_year() -> int:
    """The latest year the SIPRI release covers."""
    return max(r.year for r in military_expenditure())


def official_budget(subject: str, year: int, measure: str = "defense_budget") -> Budget | None:
    """The first announced budget of that subject, (fiscal) year and measure."""
    found = (
        b
        for b in official_budgets()
        if (b.subject, b.fiscal_year, b.measure) == (subject, year, measure)
    )
    return next(found, None)


def per_usd(currency: str, year: int) -> AnnualRate | None:
    """The year's mean units of `currency` per US$ (US$ itself is 1), or None."""
    if currency == "USD":
        return AnnualRate(year=year, currency="USD", per_usd=1.0, n_days=0, full_year=True)
    return annual_rates().get((currency, year))


def annual_cross_rate(source: str, target: str, year: int) -> float | None:
    """Units of `target` per unit of `source` from the year's means per US$, or None."""
    low, high = per_usd(source, year), per_usd(target, year)
    return high.per_usd / low.per_usd if low and high else None


@dataclass(frozen=True)
class Alliance:
    """A set of allies; `target_subjects` are the target-table subjects binding every member."""

    key: str
    name: str
    members: tuple[str, ...]
    target_subjects: tuple[str, ...]
    note: str


@cache
def alliances() -> dict[str, Alliance]:
    """The alliances the burden-sharing analysis knows, by key (`nato`, `us-indo-pacific`)."""
    data = json.loads(_data_file("alliances.json").read_text("utf-8"))
    return {
        key: Alliance(
            key=key,
            name=spec["name"],
            members=tuple(spec["members"]),
            target_subjects=tuple(spec["target_subjects"]),
            note=spec["note"],
        )
        for key, spec in data.items()
    }


def targets_for(iso3: str) -> tuple[SpendingTarget, ...]:
    """The share-of-GDP targets a state is held to: its own and its alliances' floors."""
    subjects = {iso3} | {
        s for a in alliances().values() if iso3 in a.members for s in a.target_subjects
    }
    return tuple(
        t
        for t in spending_targets()
        if t.subject in subjects and t.metric.endswith("_pct_gdp") and t.comparator != "<="
    )
