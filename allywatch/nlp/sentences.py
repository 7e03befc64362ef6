"""Sentence boundaries the parser must respect, set before it runs.

A paragraph break always starts a sentence (headlines, captions and datelines never run on),
and inside a paragraph a sentence may start only after .!?…:; and any closing quotes, so the
parser cannot cut "the $550 billion (about ¥87 trillion) Japan has said it will invest".
Boundaries are written in one array call: spaCy's per-token setter rescans the whole Doc on
every assignment, which made long articles quadratic.
"""

from __future__ import annotations

import re
from typing import cast

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc
from thinc.types import Ints2d

SENTENCE_END = re.compile(r"[.!?…:;]$")
CLOSERS = frozenset("\"'”’)]")
START, INSIDE, UNKNOWN = 1, -1, 0


def _write(doc: Doc, values: list[int]) -> None:
    """Set every token's sentence-start flag at once."""
    if values:
        flags = numpy.array(values, dtype="int64").astype("uint64").reshape(-1, 1)
        doc.from_array([SENT_START], cast(Ints2d, flags))


def _current(doc: Doc) -> list[int]:
    """The flags already set by earlier components (1, -1 or 0 per token)."""
    flags = {None: UNKNOWN, True: START, False: INSIDE}
    return [flags[t.is_sent_start] for t in doc]


@Language.component("allywatch_paragraphs")
def mark_paragraph_starts(doc: Doc) -> Doc:
    """Start a sentence after every line break."""
    values = _current(doc)
    for token in doc[:-1]:
        if "\n" in token.text_with_ws:
            values[token.i + 1] = START
    _write(doc, values)
    return doc


@Language.component("allywatch_whole_sentences")
def forbid_mid_sentence_starts(doc: Doc) -> Doc:
    """Inside a paragraph, no sentence starts unless the previous token can end one."""
    values = _current(doc)
    for token in doc[1:]:
        if values[token.i] == UNKNOWN and not _ends_sentence(doc, token.i - 1):
            values[token.i] = INSIDE
    _write(doc, values)
    return doc


def _ends_sentence(doc: Doc, index: int) -> bool:
    while index > 0 and doc[index].text in CLOSERS:
        index -= 1
    token = doc[index]
    return token.is_space or "\n" in token.text_with_ws or bool(SENTENCE_END.search(token.text))
