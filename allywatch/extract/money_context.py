"""What the words around a number say: whose money it is, what it measures, which dollar.

Shared by the amount, target and ratio extractors. Actors are found by name (states, their
demonyms and capitals, organisations, and people of the actor table through spaCy's PERSON
entities), each with whether it is written as a possessive ("China's defense spending").
Measure cues are the nouns and verbs of ``money/measures.json``, "GDP" excepted where it is
only the denominator of a share ("2% of GDP").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from spacy.tokens import Span

from allywatch.model.article import Article
from allywatch.reference.load import (
    known_person,
    organisation,
    organisation_code,
    organisations,
    state_code,
    states,
)
from allywatch.reference.money import money_lexicon

POSSESSIVE = re.compile(r"^(?:['’]s?)(?!\w)")
OWNER_WINDOW = 40
PEOPLE = {"PERSON", "ORG"}  # the small model often tags a sentence-initial surname as ORG


@cache
def _owner_regex(name: str) -> re.Pattern[str]:
    """ "anaphors" or "not_owner" of owners.json, as a regex for the end of a text."""
    words = sorted(money_lexicon("owners")[name], key=len, reverse=True)
    tail = r"\s*$" if name == "anaphors" else r"\s+(?:the\s+)?$"
    return re.compile(rf"\b(?i:{'|'.join(re.escape(w) for w in words)}){tail}")


@dataclass(frozen=True)
class ActorMention:
    """A state or organisation named at [start, end) of a sentence's text."""

    start: int
    end: int
    code: str
    possessive: bool


@dataclass(frozen=True)
class Cue:
    """A word naming what a sum is ("budget", "invest"), with the measure it gives."""

    start: int
    end: int
    measure: str


# --------------------------------------------------------------------------- actors


def actor_mentions(sentence: Span) -> list[ActorMention]:
    """States, organisations and known people of a sentence, left to right, offsets in its text."""
    text = sentence.text
    named = [_mention(text, found) for found in _actor_regex().finditer(text)]
    people = [
        _person(sentence, entity) for entity in _entities(sentence) if entity.label_ in PEOPLE
    ]
    found = [m for m in (*named, *people) if m is not None]
    return sorted(_first_per_place(found), key=lambda m: m.start)


def _entities(sentence: Span) -> Iterator[Span]:
    """The sentence's entities from its own tokens (``Span.ents`` walks the whole Doc's)."""
    start: int | None = None
    for token in sentence:
        if start is not None and token.ent_iob_ != "I":
            yield _span(sentence, start, token.i)
            start = None
        if token.ent_iob_ == "B":
            start = token.i
    if start is not None:
        yield _span(sentence, start, sentence.end)


def _span(sentence: Span, start: int, end: int) -> Span:
    doc = sentence.doc
    return Span(doc, start, end, label=doc[start].ent_type_)


def _mention(text: str, found: re.Match[str]) -> ActorMention | None:
    code = actor_code(found.group(0))
    if code is None:
        return None
    possessive = bool(POSSESSIVE.match(text[found.end() :]))
    return ActorMention(found.start(), found.end(), code, possessive)


def _person(sentence: Span, entity: Span) -> ActorMention | None:
    person = known_person(entity.text) if actor_code(entity.text) is None else None
    code = person and (person.country or person.org)
    if not code:
        return None
    start, end = entity.start_char - sentence.start_char, entity.end_char - sentence.start_char
    return ActorMention(start, end, code, bool(POSSESSIVE.match(sentence.text[end:])))


def _first_per_place(mentions: Iterable[ActorMention]) -> Iterator[ActorMention]:
    """A person entity overlapping a name found by the gazetteer adds nothing."""
    taken: list[ActorMention] = []
    for mention in mentions:
        if not any(m.start < mention.end and mention.start < m.end for m in taken):
            taken.append(mention)
            yield mention


def actor_code(name: str) -> str | None:
    """ISO3 for a state, or the state a government body belongs to, or an organisation code."""
    code = state_code(name)
    if code is not None:
        return code
    org_code = organisation_code(name)
    org = organisation(org_code) if org_code else None
    if org is None:
        return None
    return org.country or org.code


