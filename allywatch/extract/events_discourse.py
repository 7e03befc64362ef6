"""Anaphors across sentences: "they", "the two ministers", "both nations", "the government".

News rarely names the parties twice: "the two sides agreed", "They also reaffirmed". This
module keeps, for one article, every party mention in text order and the groups that took part
in events so far, and resolves an anaphor to the most recent fitting group: a group of the
right size, else the most recent distinct states or people. A definite noun without state
words ("the government") takes the state of the last such noun that had one ("the Japanese
government").
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from allywatch.extract.events_actors import (
    Party,
    PartyReader,
    codes,
    conjuncts,
    is_name,
    unique,
)
from allywatch.extract.events_lexicon import number_word, words
from allywatch.reference import state

RECENT_SENTENCES = 6
MAX_HEADS = 8
ANTECEDENT_WINDOW = 600  # tokens searched back for "the government"'s antecedent


class Discourse:
    """Party mentions and event groups of one article, in text order."""

    def __init__(self, doc: Doc, reader: PartyReader) -> None:
        self.doc = doc
        self.reader = reader
        reader.resolve = self.one
        self.mentions = self._index()
        self.groups: list[tuple[int, list[Party]]] = []
        self._sentence_no = {sent.start: n for n, sent in enumerate(doc.sents)}

    def _index(self) -> list[Party]:
        """Every person, state or state body named, except places ("met in Tokyo")."""
        found: list[Party] = []
        for ent in self.doc.ents:
            if ent.label_ == "PERSON" and is_name(ent.text) and not _is_name_modifier(ent.root):
                found.append(self.reader.person(ent))
            elif not _is_place(ent.root):
                found.extend(p for p in self.reader.of_entity(ent, ent.root) if p.code)
        return found

    def remember(self, anchor: Token, parties: list[Party]) -> None:
        """An event's participants, for later "they" and "the two sides"."""
        if len(codes(parties)) >= 2:
            self.groups.append((anchor.i, parties))

    def parties(self, token: Token) -> list[Party]:
        """Everything a slot names, coordinated phrases included, anaphors resolved."""
        found: list[Party] = []
        for each in conjuncts(token):
            found.extend(self.one(each))
        return unique(found)

    def one(self, token: Token) -> list[Party]:
        """The parties one token names or refers back to."""
        lower = token.lower_
        named = [c for c in token.children if c.dep_ == "appos"]
        if token.pos_ == "PRON" and named:
            return unique(p for c in named for p in self.parties(c))
        if lower in words("relative_pronouns") and token.head.dep_ == "relcl":
            return self.parties(token.head.head)
        if lower in words("person_pronouns"):
            return self._last(token, 1, persons=True)
        group = self.group(token)
        if group is not None:
            return group
        return self.reader.of_token(token) or self.antecedent(token)

    def group(self, token: Token) -> list[Party] | None:
        """A plural anaphor: pronoun, joint product, numbered or definite plural noun."""
        lower = token.lower_
        if lower in ("we", "our", "us"):
            speaker = self._speaker(token)
            if speaker:
                return self._group_with(token, speaker)
        if token.pos_ == "PRON" and lower in words("group_pronouns"):
            return self.recent_group(token) or self._last(token, 2, persons=False)
        if lower in words("joint_products") and _definite(token):
            return self.recent_group(token) or None
        if not _is_group_noun(token) or self.reader.of_phrase(token):
            return None
        if any(c.lower_ in ("these", "those") for c in token.children):
            named = self._same_sentence(token)
            if len(codes(named)) >= 2:
                return named
        return self._numbered_or_definite(token)

    def _numbered_or_definite(self, token: Token) -> list[Party] | None:
        count = _count(token)
        persons = token.lower_ in words("person_nouns")
        if count is not None:
            sized = self.recent_group(token, size=count, anywhere=True)
            return sized or self._last(token, count, persons=persons, states=not persons)
        if _definite(token) and token.tag_ in ("NNS", "NNPS"):
            return self.recent_group(token) or self._last(token, 2, persons=persons)
        return None

    def _speaker(self, token: Token) -> list[Party]:
        """Who says "we": the subject of the speech verb the quote depends on or hangs from."""
        child = token
        for head in _heads(token):
            said = head.lemma_ in words("speech_verbs") and child.dep_ in ("ccomp", "parataxis")
            aside = [c for c in head.children if c.dep_ == "parataxis"]
            verb = head if said else next((c for c in aside if _is_speech(c)), None)
            if verb is not None:
                subjects = [c for c in verb.children if c.dep_ == "nsubj"]
                return [p for s in subjects for p in self.parties(s)]
            child = head
        return []

    def _group_with(self, token: Token, speaker: list[Party]) -> list[Party]:
        """Who "we" are: the speaker's group at its latest event, else the speaker alone."""
        group = self.recent_group(token)
        return group if codes(speaker) <= codes(group) else speaker

    def recent_group(
        self, token: Token, size: int | None = None, anywhere: bool = False
    ) -> list[Party]:
        """Participants of the latest event before `token`, of `size` states if given."""
        first = -1 if anywhere else self.sentence_no(token) - RECENT_SENTENCES
        for anchor, parties in reversed(self.groups):
            if anchor >= token.i or self.sentence_no(self.doc[anchor]) < first:
                continue
            if size is None or len(codes(parties)) == size:
                return parties
        return []

    def _last(self, token: Token, count: int, persons: bool, states: bool = False) -> list[Party]:
        """The last `count` distinct states (or people's states) named before `token`;
        `states` leaves organisations out ("the three countries")."""
        inside = {t.i for t in token.subtree}
        chosen: list[Party] = []
        for party in reversed(self.mentions):
            if party.token >= token.i or party.token in inside or not party.code:
                continue
            if (persons and not party.is_person) or (states and state(party.code) is None):
                continue
            if party.code not in codes(chosen):
                chosen.append(party)
            if len(chosen) == count:
                return list(reversed(chosen))
        return [] if persons or count > 1 else chosen

    def sentence_no(self, token: Token) -> int:
        """The ordinal of the sentence holding `token`."""
        return self._sentence_no[token.sent.start]

    def _same_sentence(self, token: Token) -> list[Party]:
        start = token.sent.start
        return unique(p for p in self.mentions if start <= p.token < token.i and p.code)

    def antecedent(self, token: Token) -> list[Party]:
        """A definite body noun without state words takes the state of an earlier same noun."""
        if token.lower_ not in words("body_nouns") or not _definite(token):
            return []
        for earlier in reversed(self.doc[max(0, token.i - ANTECEDENT_WINDOW) : token.i]):
            if earlier.lemma_.lower() == token.lemma_.lower() and earlier.pos_ in ("NOUN", "PROPN"):
                found = self.reader.modifiers(earlier)
                if found:
                    return [Party(p.code, token=token.i) for p in found]
        return []


