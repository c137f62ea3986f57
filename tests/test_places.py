"""Places: country centroids, the gazetteer's place names, datelines, and the locations of an article."""

from __future__ import annotations

import pytest

from transforms import gazetteer


def test_country_centroids_lie_in_their_country_mainland():
    # (lat, lon) boxes around each country's largest landmass: France without its overseas departments, Norway
    # without Svalbard, Russia across the antimeridian, the contiguous United States without Alaska
    boxes = {"FRA": (42, 51, -5, 8), "NOR": (58, 71, 4, 31), "RUS": (50, 70, 60, 120), "USA": (30, 45, -110, -85),
             "GBR": (50, 59, -6, 2), "SYR": (32, 37, 35, 42), "CHL": (-45, -25, -75, -68), "FJI": (-19, -16, 177, 179),
             "IDN": (-9, 6, 95, 141), "CAN": (45, 65, -115, -80), "HRV": (42, 47, 13, 19), "ITA": (37, 46, 7, 18)}
    for iso3, (lat0, lat1, lon0, lon1) in boxes.items():
        lat, lon = gazetteer.country_centroid(iso3)
        assert lat0 < lat < lat1 and lon0 < lon < lon1, (iso3, lat, lon)


def test_small_states_take_their_capital_and_unknown_codes_none():
    assert gazetteer.country_centroid("VAT") == pytest.approx((41.90, 12.45), abs=0.05)  # Vatican City
    assert gazetteer.country_centroid("SGP") == pytest.approx((1.29, 103.85), abs=0.1)
    assert gazetteer.country_centroid("XXX") is None


def test_gazetteer_place_names():
    assert gazetteer.city("Africa") is None  # not Mahdia, Tunisia, once so called
    assert gazetteer.city("Islamabad").country_code == "PAK"  # a capital is not Chattogram's old name
    assert gazetteer.city("New Delhi").name == "New Delhi"
    # constituent countries and regions that countrynames knows by subdivision code
    assert [gazetteer.country_code(n) for n in ("Scotland", "Wales", "Northern Ireland", "Kurdistan")] == [
        "GBR", "GBR", "GBR", "IRQ"]
    assert gazetteer.country_code("Kashmir") is None  # disputed: no country


@pytest.mark.parametrize(("text", "place", "date", "source"), [
    ("MOSCOW, Feb 23 (Reuters) - Russia and China", "MOSCOW", "Feb 23", "Reuters"),
    ("WASHINGTON (AP) — The Senate voted", "WASHINGTON", None, "AP"),
    ("LONDON, March 3, 2012 (AFP) - The", "LONDON", "March 3, 2012", "AFP"),
    ("GAZA CITY, Jan 5 - Israeli aircraft", "GAZA CITY", "Jan 5", None),
    ("LONDON - Britain's opposition", "LONDON", None, None),
    ("LONDON — Britain's opposition", "LONDON", None, None),
    ("ISLAMABAD: Prime Minister", "ISLAMABAD", None, None),
    ("Kabul, Afghanistan — A suicide bomber", "Kabul, Afghanistan", None, None),
    ("NEW DELHI, India, 23 February - Indian police", "NEW DELHI, India", "23 February", None),
    ("SAN FRANCISCO, Calif. (Reuters) - Twitter", "SAN FRANCISCO, Calif.", None, "Reuters"),
    ("Moscow (Reuters) - The Kremlin", "Moscow", None, "Reuters"),
    ("Gaza City, Jan. 5 (AP) — Israeli", "Gaza City", "Jan. 5", "AP"),
    ("KABUL, Afghanistan, Jan. 5, 2010 (AP) — Kenyan", "KABUL, Afghanistan", "Jan. 5, 2010", "AP"),
    ("LONDON 1996-08-30", "LONDON", "1996-08-30", None),
    ("MEXICO CITY (AP) _ Police said", "MEXICO CITY", None, "AP"),
    ("JERUSALEM, March 3 /PRNewswire/ -- The company", "JERUSALEM", "March 3", "PRNewswire"),
    ("BEIRUT, Lebanon, March 3 (AP) — The army", "BEIRUT, Lebanon", "March 3", "AP"),
])
def test_dateline_variants(text, place, date, source):
    from transforms.datelines import match_dateline

    found = match_dateline(text)
    assert (found.place, found.date, found.source) == (place, date, source)
    assert text[found.place_end] in ", :" and found.place == text[:found.place_end]  # the place ends at a word


