"""Paragraph breaks are sentence breaks: headlines, captions and datelines never run on."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("allywatch_paragraphs")
def mark_paragraph_starts(doc: Doc) -> Doc:
    """Start a sentence after every line break, before the parser decides the rest."""
    for token in doc[:-1]:
        if "\n" in token.text_with_ws:
            doc[token.i + 1].is_sent_start = True
    return doc


SENTENCE_END = re.compile(r"[.!?…:;]$")
CLOSERS = frozenset("\"'”’)]")


@Language.component("allywatch_whole_sentences")
def forbid_mid_sentence_starts(doc: Doc) -> Doc:
    """Inside a paragraph a sentence starts only after .!?…:; (and any closing quotes): the
    parser must not cut "the $550 billion (about ¥87 trillion) Japan has said it will invest"."""
    for token in doc[1:]:
        if token.is_sent_start is None and not _ends_sentence(doc, token.i - 1):
            token.is_sent_start = False
    return doc


def _ends_sentence(doc: Doc, index: int) -> bool:
    while index > 0 and doc[index].text in CLOSERS:
        index -= 1
    token = doc[index]
    return token.is_space or "\n" in token.text_with_ws or bool(SENTENCE_END.search(token.text))
