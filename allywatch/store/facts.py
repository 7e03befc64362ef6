"""One fact into the store: its facts-v1 JSON, the columns queries filter on, its sentence,
the countries and people it names, and the happening or claim it reports."""

from __future__ import annotations

import json
from typing import Any

from allywatch.model.facts import Amount, Event, Fact, Quote, Ratio, Relation, Target
from allywatch.model.facts_json import fact_to_dict
from allywatch.store.backend import Database
from allywatch.store.merge import claim_id, countries_key, event_id, event_window, first_day, fold
from allywatch.store.people import find_person

INSERT_FACT = """
INSERT INTO facts (id, kind, article, sentence, span_start, span_end, run_id, allywatch_version,
  body, event_id, claim_id, fact_type, fact_day, countries, event_date, measure, value,
  currency, subject, year, metric, status, relation, speaker)
VALUES (:id, :kind, :article, :sentence, :span_start, :span_end, :run_id, :allywatch_version,
  :body, :event_id, :claim_id, :fact_type, :fact_day, :countries, :event_date, :measure,
  :value, :currency, :subject, :year, :metric, :status, :relation, :speaker)
"""
INSERT_SENTENCE = """
INSERT INTO sentences (article, span_start, span_end, sentence)
VALUES (:article, :span_start, :span_end, :sentence) ON CONFLICT DO NOTHING
"""
INSERT_COUNTRY = """
INSERT INTO fact_countries (fact_id, country) VALUES (:fact_id, :country) ON CONFLICT DO NOTHING
"""
INSERT_FACT_PERSON = """
INSERT INTO fact_people (fact_id, seq, name, name_key, person_id, role, country)
VALUES (:fact_id, :seq, :name, :name_key, :person_id, :role, :country)
"""
# Dated and undated reports are looked up apart: with the two joined by OR, the index
# (fact_type, countries, event_date) could not narrow the dates, and every report of the same
# type between the same countries was read (4,233 for JPN-USA consultations on a 22,000-article
# base: 6 ms a look-up, the largest cost of storing an article there).
FIND_EVENT = """
SELECT min(event_id) AS event_id FROM (
  SELECT f.event_id FROM facts f
  WHERE f.kind = 'event' AND f.retired_at IS NULL
    AND f.fact_type = :event_type AND f.countries = :countries
    AND CAST(:low AS TEXT) IS NOT NULL AND f.event_date BETWEEN :low AND :high
  UNION ALL
  SELECT f.event_id FROM facts f JOIN articles a ON a.id = f.article
  WHERE f.kind = 'event' AND f.retired_at IS NULL
    AND f.fact_type = :event_type AND f.countries = :countries
    AND CAST(:published_low AS TEXT) IS NOT NULL AND f.event_date IS NULL
    AND a.published_day BETWEEN :published_low AND :published_high
) AS reports
"""
INSERT_EVENT = """
INSERT INTO events (id, event_type, countries, event_date, date_precision, mode, location,
  sort_day, run_id)
VALUES (:id, :event_type, :countries, :event_date, :date_precision, :mode, :location,
  :sort_day, :run_id)
"""
FILL_EVENT = """
UPDATE events SET mode = coalesce(mode, :mode), location = coalesce(location, :location)
WHERE id = :id
"""
INSERT_CLAIM = """
INSERT INTO claims (id, value, currency, subject, year, last_reported, run_id)
VALUES (:id, :value, :currency, :subject, :year, :day, :run_id) ON CONFLICT DO NOTHING
"""
CLAIM_REPORTED = """
UPDATE claims SET last_reported = :day WHERE id = :id AND last_reported < :day
"""

COLUMNS = (
    "event_id",
    "claim_id",
    "fact_type",
    "countries",
    "event_date",
    "measure",
    "value",
    "currency",
    "subject",
    "year",
    "metric",
    "status",
    "relation",
    "speaker",
)


def store_fact(
    db: Database, fact: Fact, published_day: str | None, run_id: str, version: str
) -> None:
    """Write one fact with its provenance (article, span, run, allywatch version)."""
    row: dict[str, Any] = dict.fromkeys(COLUMNS)
    row.update(
        id=fact.id,
        kind=fact.kind,
        article=fact.article,
        sentence=fact.sentence,
        span_start=fact.span[0],
        span_end=fact.span[1],
        run_id=run_id,
        allywatch_version=version,
        body=json.dumps(fact_to_dict(fact), ensure_ascii=False),
    )
    row.update(kind_columns(fact))
    row["fact_day"] = first_day(row["event_date"]) or published_day
    if isinstance(fact, Event):
        row["event_id"] = _happening(db, fact, row["countries"], published_day, run_id)
    if isinstance(fact, Amount):
        row["claim_id"] = _claim(db, fact, published_day, run_id)
    db.execute(INSERT_FACT, row)
    db.execute(INSERT_SENTENCE, row)
    db.executemany(INSERT_COUNTRY, [{"fact_id": fact.id, "country": c} for c in codes(fact)])
    db.executemany(INSERT_FACT_PERSON, _people_rows(db, fact))


