"""Wire datelines at the start of a lead paragraph: where the story was filed, when, and by which agency.

    MOSCOW, Feb 23 (Reuters) -            WASHINGTON (AP) —             LONDON, March 3, 2012 (AFP) -
    GAZA CITY, Jan 5 -                    LONDON -                      ISLAMABAD:
    NEW DELHI, India, 23 February -       LONDON 1996-08-30             Kabul, Afghanistan —
    Moscow (Reuters) -                    Gaza City, Jan. 5 (AP) —
    MEXICO CITY (AP) _                    JERUSALEM, March 3 /PRNewswire/ --

A place in capitals may stand alone before the dash or colon; a place in mixed case needs something that only a
dateline has after it (a region, a date or an agency), so that "Labour - the party …" is no dateline. The text
reader keeps a dateline's agency and dated year; ``transforms.places`` takes its place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.?"
_DATE = (rf"(?:{_MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?"  # Feb 23, March 3, 2012
         rf"|\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?)")  # 23 February 2012
_CAPS = r"[A-Z][A-Z.'’-]*(?: [A-Z][A-Z.'’-]*){0,3}"  # MOSCOW, GAZA CITY, ST. PETERSBURG
_MIXED = r"[A-Z][a-z.'’-]+(?: [A-Z][a-z.'’-]+){0,3}"  # Kabul, Gaza City
_REGION = r"[A-Z][A-Za-z.'’-]*(?: [A-Z][A-Za-z.'’-]*){0,3}"  # Afghanistan, Calif., N.Y., SYRIA
DATELINE = re.compile(
    rf"^(?P<place>{_CAPS}|{_MIXED})(?P<region>,\s*{_REGION})?"
    rf"(?:,?\s+(?P<date>{_DATE}))?"
    r"(?:\s*[(/](?P<source>[A-Za-z][A-Za-z .&-]{1,30})[)/])?"  # "(Reuters)", "/PRNewswire/"
    r"(?:\s*(?:[-–—]+|_)(?:\s+|$)|:(?:\s+|$))"  # "-", "—", "--", the old AP "_", ":"
)
# The CoNLL-2003 layout: the place in capitals and an ISO date, alone on the line or before the text.
_CONLL = re.compile(r"^(?P<place>[A-Z][A-Z.'’-]*(?: [A-Z][A-Z.'’-]*){0,3}) (?P<date>\d{4}-\d{2}-\d{2})(?:\s+|$)")


@dataclass(frozen=True)
class Dateline:
    place: str  # as written, with its region: "KABUL, Afghanistan"
    place_end: int  # character offset where the place (with its region) ends
    date: str | None  # as written: "Feb 23", "March 3, 2012", "1996-08-30"
    source: str | None  # the agency: "Reuters"
    end: int  # where the story's text starts


def match_dateline(paragraph: str) -> Dateline | None:
    """The dateline at the start of ``paragraph``, else None."""
    m = DATELINE.match(paragraph)
    if m and (m.group("place").isupper() or m.group("region") or m.group("date") or m.group("source")):
        end = m.end("region") if m.group("region") else m.end("place")
        source = m.group("source").strip() if m.group("source") else None
        return Dateline(paragraph[:end], end, m.group("date"), source, m.end())
    m = _CONLL.match(paragraph)
    if m:
        return Dateline(m.group("place"), m.end("place"), m.group("date"), None, m.end())
    return None


def split_lead(paragraphs: list[str]) -> tuple[Dateline | None, list[str]]:
    """A dateline opening the lead becomes a paragraph of its own ("MOSCOW, Feb 23 (Reuters) -", then the
    lead): the model reads it apart, so that no sentence of the story starts with it. A paragraph that is
    only a dateline stays as it is."""
    found = match_dateline(paragraphs[0]) if paragraphs else None
    if found is None:
        return None, paragraphs
    head, rest = paragraphs[0][:found.end].rstrip(), paragraphs[0][found.end:].strip()
    return found, ([head, rest] if rest else [head]) + paragraphs[1:]


def dated(dateline: Dateline | None) -> str | None:
    """The dateline's date when it has a year (a date without one is not guessed)."""
    return dateline.date if dateline and dateline.date and re.search(r"\d{4}", dateline.date) else None
