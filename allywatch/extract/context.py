"""What every extractor receives: the article, its annotated Doc and helpers for provenance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TypedDict

from spacy.tokens import Doc, Span

from allywatch.model.article import Article


class Provenance(TypedDict):
    """The common FACT fields: id, article, sentence and span."""

    id: str
    article: str
    sentence: str
    span: tuple[int, int]


@dataclass(frozen=True)
class ArticleDoc:
    """An article with its Doc; `doc.text` is exactly `article.text`."""

    article: Article
    doc: Doc

    @property
    def published(self) -> date | None:
        """The publication date that relative dates resolve against."""
        day = self.article.published_date
        return date.fromisoformat(day) if day else None

    def provenance(self, sentence: Span, kind: str, index: int) -> Provenance:
        """The common FACT fields for the `index`-th fact of `kind` read from `sentence`."""
        start, end = trimmed_span(sentence)
        return Provenance(
            id=f"{self.article.id}-{kind}{index}",
            article=self.article.id,
            sentence=self.article.text[start:end],  # doc.text would rebuild the string
            span=(start, end),
        )


def trimmed_span(sentence: Span) -> tuple[int, int]:
    """Character offsets of a sentence without the paragraph breaks spaCy attaches to it."""
    text = sentence.text
    start = sentence.start_char + len(text) - len(text.lstrip())
    return start, max(start, sentence.start_char + len(text.rstrip()))
