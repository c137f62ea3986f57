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
