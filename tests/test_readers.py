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


def test_empty_binary_and_unsupported_files_are_quarantined_with_a_reason():
    assert read_file("e.txt", b"").reason == "the file is empty"
    assert read_file("w.txt", b"  \n\n \t").reason == "the file is empty"
    assert "binary" in read_file("b.bin", b"\x00\x01\x02garbage\x00" * 50).reason
    assert "not read yet" in read_file("x.json", b"{\"a\": 1}").reason


def test_cp1252_bytes_keep_their_accents_and_quotes():
    data = "Café owners’ union".encode("cp1252")
    assert decode(data) == "Café owners’ union"
    assert decode("naïve – ok".encode()) == "naïve – ok"
