"""Where an article's events happened: a mention as a location, the dateline's place, the article's main place.

The event coder tries, for each event, a place in the event's own clause or sentence (``source="sentence"``),
then the dateline's place (``"dateline"``), then the article's dominant place (``"article"``); this module gives
the last two and turns any place mention into a ``Location``.

Coordinates (``location_of``):
  * a city or other place the gazetteer found: its own coordinates;
  * a country, or a demonym that stands for one ("Iraqi"): the country's centroid (``gazetteer.country_centroid``);
  * a place with a country but no coordinates: a city of that country by that name when the gazetteer has one
    (the model may have read a dateline's "EDINBURGH" as a person, which entities then placed as a region);
    else a region or constituent country ("Kent", "Texas", "Scotland"): its own name and country, with the
    country's centroid as coordinates, as GDELT does for places it can only resolve to a country. Nothing
    better is known from the mention alone; a caller that has a city of the same country in the same sentence
    should prefer that city.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from transforms import gazetteer
from transforms.datelines import match_dateline
from transforms.entities import PLACE_LABELS, Mention
from transforms.nlp import Segment

SOURCES = ("sentence", "dateline", "article")

# The dominant-place rule, tuned on the BBC politics articles (benchmarks/places.py): a country is the article's
# place when its place mentions (title ones counted twice) are at least MIN_MENTIONS and at least LEAD times those
# of the runner-up; one of its cities stands for it when that city has at least MIN_MENTIONS mentions, LEAD times
# the country's next city, and CITY_SHARE of the country's count.
MIN_MENTIONS = 2
LEAD = 1.5
CITY_SHARE = 0.5
TITLE_WEIGHT = 2


@dataclass(frozen=True)
class Location:
    text: str | None  # the place's name: the city or region as the gazetteer names it, the country's name
    country: str  # ISO alpha-3
    lat: float | None
    lon: float | None
    source: str  # "sentence", "dateline" or "article"


def is_city(m: Mention) -> bool:
    """A place with its own coordinates (a city, a town)."""
    return m.lat is not None and m.lon is not None and not m.is_country


def is_place(m: Mention) -> bool:
    """A mention that places the story in a country: a country, city or region, or a demonym ("Iraqi")."""
    return bool(m.country) and (m.label in PLACE_LABELS or m.label == "NORP" or m.is_country)


def location_of(m: Mention, text: str, source: str) -> Location | None:
    """The location a place mention gives (``text``: the mention as written); None when it has no country."""
    if source not in SOURCES:
        raise ValueError(f"unknown location source {source!r}")
    if not m.country:
        return None
    if is_city(m):
        return Location(m.name or text, m.country, m.lat, m.lon, source)
    lat, lon = gazetteer.country_centroid(m.country) or (None, None)
    if m.is_country or m.label == "NORP":
        return country_location(m.country, source)
    town = gazetteer.city(text, prefer_country=m.country)
    if town is not None and town.country_code == m.country:  # a city the model took for a person ("EDINBURGH")
        return Location(town.name, m.country, town.lat, town.lon, source)
    return Location(m.name or text, m.country, lat, lon, source)  # a region: the country's centroid


def country_location(country: str, source: str) -> Location:
    """A country as a location: its name and centroid."""
    lat, lon = gazetteer.country_centroid(country) or (None, None)
    return Location(gazetteer.country_name(country) or country, country, lat, lon, source)


def _char_start(seg: Segment, m: Mention) -> int:
    return seg.doc[m.start].idx


def dateline_place(segments: Sequence[Segment], mentions: Sequence[Mention]) -> Mention | None:
    """The place of a wire dateline opening the first body paragraph ("MOSCOW, Feb 23 (Reuters) -"), when a
    mention with a country starts it: its city when the dateline names one ("KABUL, Afghanistan"), else the
    country or region. None without a dateline or when no such mention is found there."""
    first = next((i for i, s in enumerate(segments) if not s.in_title), None)
    if first is None:
        return None
    seg = segments[first]
    dateline = match_dateline(seg.source or seg.doc.text)
    if dateline is None:
        return None
    inside = [m for m in mentions if m.seg == first and _char_start(seg, m) < dateline.place_end]
    if not inside or _char_start(seg, min(inside, key=lambda m: m.start)) != 0:
        return None  # the dateline must open with a named place
    placed = [m for m in sorted(inside, key=lambda m: m.start) if m.country]
    return next((m for m in placed if is_city(m)), placed[0] if placed else None)


def _weight(segments: Sequence[Segment], m: Mention) -> int:
    return TITLE_WEIGHT if segments[m.seg].in_title else 1


def _clear_lead(counts: Counter) -> object | None:
    """The top key of ``counts`` when it has at least MIN_MENTIONS and LEAD times the runner-up, else None."""
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < MIN_MENTIONS:
        return None
    if len(ranked) > 1 and ranked[0][1] < LEAD * ranked[1][1]:
        return None
    return ranked[0][0]


def _person_tokens(mentions: Sequence[Mention]) -> set[tuple[int, int]]:
    return {(m.seg, i) for m in mentions if m.label == "PERSON" for i in range(m.start, m.end)}


def _nationality(m: Mention, segments: Sequence[Segment], persons: set[tuple[int, int]]) -> bool:
    """A demonym that describes a named person ("Australian Lynton Crosby", "Lynton Crosby, the Australian
    strategist"): the person's nationality, not where the story is."""
    if m.label != "NORP":
        return False
    head = segments[m.seg].doc[m.end - 1].head
    described = [head, *(c for c in head.children if c.dep_ in ("appos", "compound"))]
    if head.dep_ == "appos":
        described.append(head.head)
    return any((m.seg, t.i) in persons for t in described)


def dominant_place(segments: Sequence[Segment], mentions: Sequence[Mention]) -> Mention | None:
    """The article's place when it is plainly about one country (see the rule above): the country's dominant
    city when one clearly dominates, else a mention of the country itself (``_country_mention``). None when no
    country leads clearly. A demonym describing a named person is his nationality and does not count."""
    persons = _person_tokens(mentions)
    places = [m for m in mentions if is_place(m) and not _nationality(m, segments, persons)]
    by_country: Counter = Counter()
    for m in places:
        by_country[m.country] += _weight(segments, m)
    country = _clear_lead(by_country)
    if country is None:
        return None
    ours = [m for m in places if m.country == country]
    cities: Counter = Counter()
    for m in ours:
        if is_city(m):
            cities[m.key] += _weight(segments, m)
    city = _clear_lead(cities)
    if city is not None and cities[city] >= CITY_SHARE * by_country[country]:
        return next(m for m in ours if m.key == city)
    return _country_mention(ours, country)


def _country_mention(ours: list[Mention], country: str) -> Mention:
    """The first mention of the country by name, else by demonym; else (only its cities and regions are named)
    the first of those, standing for the whole country: no coordinates of its own, the country's name."""
    named = [m for m in ours if m.is_country or m.label == "NORP"]
    if named:
        return min(named, key=lambda m: (not m.is_country, m.seg, m.start))
    first = min(ours, key=lambda m: (m.seg, m.start))
    return replace(first, label="GPE", is_country=True, lat=None, lon=None, capital=False, key=("GPE", country),
                   name=gazetteer.country_name(country) or first.name)
