"""The knowledge base on SQLite and on a real PostgreSQL server: merging across articles,
versions, idempotence, filters, search, export round-trips and refusing what it cannot do.

The documents are built from real texts (tests/store_docs.py): the dev set's gold facts and
facts written from real sentences of the seeds and the official corpus.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import jsonschema
import pandas as pd
import pytest
from store_docs import (
    SEED_MEETING,
    dev_numbers,
    from_gold,
    seed_leverage,
    war_department,
)

import allywatch
from allywatch.model.facts import ArticleFacts, Event
from allywatch.model.facts_json import fact_to_dict, json_schema
from allywatch.store import ArticleRejectedError, Filters, Outcome, Store, StoreError, open_store
from allywatch.store.export import write_json, write_tables
from allywatch.store.migrations import migrations

HOSTILE = [
    '"',
    "*",
    "NEAR(",
    'Koizumi" OR "',
    "')); DROP TABLE facts; --",
    "AND OR NOT",
    "^",
    "(",
    "title:x",
    "-",
    "\x00",
    "😀",
    "a" * 5000,
    "",
    "   ",
]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """One knowledge base per test: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "kb.db")
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture()
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as opened:
        yield opened


def _fill(store: Store) -> None:
    """The two reports of the Pentagon meeting and every dev article with its gold facts."""
    store.add(seed_leverage())
    store.add(war_department())
    for number in dev_numbers():
        store.add(from_gold(number))


def test_store_two_reports_of_one_meeting_are_one_event_with_two_mentions(store: Store) -> None:
    store.add(seed_leverage())
    store.add(war_department())
    found = store.query("events", Filters(country="JPN", since="2026-01-15", until="2026-01-15"))
    assert len(found) == 1
    event = found[0]
    assert (event["event_type"], event["date"], event["countries"]) == (
        "CONSULT",
        "2026-01-15",
        ["JPN", "USA"],
    )
    assert (event["mention_count"], event["source_count"]) == (2, 2)
    assert {m["article"] for m in event["mentions"]} == {
        seed_leverage().article.id,
        war_department().article.id,
    }
    assert "U.S. Department of War (DoD News)" in {m["source"] for m in event["mentions"]}
    assert {m["sentence"][:30] for m in event["mentions"]} == {
        SEED_MEETING[:30],
        "Secretary of War Pete Hegseth ",
    }
    assert [a["name"] for a in event["actors"]] == ["Shinjirō Koizumi", "Pete Hegseth"]


def test_store_phone_call_two_weeks_earlier_stays_its_own_event(store: Store) -> None:
    store.add(seed_leverage())
    store.add(war_department())
    dates = sorted(e["date"] for e in store.query("events", Filters(country="USA")))
    assert dates == ["2026-01-02", "2026-01-15"]


def test_store_one_person_per_real_person_with_name_forms_and_roles_over_time(
    store: Store,
) -> None:
    _fill(store)
    koizumi = store.query("people", Filters(person="koizumi"))
    assert len(koizumi) == 1
    assert set(koizumi[0]["names"]) == {"Koizumi", "Shinjiro Koizumi", "Shinjirō Koizumi"}
    assert koizumi[0]["article_count"] == 2
    hegseth = store.query("people", Filters(person="Hegseth"))[0]
    roles = [(r["role"], r["first_seen"]) for r in hegseth["roles"]]
    assert ("Secretary of War", "2026-01-15") in roles
    assert ("Secretary of Defense", "2026-01-17") in roles
    assert hegseth["role"] == "Secretary of Defense"  # the latest article's


def test_store_same_amount_in_two_articles_is_one_claim_with_two_sources(store: Store) -> None:
    store.add(from_gold(1))
    store.add(from_gold(2))
    claims = store.query("amounts", Filters(country="TWN", type="defense_spending"))
    shared = [c for c in claims if c["value"] == 647e9]
    assert len(shared) == 1
    assert (shared[0]["currency"], shared[0]["year"], shared[0]["source_count"]) == ("TWD", 2025, 2)
    assert {m["published"][:4] for m in shared[0]["mentions"]} == {"2024", "2025"}


