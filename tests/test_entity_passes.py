"""Each pass of find_mentions on its own: given mentions in, the mentions it returns."""

import datetime as dt

from transforms.entities import (
    ArticleText,
    Mention,
    add_missed_names,
    add_repeats,
    addressed_people,
    cities_of_home,
    code_from_people,
    code_from_roles,
    code_from_sentence,
    common_nouns_are_no_people,
    company_forms,
    country_parties,
    known_full_names,
    link_acronyms,
    link_company_names,
    link_people,
    model_mentions,
    name_particles,
    news_agencies,
    people_by_given_name,
    places_read_as_people,
    regions_of_home,
    share_facts,
    split_country_prefix,
    type_by_gazetteer,
    vote_types,
)


def at(segs, surface: str, label: str, nth: int = 0, **facts) -> Mention:
    """The mention of the ``nth`` occurrence of ``surface`` (whole tokens) in the article."""
    seen = 0
    for si, seg in enumerate(segs):
        text = seg.source or seg.doc.text
        start = text.find(surface)
        while start >= 0:
            span = seg.doc.char_span(start, start + len(surface))
            if span is not None:
                if seen == nth:
                    return Mention(si, span.start, span.end, label, label, **facts)
                seen += 1
            start = text.find(surface, start + 1)
    raise LookupError(surface)


def found(segs, mentions) -> set[tuple[str, str]]:
    return {(m.text(segs), m.label) for m in mentions}


def test_model_mentions_read_datelines_by_pattern_and_clean_spans(parse):
    _, segs = parse("MOSCOW, Feb 23 (Reuters) - Mr Blair met the chairman of Gazprom Holdings.")
    got = found(segs, model_mentions(ArticleText(segs)))
    assert {("MOSCOW", "GPE"), ("Reuters", "ORG"), ("Blair", "PERSON")} <= got
    assert not {s for s, _ in got if "Feb" in s or s.startswith("Mr ")}


def test_vote_types_gives_a_name_its_majority_type(parse):
    _, segs = parse("Sturgeon spoke first. Sturgeon then left. Later Sturgeon won.")
    ms = [at(segs, "Sturgeon", "PERSON", 0), at(segs, "Sturgeon", "ORG", 1), at(segs, "Sturgeon", "PERSON", 2)]
    assert {m.label for m in vote_types(ms, ArticleText(segs))} == {"PERSON"}


def test_add_repeats_finds_the_other_capitalised_occurrences(parse):
    _, segs = parse("Gazprom said prices rise. Analysts said Gazprom would gain, but gazprom shares fell.")
    ms = add_repeats([at(segs, "Gazprom", "ORG")], ArticleText(segs))
    assert [(m.text(segs), m.label) for m in ms] == [("Gazprom", "ORG")] * 2


def test_type_by_gazetteer_types_surnames_countries_and_named_actors(parse):
    _, segs = parse("Dmitry Medvedev met the UAE envoy. Medvedev said the Kremlin agreed.")
    ms = [at(segs, "Dmitry Medvedev", "PERSON"), at(segs, "UAE", "ORG"), at(segs, "Medvedev", "GPE", 1),
          at(segs, "Kremlin", "PERSON")]
    ms = type_by_gazetteer(ms, ArticleText(segs))
    assert [m.label for m in ms] == ["PERSON", "GPE", "PERSON", "ORG"]
    assert ms[1].country == "ARE" and ms[1].is_country and ms[3].actor_code == "RUSGOV"


def test_a_city_read_as_a_people_is_a_place_but_a_people_named_like_a_city_s_other_name_is_not(parse):
    _, segs = parse("Warplanes bombed Aleppo. The Roma and the Kurds protested.")
    ms = type_by_gazetteer([at(segs, "Aleppo", "NORP"), at(segs, "Roma", "NORP"), at(segs, "Kurds", "NORP")],
                           ArticleText(segs))
    assert [(m.label, m.country) for m in ms] == [("GPE", "SYR"), ("NORP", None), ("NORP", None)]
    assert ms[0].lat is not None
    _, segs = parse("Burkina Faso declared a truce, Chad said.")  # a country's full name is no one's name
    ms = type_by_gazetteer([at(segs, "Burkina Faso", "PERSON"), at(segs, "Chad", "PERSON")], ArticleText(segs))
    assert [(m.label, m.country) for m in ms] == [("GPE", "BFA"), ("PERSON", None)]


