"""Every page of the app and the report as plain data: the JSON twin of each page.

Each builder takes a `Base` and already-validated parameters and returns a JSON-ready dict;
HTML templates render the same dict (plus drawings from `figures`), so a page and its twin can
never disagree. A missing id raises `NotFound`.
"""

from __future__ import annotations

from collections import Counter

from allywatch.analysis import spending as burden_sharing
from allywatch.reference.load import geocode, state_name
from allywatch.report.graph import network
from allywatch.report.source import Base, Row, mention_of
from allywatch.report.text import event_summary, fact_summary

LATEST = 10
EVENT_FILTERS = ("pair", "type", "actor", "since", "until")
SMALL_NETWORK = 12
MONEY_ROWS = 300  # per kind on the money page: a large base has tens of thousands
STATE_ROWS = 200  # per list on a state's page
STATE_KINDS = ("amount", "target", "ratio", "relation", "quote")


class NotFoundError(LookupError):
    """No article, person or state with that id in the base."""


def overview(base: Base) -> Row:
    """Counts, latest articles, spending against targets, the network in small."""
    kinds = Counter(f["kind"] for f in base.facts)
    counts = {
        "articles": len(base.articles),
        "people": len(base.people),
        "facts": len(base.facts),
        "events": len(base.events),
        "checks": len(base.checks),
        **{f"facts_{kind}": kinds[kind] for kind in sorted(kinds)},
    }
    small = _network(base, None)
    return {
        "page": "overview",
        "counts": counts,
        "latest": [article_summary(base, a) for a in base.articles[:LATEST]],
        "spending": spending(base),
        "network": _top(small, SMALL_NETWORK),
    }


def _top(graph: Row, size: int) -> Row:
    """The busiest nodes of a network and the edges among them."""
    nodes = graph["nodes"][:size]
    kept = {n["id"] for n in nodes}
    edges = [e for e in graph["edges"] if e["source"] in kept and e["target"] in kept]
    return {**graph, "nodes": nodes, "edges": edges}


def article_summary(base: Base, article: Row) -> Row:
    keys = ("id", "title", "source", "url", "published", "dateline")
    return {
        **{k: article.get(k) for k in keys},
        "facts": len(base.facts_by_article.get(article["id"], ())),
    }


def fact_row(base: Base, fact: Row) -> Row:
    """A fact with its one-line summary and the checks made of it."""
    return {
        **fact,
        "summary": fact_summary(fact),
        "checks": base.checks_by_fact.get(fact["id"], []),
    }


def article(base: Base, article_id: str) -> Row:
    """The article, its facts in text order with their checks, and the people it names."""
    found = base.article_by_id.get(article_id)
    if found is None:
        raise NotFoundError(f"no article {article_id!r}")
    facts = sorted(base.facts_by_article.get(article_id, []), key=lambda f: tuple(f["span"]))
    people = [p for p in base.people if article_id in p.get("articles", ())]
    checks = [c for f in facts for c in base.checks_by_fact.get(f["id"], [])]
    return {
        "page": "article",
        "article": found,
        "facts": [fact_row(base, f) for f in facts],
        "checks": checks,
        "people": people,
    }


def person(base: Base, person_id: str) -> Row:
    """A person's roles over time, events and quotes."""
    found = base.person_by_id.get(person_id)
    if found is None:
        raise NotFoundError(f"no person {person_id!r}")
    events = [event_row(base, e) for e in base.naming("events", person_id)]
    quotes = [fact_row(base, q) for q in base.naming("quotes", person_id)]
    return {
        "page": "person",
        "person": found,
        "roles": roles(base, found),
        "events": events,
        "quotes": quotes,
    }


def roles(base: Base, found: Row) -> list[Row]:
    """Roles over time: the store's role history when it has one, else the merged role."""
    if found.get("roles"):
        return list(found["roles"])
    dates = sorted(
        base.article_by_id[a].get("published") or ""
        for a in found.get("articles", ())
        if a in base.article_by_id
    )
    return [
        {
            "role": found.get("role"),
            "country": found.get("country"),
            "org": found.get("org"),
            "first_seen": dates[0] if dates else None,
            "last_seen": dates[-1] if dates else None,
        }
    ]


