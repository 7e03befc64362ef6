"""One happening, one event: merge repeated mentions and date the outcomes of meetings.

An article names a meeting in its lead, again when it gives the date, and again as "the
meeting"; those are one CONSULT placed on the most informative sentence, the others kept as
`mentions`. Mentions merge when type, states, date, mode and context agree (a missing date or
mode agrees with any) and no state is represented by two different people. Commitments made
at a meeting stay separate AGREE events (each is its own event), unless both report the same
concluded accord. "An outcome of a dated meeting takes that meeting's date": an undated event
whose sources all took part in a meeting of the same article takes the meeting's date.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from allywatch.extract.context import trimmed_span
from allywatch.extract.dates import ResolvedDate
from allywatch.extract.events_actors import Party, codes, unique
from allywatch.extract.events_context import is_embedded
from allywatch.extract.events_lexicon import Trigger
from allywatch.extract.places import Place

Mention = tuple[int, int]
TENSES = ("future", "historical")
# Verbal acts that a meeting produces; material ones (drills, transfers) carry their own dates.
OUTCOMES = ("AGREE", "SUPPORT", "DEMAND", "DISAPPROVE", "REJECT", "THREATEN", "CONCEDE")


@dataclass
class Draft:
    """An event being built: trigger, parties, context, date and place, and its mentions."""

    trigger: Trigger
    anchor: Token
    sentence: Span
    event_type: str
    sources: list[Party]
    recipients: list[Party]
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    date: ResolvedDate | None = None
    place: Place | None = None
    mentions: list[Mention] = field(default_factory=list)

    @property
    def parties(self) -> list[Party]:
        return unique([*self.sources, *self.recipients])

    @property
    def span(self) -> Mention:
        return trimmed_span(self.sentence)

    @property
    def tense(self) -> str | None:
        return next((c for c in self.context if c in TENSES), None)

    def informative(self) -> int:
        """How much this mention tells: date, place, named people, mode."""
        people = sum(1 for p in self.parties if p.is_person)
        return (
            4 * (self.date is not None)
            + 2 * (self.place is not None)
            + people
            + (self.mode is not None)
        )


def drop_embedded(drafts: list[Draft]) -> list[Draft]:
    """Events that are the content of another event ("agreed to expand joint drills") go, and
    so does a noun that names the act of its own verb ("sent $1.5 billion in a payment")."""
    return [
        inner
        for inner in drafts
        if not any(
            outer is not inner
            and outer.anchor != inner.anchor
            and outer.sentence == inner.sentence
            and (is_embedded(inner.anchor, outer.anchor) or _restates(inner, outer))
            for outer in drafts
        )
    ]


def _restates(inner: Draft, outer: Draft) -> bool:
    """A noun trigger under a verb trigger of the same type describes the same act."""
    if inner.event_type != outer.event_type or inner.anchor.pos_ not in ("NOUN", "PROPN"):
        return False
    return outer.anchor in inner.anchor.ancestors


def merge_events(drafts: list[Draft]) -> list[Draft]:
    """Merge mentions of one happening, date outcomes from meetings, then merge again."""
    merged = _merge(drafts)
    for draft in merged:
        if draft.event_type in OUTCOMES and draft.date is None and draft.tense is None:
            _date_from_meeting(draft, merged)
    return _merge(merged)


def _merge(drafts: list[Draft]) -> list[Draft]:
    kept: list[Draft] = []
    for draft in drafts:
        same = next((k for k in kept if _same_happening(k, draft)), None)
        if same is None:
            kept.append(draft)
        else:
            kept[kept.index(same)] = _combined(same, draft)
    return kept


def _same_happening(one: Draft, other: Draft) -> bool:
    if one.event_type != other.event_type or codes(one.parties) != codes(other.parties):
        return False
    if one.event_type == "AGREE" and not (one.trigger.accord and other.trigger.accord):
        return False
    return (
        _agree(one.date, other.date)
        and _agree(one.mode, other.mode)
        and _same_tense(one, other)
        and _same_people(one.parties, other.parties)
    )


def _same_tense(one: Draft, other: Draft) -> bool:
    """Future plans never merge with reports; "had discussed" may repeat an undated meeting."""
    if "future" in (one.tense, other.tense):
        return one.tense == other.tense
    return one.tense == other.tense or one.date is None or other.date is None


def _agree(one: object, other: object) -> bool:
    return one is None or other is None or one == other


def _same_people(one: list[Party], other: list[Party]) -> bool:
    """No state is represented by two different named people."""
    names = {p.code: p.name for p in one if p.is_person}
    return all(names.get(p.code, p.name) == p.name for p in other if p.is_person)


def _combined(one: Draft, other: Draft) -> Draft:
    """The more informative mention leads; the other's facts fill gaps and its span is kept."""
    lead, rest = (one, other) if one.informative() >= other.informative() else (other, one)
    spans = [rest.span, *rest.mentions, *lead.mentions]
    lead.mentions = sorted({s for s in spans if s != lead.span})
    lead.date = lead.date or rest.date
    lead.place = lead.place or rest.place
    if lead.mode is None and rest.mode is not None:
        lead.mode, lead.sources, lead.recipients = rest.mode, rest.sources, rest.recipients
    lead.sources = _with_people(lead.sources, [*rest.sources, *rest.recipients])
    lead.recipients = _with_people(lead.recipients, [*rest.sources, *rest.recipients])
    return lead


def _with_people(parties: list[Party], others: list[Party]) -> list[Party]:
    """A state named only as a state takes the person the other mention names for it."""
    named = {p.code for p in parties if p.is_person}
    people = {p.code: p for p in others if p.is_person and p.code not in named}
    return unique(people.get(p.code, p) if not p.is_person else p for p in parties)


def _date_from_meeting(draft: Draft, drafts: list[Draft]) -> None:
    """An undated outcome takes the date and place of the meeting its sources attended."""
    sources = codes(draft.sources)
    meetings = [
        d
        for d in drafts
        if d.event_type == "CONSULT"
        and d.tense is None
        and sources <= codes(d.parties)
        and (d.sentence == draft.sentence or d.anchor.i < draft.anchor.i)
    ]
    if meetings:
        meeting = meetings[-1]
        draft.date = meeting.date
        draft.place = draft.place or meeting.place
