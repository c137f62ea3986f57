import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.readers import read_file
from transforms.readers.decode import decode


def test_seed_layout_date_line_headline_and_paragraphs(seed_bytes):
    result = read_file("seeds/000.txt", seed_bytes)
    assert not result.quarantined and result.format == "txt"
    (article,) = result.articles
    assert article.date_text == "Last updated: 23 February, 2012"
    assert article.title == "Russia and China maintains their opposition against foreign intervention in Syria"
    assert article.text.startswith("Russia and China on Thursday rejected pressure")
    assert article.text.count("\n\n") == 10  # 11 body paragraphs


def test_no_date_and_no_headline():
    text = b"One paragraph that is a whole story, with a full stop at the end of it and nothing more.\n"
    (article,) = read_file("a.txt", text).articles
    assert article.title is None and article.date_text is None
    assert article.text.startswith("One paragraph")


def test_other_date_labels_are_recognised():
    (article,) = read_file("a.txt", b"Published: 2011-05-03\n\nHeadline here\n\nBody text.").articles
    assert article.date_text == "Published: 2011-05-03" and article.title == "Headline here"


def test_empty_and_binary_files_are_quarantined_with_a_reason():
    assert read_file("e.txt", b"").reason == "the file is empty"
    assert read_file("w.txt", b"  \n\n \t").reason == "the file is empty"
    assert "binary" in read_file("b.bin", b"\x00\x01\x02garbage\x00" * 50).reason
    assert "binary" in read_file("img.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8).reason

def test_binary_is_a_share_of_control_bytes_not_one_nul():
    from transforms.readers.decode import without_stray_nuls

    prose = b"Russia and China on Thursday rejected pressure to change their position on Syria. " * 40
    with_nuls = prose[:1000] + b"\x00" + prose[1000:2000] + b"\x00\x00" + prose[2000:]
    (article,) = read_file("a.txt", with_nuls).articles
    assert article.text == read_file("a.txt", prose).articles[0].text
    cp1252 = "Café owners’ union met on Monday. ".encode("cp1252") * 40
    assert decode(cp1252[:500] + b"\x00" + cp1252[500:]) == decode(cp1252)
    assert without_stray_nuls(prose) is prose
    assert without_stray_nuls(b"x" * 99 + b"\x00") == b"x" * 99  # 1%: text
    assert without_stray_nuls(b"x" * 98 + b"\x00\x01") is None  # 2%: binary
    assert without_stray_nuls("Talks resumed.".encode("utf-16-le")) is None  # half NULs, no BOM: not read
    assert read_file("zip.bin", gzip_bytes(prose)).reason == "the file is binary or not text in a known encoding"


def gzip_bytes(data: bytes) -> bytes:
    """Compressed bytes that are not read as gzip (the magic bytes cut off): binary."""
    import gzip

    return gzip.compress(data)[10:]


def test_cp1252_bytes_keep_their_accents_and_quotes():
    data = "Café owners’ union".encode("cp1252")
    assert decode(data) == "Café owners’ union"
    assert decode("naïve – ok".encode()) == "naïve – ok"


def test_wire_dateline_is_split_off_the_lead_with_its_place_date_and_agency():
    from transforms.normalise import normalise

    data = (b"Russia, China reject pressure on Syria\n\n"
            b"MOSCOW, Feb 23 (Reuters) - Russia and China on Thursday rejected pressure to change their position.\n\n"
            b"The two countries vetoed a resolution.")
    (raw,) = read_file("wire.txt", data).articles
    a = normalise(raw, file_id="f", file_sha256="s")
    assert a.title == "Russia, China reject pressure on Syria"
    assert [p for _, p in a.paragraphs] == ["MOSCOW, Feb 23 (Reuters) -",
                                            "Russia and China on Thursday rejected pressure to change their position.",
                                            "The two countries vetoed a resolution."]
    assert (a.dateline_place, a.dateline_date, a.source_name) == ("MOSCOW", "Feb 23", "Reuters")
    assert a.date_text is None  # no year in the dateline: the date stays unknown rather than guessed
    (raw,) = read_file("w.txt", b"WASHINGTON, March 3, 2012 (AP) -- The talks resumed on Monday.").articles
    b = normalise(raw, file_id="f", file_sha256="s")
    assert (b.date_text, b.published_date, b.source_name) == ("March 3, 2012", dt.date(2012, 3, 3), "AP")
    assert b.body == "WASHINGTON, March 3, 2012 (AP) --\n\nThe talks resumed on Monday."
    (raw,) = read_file("l.txt", b"Labour - the party of government - promised more nurses.").articles
    assert normalise(raw, file_id="f", file_sha256="s").dateline_place is None


def test_other_encodings_are_detected():
    text = "Le café de la gare, où l’on sert des crêpes à la française, était plein."
    (a,) = read_file("fr.txt", text.encode("cp1252")).articles
    assert a.text == text
    (b,) = read_file("pl.txt", "Zażółć gęślą jaźń to polskie zdanie testowe z ogonkami.".encode("cp1250")).articles
    assert b.text.startswith("Zażółć gęślą jaźń")
    (c,) = read_file("u16.txt", "Talks resumed in Geneva on Monday.".encode("utf-16")).articles
    assert c.text == "Talks resumed in Geneva on Monday."


def test_gzip_is_unwrapped_and_broken_gzip_quarantined():
    import gzip

    data = b"Published: 2011-05-03\n\nHeadline here\n\nBody text."
    result = read_file("a.txt.gz", gzip.compress(data))
    assert result.compression == "gzip" and result.articles[0].title == "Headline here"
    assert "truncated" in read_file("a.txt.gz", gzip.compress(data)[:-12]).reason
    assert "not gzip" in read_file("b.txt.gz", b"plain text").reason


def test_sniffing_by_content_and_name():
    from transforms.readers import sniff

    assert sniff("a.txt", b"<!DOCTYPE html><html>") == "html"
    assert sniff("noext", b'  {"title": "x"}\n{"title": "y"}\n') == "jsonl"
    assert sniff("a.json", b'[{"title": "x"}]') == "json"
    assert sniff("crawl.dat", b"WARC/1.0\r\n") == "warc"
    assert sniff("t.tsv", b"a\tb") == "tsv" and sniff("story", b"Plain words.") == "txt"


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000))
def test_random_bytes_never_raise(data):
    result = read_file("random.txt", data)
    assert result.articles or result.reason


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=3000), st.sampled_from(["a.txt", "a.json", "a.jsonl", "a.csv", "a.tsv", "a.html", "a"]))
def test_random_text_never_raises(text, name):
    result = read_file(name, text.encode("utf-8"))
    assert result.articles or result.reason


def test_newswire_with_one_line_per_sentence_and_no_blank_lines():
    data = (b"RUSSIA, CHINA REJECT PRESSURE ON SYRIA\nMOSCOW 1996-08-22\n"
            b"Russia and China on Thursday rejected pressure to change their position.\n"
            b"The two countries vetoed a resolution, diplomats said.\n")
    (a,) = read_file("conll.txt", data).articles
    assert a.title == "RUSSIA, CHINA REJECT PRESSURE ON SYRIA"
    assert a.text.split("\n\n") == ["MOSCOW 1996-08-22", "Russia and China on Thursday rejected pressure to change "
                                     "their position.", "The two countries vetoed a resolution, diplomats said."]


def test_hard_wrapped_prose_stays_one_paragraph():
    data = (b"Talks resume in Geneva\nDiplomats from both sides met on Monday in the Swiss city for what\n"
            b"officials described as a last attempt to settle the dispute before\nthe deadline expires.\n")
    (a,) = read_file("wrapped.txt", data).articles
    assert a.title == "Talks resume in Geneva"
    assert a.text == ("Diplomats from both sides met on Monday in the Swiss city for what officials described as a "
                      "last attempt to settle the dispute before the deadline expires.")
