"""Who did what to whom: the source and recipient slots of a trigger, read from the parse.

A verb trigger takes its subject (or the agent of a passive, or the subject of the clause it
depends on: "after meeting with Hegseth" belongs to the subject of the main verb) and its
objects (direct object, or the object of "with", "between", "to", "on" as the trigger says).
A noun trigger ("talks", "U.S. airstrikes in Iran") takes its own possessives, state words and
prepositional objects, and the subject of the light verb that carries it ("held talks").
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.tokens import Token

from allywatch.extract.events_actors import Party, codes, entity_of, unique
from allywatch.extract.events_discourse import Discourse
from allywatch.extract.events_lexicon import Trigger, words

SUBJECT_DEPS = ("nsubj", "csubj", "expl")
OBJECT_DEPS = ("dobj", "dative", "nsubjpass", "oprd")
INHERIT_DEPS = ("conj", "xcomp", "advcl", "pcomp", "ccomp", "acl", "relcl", "prep", "pobj")
SOURCE_PREPS = ("by", "from")
MAX_CLIMB = 6
# Verbal acts may name their actor in the clause ("stressed ... support for Ukraine");
# material ones (aid, attacks, drills) must name it in their own phrase.
MEETING_NOUNS = ("meeting", "talk", "summit", "call", "conversation", "dinner", "lunch")
VERBAL_TYPES = ("SUPPORT", "DEMAND", "DISAPPROVE", "REJECT", "THREATEN", "AGREE")


@dataclass
class Slots:
    """The two sides of an event before PLOVER sides are assigned."""

    subject: list[Party] = field(default_factory=list)
    objects: list[Party] = field(default_factory=list)


def is_nominal(anchor: Token) -> bool:
    """A noun trigger ("talks", "drills") rather than a verb ("met")."""
    return anchor.pos_ in ("NOUN", "PROPN")


def clause_verb(anchor: Token) -> Token:
    """The verb a trigger belongs to: itself, or the verb above a noun trigger."""
    token: Token = anchor
    for _ in range(MAX_CLIMB):
        if token.pos_ in ("VERB", "AUX") or token.head == token:
            return token
        token = token.head
    return token


def subject_tokens(verb: Token, depth: int = 0) -> list[Token]:
    """The logical subject: nsubj, the agent of a passive, or the governing clause's subject."""
    found = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    agents = [o for c in verb.children if c.dep_ == "agent" for o in c.children]
    if found or agents or depth >= MAX_CLIMB or verb.head == verb:
        return found + agents
    if verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN"):
        return [verb.head]
    if verb.dep_ in ("xcomp", "oprd"):
        passive = [c for c in verb.head.children if c.dep_ == "nsubjpass"]
        if passive:
            return passive
    if verb.dep_ in INHERIT_DEPS:
        return subject_tokens(verb.head, depth + 1)
    return []


def object_tokens(verb: Token, trigger: Trigger) -> list[Token]:
    """Direct objects (unless the trigger's object is a topic) and objects of its prepositions."""
    direct = [c for c in verb.children if c.dep_ in OBJECT_DEPS]
    found = [] if trigger.topic_object else list(direct)
    nests = trigger.roles == "mutual" and not trigger.topic_object
    nested = [g for d in direct for g in d.children] if nests else []
    for prep in (*verb.children, *nested):
        if _is_prep(prep) and prep.lower_ in trigger.object_preps:
            found.extend(c for c in prep.children if c.dep_ == "pobj")
    return [t for t in found if t.pos_ != "ADP"]


def _is_prep(token: Token) -> bool:
    """A preposition, also when the parser calls it a dative ("sent $1.5 billion to X")."""
    return token.dep_ == "prep" or (token.dep_ == "dative" and token.pos_ == "ADP")


def read_slots(anchor: Token, trigger: Trigger, discourse: Discourse) -> Slots:
    """Subject-side and object-side parties of one trigger."""
    if is_nominal(anchor):
        return _nominal_slots(anchor, trigger, discourse)
    slots = Slots()
    subjects = subject_tokens(anchor)
    if subjects and all(t.i > anchor.i for t in subjects):
        subjects = [*_stranded_subjects(anchor), *subjects]
    misparsed = [t for t in subjects if t.i > anchor.i and any(s.i < anchor.i for s in subjects)]
    kept = [t for t in subjects if t not in misparsed]
    slots.subject.extend(_subject_parties(kept, trigger, discourse))
    for token in [*misparsed, *object_tokens(anchor, trigger), *_as_clause_object(anchor)]:
        slots.objects.extend(discourse.parties(token))
    return _cleaned(slots)


