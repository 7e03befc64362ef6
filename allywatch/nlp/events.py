"""Event trigger words ("met", "held talks", "urged", "joint drills"), marked as spans.

A span ruler reads ``reference/data/events/triggers.jsonl``: each line is a token pattern with
its PLOVER category as label and a trigger key as id. Matches go to ``doc.spans["event_triggers"]``
(longest first, no overlaps); the event extractor reads who did what to whom from the parse.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Span
from spacy.util import filter_spans

from allywatch.nlp.phrase_ruler import PhraseFirstRuler
from allywatch.reference.actors import data_text

TRIGGERS_KEY = "event_triggers"
TRIGGERS_FILE = "events/triggers.jsonl"


@cache
def trigger_rows() -> tuple[dict[str, Any], ...]:
    """Every line of the trigger file, with its extraction hints (roles, mode, needs ...)."""
    lines = data_text(TRIGGERS_FILE).splitlines()
    return tuple(json.loads(line) for line in lines if line.strip())


def trigger_patterns() -> list[dict[str, Any]]:
    """The rows as span-ruler patterns: label (PLOVER type), id (trigger key), pattern."""
    return [{"label": r["label"], "id": r["id"], "pattern": r["pattern"]} for r in trigger_rows()]


def longest_first(old: Iterable[Span], new: Iterable[Span]) -> list[Span]:
    """Overlapping triggers: the longest wins ("held talks by phone" over "talks")."""
    return filter_spans([*old, *new])


@Language.factory(
    "allywatch_event_triggers",
    assigns=["doc.spans"],
    requires=["token.lemma", "token.pos"],
)
def make_event_triggers(nlp: Language, name: str) -> PhraseFirstRuler:
    """A span ruler writing event triggers to ``doc.spans["event_triggers"]``; each pattern runs
    only on Docs holding a word it can start with (`PhraseFirstRuler`)."""
    ruler = PhraseFirstRuler(
        nlp,
        name,
        spans_key=TRIGGERS_KEY,
        spans_filter=longest_first,
        annotate_ents=False,
        overwrite=True,
    )
    ruler.add_patterns(trigger_patterns())
    return ruler
