"""Full-text search over articles and the sentences facts were read from.

What a user types is never handed to the search engine as syntax: it is cut into words and
"quoted phrases", each re-quoted, so `"`, `*`, `NEAR(`, `AND`, `-` or a stray parenthesis are
just text (or nothing), never an error. SQLite reads the result as an FTS5 query, PostgreSQL
as a `websearch_to_tsquery` query; both mean "every word, and each phrase in order".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from allywatch.store.backend import Database, Row

MARKS = ("[[", "]]")
MAX_TERMS = 32

FACTS_AT = """
SELECT id, kind, article, span_start, span_end FROM facts
WHERE article = ANY(:articles) AND retired_at IS NULL ORDER BY id
"""

_PHRASE = re.compile(r'"([^"]*)"')
_WORD = re.compile(r"\w+")


def search_terms(text: str) -> str | None:
    """The user's words as a safe query: `"word" "a phrase"`; None when no word is left."""
    terms: list[str] = []
    for index, piece in enumerate(_PHRASE.split(text)):
        words = _WORD.findall(piece)
        if index % 2 and words:
            terms.append('"' + " ".join(words) + '"')
        else:
            terms.extend(f'"{word}"' for word in words)
    return " ".join(terms[:MAX_TERMS]) or None


def search(db: Database, text: str, limit: int = 20, marks: tuple[str, str] = MARKS) -> list[Row]:
    """Matching articles, best first, each followed by its matching fact sentences.

    An article hit is `{"type": "article", "article", "title", "source", "url", "published",
    "text": snippet with matches between `marks`, "span": None, "facts": []}`; a sentence hit
    has `"type": "sentence"`, the sentence as `text`, its `span` and the ids and kinds of the
    facts read from it.
    """
    query = search_terms(text)
    if query is None or limit <= 0:
        return []
    found = db.search_articles(query, limit, marks)
    ids = [row["article"] for row in found]
    sentences = db.search_sentences(query, ids) if ids else []
    facts = db.fetchall(FACTS_AT, {"articles": ids}) if sentences else []
    hits: list[Row] = []
    for article in found:
        hits.append(_article_hit(article))
        hits.extend(
            _sentence_hit(article, s, facts)
            for s in sentences
            if s["article"] == article["article"]
        )
    return hits


def _article_hit(row: Row) -> Row:
    keys = ("article", "title", "source", "url", "published")
    return {
        "type": "article",
        **{k: row[k] for k in keys},
        "text": row["snippet"],
        "span": None,
        "facts": [],
        "kinds": [],
    }


def _sentence_hit(article: Row, sentence: Row, facts: Sequence[Row]) -> Row:
    span = [int(sentence["span_start"]), int(sentence["span_end"])]
    read = [
        f
        for f in facts
        if f["article"] == article["article"] and [f["span_start"], f["span_end"]] == span
    ]
    return {
        **_article_hit(article),
        "type": "sentence",
        "text": sentence["sentence"],
        "span": span,
        "facts": [f["id"] for f in read],
        "kinds": sorted({f["kind"] for f in read}),
    }
