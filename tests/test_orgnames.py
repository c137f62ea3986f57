from transforms import lexicon
from transforms.orgnames import is_legal_prefix, is_legal_suffix, without_legal_form


def test_legal_forms():
    assert is_legal_suffix("Inc.") and is_legal_suffix("PLC") and is_legal_suffix("GmbH")
    assert not is_legal_suffix("Smith")
    assert is_legal_prefix("OAO") and not is_legal_prefix("Pt")
    assert without_legal_form("Applied Materials, Inc") == "Applied Materials"
    assert without_legal_form("Siemens") is None and without_legal_form("Simon Property Group") is None


def test_organisations_of_the_international_dictionary_are_named_actors():
    iaea = lexicon.named_actors()["international atomic energy agency"]
    assert (iaea.label, iaea.sector) == ("ORG", "IGO") and iaea.actor_code.startswith("IGOUNO")
    company = lexicon.named_actors()["sierra wireless"]
    assert (company.label, company.sector, company.country_code) == ("ORG", "BUS", "CAN")
    assert lexicon.named_actors()["siemens ag"].name == "Siemens AG"  # legal forms as companies write them
    assert "gillian mellsop" not in lexicon.named_actors()  # UN staff are people, not organisations
    assert lexicon.named_actors()["un"].entity == "United Nations"  # actors.csv wins over the dictionary


def test_news_agencies_are_named_actors_with_their_country():
    assert lexicon.named_actors()["afp"].entity == "AFP"  # Phoenix's, however short: a media acronym
    assert lexicon.named_actors()["agence france-presse"].entity == "AFP"
    assert (lexicon.named_actors()["yonhap"].country_code, lexicon.named_actors()["yonhap"].sector) == ("KOR", "MED")
