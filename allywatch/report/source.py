"""What the pages read: one knowledge base as plain facts-v1 data with the indexes pages need.

The pages and the report never see SQL: a `Base` is built from a facts-v1 document (from the
store's export, or from `allywatch extract`) plus the store's events merged across articles. Each
merged event keeps its mentions: the sentences of the articles that report it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

Row = dict[str, Any]

MAX_HITS = 50


def slug(name: str) -> str:
    """A URL-safe id for a person: "Shinjirō Koizumi" -> "shinjiro-koizumi"."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-") or "unnamed"


def event_from_fact(fact: Row) -> Row:
    """A one-mention event: what an event fact is before the store merges reports of it."""
    keys = ("event_type", "mode", "context", "actors", "date", "date_precision", "location")
    event = {key: fact.get(key) for key in keys}
    event.update(
        id=fact["id"],
        latitude=fact.get("latitude"),
        longitude=fact.get("longitude"),
        mentions=[mention_of(fact)],
    )
    return event


def mention_of(fact: Row) -> Row:
    """Where a fact was read: article, sentence span and sentence."""
    return {
        "fact": fact["id"],
        "article": fact["article"],
        "span": list(fact["span"]),
        "sentence": fact["sentence"],
    }


@dataclass
class Base:
    """A knowledge base in memory: facts-v1 rows plus merged events, indexed for the pages."""

    articles: list[Row]
    people: list[Row]
    facts: list[Row]
    checks: list[Row]
    events: list[Row]
    article_by_id: dict[str, Row] = field(init=False)
    person_by_id: dict[str, Row] = field(init=False)
    fact_by_id: dict[str, Row] = field(init=False)
    facts_by_article: dict[str, list[Row]] = field(init=False)
    checks_by_fact: dict[str, list[Row]] = field(init=False)
    person_by_name: dict[str, str] = field(init=False)
    _memo: dict[Any, Any] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        for person in self.people:
            person.setdefault("id", slug(person["name"]))
        self.person_by_name = _name_index(self.people)
        self.article_by_id = {a["id"]: a for a in self.articles}
        self.person_by_id = {p["id"]: p for p in self.people}
        self.fact_by_id = {f["id"]: f for f in self.facts}
        self.facts_by_article = _group(self.facts, "article")
        self.checks_by_fact = _group(self.checks, "fact")
        self.articles.sort(key=lambda a: a.get("published") or "", reverse=True)
        self.events.sort(key=lambda e: (e.get("date") or "", e["id"]))

    @classmethod
    def from_document(cls, document: Row, events: list[Row] | None = None) -> Base:
        """A base from a facts-v1 document; without merged events, each event fact is one."""
        if events is None:
            events = [event_from_fact(f) for f in document["facts"] if f["kind"] == "event"]
        return cls(
            articles=list(document["articles"]),
            people=[dict(p) for p in document["people"]],
            facts=list(document["facts"]),
            checks=list(document["checks"]),
            events=events,
        )

    def cached(self, key: Any, compute: Callable[[], Any]) -> Any:
        """A value derived from this base, computed once (a reload makes a new base)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def person_id_for(self, name: str | None) -> str | None:
        """The person a name in a fact stands for: any form seen, else a unique surname."""
        return self.person_by_name.get(slug(name)) if name else None

    def facts_of(self, kind: str) -> list[Row]:
        """The facts of one kind, in their order (grouped once per base)."""
        by_kind: dict[str, list[Row]] = self.cached(
            "by kind", lambda: _index(self.facts, lambda f: [f["kind"]])
        )
        return by_kind.get(kind, [])

    def published_of(self, article_id: str) -> str:
        """When an article was published ("" if unknown), for ordering."""
        return (self.article_by_id.get(article_id) or {}).get("published") or ""

    def build_indexes(self) -> None:
        """Build every index the pages use now, rather than on a visitor's request."""
        for table in ("facts", "people", "events"):
            self._by_code(table)
        for named in ("events", "quotes"):
            self._by_person(named)

    def states(self) -> list[str]:
        """Every state or organisation code that a fact or person names, sorted."""
        return sorted(self._by_code("facts").keys() | self._by_code("people").keys())

    def with_code(self, table: str, code: str) -> list[Row]:
        """The rows of `table` ("facts", "people" or "events") that refer to the actor `code`,
        in their order; indexed once per base, so a page does not scan the whole base."""
        return self._by_code(table).get(code, [])

    def naming(self, table: str, person_id: str) -> list[Row]:
        """The events whose actors, or the quotes whose speaker, name the person `person_id`."""
        return self._by_person(table).get(person_id, [])

    def _by_code(self, table: str) -> dict[str, list[Row]]:
        index: dict[str, list[Row]] = self.cached(
            ("by code", table), lambda: _index(getattr(self, table), codes_of)
        )
        return index

    def _by_person(self, table: str) -> dict[str, list[Row]]:
        index: dict[str, list[Row]] = self.cached(
            ("by person", table), lambda: self._name_index(table)
        )
        return index

    def _name_index(self, table: str) -> dict[str, list[Row]]:
        if table == "events":
            return _index(self.events, lambda e: self._ids_of(a.get("name") for a in e["actors"]))
        quotes = self.facts_of("quote")
        return _index(quotes, lambda q: self._ids_of([(q["speaker"] or {}).get("name")]))

    def _ids_of(self, names: Iterable[str | None]) -> set[str]:
        return {i for i in map(self.person_id_for, names) if i is not None}

    def search(self, query: str) -> list[Row]:
        """Articles and facts whose text holds every word of the query (case-folded)."""
        words = query.casefold().split()
        hits = [_article_hit(a) for a in self.articles if _holds(a["text"], words)]
        hits += [_fact_hit(f) for f in self.facts if _holds(f["sentence"], words)]
        return hits[:MAX_HITS]


