"""Money amounts (kind `amount`): value, currency, hedge, measure, subject and year.

Sums are found by the money grammar sentence by sentence. A sum written right after another in
brackets or after "or" in a different currency ("1.785 trillion yuan (about ¥40 trillion)") is
a restatement: its own amount, `equivalent_of` the first, with the first's measure, subject and
year and either's hedge. For each first-written sum:

- measure: the text's own noun (measures.json). A noun tied to the sum ("budget of X", "X for
  defense spending") wins, then the nearest free one in the sentence (words before the sum
  count a little more), then the last one of the preceding sentences, else `other`;
- subject: the owner of that noun ("China's defense spending", "its budget"), else the state
  that issues a national currency, else the nearest actor before the noun or the sum;
- year: the nearest year expression (fiscal.py); a budget or spending figure without one takes
  the year of the previous sentence's figure for the same subject, or of the same figure
  written elsewhere in the article, since both are annual.

Every amount also carries its value in US$ and yen (reference.rates).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache

from spacy.tokens import Span

from allywatch.extract.context import ArticleDoc
from allywatch.extract.fiscal import YearMention, nearest_year, year_mentions
from allywatch.extract.money_context import (
    ActorMention,
    Cue,
    actor_mentions,
    article_dollar,
    issuer,
    measure_cues,
    nearest_before,
    owner_before,
)
from allywatch.extract.money_grammar import MoneyMatch, as_number, find_money
from allywatch.model.facts import Amount
from allywatch.reference.money import money_lexicon
from allywatch.reference.rates import normalise

ANNUAL = {"defense_budget", "defense_spending"}


def _words(items: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(items, key=len, reverse=True))


@cache
def _gaps() -> dict[str, re.Pattern[str]]:
    """What may stand between a sum and its restatement, or between a sum and its noun."""
    joiners = _words(money_lexicon("currencies")["restatement_joiners"])
    measures = money_lexicon("measures")
    return {
        "restatement": re.compile(rf"\s*(?:[(\[]\s*(?:or\s+)?|,?\s*(?:{joiners})\s+)"),
        "before": re.compile(rf"\s*(?:(?:{_words(measures['tied_before'])})\s+)?"),
        "after": re.compile(
            rf"\s*(?:{_words(measures['tied_after'])})\s+(?:the\s+|its\s+|their\s+)?"
        ),
    }


RIGHT_WEIGHT = 1.5
YEAR_LIMIT = 100


@dataclass
class _Group:
    """A first-written sum and its restatements, with what was read around them."""

    sentence: Span
    first: MoneyMatch
    restatements: list[MoneyMatch]
    measure: str = "other"
    subject: str | None = None
    year: int | None = None
    year_said: bool = False
    cue: Cue | None = None

    @property
    def start(self) -> int:
        return self.first.start

    @property
    def end(self) -> int:
        return (self.restatements or [self.first])[-1].end


def extract_amounts(ad: ArticleDoc) -> tuple[Amount, ...]:
    """Every money amount of the article, each restatement after the amount it restates."""
    groups = list(_read_groups(ad))
    _share_years(groups)
    return tuple(_amounts(ad, groups))


def _read_groups(ad: ArticleDoc) -> Iterator[_Group]:
    """Groups sentence by sentence, carrying the last measure word and the last figures."""
    dollar = article_dollar(ad.article)
    last_cue_measure: str | None = None
    previous: list[_Group] = []
    for sentence in ad.doc.sents:
        matches = [m for m in find_money(sentence.text, dollar) if m.money.value > 0]
        groups = _groups(sentence, matches)
        cues = measure_cues(sentence.text)
        if groups:
            _read_sentence(ad, sentence, groups, cues, last_cue_measure)
            _carry_years(groups, previous)
        yield from groups
        last_cue_measure = cues[-1].measure if cues else last_cue_measure
        previous = groups


def _groups(sentence: Span, matches: Sequence[MoneyMatch]) -> list[_Group]:
    groups: list[_Group] = []
    text = sentence.text
    for match in matches:
        last = groups[-1] if groups else None
        if last and _restates(text, last, match):
            last.restatements.append(match)
        else:
            groups.append(_Group(sentence, match, []))
    return groups


def _restates(text: str, group: _Group, match: MoneyMatch) -> bool:
    """In brackets or after "or", straight after the sum, in another currency."""
    currencies = {group.first.money.currency, *(r.money.currency for r in group.restatements)}
    gap = text[group.end : match.start]
    return match.money.currency not in currencies and bool(_gaps()["restatement"].fullmatch(gap))


def _read_sentence(
    ad: ArticleDoc, sentence: Span, groups: list[_Group], cues: list[Cue], carried: str | None
) -> None:
    text = sentence.text
    actors = actor_mentions(sentence)
    years = year_mentions(text, ad.published)
    _bind_cues(text, groups, cues)
    for group in groups:
        group.measure = group.cue.measure if group.cue else carried or "other"
        group.subject = _subject(text, group, actors)
        _read_year(group, years)


# --------------------------------------------------------------------------- measure


def _bind_cues(text: str, groups: list[_Group], cues: list[Cue]) -> None:
    """Tied nouns first ("budget of X", "X for defense spending"), then the nearest free one."""
    free = list(cues)
    for group in groups:
        tied = next((c for c in free if _tied(text, c, group)), None)
        if tied is not None:
            group.cue = tied
            free.remove(tied)
    for group in (g for g in groups if g.cue is None):
        group.cue = min(free, key=lambda c: _cue_distance(c, group), default=None)


def _tied(text: str, cue: Cue, group: _Group) -> bool:
    if cue.end <= group.start:
        return bool(_gaps()["before"].fullmatch(text[cue.end : group.start]))
    gap = text[group.end : cue.start]
    return cue.start >= group.end and bool(_gaps()["after"].fullmatch(gap))


def _cue_distance(cue: Cue, group: _Group) -> float:
    if cue.end <= group.start:
        return group.start - cue.end
    return max(0, cue.start - group.end) * RIGHT_WEIGHT


# --------------------------------------------------------------------------- subject


def _subject(text: str, group: _Group, actors: list[ActorMention]) -> str | None:
    """Owner of the measure noun, else the issuer of a national currency, else the nearest."""
    outside = [a for a in actors if not _inside(a, group)]
    noun = group.cue.start if group.cue else group.start
    owner = owner_before(text, noun, outside)
    if owner is None and group.cue and group.cue.start > group.end:
        owner = owner_before(text, group.start, outside)
    if owner is not None:
        return owner
    national = issuer(group.first.money.currency)
    if national is not None:
        return national
    return nearest_before(text, noun, outside) or nearest_before(text, group.start, outside)


def _inside(actor: ActorMention, group: _Group) -> bool:
    return any(m.start <= actor.start < m.end for m in (group.first, *group.restatements))


# --------------------------------------------------------------------------- year


def _read_year(group: _Group, years: Sequence[YearMention]) -> None:
    found = nearest_year(years, group.start, group.end, YEAR_LIMIT)
    if found is not None:
        group.year, group.year_said = found.year, True


def _carry_years(groups: list[_Group], previous: list[_Group]) -> None:
    """A budget figure without a year continues the previous sentence's figure of that year."""
    for group in groups:
        if group.year_said or group.measure not in ANNUAL:
            continue
        same = [p for p in previous if p.subject == group.subject and p.year is not None]
        if same and same[-1].measure in ANNUAL:
            group.year = same[-1].year


