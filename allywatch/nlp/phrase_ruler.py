"""A `SpanRuler` that finds exact-word patterns with phrase matchers, matching the same spans.

spaCy's token `Matcher` tries every pattern at every token, so its cost grows with the number
of patterns: with the ~2,000 actor, state and title patterns of `allywatch_actors` it took more
time than the tagger, parser and NER together (bench/README.md has the profile). A
`PhraseMatcher` looks words up in a trie, at a cost that does not grow with the patterns.

Most of those patterns are plain word sequences, `[{"ORTH": "Prime"}, {"ORTH": "Minister"}]` or
the same with `LOWER`, sometimes one word with a part-of-speech test (`{"ORTH": "Kishida",
"POS": "PROPN"}`). This ruler sends such patterns to a phrase matcher on that attribute (the
words as given, never re-tokenised), checks a single word's part of speech after matching, and
leaves every other pattern to the `Matcher`. Labels, ids, de-duplication and filtering are the
`SpanRuler`'s own, so the spans found are the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from spacy.matcher import PhraseMatcher
from spacy.pipeline import SpanRuler
from spacy.tokens import Doc, Span

PHRASE_ATTRS = ("ORTH", "LOWER")
# (attribute, words, parts of speech allowed for a one-word pattern or None for any)
PhraseRoute = tuple[str, list[str], frozenset[str] | None]


class PhraseFirstRuler(SpanRuler):
    """`SpanRuler` with exact-word token patterns on phrase matchers (same constructor)."""

    def clear(self) -> None:
        super().clear()
        self._phrase_by_attr = {
            attr: PhraseMatcher(self.nlp.vocab, attr=attr) for attr in PHRASE_ATTRS
        }
        self._pos_allowed: dict[tuple[int, str, str], frozenset[str] | None] = {}

    def add_patterns(self, patterns: list[dict[str, Any]]) -> None:
        """Exact-word patterns go to the phrase matchers, the rest to `SpanRuler`."""
        others = []
        for entry in patterns:
            route = phrase_route(entry["pattern"])
            if route is None:
                others.append(entry)
            else:
                self._add_phrase(entry, route)
        super().add_patterns(others)

    def _add_phrase(self, entry: dict[str, Any], route: PhraseRoute) -> None:
        attr, words, allowed = route
        label = repr((entry["label"], entry.get("id", "")))
        key = self.nlp.vocab.strings.add(label)
        self._match_label_id_map[key] = {"label": entry["label"], "id": entry.get("id", "")}
        self._patterns.append(entry)
        self._phrase_by_attr[attr].add(label, [Doc(self.nlp.vocab, words=words)])
        if len(words) == 1:
            self._allow(key, attr, words[0], allowed)

    def _allow(self, key: int, attr: str, word: str, allowed: frozenset[str] | None) -> None:
        """Several one-word patterns under one label and id allow the union of their POS."""
        slot = (key, attr, word.lower() if attr == "LOWER" else word)
        if slot in self._pos_allowed:
            known = self._pos_allowed[slot]
            allowed = None if known is None or allowed is None else known | allowed
        self._pos_allowed[slot] = allowed

    def match(self, doc: Doc) -> list[Span]:
        """The `SpanRuler`'s matches plus the phrase matches, de-duplicated and sorted."""
        found = set(super().match(doc))
        for attr, matcher in self._phrase_by_attr.items():
            for key, start, end in matcher(doc):
                if end - start > 1 or self._pos_ok(key, attr, doc[start]):
                    names = self._match_label_id_map[key]
                    found.add(Span(doc, start, end, label=names["label"], span_id=names["id"]))
        return sorted(found)

    def _pos_ok(self, key: int, attr: str, token: Any) -> bool:
        word = token.lower_ if attr == "LOWER" else token.text
        allowed = self._pos_allowed.get((key, attr, word))
        return allowed is None or token.pos_ in allowed

    def remove(self, label: str) -> None:
        super().remove(label)
        self._reindex()

    def remove_by_id(self, pattern_id: str) -> None:
        super().remove_by_id(pattern_id)
        self._reindex()

    def _reindex(self) -> None:
        """Rebuild every matcher from the patterns left (removal is rare; keep it simple)."""
        remaining = list(self._patterns)
        self.clear()
        self.add_patterns(remaining)


def phrase_route(pattern: str | Sequence[dict[str, Any]]) -> PhraseRoute | None:
    """How a token pattern can run on a phrase matcher, or None when it needs the Matcher.

    Phrase-eligible: every token tests one attribute (all ORTH or all LOWER) for equality with
    a string; a one-word pattern may also test POS (`"PROPN"` or `{"IN": [...]}`).
    """
    if isinstance(pattern, str) or not pattern:
        return None
    attrs = {_word_attr(token, single=len(pattern) == 1) for token in pattern}
    if len(attrs) != 1 or None in attrs:
        return None
    (attr,) = attrs
    assert attr is not None
    words = [str(token[attr]) for token in pattern]
    return attr, words, _pos_set(pattern[0].get("POS")) if len(pattern) == 1 else None


def _word_attr(token: dict[str, Any], single: bool) -> str | None:
    keys = set(token) - ({"POS"} if single and _pos_set(token.get("POS")) != frozenset() else set())
    if len(keys) != 1:
        return None
    (attr,) = keys
    return attr if attr in PHRASE_ATTRS and isinstance(token[attr], str) else None


def _pos_set(value: object) -> frozenset[str] | None:
    """None: no POS test; an empty set: a test this ruler cannot take over."""
    if value is None:
        return None
    if isinstance(value, str):
        return frozenset({value})
    if isinstance(value, dict) and set(value) == {"IN"} and _all_str(value["IN"]):
        return frozenset(value["IN"])
    return frozenset()


def _all_str(values: object) -> bool:
    return isinstance(values, list) and all(isinstance(v, str) for v in values)
