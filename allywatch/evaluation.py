"""Score extraction against gold articles: precision, recall and F1 per fact kind.

Matching rules (one-to-one, gold in file order, first acceptable prediction wins):

- people: same surname (last name word, "Jr." ignored) or one full name containing the
  other. Role is right when the role words agree ("Defence Secretary" = "Secretary of
  Defense": word sets after folding defence/defense and dropping of/the/and are equal, or
  one contains the other); country is right when equal (null = null).
- events: same PLOVER type, same set of participant countries, and the predicted sentence
  (or one of its mentions) overlaps the gold sentence. Strict events also need the same
  date and the same mode.
- amounts: same currency, value within 0.5%, overlapping sentence. Attributes: measure,
  subject and year all equal.
- targets: same value, overlapping sentence. Attributes: subject, metric, comparator,
  deadline and status all equal.
- ratios: same subject and object, ratio within 5%, overlapping sentence.
- relations: same unordered pair and relation type (each pair is annotated once).
- quotes: the quoted words agree after folding case, quote marks, spacing and trailing
  punctuation (equal, or one holding the other with at least 80% of its length).
  Speaker is right when the gold speaker's last word is a word of the predicted name,
  or one name holds the other.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from allywatch.ingest.readers import article_from_json
from allywatch.model.facts import (
    Amount,
    ArticleFacts,
    Event,
    Fact,
    Person,
    Quote,
    Ratio,
    Relation,
    Target,
)
from allywatch.pipeline import extract_articles

KINDS = ("people", "events", "events_strict", "amounts", "targets", "ratios", "relations", "quotes")
Match = Callable[[Any, dict[str, Any]], bool]


@dataclass
class Score:
    """Counts for one kind, and attribute agreement over the matched pairs."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    attributes: dict[str, list[int]] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0 if not self.gold else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def attribute(self, name: str, right: bool) -> None:
        counts = self.attributes.setdefault(name, [0, 0])
        counts[0] += int(right)
        counts[1] += 1

    def accuracy(self, name: str) -> float:
        right, total = self.attributes.get(name, [0, 0])
        return right / total if total else 1.0


def evaluate_dir(folder: Path) -> dict[str, Score]:
    """Run extraction over every gold article in `folder` and score each kind."""
    golds = [json.loads(p.read_text("utf-8")) for p in sorted(folder.glob("*.json"))]
    if not golds:
        raise FileNotFoundError(f"{folder}: no gold articles (*.json) found")
    scores = {kind: Score() for kind in KINDS}
    articles = [article_from_json(g) for g in golds]
    for gold, found in zip(golds, extract_articles(articles), strict=True):
        score_article(gold["gold"], found, scores)
    return scores


def score_article(gold: dict[str, Any], found: ArticleFacts, scores: dict[str, Score]) -> None:
    """Add one article's matches to the running scores."""
    facts = found.facts
    _score_people(gold["people"], found.people, scores["people"])
    _score(gold["events"], _of(facts, Event), _event_match, scores["events"])
    _score(gold["events"], _of(facts, Event), _strict_event_match, scores["events_strict"])
    pairs = _score(gold["amounts"], _of(facts, Amount), _amount_match, scores["amounts"])
    for amount, g in pairs:
        scores["amounts"].attribute("measure+subject+year", _amount_attrs(amount, g))
    pairs = _score(gold["targets"], _of(facts, Target), _target_match, scores["targets"])
    for target, g in pairs:
        scores["targets"].attribute(
            "subject+metric+comparator+deadline+status", _target_attrs(target, g)
        )
    _score(gold["ratios"], _of(facts, Ratio), _ratio_match, scores["ratios"])
    _score(gold["relations"], _of(facts, Relation), _relation_match, scores["relations"])
    pairs = _score(gold["quotes"], _of(facts, Quote), _quote_match, scores["quotes"])
    for quote, g in pairs:
        scores["quotes"].attribute("speaker", _speaker_match(quote.speaker.name, g["speaker"]))


def _of(facts: Iterable[Fact], cls: type[Any]) -> list[Any]:
    return [f for f in facts if isinstance(f, cls)]


def _score(
    gold: Sequence[dict[str, Any]], predicted: list[Any], match: Match, score: Score
) -> list[tuple[Any, dict[str, Any]]]:
    """Greedy one-to-one matching; returns the matched (prediction, gold) pairs."""
    score.gold += len(gold)
    score.predicted += len(predicted)
    free = list(predicted)
    pairs = []
    for g in gold:
        hit = next((p for p in free if match(p, g)), None)
        if hit is not None:
            free.remove(hit)
            pairs.append((hit, g))
    score.matched += len(pairs)
    return pairs


def _overlaps(span: Sequence[int], gold: dict[str, Any]) -> bool:
    start, end = gold["span"]
    return bool(span[0] < end and start < span[1])


def _event_match(event: Event, gold: dict[str, Any]) -> bool:
    countries = {a.country for a in event.actors if a.country}
    spans = (event.span, *event.mentions)
    return (
        event.event_type == gold["event_type"]
        and countries == set(gold["countries"])
        and any(_overlaps(s, gold) for s in spans)
    )


