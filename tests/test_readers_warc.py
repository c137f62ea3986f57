"""The WARC reader: HTML response records become articles traced to their record; the rest is skipped or a problem."""

from __future__ import annotations

import gzip
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from transforms.models import ReadResult
from transforms.readers import read_file
from transforms.readers.html import NO_TEXT
from transforms.readers.warc import read_warc


def article_page(headline: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html><head><title>{headline} | Wire</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>{headline}</h1>{body}</article>
<footer>© Wire. All rights reserved.</footer></body></html>""".encode()


SUMMIT = article_page("Leaders meet in Brussels", [
    "European leaders met in Brussels on Thursday to discuss new sanctions against the regime, diplomats said.",
    "The talks ran late into the night as ministers argued over the scope of the measures and their timing.",
    "A final statement is expected on Friday morning, after the foreign ministers report back to the council.",
])
CEASEFIRE = article_page("Ceasefire holds in the north", [
    "A ceasefire between government forces and rebels held for a third day on Sunday, local officials said.",
    "Aid convoys reached two besieged towns for the first time in months, according to the Red Cross.",
])
EMPTY = b"<html><head><title>Index</title></head><body><ul><li><a href='/a'>A</a></li></ul></body></html>"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))


def response(writer: WARCWriter, uri: str, payload: bytes, content_type: str, status: str = "200 OK"):
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    return writer.create_warc_record(uri, "response", payload=io.BytesIO(payload), http_headers=headers)


def build_warc(gz: bool) -> bytes:
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gz)
    w.write_record(w.create_warcinfo_record("test.warc", {"software": "eventwire-tests"}))  # 0
    request = StatusAndHeaders("GET /summit HTTP/1.1", [("Host", "news.example")], is_http_request=True)
    w.write_record(w.create_warc_record("https://news.example/summit", "request", http_headers=request))  # 1
    w.write_record(response(w, "https://news.example/summit", SUMMIT, "text/html; charset=utf-8"))  # 2
    w.write_record(response(w, "https://news.example/logo.png", PNG, "image/png"))  # 3
    w.write_record(response(w, "https://news.example/index", EMPTY, "text/html"))  # 4
    w.write_record(response(w, "https://news.example/ceasefire", CEASEFIRE, "application/xhtml+xml"))  # 5
    return buf.getvalue()


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
    w.write_record(response(w, "https://news.example/logo.png", PNG, "image/png"))
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
