"""PLOVER events: who met, agreed, urged, criticised, aided or attacked whom, when and where.

Triggers come from the ``allywatch_event_triggers`` component; each is read against the
parse (`events_build`), its anaphors resolved against the article so far
(`events_discourse`), and repeated mentions merged into one event (`events_merge`). For
CONSULT the mode follows PLOVER: ``phone`` for remote talks, ``multilateral`` for three or
more parties or an organisation's meeting, ``visit`` when the meeting is in one party's
country (the visitor is the source, the host the recipient) and ``third-party`` when it is in
another country. Talks "with defense ministers of countries such as X and Y" are separate
bilateral talks, one event each.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from allywatch.extract.context import ArticleDoc
from allywatch.extract.events_actors import Party, PartyReader, codes
from allywatch.extract.events_build import (
    is_definite_mention,
    is_valid,
    read_draft,
    speech_demand,
)
from allywatch.extract.events_discourse import Discourse
from allywatch.extract.events_lexicon import triggers, words
from allywatch.extract.events_merge import Draft, drop_embedded, merge_events
from allywatch.extract.places import place
from allywatch.model.facts import Actor, Event, Person
from allywatch.nlp.events import TRIGGERS_KEY

RECENT_SENTENCES = 3


def extract_events(ad: ArticleDoc, people: tuple[Person, ...]) -> tuple[Event, ...]:
    """Every event the article reports, one per happening, in text order."""
    reader = PartyReader(people, ad.published)
    discourse = Discourse(ad.doc, reader)
    drafts: list[Draft] = []
    starts: dict[int, list[Span]] = {}
    for span in ad.doc.spans.get(TRIGGERS_KEY, ()):
        starts.setdefault(span.start, []).append(span)
    for token in ad.doc:
        for draft in _drafts_at(token, starts.get(token.i, []), ad, discourse, drafts):
            drafts.append(draft)
            if draft.trigger.roles != "directed" and draft.tense != "future":
                discourse.remember(draft.anchor, draft.parties)
    merged = merge_events(drop_embedded(drafts))
    return tuple(_event(ad, n, d) for n, d in enumerate(merged))


def _drafts_at(
    token: Token, spans: list[Span], ad: ArticleDoc, discourse: Discourse, earlier: list[Draft]
) -> list[Draft]:
    """The events whose trigger starts at `token` (a speech verb may add a DEMAND)."""
    found: list[Draft] = []
    for span in spans:
        draft = read_draft(span, ad, discourse, triggers()[span.id_])
        if draft is not None:
            found.extend(_completed(draft, ad, discourse, earlier))
    if token.lemma_ in words("speech_verbs"):
        demand = speech_demand(token, ad, discourse)
        found.extend([demand] if demand is not None else [])
    return found


def _completed(
    draft: Draft, ad: ArticleDoc, discourse: Discourse, earlier: list[Draft]
) -> list[Draft]:
    """A valid draft with its mode; "the meeting" alone becomes a mention of the last one."""
    if is_definite_mention(draft) and not codes(draft.parties):
        previous = _previous(draft, discourse, earlier, fitting=True)
        if previous is not None:
            previous.mentions.append(draft.span)
        return []
    if is_definite_mention(draft):
        previous = _previous(draft, discourse, earlier, fitting=False)
        if previous is not None:
            _fill_from(draft, previous)
    if not is_valid(draft):
        return []
    if draft.event_type == "CONSULT":
        return [_with_mode(d, ad) for d in _distributed(draft)]
    return [draft]


def _previous(
    draft: Draft, discourse: Discourse, earlier: list[Draft], fitting: bool
) -> Draft | None:
    """The latest earlier event of the same type (with the same tense and a fitting date)."""
    here = discourse.sentence_no(draft.anchor)
    for candidate in reversed(earlier):
        recent = here - discourse.sentence_no(candidate.anchor) <= RECENT_SENTENCES
        fits = not fitting or _fits(candidate, draft)
        if recent and candidate.event_type == draft.event_type and fits:
            return candidate
    return None


def _fits(one: Draft, other: Draft) -> bool:
    """Same tense, and dates that agree or one holds the other ("December", "Dec. 7")."""
    if one.tense != other.tense:
        return False
    if one.date is None or other.date is None:
        return True
    return one.date.value.startswith(other.date.value) or other.date.value.startswith(
        one.date.value
    )


def _fill_from(draft: Draft, previous: Draft) -> None:
    """For "The calls were renewed by Colby": a side left out is the earlier event's."""
    if not codes(draft.recipients) and codes(previous.recipients):
        draft.recipients = list(previous.recipients)
    if not codes(draft.sources):
        draft.sources = list(previous.sources)


