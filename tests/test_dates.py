import datetime as dt

import pytest

from transforms.dates import is_date_line, latest_day, long_past, parse_date, resolve_relative, year_of

THURSDAY = dt.date(2012, 2, 23)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("Wednesday", dt.date(2012, 2, 22)),
        ("on Wednesday", dt.date(2012, 2, 22)),
        ("Thursday", THURSDAY),  # the publication's own weekday is that day, not a week earlier
        ("Friday", dt.date(2012, 2, 17)),
        ("last Monday", dt.date(2012, 2, 20)),
        ("Tuesday night", dt.date(2012, 2, 21)),
        ("yesterday", dt.date(2012, 2, 22)),
        ("today", THURSDAY),
        ("last week", dt.date(2012, 2, 16)),
        ("February 4", dt.date(2012, 2, 4)),
        ("4 February 2012", dt.date(2012, 2, 4)),
    ],
)
def test_relative_dates_resolve_against_publication(phrase, expected):
    assert resolve_relative(phrase, THURSDAY) == expected


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("earlier this month", dt.date(2012, 2, 1)),
        ("last month", dt.date(2012, 1, 1)),
        ("earlier this week", dt.date(2012, 2, 20)),
        ("last year", dt.date(2011, 1, 1)),
        ("last weekend", dt.date(2012, 2, 18)),
    ],
)
def test_vague_periods_resolve_to_their_start(phrase, expected):
    assert resolve_relative(phrase, THURSDAY) == expected


@pytest.mark.parametrize("phrase", ["less than a month", "two weeks", "2012"])
def test_vague_phrases_give_none(phrase):
    assert resolve_relative(phrase, THURSDAY) is None


def test_date_lines():
    assert is_date_line("Last updated: 23 February, 2012")
    assert is_date_line("Date: 2012-02-23")
    assert not is_date_line("Russia and China maintains their opposition")
    assert not is_date_line("Updated: whenever")
    when, has_time = parse_date("Last updated: 23 February, 2012")
    assert when == dt.datetime(2012, 2, 23) and not has_time


@pytest.mark.parametrize(
    ("text", "expected", "has_time"),
    [
        ("2012-02-23T14:30:00Z", dt.datetime(2012, 2, 23, 14, 30), True),
        ("2012-02-23T14:30:00+02:00", dt.datetime(2012, 2, 23, 12, 30), True),
        ("Published: 23 Feb 2012 2.30pm GMT", dt.datetime(2012, 2, 23, 14, 30), True),
        ("Updated: 2012-02-23", dt.datetime(2012, 2, 23), False),
    ],
)
def test_dates_with_times_are_converted_to_utc(text, expected, has_time):
    assert parse_date(text) == (expected, has_time)


@pytest.mark.parametrize(("phrase", "expected"), [
    ("in 1989", dt.date(1989, 12, 31)), ("March 2003", dt.date(2003, 3, 31)), ("the 1990s", dt.date(1999, 12, 31)),
    ("in January", dt.date(2012, 1, 31)), ("in August", dt.date(2011, 8, 31)), ("last year", dt.date(2011, 12, 31)),
    ("February 29, 2012", dt.date(2012, 2, 29)), ("December 2011", dt.date(2011, 12, 31)),
    ("In May", dt.date(2011, 5, 31)),  # the month when capitalised; "may" alone is the modal verb (below)
])
def test_latest_day_a_phrase_can_mean(phrase, expected):
    assert latest_day(phrase, THURSDAY) == expected


@pytest.mark.parametrize("phrase", ["Tuesday", "two weeks", "may", "yesterday"])
def test_latest_day_needs_a_year_or_a_month(phrase):
    assert latest_day(phrase, THURSDAY) is None


@pytest.mark.parametrize(("phrase", "year"), [("in March 2003", 2003), ("the 1990s", 1999), ("on 7 March 2003", 2003),
                                              ("in February", None), ("last year", None)])
def test_the_year_a_phrase_names(phrase, year):
    assert year_of(phrase) == year


@pytest.mark.parametrize(("phrase", "expected"), [
    ("last year", True), ("two years ago", True), ("a decade ago", True),
    ("in 1989", True), ("on 7 March 2003", True),  # before 2005, the latest year the article names
    ("in 2005", False), ("in February", False), ("last week", False), ("on Tuesday", False), ("a month ago", False),
])
def test_long_past_without_a_publication_date(phrase, expected):
    assert long_past(phrase, 2005) is expected


def test_a_year_is_long_past_only_beside_a_later_one():
    assert long_past("in 1989", None) is False
