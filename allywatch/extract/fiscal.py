"""Years as news writes them next to money and targets: "in 2025", "for fiscal 2025", "FY2025",
"the 2026 fiscal year", "next year's budget", "in December", resolved against the publication date.

A fiscal year is named by the calendar year it starts in (Japan's FY2025 runs April 2025 to
March 2026), as budgets_official.csv and the dev gold count it. Two years joined ("last year and
this year", "from 2026 to 2030") name no single year. A year after "from", "since" or "than" is
a base of comparison (also a few words on, with no number between: "up 3.8% from the initial
budget for fiscal 2025"), and one after "reached" or "agreed" dates another event ("an
agreement reached last year"): both are kept but flagged, so callers can skip them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cache

from allywatch.reference.money import money_lexicon

LOOK_BEHIND = 40


@dataclass(frozen=True)
class YearMention:
    """A year expression at [start, end); `year` is None when it names several years."""

    start: int
    end: int
    year: int | None
    deadline: bool = False
    elsewhere: bool = False


def year_mentions(text: str, published: date | None) -> list[YearMention]:
    """Every year expression in `text`, left to right, several-year spans merged."""
    found = sorted(_raw_mentions(text, published), key=lambda m: (m.start, -m.end))
    unique = _without_overlaps(found)
    return [_with_context(text, m) for m in _merge_spans(text, unique)]


def nearest_year(
    mentions: Sequence[YearMention], start: int, end: int, limit: int
) -> YearMention | None:
    """The year expression closest to [start, end) within `limit` characters, if any.

    Bases of comparison and dates of other events are passed over.
    """
    usable = [m for m in mentions if not m.elsewhere and _distance(m, start, end) <= limit]
    return min(usable, key=lambda m: _distance(m, start, end), default=None)


def _distance(mention: YearMention, start: int, end: int) -> int:
    if mention.end <= start:
        return start - mention.end
    return max(0, mention.start - end)


# --------------------------------------------------------------------------- finding


@cache
def _regexes() -> dict[str, re.Pattern[str]]:
    words = money_lexicon("years")
    fiscal = "|".join(re.escape(w) for w in sorted(words["fiscal"], key=len, reverse=True))
    relative = "|".join(re.escape(w) for w in sorted(words["relative"], key=len, reverse=True))
    months = "|".join(words["months"])
    return {
        "fiscal": re.compile(
            rf"\b(?:{fiscal})\s?'?(\d{{4}}|\d{{2}})(?:[-/–](?:\d{{4}}|\d{{2}}))?\b"
        ),
        "fiscal_after": re.compile(
            r"\b((?:19|20)\d{2})(?:[-/–]\d{2})?\s+(?:fiscal|financial)\s+year"
        ),
        "split": re.compile(r"(?<![\d,.$])((?:19|20)\d{2})[-/–]\d{2}(?![\d%])"),
        "bare": re.compile(r"(?<![\d,.$£€¥₩])((?:19|20)\d{2})(?!\d|,\d|%|s\b|\.\d)"),
        "relative": re.compile(rf"\b(?i:{relative})\b"),
        "month": re.compile(rf"\b(next\s+|last\s+)?({months})\b(?!\s+\d)"),
    }


def _raw_mentions(text: str, published: date | None) -> Iterator[YearMention]:
    regexes = _regexes()
    for name in ("fiscal", "fiscal_after", "split", "bare"):
        for found in regexes[name].finditer(text):
            yield YearMention(found.start(), found.end(), _full_year(found.group(1)))
    if published is None:
        return
    for found in regexes["relative"].finditer(text):
        offset = int(money_lexicon("years")["relative"][found.group(0).lower()])
        yield YearMention(found.start(), found.end(), published.year + offset)
    for found in regexes["month"].finditer(text):
        year = _month_year(found.group(2), found.group(1), published)
        yield YearMention(found.start(), found.end(), year)


def _full_year(digits: str) -> int:
    return int(digits) if len(digits) == 4 else 2000 + int(digits)


def _month_year(month: str, direction: str | None, published: date) -> int:
    """A month without a year: the latest one on or before publication, or the next one."""
    number = int(money_lexicon("years")["months"].index(month)) + 1
    if direction and direction.strip() == "next":
        return published.year + int(number <= published.month)
    return published.year - int(number > published.month)


def _without_overlaps(mentions: Iterable[YearMention]) -> list[YearMention]:
    kept: list[YearMention] = []
    for mention in mentions:
        if not kept or mention.start >= kept[-1].end:
            kept.append(mention)
    return kept


SEVERAL = re.compile(r"\s*(?:and|to|through|or|-|–|—)\s*")


def _merge_spans(text: str, mentions: list[YearMention]) -> Iterator[YearMention]:
    """ "last year and this year", "from 2026 to 2030": one mention of no single year."""
    index = 0
    while index < len(mentions):
        first = mentions[index]
        second = mentions[index + 1] if index + 1 < len(mentions) else None
        if (
            second
            and second.year != first.year
            and SEVERAL.fullmatch(text[first.end : second.start])
        ):
            yield YearMention(first.start, second.end, None)
            index += 2
        else:
            yield first
            index += 1


@cache
def _context_regexes() -> tuple[re.Pattern[str], ...]:
    words = money_lexicon("years")

    def ending(items: list[str], tail: str) -> re.Pattern[str]:
        alternatives = "|".join(re.escape(w) for w in sorted(items, key=len, reverse=True))
        return re.compile(rf"\b(?i:{alternatives}){tail}$")

    filler = r"(?:\s+(?:in|on|during|for|the|fiscal|early|late|mid))*\s*"
    return (
        ending(words["deadline"], r"(?:\s+(?:the\s+end\s+of|fiscal|the))*\s*"),
        ending(words["base"], r"(?:\s+the)?\s*"),
        ending(words["base_phrase"], r"\b[^\d.,;:()]{0,40}"),
        ending(words["event"], filler),
    )


def _with_context(text: str, mention: YearMention) -> YearMention:
    before = text[max(0, mention.start - LOOK_BEHIND) : mention.start]
    deadline, *elsewheres = _context_regexes()
    elsewhere = any(regex.search(before) for regex in elsewheres)
    return replace(mention, deadline=bool(deadline.search(before)), elsewhere=elsewhere)
