"""One trigger to one draft event: filters, slots, PLOVER sides, context, date and place.

A trigger becomes an event only when the clause reports it (not negated, not conditional,
not ongoing behaviour, not "the need to"), when the clause meets what the trigger needs (a
party as object for "urge", a that-clause for "confirm", goods for "send"), and when it has
parties: two states for a meeting or agreement, a source and a different recipient for a
directed act. Future and "could"/"would" events need a date to be kept.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from allywatch.extract.context import ArticleDoc
from allywatch.extract.events_actors import Party, codes, unique
from allywatch.extract.events_context import (
    event_date,
    is_conditional,
    is_future,
    is_historical,
    is_infinitive_of_noun,
    is_modal,
    is_negated,
    is_ongoing,
)
from allywatch.extract.events_discourse import Discourse
from allywatch.extract.events_lexicon import Trigger, words
from allywatch.extract.events_merge import Draft
from allywatch.extract.events_slots import (
    Slots,
    clause_verb,
    is_nominal,
    read_slots,
    subject_tokens,
)
from allywatch.extract.people import home_country
from allywatch.extract.places import event_place
from allywatch.reference import state

NAME_LABELS = ("ORG", "FAC", "LAW", "PERSON", "GPE", "WORK_OF_ART", "NORP")
MUTUAL_TYPES = ("CONSULT", "AGREE", "COOPERATE")


def reported(anchor: Token, trigger: Trigger) -> bool:
    """The clause reports the act: not negated, conditional, ongoing or merely wished for."""
    if anchor.ent_type_ in NAME_LABELS:
        return False
    if any(c.dep_ == "prt" and c.lower_ in trigger.particles_not for c in anchor.children):
        return False
    checks = (is_negated, is_conditional, is_ongoing, is_infinitive_of_noun)
    return not any(check(anchor) for check in checks)


def needs_met(anchor: Token, trigger: Trigger, slots: Slots) -> bool:
    """The conditions a trigger sets on its clause."""
    verb = clause_verb(anchor)
    objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    tests = {
        "party_object": lambda: bool(codes(slots.objects)),
        "clause": lambda: any(c.dep_ == "ccomp" for c in verb.children),
        "commitment": lambda: (
            any(c.dep_ == "ccomp" for c in verb.children)
            or any(o.lemma_.lower() in words("commitment_objects") for o in objects)
        ),
        "accord_object": lambda: any(
            o.lemma_.lower() in words("accord_objects") or o.lower_ in words("accord_objects")
            for o in objects
        ),
        "goods_object": lambda: any(_goods(o) for o in objects),
        "infinitive": lambda: any(_infinitive(c) for c in verb.children),
    }
    return all(tests[need]() for need in trigger.needs)


def _infinitive(clause: Token) -> bool:
    """For "asked Japan to export": the content is an action for the object to take."""
    to = any(c.dep_ == "aux" and c.lower_ in ("to", "should", "must") for c in clause.children)
    return clause.dep_ == "xcomp" or (clause.dep_ == "ccomp" and to)


def _goods(obj: Token) -> bool:
    return any(t.ent_type_ == "MONEY" or t.lemma_.lower() in words("goods") for t in obj.subtree)


def read_draft(span: Span, ad: ArticleDoc, discourse: Discourse, trigger: Trigger) -> Draft | None:
    """The draft event of one trigger span, or None when the clause reports no event."""
    anchor = span.root
    if not reported(anchor, trigger):
        return None
    slots = read_slots(anchor, trigger, discourse)
    if not needs_met(anchor, trigger, slots):
        return None
    sources, recipients = _cast(trigger, slots)
    draft = Draft(trigger, anchor, anchor.sent, trigger.event_type, sources, recipients)
    _add_context(draft, ad)
    if ("future" in draft.context or "hypothetical" in draft.context) and draft.date is None:
        return None
    if draft.event_type == "DISAPPROVE" and not codes(draft.recipients):
        draft.recipients = _named_in_sentence(anchor, draft.sources, discourse)
    return draft


def _cast(trigger: Trigger, slots: Slots) -> tuple[list[Party], list[Party]]:
    """PLOVER sides: visitors and actors are sources, hosts and targets recipients."""
    if trigger.roles == "mutual":
        return unique([*slots.subject, *slots.objects]), []
    if trigger.roles == "host":
        return slots.objects, slots.subject
    return slots.subject, slots.objects


def _add_context(draft: Draft, ad: ArticleDoc) -> None:
    anchor = draft.anchor
    future = is_future(anchor)
    draft.date = event_date(anchor, draft.sentence, ad.published, future)
    draft.context = list(draft.trigger.context)
    if future:
        draft.context.append("future")
    elif is_historical(anchor, dated=draft.date is not None):
        draft.context.append("historical")
    if is_modal(anchor):
        draft.context.append("hypothetical")
    visit = draft.trigger.roles in ("visit", "host")
    home = home_country(ad.article.source)
    draft.place = event_place(anchor, visit, ad.article.dateline, home)


def _named_in_sentence(anchor: Token, sources: list[Party], discourse: Discourse) -> list[Party]:
    """Criticism's target when the clause leaves it implicit: a state named under the trigger,
    else elsewhere in the sentence ("With China in mind, the statement expressed concern")."""
    taken = codes(sources)
    sentence = anchor.sent
    inside = {t.i for t in anchor.subtree}
    named = [
        p
        for p in discourse.mentions
        if sentence.start <= p.token < sentence.end and p.code and p.code not in taken
    ]
    under = [p for p in named if p.token in inside]
    states = [p for p in named if state(p.code or "") is not None]
    return unique(Party(p.code, token=p.token) for p in (under or states))


def is_valid(draft: Draft) -> bool:
    """Enough parties for the type: two states to meet or agree, a source and a target."""
    if draft.event_type in MUTUAL_TYPES or draft.trigger.roles == "mutual":
        found = codes(draft.parties)
        return len(found) >= 2 or (draft.event_type == "CONSULT" and _one_body(found))
    return bool(codes(draft.sources)) and bool(codes(draft.recipients) - codes(draft.sources))


def _one_body(found: set[str]) -> bool:
    """A meeting of one organisation ("the NATO summit") is a multilateral meeting."""
    return len(found) == 1 and len(next(iter(found))) != 3


def speech_demand(verb: Token, ad: ArticleDoc, discourse: Discourse) -> Draft | None:
    """For "X said Taiwan should raise its defense spending": X demands of Taiwan."""
    content = next((c for c in verb.children if c.dep_ == "ccomp" and _obliged(c)), None)
    if content is None or not reported(verb, _SPEECH):
        return None
    subjects = [c for c in content.children if c.dep_ in ("nsubj", "nsubjpass")]
    recipients = [p for s in subjects for p in discourse.parties(s)]
    sources = [p for s in subject_tokens(verb) for p in discourse.parties(s)]
    draft = Draft(_SPEECH, verb, verb.sent, "DEMAND", unique(sources), unique(recipients))
    draft.recipients = [p for p in draft.recipients if p.code not in codes(draft.sources)]
    _add_context(draft, ad)
    return draft if is_valid(draft) and "future" not in draft.context else None


def _obliged(clause: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in words("obligation_modals") for c in clause.children)


_SPEECH = Trigger(
    key="speech_demand",
    event_type="DEMAND",
    roles="directed",
    mode=None,
    context=(),
    needs=(),
    object_preps=(),
    topic_object=False,
    accord=False,
    particles_not=(),
)


def is_definite_mention(draft: Draft) -> bool:
    """For "the meeting", "the talks": a noun trigger that refers back to a known event."""
    anchor = draft.anchor
    return is_nominal(anchor) and any(
        c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "these", "those")
        for c in anchor.children
    )
