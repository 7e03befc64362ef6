"""Direct quotations: where each quote is, which verb attributes it and who that verb's subject is.

The component writes ``doc.spans["quotes"]``, one span per pair of quotation marks (curly or
straight), covering the quoted words without the marks. Each span carries two extensions, as
plain token offsets so the Doc stays serialisable:

- ``quote_cue``: index of the attributing verb ("said", "told", "described") or None;
- ``quote_speaker``: ``(start, end)`` token offsets of that verb's subject phrase, or None.

Turning a subject phrase ("he", "the strategy", "Prime Minister Fumio Kishida") into a person
or a document is left to ``allywatch.extract.quotes``, which knows the article's people.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from allywatch.reference.actors import data_text

QUOTES_KEY = "quotes"
_SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
_RELATIVE = {"who", "which", "that", "whom"}
_SHARES_SUBJECT = {"conj", "advcl", "xcomp", "ccomp", "relcl", "acl"}
_DEMONSTRATIVES = {"this", "that", "these", "those", "such"}

Span.set_extension("quote_cue", default=None, force=True)
Span.set_extension("quote_speaker", default=None, force=True)


@cache
def quote_cues() -> dict[str, Any]:
    """Speech verbs, document nouns, pronouns and quotation marks (``patterns/quotes.json``)."""
    data: dict[str, Any] = json.loads(data_text("patterns/quotes.json"))
    return data


@cache
def speech_verbs() -> frozenset[str]:
    """Lemmas of verbs that attribute words to a speaker."""
    return frozenset(quote_cues()["speech_verbs"])


def quote_offsets(text: str) -> Iterator[tuple[int, int]]:
    """Character offsets of the words inside each pair of quotation marks, paragraph by paragraph.

    A quote left open at the end of a paragraph closes there (the next paragraph may reopen it).
    """
    cues = quote_cues()
    opens, closes, straight = (
        set(cues["open_marks"]),
        set(cues["close_marks"]),
        set(cues["straight_marks"]),
    )
    start: int | None = None
    for i, char in enumerate(text):
        if char == "\n" and start is not None:
            yield start, i
            start = None
        elif char in opens or (char in straight and start is None):
            start = i + 1
        elif (char in closes or char in straight) and start is not None:
            yield start, i
            start = None
    if start is not None:
        yield start, len(text)


def _is_speech_verb(token: Token) -> bool:
    return token.pos_ in {"VERB", "AUX"} and token.lemma_.lower() in speech_verbs()


def _inside(token: Token, span: Span) -> bool:
    return span.start <= token.i < span.end


Quoted = frozenset[int]  # indices of every token inside some quote of the Doc


def _ancestor_cue(quote: Span) -> Token | None:
    """The nearest speech verb above the quote's words in the parse, outside the quote."""
    for token in quote:
        if _inside(token.head, quote) and token.head is not token:
            continue
        for ancestor in token.ancestors:
            if not _inside(ancestor, quote) and _is_speech_verb(ancestor):
                return ancestor
    return None


def _window(quote: Span) -> Span:
    """The sentences a quote touches, plus the sentence before when it ends in ':' or ','."""
    doc = quote.doc
    first, last = doc[quote.start].sent, doc[max(quote.end - 1, quote.start)].sent
    start = first.start
    before = doc[first.start - 1] if first.start > 0 else None
    if before is not None and before.text in {":", ",", "“", '"'}:
        start = before.sent.start
    return doc[start : last.end]


def _nearby_cue(quote: Span, quoted: Quoted) -> Token | None:
    """A speech verb with a subject in the quote's sentences, outside every quote, nearest first."""
    candidates = [
        t
        for t in _window(quote)
        if _is_speech_verb(t) and t.i not in quoted and _subject(t) is not None
    ]
    return min(
        candidates, key=lambda t: min(abs(t.i - quote.start), abs(t.i - quote.end)), default=None
    )


