"""Reference tables: lookups by name and date, geocoding, and the integrity of the data files."""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import date
from itertools import pairwise

import pycountry
import pytest

from allywatch.reference import (
    document_for,
    geocode,
    holders_at,
    is_capital_name,
    known_person,
    organisation_code,
    organisation_country,
    organisations,
    role_at,
    role_spells,
    roles_at,
    state_code,
    state_name,
    states,
    vintage,
)
from allywatch.reference.actors import data_text

ISO3 = {c.alpha_3 for c in pycountry.countries}


# --------------------------------------------------------------------------- states


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        # names and short forms
        ("United States", "USA"),
        ("the United States", "USA"),
        ("U.S.", "USA"),
        ("US", "USA"),
        ("USA", "USA"),
        ("America", "USA"),
        ("UNITED STATES", "USA"),
        ("China's", "CHN"),
        ("China’s", "CHN"),
        ("PRC", "CHN"),
        ("Republic of Korea", "KOR"),
        ("ROK", "KOR"),
        ("DPRK", "PRK"),
        ("Taiwan", "TWN"),
        ("the Philippines", "PHL"),
        ("U.K.", "GBR"),
        ("UK", "GBR"),
        ("Britain", "GBR"),
        ("Viet Nam", "VNM"),
        ("Türkiye", "TUR"),
        # demonyms and adjectives
        ("American", "USA"),
        ("Japanese", "JPN"),
        ("Chinese", "CHN"),
        ("South Korean", "KOR"),
        ("North Korean", "PRK"),
        ("Taiwanese", "TWN"),
        ("Australian", "AUS"),
        ("Philippine", "PHL"),
        ("Filipino", "PHL"),
        ("Indian", "IND"),
        ("British", "GBR"),
        ("Italian", "ITA"),
        ("Dutch", "NLD"),
        # capital metonyms
        ("Washington", "USA"),
        ("Beijing", "CHN"),
        ("Tokyo", "JPN"),
        ("Seoul", "KOR"),
        ("Pyongyang", "PRK"),
        ("Taipei", "TWN"),
        ("Canberra", "AUS"),
        ("Manila", "PHL"),
        ("Wellington", "NZL"),
        ("New Delhi", "IND"),
        ("Moscow", "RUS"),
        ("London", "GBR"),
        ("Paris", "FRA"),
        ("Berlin", "DEU"),
        ("Hanoi", "VNM"),
        ("Jakarta", "IDN"),
        ("Ottawa", "CAN"),
        ("Rome", "ITA"),
    ],
)
def test_reference_state_code(name: str, iso3: str) -> None:
    assert state_code(name) == iso3


@pytest.mark.parametrize("name", ["us", "Atlantis", "", "the", "Brussels", "NATO"])
def test_reference_state_code_unknown(name: str) -> None:
    assert state_code(name) is None


@pytest.mark.parametrize(
    ("name", "capital"),
    [("Washington", True), ("Tokyo", True), ("the Philippines", False), ("Japanese", False)],
)
def test_reference_is_capital_name(name: str, capital: bool) -> None:
    assert is_capital_name(name) is capital


@pytest.mark.parametrize(
    ("iso3", "name"), [("KOR", "South Korea"), ("TWN", "Taiwan"), ("USA", "United States")]
)
def test_reference_state_name(iso3: str, name: str) -> None:
    assert state_name(iso3) == name


