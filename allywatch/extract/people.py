"""People named in an article: mentions merged into one Person each, with role and country.

A role stated in the text ("Japanese Defense Minister Shinjiro Koizumi") beats the actor
dictionary; the dictionary fills in what the text leaves out, at the article's date. A bare
title with no country ("Premier Cho Jung-tai") belongs to the publisher's own government.
Names seen only in "the Trump administration", and lone names no title, dictionary or verb
vouches for ("like Atlas"), are not people.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache

from spacy.tokens import Doc, Span, Token

from allywatch.extract.context import ArticleDoc
from allywatch.extract.titles import StatedRole, TitleReader, people_cues
from allywatch.model.facts import Person
from allywatch.reference.actors import data_text, person_key
from allywatch.reference.load import KnownPerson, RoleSpell, known_person, role_at

_NAME_CHARS = re.compile(r"^[^\W\d_](?:[^\W\d_]|[.'’-])*$")
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
_POSSESSIVE = {"'s", "’s", "'", "’"}
_ROLE_FILLER = {"of", "the", "and", "for"}
NAME_CACHE = 50_000  # names and pairs of names remembered: bounded, since news never runs out


@cache
def _home_countries() -> tuple[tuple[re.Pattern[str], str], ...]:
    lines = [
        line
        for line in data_text("people/home-countries.csv").splitlines()
        if not line.startswith("#")
    ]
    rows = sorted(csv.DictReader(lines), key=lambda r: -len(r["publisher"]))
    return tuple(
        (re.compile(rf"\b{re.escape(r['publisher'])}\b", re.IGNORECASE), r["iso3"]) for r in rows
    )


def home_country(source: str | None) -> str | None:
    """The publisher's own country: the government a bare title refers to."""
    if not source:
        return None
    return next((iso3 for pattern, iso3 in _home_countries() if pattern.search(source)), None)


def _name_word(word: str) -> bool:
    return word[:1].isupper() and bool(_NAME_CHARS.match(word))


def _name_like(token: Token) -> bool:
    return _name_word(token.text)


@lru_cache(maxsize=NAME_CACHE)
def name_key(text: str) -> tuple[str, ...]:
    """Comparable name words: no case, accents, hyphens or Jr. suffix."""
    return tuple(person_key(text).split())


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    n = len(shorter)
    return n > 0 and any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


@lru_cache(maxsize=NAME_CACHE)
def same_name(a: str, b: str) -> bool:
    """One name holds the other ("Koizumi" in "Shinjiro Koizumi"), or the dictionary says so."""
    ka, kb = name_key(a), name_key(b)
    if _contains(ka, kb) or _contains(kb, ka):
        return True
    pa, pb = known_person(a), known_person(b)
    return pa is not None and pb is not None and pa.name == pb.name


# ---------------------------------------------------------------------------- mentions


def _joins_name(token: Token) -> bool:
    """A capitalised proper noun outside any other entity continues a name ("Lin" + "Jian")."""
    return token.pos_ == "PROPN" and _name_like(token) and token.ent_type_ in {"", "PERSON"}


def _hyphenated(doc: Doc, i: int) -> bool:
    """'Myung' + '-soo': a hyphen joining two parts of one given name."""
    return (
        i + 1 < len(doc)
        and doc[i].text == "-"
        and not doc[i - 1].whitespace_
        and not doc[i].whitespace_
        and doc[i + 1].is_alpha
    )