def _heads(token: Token) -> list[Token]:
    chain: list[Token] = []
    while token.head != token and len(chain) < MAX_HEADS:
        token = token.head
        chain.append(token)
    return chain


def _is_name_modifier(token: Token) -> bool:
    """For "the Trump administration": a name used as a modifier is no mention of the person."""
    return token.dep_ == "compound" and token.head.ent_type_ != "PERSON"


def _is_speech(token: Token) -> bool:
    return token.lemma_ in words("speech_verbs")


def _is_place(token: Token) -> bool:
    """A state named as a place ("in Tokyo") or inside a place name ("the South China Sea")
    rather than as an actor."""
    if token.dep_ == "compound" and token.head.lemma_.lower() in words("geo_nouns"):
        return True
    return token.dep_ == "pobj" and token.head.lower_ in words("location_preps")


def _definite(token: Token) -> bool:
    return any(c.dep_ in ("det", "poss") for c in token.children)


def _is_group_noun(token: Token) -> bool:
    lower = token.lower_
    nouns = words("person_nouns") | words("body_nouns")
    return token.pos_ in ("NOUN", "PROPN", "NUM", "PRON") and lower in nouns


def _count(token: Token) -> int | None:
    """2 for "the two sides", "both nations", "the pair"; None when no number is given."""
    for child in token.children:
        if child.dep_ in ("nummod", "det", "amod", "predet"):
            value = number_word(child.lower_)
            if value is not None:
                return value
    return number_word(token.lower_)