def state(base: Base, iso3: str) -> Row:
    """One state (or organisation code): people, events, money, ties; at most `STATE_ROWS`
    of each (the most written about people, the latest events and facts) with the totals."""
    if iso3 not in base.states():
        raise NotFoundError(f"no state {iso3!r}")
    by_kind: dict[str, list[Row]] = {f"{kind}s": [] for kind in STATE_KINDS}
    for fact in base.with_code("facts", iso3):
        by_kind.get(f"{fact['kind']}s", []).append(fact)
    people, events = base.with_code("people", iso3), base.with_code("events", iso3)
    return {
        "page": "state",
        "state": {"iso3": iso3, "name": state_name(iso3)},
        "counts": {"people": len(people), "events": len(events)}
        | {key: len(rows) for key, rows in by_kind.items()},
        "people": people[:STATE_ROWS],
        "events": [event_row(base, e) for e in events[-STATE_ROWS:]],
        **{
            key: [fact_row(base, f) for f in _latest(base, rows, STATE_ROWS)]
            for key, rows in by_kind.items()
        },
    }


def pair_of(event: Row) -> str:
    """The sorted pair (or group) of countries taking part: "JPN-USA"."""
    return "-".join(sorted({a["country"] for a in event["actors"] if a.get("country")})) or "?"


def event_row(base: Base, event: Row) -> Row:
    """An event with its pair, summary, and each named actor's person id (for links)."""
    actors = [{**a, "person": base.person_id_for(a.get("name"))} for a in event["actors"]]
    return {**event, "actors": actors, "pair": pair_of(event), "summary": event_summary(event)}


def events(base: Base, filters: Row) -> Row:
    """Events filtered by pair, type, actor and date range, oldest first."""
    filters = {key: filters.get(key) for key in EVENT_FILTERS}
    actor = filters.get("actor")
    candidates = base.with_code("events", actor) if actor else base.events
    return {
        "page": "events",
        "filters": filters,
        "options": base.cached("event options", lambda: _event_options(base.events)),
        "events": [event_row(base, e) for e in candidates if _matches(e, filters)],
    }


def _event_options(events: list[Row]) -> Row:
    return {
        "pairs": sorted({pair_of(e) for e in events}),
        "types": sorted({e["event_type"] for e in events}),
    }


def _matches(event: Row, filters: Row) -> bool:
    """Pair, type and dates (the actor chose the candidates already)."""
    date = event.get("date") or ""
    return (
        (not filters.get("pair") or pair_of(event) == filters["pair"])
        and (not filters.get("type") or event["event_type"] == filters["type"])
        and (not filters.get("since") or (bool(date) and date >= filters["since"]))
        and (not filters.get("until") or (bool(date) and date[:10] <= filters["until"]))
    )


def network_page(base: Base, period: str | None) -> Row:
    """The engagement graph of one period (a year) or of all time, with its metrics."""
    years = sorted({e["date"][:4] for e in base.events if e.get("date")})
    return {
        "page": "network",
        "period": period,
        "periods": years,
        **_network(base, period),
    }


def _network(base: Base, period: str | None) -> Row:
    """The engagement network of a period, computed once per loaded base."""
    relations = base.facts_of("relation")
    return dict(
        base.cached(
            ("network", period), lambda: network(base.events, period, relations, base.person_id_for)
        )
    )


def spending(base: Base) -> list[Row]:
    """Per subject: stated defence amounts and the targets set for it."""
    subjects: dict[str, Row] = {}
    for fact in base.facts:
        if fact["kind"] == "amount" and fact["measure"] in ("defense_budget", "defense_spending"):
            _subject(subjects, fact["subject"])["amounts"].append(fact_row(base, fact))
        elif fact["kind"] == "target":
            _subject(subjects, fact["subject"])["targets"].append(fact_row(base, fact))
    return [subjects[k] for k in sorted(subjects)]