def _widen(ent: Span) -> tuple[int, int]:
    """Grow a PERSON entity over the name words the NER or a surname pattern left out."""
    doc, start, end = ent.doc, ent.start, ent.end
    while start > 0 and _joins_name(doc[start - 1]) and doc[start - 1].whitespace_:
        start -= 1
    while end < len(doc):
        if _hyphenated(doc, end):
            end += 2
        elif _joins_name(doc[end]) and doc[end - 1].whitespace_:
            end += 1
        else:
            break
    return start, end


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop honorifics ("Hon", "MP"), punctuation and possessives around the name words."""
    honorifics = set(people_cues()["honorifics"])
    while start < end and doc[start].text in honorifics:
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].text in _POSSESSIVE | honorifics):
        end -= 1
    return start, end


def _is_name(words: list[str]) -> bool:
    """Capitalised letters only, and no word that names a body or an event ("Meeting")."""
    banned = set(people_cues()["not_name_words"])
    return bool(words) and all(_name_word(w) and w.lower() not in banned for w in words)


def _clean(ent: Span) -> Span | None:
    """The name words of a PERSON entity, or None when it is not a person mention here."""
    doc = ent.doc
    start, end = _trim(doc, *(_widen(ent) if ent.label_ == "PERSON" else (ent.start, ent.end)))
    if not _is_name(doc[start:end].text.split()):
        return None
    while end < len(doc) and doc[end].text in people_cues()["name_suffixes"]:
        end += 1
    if _next_word(doc, end) in people_cues()["not_a_person_after"]:
        return None
    return doc[start:end]


def _next_word(doc: Doc, i: int) -> str:
    """The word at `i`, looking past a hyphen ("Trump-era" gives "era")."""
    if i + 1 < len(doc) and doc[i].text == "-":
        i += 1
    return doc[i].lower_ if i < len(doc) else ""


def _stray_surnames(doc: Doc, found: list[Span]) -> list[Span]:
    """Lone tokens the NER mislabelled ("Nakatani" as ORG) that repeat a name found elsewhere."""
    words = {name_key(m.text)[i] for m in found if len(name_key(m.text)) > 1 for i in (0, -1)}
    taken = {t.i for m in found for t in m}
    strays = []
    for token in doc:
        if token.i in taken or token.pos_ != "PROPN" or not _name_like(token):
            continue
        if person_key(token.text) in words:
            cleaned = _clean(doc[token.i : token.i + 1])
            if cleaned is not None:
                strays.append(cleaned)
    return strays


@lru_cache(maxsize=4)
def person_mentions(doc: Doc) -> tuple[Span, ...]:
    """Every mention of a person by name, in text order (remembered for the last few Docs:
    people and quotes both need them, and finding them walks every token)."""
    found: list[Span] = []
    for ent in doc.ents:
        mention = _clean(ent) if ent.label_ == "PERSON" else None
        if mention is not None and not any(m.start <= mention.start < m.end for m in found):
            found.append(mention)
    return tuple(sorted(found + _stray_surnames(doc, found), key=lambda m: m.start))


@dataclass
class _Cluster:
    """The mentions of one person; `name` is the fullest form seen (most words, then longest)."""

    mentions: list[Span] = field(default_factory=list)
    name: str = ""

    def add(self, mention: Span) -> None:
        self.mentions.append(mention)
        fullest = (len(name_key(self.name)), len(self.name))
        if (len(name_key(mention.text)), len(mention.text)) > fullest:
            self.name = mention.text


def _latest_before(cluster: _Cluster, start: int) -> int:
    return max((m.start for m in cluster.mentions if m.start < start), default=-1)


def _cluster(mentions: Sequence[Span]) -> list[_Cluster]:
    """Full names first, then lone names join the latest person they can mean."""
    clusters: list[_Cluster] = []
    for mention in sorted(mentions, key=lambda m: (len(name_key(m.text)) < 2, m.start)):
        fits = [c for c in clusters if same_name(mention.text, c.name)]
        chosen = max(fits, key=lambda c: _latest_before(c, mention.start)) if fits else None
        if chosen is None:
            chosen = _Cluster()
            clusters.append(chosen)
        chosen.add(mention)
    return sorted(clusters, key=lambda c: min(m.start for m in c.mentions))


def _vouched(cluster: _Cluster, stated: list[StatedRole]) -> bool:
    """A lone name is a person when a title, the dictionary or its own verb says so."""
    if any(len(name_key(m.text)) > 1 for m in cluster.mentions) or known_person(cluster.name):
        return True
    if cluster.name.isupper() and len(cluster.name) <= 4:
        return False  # an acronym ("SCM") the NER took for a name
    if any(s.role or s.rank or s.counterpart for s in stated):
        return True
    return any(
        m.root.dep_ in _SUBJECT_DEPS
        and m.start > 0
        and m.doc[m.start - 1].lower_ not in people_cues()["metaphor_cues"]
        for m in cluster.mentions
    )


# ---------------------------------------------------------------------------- roles


def _role_words(role: str) -> set[str]:
    return set(re.findall(r"[a-z]+", role.lower().replace("defence", "defense"))) - _ROLE_FILLER


def _former(known: KnownPerson | None, day: date) -> RoleSpell | None:
    """The latest primary role a known person had left before `day`."""
    if known is None:
        return None
    ended = [s for s in known.spells if s.end is not None and s.end < day and s.primary]
    return max(ended, key=lambda s: s.end or day, default=None)


@dataclass(frozen=True)
class _Evidence:
    """Everything known about one person before a role and country are chosen."""

    name: str
    stated: tuple[StatedRole, ...]
    spell: RoleSpell | None
    former: RoleSpell | None
    known: KnownPerson | None
    counterpart_role: str | None
    home: str | None


def _choose_role(ev: _Evidence) -> str | None:
    office = next((s for s in ev.stated if s.role), None)
    if office is not None and office.role is not None:
        role = office.role
        # The dictionary's wording when it says the same or more: "Sec." -> "Secretary of ...".
        if ev.spell is not None and _role_words(role) <= _role_words(ev.spell.role):
            role = ev.spell.role
        return f"former {role}" if office.former else role
    if ev.spell is not None:
        return ev.spell.role
    if any(s.counterpart for s in ev.stated) and ev.counterpart_role:
        return ev.counterpart_role
    if ev.former is not None:
        return f"former {ev.former.role}"
    return next((s.rank for s in ev.stated if s.rank), None)


def _choose_place(ev: _Evidence) -> tuple[str | None, str | None]:
    """(country, org): stated, else dictionary, else the title's own country, else home."""
    placed = [s for s in ev.stated if s.country or s.org]
    office = next((s for s in placed if s.role), placed[0] if placed else None)
    if office is not None:
        return office.country, office.org
    for spell in (ev.spell, ev.former):
        if spell is not None:
            return spell.country, spell.org
    if ev.known is not None:
        return ev.known.country, ev.known.org
    title = next((s.title for s in ev.stated if s.title is not None and s.title.country), None)
    if title is not None:
        return title.country, None
    titled = any(s.role and not s.former for s in ev.stated)
    return (ev.home if titled else None), None