def test_store_same_text_twice_adds_nothing(store: Store) -> None:
    _fill(store)
    before = store.counts()
    assert store.add(seed_leverage()) is Outcome.SKIPPED
    assert store.add(from_gold(7)) is Outcome.SKIPPED
    assert store.counts() == before


def test_store_revision_rises_with_each_write_and_not_for_a_known_text(store: Store) -> None:
    start = store.revision()
    store.add(seed_leverage())
    assert store.revision() == start + 1
    store.add(seed_leverage())
    assert store.revision() == start + 1
    store.replace_checks(set(), ())
    assert store.revision() == start + 2


def _new_version(result: ArticleFacts, extra: str) -> ArticleFacts:
    """The same article at the same URL with a paragraph added: a new text, so a new id."""
    article = replace(result.article, text=result.article.text + "\n\n" + extra)
    facts = tuple(
        replace(f, id=f.id.replace(result.article.id, article.id), article=article.id)
        for f in result.facts
    )
    people = tuple(replace(p, articles=(article.id,)) for p in result.people)
    return ArticleFacts(article=article, people=people, facts=facts)


def test_store_changed_text_at_same_url_is_a_version_and_retires_old_facts(store: Store) -> None:
    first = from_gold(7)
    store.add(first)
    second = _new_version(first, "The ministers agreed to meet again next year.")
    assert store.add(second) is Outcome.VERSION
    old, new = store.article(first.article.id), store.article(second.article.id)
    assert old is not None and new is not None
    assert (old["superseded_by"], old["version"], new["version"]) == (second.article.id, 1, 2)
    assert new["superseded_by"] is None
    rows = store.db.fetchall("SELECT article, retired_at, retired_by FROM facts")
    retired = [r for r in rows if r["article"] == first.article.id]
    assert retired and all(
        r["retired_by"] == second.article.id and r["retired_at"] for r in retired
    )
    current = {f["article"] for f in store.facts()}
    assert current == {second.article.id}
    everything, latest = _export(store, everything=True), _export(store)
    assert len(everything["facts"]) == 2 * len(latest["facts"]) == 2 * len(first.facts)


def test_store_older_text_arriving_late_is_stored_as_superseded(store: Store) -> None:
    first = from_gold(7)
    newer = _new_version(first, "The ministers agreed to meet again next year.")
    late = replace(first, article=replace(first.article, published="2025-05-01"))
    store.add(newer)
    assert store.add(late) is Outcome.VERSION
    stored = store.article(late.article.id)
    assert stored is not None and stored["superseded_by"] == newer.article.id
    assert {f["article"] for f in store.facts()} == {newer.article.id}


def _export(store: Store, everything: bool = False) -> dict:  # type: ignore[type-arg]
    out = io.StringIO()
    write_json(store.db, out, everything)
    return json.loads(out.getvalue())


def test_store_export_is_valid_facts_v1_and_round_trips_every_fact(store: Store) -> None:
    _fill(store)
    document = _export(store)
    jsonschema.validate(document, json_schema())
    originals = [seed_leverage(), war_department(), *(from_gold(n) for n in dev_numbers())]
    expected = {f.id: fact_to_dict(f) for r in originals for f in r.facts}
    assert {f["id"]: f for f in document["facts"]} == expected
    assert {a["id"] for a in document["articles"]} == {r.article.id for r in originals}
    koizumi = [p for p in document["people"] if p["name"] == "Shinjiro Koizumi"]
    assert len(koizumi) == 1 and len(koizumi[0]["articles"]) == 2


