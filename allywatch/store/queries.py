"""Named read queries: people, events, amounts, the other fact kinds, and articles.

Each query picks one page of rows with the filters' clauses (see `filters.py`), walking an
index in its sort order, then fetches what those rows need (mentions, roles, checks) with one
more query per kind of detail, by id. Rows are plain dicts in the facts-v1 shape plus their
sources (title, source, url, published), ready for JSON, pandas or a template.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable

from allywatch.store.backend import Database, Row
from allywatch.store.filters import (
    Clauses,
    Filters,
    and_all,
    chosen,
    fact_clauses,
    page_params,
    sql,
    where,
)
from allywatch.store.merge import name_tokens

__all__ = ["QUERY_NAMES", "Filters", "articles", "events", "facts", "people", "run_query"]

QUERY_NAMES = (
    "people", "events", "amounts", "targets", "ratios", "relations", "quotes", "articles",
)  # fmt: skip
PAGE = "LIMIT :limit OFFSET :offset"

FACTS = """SELECT f.id, f.body, f.run_id, f.allywatch_version, a.title, a.source, a.url,
       a.published
FROM facts f JOIN articles a ON a.id = f.article"""
FACTS_ORDER = "ORDER BY f.fact_day DESC, f.id"

EVENTS = """SELECT e.id, e.event_type, e.mode, e.event_date AS date, e.date_precision,
       e.countries, e.location, e.sort_day
FROM events e"""
EVENT_CLAUSES: Clauses = {
    ("country",): r"(' ' || e.countries || ' ') LIKE :country_word ESCAPE '\'",
    ("type",): "lower(e.event_type) = :type",
    ("since",): "e.sort_day >= :since",
    ("until",): "e.sort_day <= :until",
}
EVENT_REPORTED = "EXISTS (SELECT 1 FROM facts f WHERE f.event_id = e.id AND f.retired_at IS NULL)"
EVENT_MENTIONED = "e.id IN (SELECT f.event_id FROM facts f WHERE f.retired_at IS NULL"
EVENTS_ORDER = "ORDER BY e.sort_day DESC, e.id"

CLAIMS = """SELECT c.id, c.value, c.currency, c.subject, c.year, c.last_reported
FROM claims c"""
CLAIM_REPORTED = "EXISTS (SELECT 1 FROM facts f WHERE f.claim_id = c.id AND f.retired_at IS NULL)"
CLAIM_MENTIONED = "c.id IN (SELECT f.claim_id FROM facts f WHERE f.retired_at IS NULL"
CLAIMS_ORDER = "ORDER BY c.last_reported DESC, c.id"

MENTIONS_OF_EVENTS = """
SELECT f.event_id AS parent, f.id, f.body, a.title, a.source, a.url, a.published,
       a.published_day
FROM facts f JOIN articles a ON a.id = f.article
WHERE f.event_id = ANY(:ids) AND f.retired_at IS NULL
ORDER BY a.published_day, f.id
"""
MENTIONS_OF_CLAIMS = """
SELECT f.claim_id AS parent, f.id, f.body, a.title, a.source, a.url, a.published,
       a.published_day
FROM facts f JOIN articles a ON a.id = f.article
WHERE f.claim_id = ANY(:ids) AND f.retired_at IS NULL
ORDER BY a.published_day, f.id
"""
CHECKS_OF = """
SELECT fact_id, verdict, stated, computed, basis FROM checks
WHERE fact_id = ANY(:ids) ORDER BY fact_id, seq
"""

PEOPLE = "SELECT p.id, p.name, p.country, p.org, p.article_count FROM people p"
PEOPLE_CLAUSES: Clauses = {
    ("country",): """(p.country = :country OR p.org = :country OR p.id IN (
     SELECT person_id FROM person_mentions WHERE retired_at IS NULL AND country = :country))""",
    ("person",): r"""p.id IN (
     SELECT person_id FROM person_names WHERE name_key LIKE :person ESCAPE '\')""",
    ("type",): r"""p.id IN (SELECT person_id FROM person_mentions
     WHERE retired_at IS NULL AND lower(role) LIKE :type_like ESCAPE '\')""",
    ("since", "until"): """p.id IN (SELECT person_id FROM person_mentions
     WHERE retired_at IS NULL
       AND on_date >= coalesce(:since, '') AND on_date <= coalesce(:until, '9999'))""",
}
NAMED_IN_ARTICLES = """p.id IN (SELECT m.person_id FROM person_mentions m
     WHERE m.retired_at IS NULL AND m.article IN ("""
