"""Readers: the bytes of one file → articles, or the reason it is quarantined. Pure: no file I/O.

The format is told by content first (gzip and WARC magic bytes, HTML and JSON openings), then by the
file name; gzip is unwrapped and the inner name decides. Every reader returns a ReadResult and never
raises: a reader bug becomes a quarantine reason, not a lost file.
"""

from __future__ import annotations

import zlib

from transforms.models import ReadResult
from transforms.readers.text import read_text

MAX_DECOMPRESSED = 1 << 30  # a gzip bomb is quarantined, not inflated


def _gunzip(data: bytes) -> bytes:
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = bytearray()
    buf = data
    while buf:
        out += d.decompress(buf, MAX_DECOMPRESSED - len(out) + 1)
        if len(out) > MAX_DECOMPRESSED:
            raise ValueError("it inflates past 1 GiB")
        if d.eof:
            buf = d.unused_data  # concatenated gzip members
            if buf.strip(b"\x00"):
                d = zlib.decompressobj(16 + zlib.MAX_WBITS)
            else:
                break
        else:
            buf = d.unconsumed_tail
            if not buf:
                raise EOFError("the gzip stream is truncated")
    return bytes(out)


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
    """Read one file's bytes (any supported format, gzipped or not)."""
    compression = None
    if data[:2] == b"\x1f\x8b":
        compression = "gzip"
        try:
            data = _gunzip(data)
        except (EOFError, zlib.error, ValueError, OSError) as exc:
            return ReadResult(format="gzip", compression="gzip", reason=f"the gzip file cannot be read: {exc}")
        name = name[:-3] if name.lower().endswith(".gz") else name
    elif name.lower().endswith(".gz"):
        return ReadResult(format="gzip", reason="the file is named .gz but is not gzip data")
    fmt = sniff(name, data)
    try:
        result = _reader(fmt)(data, name)
    except Exception as exc:  # noqa: BLE001 — a reader bug must not lose the file
        return ReadResult(format=fmt, compression=compression, reason=f"the {fmt} reader failed: {exc!r}")
    if compression:
        result = ReadResult(result.format, result.articles, result.reason, compression, result.problems)
    return result


__all__ = ["read_file", "sniff"]
