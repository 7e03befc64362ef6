"""Quotes: the words between quotation marks, with the person, body or document that said them,
and a sentence span that holds the quote and its attribution."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
from conftest import DEV, SEED_LEVERAGE, SEED_NEW_ERA, dev_article, extracted, facts_of
from test_extract_people import article_doc

from allywatch.extract.context import ArticleDoc
from allywatch.extract.people import extract_people
from allywatch.extract.quotes import extract_quotes
from allywatch.ingest.readers import article_from_json
from allywatch.model.facts import Quote
from allywatch.nlp.pipeline import build_nlp

NSS = {"name": "National Security Strategy", "country": "USA", "role": "document"}


def quotes_of(ad: ArticleDoc) -> tuple[Quote, ...]:
    return extract_quotes(ad, extract_people(ad))


@cache
def dev_quotes(number: int) -> tuple[Quote, ...]:
    article = article_from_json(dev_article(number))
    return quotes_of(ArticleDoc(article=article, doc=build_nlp()(article.text)))


def _said(quotes: Any, start: str) -> Any:
    """The one quote whose text starts with `start` (facts-v1 dict or Quote)."""
    found = [q for q in quotes if (q["text"] if isinstance(q, dict) else q.text).startswith(start)]
    assert len(found) == 1, [q["text"] if isinstance(q, dict) else q.text for q in quotes]
    return found[0]


def test_extract_quotes_strategy_as_speaker(new_era_seed: dict[str, Any]) -> None:
    """'declared that “…” in his National Security Strategy': the document is the speaker."""
    atlas = _said(facts_of(new_era_seed, "quote"), "the days of the United States")
    assert atlas["text"] == (
        "the days of the United States propping up the entire world order like Atlas are over"
    )
    assert atlas["speaker"] == NSS


@pytest.mark.parametrize(
    "start", ["Deterring a conflict over Taiwan", "we must urge these countries"]
)
def test_extract_quotes_the_strategy_says(new_era_seed: dict[str, Any], start: str) -> None:
    """'the strategy says' is the strategy named before."""
    assert _said(facts_of(new_era_seed, "quote"), start)["speaker"] == NSS


def test_extract_quotes_scare_quotes_are_not_quotes(new_era_seed: dict[str, Any]) -> None:
    """Japan's “quasi-ally” and “Balikatan” have no speaker: no quote."""
    texts = [q["text"] for q in facts_of(new_era_seed, "quote")]
    assert not any("quasi-ally" in t for t in texts)
    assert not any("Balikatan" in q.text for q in dev_quotes(11))


def test_extract_quotes_fragment_with_person(leverage_seed: dict[str, Any]) -> None:
    model = _said(facts_of(leverage_seed, "quote"), "model ally")
    assert model["speaker"]["name"] == "Pete Hegseth"
    assert model["speaker"]["country"] == "USA"


@pytest.mark.parametrize("path", [SEED_LEVERAGE, SEED_NEW_ERA])
def test_extract_quotes_sentence_is_the_text_at_span(path: Any) -> None:
    document = extracted(path, "2026-01-01" if path == SEED_NEW_ERA else None)
    text = document["articles"][0]["text"]
    for quote in facts_of(document, "quote"):
        start, end = quote["span"]
        assert text[start:end] == quote["sentence"]
        assert quote["text"] in quote["sentence"]


@pytest.mark.parametrize("number", range(1, 16))
def test_extract_quotes_dev_sentences_exact(number: int) -> None:
    text = dev_article(number)["text"]
    for quote in dev_quotes(number):
        assert text[quote.span[0] : quote.span[1]] == quote.sentence
        assert not quote.text.endswith(",")


def test_extract_quotes_spanning_sentences() -> None:
    """dev-01: two sentences in one quote; the fact runs from the opening mark to the end of
    the sentence that attributes it, and the next quote in the paragraph has the same speaker."""
    gold = dev_article(1)["gold"]["quotes"]
    first = _said(dev_quotes(1), "We are aware of many discussions")
    assert first.span == tuple(gold[0]["span"])
    assert first.text == gold[0]["text"]
    respect = _said(dev_quotes(1), "We respect the various views")
    assert respect.speaker.name == first.speaker.name == "Hsieh Chi-hsien"


