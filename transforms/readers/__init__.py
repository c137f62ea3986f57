"""Readers: the bytes of one file → articles, or the reason it is quarantined. Pure: no file I/O.

The format is told by content first (gzip, bzip2, xz and WARC magic bytes, HTML and JSON openings), then by
the file name; a compressed file is inflated (see compression.py) and the inner name decides. Every reader
returns a ReadResult and never raises: a reader bug becomes a quarantine reason, not a lost file. Archives
(zip, tar) are read member by member in archive.py, each member's bytes then read here.
"""

from __future__ import annotations

from transforms.models import ReadResult
from transforms.readers.compression import (
    SUFFIX,
    CorruptStream,
    TooLarge,
    compression_named,
    compression_of,
    decompress,
)
from transforms.readers.text import read_text


def over_cap(size: int, max_bytes: int) -> str:
    """The quarantine reason of a file (or archive member) larger than the size cap."""
    return f"the file is {size / 1e6:,.1f} MB, over the {max_bytes / 1e6:,.0f} MB cap (EVENTWIRE_MAX_FILE_MB)"


def sniff(name: str, data: bytes) -> str:
    """The format of (uncompressed) bytes: warc, html, json, jsonl, csv, tsv or txt."""
    ext = name.lower().rsplit("/", 1)[-1].rsplit(".", 1)[-1] if "." in name.rsplit("/", 1)[-1] else ""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"warc/"):
        return "warc"
    if head.startswith((b"<!doctype html", b"<html")) or ext in ("html", "htm", "xhtml"):
        return "html"
    if ext in ("jsonl", "ndjson"):
        return "jsonl"
    if ext == "json" or head.startswith((b"{", b"[")):
        first = head.split(b"\n", 1)
        if head.startswith(b"{") and len(first) > 1 and first[0].rstrip().endswith(b"}") and \
                first[1].lstrip().startswith(b"{"):
            return "jsonl"
        return "json"
    if ext in ("csv", "tsv"):
        return ext
    if ext == "warc":
        return "warc"
    return "txt"


def _reader(fmt: str):
    if fmt == "html":
        from transforms.readers.html import read_html

        return read_html
    if fmt == "warc":
        from transforms.readers.warc import read_warc

        return read_warc
    if fmt in ("json", "jsonl", "csv", "tsv"):
        from transforms.readers import records

        return {"json": records.read_json, "jsonl": records.read_jsonl, "csv": records.read_csv,
                "tsv": records.read_tsv}[fmt]
    return read_text


def read_file(name: str, data: bytes) -> ReadResult:
    """Read one file's bytes (any supported format; gzip, bzip2 or xz compressed or not)."""
    compression = compression_of(data)
    if compression:
        try:
            data = decompress(data, compression)
        except CorruptStream as exc:
            return ReadResult(format=compression, compression=compression, reason=str(exc))
        except TooLarge as exc:
            return ReadResult(format=compression, compression=compression,
                              reason=f"the {compression} file cannot be read: {exc}")
        name = name[: -len(SUFFIX[compression])] if compression_named(name) == compression else name
    elif compression_named(name):
        kind = compression_named(name)
        return ReadResult(format=kind, reason=f"the file is named {SUFFIX[kind]} but is not {kind} data")
    fmt = sniff(name, data)
    try:
        result = _reader(fmt)(data, name)
    except Exception as exc:  # noqa: BLE001 — a reader bug must not lose the file
        return ReadResult(format=fmt, compression=compression, reason=f"the {fmt} reader failed: {exc!r}")
    if compression:
        result = ReadResult(result.format, result.articles, result.reason, compression, result.problems)
    return result


__all__ = ["over_cap", "read_file", "sniff"]
