"""The merge rules on their own (no database), the FTS query cleaner, and a hypothesis
round-trip: any facts-v1 document stored and exported comes back fact for fact."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allywatch.model.article import Article
from allywatch.model.facts import (
    Actor,
    Amount,
    Event,
    Fact,
    FactsDocument,
    Person,
    Quote,
    Relation,
    Speaker,
    Target,
)
from allywatch.model.facts_json import fact_to_dict, json_schema
from allywatch.model.vocab import EVENT_TYPES, MEASURES, RELATION_TYPES
from allywatch.store import open_store
from allywatch.store.export import write_json
from allywatch.store.merge import (
    Candidate,
    claim_id,
    event_window,
    fold,
    fuller_name,
    match_person,
    name_tokens,
)
from allywatch.store.search import search_terms


def _known(person_id: str, country: str | None, *names: str) -> Candidate:
    return Candidate(person_id, country, None, tuple(name_tokens(n) for n in names))


KOIZUMI = _known("koizumi", "JPN", "Shinjiro Koizumi")
KIHARA = _known("kihara", "JPN", "Kihara Minoru")
AUSTIN = _known("austin", "USA", "Lloyd J. Austin III")


@pytest.mark.parametrize(
    ("name", "country", "known", "expected"),
    [
        ("Shinjirō Koizumi", "JPN", [KOIZUMI], "koizumi"),  # accents folded
        ("Koizumi", "JPN", [KOIZUMI], "koizumi"),  # surname + country
        ("Koizumi", None, [KOIZUMI], "koizumi"),  # surname, only one bearer
        ("Minoru Kihara", "JPN", [KIHARA], "kihara"),  # family name first or last
        ("Lloyd Austin", "USA", [AUSTIN], "austin"),  # initials and suffixes dropped
        ("Gen. Lloyd Austin", None, [AUSTIN], "austin"),  # a rank is not a name
        ("Koizumi", "USA", [KOIZUMI], None),  # another country's Koizumi
        ("Junichiro Koizumi", "JPN", [KOIZUMI], None),  # another given name
        (
            "Kim",
            "KOR",
            [_known("a", "KOR", "Kim Yong-hyun"), _known("b", "KOR", "Kim Min-seok")],
            None,
        ),  # two Kims: never guess
        ("Lee Jae-myung", "KOR", [_known("lee", "KOR", "Lee Jae Myung")], "lee"),
    ],
)
def test_store_merge_person_rules(
    name: str, country: str | None, known: list[Candidate], expected: str | None
) -> None:
    assert match_person(name, country, None, known) == expected


def test_store_merge_fold_and_tokens() -> None:
    assert fold("  Shinjirō   KOIZUMI ") == "shinjiro koizumi"
    assert name_tokens("Lloyd J. Austin III") == {"lloyd", "austin"}
    assert name_tokens("Gen Nakatani") == {"gen", "nakatani"}  # a given name, not a rank


@pytest.mark.parametrize(
    ("known", "seen", "kept"),
    [
        ("Koizumi", "Shinjiro Koizumi", "Shinjiro Koizumi"),
        ("MOTEGI Toshimitsu", "Motegi Toshimitsu", "Motegi Toshimitsu"),
        ("Lloyd J. Austin III", "Lloyd Austin", "Lloyd J. Austin III"),
    ],
)
def test_store_merge_keeps_the_fullest_name(known: str, seen: str, kept: str) -> None:
    assert fuller_name(known, seen) == kept


def _days(day: str, delta: int) -> str:
    return str(date.fromisoformat(day) + timedelta(days=delta))


@pytest.mark.parametrize(
    ("event_date", "published", "other_date", "other_published", "same"),
    [
        ("2026-01-15", "2026-01-17", "2026-01-15", "2026-01-15", True),
        ("2026-01-15", None, "2026-01-16", None, True),  # a day apart (time zones)
        ("2026-01-15", None, "2026-01-17", None, False),  # two days apart
        ("2025-06", None, "2025-06", None, True),  # same month, month precision
        ("2025-06", None, "2025-06-12", None, False),  # precisions differ
        (None, "2025-06-23", None, "2025-06-29", True),  # undated, within a week
        (None, "2025-06-23", None, "2025-06-30", False),  # undated, a week apart
        (None, "2025-06-23", "2025-06-23", None, False),  # undated never joins dated
    ],
)
def test_store_merge_event_windows(
    event_date: str | None,
    published: str | None,
    other_date: str | None,
    other_published: str | None,
    same: bool,
) -> None:
    window = event_window(event_date, published)
    assert window is not None
    if other_date is not None:
        inside = window.low is not None and window.low <= other_date <= str(window.high)
    else:
        inside = window.published_low is not None and (
            window.published_low <= str(other_published) <= str(window.published_high)
        )
    assert inside is same


def test_store_merge_claim_ids_ignore_who_said_it() -> None:
    assert claim_id(647e9, "TWD", "TWN", 2025) == claim_id(647000000000, "TWD", "TWN", 2025)
    assert claim_id(647e9, "TWD", "TWN", 2025) != claim_id(647e9, "TWD", "TWN", 2024)


@pytest.mark.parametrize(
    ("typed", "query"),
    [
        ("Koizumi Pentagon", '"Koizumi" "Pentagon"'),
        ('"defense spending" NEAR(x', '"defense spending" "NEAR" "x"'),
        ('unbalanced " quote*', '"unbalanced" "quote"'),
        ("*^-()", None),
        ("", None),
    ],
)
def test_store_search_terms_are_always_plain_words(typed: str, query: str | None) -> None:
    assert search_terms(typed) == query


# --- hypothesis: store -> export round-trip -------------------------------------------------

CODES = st.sampled_from(["USA", "JPN", "CHN", "TWN", "NATO", "AUS", "PHL"])
WORDS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=40)


@st.composite
def documents(draw: st.DrawFn) -> FactsDocument:
    texts = draw(
        st.lists(
            st.text(min_size=30, max_size=200).filter(str.strip),
            min_size=1,
            max_size=3,
            unique_by=lambda t: " ".join(t.split()),
        )
    )
    articles = tuple(
        Article(
            text=t,
            title=draw(st.none() | WORDS),
            url=draw(st.none() | st.just(f"https://example.org/{number}")),  # no versions
            published=draw(st.none() | st.dates().map(str)),
        )
        for number, t in enumerate(texts)
    )
    facts = tuple(f for a in articles for f in draw(st.lists(_fact(a), max_size=4), label="facts"))
    facts = tuple({f.id: f for f in facts}.values())
    people = tuple(
        Person(draw(WORDS), draw(st.none() | WORDS), draw(st.none() | CODES), None, (a.id,))
        for a in articles
    )
    return FactsDocument(articles=articles, people=people, facts=facts)


@st.composite
def _fact(draw: st.DrawFn, article: Article) -> Fact:
    end = draw(st.integers(1, len(article.text)))
    given_fields = {
        "id": f"{article.id}-{draw(st.integers(0, 99))}",
        "article": article.id,
        "sentence": article.text[:end],
        "span": (0, end),
    }
    common = {key: st.just(value) for key, value in given_fields.items()}
    actors = st.lists(
        st.builds(
            Actor,
            st.none() | WORDS,
            st.none() | CODES,
            st.none() | WORDS,
            st.sampled_from(["source", "recipient"]),
        ),
        max_size=3,
    )
    values = st.floats(min_value=0.01, max_value=1e15, allow_nan=False)
    kinds = [
        st.builds(
            Event,
            **common,
            event_type=st.sampled_from(EVENT_TYPES),
            actors=actors.map(tuple),
            date=st.none() | st.dates().map(str),
        ),
        st.builds(
            Amount,
            **common,
            value=values,
            currency=st.sampled_from(["USD", "JPY"]),
            measure=st.sampled_from(MEASURES),
            subject=st.none() | CODES,
            year=st.none() | st.integers(1990, 2040),
        ),
        st.builds(Target, **common, subject=CODES, value=values),
        st.builds(Relation, **common, a=CODES, b=CODES, relation=st.sampled_from(RELATION_TYPES)),
        st.builds(
            Quote, **common, speaker=st.builds(Speaker, WORDS, st.none() | CODES), text=WORDS
        ),
    ]
    return draw(st.one_of(kinds))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_store_round_trip_any_document(document: FactsDocument) -> None:
    with open_store(":memory:") as store:
        store.add_document(document)
        out = io.StringIO()
        write_json(store.db, out)
    exported = json.loads(out.getvalue())
    jsonschema.validate(exported, json_schema())
    assert {f["id"]: f for f in exported["facts"]} == {
        f.id: fact_to_dict(f) for f in document.facts
    }
    assert sorted(a["text"] for a in exported["articles"]) == sorted(
        a.text for a in document.articles
    )