@cache
def _actor_regex() -> re.Pattern[str]:
    """Every name, demonym, capital and organisation name; longest first, case as written."""
    names = {n for s in states() for n in (*s.names, *s.demonyms, *s.capitals)}
    names |= {n for o in organisations() for n in o.names}
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w$])(?:{alternatives})(?![\w$])")


def owner_before(text: str, position: int, mentions: Sequence[ActorMention]) -> str | None:
    """Whose noun starts at `position`: "China's defense spending", "the Chinese budget", "its".

    An anaphor ("its", "the country's") is the last actor named before it ("experts point to the
    US, the largest spender, hiking its defence spending").
    """
    window = text[max(0, position - OWNER_WINDOW) : position]
    near = [m for m in mentions if m.end <= position and position - m.end <= OWNER_WINDOW]
    for mention in reversed(near):
        between = text[mention.end : position]
        if (mention.possessive or _is_adjective(between)) and len(between.split()) <= 4:
            return mention.code
    before = [m for m in mentions if m.end <= position]
    return before[-1].code if before and _owner_regex("anaphors").search(window) else None


def _is_adjective(between: str) -> bool:
    """A demonym straight before the noun group: "the Chinese defense budget"."""
    return not between.strip() or (between[:1] == " " and len(between.split()) <= 2)


def nearest_before(text: str, position: int, mentions: Sequence[ActorMention]) -> str | None:
    """The nearest actor named before `position` that is not a recipient or a place."""
    for mention in reversed([m for m in mentions if m.end <= position]):
        if not _owner_regex("not_owner").search(text[max(0, mention.start - 20) : mention.start]):
            return mention.code
    return None


# --------------------------------------------------------------------------- measures


@cache
def _cue_regexes() -> tuple[tuple[re.Pattern[str], str], ...]:
    cues = money_lexicon("measures")["cues"]
    return tuple((re.compile(rf"\b(?i:{pattern})\b"), measure) for pattern, measure in cues)


@cache
def _share_of_gdp() -> re.Pattern[str]:
    return re.compile(rf"(?i:{money_lexicon('measures')['percent_of_gdp']})")


def measure_cues(text: str) -> list[Cue]:
    """Measure words of `text`, left to right; the most specific wins where two overlap."""
    shares = [m.span() for m in _share_of_gdp().finditer(text)]
    found: list[Cue] = []
    for regex, measure in _cue_regexes():
        for hit in regex.finditer(text):
            inside_share = any(s <= hit.start() < e for s, e in shares)
            overlaps = any(c.start < hit.end() and hit.start() < c.end for c in found)
            if not inside_share and not overlaps:
                found.append(Cue(hit.start(), hit.end(), measure))
    return sorted(found, key=lambda c: c.start)


# --------------------------------------------------------------------------- dollars


def article_dollar(article: Article) -> str:
    """What a bare "$" means in this article.

    Papers and governments of a dollar country (Australia, New Zealand, Singapore, Canada)
    write their own dollar as "$" and US dollars as "US$" or "$US". Without a known source,
    "$US" is the Australian and New Zealand style, read as Australian. Elsewhere "$" is US$.
    """
    table = money_lexicon("currencies")["local_dollars"]
    source = article.source or ""
    local = next((cur for name, cur in table["sources"].items() if name in source), None)
    if local:
        return str(local)
    if table["reversed_us_marker"] in article.text:
        return str(table["reversed_marker_dollar"])
    return "USD"


def issuer(currency: str) -> str | None:
    """The state that issues a currency, for the national currencies only (not US$ or euro)."""
    issuers: dict[str, str] = money_lexicon("currencies")["issuers"]
    return issuers.get(currency)


@lru_cache(maxsize=4)
def main_actor(text: str) -> str | None:
    """The actor the article names most often: whose figures an unattributed sentence gives
    (remembered for the last few texts: targets and ratios both ask)."""
    codes = [actor_code(found.group(0)) for found in _actor_regex().finditer(text)]
    counts = Counter(code for code in codes if code)
    return counts.most_common(1)[0][0] if counts else None
