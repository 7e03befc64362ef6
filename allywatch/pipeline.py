"""Articles to facts: ingest, NLP, extraction and checks composed; no SQL, no printing."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from allywatch.check import check_facts
from allywatch.extract import ArticleDoc, extract_article
from allywatch.ingest.readers import ReadError, checked, read_paths
from allywatch.model.article import Article
from allywatch.model.facts import ArticleFacts, FactsDocument, Person
from allywatch.nlp.pipeline import build_nlp

BATCH_SIZE = 16


def extract_articles(
    articles: Iterable[Article], batch_size: int = BATCH_SIZE
) -> Iterator[ArticleFacts]:
    """Facts and checks for each article, in order, with the model loaded once.

    Raises:
        IngestError: an article the readers would have refused, named: over the size limits
            that bound its time and memory in the parser (`allywatch.ingest.decode`), with a
            publication date out of range, or holding lone surrogates.
    """
    nlp = build_nlp()
    pairs = ((a.text, checked(a, _name(a))) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        found = extract_article(ArticleDoc(article=article, doc=doc))
        yield replace(found, checks=check_facts(article, found.facts))


def _name(article: Article) -> str:
    """How an error names an article built in code: its file, else its opening words."""
    return article.path or repr(article.text[:40])


def build_document(results: Iterable[ArticleFacts]) -> FactsDocument:
    """One facts-v1 document; a person named in several articles is one entry."""
    results = list(results)
    return FactsDocument(
        articles=tuple(r.article for r in results),
        people=merge_people(p for r in results for p in r.people),
        facts=tuple(f for r in results for f in r.facts),
        checks=tuple(c for r in results for c in r.checks),
    )


def extract_paths(
    paths: Iterable[str | Path], published: str | None = None
) -> tuple[FactsDocument, list[ReadError]]:
    """Read files or folders into one document; unreadable files come back as errors."""
    failures: list[ReadError] = []
    articles = _split_errors(read_paths(paths, published=published), failures)
    return build_document(extract_articles(articles)), failures


def _split_errors(
    items: Iterable[Article | ReadError], failures: list[ReadError]
) -> Iterator[Article]:
    """Pass articles on; collect read errors as they stream by."""
    for item in items:
        if isinstance(item, ReadError):
            failures.append(item)
        else:
            yield item


def merge_people(people: Iterable[Person]) -> tuple[Person, ...]:
    """Same name, same person: the first role seen is kept, the article lists joined."""
    merged: dict[str, Person] = {}
    for person in people:
        known = merged.get(person.name)
        if known is None:
            merged[person.name] = person
            continue
        articles = known.articles + tuple(a for a in person.articles if a not in known.articles)
        merged[person.name] = replace(
            known,
            articles=articles,
            role=known.role or person.role,
            country=known.country or person.country,
            org=known.org or person.org,
        )
    return tuple(merged.values())
