"""The eval gate: CI fails when any fact kind drops below its pinned floor on the dev set."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from conftest import DEV

from allywatch.evaluation import KINDS, Score, evaluate_dir, score_article, scores_table
from allywatch.ingest.readers import article_from_json
from allywatch.model.article import Article
from allywatch.model.facts import (
    Actor,
    Amount,
    ArticleFacts,
    Event,
    Person,
    Quote,
    Ratio,
    Relation,
    Speaker,
    Target,
)

FLOORS = json.loads((Path(__file__).parent / "eval_floors.json").read_text("utf-8"))
CHECKS = [
    (kind, name, floor) for kind, v in FLOORS.items() if kind[0] != "_" for name, floor in v.items()
]


@cache
def _scores() -> dict[str, Score]:
    return evaluate_dir(DEV)


def _value(score: Score, name: str) -> float:
    return score.f1 if name == "f1" else score.accuracy(name)


@pytest.mark.parametrize(("kind", "name", "floor"), CHECKS, ids=lambda v: str(v))
def test_eval_gate_kind_at_or_above_floor(kind: str, name: str, floor: float) -> None:
    score = _scores()[kind]
    assert score.gold > 0 or kind == "ratios"
    assert _value(score, name) >= floor - 1e-9, f"{kind} {name} fell below its floor {floor}"


def _gold_as_predictions(gold: dict[str, Any], article: Article) -> ArticleFacts:
    """The gold facts of one dev article dressed as extractor output."""

    def base(g: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": g.get("id", "x"),
            "article": article.id,
            "sentence": g["sentence"],
            "span": tuple(g["span"]),
        }

    facts: list[Any] = [
        Event(
            **base(g),
            event_type=g["event_type"],
            mode=g["mode"],
            date=g["date"],
            actors=tuple(Actor(None, c, None) for c in g["countries"]),
        )
        for g in gold["events"]
    ]
    facts += [
        Amount(
            **base(g),
            value=g["value"],
            currency=g["currency"],
            measure=g["measure"],
            subject=g["subject"],
            year=g["year"],
        )
        for g in gold["amounts"]
    ]
    facts += [
        Target(
            **base(g),
            **{k: g[k] for k in ("subject", "metric", "value", "comparator", "deadline", "status")},
        )
        for g in gold["targets"]
    ]
    facts += [
        Ratio(**base(g), subject=g["subject"], object=g["object"], ratio=g["ratio"])
        for g in gold["ratios"]
    ]
    facts += [
        Relation(**base(g), a=g["a"], b=g["b"], relation=g["relation"]) for g in gold["relations"]
    ]
    facts += [
        Quote(**base(g), speaker=Speaker(g["speaker"]), text=g["text"]) for g in gold["quotes"]
    ]
    people = tuple(
        Person(p["name"], p.get("role"), p.get("country"), p.get("org")) for p in gold["people"]
    )
    return ArticleFacts(article=article, people=people, facts=tuple(facts))


def test_eval_gate_scores_gold_against_itself_perfectly() -> None:
    """The scorer is sound: the gold, scored as if it were the extractor's output, gives 1.0."""
    scores = {kind: Score() for kind in KINDS}
    for path in sorted(DEV.glob("*.json")):
        data = json.loads(path.read_text("utf-8"))
        score_article(
            data["gold"], _gold_as_predictions(data["gold"], article_from_json(data)), scores
        )
    assert all(s.f1 == 1.0 for s in scores.values()), scores_table(scores)
    assert all(s.accuracy(n) == 1.0 for s in scores.values() for n in s.attributes)
