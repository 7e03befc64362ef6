"""PhraseFirstRuler finds exactly the spans a SpanRuler finds, at a fraction of the cost."""

from __future__ import annotations

from typing import Any

import pytest
import spacy
from conftest import dev_article
from spacy.pipeline import SpanRuler
from spacy.tokens import Doc

from allywatch.nlp.actors import actor_patterns
from allywatch.nlp.events import trigger_patterns
from allywatch.nlp.phrase_ruler import PhraseFirstRuler, anchor_words, longest_match, phrase_route
from allywatch.nlp.pipeline import build_nlp


def _spans(ruler: SpanRuler, doc: Doc) -> list[tuple[int, int, str, str]]:
    return [(s.start, s.end, s.label_, s.id_) for s in ruler.match(doc)]


def _annotated_before(component: str) -> list[Doc]:
    """The dev articles annotated by every component before `component`."""
    nlp = build_nlp()
    before = nlp.pipe_names[: nlp.pipe_names.index(component)]
    texts = [dev_article(n)["text"] for n in range(1, 16)]
    with nlp.select_pipes(enable=before):
        return list(nlp.pipe(texts))


@pytest.fixture(scope="module")
def dev_docs() -> list[Doc]:
    """The dev articles annotated up to the actor ruler (POS set, no entities yet)."""
    return _annotated_before("allywatch_actors")


def test_phrase_ruler_matches_span_ruler_on_the_dev_articles(dev_docs: list[Doc]) -> None:
    nlp = build_nlp()
    patterns = actor_patterns(nlp.tokenizer)
    reference = SpanRuler(nlp, "reference", spans_key=None, annotate_ents=True, overwrite=True)
    reference.add_patterns(patterns)  # type: ignore[arg-type]
    fast = PhraseFirstRuler(nlp, "fast", spans_key=None, annotate_ents=True, overwrite=True)
    fast.add_patterns(patterns)
    assert len(fast.matcher) < len(reference.matcher) / 4
    found = [_spans(fast, doc) for doc in dev_docs]
    assert found == [_spans(reference, doc) for doc in dev_docs]
    assert sum(map(len, found)) > 100


def test_anchored_trigger_patterns_match_as_the_span_ruler_does() -> None:
    """Each event pattern runs only from the words it starts with, finding the same spans."""
    nlp = build_nlp()
    patterns = trigger_patterns()
    reference = SpanRuler(nlp, "reference", spans_key="reference")
    reference.add_patterns(patterns)  # type: ignore[arg-type]
    fast = PhraseFirstRuler(nlp, "fast", spans_key="fast")
    fast.add_patterns(patterns)
    assert len(fast.matcher) == 0, "every trigger pattern starts with given words"
    docs = _annotated_before("allywatch_event_triggers")
    found = [_spans(fast, doc) for doc in docs]
    assert found == [_spans(reference, doc) for doc in docs]
    assert sum(map(len, found)) > 100


@pytest.mark.parametrize(
    ("pattern", "anchor", "longest"),
    [
        ([{"LEMMA": "meet", "POS": "VERB"}], ("LEMMA", ["meet"]), 1),
        (
            [{"LOWER": {"IN": ["talks", "deal"]}}, {"LOWER": "with", "OP": "?"}],
            ("LOWER", ["talks", "deal"]),
            2,
        ),
        (
            [{"LEMMA": "reach"}, {"POS": "DET", "OP": "*"}, {"LOWER": "deal"}],
            ("LEMMA", ["reach"]),
            None,
        ),
        ([{"LOWER": "co"}, {"ORTH": "-", "OP": "{1,3}"}], ("LOWER", ["co"]), 4),
        ([{"LOWER": "joint", "OP": "?"}, {"LOWER": "drills"}], None, 2),
        ([{"POS": "VERB"}, {"LOWER": "together"}], None, 2),
        ([{"LEMMA": {"NOT_IN": ["meet"]}}], None, 1),
        ([{"LOWER": "talks", "OP": "+"}], None, None),
    ],
)
def test_anchor_words_and_longest_match(pattern: Any, anchor: Any, longest: Any) -> None:
    assert anchor_words(pattern) == anchor
    assert longest_match(pattern) == longest