@pytest.mark.parametrize("text", ["Labour - the party of government", "Labour: the party", "Mr Blair said - no",
                                  "Russia and China on Thursday rejected", "Gaza - the strip"])
def test_no_dateline(text):
    from transforms.datelines import match_dateline

    assert match_dateline(text) is None


def test_a_dated_dateline_without_agency_dates_the_article():
    from transforms.normalise import normalise
    from transforms.readers import read_file

    (raw,) = read_file("w.txt", b"NAIROBI, Kenya, Jan. 5, 2010 - Police fired tear gas.").articles
    a = normalise(raw, file_id="f", file_sha256="s")
    assert (a.date_text, a.source_name, a.dateline_place) == ("Jan. 5, 2010", None, "NAIROBI, Kenya")
    assert a.body == "NAIROBI, Kenya, Jan. 5, 2010 -\n\nPolice fired tear gas."


def test_dateline_capitals_are_recased_before_a_colon_or_long_dash():
    from transforms.truecase import prepare

    assert prepare("ISLAMABAD: Prime Minister Imran Khan met army chiefs.", {}).startswith("Islamabad: Prime")
    assert prepare("LONDON — Britain's opposition leader spoke.", {}).startswith("London — Britain's")


def _located(parse, body: str, title: str | None = None):
    from transforms.entities import find_mentions

    _, segs = parse(body, title=title)
    return segs, find_mentions(segs)


def _by_text(segs, mentions, text: str):
    return next(m for m in mentions if m.text(segs) == text)


def test_location_of_city_country_demonym_and_region(parse):
    from transforms.places import Location, location_of

    segs, ms = _located(parse, "Police in Kent and Iraqi officials met in Damascus. Syria said France agreed.")
    damascus = location_of(_by_text(segs, ms, "Damascus"), "Damascus", "sentence")
    assert damascus == Location("Damascus", "SYR", pytest.approx(33.51, abs=0.05), pytest.approx(36.29, abs=0.05),
                                "sentence")
    france = location_of(_by_text(segs, ms, "France"), "France", "article")
    assert (france.text, france.country, (france.lat, france.lon)) == ("France", "FRA",
                                                                       gazetteer.country_centroid("FRA"))
    iraqi = location_of(_by_text(segs, ms, "Iraqi"), "Iraqi", "dateline")
    assert (iraqi.text, iraqi.country, iraqi.source) == ("Iraq", "IRQ", "dateline") and iraqi.lat is not None
    kent = location_of(_by_text(segs, ms, "Kent"), "Kent", "sentence")  # a region: its name, the country's point
    assert (kent.text, kent.country, (kent.lat, kent.lon)) == ("Kent", "GBR", gazetteer.country_centroid("GBR"))
    with pytest.raises(ValueError, match="unknown location source"):
        location_of(_by_text(segs, ms, "France"), "France", "paragraph")


def test_location_of_a_mention_without_country_is_none(parse):
    from transforms.places import location_of

    segs, ms = _located(parse, "The United Nations said on Monday that talks would resume.")
    assert location_of(_by_text(segs, ms, "United Nations"), "United Nations", "sentence") is None


