"""Relations between states, as the text states them: each pair once, its strongest tie."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
from conftest import SEED_LEVERAGE, SEED_NEW_ERA, dev_article, extracted, facts_of

from allywatch.extract.context import ArticleDoc
from allywatch.extract.relations import extract_relations
from allywatch.ingest.readers import article_from_json
from allywatch.model.article import Article
from allywatch.nlp.pipeline import build_nlp

Triple = tuple[str, str, str]


def triples(relations: Any) -> set[Triple]:
    """(a, b, relation) with the pair sorted, from contract dicts or Relation records."""
    rows = [r if isinstance(r, dict) else vars(r) for r in relations]
    return {(*sorted((r["a"], r["b"])), r["relation"]) for r in rows}  # type: ignore[misc]


@cache
def hand_relations(text: str) -> set[Triple]:
    article = Article(text=text, published="2026-01-01")
    return triples(extract_relations(ArticleDoc(article=article, doc=build_nlp()(text))))


@cache
def dev_relations(number: int) -> set[Triple]:
    article = article_from_json(dev_article(number))
    return triples(extract_relations(ArticleDoc(article=article, doc=build_nlp()(article.text))))


def test_extract_relations_new_security_era_seed() -> None:
    found = triples(facts_of(extracted(SEED_NEW_ERA, "2026-01-01"), "relation"))
    assert {
        ("AUS", "USA", "ally"),  # "Australia is a U.S. ally ..."
        ("AUS", "JPN", "quasi_ally"),  # "... and Japan's 'quasi-ally'"
        ("CHN", "RUS", "cooperation"),  # "the cooperation between China and Russia"
        ("CHN", "PRK", "cooperation"),  # "cooperation among China, Russia and North Korea"
        ("PRK", "RUS", "cooperation"),
        ("JPN", "USA", "ally"),  # "the Japan-U.S. alliance"
        ("KOR", "USA", "ally"),  # "Naming two allies, Japan and South Korea, the strategy says"
    } == found


def test_extract_relations_each_pair_once_with_its_strongest_tie() -> None:
    relations = facts_of(extracted(SEED_NEW_ERA, "2026-01-01"), "relation")
    pairs = [frozenset((r["a"], r["b"])) for r in relations]
    assert len(pairs) == len(set(pairs))
    # "security cooperation between Japan and Australia" does not displace the quasi-alliance
    assert ("AUS", "JPN", "cooperation") not in triples(relations)


def test_extract_relations_leverage_seed_alliance() -> None:
    assert ("JPN", "USA", "ally") in triples(facts_of(extracted(SEED_LEVERAGE), "relation"))


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (6, {("AUS", "USA", "ally")}),  # "the two men talked up the strength of the alliance"
        (7, {("IND", "JPN", "cooperation")}),  # "Japan-India defense cooperation"
        (9, {("GBR", "ITA", "partner"), ("GBR", "JPN", "partner"), ("ITA", "JPN", "partner")}),
        (
            11,
            {("PHL", "USA", "ally")},
        ),  # "Mutual Defense Treaty ... between the Philippines and ..."
        (12, {("PHL", "USA", "ally")}),  # "the US and Philippines alliance"
    ],
)
def test_extract_relations_dev_articles(number: int, expected: set[Triple]) -> None:
    assert dev_relations(number) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Australia, a close U.S. ally, joined the drills.", {("AUS", "USA", "ally")}),
        (
            "China's cooperation with Russia has deepened.",
            {("CHN", "RUS", "cooperation")},
        ),
        (
            "The partnership between India and France covers submarines.",
            {("FRA", "IND", "partner")},
        ),
        (
            "The strategy calls China an adversary of the United States.",
            {("CHN", "USA", "adversary")},
        ),
        ("Japan and China held talks in Beijing on Monday.", set()),
    ],
)
def test_extract_relations_stated_ties_only(text: str, expected: set[Triple]) -> None:
    assert hand_relations(text) == expected
