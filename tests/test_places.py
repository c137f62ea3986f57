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
])
def test_dateline_variants(text, place, date, source):
    from transforms.datelines import match_dateline

    found = match_dateline(text)
    assert (found.place, found.date, found.source) == (place, date, source)
    assert text[found.place_end:].startswith((",", " ", "")) and found.place == text[:found.place_end]


@pytest.mark.parametrize("text", ["Labour - the party of government", "Labour: the party", "Mr Blair said - no",
                                  "Russia and China on Thursday rejected", "Gaza - the strip"])
def test_no_dateline(text):
    from transforms.datelines import match_dateline

    assert match_dateline(text) is None


def test_text_reader_keeps_a_dated_dateline_without_agency():
    from transforms.readers import read_file

    (a,) = read_file("w.txt", b"NAIROBI, Kenya, Jan. 5, 2010 - Police fired tear gas.").articles
    assert a.date_text == "Jan. 5, 2010" and a.source_name is None and a.text.startswith("NAIROBI, Kenya")


def test_dateline_capitals_are_recased_before_a_colon_or_long_dash():
    from transforms.truecase import prepare

    assert prepare("ISLAMABAD: Prime Minister Imran Khan met army chiefs.", {}).startswith("Islamabad: Prime")
    assert prepare("LONDON — Britain's opposition leader spoke.", {}).startswith("London — Britain's")