def test_store_tables_export_one_per_kind(store: Store, tmp_path: Path) -> None:
    _fill(store)
    written = write_tables(store.db, tmp_path / "csv", "csv")
    names = {p.stem for p in written}
    assert {
        "events",
        "amounts",
        "targets",
        "ratios",
        "relations",
        "quotes",
        "people",
        "articles",
        "events_merged",
        "claims",
        "checks",
        "person_roles",
    } <= names
    events = pd.read_csv(tmp_path / "csv" / "events.csv")
    assert len(events) == store.counts()["facts.event"]
    assert {"event_id", "run_id", "allywatch_version", "span_start", "sentence"} <= set(events)
    write_tables(store.db, tmp_path / "pq", "parquet")
    assert len(pd.read_parquet(tmp_path / "pq" / "amounts.parquet")) == 27


@pytest.mark.parametrize(
    ("name", "filters", "expected"),
    [
        ("events", Filters(type="consult", country="IND"), 3),
        ("events", Filters(person="hegseth"), 1),
        ("events", Filters(since="2026-01", until="2026-01-31"), 2),
        ("quotes", Filters(person="Rutte"), 4),
        ("quotes", Filters(text="mess with"), 2),
        ("targets", Filters(country="NATO"), 4),
        ("relations", Filters(country="GBR"), 3),
        ("ratios", Filters(), 1),
        ("people", Filters(type="prime minister", country="JPN"), 3),
        ("people", Filters(since="2026-01-16"), 6),
    ],
)
def test_store_query_filters(store: Store, name: str, filters: Filters, expected: int) -> None:
    _fill(store)
    assert len(store.query(name, filters)) == expected


def test_store_bad_dates_and_names_are_refused_clearly(store: Store) -> None:
    with pytest.raises(ValueError, match="--since must be a date"):
        store.query("events", Filters(since="last week"))
    with pytest.raises(ValueError, match="no query"):
        store.query("facts; DROP TABLE facts")


def test_store_python_api_returns_dataframes(store_url: str) -> None:
    with open_store(store_url) as writable:
        _fill(writable)
    store = allywatch.open(store_url, readonly=True)
    events = store.events(country="JPN", since="2026-01-01")
    assert isinstance(events, pd.DataFrame) and len(events) == 2
    assert {"event_type", "date", "countries", "mentions", "source_count"} <= set(events.columns)
    quotes = store.quotes(person="hegseth")
    assert list(quotes["speaker.name"]) == ["Hegseth"]
    assert store.amounts(country="XXX").empty
    assert len(store.articles(since="2026")) == 4
    store.close()


def test_store_readers_see_each_committed_article_while_a_writer_works(tmp_path: Path) -> None:
    path = tmp_path / "kb.db"
    with open_store(path) as writer:
        writer.add(from_gold(1))
        with open_store(path, readonly=True) as reader:
            for number in (2, 3, 4):
                seen = reader.counts()["articles"]
                with writer.db.transaction():
                    assert reader.counts()["articles"] == seen  # mid-write: the last commit
                    writer.add(from_gold(number))
                assert reader.counts()["articles"] == seen + 1


def test_store_search_finds_articles_and_fact_sentences(store: Store) -> None:
    _fill(store)
    hits = store.search("Pentagon Koizumi")
    articles = [h for h in hits if h["type"] == "article"]
    assert {h["article"] for h in articles} == {
        seed_leverage().article.id,
        war_department().article.id,
    }
    sentences = [h for h in hits if h["type"] == "sentence"]
    assert any(h["text"] == SEED_MEETING and h["kinds"] == ["event"] for h in sentences)
    assert "[[" in articles[0]["text"]
    phrase = store.search('"defense spending" Taiwan')
    assert phrase and all(
        "defense spending" in h["text"].lower().replace("[[", "").replace("]]", "")
        for h in phrase
        if h["type"] == "sentence"
    )


def test_store_search_matches_words_in_text_never_an_article_id(store: Store) -> None:
    store.add(seed_leverage())
    store.add(war_department())
    assert store.search(seed_leverage().article.id) == []
    hits = store.search("Hegseth", limit=1)
    assert [h["type"] for h in hits][:1] == ["article"] and len(hits) > 1
    assert {h["article"] for h in hits} == {hits[0]["article"]}, "sentences of the hit only"


