import pyarrow as pa

from transforms import gazetteer
from transforms.entities import build_entities, find_mentions
from transforms.extract import extract_article
from transforms.schema import MENTIONS


def _by_text(segments, mentions):
    return {m.text(segments): m for m in mentions}


def test_people_get_country_and_sector_from_their_role(parse):
    _, segs = parse("Russian Foreign Minister Sergei Lavrov called his Chinese counterpart Yang Jiechi.")
    ms = _by_text(segs, find_mentions(segs))
    assert (ms["Sergei Lavrov"].country, ms["Sergei Lavrov"].actor_code) == ("RUS", "RUSGOV")
    assert (ms["Yang Jiechi"].country, ms["Yang Jiechi"].sector) == ("CHN", "GOV")


def test_surname_mentions_link_to_the_full_name_even_when_the_model_misses_them(parse):
    _, segs = parse(
        "Russian President Dmitry Medvedev called the king.\n\n"
        "Medvedev on Wednesday had also called the leaders of Iraq.\n\nThe king told Medvedev no."
    )
    people = [m for m in find_mentions(segs) if m.label == "PERSON"]
    assert len(people) == 3
    assert {m.name for m in people} == {"Dmitry Medvedev"}
    assert len({m.entity_id for m in people}) == 1
    assert all(m.country == "RUS" for m in people)


def test_gazetteer_fixes_model_labels(parse):
    _, segs = parse(
        "Syrian forces shelled the opposition stronghold of Homs.\n\n"
        "Medvedev called UAE counterpart Sheikh Khalifa bin Zayed al-Nahayan.\n\n"
        "The Kremlin said the UN Security Council would meet."
    )
    ms = _by_text(segs, find_mentions(segs))
    assert ms["Homs"].label == "GPE" and ms["Homs"].country == "SYR" and ms["Homs"].lat
    assert ms["UAE"].label == "GPE" and ms["UAE"].country == "ARE" and ms["UAE"].name == "United Arab Emirates"
    sheikh = ms["Khalifa bin Zayed al-Nahayan"]  # the title is not part of the mention (CoNLL convention) …
    assert sheikh.country == "ARE" and sheikh.name == "Sheikh Khalifa bin Zayed al-Nahayan"  # … but of the name
    assert ms["Kremlin"].actor_code == "RUSGOV"
    assert ms["UN Security Council"].actor_code == "IGOUNO"  # "the" is not part of the name


def test_royal_titles_stay_in_the_name_and_take_the_country_named_before(parse):
    _, segs = parse("Saudi Arabia's official SPA news agency said King Abdullah told Medvedev it was futile.")
    ms = _by_text(segs, find_mentions(segs))
    assert "Saudi Arabia" in ms  # no possessive 's in the mention
    king = ms["Abdullah"]
    assert king.country == "SAU" and king.sector == "GOV" and king.name == "King Abdullah"


def test_gazetteer_lookups():
    assert gazetteer.country_code("UAE") == "ARE"
    assert gazetteer.country_code("Chinese") == "CHN"
    assert gazetteer.country_code("Western") is None
    assert gazetteer.city("Homs").country_code == "SYR"
    assert gazetteer.city("Damascus").country_code == "SYR"  # the largest, not Damascus, Oregon
    assert gazetteer.capital_of("Moscow") == "RUS"
    assert gazetteer.country_misspelt("Phillippines") == "PHL"
    assert gazetteer.country_misspelt("Smith") is None and gazetteer.country_misspelt("Chelsea") is None


def test_entities_are_built_from_mentions_with_stable_ids(parse):
    article, segs = parse("Russian President Dmitry Medvedev met reporters.\n\nMedvedev later left Moscow.")
    rows = extract_article(article, segs).mentions
    table = build_entities(pa.Table.from_pylist(rows, schema=MENTIONS))
    ents = {r["name"]: r for r in table.to_pylist()}
    assert ents["Dmitry Medvedev"]["n_mentions"] == 2 and ents["Dmitry Medvedev"]["n_articles"] == 1
    assert ents["Dmitry Medvedev"]["actor_code"] == "RUSGOV"
    assert ents["Moscow"]["country_code"] == "RUS" and round(ents["Moscow"]["lat"]) == 56
    again = build_entities(pa.Table.from_pylist(rows, schema=MENTIONS))
    assert again.equals(table)
    assert all(r["entity_id"] is None for r in rows if r["label"] in ("DATE", "CARDINAL"))


