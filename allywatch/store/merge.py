"""The rules that decide when two reports are about the same thing; no SQL here.

People: names are compared as sets of folded words (so "Kihara Minoru" is "Minoru Kihara"),
and a surname alone joins the one person of that country who bears it. Events: same type,
same set of actor countries, dates within a day (or the same month or year at that precision),
or both undated and published less than a week apart. Amounts: the same value, currency,
subject and year are one claim. docs/store.md explains each rule and why.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import IntEnum
from functools import cache, lru_cache
from importlib import resources

from allywatch.model.facts import Actor

EVENT_DAY_WINDOW = timedelta(days=1)
UNDATED_WINDOW = timedelta(days=6)


@cache
def name_affixes() -> frozenset[str]:
    """Honorifics, ranks and suffixes that say nothing about who a person is (data file)."""
    text = resources.files("allywatch.reference").joinpath("data/store/name-affixes.txt")
    lines = (line.strip() for line in text.read_text("utf-8").splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


def fold(text: str) -> str:
    """Lower case without accents or punctuation runs: "Shinjirō  Koizumi" -> "shinjiro koizumi"."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", bare.casefold()).split())


def name_tokens(name: str) -> frozenset[str]:
    """The words that identify a person: folded, without initials, honorifics or suffixes."""
    return key_tokens(fold(name))


@lru_cache(maxsize=65_536)
def key_tokens(name_key: str) -> frozenset[str]:
    """`name_tokens` of a name already folded, as `person_names.name_key` stores it. Cached:
    every look-up of a common surname compares against the same stored forms again."""
    words = name_key.split()
    kept = frozenset(w for w in words if len(w) > 1 and w not in name_affixes())
    return kept or frozenset(words)


def slug(name: str) -> str:
    """A readable id: "Shinjirō Koizumi" -> "shinjiro-koizumi"."""
    return "-".join(fold(name).split()) or "person"


def fuller_name(known: str, seen: str) -> str:
    """The fuller of two forms of one name: more identifying words, then written in normal
    case ("Motegi Toshimitsu", not the official "MOTEGI Toshimitsu"), then more characters."""
    return seen if _fullness(seen) > _fullness(known) else known


def _fullness(name: str) -> tuple[int, bool, int]:
    words = [w for w in name.split() if fold(w) not in name_affixes()]  # "III" is not shouting
    shouting = any(sum(c.isalpha() for c in word) > 1 and word.isupper() for word in words)
    return len(name_tokens(name)), not shouting, len(name)


class Match(IntEnum):
    """How strongly a name matches a known person; NONE never merges."""

    NONE = 0
    SURNAME = 1
    SUBSET = 2
    SAME = 3


@dataclass(frozen=True)
class Candidate:
    """A known person as the matcher sees it: id, country, organisation, every name form."""

    id: str
    country: str | None
    org: str | None
    names: tuple[frozenset[str], ...]


def _conflict(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and a != b


def match_strength(
    tokens: frozenset[str], country: str | None, org: str | None, known: Candidate
) -> Match:
    """SAME words; SUBSET (two or more words, one set inside the other); SURNAME (one word
    shared with a fuller name). Different countries or organisations never match."""
    if not tokens or _conflict(country, known.country) or _conflict(org, known.org):
        return Match.NONE
    return max((_strength(tokens, names) for names in known.names), default=Match.NONE)


def _strength(a: frozenset[str], b: frozenset[str]) -> Match:
    if a == b:
        return Match.SAME
    small, large = sorted((a, b), key=len)
    if not small <= large:
        return Match.NONE
    return Match.SUBSET if len(small) >= 2 else Match.SURNAME


def match_person(
    name: str, country: str | None, org: str | None, candidates: Sequence[Candidate]
) -> str | None:
    """The id of the known person this name is, or None for a new person.

    The same set of words joins the earliest such person. A partial match (a surname, or a name
    missing a middle name) joins only when exactly one known person fits it; a surname also needs
    the country to agree when both are known, so two Kims of one country stay apart.
    """
    tokens = name_tokens(name)
    scored = [(match_strength(tokens, country, org, c), c) for c in candidates]
    best = max((strength for strength, _ in scored), default=Match.NONE)
    winners = [c for strength, c in scored if strength == best]
    if best == Match.SAME or (best > Match.NONE and len(winners) == 1):
        return winners[0].id
    return None


def countries_key(actors: Iterable[Actor]) -> str:
    """The set of actor countries (or organisation codes) as one sorted, space-joined key."""
    return " ".join(sorted({a.country for a in actors if a.country}))


def first_day(partial: str | None) -> str | None:
    """The first day of a YYYY, YYYY-MM or YYYY-MM-DD date, for comparing with --since."""
    if not partial:
        return None
    return partial + {4: "-01-01", 7: "-01"}.get(len(partial), "")


@dataclass(frozen=True)
class EventWindow:
    """Where a report of a happening may find earlier reports of the same one.

    `low`/`high` bound the event date of a dated report (a day either side, or the exact month
    or year); `published_low`/`published_high` bound the publication day of an undated one.
    """

    low: str | None = None
    high: str | None = None
    published_low: str | None = None
    published_high: str | None = None


def event_window(event_date: str | None, published_day: str | None) -> EventWindow | None:
    """The merge window of one event report; None when it can be compared with nothing."""
    if event_date and len(event_date) == 10:
        day = date.fromisoformat(event_date)
        return EventWindow(str(day - EVENT_DAY_WINDOW), str(day + EVENT_DAY_WINDOW))
    if event_date:
        return EventWindow(event_date, event_date)
    if published_day:
        day = date.fromisoformat(published_day)
        return EventWindow(None, None, str(day - UNDATED_WINDOW), str(day + UNDATED_WINDOW))
    return None


def short_hash(*parts: object) -> str:
    """A stable 16-hex-digit digest of the parts."""
    text = "\x1f".join(repr(part) for part in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def claim_id(value: float, currency: str, subject: str | None, year: int | None) -> str:
    """One id for every statement of the same amount: value, currency, subject and year."""
    return "claim-" + short_hash(float(value), currency, subject, year)


def event_id(first_fact: str) -> str:
    """The id of a happening, from the first report of it stored."""
    return "event-" + short_hash(first_fact)
