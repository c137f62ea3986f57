"""Bytes → text: UTF-8 first, byte-order marks honoured, other encodings detected (charset-normalizer)."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
# Single-byte Western encodings that detectors confuse on short texts. As browsers do (WHATWG), such text
# is read as Windows-1252 when it decodes as such: a cp1252 file keeps its é and ’.
_LATIN_FAMILY = ("cp125", "latin", "iso8859", "mac_", "cp437", "cp850", "ascii")


def decode(data: bytes) -> str | None:
    """The text of ``data``; None when it is binary or no encoding reads it."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    head = data[:65536]
    if b"\x00" in head:
        return None
    try:
        return data.decode("utf-8")
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