WIRE = [  # first paragraph, the dateline's place (name, country)
    ("MOSCOW, Feb 23 (Reuters) - Russia and China on Thursday rejected Western pressure on Syria.", "Moscow", "RUS"),
    ("WASHINGTON (AP) — The Senate voted on Tuesday to extend the debt limit, averting a default.", "Washington",
     "USA"),
    ("GAZA CITY, Jan 5 - Israeli aircraft struck targets in the Gaza Strip overnight, officials said.", "Gaza", "PSE"),
    ("LONDON - Britain's opposition leader called for an early election on Monday.", "London", "GBR"),
    ("Kabul, Afghanistan — A suicide bomber killed at least 12 people outside a government office.", "Kabul", "AFG"),
    ("ISLAMABAD: Prime Minister Imran Khan met army chiefs on Tuesday.", "Islamabad", "PAK"),
    ("ST. PETERSBURG, Russia — Officials met on Friday to discuss the port.", "Saint Petersburg", "RUS"),
    ("EDINBURGH 2005-02-01 Scottish ministers backed the plan on Tuesday.", "Edinburgh", "GBR"),
]


@pytest.mark.parametrize(("lead", "name", "country"), WIRE)
def test_dateline_place(parse, lead, name, country):
    from transforms.places import dateline_place, location_of

    segs, ms = _located(parse, lead + "\n\nTalks will resume next week in Geneva.", title="Talks stall")
    place = dateline_place(segs, ms)
    where = location_of(place, place.text(segs), "dateline")
    assert (where.text, where.country, where.source) == (name, country, "dateline") and where.lat is not None


@pytest.mark.parametrize("lead", [
    "UNITED NATIONS (Reuters) - The Security Council condemned the attack.",  # a place that is no country's
    "Labour - the party of government - promised more nurses in London.",
    "Russia and China on Thursday rejected pressure on Syria.",
])
def test_no_dateline_place(parse, lead):
    from transforms.places import dateline_place

    segs, ms = _located(parse, lead + "\n\nTalks will resume next week.", title="Talks stall")
    assert dateline_place(segs, ms) is None


def test_dominant_place_is_the_country_when_no_city_dominates(parse):
    from transforms.places import dominant_place

    segs, ms = _located(parse, "Syrian troops shelled Homs on Friday. The Syrian army said it held Aleppo.\n\n"
                               "Syria's government blamed Turkey. Damascus denied it.", title="Syria army presses on")
    place = dominant_place(segs, ms)
    assert place.is_country and place.country == "SYR" and place.text(segs) == "Syria"  # the title's, first


def test_dominant_place_is_a_city_that_dominates(parse):
    from transforms.places import dominant_place

    segs, ms = _located(parse, "Protesters gathered in Kiev on Sunday. Police in Kiev arrested 20 people.\n\n"
                               "The Ukrainian government said Kiev would stay calm.", title="Kiev protests grow")
    place = dominant_place(segs, ms)
    assert (place.name, place.country, place.lat is not None) == ("Kyiv", "UKR", True)


def test_dominant_place_needs_a_clear_lead(parse):
    from transforms.places import dominant_place

    segs, ms = _located(parse, "France and Germany signed the accord. French and German ministers met in Brussels.")
    assert dominant_place(segs, ms) is None  # FRA 2, DEU 2
    segs, ms = _located(parse, "The minister spoke in Paris on Monday about the budget.")
    assert dominant_place(segs, ms) is None  # one mention only


def test_dominant_place_of_cities_and_regions_only_stands_for_the_country(parse):
    from transforms.places import dominant_place, location_of

    segs, ms = _located(parse, "Voters in Glasgow and Edinburgh went to the polls. Turnout in Aberdeen was high.")
    place = dominant_place(segs, ms)
    where = location_of(place, place.text(segs), "article")
    assert (where.text, where.country, (where.lat, where.lon)) == ("United Kingdom", "GBR",
                                                                   gazetteer.country_centroid("GBR"))


def test_a_persons_nationality_is_not_the_articles_place(parse):
    from transforms.places import dominant_place

    segs, ms = _located(parse, "Australian Lynton Crosby ran the Tory campaign. Lynton Crosby, the Australian "
                               "strategist, said British voters would back Britain's Conservatives.")
    place = dominant_place(segs, ms)
    assert place is not None and place.country == "GBR"