@pytest.mark.parametrize(
    ("number", "start", "speaker"),
    [
        (1, "We will not engage in an arms race", "Hsieh Chi-hsien"),  # “…,” he added.
        (12, "It is only China", "Gilberto Teodoro Jr."),  # “…,” he said.
        (8, "a significant step", "Gen Nakatani"),  # which he called “…”
        (14, "We need a five-fold increase", "Mark Rutte"),  # he highlighted key needs: “…”
    ],
)
def test_extract_quotes_pronoun_speaker(number: int, start: str, speaker: str) -> None:
    assert _said(dev_quotes(number), start).speaker.name == speaker


def test_extract_quotes_split_by_said() -> None:
    """dev-11: “…,” Marcos said. “…”: both halves are his, and Austin inside is not the speaker."""
    first = _said(dev_quotes(11), "US (Defense) Secretary (Lloyd) Austin")
    second = _said(dev_quotes(11), "If any Filipino serviceman is killed")
    assert first.speaker.name == second.speaker.name == "Ferdinand Marcos Jr."
    assert (first.speaker.country, first.speaker.role) == ("PHL", "President")


def test_extract_quotes_continuation_paragraph() -> None:
    """dev-06: a paragraph that is only a quote continues the speaker of the paragraph before."""
    quote = _said(dev_quotes(6), "We have done a lot already")
    assert quote.speaker.name == "Richard Marles"


def test_extract_quotes_body_and_joint_statement() -> None:
    ministry = _said(dev_quotes(3), "reintroduces the consumer price index")
    assert (ministry.speaker.name, ministry.speaker.country) == (
        "Ministry of Foreign Affairs",
        "KOR",
    )
    statements = [_said(dev_quotes(10), s).speaker.name for s in ("We also", "to reaffirm")]
    assert statements == ["joint statement", "joint statement"]


def test_extract_quotes_straight_marks() -> None:
    """dev-15 and dev-14 use straight double quotes."""
    kishida = _said(dev_quotes(15), "We hope to contribute")
    assert kishida.speaker.name == "Fumio Kishida"
    assert kishida.sentence.startswith('"We hope')
    rutte = _said(dev_quotes(14), "remains the greatest threat")
    assert rutte.text == "remains the greatest threat to our alliance"


def test_extract_quotes_all_dev_quotes_found() -> None:
    """Every gold quote of the dev set is found with the gold speaker's surname."""
    for path in sorted(DEV.glob("*.json")):
        number = int(path.stem)
        for gold in dev_article(number)["gold"]["quotes"]:
            found = _said(dev_quotes(number), gold["text"][:25])
            assert gold["speaker"].split()[-1].lower() in found.speaker.name.lower()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“We will respond firmly,” Lin told reporters.", [("We will respond firmly", "Lin")]),
        ('Prime Minister Fumio Kishida spoke on Monday. He said, "This is unacceptable." '
         '"We will act," he added.',
         [("This is unacceptable.", "Fumio Kishida"), ("We will act", "Fumio Kishida")]),
        ("“We will cooperate where we can, disagree where we must,” said Albanese.",
         [("We will cooperate where we can, disagree where we must", "Albanese")]),
        ("“We are ready to defend every inch of our territory.\n\n“We will not back down,” "
         "Philippine Coast Guard spokesperson Jay Tarriela said.",
         [("We are ready to defend every inch of our territory.", "Jay Tarriela"),
          ("We will not back down", "Jay Tarriela")]),
        ("Taiwan’s defense ministry said it tracked 20 aircraft. “The PLA’s actions undermine "
         "peace,” the ministry said.",
         [("The PLA’s actions undermine peace", "Taiwan’s defense ministry")]),
        ("According to a statement from the Philippine Coast Guard, the ship was “rammed.” "
         "“This is a clear violation,” according to the statement.",
         [("rammed.", "statement from the Philippine Coast Guard"),
          ("This is a clear violation", "statement from the Philippine Coast Guard")]),
        ("“China’s actions must stop,” said the State Department spokesperson, Matthew Miller.",
         [("China’s actions must stop", "Matthew Miller")]),
        ("President Yoon Suk Yeol said, “We will respond.” His office added that Seoul "
         "“remains committed to dialogue.”",
         [("We will respond.", "Yoon Suk Yeol"),
          ("remains committed to dialogue.", "Yoon Suk Yeol's office")]),
        ("Hegseth called the maneuvers “provocative” and “dangerous.”",
         [("provocative", "Hegseth"), ("dangerous.", "Hegseth")]),
    ],
)  # fmt: skip
def test_extract_quotes_hand_written(text: str, expected: list[tuple[str, str]]) -> None:
    ad = article_doc(text, source="Reuters", published="2023-06-01")
    assert [(q.text, q.speaker.name) for q in quotes_of(ad)] == expected
