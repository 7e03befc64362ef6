"""Targets (kind `target`): stated goals for a share of GDP or another level.

A percentage is a target when the words before it aim at it ("spend 5% of GDP", "aiming for
more than 2%", "raise defense spending to 5%") or the sentence names a target noun ("the 2 per
cent target"); an actual share ("accounting for 2.45 percent of GDP") and a change ("an increase
of 7.7 percent") never are. Each distinct target (subject, metric, value, comparator) is one
fact per article, placed on its most telling mention: one with a status word and no "if",
with a deadline taken from any mention that states one.

- metric: the first metric cue (targets.json) in the words around the percentage, else the
  previous target's; GDP-growth targets are `other`;
- comparator: "at least", "reaching" and ranges ("4.5 to 5 per cent") give >=, "more than" >;
- status: planned, proposed, urged, adopted, tried in that order over the sentence; proposed
  when no word says;
- subject: NATO for "member states" of NATO, else the nearest actor named before the
  percentage, else the previous target's, else the actor the article names most;
- by: for an urged target the first other actor named, else the subject when named.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from functools import cache

from spacy.tokens import Span

from allywatch.extract.context import ArticleDoc
from allywatch.extract.fiscal import YearMention, nearest_year, year_mentions
from allywatch.extract.money_context import ActorMention, actor_mentions, main_actor
from allywatch.extract.money_grammar import as_number, number_value, number_words
from allywatch.model.facts import Target
from allywatch.reference.money import money_lexicon

DEFAULT_METRIC = "defense_spending_pct_gdp"
RANGE_COMPARATOR = ">="
LEFT_WINDOW = 60
FOLLOW_WINDOW = 40
ANYWHERE = 10**6


@dataclass(frozen=True)
class Percent:
    """A percentage at [start, end) of a sentence: its low value, any high bound and hedge."""

    start: int
    end: int
    value: Decimal
    high: Decimal | None
    hedge: str | None


@dataclass(frozen=True)
class _Mention:
    sentence: Span
    percent: Percent
    subject: str
    metric: str
    comparator: str
    deadline: int | None
    status: str
    by: str | None
    weight: int
    metric_said: bool

    @property
    def key(self) -> tuple[str, str, Decimal, str]:
        return (self.subject, self.metric, self.percent.value, self.comparator)


def extract_targets(ad: ArticleDoc) -> tuple[Target, ...]:
    """Each distinct target of the article once, on its most telling sentence."""
    chosen = _merge(list(_mentions(ad)))
    return tuple(_target(ad, mention, index) for index, mention in enumerate(chosen))


def _target(ad: ArticleDoc, mention: _Mention, index: int) -> Target:
    return Target(
        **ad.provenance(mention.sentence, "t", index),
        subject=mention.subject,
        metric=mention.metric,
        value=as_number(mention.percent.value),
        comparator=mention.comparator,
        deadline=mention.deadline,
        status=mention.status,
        by=mention.by,
    )


def _merge(mentions: list[_Mention]) -> list[_Mention]:
    """One mention per key: the heaviest (first among equals), with any deadline stated.

    A mention naming no metric ("the proposed 5 per cent norm") joins an earlier target of
    the same subject, value and comparator.
    """
    chosen: dict[tuple[str, str, Decimal, str], _Mention] = {}
    for mention in map(lambda m: _same_as_before(m, chosen.values()), mentions):
        known = chosen.get(mention.key)
        best = mention if known is None or mention.weight > known.weight else known
        deadline = best.deadline or (known.deadline if known else None) or mention.deadline
        chosen[mention.key] = replace(best, deadline=deadline)
    return sorted(chosen.values(), key=lambda m: m.sentence.start_char + m.percent.start)


def _same_as_before(mention: _Mention, earlier: Iterable[_Mention]) -> _Mention:
    if mention.metric_said:
        return mention
    same = (m for m in earlier if _unmetered(m.key) == _unmetered(mention.key))
    twin = next(same, None)
    return replace(mention, metric=twin.metric) if twin else mention


def _unmetered(key: tuple[str, str, Decimal, str]) -> tuple[str, Decimal, str]:
    subject, _, value, comparator = key
    return subject, value, comparator


def _mentions(ad: ArticleDoc) -> Iterator[_Mention]:
    fallback = main_actor(ad.article.text)
    previous: _Mention | None = None
    for sentence in ad.doc.sents:
        for mention in _sentence_mentions(sentence, ad.published, previous, fallback):
            previous = mention
            yield mention


def _sentence_mentions(
    sentence: Span, published: date | None, previous: _Mention | None, fallback: str | None
) -> Iterator[_Mention]:
    text = sentence.text
    percents = find_percents(text)
    targets = target_percents(text, percents)
    if not targets:
        return
    actors = actor_mentions(sentence)
    years = year_mentions(text, published)
    for percent in targets:
        mention = _read(
            sentence, percent, _around(text, percent, percents), actors, years, previous
        )
        if mention.subject or fallback:
            mention = replace(mention, subject=mention.subject or fallback or "")
            previous = mention
            yield mention


def _read(
    sentence: Span,
    percent: Percent,
    around: str,
    actors: Sequence[ActorMention],
    years: Sequence[YearMention],
    previous: _Mention | None,
) -> _Mention:
    text = sentence.text
    status = status_of(text)
    subject = _subject(text, percent, actors) or (previous.subject if previous else "")
    said = _metric(around) or _metric(text)
    metric = said or (previous.metric if previous else DEFAULT_METRIC)
    return _Mention(
        sentence=sentence,
        percent=percent,
        subject=subject,
        metric=metric,
        comparator=comparator_of(text, percent),
        deadline=_deadline(text, years, percent, metric),
        status=status or "proposed",
        by=_by(status, subject, actors),
        weight=_weight(text, status),
        metric_said=said is not None,
    )


# --------------------------------------------------------------------------- percentages


@cache
def _percent_regex() -> re.Pattern[str]:
    lexicon = money_lexicon("targets")
    hedges = "|".join(re.escape(h) for h in sorted(_hedges(), key=len, reverse=True))
    number = rf"(?:\d+(?:\.\d+)?|\b(?i:{number_words()})\b)"
    return re.compile(
        rf"(?:(?<![A-Za-z])(?P<hedge>(?i:{hedges}))\s+)?(?<![\d.])(?P<num>{number})"
        rf"(?:\s*(?:-|–|to|and)\s*(?P<hi>{number}))?\s*(?i:{lexicon['percent']})"
    )


def _hedges() -> set[str]:
    hedges = money_lexicon("hedges")
    return {*hedges["approximate"], *hedges["comparators"]}


def find_percents(text: str) -> list[Percent]:
    """Every percentage of `text` ("5%", "3 per cent", "4.5 to five per cent", "about 2.45%")."""
    return [
        Percent(
            start=found.start(),
            end=found.end(),
            value=number_value(found.group("num")),
            high=number_value(found.group("hi")) if found.group("hi") else None,
            hedge=found.group("hedge").lower() if found.group("hedge") else None,
        )
        for found in _percent_regex().finditer(text)
    ]


@cache
def _regex(name: str) -> re.Pattern[str]:
    return re.compile(f"(?i:{money_lexicon('targets')[name]})")


def target_percents(text: str, percents: Sequence[Percent]) -> list[Percent]:
    """The percentages of a sentence that are goals.

    One is a goal when the words before it aim at it, or a target noun stands among the words
    around it; the others of a sentence naming a target noun join when one of them is a goal
    ("calls for countries to spend 5 per cent — 3.5 per cent on ... and 1.5 per cent on ...").
    """
    judged = [(p, _judge(text, p, _around(text, p, percents))) for p in percents]
    listed = bool(_regex("target_nouns").search(text)) and any(v for _, v in judged)
    return [p for p, verdict in judged if verdict or (verdict is None and listed)]


def is_target(text: str, percent: Percent) -> bool:
    """Whether a sentence's only percentage is a goal rather than a share or a change."""
    return target_percents(text, [percent]) == [percent]


