"""Ingest: files, pasted text or JSON objects -> `Article` records, page furniture removed."""

from allywatch.ingest.decode import MAX_BYTES, MAX_RUN_CHARS, MAX_TEXT_CHARS, MAX_TEXT_TOKENS
from allywatch.ingest.errors import IngestError, ReadError
from allywatch.ingest.published import validate_published
from allywatch.ingest.readers import (
    article_from_json,
    expand_paths,
    read_article,
    read_html,
    read_paths,
    read_text_article,
)

__all__ = [
    "MAX_BYTES",
    "MAX_RUN_CHARS",
    "MAX_TEXT_CHARS",
    "MAX_TEXT_TOKENS",
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
