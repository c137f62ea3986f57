"""Plain-text articles: the seed layout (date line, headline, paragraphs) and its common variants."""

from __future__ import annotations

import re

from transforms.dates import is_date_line
from transforms.models import RawArticle, ReadResult
from transforms.readers.decode import decode

_PARA_SPLIT = re.compile(r"\n[ \t]*\n")
_SENTENCE_END = re.compile(r"[.!?…]['’\"”)]*$")
# "MOSCOW, Feb 23 (Reuters) - ", "WASHINGTON (AP) — ", "LONDON, March 3, 2012 (AFP) -"
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z .'’-]{1,40}(?:, [A-Z][A-Za-z .]{1,30})?)"
    r"(?:,\s+(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,?\s+\d{4})?))?"
    r"\s+\((?P<source>[A-Za-z][A-Za-z .&-]{1,30})\)\s*[-–—]+\s*"
)


def split_dateline(paragraph: str) -> tuple[str, str | None, str | None]:
    """Strip a wire dateline from a lead paragraph: (rest, date text if it has a year, source)."""
    m = DATELINE.match(paragraph)
    if not m:
        return paragraph, None, None
    date = m.group("date")
    return paragraph[m.end():], date if date and re.search(r"\d{4}", date) else None, m.group("source").strip()


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
    paras[0], dateline_date, source = split_dateline(paras[0])
    return RawArticle(record_index=0, text="\n\n".join(p for p in paras if p), title=title,
                      date_text=date_text or dateline_date, source_name=source)


def read_text(data: bytes, name: str = "") -> ReadResult:
    """One article from a text file."""
    if not data.strip():
        return ReadResult(format="txt", reason="the file is empty")
    text = decode(data)
    if text is None:
        return ReadResult(format="binary", reason="the file is binary or not text in a known encoding")
    article = parse_plain_text(text)
    if article is None:
        return ReadResult(format="txt", reason="the file holds no article text")
    return ReadResult(format="txt", articles=(article,))
