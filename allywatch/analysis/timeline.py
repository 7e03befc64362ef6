"""What an actor, or a pair of actors, did and said over time: events and quotes in date order.

Input is plain data: facts-v1 facts (dicts or `Fact` objects) and, optionally, each article's
publication date by article id. A quote carries no date of its own, so it is placed on its
article's publication date; so is an undated event, and the row says `date_from_article`.
An actor is matched by code ("JPN", "NATO") or by name, a surname matching the full name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from allywatch.model.facts import Fact
from allywatch.model.facts_json import fact_to_dict

Record = Mapping[str, Any]
COLUMNS = [
    "date", "date_from_article", "kind", "type", "who", "countries", "text", "article", "fact",
]  # fmt: skip


def _records(facts: Iterable[Fact | Record]) -> list[Record]:
    return [fact_to_dict(f) if isinstance(f, Fact) else f for f in facts]


def _participants(fact: Record) -> list[Record]:
    """An event's actors, or a quote's speaker as its one participant."""
    if fact["kind"] == "quote":
        return [fact.get("speaker") or {}]
    return list(fact.get("actors") or ())


def _row(fact: Record, published: Mapping[str, str]) -> dict[str, Any]:
    people = _participants(fact)
    own_date = fact.get("date") if fact["kind"] == "event" else None
    return {
        "date": own_date or published.get(str(fact.get("article"))),
        "date_from_article": own_date is None,
        "kind": fact["kind"],
        "type": fact.get("event_type") or "STATEMENT",
        "who": [p.get("name") or p.get("country") for p in people],
        "countries": sorted({p["country"] for p in people if p.get("country")}),
        "text": fact.get("text") if fact["kind"] == "quote" else fact.get("sentence"),
        "article": fact.get("article"),
        "fact": fact.get("id"),
    }


def matches(fact: Record, actor: str) -> bool:
    """Whether an actor code or name takes part in an event or speaks a quote."""
    wanted = actor.casefold()
    for person in _participants(fact):
        name = str(person.get("name") or "").casefold()
        code = str(person.get("country") or "").casefold()
        if wanted in {code, name} or wanted in name.split():
            return True
    return False


def timeline(
    facts: Iterable[Fact | Record],
    published: Mapping[str, str] | None = None,
    actor: str | None = None,
    pair: tuple[str, str] | None = None,
) -> pd.DataFrame:
    """Events and statements in date order, for one actor, one pair, or everyone."""
    wanted = [a for a in (actor, *(pair or ())) if a]
    rows = [
        _row(f, published or {})
        for f in _records(facts)
        if f.get("kind") in {"event", "quote"} and all(matches(f, a) for a in wanted)
    ]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.sort_values(["date", "fact"], na_position="last", ignore_index=True)


def activity(frame: pd.DataFrame, period: str = "month") -> pd.DataFrame:
    """Counts of events and statements per period (`year` or `month`) of a timeline."""
    width = 4 if period == "year" else 7
    dated = frame.dropna(subset=["date"]).assign(period=lambda f: f["date"].str[:width])
    counts = dated.groupby(["period", "kind"]).size().unstack(fill_value=0)
    return counts.reset_index().rename_axis(columns=None)
