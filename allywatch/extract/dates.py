"""Resolve date expressions ("on Thursday", "Dec. 7", "last June", "fiscal 2025") to ISO dates.

News dates are relative to the day of publication, and the tense of the verb says which way to
count: "met on Thursday" is the latest Thursday on or before publication, "will meet on
Tuesday" the first Tuesday on or after it. The result keeps only the precision the words give
(day, month or year): "in December" is "2025-12", never a made-up day. Words that name no
date ("recently", "previously") resolve to None, and so does anything relative when the
publication date is unknown.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

from allywatch.reference.actors import data_text

ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
WORD = re.compile(r"\d+(?:st|nd|rd|th)?|[a-z]+")
YEAR_RANGE = range(1900, 2101)


@dataclass(frozen=True)
class ResolvedDate:
    """A date as precise as the text allows: `value` is YYYY-MM-DD, YYYY-MM or YYYY."""

    value: str
    precision: str

    @property
    def year(self) -> int:
        """The year the date falls in."""
        return int(self.value[:4])


@cache
def date_words() -> dict[str, Any]:
    """The date vocabulary of reference/data/events/dates.json."""
    words: dict[str, Any] = json.loads(data_text("events/dates.json"))
    return words


@dataclass(frozen=True)
class _Parts:
    """What an expression names, before it is placed in time."""

    words: tuple[str, ...]
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    season: int | None = None
    direction: str | None = None  # "before", "after", "current" or None

    def has(self, *names: str) -> bool:
        """True when the expression holds any of `names`."""
        return any(w in self.words for w in names)


def resolve_date(text: str, published: date | None, future: bool = False) -> ResolvedDate | None:
    """The date `text` names, counted from `published`; `future` when the verb is future.

    >>> resolve_date("on Thursday", date(2026, 1, 17)).value
    '2026-01-15'
    >>> resolve_date("on Tuesday", date(2025, 6, 23), future=True).value
    '2025-06-24'
    """
    iso = ISO_DATE.search(text)
    if iso:
        return ResolvedDate(iso.group(0), "day")
    parts = _parse(text)
    if parts.year is not None and parts.month is None and not _is_fiscal(parts):
        return ResolvedDate(str(parts.year), "year")
    if published is None or published.year not in YEAR_RANGE:
        return _absolute(parts)
    return _relative(parts, published, future)


def _parse(text: str) -> _Parts:
    """Split an expression into year, month, day, weekday, season and direction."""
    vocab = date_words()
    words = tuple(WORD.findall(text.lower().replace("\u2019", "'")))
    found: dict[str, Any] = {"words": words}
    for index, word in enumerate(words):
        _read_word(word, index, words, vocab, found)
    return _Parts(**found)


def _read_word(
    word: str, index: int, words: tuple[str, ...], vocab: dict[str, Any], found: dict[str, Any]
) -> None:
    """Record what one word contributes; the first value of each kind wins (ranges, lists)."""
    number = int(re.sub(r"\D", "", word)) if word[0].isdigit() else None
    if number is not None and number in YEAR_RANGE and not word[-1].isalpha():
        found.setdefault("year", number)
    elif number is not None and 1 <= number <= 31:
        if _next_to_month(index, words, vocab) or word[-1].isalpha():
            found.setdefault("day", number)
    elif word in vocab["months"]:
        found.setdefault("month", vocab["months"][word])
    elif word in vocab["weekdays"]:
        found.setdefault("weekday", vocab["weekdays"][word])
    elif word in vocab["seasons"]:
        found.setdefault("season", vocab["seasons"][word])
    for direction in ("before", "after", "current"):
        if word in vocab[direction] and not (direction == "current" and word == "the"):
            found.setdefault("direction", direction)


def _next_to_month(index: int, words: tuple[str, ...], vocab: dict[str, Any]) -> bool:
    neighbours = words[max(0, index - 1) : index] + words[index + 1 : index + 2]
    return any(w in vocab["months"] for w in neighbours)


def _is_fiscal(parts: _Parts) -> bool:
    return parts.has(*date_words()["fiscal"])


def _absolute(parts: _Parts) -> ResolvedDate | None:
    """Only what the words fix without a publication date."""
    if parts.year is None:
        return None
    if parts.month and parts.day and _valid(parts.year, parts.month, parts.day):
        return _day(date(parts.year, parts.month, parts.day))
    if parts.month:
        return ResolvedDate(f"{parts.year}-{parts.month:02d}", "month")
    return ResolvedDate(str(parts.year), "year")


def _relative(parts: _Parts, published: date, future: bool) -> ResolvedDate | None:
    """Place the expression in time, the most specific reading first."""
    for reader in (_full_or_month_day, _fiscal, _month, _season, _weekday, _unit, _day_word):
        found = reader(parts, published, future)
        if found is not None:
            return found
    return _ordinal_day(parts, published, future)


def _day(day: date) -> ResolvedDate:
    return ResolvedDate(day.isoformat(), "day")


def _day_or_none(day: date | None) -> ResolvedDate | None:
    return _day(day) if day is not None else None


def _month_value(year: int, month: int) -> ResolvedDate:
    return ResolvedDate(f"{year}-{month:02d}", "month")


def _full_or_month_day(parts: _Parts, published: date, future: bool) -> ResolvedDate | None:
    """For "Dec. 7, 2025", "April 2023", "Dec. 7" (nearest year before, after if future)."""
    if parts.month is None or _is_fiscal(parts):
        return None
    if parts.year is not None:
        return _absolute(parts)
    if parts.day is None:
        return None
    candidates = [
        date(year, parts.month, parts.day)
        for year in (published.year - 1, published.year, published.year + 1)
        if _valid(year, parts.month, parts.day)
    ]
    return _day_or_none(_pick(candidates, published, future, parts.direction))


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _pick(
    candidates: list[date], published: date, future: bool, direction: str | None
) -> date | None:
    """The candidate the tense and any "last"/"next" point to."""
    if direction == "before":
        return max((d for d in candidates if d < published), default=None)
    if direction == "after":
        return min((d for d in candidates if d > published), default=None)
    if future:
        return min((d for d in candidates if d >= published), default=None)
    return max((d for d in candidates if d <= published), default=None)


def _fiscal(parts: _Parts, published: date, future: bool) -> ResolvedDate | None:
    """For "fiscal 2025", "FY2025", "this fiscal year": the year that names the fiscal year."""
    if not _is_fiscal(parts):
        return None
    if parts.year is not None:
        return ResolvedDate(str(parts.year), "year")
    start = date_words()["fiscal_start_month"]
    current = published.year if published.month >= start else published.year - 1
    shift = {"before": -1, "after": 1}.get(parts.direction or "", 0)
    return ResolvedDate(str(current + shift), "year")


def _month(parts: _Parts, published: date, future: bool) -> ResolvedDate | None:
    """For "in December", "last June", "next March": the month nearest in the right direction."""
    if parts.month is None:
        return None
    if parts.direction == "current" and parts.has("this", "current"):
        return _month_value(published.year, parts.month)
    firsts = [date(y, parts.month, 1) for y in range(published.year - 1, published.year + 2)]
    chosen = _pick(firsts, published.replace(day=1), future, parts.direction)
    return _month_value(chosen.year, chosen.month) if chosen else None


def _season(parts: _Parts, published: date, future: bool) -> ResolvedDate | None:
    """For "this spring", "last summer": the season's year (a season spans months)."""
    if parts.season is None:
        return None
    middles = [date(y, parts.season, 1) for y in range(published.year - 1, published.year + 2)]
    anchor = published.replace(day=1)
    chosen: date | None = min(middles, key=lambda d: abs((d - anchor).days))
    if parts.direction != "current":
        chosen = _pick(middles, anchor, future, parts.direction)
    return ResolvedDate(str(chosen.year), "year") if chosen else None


