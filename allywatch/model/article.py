"""An article as read from a file: the text every fact's span indexes into."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property


def normalise_text(text: str) -> str:
    """Unicode NFC with collapsed whitespace: the form two copies of one article share."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def article_id(text: str) -> str:
    """Stable id: the same text, however it was spaced, always gets the same id."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Article:
    """One news article. `published` is an ISO 8601 date or date-time, or None."""

    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    published_inferred: bool = False
    dateline: str | None = None
    path: str | None = None
    captions: tuple[str, ...] = field(default=())

    @cached_property
    def id(self) -> str:
        """Hashed once per record: extractors ask for it with every fact."""
        return article_id(self.text)

    @property
    def published_date(self) -> str | None:
        """The YYYY-MM-DD part of `published`."""
        return self.published[:10] if self.published else None
