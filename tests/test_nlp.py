"""Our spaCy components: known actors and titles marked before the NER, quotes with their
attributing verb and subject."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from allywatch.nlp.actors import ROLE, titles
from allywatch.nlp.pipeline import build_nlp
from allywatch.nlp.quotes import QUOTES_KEY, quote_offsets


def _ents(text: str) -> list[tuple[str, str, str]]:
    return [(e.text, e.label_, e.ent_id_) for e in build_nlp()(text).ents]


def test_nlp_pipeline_order() -> None:
    names = build_nlp().pipe_names
    assert names.index("allywatch_actors") < names.index("ner")
    assert names.index("parser") < names.index("allywatch_quotes")


def test_nlp_actors_title_is_not_an_organisation() -> None:
    """The bare model reads "Defense" in "Defense Minister" as an ORG."""
    ents = _ents("Japanese Defense Minister Shinjiro Koizumi arrived in Washington.")
    assert ents[:3] == [
        ("Japanese", "NORP", "JPN"),
        ("Defense Minister", ROLE, "Defense Minister"),
        ("Shinjiro Koizumi", "PERSON", "Shinjiro Koizumi"),
    ]
    assert not any(label == "ORG" for _, label, _ in ents)


@pytest.mark.parametrize(
    "text",
    [
        "This was in response to Trump’s vocal dissatisfaction with low spending levels.",
        "On Jan. 2, Trump spoke on the phone with the prime minister.",
    ],
)
def test_nlp_actors_known_surname_is_a_person(text: str) -> None:
    assert ("Trump", "PERSON", "") in _ents(text)


def test_nlp_actors_organisations_and_documents() -> None:
    ents = _ents(
        "The Quad and the Pentagon cited the National Security Strategy, the Dutchman said."
    )
    assert ("Quad", "ORG", "QUAD") in ents
    assert ("Pentagon", "ORG", "USA-DOD") in ents
    assert ("National Security Strategy", "LAW", "National Security Strategy") in ents
    assert ("Dutchman", "NORP", "NLD") in ents


@pytest.mark.parametrize(
    ("text", "role", "key"),
    [
        ("AFP Chief of Staff Gen. Romeo Brawner Jr. spoke.", "Gen.", "General"),
        ("DND Sec. Gilberto Teodoro Jr. spoke.", "Sec.", "Secretary"),
        ("NATO secretary-general Mark Rutte spoke.", "secretary-general", "Secretary General"),
        ("Subrahmanyam Jaishankar, the Indian minister of external affairs, spoke.",
         "minister of external affairs", "Foreign Minister"),
    ],
)  # fmt: skip
def test_nlp_actors_titles_any_case_and_abbreviated(text: str, role: str, key: str) -> None:
    assert (role, ROLE, key) in _ents(text)


def test_nlp_actors_title_lexicon_is_consistent() -> None:
    kinds = {t.kind for t in titles().values()}
    assert kinds == {"office", "rank", "honorific"}
    assert titles()["Secretary of State"].country == "USA"


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("He said “we are ready,” and left.", ["we are ready,"]),
        ('He said "we are ready" and "we will act".', ["we are ready", "we will act"]),
        ("“Open at the end.\n\n“Second,” she said.", ["Open at the end.", "Second,"]),
        ("It's Japan’s “quasi-ally,” he said.", ["quasi-ally,"]),
        ("No quotes here.", []),
    ],
)
def test_nlp_quote_offsets(text: str, quoted: list[str]) -> None:
    assert [text[a:b] for a, b in quote_offsets(text)] == quoted


def _quote_parts(doc: Doc) -> list[tuple[str, str | None, str | None]]:
    parts = []
    for span in doc.spans[QUOTES_KEY]:
        cue, speaker = span._.quote_cue, span._.quote_speaker
        parts.append(
            (
                span.text,
                doc[cue].text if cue is not None else None,
                doc[speaker[0] : speaker[1]].text if speaker is not None else None,
            )
        )
    return parts


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("“We will act,” said Lee.", [("We will act,", "said", "Lee")]),
        ("“We will act,” Prime Minister Fumio Kishida told reporters.",
         [("We will act,", "told", "Prime Minister Fumio Kishida")]),
        ("Though details remain classified, he highlighted key needs: “We need more tanks.”",
         [("We need more tanks.", "highlighted", "he")]),
        ("The four nations issued a joint statement, which said, “We oppose coercion.”",
         [("We oppose coercion.", "said", "a joint statement")]),
        ("Australia is Japan’s “quasi-ally,” and ties are deepening.",
         [("quasi-ally,", None, None)]),
    ],
)  # fmt: skip
def test_nlp_quotes_cue_and_speaker(text: str, parts: list[tuple[str, str, str]]) -> None:
    assert _quote_parts(build_nlp()(text)) == parts


def test_nlp_quotes_warning_given_by() -> None:
    """A quote standing alone, attributed by the next sentence's agent."""
    doc = build_nlp()(
        "“Don’t mess with us.”\n\nThis was the stern warning given by the Armed Forces of the "
        "Philippines (AFP) and the United States Armed Forces on Friday."
    )
    ((text, _, speaker),) = _quote_parts(doc)
    assert text == "Don’t mess with us."
    assert speaker == (
        "the Armed Forces of the Philippines (AFP) and the United States Armed Forces"
    )