def _index(rows: Iterable[Row], keys_of: Callable[[Row], Iterable[str]]) -> dict[str, list[Row]]:
    """Each key to the rows that have it, in their order."""
    index: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        for key in keys_of(row):
            index[key].append(row)
    return dict(index)


def codes_of(row: Row) -> set[str]:
    """The actor codes a fact or person refers to."""
    codes = {row.get(key) for key in ("country", "subject", "object", "a", "b", "by", "org")}
    codes |= {actor.get("country") for actor in row.get("actors") or ()}
    speaker = row.get("speaker") if row.get("kind") == "quote" else None
    codes.add(speaker.get("country") if speaker else None)
    return {c for c in codes if isinstance(c, str) and c}


def _name_index(people: list[Row]) -> dict[str, str]:
    """Every name form (and every surname that only one person has) to the person's id."""
    index: dict[str, str] = {}
    surnames: dict[str, set[str]] = defaultdict(set)
    for person in people:
        for name in {person["name"], *person.get("names", ())}:
            index.setdefault(slug(name), person["id"])
            surnames[slug(name).rsplit("-", 1)[-1]].add(person["id"])
    unique = {surname: ids.pop() for surname, ids in surnames.items() if len(ids) == 1}
    return {**unique, **index}


def _group(rows: Iterable[Row], key: str) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[row[key]].append(row)
    return dict(grouped)


def _holds(text: str, words: list[str]) -> bool:
    folded = text.casefold()
    return bool(words) and all(word in folded for word in words)


def _article_hit(article: Row) -> Row:
    return {
        "type": "article",
        "article": article["id"],
        "title": article.get("title"),
        "span": None,
        "text": article["text"][:300],
        "kinds": [],
    }


def _fact_hit(fact: Row) -> Row:
    return {
        "type": "sentence",
        "article": fact["article"],
        "title": None,
        "span": list(fact["span"]),
        "text": fact["sentence"],
        "kinds": [fact["kind"]],
    }


class DocumentSource:
    """A fixed base built from a facts-v1 document (an export, or `allywatch extract` output)."""

    def __init__(self, document: Row, events: list[Row] | None = None) -> None:
        self._base = Base.from_document(document, events)

    def base(self) -> Base:
        return self._base

    def search(self, query: str) -> list[Row]:
        return self._base.search(query)