PEOPLE_ORDER = "ORDER BY p.article_count DESC, p.name, p.id"
ROLES_OF_PEOPLE = """
SELECT person_id, role, country, org, min(on_date) AS first_seen, max(on_date) AS last_seen,
       count(DISTINCT article) AS article_count
FROM person_mentions WHERE person_id = ANY(:ids) AND retired_at IS NULL
GROUP BY person_id, role, country, org
"""
ARTICLES_OF_PEOPLE = """
SELECT DISTINCT person_id, article FROM person_mentions
WHERE person_id = ANY(:ids) AND retired_at IS NULL ORDER BY person_id, article
"""
NAMES_OF = "SELECT person_id, name FROM person_names WHERE person_id = ANY(:ids) ORDER BY name"

ARTICLES = """SELECT a.id, a.title, a.source, a.url, a.published, a.published_inferred,
       a.dateline, a.text
FROM articles a"""
ARTICLE_CLAUSES: Clauses = {
    ("since",): "a.published_day >= :since",
    ("until",): "a.published_day <= :until",
    ("country",): """a.id IN (SELECT f.article FROM facts f
     JOIN fact_countries c ON c.fact_id = f.id WHERE c.country = :country)""",
    ("person",): r"""a.id IN (SELECT m.article FROM person_mentions m
     JOIN person_names n ON n.person_id = m.person_id WHERE n.name_key LIKE :person ESCAPE '\')""",
}  # fmt: skip
ARTICLES_ORDER = "ORDER BY a.published_day DESC, a.id"


def run_query(
    db: Database, name: str, filters: Filters | None = None, limit: int | None = None,
    offset: int = 0,
) -> list[Row]:  # fmt: skip
    """Rows of one named query (see QUERY_NAMES), newest or most reported first."""
    special = {"people": people, "events": events, "amounts": amounts, "articles": articles}
    if name in special:
        return special[name](db, filters, limit, offset)
    if name in QUERY_NAMES:
        return facts(db, name.removesuffix("s"), filters, limit, offset)
    raise ValueError(f"no query {name!r}; choose one of {', '.join(QUERY_NAMES)}")


def facts(
    db: Database, kind: str | None = None, filters: Filters | None = None,
    limit: int | None = None, offset: int = 0,
) -> list[Row]:  # fmt: skip
    """Current facts of one kind (or all) in the facts-v1 shape, with their source and checks."""
    params = page_params(filters, kind, limit, offset)
    kept = ["f.retired_at IS NULL", *(["f.kind = :kind"] if kind else [])]
    statement = sql(FACTS, where([*kept, *chosen(fact_clauses(db), params)]), FACTS_ORDER, PAGE)
    rows = db.fetchall(statement, params)
    checks = _checks(db, [r["id"] for r in rows])
    return [{**_fact_row(r), "checks": checks.get(r["id"], [])} for r in rows]


def _fact_row(row: Row) -> Row:
    """A fact's JSON with where it was read (title, source, url, published) and its run."""
    keys = ("title", "source", "url", "published", "run_id", "allywatch_version")
    return {**json.loads(row["body"]), **{key: row[key] for key in keys if key in row}}


