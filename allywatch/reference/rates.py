"""An amount in US dollars and yen: at the ECB rate of the publication date, and at its year's
average, offline, each with the rate's date and basis named.

The daily rate is the last ECB fixing on or before the date (``fx.daily_rate``: weekends and
holidays look back, as a writer on that day would). The annual rate is the mean of the year's
fixings (``fx_ecb_annual.csv``), for the amount's own year when the table has it, else for
the publication year. The ECB has never published some currencies, the New Taiwan dollar
among them: such an amount gets no daily value (usd and jpy None, the basis says why), and its
annual value uses the rate implied by IMF WEO GDP in local currency and in US$ (``gdp.csv``).
"""

from __future__ import annotations

from datetime import date
from functools import cache

from allywatch.model.facts import Normalised
from allywatch.reference.fx import daily_rate
from allywatch.reference.spending import gdp_table, per_usd

DAILY_BASIS = "ECB reference rate of the last fixing on or before publication"
ANNUAL_BASIS = "ECB annual mean of daily rates {year} (fx_ecb_annual.csv)"
IMPLIED_BASIS = "{currency} per US$ implied by IMF WEO GDP {year} (gdp.csv); JPY at ECB annual mean"


def normalise(
    value: float, currency: str, published: date | None, year: int | None
) -> tuple[Normalised, ...]:
    """The amount at the publication date's rate and at its year's average rate."""
    found = (
        at_publication(value, currency, published),
        at_year_average(value, currency, year, published),
    )
    return tuple(n for n in found if n is not None)


def at_publication(value: float, currency: str, published: date | None) -> Normalised | None:
    """US$ and yen at the ECB fixing of the publication date; None without a date."""
    if published is None:
        return None
    usd, jpy = daily_rate(currency, "USD", published), daily_rate(currency, "JPY", published)
    if usd is None or jpy is None:
        return Normalised(None, None, None, f"no ECB rate for {currency} on {published}")
    return Normalised(
        _round(value * usd.rate), _round(value * jpy.rate), usd.fixing.isoformat(), DAILY_BASIS
    )


def at_year_average(
    value: float, currency: str, year: int | None, published: date | None
) -> Normalised | None:
    """US$ and yen at the annual mean of the amount's year (or the publication year)."""
    for candidate in dict.fromkeys(y for y in (year, published and published.year) if y):
        found = _annual(value, currency, candidate)
        if found is not None:
            return found
    return None


def _annual(value: float, currency: str, year: int) -> Normalised | None:
    yen = per_usd("JPY", year)
    ecb = per_usd(currency, year)
    local = ecb.per_usd if ecb else implied_per_usd(currency, year)
    if yen is None or local is None:
        return None
    usd = value / local
    template = ANNUAL_BASIS if ecb else IMPLIED_BASIS
    basis = template.format(year=year, currency=currency)
    return Normalised(_round(usd), _round(usd * yen.per_usd), str(year), basis)


def implied_per_usd(currency: str, year: int) -> float | None:
    """Units of `currency` per US$ from a country's GDP in both (for currencies the ECB lacks)."""
    return _implied_rates().get((currency, year))


@cache
def _implied_rates() -> dict[tuple[str, int], float]:
    return {
        (row.currency, row.year): row.local / row.usd
        for row in gdp_table()
        if row.local and row.usd
    }


def _round(amount: float) -> int:
    """Whole units: a converted sum carries no meaningful fraction."""
    return round(amount)
