"""The word lists of event and relation extraction, read once from reference/data/events/."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from allywatch.nlp.events import trigger_rows
from allywatch.reference.actors import data_text

# Which prepositions introduce the other party, by how a trigger casts its actors.
DEFAULT_OBJECT_PREPS = {
    "mutual": ("with", "between", "among", "amongst", "alongside"),
    "visit": ("to",),
    "host": (),
    "directed": ("to", "on", "against"),
}


@dataclass(frozen=True)
class Trigger:
    """How one trigger of triggers.jsonl reads its event.

    `roles` casts the actors: "mutual" (all sources), "visit" (subject visits object),
    "host" (subject hosts object) or "directed" (subject acts on object). `needs` lists
    conditions the clause must meet (a party as object, a that-clause, goods ...).
    """

    key: str
    event_type: str
    roles: str
    mode: str | None
    context: tuple[str, ...]
    needs: tuple[str, ...]
    object_preps: tuple[str, ...]
    topic_object: bool
    accord: bool
    particles_not: tuple[str, ...]


def _trigger(row: dict[str, Any]) -> Trigger:
    roles = row.get("roles", "mutual")
    return Trigger(
        key=row["id"],
        event_type=row["label"],
        roles=roles,
        mode=row.get("mode"),
        context=tuple(row.get("context", ())),
        needs=tuple(row.get("needs", ())),
        object_preps=tuple(row.get("object_preps", DEFAULT_OBJECT_PREPS[roles])),
        topic_object=bool(row.get("topic_object", False)),
        accord=bool(row.get("accord", False)),
        particles_not=tuple(row.get("particles_not", ())),
    )


@cache
def triggers() -> dict[str, Trigger]:
    """Every trigger by its key."""
    return {row["id"]: _trigger(row) for row in trigger_rows()}


@cache
def markers() -> dict[str, Any]:
    """Tense, modality, anaphor and actor-noun word lists (events/markers.json)."""
    data: dict[str, Any] = json.loads(data_text("events/markers.json"))
    return data


@cache
def words(name: str) -> frozenset[str]:
    """One list of markers.json as a set."""
    return frozenset(markers()[name])


def number_word(word: str) -> int | None:
    """2 for "two", "both" or "pair"; None for words that count nothing."""
    value = markers()["numbers"].get(word.lower())
    return int(value) if value is not None else None


def bloc_members(code: str) -> tuple[str, ...]:
    """Member states of a small grouping ("QUAD"); empty for others such as NATO."""
    return tuple(markers()["blocs"].get(code, ()))


@cache
def relation_cues() -> dict[str, Any]:
    """Relation nouns and patterns (events/relations.json)."""
    data: dict[str, Any] = json.loads(data_text("events/relations.json"))
    return data