def _counterpart_role(
    cluster: _Cluster, stated: list[StatedRole], reader: TitleReader, mentions: Sequence[Span]
) -> str | None:
    """'his Indian counterpart': the office of the person named before in that sentence."""
    own = {m.start for m in cluster.mentions}
    for mention, said in zip(cluster.mentions, stated, strict=True):
        if not said.counterpart:
            continue
        sent = mention.sent
        others = [
            m for m in mentions if sent.start <= m.start < mention.start and m.start not in own
        ]
        titles = (reader.read(other).title for other in reversed(others))
        found = next((t for t in titles if t is not None), None)
        if found is not None:
            return found.title
    return None


def _dictionary_names(cluster: _Cluster) -> list[str]:
    """Forms to look up, fullest first: as written, family name first or last, surname alone."""
    forms = [m.text for m in sorted(cluster.mentions, key=lambda m: -len(m.text))]
    words = cluster.name.split()
    if len(words) == 2:
        forms.append(f"{words[1]} {words[0]}")
    forms.extend(words[:1] + words[-1:])
    return list(dict.fromkeys(forms))


def _evidence(
    cluster: _Cluster, ad: ArticleDoc, reader: TitleReader, mentions: Sequence[Span]
) -> _Evidence:
    day = ad.published
    names = _dictionary_names(cluster)
    spell = next((s for n in names if day and (s := role_at(n, day))), None)
    known = next((k for n in names if (k := known_person(n))), None)
    stated = [reader.read(m) for m in cluster.mentions]
    return _Evidence(
        name=cluster.name,
        stated=tuple(stated),
        spell=spell,
        former=_former(known, day) if day and spell is None else None,
        known=known,
        counterpart_role=_counterpart_role(cluster, stated, reader, mentions),
        home=home_country(ad.article.source),
    )


def _person(ev: _Evidence, article_id: str) -> Person:
    country, org = _choose_place(ev)
    return Person(
        name=ev.name, role=_choose_role(ev), country=country, org=org, articles=(article_id,)
    )


def extract_people(ad: ArticleDoc) -> tuple[Person, ...]:
    """Every person the article names, once each, with role and country as of its date."""
    reader = TitleReader(ad.doc)
    mentions = person_mentions(ad.doc)
    people = []
    for cluster in _cluster(mentions):
        ev = _evidence(cluster, ad, reader, mentions)
        if _vouched(cluster, list(ev.stated)):
            people.append(_person(ev, ad.article.id))
    return tuple(people)


def mentions_of(doc: Doc, people: Iterable[Person]) -> list[tuple[Span, Person]]:
    """Each name mention of `people` in text order, merged as :func:`extract_people` merges them."""
    by_name = {p.name: p for p in people}
    pairs = [
        (mention, by_name[cluster.name])
        for cluster in _cluster(person_mentions(doc))
        if cluster.name in by_name
        for mention in cluster.mentions
    ]
    return sorted(pairs, key=lambda pair: pair[0].start)