def test_extraction_failure_of_one_article_is_reported_not_raised(parse, monkeypatch):
    from transforms import extract

    good, good_segs = parse("Japan criticized China.")
    bad, bad_segs = parse("Russia rejected the plan.")
    real = extract.extract_article

    def flaky(article, segments):
        if segments is bad_segs:
            raise ValueError("boom")
        return real(article, segments)

    monkeypatch.setattr(extract, "extract_article", flaky)
    out = extract.extract_all([good, bad], [good_segs, bad_segs])
    assert out.failures == [(bad.article_id, "ValueError: boom")]
    assert out.events and all(e["article_id"] == good.article_id for e in out.events)
    assert gazetteer.country_code("UN") is None  # countrynames knows "UN" but has no alpha-3 for it


def test_titles_and_short_words_are_not_countries(parse):
    _, segs = parse("Mr Blair told the PM that BT and GM would meet. President Vladimir Putin of Russia "
                    "met reporters after the United States criticised Russia.")
    ms = find_mentions(segs)
    assert not [m for m in ms if m.country in ("MRT", "SPM", "BTN", "GMB")]
    assert all(g in (None, "GBR") for g in (gazetteer.country_code(w) for w in ("Mr", "PM", "BT", "GM")))


def test_regions_keep_their_own_entity_inside_their_country(parse):
    _, segs = parse("Police in England and in Texas said the United Kingdom and Britain agreed.")
    ms = {m.text(segs): m for m in find_mentions(segs)}
    assert ms["England"].country == "GBR" and ms["England"].name == "England" and not ms["England"].is_country
    assert ms["Texas"].country == "USA" and ms["Texas"].key != ("GPE", "USA")
    assert ms["United Kingdom"].key == ms["Britain"].key == ("GPE", "GBR")


CONLL = ("GERMAN FIRM SIEMENS BUYS STAKE IN BRITISH BANK", [
    "LONDON 1996-08-30",
    "Siemens AG said on Friday it had bought a 10 percent stake in Barclays Plc, the British bank.",
    "The Munich-based group said the deal was approved by the Bank of England. Siemens chief executive Heinrich "
    "von Pierer said the stake was a long-term investment.",
    "Von Pierer told reporters in Frankfurt that Siemens would not seek a seat on the Barclays board. The "
    "International Monetary Fund said the IMF expected growth in Germany to slow.",
])


def test_newswire_headline_dateline_acronyms_and_short_names(parse):
    title, paras = CONLL
    _, segs = parse("\n\n".join(paras), title=title)
    ms = find_mentions(segs)
    found = {(m.text(segs), m.label) for m in ms}
    assert {("SIEMENS", "ORG"), ("LONDON", "GPE"), ("Frankfurt", "GPE"), ("Von Pierer", "PERSON"),
            ("IMF", "ORG"), ("Barclays", "ORG")} <= found
    names = {m.text(segs): m.name for m in ms}
    assert names["IMF"] == "International Monetary Fund"
    assert names["Siemens"] == names["SIEMENS"] == "Siemens AG"
    assert names["Von Pierer"] == "Heinrich von Pierer" and names["Barclays"] == names["Barclays Plc"] == "Barclays PLC"


def test_aliases_show_how_names_were_merged(parse):
    from transforms.entities import build_entity_aliases

    article, segs = parse("Russian President Dmitry Medvedev spoke. Medvedev said Russia would act.\n\n"
                          "The Russian side agreed.")
    rows = extract_article(article, segs).mentions
    aliases = build_entity_aliases(pa.Table.from_pylist(rows, schema=MENTIONS)).to_pylist()
    by_entity: dict[str, dict[str, int]] = {}
    for r in aliases:
        by_entity.setdefault(r["entity_id"], {})[r["alias"]] = r["n"]
    assert {"Dmitry Medvedev": 1, "Medvedev": 1} in by_entity.values()
    assert {"Russian": 2, "Russia": 1} in by_entity.values()  # a demonym is an alias of its country