def _subject(verb: Token) -> Token | None:
    """The subject of a verb, inherited along conjunctions and clause links when it has none.

    A noun right before a subject-less verb is its subject whatever the parse says: "a region
    its National Security Strategy characterizes as" (parsed as a conjunct of the main verb).
    """
    for _ in range(6):
        subject = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
        before = verb.doc[verb.i - 1] if verb.i > 0 else None
        if subject is None and before is not None and before.pos_ in {"NOUN", "PROPN"}:
            subject = before
        if subject is not None:
            if subject.lower_ in _RELATIVE and verb.dep_ == "relcl":
                return verb.head
            return subject
        if verb.dep_ not in _SHARES_SUBJECT or verb.head is verb:
            return None
        verb = next((a for a in verb.ancestors if _is_speech_verb(a)), verb.head)
    return None


def noun_phrase(head: Token) -> Span:
    """The phrase a noun heads: its left modifiers, "of"/"from" phrases, conjuncts, appositions."""
    end = head.i + 1
    for child in head.rights:
        if child.dep_ == "punct" and child.text not in {"(", ")"}:
            continue
        keep = child.dep_ in {"cc", "conj", "appos"} or child.text in {"(", ")"}
        if not (keep or (child.dep_ == "prep" and child.lower_ in {"of", "from"})):
            break
        end = child.right_edge.i + 1
    return head.doc[head.left_edge.i : end]


Found = tuple[Token, Token | None]


def _verb_cue(quote: Span, quoted: Quoted) -> Found | None:
    """A speech verb above the quote or beside it, and its subject."""
    cue = _ancestor_cue(quote) or _nearby_cue(quote, quoted)
    return (cue, _subject(cue)) if cue is not None else None


def _according_to(quote: Span, quoted: Quoted) -> Found | None:
    """'according to the statement': the object of "according to" in the quote's sentences."""
    for token in _window(quote):
        if token.lower_ == "according" and token.i not in quoted:
            to = next((c for c in token.children if c.lower_ == "to"), None)
            to = to or (token.nbor() if token.i + 1 < len(token.doc) else None)
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
            if pobj is not None:
                return token, pobj
    return None


def _standalone(quote: Span) -> bool:
    """The quote is its sentence: nothing but marks and punctuation around it."""
    doc = quote.doc
    around = doc[doc[quote.start].sent.start : doc[quote.end - 1].sent.end]
    return all(t.is_punct or t.is_space or _inside(t, quote) for t in around)


def _agent_cue(quote: Span, quoted: Quoted) -> Found | None:
    """'“Don't mess with us.” This was the warning given by X': the next sentence's agent."""
    if not _standalone(quote):
        return None
    doc = quote.doc
    following = doc[doc[quote.end - 1].sent.end :]
    nxt = next((t.sent for t in following if not t.is_space), None)
    if nxt is None or nxt[0].lower_ not in _DEMONSTRATIVES:
        return None
    agent = next((t for t in nxt if t.dep_ == "agent"), None)
    pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
    return (agent.head, pobj) if agent is not None and pobj is not None else None


_FINDERS = (_verb_cue, _according_to, _agent_cue)


def _annotate(quote: Span, quoted: Quoted) -> None:
    """Set the quote's cue and speaker phrase from the first finder that attributes it."""
    for finder in _FINDERS:
        found = finder(quote, quoted)
        if found is None:
            continue
        cue, head = found
        quote._.quote_cue = cue.i
        if head is not None and not _inside(head, quote):
            phrase = noun_phrase(head)
            quote._.quote_speaker = (phrase.start, phrase.end)
        return


def _quote_spans(doc: Doc) -> list[Span]:
    spans = []
    for start, end in quote_offsets(doc.text):
        span = doc.char_span(start, end, alignment_mode="contract")
        if span is not None and len(span) and span.text.strip():
            spans.append(span)
    return spans


@Language.component(
    "allywatch_quotes", assigns=["doc.spans"], requires=["token.dep", "token.lemma", "doc.sents"]
)
def mark_quotes(doc: Doc) -> Doc:
    """Write ``doc.spans["quotes"]`` with each quote's attributing verb and subject phrase."""
    spans = _quote_spans(doc)
    quoted = frozenset(i for span in spans for i in range(span.start, span.end))
    for quote in spans:
        _annotate(quote, quoted)
    doc.spans[QUOTES_KEY] = spans
    return doc
