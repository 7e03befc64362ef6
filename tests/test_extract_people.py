"""People: every named person once, with the role and country the text (or, failing it, the
actor dictionary at the article's date, or the publisher's own government) gives."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
from conftest import dev_article

from allywatch.evaluation import role_matches
from allywatch.extract.context import ArticleDoc
from allywatch.extract.people import extract_people, home_country
from allywatch.ingest.readers import article_from_json
from allywatch.model.article import Article
from allywatch.model.facts import Person
from allywatch.nlp.pipeline import build_nlp


def article_doc(text: str, source: str | None = None, published: str | None = None) -> ArticleDoc:
    """A hand-written article run through the shared pipeline."""
    article = Article(text=text, source=source, published=published)
    return ArticleDoc(article=article, doc=build_nlp()(text))


@cache
def dev_people(number: int) -> tuple[Person, ...]:
    """People of one dev-set article."""
    article = article_from_json(dev_article(number))
    return extract_people(ArticleDoc(article=article, doc=build_nlp()(article.text)))


def _person(people: Any, surname: str) -> dict[str, Any]:
    """The one person whose name ends in `surname`, as a dict (facts-v1 or dataclass)."""
    rows = [p if isinstance(p, dict) else vars(p) for p in people]
    found = [p for p in rows if p["name"].split()[-1] == surname]
    assert len(found) == 1, [p["name"] for p in rows]
    return found[0]


@pytest.mark.parametrize(
    ("surname", "name", "role", "country"),
    [
        ("Hegseth", "Pete Hegseth", "Secretary of Defense", "USA"),
        ("Koizumi", "Shinjiro Koizumi", "Defense Minister", "JPN"),
        ("Trump", "Donald Trump", "President", "USA"),
        ("Takaichi", "Sanae Takaichi", "Prime Minister", "JPN"),
    ],
)
def test_extract_people_leverage_seed(
    leverage_seed: dict[str, Any], surname: str, name: str, role: str, country: str
) -> None:
    person = _person(leverage_seed["people"], surname)
    assert (person["name"], person["country"]) == (name, country)
    assert role_matches(person["role"], role), person["role"]


def test_extract_people_leverage_seed_has_only_the_four(leverage_seed: dict[str, Any]) -> None:
    names = sorted(p["name"] for p in leverage_seed["people"])
    assert names == ["Donald Trump", "Pete Hegseth", "Sanae Takaichi", "Shinjiro Koizumi"]


def test_extract_people_marles_role_from_apposition(new_era_seed: dict[str, Any]) -> None:
    marles = _person(new_era_seed["people"], "Marles")
    assert marles["role"].lower() == "defense minister and deputy prime minister"
    assert marles["country"] == "AUS"
    assert marles["articles"] == [new_era_seed["articles"][0]["id"]]


def test_extract_people_metaphor_is_not_a_person(new_era_seed: dict[str, Any]) -> None:
    """'propping up the entire world order like Atlas': no person Atlas."""
    names = {p["name"] for p in new_era_seed["people"]}
    assert names == {"Shinjiro Koizumi", "Richard Marles", "Donald Trump"}


@pytest.mark.parametrize(
    ("number", "surname", "role", "country", "org"),
    [
        (7, "Singh", "Defense Minister", "IND", None),  # "his Indian counterpart, Rajnath Singh"
        (6, "Marles", "Defence Minister", "AUS", None),  # "his Australian counterpart"
        (14, "Rutte", "Secretary General", None, "NATO"),  # "NATO secretary-general"
        (4, "Yeol", "former President", "KOR", None),  # dictionary: left office before the date
        (1, "Chi-hsien", "comptroller", "TWN", None),  # bare title: the publisher's government
        (2, "Kun-chi", "caucus whip", "TWN", None),  # "(KMT) caucus whip": the party's country
        (10, "Jaishankar", "Minister of External Affairs", "IND", None),  # ", the Indian minister"
        (10, "Rubio", "Secretary of State", "USA", None),  # "as U.S. secretary of state, Marco"
        (12, "Cederholm", "commander of US Joint Task Force Balikatan", "USA", None),
    ],
)
def test_extract_people_dev_roles(
    number: int, surname: str, role: str, country: str | None, org: str | None
) -> None:
    person = _person(dev_people(number), surname)
    assert role_matches(person["role"], role), person["role"]
    assert (person["country"], person["org"]) == (country, org)


def test_extract_people_list_of_titled_names() -> None:
    """'DND Sec. Gilberto Teodoro Jr., AFP Chief of Staff Gen. Romeo Brawner Jr., and ...':
    each title goes with the name after it, not back to the one before."""
    people = {p.name: p for p in dev_people(12)}
    teodoro, brawner = people["Gilberto Teodoro Jr."], people["Romeo Brawner Jr."]
    assert (teodoro.role, teodoro.country) == ("Secretary of National Defense", "PHL")
    assert (brawner.role, brawner.country) == ("Chief of Staff", "PHL")


def test_extract_people_administration_is_not_a_mention() -> None:
    """dev-06 names Trump only in 'the Trump administration'; dev-13 in "Trump's trade war"."""
    assert "Trump" not in {p.name.split()[-1] for p in dev_people(6)}
    assert _person(dev_people(13), "Trump")["name"] == "Trump"


def test_extract_people_mentions_merge_into_fullest_name() -> None:
    ad = article_doc(
        "Defense Minister Shinjiro Koizumi met his counterpart on Monday. "
        "Koizumi said the talks went well, and the defense minister left for Manila.",
        source="Kyodo News",
        published="2026-01-20",
    )
    (koizumi,) = extract_people(ad)
    assert (koizumi.name, koizumi.role, koizumi.country) == (
        "Shinjiro Koizumi",
        "Defense Minister",
        "JPN",
    )
    assert koizumi.articles == (ad.article.id,)


@pytest.mark.parametrize(
    ("text", "name", "role", "country"),
    [
        ("U.S. Ambassador to Japan George Glass said the alliance was strong.",
         "George Glass", "Ambassador to Japan", "USA"),
        ("Chinese Foreign Ministry spokesperson Lin Jian said Beijing would respond.",
         "Lin Jian", "Spokesperson", "CHN"),
        ("The ceremony was attended by Philippine Coast Guard spokesperson Jay Tarriela.",
         "Jay Tarriela", "Spokesperson", "PHL"),
        ("Spanish prime minister Pedro Sánchez objected.",
         "Pedro Sánchez", "Prime Minister", "ESP"),
        ("Former Prime Minister Fumio Kishida also attended.",
         "Fumio Kishida", "former Prime Minister", "JPN"),
    ],
)  # fmt: skip
def test_extract_people_hand_written_titles(text: str, name: str, role: str, country: str) -> None:
    (person,) = extract_people(article_doc(text, source="Reuters", published="2025-06-01"))
    assert (person.name, person.role, person.country) == (name, role, country)


def test_extract_people_dictionary_fills_what_the_text_omits() -> None:
    """No title in the text: the actor dictionary at the article's date gives role and country."""
    text = "Kishida and Albanese discussed submarines, Kishida told reporters."
    people = {p.name: p for p in extract_people(article_doc(text, published="2023-07-01"))}
    assert (people["Kishida"].role, people["Kishida"].country) == ("Prime Minister", "JPN")
    assert (people["Albanese"].role, people["Albanese"].country) == ("Prime Minister", "AUS")


def test_extract_people_stated_role_beats_dictionary() -> None:
    """The text says 'former'; the date alone would not make him so."""
    text = "Former President Donald Trump spoke in Florida."
    (trump,) = extract_people(article_doc(text, published="2023-05-01"))
    assert (trump.role, trump.country) == ("former President", "USA")


@pytest.mark.parametrize(
    "text",
    [
        "Like Hercules, the alliance carries a heavy load, analysts say.",
        "The Biden administration sought to deepen ties with Manila.",
        "The 56th Security Consultative Meeting (SCM) was held in Washington.",
    ],
)
def test_extract_people_not_people(text: str) -> None:
    assert extract_people(article_doc(text, published="2024-06-01")) == ()


@pytest.mark.parametrize(
    ("source", "iso3"),
    [
        ("Taipei Times", "TWN"),
        ("The Japan News (The Yomiuri Shimbun)", "JPN"),
        ("The Federal (PTI)", "IND"),
        ("Some Blog", None),
        (None, None),
    ],
)
def test_extract_people_home_country_of_publisher(source: str | None, iso3: str | None) -> None:
    assert home_country(source) == iso3
