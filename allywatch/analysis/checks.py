"""Checks over a whole facts document (a file or a store export), and the verdict table.

`allywatch check` re-runs the checks on stored or exported facts, so that new reference data
(a SIPRI release, a later ECB rate) re-judges old claims without re-reading the articles.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from allywatch.check import check_facts
from allywatch.model.article import Article
from allywatch.model.facts import Check, Fact, FactsDocument
from allywatch.model.facts_json import document_from_dict, fact_from_dict
from allywatch.store.db import Store, open_store

ARTICLE_FIELDS = ("text", "title", "source", "url", "published", "published_inferred", "dateline")

SENTENCE_WIDTH = 70


def read_documents(paths: Iterable[Path]) -> FactsDocument:
    """Facts-v1 files (as `allywatch extract` or `export` write them) as one document."""
    parts = [document_from_dict(json.loads(Path(p).read_text("utf-8"))) for p in paths]
    return FactsDocument(
        articles=tuple(a for d in parts for a in d.articles),
        people=tuple(p for d in parts for p in d.people),
        facts=tuple(f for d in parts for f in d.facts),
        checks=tuple(c for d in parts for c in d.checks),
    )


def stored_document(store: Store) -> FactsDocument:
    """The current facts of a knowledge base with their articles (people and checks left out)."""
    facts = tuple(fact_from_dict(row) for row in store.facts())
    rows = (store.article(a) for a in dict.fromkeys(f.article for f in facts))
    articles = tuple(Article(**{k: r[k] for k in ARTICLE_FIELDS}) for r in rows if r)
    return FactsDocument(articles=articles, facts=facts)


def load_document(paths: Iterable[Path] = (), db: str | None = None) -> FactsDocument:
    """Facts from facts-v1 files, or from a knowledge base (opened read-only) when `db` is set."""
    if db is None:
        return read_documents(paths)
    with open_store(db, readonly=True) as store:
        return stored_document(store)


def recheck_store(db: str) -> tuple[FactsDocument, tuple[Check, ...]]:
    """Check a knowledge base's current facts again and store the new checks in place of the old."""
    with open_store(db) as store:
        document = stored_document(store)
        checks = check_document(document)
        store.replace_checks({f.id for f in document.facts}, checks)
    return document, checks


def published_dates(document: FactsDocument) -> dict[str, str]:
    """Each article's publication day by article id, for placing undated facts in time."""
    return {a.id: a.published_date for a in document.articles if a.published_date}


def check_document(document: FactsDocument) -> tuple[Check, ...]:
    """Every check of every article's facts, article by article."""
    facts: dict[str, list[Fact]] = defaultdict(list)
    for fact in document.facts:
        facts[fact.article].append(fact)
    return tuple(c for a in document.articles for c in check_facts(a, tuple(facts[a.id])))


def checks_table(document: FactsDocument, checks: tuple[Check, ...]) -> pd.DataFrame:
    """One row per check: the fact's kind and sentence beside verdict, figures and basis."""
    facts = {f.id: f for f in document.facts}
    rows = [
        {
            "fact": c.fact,
            "kind": facts[c.fact].kind if c.fact in facts else None,
            "sentence": _excerpt(facts[c.fact].sentence) if c.fact in facts else None,
            "verdict": c.verdict,
            "stated": c.stated,
            "computed": c.computed,
            "basis": c.basis,
        }
        for c in checks
    ]
    columns = ["fact", "kind", "sentence", "verdict", "stated", "computed", "basis"]
    return pd.DataFrame(rows, columns=columns, dtype=object)


def _excerpt(sentence: str) -> str:
    return sentence if len(sentence) <= SENTENCE_WIDTH else sentence[: SENTENCE_WIDTH - 1] + "…"


def verdict_counts(checks: tuple[Check, ...]) -> dict[str, int]:
    """How many checks ended in each verdict."""
    counts = Counter(c.verdict for c in checks)
    return {v: counts[v] for v in ("supported", "contradicted", "unverifiable")}
