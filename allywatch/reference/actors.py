"""Office holders with dated terms (``actors.csv``): who held which role on a given day.

A person is found by full name, by alias, or by surname when only one person of that surname
holds a role on the day asked. Name matching ignores case, accents, hyphens, full stops and
suffixes such as "Jr." or "III", so "Lee Jae Myung", "Lee Jae-myung" and "LEE JAE-MYUNG" agree.

Terms are inclusive at both ends: on a handover day both the outgoing and the incoming holder
are in office, which keeps a lookup by name working for articles written that day.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files

__all__ = [
    "FAMILY_NAME_FIRST",
    "KnownPerson",
    "RoleSpell",
    "data_text",
    "holders_at",
    "known_person",
    "person_key",
    "role_at",
    "role_spells",
    "roles_at",
    "surname_of",
]

# Countries whose names are written family name first in English news ("Xi Jinping" -> "Xi").
FAMILY_NAME_FIRST = frozenset({"CHN", "TWN", "KOR", "PRK", "KHM"})
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def data_text(filename: str) -> str:
    """Text of a file in ``allywatch/reference/data/`` (works from a wheel as well)."""
    return (files("allywatch.reference") / "data" / filename).read_text(encoding="utf-8")


@dataclass(frozen=True)
class RoleSpell:
    """One person's term in one role. ``end`` is None while the term lasts.

    ``country`` is the ISO3 of the government served (None for NATO, EU, UN, ASEAN officials,
    who carry ``org``). ``function`` is a normalised role class (``head_of_state``,
    ``head_of_government``, ``defense_minister``, ``foreign_minister`` ...) for matching
    "his Indian counterpart". ``primary`` marks the role to report when several overlap.
    """

    name: str
    aliases: tuple[str, ...]
    country: str | None
    org: str | None
    role: str
    start: date
    end: date | None
    function: str = ""
    primary: bool = True
    surname: str = ""
    note: str = ""

    def active(self, on: date) -> bool:
        """True when the term covers ``on`` (both ends inclusive)."""
        return self.start <= on and (self.end is None or on <= self.end)


@dataclass(frozen=True)
class KnownPerson:
    """A person of the actor table, whatever the date: identity plus all terms, oldest first."""

    name: str
    aliases: tuple[str, ...]
    country: str | None
    org: str | None
    spells: tuple[RoleSpell, ...]


def person_key(name: str) -> str:
    """Normalised key of a person name: no accents, case, hyphens, dots or Jr./III suffix."""
    text = unicodedata.normalize("NFKD", name.replace("\u2019", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"'s$", "", text.strip())
    tokens = re.sub(r"[-.,]", " ", text).split()
    while len(tokens) > 1 and tokens[-1] in _SUFFIXES:
        tokens.pop()
    return " ".join(tokens)


def surname_of(name: str, country: str | None) -> str:
    """The name used alone for a person: first token for family-name-first countries."""
    tokens = person_key(name).split()
    if not tokens:
        return ""
    return tokens[0] if country in FAMILY_NAME_FIRST else tokens[-1]


def _parse_date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def _row_spell(row: dict[str, str]) -> RoleSpell:
    start = _parse_date(row["start"])
    if start is None:
        raise ValueError(f"actors.csv: {row['name']} / {row['role']} has no start date")
    country = row["country"] or None
    return RoleSpell(
        name=row["name"],
        aliases=tuple(a.strip() for a in row["aliases"].split(";") if a.strip()),
        country=country,
        org=row["org"] or None,
        role=row["role"],
        start=start,
        end=_parse_date(row["end"]),
        function=row["function"],
        primary=row["primary"] != "0",
        surname=person_key(row["surname"]) if row["surname"] else surname_of(row["name"], country),
        note=row["note"],
    )


@cache
def role_spells() -> tuple[RoleSpell, ...]:
    """Every row of ``actors.csv`` in file order."""
    rows = csv.DictReader(line for line in data_text("actors.csv").splitlines() if line.strip())
    return tuple(_row_spell(row) for row in rows)


@cache
def _by_person() -> dict[str, tuple[RoleSpell, ...]]:
    people: dict[str, list[RoleSpell]] = defaultdict(list)
    for spell in role_spells():
        people[spell.name].append(spell)
    return {name: tuple(sorted(s, key=lambda x: x.start)) for name, s in people.items()}


@cache
def _full_index() -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = defaultdict(set)
    for spell in role_spells():
        for name in (spell.name, *spell.aliases):
            index[person_key(name)].add(spell.name)
    return {key: frozenset(names) for key, names in index.items()}


@cache
def _surname_index() -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = defaultdict(set)
    for spell in role_spells():
        index[spell.surname].add(spell.name)
    return {key: frozenset(names) for key, names in index.items()}


def _candidates(name: str) -> tuple[frozenset[str], bool]:
    """People a name may mean, and whether the match was by surname only."""
    key = person_key(name)
    if key in _full_index():
        return _full_index()[key], False
    return _surname_index().get(key, frozenset()), True


def _sorted_spells(spells: list[RoleSpell]) -> tuple[RoleSpell, ...]:
    order = {id(s): i for i, s in enumerate(role_spells())}
    return tuple(sorted(spells, key=lambda s: (not s.primary, order.get(id(s), 0))))


def roles_at(name: str, on: date) -> tuple[RoleSpell, ...]:
    """All roles the named person held on ``on``, primary first; empty when none or ambiguous.

    A surname alone ("Koizumi") resolves only when exactly one person of that surname holds a
    role that day.
    """
    people, by_surname = _candidates(name)
    active = {p: [s for s in _by_person()[p] if s.active(on)] for p in people}
    active = {p: spells for p, spells in active.items() if spells}
    if len(active) != 1 and by_surname:
        return ()
    return _sorted_spells([s for spells in active.values() for s in spells])


def role_at(name: str, on: date) -> RoleSpell | None:
    """The primary role the named person held on ``on``, or None.

    >>> role_at("Koizumi", date(2026, 1, 15)).role
    'Defense Minister'
    """
    spells = roles_at(name, on)
    return spells[0] if spells else None


def known_person(name: str) -> KnownPerson | None:
    """The person a name means regardless of date (a surname must be unique in the table)."""
    people, _ = _candidates(name)
    if len(people) != 1:
        return None
    (person,) = people
    spells = _by_person()[person]
    latest = max(spells, key=lambda s: (s.start, s.primary))
    aliases = tuple(dict.fromkeys(a for s in spells for a in s.aliases))
    return KnownPerson(
        name=person, aliases=aliases, country=latest.country, org=latest.org, spells=spells
    )


def holders_at(
    on: date,
    *,
    country: str | None = None,
    org: str | None = None,
    role: str | None = None,
    function: str | None = None,
) -> tuple[RoleSpell, ...]:
    """Terms active on ``on`` that match every filter given (e.g. who was JPN's defense minister).

    >>> [s.name for s in holders_at(date(2025, 5, 5), country="IND", function="defense_minister")]
    ['Rajnath Singh']
    """
    return tuple(
        s
        for s in role_spells()
        if s.active(on)
        and (country is None or s.country == country)
        and (org is None or s.org == org)
        and (role is None or s.role == role)
        and (function is None or s.function == function)
    )
