import datetime as dt

from transforms.models import RawArticle
from transforms.normalise import fix_text, guess_language, normalise, split_paragraphs


def test_mojibake_is_repaired_but_curly_quotes_and_accents_kept():
    assert fix_text("The cost was Â£5m, itâ€™s said") == "The cost was £5m, it’s said"
    assert fix_text("“Café” – naïve") == "“Café” – naïve"


def test_nfc_and_whitespace_collapsed_inside_paragraphs_only():
    paras = split_paragraphs("First  line\nwraps here.\r\n\r\n\tSecond\u00a0para.  \n\n\n")
    assert paras == ["First line wraps here.", "Second para."]
    assert fix_text("Cafe\u0301") == "Café"


def test_article_ids_offsets_and_dates():
    raw = RawArticle(record_index=2, text="Para one.\n\nPara  two.", title="A  title",
                     date_text="Last updated: 23 February, 2012")
    a = normalise(raw, file_id="f", file_sha256="abc")
    b = normalise(raw, file_id="other", file_sha256="abc")
    assert a.article_id == b.article_id  # hash of the file's bytes and the record index
    assert a.content_hash == b.content_hash
    assert a.article_id != normalise(raw, file_id="f", file_sha256="abd").article_id
    assert a.title == "A title" and a.body == "Para one.\n\nPara two."
    assert a.paragraphs == ((0, "Para one."), (11, "Para two."))
    assert a.published_date == dt.date(2012, 2, 23) and a.published_at is None
    timed = normalise(RawArticle(0, "x y z.", date_text="Published: 23 Feb 2012 14:30 GMT"), file_id="f",
                      file_sha256="s")
    assert timed.published_at == dt.datetime(2012, 2, 23, 14, 30)


def test_unknown_date_is_null():
    a = normalise(RawArticle(0, "Body text here."), file_id="f", file_sha256="s")
    assert a.published_date is None and a.published_at is None


def test_language_guess():
    assert guess_language("The minister said that the talks with the rebels would resume in May.") == "en"
    assert guess_language("Le ministre a déclaré que les pourparlers reprendraient en mai prochain.") == "fr"
    assert guess_language("Der Minister sagte, die Gespräche würden im Mai fortgesetzt.") == "de"
    assert guess_language("ok 123") is None and guess_language("") is None