def kind_columns(fact: Fact) -> dict[str, Any]:
    """The queryable columns of each kind (the rest stays in the JSON body)."""
    if isinstance(fact, Event):
        return {
            "fact_type": fact.event_type,
            "countries": countries_key(fact.actors),
            "event_date": fact.date,
        }
    if isinstance(fact, Amount):
        return {
            "fact_type": fact.measure,
            "measure": fact.measure,
            "value": fact.value,
            "currency": fact.currency,
            "subject": fact.subject,
            "year": fact.year,
        }
    if isinstance(fact, Target):
        return {
            "fact_type": fact.metric,
            "metric": fact.metric,
            "value": fact.value,
            "subject": fact.subject,
            "status": fact.status,
            "year": fact.deadline,
        }
    if isinstance(fact, Ratio):
        return {
            "fact_type": fact.measure,
            "measure": fact.measure,
            "value": fact.ratio,
            "subject": fact.subject,
            "year": fact.year,
        }
    if isinstance(fact, Relation):
        a, b = sorted((fact.a, fact.b))
        return {
            "fact_type": fact.relation,
            "relation": fact.relation,
            "subject": a,
            "countries": f"{a} {b}",
        }
    if isinstance(fact, Quote):
        return {
            "fact_type": fact.speaker.role,
            "speaker": fact.speaker.name,
            "subject": fact.speaker.country,
        }
    return {}


def codes(fact: Fact) -> set[str]:
    """Every state or organisation code the fact is about, for --country."""
    if isinstance(fact, Event):
        found = {a.country for a in fact.actors}
    elif isinstance(fact, Amount):
        found = {fact.subject}
    elif isinstance(fact, Target):
        found = {fact.subject, fact.by}
    elif isinstance(fact, Ratio):
        found = {fact.subject, fact.object}
    elif isinstance(fact, Relation):
        found = {fact.a, fact.b}
    elif isinstance(fact, Quote):
        found = {fact.speaker.country}
    else:
        found = set()
    return {code for code in found if code}


def _people_rows(db: Database, fact: Fact) -> list[dict[str, Any]]:
    """Named event actors and quote speakers, linked to known people where the rules allow."""
    if isinstance(fact, Event):
        named = [(a.name, a.role, a.country) for a in fact.actors if a.name]
    elif isinstance(fact, Quote):
        named = [(fact.speaker.name, fact.speaker.role, fact.speaker.country)]
    else:
        named = []
    return [
        {
            "fact_id": fact.id,
            "seq": seq,
            "name": name,
            "name_key": fold(name),
            "role": role,
            "country": country,
            "person_id": None if role == "document" else find_person(db, name, country, None),
        }
        for seq, (name, role, country) in enumerate(named)
        if name
    ]


def _happening(
    db: Database, fact: Event, countries: str, published_day: str | None, run_id: str
) -> str:
    """The merged event this report belongs to: an earlier report's, or a new one."""
    window = event_window(fact.date, published_day) if countries else None
    if window is not None:
        params = {"event_type": fact.event_type, "countries": countries, **window.__dict__}
        found = db.scalar(FIND_EVENT, params)
        if found is not None:
            db.execute(FILL_EVENT, {"id": found, "mode": fact.mode, "location": fact.location})
            return str(found)
    new_id = event_id(fact.id)
    db.execute(
        INSERT_EVENT,
        {
            "id": new_id,
            "event_type": fact.event_type,
            "countries": countries,
            "event_date": fact.date,
            "date_precision": fact.date_precision,
            "mode": fact.mode,
            "location": fact.location,
            "sort_day": first_day(fact.date) or published_day or "",
            "run_id": run_id,
        },
    )
    return new_id


def _claim(db: Database, fact: Amount, published_day: str | None, run_id: str) -> str:
    """The claim this amount states: the same for every article giving the same figure."""
    claim = claim_id(fact.value, fact.currency, fact.subject, fact.year)
    day = published_day or ""
    params = {
        "id": claim,
        "value": fact.value,
        "currency": fact.currency,
        "subject": fact.subject,
        "year": fact.year,
        "day": day,
        "run_id": run_id,
    }
    db.execute(INSERT_CLAIM, params)
    db.execute(CLAIM_REPORTED, {"id": claim, "day": day})
    return claim
