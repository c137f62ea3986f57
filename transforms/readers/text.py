"""Plain-text articles: the seed layout (date line, headline, paragraphs) and its common variants."""

from __future__ import annotations

import re

from transforms.dates import is_date_line
from transforms.models import RawArticle, ReadResult
from transforms.readers.decode import decode

_PARA_SPLIT = re.compile(r"\n[ \t]*\n")
_SENTENCE_END = re.compile(r"[.!?…]['’\"”)]*$")


def looks_like_headline(para: str, n_paragraphs: int) -> bool:
    """A first paragraph is a headline when more paragraphs follow and it is short and unpunctuated."""
    words = para.split()
    return n_paragraphs > 1 and 0 < len(words) <= 30 and "\n" not in para.strip() and not (
        _SENTENCE_END.search(para.strip()) and len(words) > 14
    )


def _line_paragraphs(block: str) -> list[str]:
    """A text without blank lines: one paragraph per line when the lines end sentences (newswire with a
    sentence or paragraph per line), else the headline line apart and the rest one hard-wrapped paragraph."""
    lines = [line.strip() for line in block.split("\n") if line.strip()]
    body = lines[1:] if len(lines) > 1 else lines
    ends = sum(bool(_SENTENCE_END.search(line)) for line in body)
    if ends >= 0.6 * len(body):
        return lines
    if len(lines) > 1 and (looks_like_headline(lines[0], 2) or is_date_line(lines[0])):
        return [lines[0], " ".join(lines[1:])] if not is_date_line(lines[1]) else lines[:2] + [" ".join(lines[2:])]
    return [block]


def parse_plain_text(text: str) -> RawArticle | None:
    """The seed layout: an optional date line, an optional headline, then paragraphs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    paras = [p.strip() for p in _PARA_SPLIT.split(text) if p.strip()]
    if len(paras) == 1 and "\n" in paras[0]:
        paras = _line_paragraphs(paras[0])
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
    # A wire dateline is split off the lead when the article is normalised (``transforms.normalise``).
    return RawArticle(record_index=0, text="\n\n".join(paras), title=title, date_text=date_text)


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