@pytest.mark.parametrize("payload", HOSTILE)
def test_store_search_treats_any_input_as_text(store: Store, payload: str) -> None:
    store.add(seed_leverage())
    hits = store.search(payload)
    assert isinstance(hits, list)
    assert store.counts()["facts"] == 3


def test_store_readonly_connection_cannot_write(store_url: str) -> None:
    with open_store(store_url) as writable:
        writable.add(seed_leverage())
    with open_store(store_url, readonly=True) as readonly:
        assert readonly.counts()["articles"] == 1
        with pytest.raises(StoreError, match="read-only"):
            readonly.add(war_department())
        with pytest.raises(StoreError, match="read-only"):
            readonly.db.execute("DELETE FROM checks")
        assert readonly.counts()["articles"] == 1


def test_store_rejected_article_leaves_nothing_behind(store: Store) -> None:
    store.add(seed_leverage())
    before = store.counts()
    clash = war_department()
    stolen = replace(clash.facts[0], id=seed_leverage().facts[0].id)
    with pytest.raises(ArticleRejectedError):
        store.add(replace(clash, facts=(clash.facts[1], stolen)))
    assert store.counts() == before
    assert store.integrity_check() == "ok"


def test_store_migrations_run_once_and_readonly_refuses_other_schemas(store_url: str) -> None:
    with open_store(store_url) as first:
        names = [r["name"] for r in first.db.fetchall("SELECT name FROM _migrations")]
        assert names == [m.name for m in migrations(first.db.dialect)]
    with open_store(store_url) as again:
        assert again.db.scalar("SELECT count(*) FROM _migrations") == len(names)
        again.db.execute("DELETE FROM _migrations WHERE name = :name", {"name": names[-1]})
    with pytest.raises(StoreError, match="older allywatch"):
        open_store(store_url, readonly=True)


def test_store_integrity_and_event_rows_shaped_for_pages(store: Store) -> None:
    _fill(store)
    assert store.integrity_check() == "ok"
    event = store.query("events", Filters(person="Koizumi"), limit=1)[0]
    assert {
        "id",
        "event_type",
        "mode",
        "context",
        "actors",
        "date",
        "date_precision",
        "location",
        "latitude",
        "longitude",
        "mentions",
    } <= set(event)
    assert {"fact", "article", "span", "sentence", "source", "published"} <= set(
        event["mentions"][0]
    )
    assert isinstance(store.facts("event")[0], dict)
    assert all(
        isinstance(f, dict) and f["kind"] == "event"
        for f in store.facts("event", Filters(country="JPN"))
    )


def test_store_sqlite_full_disk_rolls_back_the_whole_article(tmp_path: Path) -> None:
    path = tmp_path / "full.db"
    with open_store(path) as store:
        store.add(from_gold(1))
        pages = store.db.scalar("PRAGMA page_count")
        store.db.execute(f"PRAGMA max_page_count = {int(pages) + 1}")
        before = store.counts()
        with pytest.raises(StoreError, match="disk is full"):
            store.add(from_gold(2))
        assert store.counts() == before
        assert store.integrity_check() == "ok"
    with open_store(path) as again:
        assert again.add(from_gold(2)) is Outcome.STORED


def test_store_meeting_fact_keeps_provenance(store: Store) -> None:
    store.add(seed_leverage())
    row = store.db.fetchone("SELECT * FROM facts WHERE kind = 'event' ORDER BY id")
    assert row is not None
    event = seed_leverage().facts[0]
    assert isinstance(event, Event)
    assert (row["article"], row["span_start"], row["span_end"]) == (event.article, *event.span)
    assert row["run_id"] and row["allywatch_version"]
    assert json.loads(row["body"]) == fact_to_dict(event)
