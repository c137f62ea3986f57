from transforms import lexicon
from transforms.lexicon import dictionaries as d


def test_verbs_carry_their_block_and_code():
    verbs = d.petrarch_verbs()
    assert verbs[("accuse", "")].code == "112" and verbs[("accuse", "")].block == "BLAME"
    assert verbs[("call", "off")].block == "CANCEL" and verbs[("call", "off")].code == "160"
    assert verbs[("halt", "")].block == "CANCEL" and verbs[("halt", "")].code is None  # no event on its own
    assert verbs[("ask", "for")].code == "020" and verbs[("ask", "for")].also == ("INVITE",)
    assert all(v.code is None or v.code in lexicon.cameo() for v in verbs.values())


def test_patterns_code_what_the_verb_does_to_its_object():
    halt = d.petrarch_patterns()[d.petrarch_verbs()[("halt", "")].block]
    codes = {p.after: p.code for p in halt if not p.before and not p.prep}
    assert codes[("violence",)] == "0871" and codes[("talks",)] in {"160", "164"}
    assert any(p.after == ("talks",) and p.code == "164" for p in halt)
    ask = d.petrarch_patterns()["ASK"]
    assert any(p.prep == "for" and p.prep_object == "financial_aid" and p.code == "0231" for p in ask)
    appear = d.petrarch_patterns()["APPEAR"]
    assert any(p.prep == "before" and p.prep_object == "court" and p.code is None for p in appear)  # [:173]
    assert all(p.code is None or p.code in lexicon.cameo() for ps in d.petrarch_patterns().values() for p in ps)


def test_synsets_hold_the_dictionary_words_and_their_plurals():
    military = d.synset("&military")
    assert {"troops", "armed forces", "army", "armies", "soldiers"} <= military and "forces" not in military
    assert d.synset("opposition") >= {"opposition", "enemy", "enemies", "rival", "rivals"}
    assert "oppositions" not in d.synset("opposition")  # OPPOSITION_: no plural
    assert d.synset("&no_such_set") == frozenset()


def test_item_matches_words_synsets_and_phrases():
    words = "the armed forces halted air raids on the town".split()
    assert d.item_matches("town", words) and not d.item_matches("city", words)
    assert d.item_matches("&military", words) and d.item_matches("&town", words)
    assert d.item_matches("air_raids", words) and not d.item_matches("raids_air", words)
    assert not d.item_matches("air_raids", "air force raids".split())
    assert d.item_matches("&weapon_attack", "a chemical weapons attack".split())
    assert d.item_matches("&fight_of_words", ["a", "debate"])  # a synset name with underscores
    assert not d.item_matches("&military", [])
    assert d.item_position("town", words) == 8 and d.item_position("air_raids", words) == 4
    assert d.item_position("city", words) is None


def test_nonstate_groups_join_named_actors_and_the_hand_table_wins():
    names = lexicon.named_actors()
    let = names["lashkar-e-taiba"]
    assert (let.actor_code, let.country_code, let.sector, let.label) == ("SASREB", None, "REB", "ORG")
    assert names["aaia"].entity == names["aden islamic army"].entity == "Aden Abyan Islamic Army"
    assert names["aaia"].country_code == "YEM"
    assert names["hamas"].actor_code == "PSEREB"  # actors.csv, not Phoenix's PSEREBHMS
    assert names["al qaida"].entity == "al-Qaeda"  # an alias of a hand-written actor joins it
    for dropped in ("falcon", "tigers", "youth", "people's liberation army", "national front", "la liga", "may 15",
                    "osama bin laden", "hassan nasrallah", "let"):
        assert dropped not in names, dropped


def test_discard_scope_finds_whole_phrases_and_story_wins():
    assert d.discard_scope("He scored a goal in the Champions League final.") == "story"
    assert d.discard_scope("The Davis Cup tie starts on Friday.") == "sentence"
    assert d.discard_scope("Rebels said the national TEAM would attend") == "sentence"  # any case
    assert d.discard_scope("Cricket and the Champions League") == "story"  # story wins over sentence
    assert d.discard_scope("Women's doubles at Wimbledon") == "story"
    assert d.discard_scope("The cricketers' union met") is None  # whole words only: not "cricket"
    assert d.discard_scope("They met at the world. Cup holders were absent") is None  # not across a full stop


def test_political_sentences_are_not_discarded():
    for sentence in (
        "Two weeks ago, rebels seized the town; the army said on Monday it would retake it.",
        "After marathon talks the parties agreed a third round of negotiations in Geneva.",
        "Japan pledged $10 million to tsunami victims, the largest gift since World War II.",
        "The champion of reform won a landslide victory in the 1998 election.",
    ):
        assert d.discard_scope(sentence) is None, sentence