def _judge(text: str, percent: Percent, around: str) -> bool | None:
    """True for a goal, False for a share or a change, None when the words do not say.

    The words before are read with and without the hedge: "rise to | at least 3 per cent",
    "adding that reaching | 3 percent", "spending reached | 2%".
    """
    before = text[max(0, percent.start - LEFT_WINDOW) : percent.start]
    leads = (before, f"{before} {percent.hedge}" if percent.hedge else before)
    after = text[percent.end :]
    if _regex("change_before").search(before) or _regex("change_after").search(after):
        return bool(_regex("target_nouns").match(after.strip()))
    if _any(leads, "actual_before") and not _regex("target_nouns").search(before):
        return False
    aimed = _any(leads, "goal_before") or _any(leads, "raise_before")
    return True if aimed or _regex("target_nouns").search(around) else None


def _any(texts: Iterable[str], name: str) -> bool:
    return any(_regex(name).search(text) for text in texts)


def _around(text: str, percent: Percent, percents: Sequence[Percent]) -> str:
    """The words between the neighbouring percentages: where this one's metric is named."""
    start = max((p.end for p in percents if p.end <= percent.start), default=0)
    end = min((p.start for p in percents if p.start >= percent.end), default=len(text))
    return text[start:end]


# --------------------------------------------------------------------------- attributes


