from transforms.truecase import case_map, is_shouting, is_title_case, prepare, truecase

BODY = "Russia and China on Thursday rejected pressure on Syria. Prime Minister Tony Blair met NATO leaders."


def test_shouting_is_told_from_acronyms_and_normal_text():
    assert is_shouting("RUSSIA, CHINA REJECT PRESSURE ON SYRIA")
    assert not is_shouting("US and UK officials met")
    assert not is_shouting("NATO")
    assert not is_shouting("Russia and China reject pressure")


def test_words_take_their_casing_from_the_article_else_the_gazetteer():
    cases = case_map([BODY])
    assert truecase("RUSSIA, CHINA REJECT PRESSURE ON SYRIA", cases) == "Russia, China reject pressure on Syria"
    assert truecase("BLAIR MEETS NATO CHIEFS IN MOSCOW", cases) == "Blair meets NATO chiefs in Moscow"
    assert truecase("PRESSURE MOUNTS", cases) == "Pressure mounts"  # the first word is capitalised


def test_offsets_survive_and_datelines_are_recased_alone():
    cases = case_map([BODY])
    for text in ("RUSSIA, CHINA REJECT PRESSURE", "LONDON 1996-08-30", "MOSCOW, Feb 23 (Reuters) - Russia said"):
        assert len(prepare(text, cases)) == len(text)
    assert prepare("LONDON 1996-08-30", cases) == "London 1996-08-30"
    assert prepare("MOSCOW, Feb 23 (Reuters) - Russia said", cases).startswith("Moscow, Feb 23")
    assert prepare("NATO said on Monday", cases) == "NATO said on Monday"


def test_title_case_headlines_are_recased_but_acronyms_and_names_stay():
    cases = case_map(["A car bomb exploded in Abu Dhabi on Thursday, the government said, and the U.S. condemned it."])
    title = "Gas Attack in Abu Dhabi Kills Scores Amidst Government Denials, U.S. Says"
    assert is_title_case(title) and not is_title_case("Sella wants Michalak recall in Paris")
    recased = "Gas attack in Abu Dhabi kills scores amidst government denials, U.S. says"
    assert prepare(title, cases, title=True) == recased
    assert prepare(title, cases) == title  # only a headline is read so
