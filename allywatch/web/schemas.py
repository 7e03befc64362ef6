"""The JSON twins' shapes: one pydantic model per page, also published in /openapi.json.

Every JSON answer is validated against its model before it is sent, so a twin that drifts from
its model fails loudly in the tests rather than quietly in a client. Fact rows keep the facts-v1
fields (checked by the contract's own schema elsewhere) and add a one-line `summary`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Open(BaseModel):
    """Rows that carry the contract's fields beyond the ones named here."""

    model_config = ConfigDict(extra="allow")


class Check(Open):
    fact: str
    verdict: Literal["supported", "contradicted", "unverifiable"]
    stated: float | None
    computed: float | None
    basis: str


class Fact(Open):
    id: str
    kind: Literal["event", "amount", "target", "ratio", "relation", "quote"]
    article: str
    sentence: str
    span: tuple[int, int]
    summary: str
    checks: list[Check]


class Actor(Open):
    name: str | None
    country: str | None
    role: str | None


class Mention(Open):
    fact: str
    article: str
    span: tuple[int, int]
    sentence: str


class Event(Open):
    id: str
    event_type: str
    mode: str | None
    actors: list[Actor]
    date: str | None
    location: str | None
    pair: str
    summary: str
    mentions: list[Mention]


class Person(Open):
    id: str
    name: str
    role: str | None
    country: str | None
    articles: list[str]


class ArticleSummary(Strict):
    id: str
    title: str | None
    source: str | None
    url: str | None
    published: str | None
    dateline: str | None
    facts: int


class Article(Strict):
    id: str
    title: str | None
    source: str | None
    url: str | None
    published: str | None
    published_inferred: bool
    dateline: str | None
    text: str


class Node(Strict):
    id: str
    type: str
    label: str
    country: str | None
    degree: int
    weighted_degree: int
    betweenness: float
    person: str | None


class Edge(Strict):
    source: str
    target: str
    weight: int
    relation: str
    types: dict[str, int]


class Network(Strict):
    nodes: list[Node]
    edges: list[Edge]
    relations: dict[str, int]
    total_nodes: int
    total_edges: int


class Spending(Strict):
    subject: str | None
    name: str
    amounts: list[Fact]
    targets: list[Fact]


class OverviewPage(Strict):
    page: Literal["overview"]
    counts: dict[str, int]
    latest: list[ArticleSummary]
    spending: list[Spending]
    network: Network


class ArticlePage(Strict):
    page: Literal["article"]
    article: Article
    facts: list[Fact]
    checks: list[Check]
    people: list[Person]


class Role(Open):
    role: str | None
    country: str | None
    org: str | None
    first_seen: str | None
    last_seen: str | None


class PersonPage(Strict):
    page: Literal["person"]
    person: Person
    roles: list[Role]
    events: list[Event]
    quotes: list[Fact]


class StateName(Strict):
    iso3: str
    name: str


class StatePage(Strict):
    page: Literal["state"]
    state: StateName
    counts: dict[str, int]
    people: list[Person]
    events: list[Event]
    amounts: list[Fact]
    targets: list[Fact]
    ratios: list[Fact]
    relations: list[Fact]
    quotes: list[Fact]


class EventFilters(Strict):
    pair: str | None = None
    type: str | None = None
    actor: str | None = None
    since: str | None = None
    until: str | None = None


class EventOptions(Strict):
    pairs: list[str]
    types: list[str]


class EventsPage(Strict):
    page: Literal["events"]
    filters: EventFilters
    options: EventOptions
    events: list[Event]


class NetworkPage(Network):
    page: Literal["network"]
    period: str | None
    periods: list[str]


class MoneyCheck(Check):
    fact_summary: str
    article: str
    span: tuple[int, int]


class Gap(Strict):
    target: str
    value: float
    deadline: float | None
    gap_points: float | None
    gap_usd: float | None
    growth_pct: float | None


class BurdenRow(Strict):
    iso3: str
    country: str
    year: int
    spending_usd: float | None
    pct_gdp: float | None
    gaps: list[Gap]


class Burden(Strict):
    alliance: str
    year: int
    rows: list[BurdenRow]
    sources: list[str]


class MoneyPage(Strict):
    page: Literal["money"]
    counts: dict[str, int]
    amounts: list[Fact]
    targets: list[Fact]
    ratios: list[Fact]
    burden: Burden
    checks: list[MoneyCheck]


class Place(Strict):
    location: str
    lat: float
    lon: float
    events: list[Event]


class MapPage(Strict):
    page: Literal["map"]
    places: list[Place]
    unplaced: int


class Hit(Open):
    type: Literal["article", "sentence"]
    article: str
    title: str | None
    span: tuple[int, int] | None
    text: str
    kinds: list[str]


class SearchPage(Strict):
    page: Literal["search"]
    q: str
    hits: list[Hit]


PAGE_MODELS: dict[str, type[BaseModel]] = {
    "overview": OverviewPage,
    "article": ArticlePage,
    "person": PersonPage,
    "state": StatePage,
    "events": EventsPage,
    "network": NetworkPage,
    "money": MoneyPage,
    "map": MapPage,
    "search": SearchPage,
}
