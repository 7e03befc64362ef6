"""People across articles: find the known person a name is, or start a new one.

The SQL gathers, by index, the known people who can match the name: first those with a form
of exactly its words (the usual case once a name has been seen), else those with a form made
of some of its words or with all of its words; `merge.match_person` decides. Each article's
mention keeps the name as written and the role the article gives, so a person's roles over
time are the dated mentions.
"""

from __future__ import annotations

from itertools import combinations

from allywatch.model.facts import Person
from allywatch.store.backend import Database, now
from allywatch.store.merge import (
    Candidate,
    fold,
    fuller_name,
    key_tokens,
    match_person,
    name_tokens,
    slug,
)

CANDIDATES = """
SELECT p.id, p.country, p.org, n.name_key
FROM people p JOIN person_names n ON n.person_id = p.id
WHERE p.id IN (
  SELECT person_id FROM person_names WHERE token_key = ANY(:keys)
  UNION
  SELECT person_id FROM person_tokens WHERE token = ANY(:tokens)
  GROUP BY person_id HAVING count(*) = :count
)
ORDER BY p.first_seen_at, p.id, n.name
"""
MAX_SUBSET_WORDS = 10  # a longer name (none is) is compared with everyone sharing a word
SHARING_A_WORD = """
SELECT p.id, p.country, p.org, n.name_key
FROM people p JOIN person_names n ON n.person_id = p.id
WHERE p.id IN (SELECT person_id FROM person_tokens WHERE token = ANY(:tokens))
ORDER BY p.first_seen_at, p.id, n.name
"""
UNKEYED = "SELECT person_id, name, name_key FROM person_names WHERE token_key IS NULL"
SET_KEY = """
UPDATE person_names SET token_key = :token_key WHERE person_id = :person_id AND name = :name
"""
PERSON = "SELECT id, name, country, org FROM people WHERE id = :id"
INSERT_PERSON = """
INSERT INTO people (id, name, country, org, article_count, first_seen_at, run_id)
VALUES (:id, :name, :country, :org, 0, :now, :run_id)
"""
UPDATE_PERSON = """
UPDATE people SET name = :name, country = coalesce(country, :country), org = coalesce(org, :org)
WHERE id = :id
"""
INSERT_NAME = """
INSERT INTO person_names (person_id, name, name_key, token_key)
VALUES (:person_id, :name, :name_key, :token_key)
ON CONFLICT DO NOTHING
"""
INSERT_TOKEN = """
INSERT INTO person_tokens (person_id, token) VALUES (:person_id, :token) ON CONFLICT DO NOTHING
"""
NAMED_IN = "SELECT name FROM person_mentions WHERE person_id = :person_id AND article = :article"
COUNT_ARTICLE = "UPDATE people SET article_count = article_count + 1 WHERE id = :id"
RECOUNT_ARTICLES = """
UPDATE people SET article_count = (
  SELECT count(DISTINCT m.article) FROM person_mentions m
  WHERE m.person_id = people.id AND m.retired_at IS NULL)
WHERE id IN (SELECT person_id FROM person_mentions WHERE article = :id)
"""
INSERT_MENTION = """
INSERT INTO person_mentions (person_id, article, name, role, country, org, on_date, run_id)
VALUES (:person_id, :article, :name, :role, :country, :org, :on_date, :run_id)
ON CONFLICT DO NOTHING
"""


def find_person(db: Database, name: str, country: str | None, org: str | None) -> str | None:
    """The id of the known person this name (with country or organisation) is, or None.

    A person with a form of exactly these words is the best match there can be (`SAME`), so
    when one fits, the earliest such person is the answer and nobody else need be read.
    """
    tokens = name_tokens(name)
    same = {"keys": [token_key(tokens)], "tokens": sorted(tokens), "count": -1}
    found = match_person(name, country, org, _candidates(db.fetchall(CANDIDATES, same)))
    if found is not None:
        return found
    return match_person(name, country, org, _candidates(_partial_matches(db, tokens)))


