"""PLOVER events: who met, agreed, urged or aided whom, when and where, one per happening."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
from conftest import SEED_LEVERAGE, SEED_NEW_ERA, dev_article, extracted, facts_of

from allywatch.extract.context import ArticleDoc
from allywatch.extract.events import extract_events
from allywatch.ingest.readers import article_from_json
from allywatch.model.article import Article
from allywatch.model.facts import Event
from allywatch.nlp.pipeline import build_nlp

Fact = dict[str, Any]


def events_of(document: dict[str, Any], event_type: str) -> list[Fact]:
    return [f for f in facts_of(document, "event") if f["event_type"] == event_type]


def countries(event: Fact) -> set[str]:
    return {a["country"] for a in event["actors"] if a["country"]}


def actor(event: Fact, surname: str) -> Fact:
    (found,) = [a for a in event["actors"] if (a["name"] or "").endswith(surname)]
    return found


def only(events: list[Fact], wanted: set[str]) -> Fact:
    found = [e for e in events if countries(e) == wanted]
    assert len(found) == 1, [(e["event_type"], countries(e), e["sentence"][:60]) for e in events]
    return found[0]


@cache
def hand_events(
    text: str, published: str = "2026-01-17", source: str | None = None
) -> tuple[Event, ...]:
    """Events of a hand-written article run through the shared pipeline."""
    article = Article(text=text, published=published, source=source)
    return extract_events(ArticleDoc(article=article, doc=build_nlp()(text)), ())


@cache
def dev_events(number: int) -> tuple[Event, ...]:
    article = article_from_json(dev_article(number))
    return extract_events(ArticleDoc(article=article, doc=build_nlp()(article.text)), ())


# --- the seeds (must show) ------------------------------------------------------------


def test_extract_events_seed_pentagon_visit_from_caption() -> None:
    consults = [e for e in events_of(extracted(SEED_LEVERAGE), "CONSULT") if e["mode"] == "visit"]
    (visit,) = consults
    assert visit["sentence"].startswith("Defense Secretary Pete Hegseth, left, welcomes")
    assert actor(visit, "Koizumi") == {
        "name": "Shinjiro Koizumi",
        "country": "JPN",
        "role": "Defense Minister",
        "side": "source",
    }
    hegseth = actor(visit, "Hegseth")
    assert (hegseth["country"], hegseth["side"]) == ("USA", "recipient")
    assert (visit["date"], visit["date_precision"]) == ("2026-01-15", "day")
    assert visit["location"] == "the Pentagon"
    assert visit["latitude"] == pytest.approx(38.87, abs=0.01)
    assert visit["longitude"] == pytest.approx(-77.06, abs=0.01)


def test_extract_events_seed_trump_takaichi_phone_call() -> None:
    (call,) = [e for e in events_of(extracted(SEED_LEVERAGE), "CONSULT") if e["mode"] == "phone"]
    assert countries(call) == {"USA", "JPN"}
    assert {a["side"] for a in call["actors"]} == {"source"}
    assert actor(call, "Trump")["country"] == "USA"
    assert actor(call, "Takaichi")["country"] == "JPN"
    assert call["date"] == "2026-01-02"
    assert call["location"] is None


def test_extract_events_seed_outcome_of_call_takes_its_date() -> None:
    (agree,) = events_of(extracted(SEED_LEVERAGE), "AGREE")
    assert agree["sentence"].startswith("The leaders agreed")
    assert countries(agree) == {"USA", "JPN"} and agree["date"] == "2026-01-02"


def test_extract_events_seed_koizumi_marles_jog_in_tokyo() -> None:
    document = extracted(SEED_NEW_ERA, "2026-01-01")
    jog = only(events_of(document, "CONSULT"), {"JPN", "AUS"})
    assert jog["sentence"].startswith("Clad in black jerseys")
    assert (jog["date"], jog["location"]) == ("2025-12-07", "Tokyo")
    assert jog["latitude"] == pytest.approx(35.69, abs=0.05)
    # Marles came to Tokyo: the visitor is the source, the host the recipient.
    assert (jog["mode"], actor(jog, "Marles")["side"], actor(jog, "Koizumi")["side"]) == (
        "visit",
        "source",
        "recipient",
    )
    # "After the jog in December" is the same happening, kept as a mention.
    text = document["articles"][0]["text"]
    assert any(text[a:b].startswith("After the jog in December") for a, b in jog["mentions"])


def test_extract_events_seed_talks_with_philippines_and_new_zealand() -> None:
    """Talks with "defense ministers of countries such as the Philippines and New Zealand" are
    separate bilateral talks: one CONSULT each, undated, mode null (only some were by phone)."""
    consults = events_of(extracted(SEED_NEW_ERA, "2026-01-01"), "CONSULT")
    for partner in ("PHL", "NZL"):
        talks = only(consults, {"JPN", partner})
        assert talks["sentence"].startswith("Since taking office in October")
        assert talks["date"] is None and talks["mode"] is None
        assert actor(talks, "Koizumi")["country"] == "JPN"


def test_extract_events_seed_strategy_urges_allies() -> None:
    (demand,) = events_of(extracted(SEED_NEW_ERA, "2026-01-01"), "DEMAND")
    sides = {(a["country"], a["side"]) for a in demand["actors"]}
    assert sides == {("USA", "source"), ("JPN", "recipient"), ("KOR", "recipient")}


# --- the dev set ----------------------------------------------------------------------


def test_extract_events_meeting_and_each_commitment() -> None:
    """dev-07: one visit in New Delhi, and an AGREE per commitment, dated by the meeting."""
    events = dev_events(7)
    (meeting,) = [e for e in events if e.event_type == "CONSULT"]
    assert (meeting.mode, meeting.date, meeting.location) == ("visit", "2025-05-05", "New Delhi")
    sides = {(a.country, a.side) for a in meeting.actors}
    assert sides == {("JPN", "source"), ("IND", "recipient")}
    agreements = [e for e in events if e.event_type == "AGREE"]
    assert len(agreements) == 3
    assert {e.date for e in agreements} == {"2025-05-05"}
    assert all({a.country for a in e.actors} == {"JPN", "IND"} for e in agreements)


def test_extract_events_one_happening_one_event() -> None:
    """dev-10: the Quad meeting is named in the lead, dated in the third sentence and
    discussed later: one multilateral CONSULT on the dated sentence, the rest mentions."""
    events = dev_events(10)
    quad = [
        e
        for e in events
        if e.event_type == "CONSULT"
        and {a.country for a in e.actors} == {"AUS", "IND", "JPN", "USA"}
    ]
    held = [e for e in quad if "future" not in e.context]
    assert len(held) == 1
    (meeting,) = held
    assert meeting.sentence.startswith("The Quadrilateral Security Dialogue (Quad) meeting here")
    assert (meeting.mode, meeting.date, meeting.location) == (
        "multilateral",
        "2025-01-21",
        "Washington",
    )
    assert len(meeting.mentions) >= 2


def test_extract_events_future_summit_keeps_its_year() -> None:
    (summit,) = [e for e in dev_events(10) if "future" in e.context]
    assert (summit.event_type, summit.mode, summit.date, summit.date_precision) == (
        "CONSULT",
        "multilateral",
        "2025",
        "year",
    )


def test_extract_events_conditional_transfer_not_reported() -> None:
    """dev-05: "America will only transfer the submarines ... if the president ..." is no event."""
    aid = [e for e in dev_events(5) if e.event_type == "AID"]
    assert [(e.date, {a.country for a in e.actors}) for e in aid] == [("2025-12", {"AUS", "USA"})]
    sides = {(a.country, a.side) for a in aid[0].actors}
    assert sides == {("AUS", "source"), ("USA", "recipient")}


def test_extract_events_third_party_meeting_and_demand() -> None:
    """dev-06: Hegseth pushes Marles (DEMAND USA -> AUS); they met in Singapore (third-party)."""
    events = dev_events(6)
    (meeting,) = [e for e in events if e.event_type == "CONSULT"]
    assert (meeting.mode, meeting.date) == ("third-party", None)
    demands = [e for e in events if e.event_type == "DEMAND"]
    assert all(
        {(a.country, a.side) for a in e.actors} == {("USA", "source"), ("AUS", "recipient")}
        for e in demands
    )
    assert sorted(str(e.date) for e in demands) == ["2025-03", "None"]


def test_extract_events_joint_statement_criticism_names_implied_target() -> None:
    """dev-08: "With China in mind, the joint statement expressed serious concern ..."."""
    (criticism,) = [e for e in dev_events(8) if e.event_type == "DISAPPROVE"]
    sides = {(a.country, a.side) for a in criticism.actors}
    assert sides == {("GBR", "source"), ("JPN", "source"), ("CHN", "recipient")}
    assert criticism.date == "2025-08-28"


# --- hand-written sentences -------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Japanese Defense Minister Shinjiro Koizumi did not meet Richard Marles on Thursday.",
        "Japanese Defense Minister Shinjiro Koizumi never visited Australia.",
        "If Koizumi meets Marles in Canberra, they will sign a pact.",
        "Koizumi underscored the need to strengthen cooperation with Australia.",
    ],
)
def test_extract_events_not_reported_acts_give_no_event(text: str) -> None:
    assert hand_events(text) == ()


def test_extract_events_host_and_visitor() -> None:
    (visit,) = hand_events("Prime Minister Anthony Albanese visited Tokyo on Monday.")
    assert (visit.event_type, visit.mode, visit.date) == ("CONSULT", "visit", "2026-01-12")
    assert {(a.country, a.side) for a in visit.actors} == {("AUS", "source"), ("JPN", "recipient")}


@pytest.mark.parametrize(
    ("text", "event_type", "sides"),
    [
        (
            "The United States urged Japan to raise its defense spending.",
            "DEMAND",
            {("USA", "source"), ("JPN", "recipient")},
        ),
        (
            "China criticized the Philippines over the incident.",
            "DISAPPROVE",
            {("CHN", "source"), ("PHL", "recipient")},
        ),
        (
            "Japan sent $50 million in military aid to the Philippines.",
            "AID",
            {("JPN", "source"), ("PHL", "recipient")},
        ),
        (
            "Japanese and American forces held joint exercises near Okinawa.",
            "COOPERATE",
            {("JPN", "source"), ("USA", "source")},
        ),
        (
            "Japan and the Philippines signed the Reciprocal Access Agreement.",
            "SUPPORT",
            {("JPN", "source"), ("PHL", "source")},
        ),
        (
            "Russia launched missile strikes on Ukraine.",
            "ASSAULT",
            {("RUS", "source"), ("UKR", "recipient")},
        ),
    ],
)
def test_extract_events_plover_types_and_sides(
    text: str, event_type: str, sides: set[tuple[str, str]]
) -> None:
    found = [e for e in hand_events(text) if e.event_type == event_type]
    assert len(found) == 1, hand_events(text)
    assert {(a.country, a.side) for a in found[0].actors} == sides


def test_extract_events_cooperation_has_military_context() -> None:
    (drill,) = hand_events("Japanese and American forces held joint exercises near Okinawa.")
    assert "military" in drill.context
