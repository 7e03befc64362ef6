"""The filters of every read query, and how their SQL is put together.

A query is built from constant fragments only: its SELECT, the clauses of the filters that are
set (each a constant keyed by the parameters it binds), and its ORDER BY. No value ever enters
the SQL text; what a user typed is bound as a parameter, after folding (for names) or escaping
(for LIKE patterns). Leaving out the clauses of absent filters lets the database use its
indexes, which a `(:x IS NULL OR ...)` clause would prevent.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from allywatch.store.backend import Database, like_pattern
from allywatch.store.merge import fold
from allywatch.store.search import search_terms

NO_LIMIT = 2**62

_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

Clauses = Mapping[tuple[str, ...], str]

# A fact (alias f) matches: the clauses shared by every fact kind and by mentions.
PERSON_OF_FACT = r"""f.id IN (
  SELECT fp.fact_id FROM fact_people fp
  WHERE fp.name_key LIKE :person ESCAPE '\' OR fp.person_id IN (
    SELECT n.person_id FROM person_names n WHERE n.name_key LIKE :person ESCAPE '\'))"""
FACT_CLAUSES: Clauses = {
    ("country",): "f.id IN (SELECT fact_id FROM fact_countries WHERE country = :country)",
    ("person",): PERSON_OF_FACT,
    ("type",): "lower(f.fact_type) = :type",
    ("since",): "f.fact_day >= :since",
    ("until",): "f.fact_day <= :until",
}


def fact_clauses(db: Database) -> Clauses:
    """FACT_CLAUSES and --text, which this backend's full-text index answers."""
    sentences = sql("(f.article, f.span_start) IN (", db.sentences_matching, ")")
    return {**FACT_CLAUSES, ("text",): sentences}


@dataclass(frozen=True)
class Filters:
    """What `allywatch query` and the Python API filter on; every field is optional.

    country: an ISO3 or organisation code the fact is about (actor, subject, pair, speaker).
    person: part of a person's name, any form seen ("koizumi" finds "Shinjirō Koizumi").
    type: the event type, measure, metric, relation or speaker role (people: part of a role).
    since, until: YYYY, YYYY-MM or YYYY-MM-DD, inclusive; events by their date, else by the
        article's publication day.
    text: words the fact's sentence holds, as full-text search reads them (stemmed, every
        word, "quoted phrase"); articles and people: words of the article (naming them).
    """

    country: str | None = None
    person: str | None = None
    type: str | None = None
    since: str | None = None
    until: str | None = None
    text: str | None = None

    def params(self) -> dict[str, Any]:
        """The bound parameters of every query; None where a filter is absent.

        Raises:
            ValueError: a date that is not YYYY, YYYY-MM or YYYY-MM-DD, naming the option.
        """
        kind = self.type.strip().casefold() if self.type else None
        country = self.country.strip().upper() if self.country else None
        return {
            "country": country,
            "country_word": like_pattern(f" {country} ") if country else None,
            "person": like_pattern(fold(self.person)) if self.person else None,
            "type": kind,
            "type_like": like_pattern(kind) if kind else None,
            "since": _day(self.since, "since", last=False),
            "until": _day(self.until, "until", last=True),
            "text": search_terms(self.text) if self.text else None,
        }


def _day(value: str | None, name: str, last: bool) -> str | None:
    """A partial date as its first (or last) day; ValueError naming the option otherwise."""
    if not value:
        return None
    if not _PARTIAL_DATE.match(value):
        raise ValueError(f"--{name} must be a date: YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
    if not last or len(value) == 10:
        return value + {4: "-01-01", 7: "-01"}.get(len(value), "")
    if len(value) == 4:
        return f"{value}-12-31"
    year, month = int(value[:4]), int(value[5:])
    if not 1 <= month <= 12:
        raise ValueError(f"--{name}: no month {month} in {value!r}")
    return f"{value}-{calendar.monthrange(year, month)[1]:02d}"


def page_params(
    filters: Filters | None, kind: str | None, limit: int | None, offset: int
) -> dict[str, Any]:
    """Filter parameters plus the fact kind and the page (None: every row)."""
    params = (filters or Filters()).params()
    return {**params, "kind": kind, "limit": NO_LIMIT if limit is None else limit, "offset": offset}


def chosen(clauses: Clauses, params: Mapping[str, Any], only: Iterable[str] = ()) -> list[str]:
    """The clauses whose parameters are set (any of them), optionally of some filters only."""
    wanted = set(only)
    return [
        clause
        for names, clause in clauses.items()
        if any(params.get(n) is not None for n in names) and (not wanted or wanted & set(names))
    ]


def sql(*parts: str) -> str:
    """One statement from constant fragments (module constants only, never input)."""
    return "\n".join(part for part in parts if part)


def where(clauses: Iterable[str]) -> str:
    """`WHERE a AND b ...` of constant clauses ('' for none)."""
    listed = list(clauses)
    return "WHERE " + "\n  AND ".join(listed) if listed else ""


def and_all(clauses: Iterable[str]) -> str:
    """More conditions after a WHERE that is already there."""
    return "".join("\n  AND " + clause for clause in clauses)
