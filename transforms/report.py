"""The event report's data: what the page shows, shaped from the warehouse's frames into one ``ReportData``.

Pure: pandas frames in (read by ``flows/report.py`` from the warehouse's table macros ``events_between``,
``dyads_between`` and ``top_actors_between``: SQL is the one definition of the period and country filter, the
dyads and the top actors), a ``ReportData`` out (``build_report``). ``transforms/report_page.py`` renders it.

The period (``since``/``until``, inclusive) applies to ``event_date``; for entities and duplicate articles,
to the article's ``published_date``. The country filter keeps events whose source, target or location
country is that ISO3 code. Negated events ("did not attack") did not happen and are left out.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import pandas as pd

from transforms.gazetteer import country_name

QUAD_CLASSES = {1: "Verbal cooperation", 2: "Material cooperation", 3: "Verbal conflict", 4: "Material conflict"}
ISO3 = re.compile(r"^[A-Z]{3}$")
TOP = 15  # rows of the ranked charts: dyads' sources and targets, actors, entities

# the events' columns the report reads (from ``events_between``: negated events included, to count them)
EVENT_COLUMNS = ("article_id", "event_date", "quad_class", "goldstein", "negated", "location_text",
                 "location_country", "lat", "lon")
DYAD_COLUMNS = ("source", "target", "events", "mean_goldstein")  # of ``dyads_between``
ACTOR_COLUMNS = ("actor_code", "names", "as_source", "as_target", "events", "mean_goldstein")  # top_actors_between
ENTITY_COLUMNS = ("name", "label", "mentions", "articles")


@dataclass(frozen=True)
class ReportFilter:
    """Which events the report shows: ``since``/``until`` inclusive, ``country`` an ISO3 code (upper case)."""

    since: dt.date | None = None
    until: dt.date | None = None
    country: str | None = None

    def __post_init__(self):
        if self.country is not None and not ISO3.match(self.country):
            raise ValueError(f"country must be an ISO 3166-1 alpha-3 code such as RUS, not {self.country!r}")
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"--since {self.since} is after --until {self.until}")

    def describe(self) -> str:
        if self.since and self.until:
            when = f"{self.since:%d %b %Y} – {self.until:%d %b %Y}"
        elif self.since:
            when = f"from {self.since:%d %b %Y}"
        elif self.until:
            when = f"until {self.until:%d %b %Y}"
        else:
            when = "all dates"
        if self.country:
            name = country_name(self.country)
            when += f"; events involving {self.country}" + (f" ({name})" if name else "")
        return when


@dataclass(frozen=True)
class Quality:
    """What did not become events: duplicates and quarantined input."""

    articles: int  # articles published in the period (all, copies and other languages included)
    articles_duplicate: int  # of those, exact or near copies of an earlier article
    articles_not_english: int
    files_duplicate: int  # whole-warehouse: files have no publication date
    files_quarantined: int
    records_quarantined: int
    quarantine_reasons: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class ReportData:
    filter: ReportFilter
    n_events: int
    n_articles: int  # articles with at least one of the events
    n_negated: int  # left out
    n_undated: int  # events without a date (in the totals, not on the time line)
    first_date: dt.date | None
    last_date: dt.date | None
    mean_goldstein: float | None
    by_quad: dict[int, int]
    freq_label: str  # "day", "week" or "month"
    over_time: pd.DataFrame  # period, 1..4 (events per quad class), events, mean_goldstein
    dyads: pd.DataFrame  # DYAD_COLUMNS: every dyad among the top sources and top targets (a heat map)
    top_dyads: pd.DataFrame  # DYAD_COLUMNS: the most frequent dyads, in order
    locations: pd.DataFrame  # location_text, location_country, lat, lon, events, mean_goldstein
    actors: pd.DataFrame  # ACTOR_COLUMNS, ``names`` comma-separated, the most frequent first
    entities: pd.DataFrame  # ENTITY_COLUMNS
    quality: Quality
    title: str = "eventwire event report"
    source: str = ""  # where the data came from (the warehouse path), shown in the page
    generated_at: dt.datetime = field(default_factory=lambda: dt.datetime.now().replace(microsecond=0))

    @property
    def empty(self) -> bool:
        return self.n_events == 0


# ---------------------------------------------------------------------------------------------- shaping

def _dates(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series, errors="coerce")


def time_bucket(first: dt.date, last: dt.date) -> tuple[str, str]:
    """A pandas period frequency and its name: days up to three months, weeks up to three years, else months."""
    span = (last - first).days
    if span <= 92:
        return "D", "day"
    if span <= 3 * 366:
        return "W-SUN", "week"
    return "M", "month"


def events_over_time(events: pd.DataFrame, freq: str) -> pd.DataFrame:
    """Events per period (``period`` = its first day) and quad class (columns 1..4), total and mean Goldstein."""
    cols = ["period", 1, 2, 3, 4, "events", "mean_goldstein"]
    dated = events.assign(_d=_dates(events["event_date"])).dropna(subset=["_d"])
    if dated.empty:
        return pd.DataFrame(columns=cols)
    dated = dated.assign(period=dated["_d"].dt.to_period(freq).dt.start_time)
    counts = dated.pivot_table(index="period", columns="quad_class", values="_d", aggfunc="count", fill_value=0)
    counts = counts.reindex(columns=[1, 2, 3, 4], fill_value=0)
    full = pd.period_range(dated["_d"].min(), dated["_d"].max(), freq=freq).start_time
    counts = counts.reindex(full, fill_value=0)
    out = counts.assign(events=counts.sum(axis=1),
                        mean_goldstein=dated.groupby("period")["goldstein"].mean().reindex(full))
    out.index.name = "period"
    out.columns.name = None
    return out.reset_index()[cols]


def dyad_grid(dyads: pd.DataFrame, top: int = TOP) -> pd.DataFrame:
    """The dyads (``DYAD_COLUMNS``, most frequent first) among the ``top`` sources and the ``top`` targets by their
    events (ties by code): the heat map's cells."""
    if dyads.empty:
        return pd.DataFrame(columns=list(DYAD_COLUMNS))

    def ranked(side: str) -> pd.Index:
        totals = dyads.groupby(side)["events"].sum().sort_index()
        return totals.sort_values(ascending=False, kind="stable").index[:top]

    grid = dyads[dyads["source"].isin(ranked("source")) & dyads["target"].isin(ranked("target"))]
    return grid.reset_index(drop=True)[list(DYAD_COLUMNS)]


