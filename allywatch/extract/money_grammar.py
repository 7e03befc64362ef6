"""A small grammar for sums of money as news writes them: "about 1.785 trillion yuan", "¥8.7
trillion", "US$60.68 billion", "£5bn", "Rs 6.81 lakh crore", "$5 billion to $6 billion".

price-parser and quantulum3 were tried and misread these forms (scale words, lakh and crore,
"NT$", "$US"), so the grammar is a few regular expressions assembled from the lexicon in
``reference/data/money/``. Values are exact: the digits as written, shifted by the scale's
power of ten with ``Decimal.scaleb``, so "8.7 trillion" is 8700000000000 and never
8699999999999.999.

A range ("$5-6 billion", "$5 billion to $6 billion", "between 5 and 6 trillion yen") is one
amount: its low bound as the value, marked approximate, with the high bound kept in ``high``,
the same convention as a target's "4.5 to 5 per cent" (value 4.5, at least).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache
from typing import Any

from allywatch.reference.money import money_lexicon

DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
YEARS = range(1900, 2101)
SCALELESS_NUMBER_WORDS = {"a", "half a"}


@dataclass(frozen=True)
class Money:
    """A sum in full units of an ISO 4217 currency; `high` is a range's upper bound."""

    value: Decimal
    currency: str
    approximate: bool
    high: Decimal | None = None


@dataclass(frozen=True)
class MoneyMatch:
    """Where a sum was written: character offsets into the scanned text, and the words."""

    start: int
    end: int
    text: str
    money: Money
    hedge: str | None
    exponent: int


def as_number(value: Decimal) -> int | float:
    """An int when the value is whole (JSON then prints 8700000000000), else a float."""
    return int(value) if value == value.to_integral_value() else float(value)


def parse_money(text: str, dollar: str = "USD") -> Money | None:
    """The one sum `text` consists of ("about 1.785 trillion yuan"), or None.

    >>> parse_money("about ¥8.7 trillion")
    Money(value=Decimal('8.7E+12'), currency='JPY', approximate=True, high=None)
    """
    stripped = text.strip()
    found = find_money(stripped, dollar)
    if len(found) == 1 and (found[0].start, found[0].end) == (0, len(stripped)):
        return found[0].money
    return None


def find_money(text: str, dollar: str = "USD") -> list[MoneyMatch]:
    """Every sum in `text`, left to right; a bare "$" is read as `dollar`."""
    matches = [m for pattern in _patterns() for m in _matches(pattern, text, dollar)]
    return list(_join_ranges(text, _leftmost_longest(matches)))


def _matches(pattern: re.Pattern[str], text: str, dollar: str) -> Iterator[MoneyMatch]:
    for found in pattern.finditer(text):
        match = _read(found, dollar)
        if match is not None:
            yield match


def _read(found: re.Match[str], dollar: str) -> MoneyMatch | None:
    """A regex hit as a sum, or None when it is a year or a bare "a" ("2024 won", "a dollar")."""
    parts = found.groupdict()
    exponent = _exponent(parts["scales"] or "")
    if not exponent and (_is_year(parts["num"]) or parts["num"].lower() in SCALELESS_NUMBER_WORDS):
        return None
    hedge = _hedge(parts)
    low = number_value(parts["num"]).scaleb(exponent)
    high = number_value(parts["hi"]).scaleb(exponent) if parts["hi"] else None
    currency = _currency(parts.get("prefix"), parts.get("word"), dollar)
    money = Money(low, currency, approximate=bool(hedge) or high is not None, high=high)
    text = found.group(0)
    return MoneyMatch(found.start(), found.end(), text, money, hedge, exponent)


def _hedge(parts: dict[str, Any]) -> str | None:
    hedge = parts["hedge"] or parts["between"]
    return hedge.strip().lower() if hedge else None


def _is_year(number: str) -> bool:
    return number.isdigit() and len(number) == 4 and int(number) in YEARS


def number_value(written: str) -> Decimal:
    """A number as written, in digits ("1,234.5") or words ("five", "half a")."""
    words: dict[str, Any] = money_lexicon("scales")["number_words"]
    key = " ".join(written.lower().split())
    if key in words:
        return Decimal(str(words[key]))
    return Decimal(written.replace(",", ""))


def _exponent(scales: str) -> int:
    """The power of ten of the scale words, chained: "lakh crore" is 5 + 7."""
    lexicon = money_lexicon("scales")
    table = {**lexicon["attached"], **{k.lower(): v for k, v in lexicon["words"].items()}}
    return sum(int(table[word.lower()]) for word in re.findall(r"[A-Za-z]+", scales))


def _currency(prefix: str | None, word: str | None, dollar: str) -> str:
    """ISO code; a currency word after the number wins ("¥1 trillion yuan" is CNY)."""
    codes = _currency_codes()
    by_word = codes["words"].get(word.lower()) if word else None
    code = by_word if by_word not in (None, "$") else codes["prefixes"].get(prefix or "", by_word)
    if code == "$":
        return dollar
    return "JPY" if code == "¥" else str(code)


