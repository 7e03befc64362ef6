"""Who a noun phrase names: a person (name, role, country), a state or an organisation.

The parse gives the phrase ("his Indian counterpart, Rajnath Singh", "the U.S. side",
"defense ministers of countries such as the Philippines and New Zealand"); this module turns
its head token into parties. People come from the people extractor when it found them, else
from the office-holder table on the article's date, else from the phrase's own state words.
Anaphors ("they", "the two ministers", "the government") are left to `events_discourse`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from allywatch.extract.events_lexicon import bloc_members, words
from allywatch.model.facts import Person
from allywatch.reference import RoleSpell, known_person, organisation, role_at, state_code

STATE_LABELS = ("GPE", "NORP")
MAX_CLIMB = 4
NAME = re.compile(r"[^\W\d_][\w.'\u2019-]*(?: [^\W\d_][\w.'\u2019-]*)*")
GENERIC_ORG_NAMES = ("alliance", "security council", "council", "commission", "squad")
EXPANDING_PREPS = ("of", "from", "as", "including")


@dataclass(frozen=True)
class Party:
    """A participant: `code` is ISO3 or an organisation code; people also have name and role."""

    code: str | None
    name: str | None = None
    role: str | None = None
    token: int = -1

    @property
    def is_person(self) -> bool:
        return self.name is not None


def unique(parties: Iterable[Party]) -> list[Party]:
    """Parties in order, one per person or state; a state named by its person is kept once."""
    seen: list[Party] = []
    for party in parties:
        if any(_same(party, other) for other in seen):
            continue
        seen.append(party)
    people_codes = {p.code for p in seen if p.is_person}
    return [p for p in seen if p.is_person or p.code not in people_codes]


def _same(one: Party, other: Party) -> bool:
    if one.is_person or other.is_person:
        return one.name == other.name
    return one.code == other.code


def codes(parties: Iterable[Party]) -> set[str]:
    """The states and organisations among `parties`."""
    return {p.code for p in parties if p.code}


class PartyReader:
    """Reads parties from tokens of one article, with its people and its date.

    `resolve` reads the objects of "of"/"from" phrases; the discourse sets it to its own
    reader so that "troops from both nations" resolves "both nations".
    """

    def __init__(self, people: tuple[Person, ...], on: date | None) -> None:
        self.people = people
        self.on = on
        self._named: dict[str, Party] = {}
        self.resolve: Callable[[Token], list[Party]] = self.of_token

    def of_token(self, token: Token) -> list[Party]:
        """The parties one head token names (without its conjuncts)."""
        ent = entity_of(token)
        if ent is not None and ent.label_ == "PERSON":
            return [self.person(ent)] if is_name(ent.text) else []
        if ent is not None and ent.label_ not in words("not_actor_labels"):
            found = self.of_entity(ent, token)
            if found:
                return found
        return self.of_phrase(token)

    def of_entity(self, ent: Span, token: Token) -> list[Party]:
        """A state, a state body or an organisation (a small grouping gives its members)."""
        split = hyphen_states(token)
        if split:
            return [Party(code, token=token.i) for code in split]
        if ent.label_ in STATE_LABELS:
            code = ent.id_ if len(ent.id_) == 3 else state_code(ent.text)
            return [Party(code, token=token.i)] if code else []
        if ent.label_ == "ORG":
            return self._organisation(ent, token)
        return []

    def _organisation(self, ent: Span, token: Token) -> list[Party]:
        org = organisation(ent.id_) if ent.id_ else None
        org = org or organisation(ent.text)
        if org is not None and _generic_name(ent) and org.code not in ent.doc.text:
            return []
        if org is not None and org.country:
            return [Party(org.country, token=token.i)]
        if org is not None and org.kind == "intergovernmental":
            members = bloc_members(org.code)
            return [Party(m, token=token.i) for m in members] or [Party(org.code, token=token.i)]
        inner = [state_code(t.text) for t in ent if t.pos_ == "PROPN" or t.pos_ == "ADJ"]
        return [Party(code, token=token.i) for code in dict.fromkeys(c for c in inner if c)][:1]

    def person(self, ent: Span) -> Party:
        """A named person with the role and country held on the article's date."""
        key = ent.text.replace("\u2019s", "").replace("'s", "")
        if key in self._named:
            return self._with_token(self._named[key], ent.root)
        party = self._known(key) or self._from_phrase(key, ent.root)
        for name_part in {key, key.split()[-1]}:
            self._named.setdefault(name_part, party)
        return self._with_token(party, ent.root)

    @staticmethod
    def _with_token(party: Party, token: Token) -> Party:
        return Party(party.code, party.name, party.role, token.i)

    def _known(self, name: str) -> Party | None:
        """From the people extractor first, then from the office-holder table."""
        for person in self.people:
            if name == person.name or name in person.name.split() or person.name.endswith(name):
                return Party(person.country or person.org, person.name, person.role)
        spell = self._role(name)
        if spell is not None:
            return Party(spell.country or spell.org, spell.name, spell.role)
        known = known_person(name)
        if known is not None:
            return Party(known.country or known.org, known.name, None)
        for earlier, party in self._named.items():
            if earlier.endswith(" " + name):
                return party
        return None

    def _role(self, name: str) -> RoleSpell | None:
        """The office held on the article's date; official styles write "KIHARA Minoru"."""
        if self.on is None:
            return None
        parts = name.split()
        swapped = " ".join([parts[-1], *parts[:-1]]) if len(parts) == 2 else name
        return role_at(name, self.on) or (role_at(swapped, self.on) if swapped != name else None)

    def _from_phrase(self, name: str, head: Token) -> Party:
        """An unknown person: the state words around the name ("US Marine Lt. Gen. X")."""
        states = (
            [p.code for p in self.modifiers(head)]
            or [p.code for p in self._of_state(head)]
            or self._context_states(head)
        )
        role = next((t.ent_id_ for t in head.lefts if t.ent_type_ == "ROLE"), None)
        role = role or next((t.ent_id_ for t in head.subtree if t.ent_type_ == "ROLE"), None)
        return Party(states[0] if states else None, name, role or None)

    def _context_states(self, head: Token) -> list[str | None]:
        """For "Trump's pick for undersecretary ... Elbridge Colby": the phrase the name ends."""
        token = head
        for _ in range(MAX_CLIMB):
            if token.dep_ not in ("pobj", "prep", "appos", "compound") or token.head == token:
                return []
            token = token.head
            found = [p.code for p in self.modifiers(token)] or [
                p.code for p in self._owners(token) if p.code
            ]
            if found:
                return found
        return []

    def _of_state(self, head: Token) -> list[Party]:
        """For "Prime Minister Anthony Albanese of Australia"."""
        preps = [c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"]
        objects = [o for p in preps for o in p.children if o.dep_ == "pobj"]
        return [q for o in objects if (e := entity_of(o)) is not None for q in self.of_entity(e, o)]

    def _owners(self, noun: Token) -> list[Party]:
        owners = [c for c in noun.children if c.dep_ == "poss" and c.ent_type_ == "PERSON"]
        return [self.person(e) for c in owners if (e := entity_of(c)) is not None]

    def of_phrase(self, head: Token) -> list[Party]:
        """A common noun with state words: "his Indian counterpart", "the U.S. side"."""
        person = next((c for c in head.children if c.dep_ == "appos" and _is_person(c)), None)
        appositive = self._appositive_person(person, head) if person is not None else []
        if appositive:
            return appositive
        named = next((c for c in head.lefts if c.dep_ == "compound" and _is_person(c)), None)
        ent = entity_of(named) if named is not None and head.pos_ == "PROPN" else None
        if ent is not None:
            return [self._with_token(self.person(ent), head)]
        found = self.modifiers(head) or self._expanded(head) or self._titled_person(head)
        return [self._with_token(p, head) for p in found]

    def _titled_person(self, head: Token) -> list[Party]:
        """For "Trump's pick for undersecretary of defense for policy Elbridge Colby"."""
        if head.ent_type_ != "ROLE" and head.lower_ not in words("person_nouns"):
            return []
        inside = [t for t in head.subtree if t.i > head.i and t.ent_type_ == "PERSON"]
        ent = entity_of(inside[0]) if inside else None
        return [self.person(ent)] if ent is not None else []

    def _appositive_person(self, person: Token, head: Token) -> list[Party]:
        """ "his counterpart, Richard Marles": the person, with the phrase's state if needed."""
        parties = self.of_token(person)
        if not parties:
            return []
        found = parties[0]
        if found.code is None:
            states = self.modifiers(head)
            found = Party(states[0].code if states else None, found.name, found.role)
        return [self._with_token(found, person)]

    def modifiers(self, head: Token) -> list[Party]:
        """States named before the head inside its phrase (possessives, demonyms, compounds)."""
        found: list[Party] = []
        for token in head.lefts:
            if token.dep_ in ("det", "punct", "cc", "prep") or token.pos_ == "VERB":
                continue
            for inner in token.subtree:
                found.extend(self.state_word(inner))
        return unique(found)

    def state_word(self, token: Token) -> list[Party]:
        """The state a name, demonym or state body stands for, read once per entity."""
        ent = entity_of(token)
        if ent is None or (ent.root != token and not hyphen_states(token)):
            return []
        return [p for p in self.of_entity(ent, token) if p.code]

    def _expanded(self, head: Token) -> list[Party]:
        """Group nouns carry their states in a phrase: "ministers of countries such as X and Y"."""
        if head.lower_ not in words("person_nouns") | words("body_nouns"):
            return []
        found: list[Party] = []
        for prep in (c for c in head.children if c.lower_ in EXPANDING_PREPS):
            for obj in (c for c in prep.children if c.dep_ == "pobj"):
                for token in conjuncts(obj):
                    found.extend(self.resolve(token) or self._expanded(token))
        return unique(found)


def is_name(text: str) -> bool:
    """A person's name as written: name words only ("Jiji Press)--Japanese" is a misreading)."""
    return bool(NAME.fullmatch(text))


def _generic_name(ent: Span) -> bool:
    """True for "the Alliance": NATO only where NATO is named, else the alliance at hand."""
    return ent.text.lower().removeprefix("the ") in GENERIC_ORG_NAMES


def _is_person(token: Token) -> bool:
    return token.ent_type_ == "PERSON"


def entity_of(token: Token) -> Span | None:
    """The named entity a token belongs to, if any."""
    if not token.ent_type_:
        return None
    return _entity_index(token.doc).get(token.i)


@lru_cache(maxsize=8)
def _entity_index(doc: Doc) -> dict[int, Span]:
    """Token position -> entity, built once per document."""
    return {i: ent for ent in doc.ents for i in range(ent.start, ent.end)}


def conjuncts(token: Token) -> list[Token]:
    """The token and everything coordinated with it ("China, Russia and North Korea")."""
    return [token, *(t for t in token.conjuncts if t.i > token.i)]


def hyphen_states(token: Token) -> list[str]:
    """States of a hyphenated compound written as one token ("U.S.-Japan")."""
    parts = [state_code(part) for part in token.text.split("-")]
    return [p for p in parts if p] if len(parts) > 1 and all(parts) else []


def iter_state_tokens(tokens: Iterable[Token]) -> Iterator[tuple[Token, str]]:
    """(token, ISO3) for every state name, demonym or state body among `tokens`."""
    for token in tokens:
        ent = entity_of(token)
        if ent is None or ent.root != token:
            continue
        if ent.label_ in STATE_LABELS:
            code = ent.id_ if ent.id_ and len(ent.id_) == 3 else state_code(ent.text)
            if code:
                yield token, code
