"""When and whether an event happened: negation, tense, modality and the date it names.

PLOVER keeps `future`, `historical` and `hypothetical` as contexts and drops negated events
("did not meet"). The clues sit on the trigger's clause: auxiliaries ("will", "had",
"would"), governing verbs ("plans to visit", "is due to be finalised"), markers ("if",
"previously", "continues to"). A date belongs to an event only when the parse attaches it to
the trigger's own clause: in "after meeting Hegseth, he prepared a speech on Saturday" the
meeting has no date.
"""

from __future__ import annotations

from datetime import date

from spacy.tokens import Span, Token

from allywatch.extract.dates import ResolvedDate, resolve_date
from allywatch.extract.events_lexicon import words
from allywatch.extract.events_slots import carrying_verb, clause_verb, is_nominal, met_with

COMPLEMENT_DEPS = ("xcomp", "ccomp", "dobj", "pobj", "prep", "acl", "compound", "amod", "nsubj")
MAX_DEPTH = 8
DEADLINE_PREPS = ("by", "until", "till", "through", "before")
COPULA_PENALTY = 5
MAX_DATE_STEPS = 3  # deeper ("in anticipation of next year's anniversary") is another thing's date


def governors(token: Token) -> list[Token]:
    """The token and its heads up to the sentence root."""
    chain = [token]
    while chain[-1].head != chain[-1] and len(chain) < MAX_DEPTH:
        chain.append(chain[-1].head)
    return chain


def _aux(verb: Token) -> set[str]:
    return {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass", "neg")}


def is_negated(anchor: Token) -> bool:
    """For "did not meet", "no talks", "never visited"."""
    negations = words("negations")
    verb = clause_verb(anchor)
    if any(c.dep_ == "neg" and c.lower_ in negations for c in (*anchor.children, *verb.children)):
        return True
    return is_nominal(anchor) and any(c.lower_ in ("no", "without") for c in anchor.children)


def is_conditional(anchor: Token) -> bool:
    """Inside an "if" clause, or a clause that an "if" clause conditions."""
    marks = words("hypothetical_marks")
    for token in governors(anchor):
        if any(c.dep_ == "mark" and c.lower_ in marks for c in token.children):
            return True
    verb = clause_verb(anchor)
    return any(
        c.dep_ == "advcl" and any(m.lower_ in marks for m in c.children if m.dep_ == "mark")
        for c in verb.children
    )


def is_modal(anchor: Token) -> bool:
    """For "could meet", "would visit": possible rather than reported."""
    return bool(_aux(clause_verb(anchor)) & words("hypothetical_modals"))


def is_future(anchor: Token) -> bool:
    """For "will meet", "plans to visit", "the upcoming summit", "is due to be finalised at"."""
    if is_nominal(anchor) and any(c.lower_ in words("future_modifiers") for c in anchor.children):
        return True
    chain = governors(anchor)[: MAX_DEPTH - 2]
    for child, token in zip([None, *chain], chain, strict=False):
        if token.pos_ in ("VERB", "AUX", "ADJ") and _aux(token) & words("future_aux"):
            return True
        governs = child is not None and child.dep_ in ("xcomp", "ccomp", "nsubjpass", "advcl")
        if governs and token.lemma_.lower() in words("future_verbs"):
            return True
    return False


def is_historical(anchor: Token, dated: bool = False) -> bool:
    """For "had met", "has agreed", "previously described", "before".

    A dated present perfect ("Today we have had the first meeting") is a report, not history.
    """
    verb = clause_verb(anchor)
    while verb.tag_ == "VBG" and verb.dep_ in ("advcl", "xcomp", "conj") and verb.head != verb:
        verb = verb.head
    if any(c.lower_ in words("historical_adverbs") for c in verb.children if c.dep_ == "advmod"):
        return True
    auxes = [c for c in verb.children if c.dep_ == "aux" and c.lemma_ == "have"]
    past_perfect = any(c.tag_ == "VBD" for c in auxes)
    return verb.tag_ == "VBN" and bool(auxes) and (past_perfect or not dated)


def is_ongoing(anchor: Token) -> bool:
    """For "continued to harass", "are currently discussing": behaviour, not an event."""
    ongoing = words("ongoing_markers")
    verb = clause_verb(anchor)
    if any(c.lower_ in ongoing for c in verb.children if c.dep_ == "advmod"):
        return True
    return verb.dep_ == "xcomp" and verb.head.lemma_ in ongoing


def is_embedded(inner: Token, outer: Token) -> bool:
    """True when `inner` is the content of `outer` ("agreed to expand joint drills").

    Adjuncts are not content: "issued a statement after meeting" keeps the meeting.
    """
    token = inner
    for _ in range(MAX_DEPTH):
        if token == outer:
            return True
        if token.dep_ not in COMPLEMENT_DEPS or token.head == token:
            return False
        if token.dep_ == "prep" and token.lower_ in words("adjunct_preps"):
            return False
        token = token.head
    return False


def is_infinitive_of_noun(anchor: Token) -> bool:
    """For "the need to strengthen cooperation": a wish attached to a noun, not an event."""
    verb = clause_verb(anchor)
    has_to = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    return has_to and verb.dep_ in ("acl", "advcl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN")


def event_date(
    anchor: Token, sentence: Span, published: date | None, future: bool
) -> ResolvedDate | None:
    """The date the parse attaches to this trigger's clause, resolved against publication."""
    best: tuple[int, ResolvedDate] | None = None
    for ent in sentence.ents:
        if ent.label_ != "DATE" and not _ordinal_day(ent):
            continue
        distance = _attachment(ent.root, anchor)
        resolved = resolve_date(ent.text, published, future) if distance is not None else None
        if resolved is not None and distance is not None and (best is None or distance < best[0]):
            best = (distance, resolved)
    return best[1] if best else None


def _ordinal_day(ent: Span) -> bool:
    """For "On the 4th": an ordinal after "on the" names a day of the month."""
    start = ent.start
    return ent.label_ == "ORDINAL" and start >= 2 and ent.doc[start - 2].lower_ == "on"


def _dated_verb(anchor: Token) -> Token | None:
    """The verb whose date is the trigger's: itself, or the verb a noun trigger is subject
    or light object of ("the summit is planned for later this year", "held talks on Monday")."""
    if not is_nominal(anchor):
        return anchor
    carrier = carrying_verb(anchor)
    if carrier is not None:
        return carrier
    if met_with(anchor):
        return clause_verb(anchor)
    subject = anchor.dep_ in ("nsubj", "nsubjpass") and anchor.head.pos_ in ("VERB", "AUX")
    return anchor.head if subject else None


def _attachment(token: Token, anchor: Token) -> int | None:
    """Steps from a date up to the trigger (or the verb carrying a noun trigger).

    The path may cross no other verb, and deadlines ("by the end of the year") do not date
    the event they limit.
    """
    verb = _dated_verb(anchor)
    for steps, head in enumerate(governors(token)):
        if steps > MAX_DATE_STEPS or (head.dep_ == "prep" and head.lower_ in DEADLINE_PREPS):
            return None
        if head in (anchor, verb):
            return steps
        if head != token and _is_copula_root(head) and head == anchor.sent.root:
            return steps + COPULA_PENALTY
        if head != token and head.pos_ in ("VERB", "AUX"):
            return None
    return None


def _is_copula_root(token: Token) -> bool:
    """For "This was the warning ... as they wrapped up the drills on Friday": a date the parser
    hung on an empty "was" belongs to the event the sentence reports."""
    return token.lemma_ == "be" and token.dep_ == "ROOT"