def _share_years(groups: list[_Group]) -> None:
    """The same budget figure written twice is one figure: a year stated once holds for both."""
    for group in groups:
        if group.year is not None or group.year_said or group.measure not in ANNUAL:
            continue
        twin = next((g for g in groups if _same_figure(g, group) and g.year is not None), None)
        if twin is not None:
            group.year = twin.year


def _same_figure(one: _Group, other: _Group) -> bool:
    a, b = one.first.money, other.first.money
    return (a.value, a.currency, one.subject) == (b.value, b.currency, other.subject)


# --------------------------------------------------------------------------- facts


def _amounts(ad: ArticleDoc, groups: list[_Group]) -> Iterator[Amount]:
    index = 0
    for group in groups:
        first = _amount(ad, group, group.first, index, None)
        yield first
        index += 1
        for restatement in group.restatements:
            hedged = replace(restatement, hedge=restatement.hedge or group.first.hedge)
            yield _amount(ad, group, hedged, index, first)
            index += 1


def _amount(
    ad: ArticleDoc, group: _Group, match: MoneyMatch, index: int, restates: Amount | None
) -> Amount:
    value = as_number(match.money.value)
    currency = match.money.currency
    approximate = match.money.approximate or bool(restates and restates.approximate)
    return Amount(
        **ad.provenance(group.sentence, "a", index),
        value=value,
        currency=currency,
        approximate=approximate,
        measure=group.measure,
        subject=group.subject,
        year=group.year,
        equivalent_of=restates.id if restates else None,
        text=match.text,
        normalised=normalise(value, currency, ad.published, group.year),
    )
