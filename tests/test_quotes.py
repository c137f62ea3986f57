from transforms.entities import find_mentions
from transforms.quotes import find_quotes


def quotes_of(parse, body):
    article, segs = parse(body)
    return article, find_quotes(article, segs, find_mentions(segs))


def test_quote_before_attribution(parse):
    article, (q,) = quotes_of(parse, "“The sides reaffirmed the joint position,” the Russian foreign ministry said.")
    assert q["quote_text"] == "The sides reaffirmed the joint position"
    assert q["speaker_text"] == "the Russian foreign ministry"
    assert article.body[q["start_char"] : q["end_char"]] == q["quote_text"]


def test_quote_after_speech_verb_resolves_the_speaker_entity(parse):
    _, (q,) = quotes_of(parse, 'The Kremlin said the leader "met the approaches with understanding".')
    assert q["quote_text"] == "met the approaches with understanding"
    assert q["speaker_text"] == "The Kremlin" and q["speaker_entity_id"] is not None


def test_short_quote_in_reported_speech(parse):
    _, (q,) = quotes_of(parse, "SPA said King Abdullah told Medvedev that his calls were “futile”.")
    assert q["quote_text"] == "futile" and q["speaker_text"] == "King Abdullah"


def test_unattributed_quote_is_kept_without_speaker(parse):
    _, (q,) = quotes_of(parse, "Both capitals seek “a speedy end to any violence”.")
    assert q["quote_text"] == "a speedy end to any violence" and q["speaker_text"] is None


def test_straight_quotes_never_pair_across_narration():
    from transforms.quotes import quote_spans

    text = 'He said: "We will win. He added that "nothing" matters. "Then more," she said.'
    quotes = [text[a:b] for a, b in quote_spans(text)]
    assert quotes == ["nothing", "Then more,"]  # the first quote runs on into the next paragraph
    curly = "“One” and “two”"
    assert [curly[a:b] for a, b in quote_spans(curly)] == ["One", "two"]
