"""Readers: bytes of one file → articles, or a reason to quarantine it. Pure: no file I/O here."""

from __future__ import annotations

import re

from transforms.dates import is_date_line
from transforms.models import RawArticle, ReadResult

_PARA_SPLIT = re.compile(r"\n[ \t]*\n")
_SENTENCE_END = re.compile(r"[.!?…]['’\"”)]*$")


def decode(data: bytes) -> str | None:
    """Decode text bytes: UTF-8 (with or without BOM), else Windows-1252; None for binary data."""
    if b"\x00" in data[:8192]:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\r\n\t\f")
    return None if controls > 8 else text


def looks_like_headline(para: str, n_paragraphs: int) -> bool:
    """A first paragraph is a headline when more paragraphs follow and it is short and unpunctuated."""
    words = para.split()
    return n_paragraphs > 1 and 0 < len(words) <= 30 and "\n" not in para.strip() and not (
        _SENTENCE_END.search(para.strip()) and len(words) > 14
    )


def parse_plain_text(text: str) -> RawArticle | None:
    """The seed layout: an optional date line, an optional headline, then paragraphs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    paras = [p.strip() for p in _PARA_SPLIT.split(text) if p.strip()]
    if not paras:
        return None
    date_text = None
    # The date line may be its own paragraph or the first line of the first one.
    first_line, _, rest = paras[0].partition("\n")
    if is_date_line(first_line):
        date_text = first_line.strip()
        paras = ([rest.strip()] if rest.strip() else []) + paras[1:]
    title = None
    if paras and looks_like_headline(paras[0], len(paras)):
        title = paras.pop(0)
    if not paras:
        return None
    return RawArticle(record_index=0, text="\n\n".join(paras), title=title, date_text=date_text)


def read_text_file(data: bytes) -> ReadResult:
    if not data.strip():
        return ReadResult(format="txt", reason="the file is empty")
    text = decode(data)
    if text is None:
        return ReadResult(format="binary", reason="the file is binary or not text in a known encoding")
    article = parse_plain_text(text)
    if article is None:
        return ReadResult(format="txt", reason="the file holds no article text")
    return ReadResult(format="txt", articles=(article,))


NOT_YET_SUPPORTED = frozenset({"html", "htm", "json", "jsonl", "ndjson", "csv", "tsv", "gz", "warc", "xml", "zip"})


def read_file(name: str, data: bytes) -> ReadResult:
    """Read one file's bytes as plain text; formats not read yet are quarantined with that reason."""
    base = name.lower().rsplit("/", 1)[-1]
    ext = base.rsplit(".", 1)[-1] if "." in base else ""
    if ext in NOT_YET_SUPPORTED:
        return ReadResult(format=ext, reason=f"the .{ext} format is not read yet (plain text only)")
    return read_text_file(data)
