"""Dates: the publication date line and relative expressions resolved against publication."""

from __future__ import annotations

import datetime as dt
import re

import dateparser

# Labels that precede a date line in scraped articles ("Last updated: 23 February, 2012").
DATE_LABEL = re.compile(
    r"^\s*(?:last\s+updated|updated|published|posted|date|dated|first\s+published|last\s+modified)"
    r"(?:\s+on)?\s*[:\-–—]?\s*",
    re.IGNORECASE,
)
_TIME = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?!\d)|\b\d{1,2}(?:[.:]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)", re.IGNORECASE)
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
# A date without a zone is taken as UTC; one with a zone is converted to UTC.
_DP_SETTINGS = {
    "PREFER_DATES_FROM": "past",
    "TIMEZONE": "UTC",
    "TO_TIMEZONE": "UTC",
    "RETURN_AS_TIMEZONE_AWARE": False,
    "PREFER_DAY_OF_MONTH": "first",
}


def is_date_line(line: str) -> bool:
    """True for a short line such as ``Published: 3 May 2011`` that only states a date."""
    line = line.strip()
    if not line or len(line) > 80 or "\n" in line:
        return False
    m = DATE_LABEL.match(line)
    return bool(m and m.end() > 0 and line[: m.end()].strip()) and parse_date(line) is not None


def parse_date(text: str) -> tuple[dt.datetime, bool] | None:
    """Parse a date (label stripped first). Returns (UTC datetime, whether a time of day was given)."""
    text = DATE_LABEL.sub("", text.strip()).strip()
    if not text:
        return None
    parsed = dateparser.parse(text, languages=["en"], settings=dict(_DP_SETTINGS))
    if parsed is None:
        return None
    has_time = bool(_TIME.search(text))
    return parsed, has_time


def resolve_relative(phrase: str, published: dt.date) -> dt.date | None:
    """Resolve a date phrase from the text against the publication date.

    A weekday means the latest such day on or before publication (the publication's own weekday is that
    day); yesterday/today/tomorrow, last night and last week are offsets; explicit dates are parsed with
    the publication date as the reference. A vague period resolves to its start ("earlier this month" → the 1st
    of the month, "last year" → 1 January of the year before); phrases with no period ("two weeks") give None.
    """
    p = phrase.lower().strip()
    p = re.sub(r"^(?:on|last|this|late|early|earlier|later)\s+(?=\w+day\b)", "", p)
    for i, name in enumerate(_WEEKDAYS):
        if re.fullmatch(rf"{name}(?:\s+(?:morning|afternoon|evening|night))?", p):
            return published - dt.timedelta(days=(published.weekday() - i) % 7)
    offsets = {
        "today": 0,
        "tonight": 0,
        "this morning": 0,
        "this afternoon": 0,
        "this evening": 0,
        "yesterday": -1,
        "last night": -1,
        "overnight": -1,
        "tomorrow": 1,
        "last week": -7,
    }
    if p in offsets:
        return published + dt.timedelta(days=offsets[p])
    # Vague periods resolve to their start (the earliest day the phrase allows).
    if p in ("earlier this month", "this month", "early this month", "at the start of the month"):
        return published.replace(day=1)
    if p in ("last month", "earlier last month"):
        return (published.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    if p in ("earlier this week", "this week", "early this week"):
        return published - dt.timedelta(days=published.weekday())
    if p in ("last year", "earlier last year"):
        return dt.date(published.year - 1, 1, 1)
    if p in ("earlier this year", "this year"):
        return dt.date(published.year, 1, 1)
    if p in ("last weekend", "at the weekend", "over the weekend", "this weekend"):
        return published - dt.timedelta(days=(published.weekday() - 5) % 7 or 7)
    if not re.search(r"\d", p) or not re.search(r"[a-z]", p):
        return None  # vague ("earlier this month", "two weeks") or a bare number
    base = dt.datetime.combine(published, dt.time(12))
    settings = {"PREFER_DATES_FROM": "past", "RELATIVE_BASE": base, "REQUIRE_PARTS": ["day", "month"]}
    parsed = dateparser.parse(phrase, languages=["en"], settings=settings)
    return parsed.date() if parsed else None


_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)s?\b")
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december"]
_MONTH = re.compile(r"\b(" + "|".join(m[:3] for m in _MONTHS) + r")[a-z]*\.?(?=\W|$)", re.IGNORECASE)


_LAST_YEAR = re.compile(r"\blast year\b")
_AGO = re.compile(r"\b(?:years|decades)\s+ago\b|\ba (?:year|decade) ago\b")


def year_of(phrase: str) -> int | None:
    """The year a date phrase names ("in March 2003" → 2003, "the 1990s" → 1999), else None."""
    m = _YEAR.search(phrase)
    return None if m is None else int(m.group(1)) + (9 if m.group(0).endswith("s") else 0)


def long_past(phrase: str, latest_year: int | None) -> bool:
    """Whether a date phrase dates a past act to well before the text, with no publication date to resolve it
    by: "last year", "two years ago", or a year before the latest year the article names ("in 1989" in an
    article that also speaks of 2005). A month or a weekday alone may be this week's news."""
    p = phrase.lower()
    if _LAST_YEAR.search(p) or _AGO.search(p):
        return True
    year = year_of(p)
    return year is not None and latest_year is not None and year < latest_year


def latest_day(phrase: str, published: dt.date) -> dt.date | None:
    """The latest day a date phrase can mean, by publication: "in 1989" → 31 December 1989, "in March 2003" → 31
    March 2003, "in August" → the end of the last August up to publication, "last year" → 31 December of the
    year before. None for a phrase with no year or month in it (a weekday, "two weeks")."""
    p = phrase.lower()
    if _LAST_YEAR.search(p):
        return dt.date(published.year - 1, 12, 31)
    named, month_m = year_of(p), _MONTH.search(p)
    if month_m is None or phrase[month_m.start():month_m.end()].rstrip(".") == "may" and named is None:
        month = None  # "may" in lower case is the modal verb; "In May" the month
    else:
        month = next(i for i, m in enumerate(_MONTHS, 1) if m.startswith(month_m.group(1).lower()))
    if named is None and month is None:
        return None
    year = named if named is not None else published.year if month <= published.month else published.year - 1
    if month is None:
        return dt.date(year, 12, 31)
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
