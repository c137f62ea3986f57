from datetime import date

from transforms import lexicon

PLOVER_2021 = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
               "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}


def test_cameo_table_is_consistent():
    codes = lexicon.cameo()
    assert len(codes) > 300
    for code, c in codes.items():
        assert c.root == code[:2]
        assert c.quad_class == {**dict.fromkeys(range(1, 6), 1), **dict.fromkeys(range(6, 10), 2),
                                **dict.fromkeys(range(10, 15), 3), **dict.fromkeys(range(15, 21), 4)}[int(c.root)]
        assert -10 <= c.goldstein <= 10
        if c.root != "01":
            assert c.plover_type in PLOVER_2021, code
    assert codes["129"].description == "Veto" and codes["129"].plover_type == "REJECT"
    assert codes["041"].goldstein == 1.0 and codes["190"].goldstein == -10.0


def test_triggers_point_at_known_codes_and_prefer_specific_entries():
    triggers = lexicon.triggers()
    call = triggers[("call", "VERB")]
    assert call[0].with_ and call[-1].with_ == ""  # "call for"/"call on" are tried before plain "call"
    assert {t.code for t in call} == {"041", "020"}
    assert triggers[("veto", "VERB")][0].code == "129"
    assert triggers[("onslaught", "NOUN")][0].code[:2] == "19"


def test_roles_and_named_actors():
    assert lexicon.roles()["minister"] == "GOV" and lexicon.roles()["rebels"] == "REB"
    un = lexicon.named_actors()["un security council"]
    assert un.actor_code == "IGOUNO" and un.sector == "IGO"
    assert lexicon.named_actors()["kremlin"].country_code == "RUS"
    names = lexicon.named_actors()
    assert names["un"].entity == names["u.n."].entity == names["united nations"].entity == "United Nations"
    assert names["tories"].entity == names["conservative"].entity == "Conservative Party"


def test_person_role_follows_the_dated_roles():
    ban = "Ban Ki-moon"
    assert lexicon.person_role(ban, date(2004, 5, 1)).actor_code == "KORGOV"  # foreign minister of Korea
    assert lexicon.person_role(ban, date(2010, 5, 1)).actor_code == "IGOUNO"  # UN Secretary-General
    assert lexicon.person_role(ban, None) == lexicon.people()["ban ki-moon"]  # the role held last
    assert lexicon.person_role(ban, date(2006, 12, 15)).actor_code == "IGOUNO"  # between periods: the last
    bush = "George W. Bush"  # USAGOV 010120-090120: two-digit years 00-29 are 20xx
    assert lexicon.person_role(bush, date(2005, 1, 1)).sector == "GOV"
    assert lexicon.person_role(bush, date(1990, 1, 1)).sector == "ELI"
    # DZAELI 550101-000101 and DZAGOV >990427 both hold in mid-1999: the shorter, closed period wins
    assert lexicon.person_role("Abdelaziz Bouteflika", date(1999, 6, 1)).sector == "ELI"
    assert lexicon.person_role("Abdelaziz Bouteflika", date(2005, 1, 1)).sector == "GOV"
    assert lexicon.people()["abdelaziz bouteflika"].sector == "GOV"
    assert lexicon.person_role("Nobody Known", date(2005, 1, 1)) is None