def _strict_event_match(event: Event, gold: dict[str, Any]) -> bool:
    return _event_match(event, gold) and event.date == gold["date"] and event.mode == gold["mode"]


def _amount_match(amount: Amount, gold: dict[str, Any]) -> bool:
    close = abs(amount.value - gold["value"]) <= 0.005 * gold["value"]
    return close and amount.currency == gold["currency"] and _overlaps(amount.span, gold)


def _amount_attrs(amount: Amount, gold: dict[str, Any]) -> bool:
    return (amount.measure, amount.subject, amount.year) == (
        gold["measure"],
        gold["subject"],
        gold["year"],
    )


def _target_match(target: Target, gold: dict[str, Any]) -> bool:
    return abs(target.value - gold["value"]) < 1e-9 and _overlaps(target.span, gold)


def _target_attrs(target: Target, gold: dict[str, Any]) -> bool:
    names = ("subject", "metric", "comparator", "deadline", "status")
    return all(getattr(target, n) == gold[n] for n in names)


def _ratio_match(ratio: Ratio, gold: dict[str, Any]) -> bool:
    close = abs(ratio.ratio - gold["ratio"]) <= 0.05 * gold["ratio"]
    same = (ratio.subject, ratio.object) == (gold["subject"], gold["object"])
    return close and same and _overlaps(ratio.span, gold)


def _relation_match(relation: Relation, gold: dict[str, Any]) -> bool:
    same_pair = {relation.a, relation.b} == {gold["a"], gold["b"]}
    return same_pair and relation.relation == gold["relation"]


def _fold_quote(text: str) -> str:
    text = re.sub(r"[\"“”‘’'`«»]", "", text.lower())
    return " ".join(text.split()).strip(" ,.;:!?…")


def _quote_match(quote: Quote, gold: dict[str, Any]) -> bool:
    ours, theirs = _fold_quote(quote.text), _fold_quote(gold["text"])
    if ours == theirs:
        return True
    short, long_ = sorted((ours, theirs), key=len)
    return bool(short) and short in long_ and len(short) >= 0.8 * len(long_)


def _words(name: str) -> list[str]:
    return [w for w in re.findall(r"[\w’'-]+", name.lower()) if w not in {"jr", "sr", "iii"}]


def _speaker_match(predicted: str, gold: str) -> bool:
    ours, theirs = predicted.lower(), gold.lower()
    gold_words = _words(gold)
    by_surname = bool(gold_words) and gold_words[-1] in _words(predicted)
    return by_surname or ours in theirs or theirs in ours


def _same_person(person: Person, gold: dict[str, Any]) -> bool:
    ours, theirs = _words(person.name), _words(gold["name"])
    if not ours or not theirs:
        return False
    return (
        ours[-1] == theirs[-1]
        or " ".join(ours) in " ".join(theirs)
        or " ".join(theirs) in " ".join(ours)
    )


ROLE_FILLER = {"of", "the", "and", "for", "u.s.", "us"}


def _role_words(role: str | None) -> set[str]:
    words = re.findall(r"[\w.]+", (role or "").lower().replace("defence", "defense"))
    return {w for w in words if w not in ROLE_FILLER}


def role_matches(predicted: str | None, gold: str | None) -> bool:
    """Roles agree when their content words agree, or one's words contain the other's."""
    ours, theirs = _role_words(predicted), _role_words(gold)
    if not ours or not theirs:
        return ours == theirs
    return ours <= theirs or theirs <= ours


def _score_people(gold: list[dict[str, Any]], people: tuple[Person, ...], score: Score) -> None:
    for person, g in _score(gold, list(people), _same_person, score):
        score.attribute("role", role_matches(person.role, g.get("role")))
        score.attribute("country", person.country == g.get("country"))


def scores_table(scores: dict[str, Score]) -> str:
    """The table `allywatch evaluate` prints."""
    lines = [f"{'kind':<14}{'gold':>6}{'pred':>6}{'match':>7}{'P':>7}{'R':>7}{'F1':>7}"]
    for kind, s in scores.items():
        lines.append(
            f"{kind:<14}{s.gold:>6}{s.predicted:>6}{s.matched:>7}"
            f"{s.precision:>7.2f}{s.recall:>7.2f}{s.f1:>7.2f}"
        )
    lines.append("")
    lines.append("attribute accuracy over matched facts")
    for kind, s in scores.items():
        for name, (right, total) in s.attributes.items():
            lines.append(f"  {kind:<10}{name:<46}{right:>4}/{total:<4}{s.accuracy(name):>6.2f}")
    return "\n".join(lines)


def scores_json(scores: dict[str, Score]) -> dict[str, Any]:
    """Scores as plain data, for the eval gate and `--json`."""
    return {
        kind: {
            "gold": s.gold,
            "predicted": s.predicted,
            "matched": s.matched,
            "precision": round(s.precision, 4),
            "recall": round(s.recall, 4),
            "f1": round(s.f1, 4),
            "attributes": {n: round(s.accuracy(n), 4) for n in s.attributes},
        }
        for kind, s in scores.items()
    }