def _subject(subjects: dict[str, Row], code: str | None) -> Row:
    """The row of one spender; money whose spender the text does not say is kept apart."""
    name = state_name(code) if code else "whose money the text does not say"
    return subjects.setdefault(
        code or "", {"subject": code, "name": name, "amounts": [], "targets": []}
    )


def burden_table(alliance: str) -> Row:
    """The alliance's burden-sharing rows (SIPRI, IMF): % of GDP and the gap to each target."""
    report = burden_sharing.burden(alliance)
    rows = [_burden_row(r) for r in burden_sharing.burden_records(report)]
    return {
        "alliance": alliance,
        "year": report.year,
        "rows": rows,
        "sources": list(report.sources),
    }


def _burden_row(record: Row) -> Row:
    keys = ("iso3", "country", "year", "spending_usd", "pct_gdp")
    gaps = [
        {
            "target": key.removeprefix("target_"),
            "value": value,
            "deadline": record.get(f"deadline_{key.removeprefix('target_')}"),
            "gap_points": record.get(f"gap_{key.removeprefix('target_')}_points"),
            "gap_usd": record.get(f"gap_{key.removeprefix('target_')}_usd"),
            "growth_pct": record.get(f"growth_{key.removeprefix('target_')}_pct"),
        }
        for key, value in record.items()
        if key.startswith("target_") and value is not None
    ]
    return {**{k: record.get(k) for k in keys}, "gaps": gaps}


def money(base: Base, burden: Row) -> Row:
    """Amounts, targets, ratios, the burden-sharing table and the checks of money facts."""
    kinds = ("amount", "target", "ratio")
    money_facts = {kind: base.facts_of(kind) for kind in kinds}
    shown = [f for kind in kinds for f in _latest(base, money_facts[kind], MONEY_ROWS)]
    rows = [fact_row(base, f) for f in shown]
    return {
        "page": "money",
        "counts": {f"{kind}s": len(money_facts[kind]) for kind in kinds},
        "amounts": [r for r in rows if r["kind"] == "amount"],
        "targets": [r for r in rows if r["kind"] == "target"],
        "ratios": [r for r in rows if r["kind"] == "ratio"],
        "burden": burden,
        "checks": [
            {**c, "fact_summary": r["summary"], "article": r["article"], "span": r["span"]}
            for r in rows
            for c in r["checks"]
        ],
    }


def _latest(base: Base, facts: list[Row], most: int) -> list[Row]:
    """At most `most` facts, those of the most recently published articles, in their order."""
    if len(facts) <= most:
        return facts
    by_date = sorted(facts, key=lambda f: base.published_of(f["article"]), reverse=True)
    kept = {f["id"] for f in by_date[:most]}
    return [f for f in facts if f["id"] in kept]


def places(base: Base) -> Row:
    """Events grouped by where they happened, with coordinates (geocoded when not stored)."""
    found: dict[str, Row] = {}
    for event in base.events:
        where = _where(event)
        if where is None:
            continue
        place = found.setdefault(
            where[0], {"location": where[0], "lat": where[1], "lon": where[2], "events": []}
        )
        place["events"].append(event_row(base, event))
    unplaced = sum(1 for e in base.events if _where(e) is None)
    return {"page": "map", "places": list(found.values()), "unplaced": unplaced}


def _where(event: Row) -> tuple[str, float, float] | None:
    location = event.get("location")
    if not location:
        return None
    if event.get("latitude") is not None and event.get("longitude") is not None:
        return location, float(event["latitude"]), float(event["longitude"])
    point = geocode(location)
    return (location, point[0], point[1]) if point else None


def search(base: Base, query: str, hits: list[Row] | None = None) -> Row:
    """Full-text hits over articles and fact sentences (the store's FTS when it has one)."""
    found = base.search(query) if hits is None else hits
    return {"page": "search", "q": query, "hits": found}


def first_mention(event: Row) -> Row:
    """Where to read an event: its first reported sentence."""
    return event["mentions"][0] if event.get("mentions") else mention_of(event)
