"""Read and write the "allywatch.facts/1" contract, and nothing else."""

from __future__ import annotations

import dataclasses
import json
from functools import cache
from importlib import resources
from typing import Any

from allywatch.model.article import Article
from allywatch.model.facts import (
    FACT_TYPES,
    Actor,
    Check,
    Event,
    Fact,
    FactsDocument,
    Normalised,
    Person,
    Quote,
    Speaker,
)
from allywatch.model.vocab import SCHEMA_ID

ARTICLE_FIELDS = (
    "id",
    "title",
    "source",
    "url",
    "published",
    "published_inferred",
    "dateline",
    "text",
)


def article_to_dict(article: Article) -> dict[str, Any]:
    """The ARTICLE object of the contract."""
    return {name: getattr(article, name) for name in ARTICLE_FIELDS}


def fact_to_dict(fact: Fact) -> dict[str, Any]:
    """A FACT object: common fields first, then the kind's own, tuples as lists."""
    body = {f.name: _plain(getattr(fact, f.name)) for f in dataclasses.fields(fact)}
    return {"id": body.pop("id"), "kind": fact.kind, **body}


def _plain(value: Any) -> Any:
    """Dataclasses to dicts and tuples to lists, recursively."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value


def document_to_dict(doc: FactsDocument) -> dict[str, Any]:
    """The whole facts-v1 document as plain JSON-ready data."""
    return {
        "schema": SCHEMA_ID,
        "articles": [article_to_dict(a) for a in doc.articles],
        "people": [_plain(p) for p in doc.people],
        "facts": [fact_to_dict(f) for f in doc.facts],
        "checks": [_plain(c) for c in doc.checks],
    }


def dumps(doc: FactsDocument, indent: int | None = 2) -> str:
    """The document as JSON text (UTF-8 characters kept as they are)."""
    return json.dumps(document_to_dict(doc), ensure_ascii=False, indent=indent)


def fact_from_dict(data: dict[str, Any]) -> Fact:
    """Rebuild a typed fact from its contract form."""
    cls = FACT_TYPES[data["kind"]]
    names = {f.name for f in dataclasses.fields(cls)}
    values = {k: v for k, v in data.items() if k in names}
    values["span"] = tuple(values["span"])
    return cls(**_typed_fields(cls, values))


def _typed_fields(cls: type[Fact], values: dict[str, Any]) -> dict[str, Any]:
    """Nested records and tuples of the kinds that have them."""
    if cls is Event:
        values["actors"] = tuple(Actor(**a) for a in values.get("actors", ()))
        values["context"] = tuple(values.get("context", ()))
        values["mentions"] = tuple(tuple(m) for m in values.get("mentions", ()))
    if cls is Quote:
        values["speaker"] = Speaker(**values["speaker"])
    if "normalised" in values:
        values["normalised"] = tuple(Normalised(**n) for n in values["normalised"])
    return values


def document_from_dict(data: dict[str, Any]) -> FactsDocument:
    """Rebuild a typed document from its contract form."""
    articles = tuple(Article(**{k: v for k, v in a.items() if k != "id"}) for a in data["articles"])
    people = tuple(Person(**{**p, "articles": tuple(p["articles"])}) for p in data["people"])
    facts = tuple(fact_from_dict(f) for f in data["facts"])
    checks = tuple(Check(**c) for c in data["checks"])
    return FactsDocument(articles=articles, people=people, facts=facts, checks=checks)


@cache
def json_schema() -> dict[str, Any]:
    """The JSON Schema of facts-v1 shipped beside this module."""
    text = resources.files("allywatch.model").joinpath("facts-v1.schema.json").read_text("utf-8")
    result: dict[str, Any] = json.loads(text)
    return result
