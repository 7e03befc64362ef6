"""The indexed person look-up decides exactly as comparing a name with every known person."""

from __future__ import annotations

from itertools import product
from pathlib import Path

import pytest

from allywatch.model.facts import Person
from allywatch.store import new_run, open_store
from allywatch.store.backend import Database
from allywatch.store.merge import match_person
from allywatch.store.people import _candidates, find_person, resolve_or_create
from allywatch.store.write import INSERT_RUN

EVERYONE = """
SELECT p.id, p.country, p.org, n.name_key
FROM people p JOIN person_names n ON n.person_id = p.id
ORDER BY p.first_seen_at, p.id, n.name
"""
# Korean and Chinese surnames shared by many people, names in both orders, bare surnames,
# honorifics and initials: the cases where a look-up by one shared word went wrong or slow.
KNOWN = [
    ("Kim Min-jun", "KOR"),
    ("Kim Ji-woo", "KOR"),
    ("Kim", "PRK"),
    ("Minjun Kim", None),
    ("Lee Jae-myung", "KOR"),
    ("Lee", None),
    ("Wang Yi", "CHN"),
    ("Wang", "CHN"),
    ("Dr. Wang Li Ming", "CHN"),
    ("Yoko Kamikawa", "JPN"),
    ("KAMIKAWA Yoko", "JPN"),
    ("Lloyd J. Austin III", "USA"),
    ("Lloyd Austin", None),
    ("Austin", "USA"),
]
ASKED = [
    "Kim",
    "Kim Min-jun",
    "Min-jun Kim",
    "Kim Ji",
    "Lee",
    "Lee Jae Myung",
    "Wang",
    "Wang Yi",
    "Li Ming Wang",
    "Yoko",
    "Kamikawa",
    "Austin",
    "Lloyd Austin",
    "Gen. Austin",
    "Park",
]
COUNTRIES = [None, "KOR", "CHN", "USA", "PRK"]


def brute_force(db: Database, name: str, country: str | None) -> str | None:
    """The rules applied to every known person, as the look-up did before it used an index."""
    return match_person(name, country, None, _candidates(db.fetchall(EVERYONE)))


@pytest.fixture
def db(tmp_path: Path) -> Database:
    store = open_store(tmp_path / "people.db")
    run = new_run("test", [])
    with store.db.transaction():
        store.db.execute(INSERT_RUN, run.__dict__)
        for name, country in KNOWN:
            resolve_or_create(store.db, Person(name=name, country=country), run.id)
    return store.db


@pytest.mark.parametrize(("name", "country"), list(product(ASKED, COUNTRIES)))
def test_people_lookup_matches_brute_force(db: Database, name: str, country: str | None) -> None:
    assert find_person(db, name, country, None) == brute_force(db, name, country)


def test_people_lookup_merges_and_keeps_apart(db: Database) -> None:
    assert find_person(db, "Min-jun Kim", "KOR", None) == find_person(db, "Kim Min-jun", None, None)
    assert find_person(db, "Kim", "KOR", None) is None  # two Korean Kims: no guess
    assert find_person(db, "Kamikawa", "JPN", None) is not None


def test_people_lookup_keys_names_stored_before_the_index(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with open_store(path) as store:
        run = new_run("test", [])
        with store.db.transaction():
            store.db.execute(INSERT_RUN, run.__dict__)
            known = resolve_or_create(store.db, Person(name="Wang Yi", country="CHN"), run.id)
            store.db.execute("UPDATE person_names SET token_key = NULL")
    with open_store(path) as store:
        assert store.db.scalar("SELECT count(*) FROM person_names WHERE token_key IS NULL") == 0
        assert find_person(store.db, "Yi Wang", "CHN", None) == known
