"""Bytes → text: UTF-8 first, byte-order marks honoured, other encodings detected (charset-normalizer).

Binary is told by the share of control bytes, not by the presence of one: a valid page with a few stray NULs
(a bad CMS export, a copy cut and pasted from a PDF) is text with the NULs dropped; an image, an executable or
compressed data is a tenth control bytes.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
# Single-byte Western encodings that detectors confuse on short texts. As browsers do (WHATWG), such text
# is read as Windows-1252 when it decodes as such: a cp1252 file keeps its é and ’.
_LATIN_FAMILY = ("cp125", "latin", "iso8859", "mac_", "cp437", "cp850", "ascii")
# C0 control bytes and DEL other than tab, line feed, vertical tab, form feed, carriage return and escape
_CONTROL = bytes(b for b in [*range(32), 127] if b not in b"\t\n\v\f\r\x1b")
MAX_CONTROL_SHARE = 0.01  # text has (almost) none; random or compressed bytes about 10%


def without_stray_nuls(data: bytes) -> bytes | None:
    """``data`` without NUL bytes, or None when it is binary: more than 1% control bytes (BOM-less UTF-16 too,
    half NULs: it is not read)."""
    controls = len(data) - len(data.translate(None, _CONTROL))
    if controls > MAX_CONTROL_SHARE * len(data):
        return None
    return data.replace(b"\x00", b"") if controls else data


def decode(data: bytes, declared: Iterable[str] = ()) -> str | None:
    """The text of ``data``; None when it is binary or no encoding reads it. ``declared``: codecs the file says it
    is in (an HTML page's HTTP header or meta tag), tried after UTF-8 and before detection."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    data = without_stray_nuls(data)
    if data is None:
        return None
    for codec in ("utf-8", *declared):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            pass
    sample = data[:1_000_000]
    best = from_bytes(sample).best()
    if best is None:
        return None
    if best.encoding.lower().startswith(_LATIN_FAMILY) and best.encoding.lower() != "cp1252":
        western = from_bytes(sample, cp_isolation=["cp1252"]).best()
        if western is not None and western.chaos <= best.chaos + 0.05:
            try:
                return data.decode("cp1252")
            except UnicodeDecodeError:
                pass
    try:
        return data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return None
