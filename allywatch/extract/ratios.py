"""Ratio claims (kind `ratio`): "China's defense spending ... about five times more than Japan's
initial defense budget", "1.4 times North Korea's gross domestic product", "twice as much as".

A ratio needs two different actors: the object named straight after the comparison (only the
joining words of ratios.json in between, so "three times to Japan's waters" is no ratio), and
the subject owning the noun before it ("China's defense spending", "the country's", the actor
named before, else the actor the article names most). The measure is that noun's; the year is
that of the subject's amount in the same sentence, if there is one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from spacy.tokens import Span

from allywatch.extract.context import ArticleDoc, trimmed_span
from allywatch.extract.money_context import (
    ActorMention,
    actor_mentions,
    main_actor,
    measure_cues,
    owner_before,
)
from allywatch.extract.money_grammar import as_number, number_value, number_words
from allywatch.model.facts import Amount, Ratio
from allywatch.reference.money import money_lexicon


@dataclass(frozen=True)
class _Claim:
    """A comparison phrase at [start, end) of a sentence and the factor it states."""

    start: int
    end: int
    factor: Decimal
    approximate: bool


@dataclass(frozen=True)
class _Comparison:
    subject: str
    object: str
    measure: str
    ratio: int | float
    approximate: bool
    year: int | None


def extract_ratios(ad: ArticleDoc, amounts: tuple[Amount, ...]) -> tuple[Ratio, ...]:
    """Every two-actor comparison of the article."""
    fallback = main_actor(ad.article.text)
    ratios: list[Ratio] = []
    for sentence in ad.doc.sents:
        for found in _sentence_ratios(sentence, amounts, fallback):
            provenance = ad.provenance(sentence, "r", len(ratios))
            ratios.append(Ratio(**provenance, **vars(found)))
    return tuple(ratios)


def _sentence_ratios(
    sentence: Span, amounts: Sequence[Amount], fallback: str | None
) -> Iterator[_Comparison]:
    claims = find_claims(sentence.text)
    actors = actor_mentions(sentence) if claims else []
    for claim in claims:
        pair = _pair(sentence.text, claim, actors, fallback)
        if pair is None:
            continue
        subject, other = pair
        yield _Comparison(
            subject=subject,
            object=other,
            measure=_measure(sentence.text, claim),
            ratio=as_number(claim.factor),
            approximate=claim.approximate,
            year=_year(sentence, subject, amounts),
        )


@cache
def _claim_regex() -> re.Pattern[str]:
    lexicon = money_lexicon("ratios")
    hedges = "|".join(
        re.escape(h) for h in sorted(money_lexicon("hedges")["approximate"], key=len, reverse=True)
    )
    words = "|".join(re.escape(w) for w in sorted(lexicon["multipliers"], key=len, reverse=True))
    number = rf"(?:\d+(?:\.\d+)?|\b(?i:{number_words()})\b)"
    factor = rf"(?:(?P<num>{number}){lexicon['times']}|\b(?P<word>(?i:{words}))\b)"
    return re.compile(rf"(?:(?<![A-Za-z])(?P<hedge>(?i:{hedges}))\s+)?{factor}")


def find_claims(text: str) -> list[_Claim]:
    """Every "N times" or multiplier word of `text`, with its factor and hedge."""
    multipliers: dict[str, float] = money_lexicon("ratios")["multipliers"]
    claims = []
    for found in _claim_regex().finditer(text):
        word = found.group("word")
        factor = (
            Decimal(str(multipliers[word.lower()])) if word else number_value(found.group("num"))
        )
        claims.append(_Claim(found.start(), found.end(), factor, bool(found.group("hedge"))))
    return claims


@cache
def _joiners() -> re.Pattern[str]:
    return re.compile(rf"\s*(?i:{money_lexicon('ratios')['joiners']})\s*")


def _pair(
    text: str, claim: _Claim, actors: Sequence[ActorMention], fallback: str | None
) -> tuple[str, str] | None:
    """(subject, object), or None unless two different actors are compared."""
    after = [a for a in actors if a.start >= claim.end]
    if not after or not _joiners().fullmatch(text[claim.end : after[0].start]):
        return None
    other = after[0].code
    subject = _subject(text, claim, actors) or fallback
    return (subject, other) if subject and subject != other else None


def _subject(text: str, claim: _Claim, actors: Sequence[ActorMention]) -> str | None:
    before = [a for a in actors if a.end <= claim.start]
    cues = [c for c in measure_cues(text) if c.end <= claim.start]
    noun = cues[-1].start if cues else claim.start
    owner = owner_before(text, noun, before)
    return owner or (before[-1].code if before else None)


def _measure(text: str, claim: _Claim) -> str:
    """The subject's noun before the comparison, else the one after ("10 times more on defense")."""
    cues = measure_cues(text)
    before = [c for c in cues if c.end <= claim.start]
    after = [c for c in cues if c.start >= claim.end]
    found = before[-1] if before else after[0] if after else None
    return found.measure if found else "other"


def _year(sentence: Span, subject: str, amounts: Sequence[Amount]) -> int | None:
    """The year of the subject's own figure in the same sentence."""
    span = trimmed_span(sentence)
    same = (a for a in amounts if a.span == span and a.subject == subject and a.year)
    found = next(same, None)
    return found.year if found else None