def located_events(events: pd.DataFrame) -> pd.DataFrame:
    """Events per place that has coordinates: location_text, location_country, lat, lon, events, mean_goldstein."""
    cols = ["location_text", "location_country", "lat", "lon", "events", "mean_goldstein"]
    located = events.dropna(subset=["lat", "lon"])
    if located.empty:
        return pd.DataFrame(columns=cols)
    located = located.assign(location_text=located["location_text"].fillna("?"),
                             location_country=located["location_country"].fillna(""))
    out = (located.groupby(["location_text", "location_country"])
           .agg(lat=("lat", "first"), lon=("lon", "first"), events=("lat", "size"),
                mean_goldstein=("goldstein", "mean"))
           .reset_index().sort_values(["events", "location_text"], ascending=[False, True]))
    return out.reset_index(drop=True)[cols]


def build_report(events: pd.DataFrame, dyads: pd.DataFrame, actors: pd.DataFrame, entities: pd.DataFrame,
                 quality: Quality, f: ReportFilter = ReportFilter(), *, source: str = "", top: int = TOP
                 ) -> ReportData:
    """Everything the report shows, from the filter's events (``EVENT_COLUMNS``, negated ones included), its
    dyads (``DYAD_COLUMNS``, most frequent first), top actors (``ACTOR_COLUMNS``) and top entities
    (``ENTITY_COLUMNS``), and the quality counts."""
    events = events.reindex(columns=list(EVENT_COLUMNS))
    negated = events["negated"].fillna(False).astype(bool)
    shown = events[~negated]
    dates = _dates(shown["event_date"]).dropna()
    first = dates.min().date() if len(dates) else None
    last = dates.max().date() if len(dates) else None
    freq, freq_label = time_bucket(first, last) if first else ("D", "day")
    by_quad = shown["quad_class"].value_counts()
    return ReportData(
        filter=f,
        n_events=len(shown),
        n_articles=int(shown["article_id"].nunique()),
        n_negated=int(negated.sum()),
        n_undated=int(shown["event_date"].isna().sum()),
        first_date=first,
        last_date=last,
        mean_goldstein=float(shown["goldstein"].mean()) if len(shown) else None,
        by_quad={q: int(by_quad.get(q, 0)) for q in QUAD_CLASSES},
        freq_label=freq_label,
        over_time=events_over_time(shown, freq),
        dyads=dyad_grid(dyads, top),
        top_dyads=dyads.head(top).reset_index(drop=True)[list(DYAD_COLUMNS)],
        locations=located_events(shown),
        actors=actors.head(top).reset_index(drop=True)[list(ACTOR_COLUMNS)],
        entities=entities.head(top).reset_index(drop=True)[list(ENTITY_COLUMNS)],
        quality=quality,
        source=source,
    )


def empty_report(f: ReportFilter = ReportFilter(), source: str = "") -> ReportData:
    """The report of a warehouse without events (never loaded)."""
    frames = (pd.DataFrame(columns=list(c)) for c in (EVENT_COLUMNS, DYAD_COLUMNS, ACTOR_COLUMNS, ENTITY_COLUMNS))
    return build_report(*frames, Quality(0, 0, 0, 0, 0, 0), f, source=source)