def test_anchored_pattern_matches_at_the_end_of_a_doc_and_not_elsewhere() -> None:
    ruler = PhraseFirstRuler(spacy.blank("en"), "test", spans_key="test")
    pattern = [{"LEMMA": "speak", "POS": "VERB"}, {"LOWER": "today", "OP": "?"}, {"LOWER": "with"}]
    ruler.add_patterns([{"label": "CONSULT", "id": "speak_with", "pattern": pattern}])
    words = ["They", "spoke", "with", "us", "and", "spoke", "today", "with"]
    pos = ["PRON", "VERB", "ADP", "PRON", "CCONJ", "VERB", "NOUN", "ADP"]
    doc = Doc(spacy.blank("en").vocab, words=words, pos=pos, lemmas=[w.lower() for w in words])
    doc[1].lemma_ = doc[5].lemma_ = "speak"
    assert _spans(ruler, doc) == [(1, 3, "CONSULT", "speak_with"), (5, 8, "CONSULT", "speak_with")]


@pytest.mark.parametrize(
    ("pattern", "route"),
    [
        ([{"ORTH": "Prime"}, {"ORTH": "Minister"}], ("ORTH", ["Prime", "Minister"], None)),
        ([{"LOWER": "gen."}], ("LOWER", ["gen."], None)),
        ([{"ORTH": "Kishida", "POS": "PROPN"}], ("ORTH", ["Kishida"], frozenset({"PROPN"}))),
        (
            [{"LOWER": "chief", "POS": {"IN": ["NOUN", "PROPN"]}}],
            ("LOWER", ["chief"], frozenset({"NOUN", "PROPN"})),
        ),
        ([{"ORTH": "Prime"}, {"LOWER": "minister"}], None),
        ([{"ORTH": "Prime", "POS": "PROPN"}, {"ORTH": "Minister"}], None),
        ([{"ORTH": {"IN": ["Japan", "China"]}}], None),
        ([{"ORTH": "Japan", "POS": {"NOT_IN": ["VERB"]}}], None),
        ([{"LOWER": "defense", "OP": "?"}], None),
        ("Prime Minister", None),
    ],
)
def test_phrase_route(pattern: Any, route: Any) -> None:
    assert phrase_route(pattern) == route


def _hand_doc(words: list[str], pos: list[str]) -> Doc:
    return Doc(spacy.blank("en").vocab, words=words, pos=pos)


def test_phrase_ruler_checks_the_part_of_speech_of_one_word() -> None:
    ruler = PhraseFirstRuler(spacy.blank("en"), "test", spans_key=None, annotate_ents=True)
    ruler.add_patterns([{"label": "PERSON", "pattern": [{"ORTH": "Wong", "POS": "PROPN"}]}])
    doc = _hand_doc(["Wong", "said", "it", "was", "Wong"], ["PROPN", "VERB", "PRON", "AUX", "X"])
    assert _spans(ruler, doc) == [(0, 1, "PERSON", "")]


def test_phrase_ruler_unconstrained_pattern_wins_over_a_constrained_one() -> None:
    ruler = PhraseFirstRuler(spacy.blank("en"), "test", spans_key=None, annotate_ents=True)
    ruler.add_patterns(
        [
            {"label": "GPE", "id": "CHN", "pattern": [{"ORTH": "China", "POS": "PROPN"}]},
            {"label": "GPE", "id": "CHN", "pattern": [{"ORTH": "China"}]},
        ]
    )
    doc = _hand_doc(["China", "objected"], ["NOUN", "VERB"])
    assert _spans(ruler, doc) == [(0, 1, "GPE", "CHN")]


def test_phrase_ruler_remove_drops_phrase_patterns() -> None:
    ruler = PhraseFirstRuler(spacy.blank("en"), "test", spans_key=None, annotate_ents=True)
    ruler.add_patterns(
        [
            {"label": "ORG", "id": "NATO", "pattern": [{"ORTH": "NATO"}]},
            {"label": "GPE", "id": "JPN", "pattern": [{"ORTH": "Japan"}]},
        ]
    )
    ruler.remove("ORG")
    doc = _hand_doc(["NATO", "and", "Japan"], ["PROPN", "CCONJ", "PROPN"])
    assert _spans(ruler, doc) == [(2, 3, "GPE", "JPN")]