def _weekday(parts: _Parts, published: date, future: bool) -> ResolvedDate | None:
    """For "on Thursday": latest such day on or before publication; forward for future verbs."""
    if parts.weekday is None:
        return None
    candidates = [published + timedelta(days=offset) for offset in range(-7, 8)]
    matching = [d for d in candidates if d.weekday() == parts.weekday]
    return _day_or_none(_pick(matching, published, future, parts.direction))


def _unit(parts: _Parts, published: date, future: bool) -> ResolvedDate | None:
    """For "last year", "this month", "earlier this month", "later this year", "next year"."""
    units = date_words()["units"]
    unit = next((units[w] for w in parts.words if w in units), None)
    if unit is None or parts.has("ago") or _counted(parts):
        return None
    shift = {"before": -1, "after": 1}.get(parts.direction or "", 0)
    if unit == "year":
        return ResolvedDate(str(published.year + shift), "year")
    month_index = published.year * 12 + published.month - 1 + shift
    return _month_value(month_index // 12, month_index % 12 + 1)


def _counted(parts: _Parts) -> bool:
    """For "the past few years", "three months": spans, not a named year or month."""
    return parts.has("few", "several", "many", "years", "months") or any(
        w.isdigit() for w in parts.words
    )


def _day_word(parts: _Parts, published: date, future: bool) -> ResolvedDate | None:
    """For "today", "yesterday", "tomorrow"."""
    days = date_words()["days"]
    offset = next((days[w] for w in parts.words if w in days), None)
    if offset is None:
        return None
    return _day(published + timedelta(days=offset))


def _ordinal_day(parts: _Parts, published: date, future: bool) -> ResolvedDate | None:
    """For "On the 4th": that day of the publication month (or the month before or after)."""
    if parts.day is None:
        return None
    months = [published.replace(day=1) + timedelta(days=31 * k) for k in (-1, 0, 1)]
    candidates = [
        date(m.year, m.month, parts.day) for m in months if _valid(m.year, m.month, parts.day)
    ]
    return _day_or_none(_pick(candidates, published, future, parts.direction))
