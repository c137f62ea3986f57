"""WARC archives: each HTML ``response`` record is one article, read as an HTML page (see html.py).

``record_index`` is the record's position among all records of the archive (warcinfo and request records
count), so an article traces back to its record. A page without article text, a damaged record or a
truncated tail is a problem of the file, not a reason to quarantine it. Records that are not pages — requests,
warcinfo, metadata, images, redirects and error responses — are skipped: they are not articles.
"""

from __future__ import annotations

import io

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from transforms.models import RawArticle, ReadResult
from transforms.readers.compression import corrupt, gzip_members
from transforms.readers.html import charset_from_content_type, extract_article

HTML_TYPES = ("text/html", "application/xhtml+xml")
_BLANK = b"\r\n\t \x00"  # what may follow the last record


def _short(exc: BaseException) -> str:
    """The first line of an error message (warcio's run to a page), named by its type unless warcio's own."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    message = lines[0][:200] if lines else ""
    if isinstance(exc, ArchiveLoadFailed) and message:
        return message
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def _where(n_records: int) -> str:
    return f"after record {n_records - 1}" if n_records else "at its start"


def _html_page(record: ArcWarcRecord) -> tuple[bytes, str | None, str | None] | None:
    """(payload, target URI, HTTP charset) of a successful HTML response; None for any other record."""
    headers = record.http_headers
    if record.rec_type != "response" or headers is None:
        return None
    content_type = headers.get_header("Content-Type") or ""
    if content_type.split(";")[0].strip().lower() not in HTML_TYPES:
        return None
    if not (headers.get_statuscode() or "").startswith("2"):
        return None
    # content_stream() undoes chunking and Content-Encoding (gzip, br, deflate)
    payload = record.content_stream().read()
    return payload, record.rec_headers.get_header("WARC-Target-URI"), charset_from_content_type(content_type)


def read_warc(data: bytes, name: str = "") -> ReadResult:
    """The articles of a WARC archive (plain, or gzip per record or whole), with the records it could not read."""
    if not data.strip(_BLANK):
        return ReadResult(format="warc", reason="the file is empty")
    broken_gzip = False
    if data[:2] == b"\x1f\x8b":  # per-record or whole-file gzip: the members before a damaged one are read
        data, _, broken_gzip = gzip_members(data)
    articles: list[RawArticle] = []
    problems: list[tuple[int, str]] = []
    n_pages = 0
    n_records = 0  # records seen; also the index a failure after the last one is reported at
    end = 0  # offset just past the last whole record
    damage = None  # why the archive could not be read to its end
    records = ArchiveIterator(io.BytesIO(data))
    try:
        for index, record in enumerate(records):
            n_records = index + 1
            try:
                page = _html_page(record)
                failure = None
            except Exception as exc:  # noqa: BLE001 — a bad payload (broken gzip, bad chunking) is one record's problem
                page, failure = None, f"the record's page cannot be read: {_short(exc)}"
            records.read_to_end()
            end = records.get_record_offset() + records.get_record_length()
            if record.rec_headers.get_header("Content-Length") is None:  # a header block cut off or mangled
                damage = f"record {index} has no Content-Length: the archive is truncated or damaged"
                problems.append((index, damage))
                break
            if getattr(record.raw_stream, "limit", 0) > 0:  # fewer bytes than its Content-Length
                damage = f"record {index} is cut short: the archive is truncated"
                problems.append((index, damage))
                break
            if failure:
                n_pages += 1
                problems.append((index, failure))
                continue
            if page is None:
                continue
            n_pages += 1
            payload, url, charset = page
            try:
                outcome = extract_article(payload, index, url=url, charset=charset)
            except Exception as exc:  # noqa: BLE001 — one page breaking the extractor loses only that page
                outcome = f"the HTML page cannot be read: {exc!r}"
            if isinstance(outcome, str):
                problems.append((index, outcome))
            else:
                articles.append(outcome)
        else:
            if data[end:].strip(_BLANK):  # bytes left that make no whole record: a cut-off header or member
                damage = f"the archive is truncated or damaged {_where(n_records)}"
                problems.append((n_records, damage))
            elif broken_gzip:
                damage = f"{corrupt('gzip')} {_where(n_records)}"
                problems.append((n_records, damage))
    except Exception as exc:  # noqa: BLE001 — warcio fails on bytes that are not (or no longer) WARC
        damage = _short(exc)
        if n_records:
            problems.append((n_records, f"the archive is truncated or damaged {_where(n_records)}: {damage}"))
    if articles:
        return ReadResult(format="warc", articles=tuple(articles), problems=tuple(problems))
    if n_pages:
        reason = "no HTML page in the WARC archive has article text"
    elif damage:
        reason = f"the WARC archive cannot be read: {damage}"
    else:
        reason = "the WARC archive holds no HTML pages"
    return ReadResult(format="warc", reason=reason, problems=tuple(problems))