def events(
    db: Database, filters: Filters | None = None, limit: int | None = None, offset: int = 0
) -> list[Row]:
    """Real-world happenings, each with every report of it (`mentions`) and its actors.

    --country (one of its actors), --since/--until and --type apply to the event; --person
    and --text to its reports.
    """
    params = page_params(filters, "event", limit, offset)
    on_reports = chosen(fact_clauses(db), params, only=("person", "text"))
    reported = sql(EVENT_MENTIONED, and_all(on_reports), ")") if on_reports else EVENT_REPORTED
    statement = sql(EVENTS, where([reported, *chosen(EVENT_CLAUSES, params)]), EVENTS_ORDER, PAGE)
    rows = db.fetchall(statement, params)
    mentions = _mentions(db, MENTIONS_OF_EVENTS, [r["id"] for r in rows])
    return [_event_row(row, mentions.get(row["id"], [])) for row in rows]


def _event_row(row: Row, mentions: list[Row]) -> Row:
    bodies = [m["fact"] for m in mentions]
    actors = _distinct_actors(actor for body in bodies for actor in body.get("actors", ()))
    located: Row = next((b for b in bodies if b.get("latitude") is not None), {})
    return {
        **{key: value for key, value in row.items() if key != "sort_day"},
        "countries": row["countries"].split(),
        "actors": actors,
        "context": sorted({c for body in bodies for c in body.get("context", ())}),
        "latitude": located.get("latitude"),
        "longitude": located.get("longitude"),
        **_reporting(mentions),
        "mentions": [_mention(m) for m in mentions],
    }


def amounts(
    db: Database, filters: Filters | None = None, limit: int | None = None, offset: int = 0
) -> list[Row]:
    """Amount claims (value, currency, subject, year), each with every article stating it.

    Every filter applies to the statements (--type is the measure, dates their publication).
    """
    params = page_params(filters, "amount", limit, offset)
    on_reports = chosen(fact_clauses(db), params)
    reported = sql(CLAIM_MENTIONED, and_all(on_reports), ")") if on_reports else CLAIM_REPORTED
    rows = db.fetchall(sql(CLAIMS, where([reported]), CLAIMS_ORDER, PAGE), params)
    mentions = _mentions(db, MENTIONS_OF_CLAIMS, [r["id"] for r in rows])
    checks = _checks(db, [m["id"] for found in mentions.values() for m in found])
    return [_claim_row(row, mentions.get(row["id"], []), checks) for row in rows]


def _claim_row(row: Row, mentions: list[Row], checks: dict[str, list[Row]]) -> Row:
    bodies = [m["fact"] for m in mentions]
    measures = Counter(body.get("measure") for body in bodies)
    stated = [{**_mention(m), "checks": checks.get(m["id"], [])} for m in mentions]
    return {
        **{key: value for key, value in row.items() if key != "last_reported"},
        "measure": measures.most_common(1)[0][0] if measures else None,
        "approximate": any(body.get("approximate") for body in bodies),
        **_reporting(mentions),
        "verdicts": sorted({c["verdict"] for m in stated for c in m["checks"]}),
        "mentions": stated,
    }


def _reporting(mentions: list[Row]) -> Row:
    """How widely something was reported: mentions, distinct articles, first and last day."""
    days = sorted(m["published_day"] for m in mentions if m["published_day"])
    return {
        "mention_count": len(mentions),
        "source_count": len({m["fact"]["article"] for m in mentions}),
        "first_reported": days[0] if days else None,
        "last_reported": days[-1] if days else None,
    }


def _mentions(db: Database, statement: str, ids: list[str]) -> dict[str, list[Row]]:
    """The reports of each happening or claim, grouped by its id, oldest first."""
    grouped: dict[str, list[Row]] = {}
    for row in db.fetchall(statement, {"ids": ids}) if ids else ():
        grouped.setdefault(row["parent"], []).append({**row, "fact": json.loads(row["body"])})
    return grouped


def _mention(row: Row) -> Row:
    """Where one report was read: fact, article, sentence, span and the article's source."""
    body = row["fact"]
    return {
        "fact": row["id"], "article": body["article"], "sentence": body["sentence"],
        "span": body["span"], "date": body.get("date"), "title": row["title"],
        "source": row["source"], "url": row["url"], "published": row["published"],
    }  # fmt: skip