def test_regions_of_home_are_places_only_in_their_country(parse):
    _, segs = parse("British police in Kent said the Texas firm agreed.")
    ms = [at(segs, "British", "NORP", country="GBR"), at(segs, "Kent", "PERSON"), at(segs, "Texas", "ORG")]
    ms = regions_of_home(ms, ArticleText(segs))
    assert [m.label for m in ms] == ["NORP", "GPE", "ORG"] and ms[1].country == "GBR"


def test_cities_of_home_move_a_city_to_the_main_country(parse):
    _, segs = parse("The United States sheriff said Damascus was evacuated.")
    usa = at(segs, "United States", "GPE", country="USA", is_country=True)
    damascus = at(segs, "Damascus", "GPE", country="SYR", lat=33.5, lon=36.3)
    cities_of_home([usa, damascus], ArticleText(segs))
    assert damascus.country == "USA" and damascus.lat != 33.5


def test_add_missed_names_finds_surnames_and_gazetteer_names_in_order(parse):
    _, segs = parse("Dmitry Medvedev spoke. Then Medvedev flew to Homs with NATO envoys.")
    ms = add_missed_names([at(segs, "Dmitry Medvedev", "PERSON")], ArticleText(segs))
    assert [(m.text(segs), m.label) for m in ms] == [
        ("Dmitry Medvedev", "PERSON"), ("Medvedev", "PERSON"), ("Homs", "GPE"), ("NATO", "ORG")]


def test_link_acronyms_to_their_long_form(parse):
    _, segs = parse("The International Monetary Fund said the IMF expected growth.")
    imf = at(segs, "International Monetary Fund", "ORG", key=("ORG", "imf"), name="International Monetary Fund")
    short = at(segs, "IMF", "PERSON")
    link_acronyms([imf, short], ArticleText(segs))
    assert (short.label, short.key, short.name) == ("ORG", imf.key, "International Monetary Fund")


def test_link_company_names_to_the_full_name(parse):
    _, segs = parse("Siemens AG said on Friday that Siemens would buy a stake.")
    full = at(segs, "Siemens AG", "ORG", key=("ORG", "siemens ag"), name="Siemens AG")
    short = at(segs, "Siemens", "ORG", 1, key=("ORG", "siemens"), name="Siemens")
    link_company_names([full, short], ArticleText(segs))
    assert short.key == full.key and short.name == "Siemens AG"


def test_link_people_to_the_fullest_name_and_keep_a_monarchs_title(parse):
    _, segs = parse("King Abdullah met Dmitry Medvedev. MEDVEDEV and Abdullah spoke.")
    ms = [at(segs, "Abdullah", "PERSON", title="King"), at(segs, "Dmitry Medvedev", "PERSON"),
          at(segs, "MEDVEDEV", "PERSON"), at(segs, "Abdullah", "PERSON", 1)]
    link_people(ms, ArticleText(segs))
    assert [m.name for m in ms] == ["King Abdullah", "Dmitry Medvedev", "Dmitry Medvedev", "King Abdullah"]
    assert ms[0].key == ms[3].key and ms[1].key == ms[2].key


def test_code_from_roles_reads_the_words_before_a_name(parse):
    _, segs = parse("Russian Foreign Minister Sergei Lavrov arrived.")
    lavrov = at(segs, "Sergei Lavrov", "PERSON")
    code_from_roles([at(segs, "Russian", "NORP", country="RUS"), lavrov], ArticleText(segs))
    assert (lavrov.country, lavrov.sector) == ("RUS", "GOV")


def test_code_from_people_uses_the_role_held_when_published(parse):
    _, segs = parse("Ban Ki-moon arrived.")
    ban = at(segs, "Ban Ki-moon", "PERSON", name="Ban Ki-moon")
    code_from_people([ban], ArticleText(segs, dt.date(2010, 1, 1)))
    assert ban.actor_code == "IGOUNO"


