"""Record readers: JSON, JSON Lines, CSV and TSV (small inline inputs), directly and through read_file."""

from __future__ import annotations

import gzip
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.models import ReadResult
from transforms.readers import read_file
from transforms.readers.records import read_csv, read_json, read_jsonl, read_tsv

BODY = ("MOSCOW, Feb 23 (Reuters) - Russia and China on Thursday rejected pressure for foreign intervention in "
        "Syria.\n\nThe two countries vetoed a draft resolution at the United Nations Security Council.")
RECORD = {"title": "Russia and China reject intervention in Syria", "body": BODY,
          "date": "2012-02-23T10:00:00Z", "url": "https://example.com/syria", "source": "Reuters"}
NEWSAPI = {"status": "ok", "totalResults": 2, "articles": [
    {"source": {"id": "bbc-news", "name": "BBC News"}, "author": "BBC", "title": "Syria talks stall",
     "description": "Talks stall.", "url": "https://bbc.co.uk/news/1", "publishedAt": "2012-02-24T08:30:00Z",
     "content": "Diplomats said on Friday that talks on Syria had stalled after a second day of meetings."},
    {"source": {"id": None, "name": "Reuters"}, "title": "Oil rises", "url": "https://reuters.com/2",
     "publishedAt": "2012-02-24T09:00:00Z", "content": "Oil prices rose on Friday on worries over Iran supply."},
]}
BBC_HEADLINE = "Ad sales boost Time Warner profit"
BBC_BODY = ("Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn (£600m) for the three months to "
            "December, from $639m year-earlier.")


def _csv(*rows: str) -> bytes:
    return ("\n".join(rows) + "\n").encode()


def _check(result: ReadResult, fmt: str, n: int) -> ReadResult:
    assert result.reason is None and result.format == fmt and len(result.articles) == n, result
    return result


# --- JSON ---------------------------------------------------------------------------------------------------------

def test_json_object_and_array_map_the_usual_fields():
    (a,) = _check(read_json(json.dumps(RECORD).encode()), "json", 1).articles
    assert (a.record_index, a.title, a.date_text, a.url, a.source_name) == (
        0, RECORD["title"], "2012-02-23T10:00:00Z", RECORD["url"], "Reuters")
    assert a.text == BODY
    other = {"Headline": "Other", "Article-Text": "Body of the other story.", "pub_date": "23 Feb 2012",
             "Link": "https://example.com/2", "site_name": "AP"}
    a, b = _check(read_json(json.dumps([RECORD, other]).encode()), "json", 2).articles
    assert (b.record_index, b.title, b.text, b.date_text, b.url, b.source_name) == (
        1, "Other", "Body of the other story.", "23 Feb 2012", "https://example.com/2", "AP")


def test_newsapi_wrapper_and_source_object():
    result = _check(read_json(json.dumps(NEWSAPI).encode()), "json", 2)
    a, b = result.articles
    assert (a.title, a.source_name, a.date_text, a.url) == (
        "Syria talks stall", "BBC News", "2012-02-24T08:30:00Z", "https://bbc.co.uk/news/1")
    assert a.text.startswith("Diplomats said")  # the longest text field, not the short description
    assert (b.record_index, b.source_name) == (1, "Reuters")


def test_nested_article_object_and_elasticsearch_hits():
    nested = {"id": 7, "article": {"headline": "Nested", "story": "The story is one level down."}}
    (a,) = _check(read_json(json.dumps(nested).encode()), "json", 1).articles
    assert (a.title, a.text) == ("Nested", "The story is one level down.")
    hits = {"hits": {"total": 1, "hits": [{"_id": "x", "_source": {"title": "ES", "full_text": "From Elastic."}}]}}
    (a,) = _check(read_json(json.dumps(hits).encode()), "json", 1).articles
    assert (a.title, a.text, a.source_name) == ("ES", "From Elastic.", None)


def test_epoch_dates_seconds_and_milliseconds():
    recs = [{"text": "A story.", "timestamp": 1329991200}, {"text": "B story.", "published": 1329991200000},
            {"text": "C story.", "time": "1329991200"}, {"text": "D story.", "date": "2012-02-23"}]
    dates = [a.date_text for a in _check(read_json(json.dumps(recs).encode()), "json", 4).articles]
    assert dates == ["2012-02-23T10:00:00+00:00"] * 3 + ["2012-02-23"]


def test_html_body_is_stripped_into_paragraphs():
    rec = {"title": "Tom &amp; Jerry <b>return</b>",
           "content": "<div><p>First  para\n with <a href='x'>a link</a>.</p><p>Second &amp; last.<br>Third</p>"
                      "<script>var x = 1;</script></div>"}
    (a,) = read_json(json.dumps(rec).encode()).articles
    assert a.title == "Tom & Jerry return"
    assert a.text == "First para with a link.\n\nSecond & last.\n\nThird"
    # Plain text keeps its angle brackets and its line breaks.
    (a,) = read_json(json.dumps({"text": "If a<b and c>d then AT&T wins.\nSame para."}).encode()).articles
    assert a.text == "If a<b and c>d then AT&T wins.\nSame para."


