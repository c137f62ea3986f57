"""The WARC reader: HTML response records become articles traced to their record; the rest is skipped or a problem."""

from __future__ import annotations

import gzip
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from warcio.warcwriter import WARCWriter

from tests.helpers import PNG, build_warc, warc_response
from transforms.models import ReadResult
from transforms.readers import read_file
from transforms.readers.html import NO_TEXT
from transforms.readers.warc import read_warc


@pytest.mark.parametrize("gz", [False, True])
def test_html_responses_are_articles_traced_to_their_records(gz):
    result = read_warc(build_warc(gz), "crawl.warc")
    assert not result.quarantined and result.format == "warc"
    summit, ceasefire = result.articles
    assert (summit.record_index, summit.url) == (2, "https://news.example/summit")
    assert (ceasefire.record_index, ceasefire.url) == (5, "https://news.example/ceasefire")
    assert summit.title == "Leaders meet in Brussels" and ceasefire.title == "Ceasefire holds in the north"
    assert summit.text.count("\n\n") == 2 and "Home" not in summit.text and "rights reserved" not in summit.text
    assert result.problems == ((4, NO_TEXT),)  # the link-only page; the PNG, request and warcinfo are skipped


@pytest.mark.parametrize("gz", [False, True])
def test_through_the_dispatcher(gz):
    name = "crawl.warc.gz" if gz else "crawl.warc"
    result = read_file(name, build_warc(gz))
    assert result.format == "warc" and [a.record_index for a in result.articles] == [2, 5]
    assert result.compression == ("gzip" if gz else None)
    whole = read_file("crawl.warc.gz", gzip.compress(build_warc(False)))  # one gzip member for the whole file
    assert [a.record_index for a in whole.articles] == [2, 5]


def test_garbage_is_quarantined_with_a_reason():
    result = read_file("x.warc", b"this is not an archive at all\n" * 20)
    assert result.quarantined and result.format == "warc"
    assert result.reason.startswith("the WARC archive cannot be read: ")


def test_an_archive_without_html_pages_is_quarantined():
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=False)
    w.write_record(w.create_warcinfo_record("t.warc", {"software": "t"}))
    w.write_record(warc_response(w, "https://news.example/logo.png", PNG, "image/png"))
    assert read_warc(buf.getvalue()).reason == "the WARC archive holds no HTML pages"
    assert read_warc(b"").reason == "the file is empty"


@pytest.mark.parametrize("gz", [False, True])
@pytest.mark.parametrize("keep", [0.97, 0.9, 0.85])  # cut inside the last page, its headers, or before it
def test_a_truncated_archive_keeps_the_good_articles(gz, keep):
    data = build_warc(gz)
    result = read_warc(data[: int(len(data) * keep)])
    assert not result.quarantined
    assert [a.record_index for a in result.articles] == [2]
    (index, reason) = result.problems[-1]
    assert index >= 4 and ("truncated" in reason or "damaged" in reason)


@settings(max_examples=100, deadline=None)
@given(st.one_of(st.binary(), st.text().map(str.encode), st.binary().map(lambda b: b"WARC/1.0\r\n" + b)))
def test_any_bytes_give_articles_or_a_reason(data):
    result = read_warc(data)
    assert isinstance(result, ReadResult) and result.format == "warc"
    assert bool(result.articles) != (result.reason is not None)
