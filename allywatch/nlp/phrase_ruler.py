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

Most other patterns must start with one of a few words: the event triggers begin with a lemma
or a lower-case form (`{"LEMMA": {"IN": ["agree", "concur"]}, "POS": "VERB"}`), and a match can
only start there. Such a pattern gets a `Matcher` of its own, run only where one of its first
words occurs (found once per Doc, as hashes) and, when the pattern's length is bounded, only
over that many tokens from there: the `Matcher` makes a Token object for every token it scans,
which cost more than the patterns themselves. A match inside such a window is a match in the
Doc, and every match in the Doc starts at one of those words, so the spans are the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from spacy.attrs import LEMMA, LOWER
from spacy.matcher import Matcher, PhraseMatcher
from spacy.pipeline import SpanRuler
from spacy.tokens import Doc, Span

PHRASE_ATTRS = ("ORTH", "LOWER")
ANCHOR_ATTRS = {"LEMMA": LEMMA, "LOWER": LOWER}
# Operators that bound how many tokens one pattern token takes: "1", "?", "!", "{n}", "{m,n}"
_BOUNDED_OP = re.compile(r"[1?!]|\{(?:\d*,)?(?P<most>\d+)\}")
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
        self._anchored: list[tuple[Matcher, int | None]] = []  # a matcher and its longest match
        self._anchors: dict[str, dict[int, set[int]]] = {attr: {} for attr in ANCHOR_ATTRS}

    def add_patterns(self, patterns: list[dict[str, Any]]) -> None:
        """Exact-word patterns go to the phrase matchers, patterns that start with given words
        to matchers of their own, the rest to `SpanRuler`."""
        others = []
        for entry in patterns:
            route = phrase_route(entry["pattern"])
            anchor = None if route else anchor_words(entry["pattern"])
            if route is not None:
                self._add_phrase(entry, route)
            elif anchor is not None:
                self._add_anchored(entry, *anchor)
            else:
                others.append(entry)
        super().add_patterns(others)

    def _register(self, entry: dict[str, Any]) -> tuple[str, int]:
        """The match key of a pattern's label and id, known to the `SpanRuler` as its own."""
        label = repr((entry["label"], entry.get("id", "")))
        key = self.nlp.vocab.strings.add(label)
        self._match_label_id_map[key] = {"label": entry["label"], "id": entry.get("id", "")}
        self._patterns.append(entry)
        return label, key

    def _add_phrase(self, entry: dict[str, Any], route: PhraseRoute) -> None:
        attr, words, allowed = route
        label, key = self._register(entry)
        self._phrase_by_attr[attr].add(label, [Doc(self.nlp.vocab, words=words)])
        if len(words) == 1:
            self._allow(key, attr, words[0], allowed)

    def _add_anchored(self, entry: dict[str, Any], attr: str, words: list[str]) -> None:
        label, _key = self._register(entry)
        matcher = Matcher(self.nlp.vocab, validate=self.validate)
        matcher.add(label, [entry["pattern"]])
        number = len(self._anchored)
        self._anchored.append((matcher, longest_match(entry["pattern"])))
        for word in words:
            self._anchors[attr].setdefault(self.nlp.vocab.strings.add(word), set()).add(number)

    def _allow(self, key: int, attr: str, word: str, allowed: frozenset[str] | None) -> None:
        """Several one-word patterns under one label and id allow the union of their POS."""
        slot = (key, attr, word.lower() if attr == "LOWER" else word)
        if slot in self._pos_allowed:
            known = self._pos_allowed[slot]
            allowed = None if known is None or allowed is None else known | allowed
        self._pos_allowed[slot] = allowed

    def match(self, doc: Doc) -> list[Span]:
        """The `SpanRuler`'s matches plus the phrase and anchored matches, de-duplicated and
        sorted."""
        found = set(super().match(doc))
        for attr, matcher in self._phrase_by_attr.items():
            for key, start, end in matcher(doc):
                if end - start > 1 or self._pos_ok(key, attr, doc[start]):
                    found.add(self._span(doc, key, start, end))
        for number, starts in self._anchored_starts(doc).items():
            found.update(self._anchored_spans(doc, number, starts))
        return sorted(found)

    def _pos_ok(self, key: int, attr: str, token: Any) -> bool:
        word = token.lower_ if attr == "LOWER" else token.text
        allowed = self._pos_allowed.get((key, attr, word))
        return allowed is None or token.pos_ in allowed

    def _span(self, doc: Doc, key: int, start: int, end: int) -> Span:
        names = self._match_label_id_map[key]
        return Span(doc, start, end, label=names["label"], span_id=names["id"])

    def _anchored_starts(self, doc: Doc) -> dict[int, list[int]]:
        """For each anchored pattern, the tokens of `doc` where a match of it may start."""
        columns = doc.to_array(list(ANCHOR_ATTRS.values()))
        starts: dict[int, list[int]] = {}
        for column, anchors in enumerate(self._anchors.values()):
            for i, word in enumerate(columns[:, column].tolist()):
                for number in anchors.get(word, ()):
                    starts.setdefault(number, []).append(i)
        return starts

    def _anchored_spans(self, doc: Doc, number: int, starts: list[int]) -> Iterator[Span]:
        matcher, longest = self._anchored[number]
        windows = [doc[:]] if longest is None else [doc[i : i + longest] for i in starts]
        for window in windows:
            for key, start, end in matcher(window):
                yield self._span(doc, key, window.start + start, window.start + end)

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


def anchor_words(pattern: str | Sequence[dict[str, Any]]) -> tuple[str, list[str]] | None:
    """The attribute and the words a token pattern's match must start with, or None.

    Its first token must be required (no `OP`) and test `LEMMA` or `LOWER` for equality with a
    string or membership of a list of strings.
    """
    if isinstance(pattern, str) or not pattern or "OP" in pattern[0]:
        return None
    for attr in ANCHOR_ATTRS:
        value = pattern[0].get(attr)
        if isinstance(value, str):
            return attr, [value]
        if isinstance(value, dict) and set(value) == {"IN"} and _all_str(value["IN"]):
            return attr, list(value["IN"])
    return None


def longest_match(pattern: Sequence[dict[str, Any]]) -> int | None:
    """How many tokens a match of `pattern` can span at most; None if it has no bound."""
    total = 0
    for token in pattern:
        repeat = _BOUNDED_OP.fullmatch(str(token.get("OP", "1")))
        if repeat is None:
            return None
        total += int(repeat["most"] or 1)
    return total


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
