"""Ingest: files, pasted text or JSON objects -> `Article` records, page furniture removed."""

from allywatch.ingest.published import validate_published
from allywatch.ingest.readers import (
    IngestError,
    ReadError,
    article_from_json,
    expand_paths,
    read_article,
    read_html,
    read_paths,
    read_text_article,
)

__all__ = [
    "IngestError",
    "ReadError",
    "article_from_json",
    "expand_paths",
    "read_article",
    "read_html",
    "read_paths",
    "read_text_article",
    "validate_published",
]