def _checks(db: Database, ids: list[str]) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = {}
    for row in db.fetchall(CHECKS_OF, {"ids": ids}) if ids else ():
        grouped.setdefault(row.pop("fact_id"), []).append(row)
    return grouped


def _distinct_actors(actors: Iterable[Row]) -> list[Row]:
    """Each participant once, as the earliest report names them ("Shinjirō Koizumi" and
    "Shinjiro Koizumi" are one); a state without a person named is one actor per code."""
    seen: dict[object, Row] = {}
    for actor in actors:
        key = name_tokens(actor["name"]) if actor.get("name") else actor.get("country")
        seen.setdefault(key, actor)
    return list(seen.values())


def people(
    db: Database, filters: Filters | None = None, limit: int | None = None, offset: int = 0
) -> list[Row]:
    """People merged across articles, most written about first: name forms, latest role,
    roles over time, articles. --type is part of a role; dates are days they were mentioned."""
    params = page_params(filters, None, limit, offset)
    clauses = ["p.article_count > 0", *chosen(PEOPLE_CLAUSES, params)]
    if params["text"] is not None:
        clauses.append(sql(NAMED_IN_ARTICLES, db.articles_matching, "))"))
    rows = db.fetchall(sql(PEOPLE, where(clauses), PEOPLE_ORDER, PAGE), params)
    ids = {"ids": [r["id"] for r in rows]}
    names = _grouped(db.fetchall(NAMES_OF, ids) if rows else [], "person_id")
    roles = _grouped(db.fetchall(ROLES_OF_PEOPLE, ids) if rows else [], "person_id")
    named_in = _grouped(db.fetchall(ARTICLES_OF_PEOPLE, ids) if rows else [], "person_id")
    return [
        _person_row(r, names.get(r["id"], []), roles.get(r["id"], []), named_in.get(r["id"], []))
        for r in rows
    ]


def _person_row(row: Row, names: list[Row], spells: list[Row], named_in: list[Row]) -> Row:
    """A person with roles over time; `spells` are their mentions grouped (in SQL) by role,
    country and organisation, so a much-written-about person costs no more than another."""
    roles = sorted(
        ({k: v for k, v in spell.items() if k != "person_id"} for spell in spells if spell["role"]),
        key=lambda r: (r["first_seen"] or "", r["role"]),
    )
    latest = max(roles, key=lambda r: (r["last_seen"] or "", r["first_seen"] or ""), default=None)
    return {
        **row,
        "role": latest["role"] if latest else None,
        "first_seen": min(filter(None, (s["first_seen"] for s in spells)), default=None),
        "last_seen": max(filter(None, (s["last_seen"] for s in spells)), default=None),
        "names": [n["name"] for n in names],
        "roles": roles,
        "articles": [m["article"] for m in named_in],
    }


def _grouped(rows: list[Row], key: str) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = {}
    for row in rows:
        grouped.setdefault(row.pop(key), []).append(row)
    return grouped


def articles(
    db: Database, filters: Filters | None = None, limit: int | None = None, offset: int = 0
) -> list[Row]:
    """Current article versions, newest first, in the facts-v1 ARTICLE shape (and no more:
    `Store.article(id)` adds version, run and facts).

    Filters: since/until (publication day), text (in the article), country (of a fact),
    person (named in it); type does not apply.
    """
    params = page_params(filters, None, limit, offset)
    clauses = ["a.superseded_by IS NULL", *chosen(ARTICLE_CLAUSES, params)]
    if params["text"] is not None:
        clauses.append(sql("a.id IN (", db.articles_matching, ")"))
    rows = db.fetchall(sql(ARTICLES, where(clauses), ARTICLES_ORDER, PAGE), params)
    return [{**row, "published_inferred": bool(row["published_inferred"])} for row in rows]