def _partial_matches(db: Database, tokens: frozenset[str]) -> list[dict[str, object]]:
    """People with a form made of some of these words, or with all of them."""
    if len(tokens) > MAX_SUBSET_WORDS:
        return db.fetchall(SHARING_A_WORD, {"tokens": sorted(tokens)})
    words = sorted(tokens)
    keys = [
        token_key(frozenset(s)) for n in range(1, len(words) + 1) for s in combinations(words, n)
    ]
    return db.fetchall(CANDIDATES, {"keys": keys, "tokens": words, "count": len(words)})


def token_key(tokens: frozenset[str]) -> str:
    """A form's identifying words as one indexable string: sorted, space-joined."""
    return " ".join(sorted(tokens))


def key_old_names(db: Database) -> None:
    """Give every name form stored before migration 0003 its `token_key` (once)."""
    rows = db.fetchall(UNKEYED)
    if rows:
        with db.transaction():
            db.executemany(SET_KEY, [_keyed(row) for row in rows])


def _keyed(row: dict[str, object]) -> dict[str, object]:
    key = token_key(key_tokens(str(row["name_key"])))
    return {"person_id": row["person_id"], "name": row["name"], "token_key": key}


def _candidates(rows: list[dict[str, object]]) -> list[Candidate]:
    """One Candidate per person, in the order they were first seen, with all name forms."""
    grouped: dict[str, list[dict[str, object]]] = {}
    for row in rows:
        grouped.setdefault(str(row["id"]), []).append(row)
    return [
        Candidate(
            id=person_id,
            country=_text(named[0]["country"]),
            org=_text(named[0]["org"]),
            names=tuple(key_tokens(str(row["name_key"])) for row in named),
        )
        for person_id, named in grouped.items()
    ]


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def resolve_or_create(db: Database, person: Person, run_id: str) -> str:
    """The person's id, merged into a known person when the rules allow; the name form kept."""
    found = find_person(db, person.name, person.country, person.org)
    if found is None:
        found = _create(db, person, run_id)
    else:
        _enrich(db, found, person)
    _add_name(db, found, person.name)
    return found


def _create(db: Database, person: Person, run_id: str) -> str:
    base = slug(person.name)
    person_id, number = base, 1
    while db.fetchone(PERSON, {"id": person_id}) is not None:
        number += 1
        person_id = f"{base}-{number}"
    db.execute(
        INSERT_PERSON,
        {
            "id": person_id,
            "name": person.name,
            "country": person.country,
            "org": person.org,
            "now": now(),
            "run_id": run_id,
        },
    )
    return person_id


def _enrich(db: Database, person_id: str, person: Person) -> None:
    """Keep the fullest name; fill a country or organisation the person had none of."""
    known = db.fetchone(PERSON, {"id": person_id})
    name = fuller_name(str(known["name"]), person.name) if known else person.name
    db.execute(
        UPDATE_PERSON, {"id": person_id, "name": name, "country": person.country, "org": person.org}
    )


def _add_name(db: Database, person_id: str, name: str) -> None:
    keys = {"name_key": fold(name), "token_key": token_key(name_tokens(name))}
    db.execute(INSERT_NAME, {"person_id": person_id, "name": name, **keys})
    db.executemany(INSERT_TOKEN, [{"person_id": person_id, "token": t} for t in name_tokens(name)])


def add_mention(
    db: Database, person_id: str, person: Person, article: str, day: str | None, run_id: str
) -> None:
    """The person as this article names them, with the role it gives at its date."""
    if db.fetchone(NAMED_IN, {"person_id": person_id, "article": article}) is None:
        db.execute(COUNT_ARTICLE, {"id": person_id})
    db.execute(
        INSERT_MENTION,
        {
            "person_id": person_id,
            "article": article,
            "name": person.name,
            "role": person.role,
            "country": person.country,
            "org": person.org,
            "on_date": day,
            "run_id": run_id,
        },
    )


def recount_articles(db: Database, article: str) -> None:
    """After an article's mentions are retired: its people's article counts, counted again."""
    db.execute(RECOUNT_ARTICLES, {"id": article})
