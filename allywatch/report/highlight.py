"""An article's text cut into plain runs and marked sentences, for the reader to highlight.

Segments are plain data (text, sentence id, kinds); the template escapes the text, so no HTML is
ever built from article strings here. Each marked sentence gets the stable id `s-<start>-<end>`
(its span in the text), so a link from any page lands on it and CSS `:target` lights it up.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

Row = dict[str, Any]
KIND_ORDER = ("event", "amount", "target", "ratio", "relation", "quote")


def sentence_id(span: list[int] | tuple[int, int], prefix: str = "") -> str:
    """The element id of a sentence: `s-<start>-<end>`, optionally prefixed (for the report)."""
    return f"{prefix}s-{span[0]}-{span[1]}"


def segments(text: str, facts: list[Row], prefix: str = "") -> list[Row]:
    """Runs of the text in order; a run that is a fact's sentence carries its id and kinds.

    A sentence overlapping an earlier marked one is folded into it, and its id is kept as an
    extra anchor at the same place so that links to it still land.
    """
    kinds = _kinds_by_span(facts, len(text))
    result: list[Row] = []
    cursor = 0
    for start, end in sorted(kinds):
        if start < cursor and result and result[-1]["id"]:
            _fold(result[-1], (start, end), kinds[(start, end)], text, cursor, prefix)
            cursor = max(cursor, end)
            continue
        if start < cursor or start >= end:
            continue
        if start > cursor:
            result.append(_plain(text[cursor:start]))
        result.append(_marked(text, (start, end), kinds[(start, end)], prefix))
        cursor = end
    if cursor < len(text):
        result.append(_plain(text[cursor:]))
    return [piece for segment in result for piece in _trailing_space_apart(segment)]


def _trailing_space_apart(segment: Row) -> list[Row]:
    """A mark ends at its last visible character; the line breaks after it stay plain text."""
    body = segment["text"].rstrip()
    if not segment["id"] or not body or body == segment["text"]:
        return [segment]
    return [{**segment, "text": body}, _plain(segment["text"][len(body) :])]


def _kinds_by_span(facts: list[Row], length: int) -> dict[tuple[int, int], list[str]]:
    """Kinds per sentence span; a span that is not inside the text marks nothing."""
    found: dict[tuple[int, int], set[str]] = defaultdict(set)
    for fact in facts:
        start, end = int(fact["span"][0]), int(fact["span"][1])
        if 0 <= start < end <= length:
            found[(start, end)].add(fact["kind"])
    return {span: [k for k in KIND_ORDER if k in kinds] for span, kinds in found.items()}


def _plain(text: str) -> Row:
    return {"text": text, "id": None, "kinds": [], "anchors": []}


def _marked(text: str, span: tuple[int, int], kinds: list[str], prefix: str) -> Row:
    return {
        "text": text[span[0] : span[1]],
        "id": sentence_id(span, prefix),
        "kinds": kinds,
        "anchors": [],
    }


def _fold(
    last: Row, span: tuple[int, int], kinds: list[str], text: str, cursor: int, prefix: str
) -> None:
    """Extend the previous mark over an overlapping sentence and keep that sentence's id."""
    if span[1] > cursor:
        last["text"] += text[cursor : span[1]]
    last["kinds"] = [k for k in KIND_ORDER if k in {*last["kinds"], *kinds}]
    last["anchors"].append(sentence_id(span, prefix))
