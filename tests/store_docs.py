"""Facts-v1 documents built from real texts for the store tests.

The dev set's gold facts (hand-checked, with real sentences and spans) become typed facts of
their articles; a few facts are written here from real sentences of the seeds and the official
corpus, located in the article text so every span is exact.
"""

from __future__ import annotations

import dataclasses
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from conftest import DEV, OFFICIAL, SEED_LEVERAGE

from allywatch.ingest.readers import article_from_json, read_article
from allywatch.model.article import Article
from allywatch.model.facts import (
    FACT_TYPES,
    Actor,
    ArticleFacts,
    Event,
    Fact,
    Person,
    Quote,
    Relation,
    Speaker,
)

_END = re.compile(r"[.!?][”\"]?(?=\s|$)")

GOLD_KINDS = {
    "events": "event",
    "amounts": "amount",
    "targets": "target",
    "ratios": "ratio",
    "relations": "relation",
    "quotes": "quote",
}

# The Koizumi-Hegseth meeting at the Pentagon on 15 January 2026, as two publishers told it.
SEED_MEETING = (
    "Defense Secretary Pete Hegseth, left, welcomes Japanese Defense Minister "
    "Shinjiro Koizumi to the Pentagon on Thursday in Washington."
)
SEED_CALL = "On Jan. 2, Trump spoke on the phone with Prime Minister Sanae Takaichi."
SEED_QUOTE = (
    "While the United States has not set a specific numerical target, it has high "
    "hopes for Japan — which Hegseth described as a “model ally” — in countering "
    "China’s ongoing military expansion."
)
WAR_MEETING = (
    "Secretary of War Pete Hegseth welcomed Shinjirō Koizumi, Japan's defense "
    "minister, to Washington today for a bilateral engagement at the Pentagon."
)
WAR_ALLIANCE = "At the meeting's outset, both leaders spoke highly of the strong alliance"


def official(number: int) -> Article:
    path = OFFICIAL / f"{number:03d}.json"
    return article_from_json(json.loads(path.read_text("utf-8")), path=str(path))


def dev(number: int) -> tuple[Article, dict[str, Any]]:
    path = DEV / f"{number:02d}.json"
    data = json.loads(path.read_text("utf-8"))
    return article_from_json(data, path=str(path)), data["gold"]


def at(article: Article, sentence_start: str) -> dict[str, Any]:
    """Common fact fields for the sentence of `article` that begins with `sentence_start`."""
    start = article.text.index(sentence_start)
    end = _sentence_end(article.text, start + len(sentence_start))
    return {"article": article.id, "sentence": article.text[start:end], "span": (start, end)}


def _sentence_end(text: str, position: int) -> int:
    """Just after the first full stop (and closing quote) from `position` on."""
    found = _END.search(text, position - 1)
    return found.end() if found else len(text)


def meeting(
    article: Article,
    sentence: str,
    people: tuple[Actor, ...],
    index: int = 0,
    date: str = "2026-01-15",
) -> Event:
    return Event(
        id=f"{article.id}-e{index}",
        **at(article, sentence),
        event_type="CONSULT",
        mode="visit",
        actors=people,
        date=date,
        date_precision="day",
        location="the Pentagon",
    )


KOIZUMI = Actor("Shinjiro Koizumi", "JPN", "Defense Minister", "source")
HEGSETH = Actor("Pete Hegseth", "USA", "Secretary of Defense", "recipient")


@cache
def seed_leverage() -> ArticleFacts:
    """The Yomiuri seed of 17 January 2026: the Pentagon meeting, a phone call, a quote."""
    article = read_article(SEED_LEVERAGE)
    trump = Actor("Donald Trump", "USA", "President", "source")
    takaichi = Actor("Sanae Takaichi", "JPN", "Prime Minister", "source")
    facts: tuple[Fact, ...] = (
        meeting(article, SEED_MEETING, (KOIZUMI, HEGSETH)),
        Event(
            id=f"{article.id}-e1",
            **at(article, SEED_CALL),
            event_type="CONSULT",
            mode="phone",
            actors=(trump, takaichi),
            date="2026-01-02",
            date_precision="day",
        ),
        Quote(
            id=f"{article.id}-q0",
            **at(article, SEED_QUOTE),
            speaker=Speaker("Hegseth", "USA", "Secretary of Defense"),
            text="model ally",
        ),
    )
    people = (
        Person("Pete Hegseth", "Secretary of Defense", "USA", None, (article.id,)),
        Person("Shinjiro Koizumi", "Defense Minister", "JPN", None, (article.id,)),
        Person("Donald Trump", "President", "USA", None, (article.id,)),
        Person("Sanae Takaichi", "Prime Minister", "JPN", None, (article.id,)),
    )
    return ArticleFacts(article=article, people=people, facts=facts)


@cache
def war_department() -> ArticleFacts:
    """DoD News, 15 January 2026: the same meeting, another publisher, other name forms."""
    article = official(39)
    koizumi = Actor("Shinjirō Koizumi", "JPN", "defense minister", "source")
    hegseth = Actor("Pete Hegseth", "USA", "Secretary of War", "recipient")
    facts: tuple[Fact, ...] = (
        meeting(article, WAR_MEETING, (koizumi, hegseth)),
        Relation(
            id=f"{article.id}-r0", **at(article, WAR_ALLIANCE), a="USA", b="JPN", relation="ally"
        ),
    )
    people = (
        Person("Pete Hegseth", "Secretary of War", "USA", None, (article.id,)),
        Person("Shinjirō Koizumi", "Defense Minister", "JPN", None, (article.id,)),
        Person("Koizumi", None, "JPN", None, (article.id,)),
    )
    return ArticleFacts(article=article, people=people, facts=facts)


@cache
def from_gold(number: int) -> ArticleFacts:
    """A dev article with its gold facts as typed facts (ids prefixed by the article id)."""
    article, gold = dev(number)
    facts = tuple(
        _gold_fact(article, GOLD_KINDS[key], item)
        for key in GOLD_KINDS
        for item in gold.get(key, ())
    )
    people = tuple(
        Person(p["name"], p.get("role"), p.get("country"), p.get("org"), (article.id,))
        for p in gold.get("people", ())
    )
    return ArticleFacts(article=article, people=people, facts=facts)


def _gold_fact(article: Article, kind: str, item: dict[str, Any]) -> Fact:
    cls = FACT_TYPES[kind]
    names = {f.name for f in dataclasses.fields(cls)}
    values = {k: v for k, v in item.items() if k in names}
    values.update(id=f"{article.id}-{item['id']}", article=article.id, span=tuple(item["span"]))
    if item.get("equivalent_of"):
        values["equivalent_of"] = f"{article.id}-{item['equivalent_of']}"
    if kind == "event":
        values.update(_gold_event(item))
    if kind == "quote":
        values["speaker"] = Speaker(item["speaker"], item.get("speaker_country"), None)
    return cls(**values)


def _gold_event(item: dict[str, Any]) -> dict[str, Any]:
    recipients = set(item.get("recipient") or ())
    actors = tuple(
        Actor(None, code, None, "recipient" if code in recipients else "source")
        for code in item["countries"]
    )
    date = item.get("date")
    precision = {10: "day", 7: "month", 4: "year"}.get(len(date)) if date else None
    return {
        "actors": actors,
        "context": tuple(item.get("context") or ()),
        "date_precision": precision,
    }


def dev_numbers() -> list[int]:
    return sorted(int(p.stem) for p in Path(DEV).glob("*.json"))