def _distributed(draft: Draft) -> list[Draft]:
    """Plural talks with "countries such as X and Y" are one bilateral event per partner."""
    anchor = draft.anchor
    plural = anchor.tag_ in ("NNS", "NNPS")
    listed = any(t.lower_ == "such" and t.head.lower_ == "as" for t in anchor.subtree)
    subject = [p for p in draft.sources if p.token < anchor.i]
    partners = [p for p in draft.sources if p.token > anchor.i]
    if not (plural and listed and subject and len(codes(partners)) > 1):
        return [draft]
    return [_copy_with(draft, [*subject, partner]) for partner in partners]


def _copy_with(draft: Draft, sources: list[Party]) -> Draft:
    copy = Draft(**{**draft.__dict__, "sources": sources, "mentions": []})
    return copy


def _with_mode(draft: Draft, ad: ArticleDoc) -> Draft:
    """PLOVER CONSULT mode and the visitor/host sides it implies."""
    found = codes(draft.parties)
    if draft.place is None and ad.article.dateline and _in_person(draft):
        draft.place = place(ad.article.dateline.title())
    if draft.trigger.mode == "phone" or _by_phone(draft.anchor):
        draft.mode = "phone"
    elif len(found) >= 3 or any(len(code) != 3 for code in found):
        draft.mode = "multilateral"
    elif draft.recipients and draft.trigger.mode == "visit":
        draft.mode = "visit"
    elif draft.place is not None and draft.place.country and len(found) == 2:
        _by_place(draft, draft.place.country)
    return draft


def _in_person(draft: Draft) -> bool:
    """Meetings reported from a dateline are assumed to be there unless remote or elsewhere."""
    return draft.tense is None and draft.trigger.mode != "phone" and not _by_phone(draft.anchor)


def _by_phone(anchor: Token) -> bool:
    """For "talked by phone", "held talks over video": a remote medium attached to the trigger."""
    heads = {anchor, anchor.head}
    phone = words("phone_words")
    return any(
        t.lower_ in phone and t.head.dep_ == "prep" and t.head.head in heads for t in anchor.sent
    )


def _by_place(draft: Draft, country: str) -> None:
    """In one party's country it is a visit (that party hosts), elsewhere a third-party one."""
    hosts = [p for p in draft.parties if p.code == country]
    if not hosts:
        draft.mode = "third-party"
        return
    draft.mode = "visit"
    draft.recipients = hosts
    draft.sources = [p for p in draft.parties if p.code != country]


def _event(ad: ArticleDoc, number: int, draft: Draft) -> Event:
    """The contract record of a finished draft."""
    place_ = draft.place
    return Event(
        **ad.provenance(draft.sentence, "e", number),
        event_type=draft.event_type,
        mode=draft.mode,
        context=tuple(dict.fromkeys(draft.context)),
        actors=_actors(draft),
        date=draft.date.value if draft.date else None,
        date_precision=draft.date.precision if draft.date else None,
        location=place_.text if place_ else None,
        latitude=place_.latitude if place_ else None,
        longitude=place_.longitude if place_ else None,
        mentions=tuple(draft.mentions),
    )


def _actors(draft: Draft) -> tuple[Actor, ...]:
    recipients = {id(p) for p in draft.recipients}
    return tuple(
        Actor(
            name=p.name,
            country=p.code,
            role=p.role,
            side="recipient" if id(p) in recipients else "source",
        )
        for p in _listed(draft)
    )


def _listed(draft: Draft) -> list[Party]:
    """Sources then recipients, each person or state once."""
    seen: list[Party] = []
    for party in [*draft.sources, *draft.recipients]:
        if not any(p.name == party.name and p.code == party.code for p in seen):
            seen.append(party)
    return [p for p in seen if p.is_person or p.code not in {q.code for q in seen if q.is_person}]
