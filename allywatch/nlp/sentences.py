"""Paragraph breaks are sentence breaks: headlines, captions and datelines never run on."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("allywatch_paragraphs")
def mark_paragraph_starts(doc: Doc) -> Doc:
    """Start a sentence after every line break, before the parser decides the rest."""
    for token in doc[:-1]:
        if "\n" in token.text_with_ws:
            doc[token.i + 1].is_sent_start = True
    return doc
