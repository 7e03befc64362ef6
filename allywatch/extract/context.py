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
        return Provenance(
            id=f"{self.article.id}-{kind}{index}",
            article=self.article.id,
            sentence=sentence.text,
            span=(sentence.start_char, sentence.end_char),
        )
