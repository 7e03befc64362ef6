"""Known actors and role titles, marked before the statistical NER so that it works around them.

The small English model tags "Defense" in "Defense Minister" as an organisation and "Trump" as
one too. A span ruler placed before ``ner`` fixes such entities in advance from reference data:
role titles (label ``ROLE``, id = the title's key in ``patterns/roles.jsonl``), office holders
of the actor table (``PERSON``, id = their name), states (``GPE``, demonyms ``NORP``, id = ISO3),
organisations (``ORG``, id = code) and strategy documents (``LAW``, id = document name). The
NER respects these spans and labels the rest of the text.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from spacy.language import Language
from spacy.pipeline import SpanRuler
from spacy.tokenizer import Tokenizer

from allywatch.nlp.phrase_ruler import PhraseFirstRuler
from allywatch.reference.actors import FAMILY_NAME_FIRST, data_text
from allywatch.reference.load import documents, organisations, role_spells, states

ROLE = "ROLE"
Pattern = dict[str, Any]
_SUFFIXES = frozenset({"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"})
_NAME_POS = ["NOUN", "PROPN"]


@dataclass(frozen=True)
class Title:
    """A role title and its spellings. ``kind`` is office, rank or honorific.

    ``function`` is the role class shared with the actor table ("defense_minister"), and
    ``country`` is set for titles only one government uses ("Secretary of State": USA).
    """

    title: str
    function: str
    kind: str
    names: tuple[str, ...]
    country: str | None = None


@cache
def titles() -> dict[str, Title]:
    """Every title of ``patterns/roles.jsonl`` by its key (the canonical title)."""
    rows = (json.loads(line) for line in data_text("patterns/roles.jsonl").splitlines() if line)
    return {
        row["title"]: Title(
            title=row["title"],
            function=row["function"],
            kind=row["kind"],
            names=tuple(row["names"]),
            country=row.get("country"),
        )
        for row in rows
    }


@cache
def _single_word_titles() -> frozenset[str]:
    return frozenset(n for t in titles().values() for n in t.names if " " not in n)


def _token_pattern(tokenizer: Tokenizer, text: str, attr: str) -> list[dict[str, Any]]:
    """A Matcher pattern for `text` as the tokenizer splits it (no pipeline run needed)."""
    words = [t.text for t in tokenizer(text)]
    key = attr.upper()
    pattern: list[dict[str, Any]] = [{key: w.lower() if key == "LOWER" else w} for w in words]
    if len(pattern) == 1 and key == "LOWER":
        pattern[0]["POS"] = {"IN": _NAME_POS}  # "general" the noun, not "general" budget
    return pattern


def _role_patterns(tokenizer: Tokenizer) -> Iterator[Pattern]:
    """Each spelling as typed and capitalised: "Gen." splits differently from "gen."."""
    for key, title in titles().items():
        for name in title.names:
            forms = {name, " ".join(w[:1].upper() + w[1:] for w in name.split())}
            patterns = {json.dumps(_token_pattern(tokenizer, f, "LOWER")) for f in forms}
            for pattern in sorted(patterns):
                yield {"label": ROLE, "id": key, "pattern": json.loads(pattern)}


def _surname(name: str, country: str | None) -> str:
    words = [w for w in name.split() if w not in _SUFFIXES]
    return words[0] if country in FAMILY_NAME_FIRST else words[-1]


def _people_patterns(tokenizer: Tokenizer) -> Iterator[Pattern]:
    """Full names and aliases with their identity; surnames alone as proper nouns, no identity."""
    for spell in role_spells():
        for name in (spell.name, *spell.aliases):
            if name.split()[0].lower() in _single_word_titles():
                continue
            yield {
                "label": "PERSON",
                "id": spell.name,
                "pattern": _token_pattern(tokenizer, name, "ORTH"),
            }
        surname = _surname(spell.name, spell.country)
        yield {"label": "PERSON", "pattern": [{"ORTH": surname, "POS": "PROPN"}]}


def _without_the(name: str) -> str:
    return name[4:] if name.startswith("the ") else name


def _named(tokenizer: Tokenizer, label: str, key: str, names: Iterable[str]) -> Iterator[Pattern]:
    for name in dict.fromkeys(_without_the(n) for n in names if n):
        yield {"label": label, "id": key, "pattern": _token_pattern(tokenizer, name, "ORTH")}


def _reference_patterns(tokenizer: Tokenizer) -> Iterator[Pattern]:
    for s in states():
        yield from _named(tokenizer, "GPE", s.iso3, (*s.names, *s.capitals))
        yield from _named(tokenizer, "NORP", s.iso3, s.demonyms)
    for org in organisations():
        yield from _named(tokenizer, "ORG", org.code, org.names)
    for doc in documents():
        yield from _named(tokenizer, "LAW", doc.name, (doc.name, *doc.names))


def actor_patterns(tokenizer: Tokenizer) -> list[Pattern]:
    """All ruler patterns: people and reference names first, so that ties go to them."""
    makers: tuple[Callable[[Tokenizer], Iterator[Pattern]], ...] = (
        _people_patterns,
        _reference_patterns,
        _role_patterns,
    )
    return [p for make in makers for p in make(tokenizer)]


@Language.factory(
    "allywatch_actors",
    assigns=["doc.ents"],
    requires=["token.pos"],
    default_config={"overwrite": True},
)
def make_actor_ruler(nlp: Language, name: str, overwrite: bool) -> SpanRuler:
    """A span ruler writing known actors and titles to ``doc.ents``; place it before ``ner``."""
    ruler = PhraseFirstRuler(nlp, name, spans_key=None, annotate_ents=True, overwrite=overwrite)
    ruler.add_patterns(actor_patterns(nlp.tokenizer))
    return ruler