def test_ambiguous_places_follow_the_article_country(parse):
    _, us = parse("The United States sheriff said residents of Damascus were evacuated as the fire spread "
                  "across the United States county.")
    _, sy = parse("Syrian forces shelled Damascus on Monday.")
    us_m = {m.text(us): m for m in find_mentions(us)}
    sy_m = {m.text(sy): m for m in find_mentions(sy)}
    assert us_m["Damascus"].country == "USA" and sy_m["Damascus"].country == "SYR"
    assert us_m["Damascus"].entity_id != sy_m["Damascus"].entity_id


def test_titles_parties_and_regions_in_british_news(parse):
    _, segs = parse("Mr Blair told the Tories that Labour would win in Yorkshire and Kent, the British prime "
                    "minister said. Marsh, the insurer, declined to comment on the UK election.")
    ms = {m.text(segs): m for m in find_mentions(segs)}
    assert "Blair" in ms and "Mr Blair" not in ms and ms["Blair"].label == "PERSON"
    assert ms["Tories"].label == ms["Labour"].label == "ORG" and ms["Labour"].actor_code == "GBRPTY"
    assert ms["Yorkshire"].label == "GPE" and ms["Yorkshire"].country == "GBR"
    assert "Marsh" not in ms or ms["Marsh"].country != "MHL"


def test_acronym_and_long_form_of_a_known_organisation_are_one_entity(parse):
    _, segs = parse("The United Nations said on Monday that the UN would send envoys. The U.N. Security Council "
                    "met; the Security Council said nothing.")
    ms = {m.text(segs): m for m in find_mentions(segs)}
    assert ms["United Nations"].entity_id == ms["UN"].entity_id and ms["UN"].name == "United Nations"
    assert ms["U.N. Security Council"].entity_id == ms["Security Council"].entity_id
    assert ms["Security Council"].entity_id != ms["UN"].entity_id


def test_entity_attributes_are_the_most_frequent_with_ties_to_the_fuller_form():
    def m(entity, article, name, label, country=None, lat=None):
        return {"entity_id": entity, "article_id": article, "entity_name": name, "text": name, "label": label,
                "country_code": country, "lat": lat}

    rows = [m("e1", "a1", "NATO", "ORG"), m("e1", "a1", "NATO", "ORG", "BEL"),
            m("e1", "a2", "North Atlantic Treaty Organization", "ORG"),
            m("e1", "a2", "North Atlantic Treaty Organization", "NORP"),
            m("e2", "a1", "Kurds", "NORP"), m("e2", "a3", "Kurds", "NORP"),
            m("e3", "a1", "Homs", "GPE", "SYR", 34.7), m("e3", "a1", "Homs", "GPE", "SYR", 34.7),
            m("e3", "a1", "Homs", "GPE", None, 35.0), m(None, "a1", "Tuesday", "DATE")]
    got = {r["entity_id"]: r for r in build_entities(pa.Table.from_pylist(rows, schema=MENTIONS)).to_pylist()}
    assert sorted(got) == ["e1", "e2", "e3"]  # mentions without an entity make none
    assert got["e1"]["name"] == "North Atlantic Treaty Organization"  # 2 each: not all capitals, then longest
    assert (got["e1"]["label"], got["e1"]["country_code"]) == ("ORG", "BEL")  # NORP loses to any other label
    assert (got["e1"]["n_mentions"], got["e1"]["n_articles"]) == (4, 2)
    assert got["e2"]["label"] == "NORP" and got["e2"]["country_code"] is None  # only NORP: NORP; no country
    assert (got["e3"]["lat"], got["e3"]["country_code"], got["e3"]["n_articles"]) == (34.7, "SYR", 1)


def test_a_role_word_that_only_says_who_leads_or_speaks_takes_the_sector_before_it(nlp):
    from transforms.entities import role_sector

    assert role_sector(nlp("opposition leader")) == "OPP"
    assert role_sector(nlp("police spokesman")) == "COP"
    assert role_sector(nlp("foreign minister")) == "GOV"  # the last role word wins
    assert role_sector(nlp("leader")) == "GOV"
