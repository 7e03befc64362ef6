"""Typed, immutable facts of the facts-v1 contract, one class per kind."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from allywatch.model.article import Article

Span = tuple[int, int]


@dataclass(frozen=True)
class Actor:
    """A participant in an event: a person (name, role, country) or a state (country only)."""

    name: str | None
    country: str | None
    role: str | None
    side: str = "source"


@dataclass(frozen=True)
class Speaker:
    """Who a quote is attributed to: a person, a body or a document (role "document")."""

    name: str
    country: str | None = None
    role: str | None = None


@dataclass(frozen=True)
class Person:
    """One distinct person, merged across mentions, with the role held at the article's date."""

    name: str
    role: str | None = None
    country: str | None = None
    org: str | None = None
    articles: tuple[str, ...] = ()


@dataclass(frozen=True)
class Fact:
    """Common fields: where the fact was read, exactly as the text has it."""

    id: str
    article: str
    sentence: str
    span: Span
    kind: ClassVar[str] = ""


@dataclass(frozen=True)
class Event(Fact):
    """A PLOVER-coded happening between actors."""

    event_type: str = "CONSULT"
    mode: str | None = None
    context: tuple[str, ...] = ()
    actors: tuple[Actor, ...] = ()
    date: str | None = None
    date_precision: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    mentions: tuple[Span, ...] = ()
    kind: ClassVar[str] = "event"


@dataclass(frozen=True)
class Normalised:
    """An amount converted to USD and JPY at one exchange-rate basis."""

    usd: float | None
    jpy: float | None
    rate_date: str | None
    basis: str


@dataclass(frozen=True)
class Amount(Fact):
    """A sum of money in full units of an ISO 4217 currency."""

    value: float = 0.0
    currency: str = "USD"
    approximate: bool = False
    measure: str = "other"
    subject: str | None = None
    year: int | None = None
    equivalent_of: str | None = None
    text: str = ""
    normalised: tuple[Normalised, ...] = ()
    kind: ClassVar[str] = "amount"


@dataclass(frozen=True)
class Target(Fact):
    """A stated goal, usually a share of GDP."""

    subject: str = ""
    metric: str = "defense_spending_pct_gdp"
    value: float = 0.0
    comparator: str = "="
    deadline: int | None = None
    status: str = "proposed"
    by: str | None = None
    kind: ClassVar[str] = "target"


@dataclass(frozen=True)
class Ratio(Fact):
    """A comparison stated in the text: subject / object = ratio."""

    subject: str = ""
    object: str = ""
    measure: str = "other"
    ratio: float = 0.0
    approximate: bool = False
    year: int | None = None
    kind: ClassVar[str] = "ratio"


@dataclass(frozen=True)
class Relation(Fact):
    """A tie between two actors as the text states it; the pair is unordered."""

    a: str = ""
    b: str = ""
    relation: str = "partner"
    kind: ClassVar[str] = "relation"


@dataclass(frozen=True)
class Quote(Fact):
    """Quoted words and who said (or wrote) them."""

    speaker: Speaker = field(default_factory=lambda: Speaker(name=""))
    text: str = ""
    kind: ClassVar[str] = "quote"


@dataclass(frozen=True)
class Check:
    """The verdict of testing one fact against reference data."""

    fact: str
    verdict: str
    stated: float | None
    computed: float | None
    basis: str


FACT_TYPES: dict[str, type[Fact]] = {
    cls.kind: cls for cls in (Event, Amount, Target, Ratio, Relation, Quote)
}


@dataclass(frozen=True)
class ArticleFacts:
    """Everything extracted from one article."""

    article: Article
    people: tuple[Person, ...] = ()
    facts: tuple[Fact, ...] = ()
    checks: tuple[Check, ...] = ()


@dataclass(frozen=True)
class FactsDocument:
    """The facts-v1 document: articles, people, facts and checks."""

    articles: tuple[Article, ...] = ()
    people: tuple[Person, ...] = ()
    facts: tuple[Fact, ...] = ()
    checks: tuple[Check, ...] = ()
