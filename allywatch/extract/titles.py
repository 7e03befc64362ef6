"""Roles and countries the text states beside a name: "U.S. Secretary of Defense Pete Hegseth",
"Richard Marles, Australia's defense minister and deputy prime minister", "his Indian
counterpart, Rajnath Singh".

Reads the ``ROLE`` entities of ``allywatch_actors`` and the state, demonym and organisation
entities around a person mention; never consults the actor dictionary (people.py does that,
after the text has had its say).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from spacy.tokens import Doc, Span

from allywatch.nlp.actors import ROLE, Title, titles
from allywatch.reference.actors import data_text
from allywatch.reference.load import organisation, state_code

_SMALL_WORDS = {"of", "and", "for", "the", "to", "on", "in", "at"}
_STOP = {",", ".", ";", ":", "—", "–", "said", "and", "but", "or", "who", "which"}
_DETERMINERS = {"the", "a", "an", "its", "his", "her", "their"}
_POSSESSIVE = {"'s", "’s", "'", "’"}
_BRACKETS = {"(": ")", "[": "]"}
_SCAN = 8


@cache
def people_cues() -> dict[str, Any]:
    """Name suffixes, counterpart words and other cues (``people/people.json``)."""
    data: dict[str, Any] = json.loads(data_text("people/people.json"))
    return data


@dataclass(frozen=True)
class StatedRole:
    """What the text says about one mention. ``role`` is an office as written, title-cased.

    ``title`` is the lexicon entry of the first office (its function and implied country);
    ``rank`` a military rank seen without an office; ``counterpart`` marks
    "his Indian counterpart", whose office is that of the person he meets.
    """

    role: str | None = None
    title: Title | None = None
    rank: str | None = None
    country: str | None = None
    org: str | None = None
    counterpart: bool = False
    former: bool = False


def title_case(text: str) -> str:
    """'defense minister' -> 'Defense Minister', 'secretary-general' -> 'Secretary-General'."""
    words = []
    for word in text.split():
        parts = word.split("-")
        words.append("-".join(_cap(p) for p in parts))
    return " ".join(words)


def _cap(word: str) -> str:
    if word.isupper() and len(word) > 4:
        return word.capitalize()  # "DEPUTY PRIME MINISTER" as some releases print it
    if word in _SMALL_WORDS or any(c.isupper() for c in word):
        return word
    return word[:1].upper() + word[1:]


class TitleReader:
    """Reads stated roles around person mentions of one Doc."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.ents = {t.i: ent for ent in doc.ents for t in ent}
        self.paragraph_starts = [t.i + 1 for t in doc if "\n" in t.text_with_ws]

    def _bounds(self, mention: Span) -> tuple[int, int]:
        """The paragraph around a mention: the scan limits (sentence splits miss "Sec.")."""
        start = max((i for i in self.paragraph_starts if i <= mention.start), default=0)
        end = min((i for i in self.paragraph_starts if i > mention.start), default=len(self.doc))
        return start, end

    def ent(self, i: int) -> Span | None:
        """The entity covering token `i`, if any."""
        return self.ents.get(i) if 0 <= i < len(self.doc) else None

    def office(self, i: int) -> Span | None:
        """The office title (not a rank or honorific) covering token `i`."""
        ent = self.ent(i)
        if ent is None or ent.label_ != ROLE:
            return None
        return ent if _title_of(ent).kind == "office" else None

    def read(self, mention: Span) -> StatedRole:
        """The role stated before the name, else in an apposition after it."""
        before = self._before(mention)
        if before.role or before.counterpart:
            return before
        after = self._after(mention)
        if after.role:
            return after if after.country or after.org else _with_place(after, before)
        return before

    # ------------------------------------------------------------------ before the name

    def _before(self, mention: Span) -> StatedRole:
        sent_start = self._bounds(mention)[0]
        i, rank = self._skip_ranks(mention.start - 1, sent_start)
        if i >= sent_start and self.doc[i].text == "," and self.office(i - 1) is not None:
            i -= 1
        office = self.office(i) if i >= sent_start else None
        posting = self._posting(i, sent_start) if office is None else None
        if posting is not None:
            office = self.office(posting.start - 1)
        if office is not None:
            place = self._place_left(office.start - 1, sent_start)
            role = _role_text([office]) + (f" {posting.text}" if posting is not None else "")
            return _with_place(StatedRole(role=role, title=_title_of(office)), place)
        if i >= sent_start and self.doc[i].text == ",":
            i -= 1
        if i >= sent_start and self.doc[i].lower_ in people_cues()["counterpart_words"]:
            place = self._place_left(i - 1, sent_start)
            return _with_place(StatedRole(counterpart=True), place)
        if rank is not None:
            return _with_place(StatedRole(rank=rank), self._place_left(i, sent_start))
        return StatedRole()

    def _posting(self, i: int, stop: int) -> Span | None:
        """'Ambassador to Japan George Glass': the "to Japan" between an office and a name."""
        ent = self.ent(i)
        if ent is None or ent.label_ not in {"GPE", "ORG"} or ent.start - 2 < stop:
            return None
        link = self.doc[ent.start - 1]
        if link.lower_ not in {"to", "for"} or self.office(link.i - 1) is None:
            return None
        return self.doc[link.i : ent.end]

    def _skip_ranks(self, i: int, stop: int) -> tuple[int, str | None]:
        """Step left over ranks, honorifics and bracketed asides; return the rank as written."""
        first: int | None = None
        last: int | None = None
        while i >= stop:
            if self.doc[i].text in _BRACKETS.values():
                i = self._bracket_start(i, stop) - 1
                continue
            ent = self.ent(i)
            if ent is None or ent.label_ != ROLE or _title_of(ent).kind == "office":
                break
            if _title_of(ent).kind == "rank":
                last = last if last is not None else ent.end
                first = ent.start
            i = ent.start - 1
        rank = self.doc[first:last].text if first is not None and last is not None else None
        return i, rank

    def _bracket_start(self, i: int, stop: int) -> int:
        closer = self.doc[i].text
        opener = next(o for o, c in _BRACKETS.items() if c == closer)
        j = i
        while j > stop and self.doc[j].text != opener:
            j -= 1
        return j

    def _place_left(self, i: int, stop: int) -> StatedRole:
        """Country or organisation named just before a title ("U.S.", "NATO"), and whether
        "former" comes before the title or the place ("former U.S. Secretary of State")."""
        former = False
        for _ in range(_SCAN):
            if i < stop:
                break
            token = self.doc[i]
            if token.lower_ in people_cues()["former_words"]:
                former = True
            elif token.lower_ in _STOP or (
                token.pos_ in {"VERB", "AUX", "ADP"} and token.lower_ != "for"
            ):
                break
            found = self._place_at(i)
            ent = self.ent(i)
            i = (ent.start if ent is not None else i) - 1
            if found is not None:
                former = former or (
                    i >= stop and self.doc[i].lower_ in people_cues()["former_words"]
                )
                return StatedRole(country=found.country, org=found.org, former=former)
        return StatedRole(former=former)

    def _place_at(self, i: int) -> StatedRole | None:
        ent = self.ent(i)
        if ent is None:
            return None
        if ent.label_ in {"GPE", "NORP"}:
            code = _state_id(ent) or state_code(ent.text)
            return StatedRole(country=code) if code else None
        if ent.label_ == "ORG":
            org = organisation(ent.ent_id_ or ent.text) or organisation(ent.text)
            if org is None:
                return None
            if org.country is None:
                return StatedRole(org=org.code)
            return StatedRole(country=org.country)
        return None

    # ------------------------------------------------------------------ after the name

    def _after(self, mention: Span) -> StatedRole:
        end = self._bounds(mention)[1]
        j = self._skip_suffix(mention.end, end)
        if j >= end or self.doc[j].text != ",":
            return StatedRole()
        j += 1
        place = StatedRole()
        while j < end and self.office(j) is None:
            token = self.doc[j]
            found = self._place_at(j)
            if found is not None:
                place = found
            elif token.lower_ in people_cues()["former_words"]:
                place = StatedRole(country=place.country, org=place.org, former=True)
            elif token.lower_ not in _DETERMINERS | _POSSESSIVE:
                return StatedRole()
            ent = self.ent(j)
            j = ent.end if ent is not None else j + 1
        return self._offices_after(j, end, place)

    def _offices_after(self, j: int, end: int, place: StatedRole) -> StatedRole:
        offices: list[Span] = []
        while j < end and (office := self.office(j)) is not None:
            offices.append(office)
            j = office.end
            if (
                j + 1 < end
                and self.doc[j].lower_ in people_cues()["role_joiners"]
                and self.office(j + 1)
            ):
                j += 1
        if not offices or self._names_next(j, end):
            return StatedRole()
        tail = self._tail(j, end)
        role = _role_text(offices) + (f" {tail.text}" if tail is not None else "")
        if tail is not None and not (place.country or place.org):
            place = next(
                (p for k in range(tail.start, tail.end) if (p := self._place_at(k))), place
            )
        return _with_place(StatedRole(role=role, title=_title_of(offices[0])), place)

    def _names_next(self, j: int, end: int) -> bool:
        """'X, AFP Chief of Staff Gen. Romeo Brawner': the title belongs to the next name."""
        while j < end and (ent := self.ent(j)) is not None and ent.label_ == ROLE:
            j = ent.end
        ent = self.ent(j) if j < end else None
        return ent is not None and ent.label_ == "PERSON"

    def _tail(self, j: int, end: int) -> Span | None:
        """'of US Joint Task Force Balikatan': an 'of' phrase of proper names after a title."""
        if j >= end or self.doc[j].lower_ != "of":
            return None
        k = j + 1
        while k < end and (self.doc[k].pos_ == "PROPN" or self.ent(k) is not None):
            k += 1
        return self.doc[j:k] if k > j + 1 else None

    def _skip_suffix(self, j: int, end: int) -> int:
        while j < end and (
            self.doc[j].text in people_cues()["name_suffixes"] or self.doc[j].text == "("
        ):
            if self.doc[j].text == "(":
                while j < end and self.doc[j].text != ")":
                    j += 1
            j += 1
        return j


def _state_id(ent: Span) -> str | None:
    return ent.ent_id_ if len(ent.ent_id_) == 3 and ent.ent_id_.isupper() else None


def _title_of(ent: Span) -> Title:
    return titles().get(ent.ent_id_) or Title(title=ent.text, function="", kind="office", names=())


def _role_text(offices: list[Span]) -> str:
    """Offices as written, joined with 'and'; abbreviations ("Sec.") give the full title."""
    return " and ".join(
        _title_of(o).title if o.text.endswith(".") else title_case(o.text) for o in offices
    )


def _with_place(found: StatedRole, place: StatedRole) -> StatedRole:
    return StatedRole(
        role=found.role,
        title=found.title,
        rank=found.rank,
        country=found.country or place.country,
        org=found.org or place.org,
        counterpart=found.counterpart,
        former=found.former or place.former,
    )