def test_paragraph_lists_are_joined_with_blank_lines():
    (a,) = read_json(json.dumps({"title": "T", "paragraphs": 1, "body": ["One.", " ", "Two."]}).encode()).articles
    assert a.text == "One.\n\nTwo."


def test_json_bad_records_are_problems_and_the_others_load():
    recs = [RECORD, "not an object", {"title": "No body", "url": "u"}, {**RECORD, "title": "Last"}]
    result = _check(read_json(json.dumps(recs).encode()), "json", 2)
    assert [a.record_index for a in result.articles] == [0, 3]
    assert [i for i, _ in result.problems] == [1, 2]
    assert "not an object" in result.problems[0][1] and "no article text" in result.problems[1][1]


def test_json_quarantine_reasons():
    bad = read_json(b'[{"title": "x", "text": "y"},\n {"title": "z" "text": "w"}]')
    assert bad.quarantined and bad.reason.startswith("the JSON is invalid:") and "line 2 column 16" in bad.reason
    none = read_json(b'[{"id": 1, "label": "sport"}, {"id": 2}]')
    assert none.reason.startswith("no record has article text (looked for fields text, body, content, article")
    assert read_json(b"").reason == "the file is empty"
    assert read_json(b"  \n").reason == "the file is empty"
    assert read_json(b"\x00\x01\x02\xff" * 20).reason == "the file is binary or not text in a known encoding"
    assert read_json(b'{"articles": []}').reason == "the JSON holds no records"


def test_json_lines_named_json_still_load():
    data = b'{"text": "One story."}\n{"text": "Two story."}\n'
    assert len(read_json(data).articles) == 2


# --- JSON Lines ---------------------------------------------------------------------------------------------------

def test_jsonl_broken_line_in_the_middle_is_a_problem():
    lines = [json.dumps(RECORD), "", json.dumps({**RECORD, "title": "Second"}), '{"title": "broken", "body": ',
             json.dumps({**RECORD, "title": "Fourth"}), json.dumps([1, 2])]
    result = _check(read_jsonl("\n".join(lines).encode()), "jsonl", 3)
    assert [(a.record_index, a.title) for a in result.articles] == [
        (0, RECORD["title"]), (1, "Second"), (3, "Fourth")]
    (i, reason), (j, reason2) = result.problems
    assert i == 2 and reason.startswith("line 4 is not valid JSON:")
    assert j == 4 and "not an object" in reason2


def test_jsonl_all_lines_broken_is_quarantined():
    result = read_jsonl(b"{nope\n{still nope\n")
    assert result.quarantined and "no line is valid JSON" in result.reason


# --- CSV and TSV --------------------------------------------------------------------------------------------------

def test_csv_realistic_news_rows():
    data = _csv("title,body,published_at,url,source",
                f'"{RECORD["title"]}","{BODY}",2012-02-23,https://example.com/1,Reuters',
                '"Oil rises, again","Oil prices rose on Friday, traders said.",2012-02-24,https://example.com/2,AP')
    a, b = _check(read_csv(data), "csv", 2).articles
    assert (a.record_index, a.title, a.text, a.date_text, a.source_name) == (
        0, RECORD["title"], BODY, "2012-02-23", "Reuters")
    assert (b.record_index, b.title, b.url) == (1, "Oil rises, again", "https://example.com/2")


@pytest.mark.parametrize("sep", ["\n\n ", "\n"])
def test_csv_bbc_headline_glued_to_the_body(sep):
    data = _csv("category,text", f'business,"{BBC_HEADLINE}{sep}{BBC_BODY}"')
    (a,) = _check(read_csv(data), "csv", 1).articles
    assert a.title == BBC_HEADLINE and a.text == BBC_BODY and a.text.startswith("Quarterly profits")


def test_glued_headline_is_not_taken_from_wrapped_prose_or_a_sentence():
    wrapped = ("The dollar has hit its highest level against the euro in almost three\n"
               "months after the Federal Reserve head said the US trade deficit is set\nto stabilise.")
    sentence = "The dollar rose on Thursday after the Fed spoke and traders reacted.\n\nMore text."
    for text in (wrapped, sentence):
        (a,) = read_csv(_csv("category,text", f'business,"{text}"')).articles
        assert a.title is None and a.text == text


def test_csv_text_column_found_by_content():
    data = _csv("id,label,story_html_free", f'1,world,"{BBC_BODY}"', '2,world,"Another long sentence of prose here."')
    a, b = _check(read_csv(data), "csv", 2).articles
    assert a.text == BBC_BODY and b.record_index == 1