def test_code_from_sentence_takes_the_country_named_before_only(parse):
    _, segs = parse("Saudi Arabia's agency said the minister Abdullah told Israel to leave.")
    saudi = at(segs, "Saudi Arabia", "GPE", country="SAU", is_country=True)
    israel = at(segs, "Israel", "GPE", country="ISR", is_country=True)
    him = at(segs, "Abdullah", "PERSON", sector="GOV")
    code_from_sentence([saudi, him, israel], ArticleText(segs))
    assert him.country == "SAU"
    him.country = None
    code_from_sentence([him, israel], ArticleText(segs))
    assert him.country is None
    # a nationality word that describes a thing says nothing of who he is
    _, segs = parse("The Bulgarian visas scandal led to the resignation of minister Beverley Hughes.")
    bulgarian = at(segs, "Bulgarian", "NORP", country="BGR")
    her = at(segs, "Beverley Hughes", "PERSON", sector="GOV")
    code_from_sentence([bulgarian, her], ArticleText(segs))
    assert her.country is None
    # nor does a country named as where something is
    _, segs = parse("Referring to the detentions in Cuba, Archbishop Tutu said it was unacceptable.")
    cuba = at(segs, "Cuba", "GPE", country="CUB", is_country=True)
    tutu = at(segs, "Tutu", "PERSON", sector="CHR")
    code_from_sentence([cuba, tutu], ArticleText(segs))
    assert tutu.country is None


def test_a_body_named_after_a_known_actor_is_of_its_country(parse):
    _, segs = parse("The Commons science and technology committee said a national body should be set up.")
    committee = at(segs, "Commons science and technology committee", "ORG")
    code_from_roles([committee], ArticleText(segs))
    assert (committee.country, committee.sector) == ("GBR", "LEG")


def test_share_facts_spreads_country_and_makes_actor_codes(parse):
    _, segs = parse("Lavrov met Lavrov's aides in Moscow.")
    a = at(segs, "Lavrov", "PERSON", key=("PERSON", "lavrov"), country="RUS", sector="GOV")
    b = at(segs, "Lavrov", "PERSON", 1, key=("PERSON", "lavrov"))
    moscow = at(segs, "Moscow", "GPE", key=("GPE", "1"), country="RUS", capital=True)
    share_facts([a, b, moscow], ArticleText(segs))  # a capital speaks for its government:
    assert (b.country, b.actor_code, moscow.actor_code) == ("RUS", "RUSGOV", "RUSGOV")


def test_company_forms_join_the_name_and_make_it_an_organisation(parse):
    _, segs = parse("Siemens AG met OAO Gazprom and Acme Widgets Inc. on Monday.")
    ms = company_forms([at(segs, "Siemens", "PERSON"), at(segs, "Gazprom", "GPE")], ArticleText(segs))
    assert found(segs, ms) == {("Siemens AG", "ORG"), ("OAO Gazprom", "ORG"), ("Acme Widgets Inc.", "ORG")}


def test_news_agencies_are_the_name_without_news_agency(parse):
    _, segs = parse("The official KCNA news agency and state news agency Petra said the Syrian news agency lied.")
    ms = news_agencies([at(segs, "KCNA news agency", "ORG"), at(segs, "Syrian", "NORP")], ArticleText(segs))
    assert found(segs, ms) == {("KCNA", "ORG"), ("Petra", "ORG"), ("Syrian", "NORP")}


def test_country_parties_stay_one_organisation(parse):
    _, segs = parse("The UK Independence Party and the US Federal Reserve agreed.")
    ms = [at(segs, "UK", "GPE"), at(segs, "Independence Party", "ORG"), at(segs, "US", "GPE"),
          at(segs, "Federal Reserve", "ORG")]
    ms = country_parties(ms, ArticleText(segs))
    assert found(segs, ms) == {("UK Independence Party", "ORG"), ("US", "GPE"), ("Federal Reserve", "ORG")}


def test_people_by_given_name_retype_and_add_pairs_but_not_commodities(parse):
    _, segs = parse("Thabo Mbeki met John Kufuor while Brent Crude rose; brent crude often does.")
    ms = people_by_given_name([at(segs, "Thabo Mbeki", "GPE")], ArticleText(segs))
    assert found(segs, ms) == {("Thabo Mbeki", "PERSON"), ("John Kufuor", "PERSON")}


def test_common_nouns_are_no_people_unless_a_surname(parse):
    _, segs = parse("Gold rose and Lavrov spoke. Gordon Brown said gold and brown bread were cheap. Brown left.")
    ms = [at(segs, "Gold", "PERSON"), at(segs, "Lavrov", "PERSON"), at(segs, "Gordon Brown", "PERSON"),
          at(segs, "Brown", "PERSON", 1)]
    kept = common_nouns_are_no_people(ms, ArticleText(segs))
    assert found(segs, kept) == {("Lavrov", "PERSON"), ("Gordon Brown", "PERSON"), ("Brown", "PERSON")}


