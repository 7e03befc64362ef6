"""Doc to facts: one module per fact kind, each with one entry function."""

from __future__ import annotations

from allywatch.extract.amounts import extract_amounts
from allywatch.extract.context import ArticleDoc
from allywatch.extract.events import extract_events
from allywatch.extract.people import extract_people
from allywatch.extract.quotes import extract_quotes
from allywatch.extract.ratios import extract_ratios
from allywatch.extract.relations import extract_relations
from allywatch.extract.targets import extract_targets
from allywatch.model.facts import ArticleFacts, Fact

__all__ = ["ArticleDoc", "extract_article"]


def extract_article(ad: ArticleDoc) -> ArticleFacts:
    """All facts of one article, people first since quotes and events name them."""
    people = extract_people(ad)
    amounts = extract_amounts(ad)
    facts: tuple[Fact, ...] = (
        *extract_events(ad, people),
        *amounts,
        *extract_targets(ad),
        *extract_ratios(ad, amounts),
        *extract_relations(ad),
        *extract_quotes(ad, people),
    )
    return ArticleFacts(article=ad.article, people=people, facts=facts)