def test_csv_without_text_column_or_header_is_quarantined():
    assert read_csv(_csv("a,b,c", "1,2,3", "4,5,6")).reason == "the CSV has no text column (columns: a, b, c)"
    headless = read_csv(_csv(f'1,"{BBC_BODY}"', f'2,"{BBC_BODY}"'))
    assert headless.quarantined and "no header" in headless.reason


def test_csv_bad_rows_are_problems_and_the_others_load():
    data = _csv("id,title,text", '1,A,"Body, one."', "2,B", '3,C,"Body, three."', "4,D,", '5,E,"bad"quote, x"',
                '6,F,"Body, six."')
    result = _check(read_csv(data), "csv", 3)
    assert [a.record_index for a in result.articles] == [0, 2, 5]
    problems = dict(result.problems)
    assert sorted(problems) == [1, 3, 4]
    assert "has 2 fields, the header has 3" in problems[1] and "no article text" in problems[3]
    assert "cannot be parsed" in problems[4]


def test_csv_unterminated_quote_does_not_swallow_the_rest():
    data = _csv("id,title,text", '1,A,"Body, one."', '2,B,"never closed, at all', '3,C,"Body, three."',
                '4,D,"Body, four."')
    result = read_csv(data)
    assert [a.title for a in result.articles][:1] == ["A"] and result.articles[-1].title == "D"
    assert result.problems and result.problems[0][0] == 1


def test_csv_one_megabyte_field():
    big = ("All work and no play makes Jack a dull boy. " * 24_000)[:1_000_000]
    (a,) = _check(read_csv(_csv("title,text", f'Big,"{big}"')), "csv", 1).articles
    assert len(a.text) == len(big.strip())


def test_semicolon_and_pipe_csv():
    (a,) = read_csv(_csv("id;title;body", '1;Semi;"Text; with semicolons, and commas."')).articles
    assert (a.title, a.text) == ("Semi", "Text; with semicolons, and commas.")
    (a,) = read_csv(_csv("title|text", "Pipe|Text, with a comma.")).articles
    assert (a.title, a.text) == ("Pipe", "Text, with a comma.")


def test_tsv():
    data = _csv("category\tfilename\ttitle\tcontent", f"business\t001.txt\t{BBC_HEADLINE}\t {BBC_BODY}",
                'sport\t002.txt\tSecond\t"Quoted" words start this, unquoted TSV.')
    a, b = _check(read_tsv(data), "tsv", 2).articles
    assert (a.title, a.text) == (BBC_HEADLINE, BBC_BODY)
    assert b.text == '"Quoted" words start this, unquoted TSV.'


# --- through the dispatcher, plain and gzipped --------------------------------------------------------------------

CASES = {
    "x.json": json.dumps(NEWSAPI).encode(),
    "x.jsonl": "\n".join(json.dumps(r) for r in NEWSAPI["articles"]).encode(),
    "x.csv": _csv("category,text", f'business,"{BBC_HEADLINE}\n\n{BBC_BODY}"', f'business,"{BBC_BODY}"'),
    "x.tsv": _csv("title\ttext", f"A\t{BBC_BODY}", f"B\t{BBC_BODY}"),
}


@pytest.mark.parametrize("name", CASES)
def test_through_read_file_plain_and_gzipped(name):
    fmt = name.split(".")[1]
    plain = _check(read_file(name, CASES[name]), fmt, 2)
    zipped = read_file(name + ".gz", gzip.compress(CASES[name]))
    assert zipped.compression == "gzip" and zipped.articles == plain.articles


def test_semicolon_csv_through_read_file():
    (a,) = _check(read_file("x.csv", _csv("title;text", "T;Some text, here.")), "csv", 1).articles
    assert a.text == "Some text, here."


# --- never raise --------------------------------------------------------------------------------------------------

READERS = [read_json, read_jsonl, read_csv, read_tsv]


def _sane(result: ReadResult) -> None:
    assert isinstance(result, ReadResult)
    assert bool(result.articles) != bool(result.reason)


@pytest.mark.parametrize("reader", READERS)
@settings(max_examples=100, deadline=None, database=None)
@given(data=st.binary())
def test_any_bytes_never_raise(reader, data):
    _sane(reader(data, "x"))


@pytest.mark.parametrize("reader", READERS)
@settings(max_examples=100, deadline=None, database=None)
@given(text=st.text())
def test_any_text_never_raises(reader, text):
    _sane(reader(text.encode(), "x"))


_KEYS = st.sampled_from(["title", "Body", "text", "content", "source", "publishedAt", "articles", "hits", "_source",
                         "article", "name", "data", "rendered"]) | st.text(max_size=5)
_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
                     lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=5),
                     max_leaves=25)


@settings(max_examples=100, deadline=None, database=None)
@given(value=_JSON)
def test_any_json_value_never_raises(value):
    data = json.dumps(value).encode()
    for reader in (read_json, read_jsonl):
        result = reader(data, "x")
        _sane(result)
        assert "reader failed" not in (result.reason or "")
