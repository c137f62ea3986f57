from transforms.headline import headline_end


def split(tagged: str) -> tuple[str, str]:
    """'Word/TAG Word/TAG …' → (headline, lead) as ``headline_end`` cuts it."""
    words, tags = zip(*(w.rsplit("/", 1) for w in tagged.split()), strict=True)
    end = headline_end(words, tags, [True] * len(words))
    return " ".join(words[:end]), " ".join(words[end:])


def test_a_lead_starting_with_a_capitalised_common_word_ends_the_headline():
    assert split("Civil/NNP servants/NNS in/IN strike/NN ballot/NN The/DT UK/NNP 's/POS biggest/JJS union/NN is/VBZ "
                 "to/TO ballot/VB its/PRP$ members/NNS on/IN strikes/NNS ./.") == (
        "Civil servants in strike ballot", "The UK 's biggest union is to ballot its members on strikes .")


def test_a_lead_naming_the_headline_s_person_starts_with_the_name_and_its_descriptor():
    assert split("Boateng/NNP to/TO step/VB down/RP at/IN election/NN Paul/NNP Boateng/NNP ,/, the/DT minister/NN "
                 ",/, is/VBZ to/TO step/VB down/RP ./.")[0] == "Boateng to step down at election"
    assert split("Howard/NNP dismisses/VBZ Tory/NNP tax/NN fears/NNS Tory/NNP leader/NN Michael/NNP Howard/NNP "
                 "has/VBZ dismissed/VBN fears/NNS about/IN tax/NN ./.")[0] == "Howard dismisses Tory tax fears"
    assert split("Byrds/NNP producer/NN Melcher/NNP dies/VBZ at/IN 62/CD Record/NNP producer/NN Terry/NNP "
                 "Melcher/NNP ,/, who/WP produced/VBD the/DT Byrds/NNPS ,/, has/VBZ died/VBN ./.")[0] == (
        "Byrds producer Melcher dies at 62")


def test_ordinary_sentences_have_no_headline():
    # an article, a past tense, or a word that wants its continuation before the capital
    assert split("Officials/NNS in/IN the/DT small/JJ West/NNP African/NNP nation/NN said/VBD nothing/NN about/IN "
                 "the/DT nation/NN ./.")[0] == ""
    assert split("Cherie/NNP accused/VBN of/IN attacking/VBG Bush/NNP Cherie/NNP Blair/NNP has/VBZ been/VBN "
                 "accused/VBN ./.")[0] == ""  # "Bush" is what she attacked, and "Cherie" follows a name
    assert split("Eight/CD people/NNS were/VBD injured/VBN when/WRB suspected/VBN African/JJ immigrants/NNS "
                 "attacked/VBD people/NNS ./.")[0] == ""
    # nothing in the headline comes back in the text
    assert split("Peace/NN talks/NNS open/VBP The/DT delegates/NNS met/VBD in/IN Oslo/NNP ./.")[0] == ""


def test_a_lead_s_subject_before_an_auxiliary_past_tense_or_modal_ends_a_headline_that_says_something():
    assert split("PM/NNP apology/NN over/IN jailings/NNS Tony/NNP Blair/NNP has/VBZ apologised/VBN to/IN "
                 "two/CD families/NNS over/IN jailings/NNS ./.")[0] == ""  # a bare noun phrase says nothing
    assert split("Kennedy/NNP criticises/VBZ 'unfair'/JJ taxes/NNS Gordon/NNP Brown/NNP has/VBZ failed/VBN "
                 "to/TO cut/VB taxes/NNS ./.")[0] == "Kennedy criticises 'unfair' taxes"
    # the headline's own verb is in the present: "Melcher dies" is no lead
    assert split("Melcher/NNP dies/VBZ at/IN 62/CD Record/NNP producer/NN Terry/NNP Melcher/NNP has/VBZ "
                 "died/VBN ./.")[0] == "Melcher dies at 62"


def test_quotes_articles_and_says_mark_the_end_of_a_headline():
    assert split("Tories/NNPS leave/VBP door/NN open/JJ for/IN Archer/NNP The/DT Conservative/NNP Party/NNP "
                 "would/MD deal/VB with/IN Archer/NNP ./.")[0] == "Tories leave door open for Archer"
    assert split("Protect/VB whistleblowers/NNS ,/, TUC/NNP says/VBZ The/DT government/NN should/MD "
                 "protect/VB whistleblowers/NNS ./.")[0] == "Protect whistleblowers , TUC says"
    # an apostrophe that opens no quotation is no quote; a text that starts with an article has no headline
    assert split("Militants/NNS from/IN Turkey/NNP 's/POS outlawed/VBN Kurdistan/NNP Workers/NNPS '/POS "
                 "Party/NNP killed/VBD militants/NNS ./.")[0] == ""
    assert split("The/DT Norwegian/JJ news/NN agency/NN NTB/NNP reported/VBD on/IN news/NN ./.")[0] == ""