def test_reference_states_cover_region_and_nato() -> None:
    codes = {s.iso3 for s in states()}
    region = {"USA", "JPN", "CHN", "KOR", "PRK", "TWN", "AUS", "NZL", "PHL", "IND", "IDN", "VNM"}
    nato = {"ALB", "BEL", "BGR", "CAN", "HRV", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC"}
    nato |= {"HUN", "ISL", "ITA", "LVA", "LTU", "LUX", "MNE", "NLD", "MKD", "NOR", "POL", "PRT"}
    nato |= {"ROU", "SVK", "SVN", "ESP", "SWE", "TUR", "GBR", "USA"}
    assert region | nato <= codes
    assert codes <= ISO3 | {"TWN"}


def test_reference_state_names_are_unambiguous() -> None:
    owner: dict[str, str] = {}
    for s in states():
        for name in (*s.names, *s.demonyms, *s.capitals):
            assert owner.setdefault(name, s.iso3) == s.iso3, name


# --------------------------------------------------------------------------- organisations


@pytest.mark.parametrize(
    ("name", "code", "country"),
    [
        ("NATO", "NATO", None),
        ("Nato", "NATO", None),
        ("North Atlantic Treaty Organization", "NATO", None),
        ("the European Union", "EU", None),
        ("ASEAN", "ASEAN", None),
        ("the Quad", "QUAD", None),
        ("UN Security Council", "UN", None),
        ("AUKUS", "AUKUS", None),
        ("G7", "G7", None),
        ("the Pentagon", "USA-DOD", "USA"),
        ("the White House", "USA-WH", "USA"),
        ("State Department", "USA-DOS", "USA"),
        ("Self-Defense Forces", "JPN-SDF", "JPN"),
        ("Ground Self-Defense Force", "JPN-SDF", "JPN"),
        ("People's Liberation Army", "CHN-PLA", "CHN"),
        ("PLA", "CHN-PLA", "CHN"),
        ("Australian Defence Force", "AUS-ADF", "AUS"),
        ("Armed Forces of the Philippines", "PHL-AFP", "PHL"),
        ("USFK", "USA-USFK", "USA"),
        ("the Kremlin", "RUS-GOV", "RUS"),
    ],
)
def test_reference_organisation(name: str, code: str, country: str | None) -> None:
    assert organisation_code(name) == code
    assert organisation_country(name) == country
    assert organisation_country(code) == country


def test_reference_organisations_valid() -> None:
    codes = [o.code for o in organisations()]
    assert len(codes) == len(set(codes))
    for org in organisations():
        assert org.country is None or org.country in ISO3 | {"TWN"}, org.code
        assert org.names, org.code


@pytest.mark.parametrize(
    ("name", "canonical", "country"),
    [
        ("NSS", "National Security Strategy", None),
        ("National Defense Strategy", "National Defense Strategy", None),
        ("National Defense Program Guidelines", "National Defense Program Guidelines", "JPN"),
        ("Defense Buildup Program", "Defense Buildup Program", "JPN"),
        ("Quad joint statement", "Quad Joint Statement", None),
    ],
)
def test_reference_document_for(name: str, canonical: str, country: str | None) -> None:
    doc = document_for(name)
    assert doc is not None
    assert (doc.name, doc.country) == (canonical, country)


# --------------------------------------------------------------------------- actors


@pytest.mark.parametrize(
    ("name", "on", "full", "role", "body"),
    [
        ("Koizumi", "2026-01-15", "Shinjiro Koizumi", "Defense Minister", "JPN"),
        ("Kishida", "2023-06-01", "Fumio Kishida", "Prime Minister", "JPN"),
        ("Trump", "2026-01-02", "Donald Trump", "President", "USA"),
        ("Hegseth", "2026-01-15", "Pete Hegseth", "Secretary of Defense", "USA"),
        ("Rutte", "2025-06-23", "Mark Rutte", "Secretary General", "NATO"),
        ("Nakatani", "2025-05-05", "Gen Nakatani", "Defense Minister", "JPN"),
        ("Kihara", "2023-12-14", "Minoru Kihara", "Defense Minister", "JPN"),
        ("Takaichi", "2026-01-02", "Sanae Takaichi", "Prime Minister", "JPN"),
        ("Ishiba", "2025-01-22", "Shigeru Ishiba", "Prime Minister", "JPN"),
        ("Iwaya", "2025-01-22", "Takeshi Iwaya", "Foreign Minister", "JPN"),
        ("Rubio", "2025-01-22", "Marco Rubio", "Secretary of State", "USA"),
        ("Lee Jae Myung", "2025-10-01", "Lee Jae-myung", "President", "KOR"),
        ("William Lai", "2025-03-13", "Lai Ching-te", "President", "TWN"),
        ("Cho Jung-tai", "2025-03-13", "Cho Jung-tai", "Premier", "TWN"),
        ("Marcos", "2024-04-15", "Ferdinand Marcos Jr.", "President", "PHL"),
        ("Rajnath Singh", "2025-05-05", "Rajnath Singh", "Defence Minister", "IND"),
        ("Healey", "2025-08-29", "John Healey", "Defence Secretary", "GBR"),
        ("Shapps", "2023-12-14", "Grant Shapps", "Defence Secretary", "GBR"),
        ("Crosetto", "2023-12-14", "Guido Crosetto", "Defence Minister", "ITA"),
        ("Pedro Sanchez", "2025-06-23", "Pedro Sánchez", "Prime Minister", "ESP"),
        ("Xi", "2026-03-05", "Xi Jinping", "President", "CHN"),
        ("Li Qiang", "2026-03-05", "Li Qiang", "Premier", "CHN"),
        ("Albanese", "2025-05-30", "Anthony Albanese", "Prime Minister", "AUS"),
        ("Kallas", "2025-03-01", "Kaja Kallas", "High Representative", "EU"),
        ("Shinjiro Koizumi", "2026-01-15", "Shinjiro Koizumi", "Defense Minister", "JPN"),
        ("Lloyd J. Austin III", "2024-04-15", "Lloyd Austin", "Secretary of Defense", "USA"),
        (
            "Gilberto Teodoro",
            "2025-05-09",
            "Gilberto Teodoro Jr.",
            "Secretary of National Defense",
            "PHL",
        ),
        ("Jaishankar", "2025-01-22", "Subrahmanyam Jaishankar", "External Affairs Minister", "IND"),
        ("Choe Son-hui", "2024-01-01", "Choe Son Hui", "Foreign Minister", "PRK"),
        ("Stoltenberg", "2023-07-11", "Jens Stoltenberg", "Secretary General", "NATO"),
    ],
)
def test_reference_role_at(name: str, on: str, full: str, role: str, body: str) -> None:
    """``body`` is the ISO3 of the government served, or the organisation when there is none."""
    spell = role_at(name, date.fromisoformat(on))
    assert spell is not None
    assert (spell.name, spell.role, spell.country or spell.org) == (full, role, body)
    assert spell.org is None if spell.country else spell.org == body


@pytest.mark.parametrize(
    ("name", "on"),
    [
        ("Trump", date(2022, 6, 1)),  # between terms
        ("Yoon Suk Yeol", date(2025, 10, 1)),  # removed from office
        ("Wong", date(2025, 1, 22)),  # Penny Wong and Lawrence Wong: ambiguous surname
        ("Nobody Atall", date(2025, 1, 1)),
    ],
)
def test_reference_role_at_none(name: str, on: date) -> None:
    assert role_at(name, on) is None


def test_reference_roles_at_marles_holds_two_roles() -> None:
    spells = roles_at("Marles", date(2025, 5, 30))
    assert [s.role for s in spells] == ["Defence Minister", "Deputy Prime Minister"]
    assert role_at("Richard Marles", date(2025, 5, 30)) == spells[0]


def test_reference_known_person_out_of_office() -> None:
    person = known_person("Trump")
    assert person is not None
    assert (person.name, person.country) == ("Donald Trump", "USA")
    assert known_person("Nobody Atall") is None


def test_reference_holders_at() -> None:
    found = holders_at(date(2025, 5, 5), country="IND", function="defense_minister")
    assert [s.name for s in found] == ["Rajnath Singh"]


def test_reference_actor_rows_valid() -> None:
    for s in role_spells():
        assert s.country is None or s.country in ISO3 | {"TWN"}, s
        assert (s.country is None) != (s.org is None), s
        assert s.end is None or s.start <= s.end, s
        assert s.role and s.function and s.surname, s


def test_reference_actor_terms_do_not_overlap() -> None:
    """Two holders of one role in one country never overlap (handover days excepted)."""
    terms: dict[tuple[str | None, str | None, str], list[tuple[date, date]]] = defaultdict(list)
    for s in role_spells():
        terms[(s.country, s.org, s.role)].append((s.start, s.end or date.max))
    for key, spans in terms.items():
        spans.sort()
        for (_, end), (start, _) in pairwise(spans):
            assert start >= end, key


def test_reference_actor_coverage() -> None:
    today = date(2025, 11, 1)
    for iso3 in ["USA", "JPN", "CHN", "KOR", "TWN", "AUS", "NZL", "PHL", "IND", "GBR", "FRA"]:
        for function in ("defense_minister", "foreign_minister"):
            assert holders_at(today, country=iso3, function=function), (iso3, function)
    for iso3 in ["DEU", "RUS", "IDN", "VNM", "SGP", "CAN", "PRK"]:
        assert holders_at(today, country=iso3), iso3


# --------------------------------------------------------------------------- places


@pytest.mark.parametrize(
    ("place", "lat", "lon"),
    [
        ("the Pentagon", 38.87, -77.06),
        ("Pentagon", 38.87, -77.06),
        ("Tokyo", 35.69, 139.69),
        ("TOKYO", 35.69, 139.69),
        ("Makati", 14.55, 121.02),
        ("Camp Aguinaldo", 14.61, 121.06),
        ("Washington", 38.90, -77.04),
        ("Canberra", -35.28, 149.13),
    ],
)
def test_reference_geocode(place: str, lat: float, lon: float) -> None:
    found = geocode(place)
    assert found is not None
    assert found == pytest.approx((lat, lon), abs=0.05)


@pytest.mark.parametrize("place", ["Xanadu Nowhere", "", "the"])
def test_reference_geocode_unknown(place: str) -> None:
    assert geocode(place) is None


def test_reference_venues_valid() -> None:
    rows = list(csv.DictReader(data_text("venues.csv").splitlines()))
    assert rows
    for row in rows:
        assert -90 <= float(row["lat"]) <= 90 and -180 <= float(row["lon"]) <= 180, row
        assert not row["iso3"] or row["iso3"] in ISO3 | {"TWN"}, row


def test_reference_vintage_covers_data_files() -> None:
    for name in ["states.jsonl", "organisations.jsonl", "documents.jsonl", "actors.csv"]:
        assert name in vintage()