def test_state_abbreviations_are_places_in_their_country(parse):
    _, segs = parse("Police in Fresno, Calif., and in Toronto, Ont., said Miss. Smith left.")
    ms = add_missed_names([], ArticleText(segs))
    places = {m.text(segs): m.country for m in ms if m.label == "GPE"}
    assert places.get("Calif.") == "USA" and places.get("Ont.") == "CAN" and "Miss." not in places


def test_split_country_prefix_before_state_institutions_only(parse):
    _, segs = parse("The U.S. Embassy, the Honduran Congress, British Airways and the Scottish Executive met.")
    ms = [at(segs, "U.S. Embassy", "ORG"), at(segs, "Honduran Congress", "ORG"), at(segs, "British Airways", "ORG"),
          at(segs, "Scottish Executive", "ORG")]
    assert found(segs, split_country_prefix(ms, ArticleText(segs))) == {
        ("U.S.", "GPE"), ("Embassy", "ORG"), ("Honduran", "NORP"), ("Congress", "ORG"), ("British Airways", "ORG"),
        ("Scottish Executive", "ORG")}


def test_name_particles_join_a_persons_name(parse):
    _, segs = parse("President José Eduardo dos Santos spoke.")
    ms = [at(segs, "José Eduardo", "PERSON"), at(segs, "Santos", "GPE")]
    assert found(segs, name_particles(ms, ArticleText(segs))) == {("José Eduardo dos Santos", "PERSON")}


def test_a_name_cut_short_goes_on_to_a_person_the_dictionary_knows(parse):
    _, segs = parse("Prime Minister Lee Hsien Loong met Mr Brown Friday.")
    ms = [at(segs, "Lee Hsien", "PERSON"), at(segs, "Brown", "PERSON")]
    # "Brown Friday" is nobody the dictionary knows
    assert found(segs, known_full_names(ms, ArticleText(segs))) == {("Lee Hsien Loong", "PERSON"), ("Brown", "PERSON")}


def test_places_read_as_people(parse):
    _, segs = parse("Fighting in Kismayo and on Yingkham Road shook confidence in Putin and in Blair's plan.")
    ms = [at(segs, "Kismayo", "PERSON"), at(segs, "Yingkham Road", "PERSON"), at(segs, "Putin", "PERSON"),
          at(segs, "Blair", "PERSON")]
    got = found(segs, places_read_as_people(ms, ArticleText(segs)))
    assert got == {("Kismayo", "GPE"), ("Yingkham Road", "LOC"), ("Putin", "PERSON"), ("Blair", "PERSON")}
    _, segs = parse("Rebels in northern Bunia freed soldiers from Mali, and Goma said so.")
    ms = [at(segs, "Bunia", "PERSON"), at(segs, "Mali", "PERSON"), at(segs, "Goma", "PERSON")]
    got = found(segs, places_read_as_people(ms, ArticleText(segs)))
    # a city after "in" and a compass word; a country anywhere; a city not after "in" stays a person
    assert got == {("Bunia", "GPE"), ("Mali", "GPE"), ("Goma", "PERSON")}
    # a country's possessive before a role is the country's ("Mali's junta"); before anything else it may be a
    # person's ("Georgia's mother")
    _, segs = parse("Mali's military junta met Georgia's mother.")
    ms = [at(segs, "Mali", "PERSON"), at(segs, "Georgia", "PERSON")]
    got = found(segs, places_read_as_people(ms, ArticleText(segs)))
    assert got == {("Mali", "GPE"), ("Georgia", "PERSON")}


def test_addressed_people_are_people_whatever_the_model_says(parse):
    _, segs = parse("Mr Hockney met Dr Fox and the Lord Chancellor in Hockney on Monday.")
    ms = [at(segs, "Hockney", "GPE"), at(segs, "Fox", "ORG"), at(segs, "Chancellor", "ORG"),
          at(segs, "Hockney", "GPE", nth=1)]
    got = found(segs, addressed_people(ms, ArticleText(segs)))
    # after Mr and Dr, a person; an office after Lord and a place named without a form of address stay
    assert got == {("Hockney", "PERSON"), ("Fox", "PERSON"), ("Chancellor", "ORG"), ("Hockney", "GPE")}