def comparator_of(text: str, percent: Percent) -> str:
    """>= for "at least", "reaching" and ranges; > for "more than"; = otherwise."""
    comparators: dict[str, str] = money_lexicon("hedges")["comparators"]
    if percent.hedge in comparators:
        return comparators[percent.hedge]
    if percent.high is not None:
        return RANGE_COMPARATOR
    words = re.findall(r"[a-z]+", text[: percent.start].lower())
    return comparators.get(words[-1], "=") if words else "="


def _metric(around: str) -> str | None:
    for pattern, metric in money_lexicon("targets")["metrics"]:
        if re.search(f"(?i:{pattern})", around):
            return str(metric)
    return None


def status_of(text: str) -> str | None:
    """The first status whose words the sentence holds, in the order of targets.json."""
    for pattern, status in money_lexicon("targets")["status"]:
        if re.search(f"(?i:{pattern})", text):
            return str(status)
    return None


def _subject(text: str, percent: Percent, actors: Sequence[ActorMention]) -> str | None:
    """NATO for its "member states"; else whoever is to spend: before "should", after "urged"."""
    before = [a for a in actors if a.end <= percent.start]
    if "NATO" in {a.code for a in actors} and _regex("member_subjects").search(text):
        return "NATO"
    lead = text[: percent.start]
    modals = list(_regex("urging_modal").finditer(lead))
    verb = _regex("urging_verb").search(lead)
    if modals:
        before = [a for a in before if a.end <= modals[-1].start()]
    elif verb:
        before = [a for a in before if a.start >= verb.end()]
    return before[-1].code if before else None


def _deadline(text: str, years: Sequence[YearMention], percent: Percent, metric: str) -> int | None:
    """A "by 2035" anywhere in the sentence, else an "in fiscal 2025" right after the share;
    an annual (growth) target also takes the sentence's year."""
    stated = [y for y in years if y.year and not y.elsewhere]
    deadlines = [y for y in stated if y.deadline]
    following = [y for y in stated if _follows(text, percent, y)]
    pool = deadlines or following or (stated if metric == "other" else [])
    found = nearest_year(pool, percent.start, percent.end, ANYWHERE)
    return found.year if found else None


def _follows(text: str, percent: Percent, year: YearMention) -> bool:
    gap = text[percent.end : year.start]
    return (
        year.start >= percent.end
        and len(gap) <= FOLLOW_WINDOW
        and bool(_regex("year_after").search(gap))
    )


def _by(status: str | None, subject: str, actors: Sequence[ActorMention]) -> str | None:
    if status == "urged":
        return next((a.code for a in actors if a.code != subject), None)
    return subject if any(a.code == subject for a in actors) else None


def _weight(text: str, status: str | None) -> int:
    """How telling a mention is: a status word counts, a condition ("if ... were to") less."""
    return 2 * bool(status) - bool(_regex("conditional").search(text))