@cache
def _currency_codes() -> dict[str, dict[str, str]]:
    lexicon = money_lexicon("currencies")
    words = {**lexicon["words"], **lexicon["weak_words"]}
    return {
        "prefixes": {**lexicon["prefixes"], **lexicon["weak_prefixes"]},
        "words": {" ".join(k.lower().split()): v for k, v in words.items()},
    }


def _leftmost_longest(matches: Iterable[MoneyMatch]) -> list[MoneyMatch]:
    """Overlapping hits of the different patterns: the earliest, then the longest, wins."""
    chosen: list[MoneyMatch] = []
    for match in sorted(matches, key=lambda m: (m.start, -m.end)):
        if not chosen or match.start >= chosen[-1].end:
            chosen.append(match)
    return chosen


RANGE_GAP = re.compile(r"\s*(?:to|-|–|—)\s*|\s+and\s+")


def _join_ranges(text: str, matches: list[MoneyMatch]) -> Iterator[MoneyMatch]:
    """ "$5 billion to $6 billion" is one range; "$5 to $6 billion" takes the scale of the high."""
    index = 0
    while index < len(matches):
        low = matches[index]
        high = matches[index + 1] if index + 1 < len(matches) else None
        if high is not None and _is_range(text, low, high):
            yield _range(text, low, high)
            index += 2
        else:
            yield low
            index += 1


def _is_range(text: str, low: MoneyMatch, high: MoneyMatch) -> bool:
    """Joined by "to" or a dash; "and" only after "between" ("$5bn and $6bn" are two sums)."""
    gap = text[low.end : high.start]
    if not RANGE_GAP.fullmatch(gap) or low.money.currency != high.money.currency:
        return False
    return "and" not in gap or low.hedge == "between"


def _range(text: str, low: MoneyMatch, high: MoneyMatch) -> MoneyMatch:
    exponent = low.exponent or high.exponent
    value = low.money.value.scaleb(exponent - low.exponent)
    money = replace(low.money, value=value, approximate=True, high=high.money.value)
    span = text[low.start : high.end]
    return replace(low, end=high.end, text=span, money=money, exponent=exponent)


# --------------------------------------------------------------------------- the patterns


@cache
def number_words() -> str:
    """The number words of the lexicon as a regex alternation, longest first."""
    return _alternation(money_lexicon("scales")["number_words"])


def _alternation(words: Iterable[str]) -> str:
    """Longest first, so "NT$" wins over "$" and "US dollars" over "dollars"."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    """Prefixed ("$5 billion"), weak-prefixed ("P20 billion") and suffixed ("5 trillion won")."""
    currencies = money_lexicon("currencies")
    scales = money_lexicon("scales")
    scale_words = rf"\s+(?i:{_alternation(scales['words'])})(?![A-Za-z])"
    attached = rf"(?:{_alternation(scales['attached'])})(?![A-Za-z])"
    any_scales = rf"(?P<scales>(?:{attached})?(?:{scale_words})*)"
    some_scales = rf"(?P<scales>(?:{attached}|{scale_words})(?:{scale_words})*)"
    words = rf"(?i:{_alternation(currencies['words'])})(?![A-Za-z])"
    weak_words = rf"(?i:{_alternation(currencies['weak_words'])})(?![A-Za-z])"
    opening = _opening()
    written = rf"(?<![\w.,$])(?P<num>{DIGITS}|\b(?i:{number_words()})\b)"
    range_high = rf"(?:{_range_separator()}(?P<hi>{DIGITS}|\b(?i:{number_words()})\b))?"
    prefixed = rf"(?<![A-Za-z0-9])(?P<prefix>{_alternation(currencies['prefixes'])})\s?"
    weak = rf"(?<![A-Za-z0-9])(?P<prefix>{_alternation(currencies['weak_prefixes'])})"
    number = rf"(?P<num>{DIGITS}){range_high}"
    sources = (
        rf"{opening}{prefixed}{number}{any_scales}(?:\s+(?P<word>{words}))?",
        rf"{opening}{weak}{number}{some_scales}",
        rf"{opening}{written}{range_high}{any_scales}\s+(?P<word>{words})",
        rf"{opening}{written}{range_high}{some_scales}\s+(?P<word>{weak_words})",
    )
    return tuple(re.compile(source) for source in sources)


def _opening() -> str:
    """An optional "between" or hedge ("about", "more than") before the sum."""
    hedges = _alternation(money_lexicon("hedges")["approximate"])
    return rf"(?:(?P<between>\bbetween\s+)|(?<![A-Za-z])(?P<hedge>(?i:{hedges}))\s+)?"


def _range_separator() -> str:
    """ "5-6", "5 to 6", and "5 and 6" only after "between"."""
    return r"(?:(?(between)\s+and\s+|(?!))|\s*[-–—]\s*|\s+to\s+)"