def _subject_parties(tokens: list[Token], trigger: Trigger, discourse: Discourse) -> list[Party]:
    """The parties of subject tokens; for joint acts also everyone named inside them."""
    found: list[Party] = []
    for token in tokens:
        found.extend(discourse.parties(token))
        if trigger.roles == "mutual":
            found.extend(_people_inside(token, discourse))
    return found


def _people_inside(token: Token, discourse: Discourse) -> list[Party]:
    """Everyone named in a long subject the parser split oddly ("X and the Deputy Prime
    Minister and Minister for Defence, the Hon Richard Marles MP")."""
    names = {e.start: e for t in token.subtree if (e := entity_of(t)) and e.label_ == "PERSON"}
    return [p for e in names.values() if (p := discourse.reader.person(e)).code]


def _as_clause_object(verb: Token) -> list[Token]:
    """For "X exported missiles, as requested by Y": Y asked X, the subject of the main clause."""
    marked = any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)
    has_object = any(c.dep_ in OBJECT_DEPS for c in verb.children)
    if verb.dep_ != "advcl" or not marked or has_object:
        return []
    return subject_tokens(verb.head)


def _stranded_subjects(verb: Token) -> list[Token]:
    """For "Hegseth, left, welcomes Koizumi": a subject the parser hung on a caption's "left"."""
    return [
        s
        for c in verb.lefts
        if c.dep_ in ("advcl", "npadvmod")
        for s in c.children
        if s.dep_ == "nsubj" and s.i < verb.i
    ]


def _nominal_slots(noun: Token, trigger: Trigger, discourse: Discourse) -> Slots:
    """A noun's own possessives and prepositions, then the light verb that carries it."""
    slots = _own_slots(noun, trigger, discourse)
    verb = carrying_verb(noun)
    if verb is not None:
        slots.subject.extend(_subject_parties(subject_tokens(verb), trigger, discourse))
        partners = trigger if verb.lemma_ in words("participant_verbs") else _with_only(trigger)
        for token in object_tokens(verb, partners):
            slots.objects.extend(discourse.parties(token))
    elif (trigger.event_type in VERBAL_TYPES and not slots.subject) or met_with(noun):
        for token in subject_tokens(clause_verb(noun)):
            slots.subject.extend(discourse.parties(token))
    return _cleaned(slots)


def met_with(noun: Token) -> bool:
    """ "Marcos thanked Japan during a meeting with Ishiba": the subject had the meeting."""
    adjunct = noun.dep_ == "pobj" and noun.head.lower_ in words("adjunct_preps")
    partner = any(c.dep_ == "prep" and c.lower_ == "with" for c in noun.children)
    return adjunct and partner and noun.lemma_.lower() in MEETING_NOUNS


def _own_slots(noun: Token, trigger: Trigger, discourse: Discourse) -> Slots:
    """Possessives, state words, "by"/"from" (source) and the trigger's object prepositions."""
    slots = Slots(subject=list(discourse.reader.modifiers(noun)))
    for verb in (c for c in noun.children if c.pos_ == "VERB" and c.dep_ in ("amod", "acl")):
        for token in (c for c in verb.children if c.dep_ == "nsubj"):
            slots.subject.extend(discourse.parties(token))
    for prep in (c for c in noun.children if c.dep_ == "prep"):
        side = _side_of(prep, trigger, slots)
        if side is None:
            continue
        for token in (c for c in prep.children if c.dep_ == "pobj"):
            side.extend(discourse.parties(token))
    if noun.dep_ == "appos":
        slots.subject.extend(discourse.parties(noun.head))
    return slots


def _side_of(prep: Token, trigger: Trigger, slots: Slots) -> list[Party] | None:
    if prep.lower_ in SOURCE_PREPS:
        return slots.subject
    return slots.objects if prep.lower_ in trigger.object_preps else None


def carrying_verb(noun: Token) -> Token | None:
    """The light verb whose object or subject the noun is ("held talks", "talks were held").

    "of" phrases are climbed: "wrapped up the 40th edition of the Balikatan Exercises".
    """
    token = noun
    while token.dep_ == "appos" or (
        token.dep_ == "pobj" and token.head.lower_ == "of" and is_nominal(token.head.head)
    ):
        token = token.head if token.dep_ == "appos" else token.head.head
    head = token.head
    if token.dep_ in ("dobj", "nsubj", "nsubjpass", "attr") and head.lemma_ in words("light_verbs"):
        return head
    return None


def _with_only(trigger: Trigger) -> Trigger:
    """A light verb's own objects are topics; only its "with"-style partners count."""
    preps = tuple(p for p in trigger.object_preps if p in ("with", "between", "among"))
    return replace(trigger, topic_object=True, object_preps=preps)


def _cleaned(slots: Slots) -> Slots:
    subject = unique(slots.subject)
    objects = [p for p in unique(slots.objects) if p.code not in codes(subject)]
    return Slots(subject=subject, objects=objects)
