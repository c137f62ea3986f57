"""The event report: the warehouse's events shaped into small frames, then into plotly figures and one HTML page.

Pure: pandas frames in, a ``ReportData`` out (``build_report``), then figures (``figures``), a self-contained
HTML page (``render_html``, given the plotly.js source and the world topojson as text) and a markdown
summary (``markdown_summary``). Reading DuckDB and writing the file is ``flows/report.py``'s job.

The period (``since``/``until``, inclusive) applies to ``event_date``; for entities and duplicate articles,
to the article's ``published_date``. The country filter keeps events whose source, target or location
country is that ISO3 code. Negated events ("did not attack") did not happen and are left out.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import html
import re
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from transforms.gazetteer import country_name

QUAD_CLASSES = {1: "Verbal cooperation", 2: "Material cooperation", 3: "Verbal conflict", 4: "Material conflict"}
# Cooperation in blues, conflict in oranges/reds: the same sides as the Goldstein colour scale below.
QUAD_COLOURS = {1: "#74a9cf", 2: "#0570b0", 3: "#fdae61", 4: "#d7301f"}
GOLDSTEIN_SCALE = "RdBu"  # red = conflict (−10), blue = cooperation (+10)
ENTITY_COLOURS = {"PERSON": "#6a51a3", "ORG": "#2b8cbe", "GPE": "#41ab5d", "NORP": "#fe9929", "LOC": "#8c6d31"}
ISO3 = re.compile(r"^[A-Z]{3}$")

EVENT_COLUMNS = ("event_id", "article_id", "event_date", "source_code", "target_code", "source_country",
                 "target_country", "source_name", "target_name", "quad_class", "goldstein", "negated",
                 "location_text", "location_country", "lat", "lon")


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
    dyads: pd.DataFrame  # source, target, events, mean_goldstein (top sources × top targets)
    top_dyads: pd.DataFrame  # the same, the most frequent first
    locations: pd.DataFrame  # location_text, location_country, lat, lon, events, mean_goldstein
    actors: pd.DataFrame  # actor, names, as_source, as_target, events, mean_goldstein
    entities: pd.DataFrame  # name, label, mentions, articles
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


def in_period(dates: pd.Series, f: ReportFilter) -> pd.Series:
    """True where the date is within ``f``'s bounds (inclusive); a missing date is out when there is a bound."""
    dates = _dates(dates)
    keep = pd.Series(True, index=dates.index)
    if f.since:
        keep &= dates >= pd.Timestamp(f.since)
    if f.until:
        keep &= dates <= pd.Timestamp(f.until)
    return keep


def filter_events(events: pd.DataFrame, f: ReportFilter) -> pd.DataFrame:
    """The events the report shows: not negated, in the period (a bound drops undated events), and with the
    country as source, target or location country."""
    out = events[~events["negated"].fillna(False).astype(bool)] if "negated" in events else events
    keep = in_period(out["event_date"], f)
    if f.country:
        keep &= ((out["source_country"] == f.country) | (out["target_country"] == f.country)
                 | (out["location_country"] == f.country)).fillna(False)
    return out[keep]


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


def _side(events: pd.DataFrame, side: str) -> pd.Series:
    """A dyad side: the actor's country, else its code (an international organisation such as IGOUNO)."""
    return events[f"{side}_country"].fillna(events[f"{side}_code"])


def dyads(events: pd.DataFrame, top: int = 15) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(every dyad among the ``top`` source and ``top`` target countries, all dyads by count).

    Columns: source, target, events, mean_goldstein. One-actor events have no dyad."""
    cols = ["source", "target", "events", "mean_goldstein"]
    pairs = events.assign(source=_side(events, "source"), target=_side(events, "target")).dropna(
        subset=["source", "target"])
    if pairs.empty:
        return pd.DataFrame(columns=cols), pd.DataFrame(columns=cols)
    all_dyads = (pairs.groupby(["source", "target"]).agg(events=("goldstein", "size"),
                                                         mean_goldstein=("goldstein", "mean"))
                 .reset_index().sort_values(["events", "source", "target"], ascending=[False, True, True]))
    sources = pairs["source"].value_counts().sort_index().sort_values(ascending=False, kind="stable").index[:top]
    targets = pairs["target"].value_counts().sort_index().sort_values(ascending=False, kind="stable").index[:top]
    grid = all_dyads[all_dyads["source"].isin(sources) & all_dyads["target"].isin(targets)]
    return grid.reset_index(drop=True)[cols], all_dyads.reset_index(drop=True)[cols]


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


def top_actors(events: pd.DataFrame, top: int = 15) -> pd.DataFrame:
    """The most frequent actor codes as source or target, with their most frequent names."""
    cols = ["actor", "names", "as_source", "as_target", "events", "mean_goldstein"]
    sides = []
    for side in ("source", "target"):
        part = events[[f"{side}_code", f"{side}_name", "goldstein"]].dropna(subset=[f"{side}_code"])
        sides.append(part.set_axis(["actor", "name", "goldstein"], axis=1).assign(side=side))
    both = pd.concat(sides, ignore_index=True)
    if both.empty:
        return pd.DataFrame(columns=cols)
    counts = both.pivot_table(index="actor", columns="side", values="goldstein", aggfunc="size", fill_value=0)
    counts = counts.reindex(columns=["source", "target"], fill_value=0)
    names = both.dropna(subset=["name"]).groupby("actor")["name"].agg(
        lambda s: ", ".join(s.value_counts().sort_index().sort_values(ascending=False, kind="stable").index[:3]))
    out = pd.DataFrame({
        "actor": counts.index,
        "names": names.reindex(counts.index).fillna("").to_numpy(),
        "as_source": counts["source"].to_numpy(),
        "as_target": counts["target"].to_numpy(),
        "mean_goldstein": both.groupby("actor")["goldstein"].mean().reindex(counts.index).to_numpy(),
    })
    out["events"] = out["as_source"] + out["as_target"]
    out = out.sort_values(["events", "actor"], ascending=[False, True]).head(top)
    return out.reset_index(drop=True)[cols]


def top_entities(mentions: pd.DataFrame, f: ReportFilter, article_ids: set[str] | None = None,
                 top: int = 15) -> pd.DataFrame:
    """The most mentioned canonical entities in the period's articles (by ``published_date``).

    ``mentions``: one row per article and entity (article_id, published_date, name, label, n). With a country
    filter, ``article_ids`` are the articles of the shown events, and only their mentions count."""
    cols = ["name", "label", "mentions", "articles"]
    m = mentions[in_period(mentions["published_date"], f)]
    if article_ids is not None:
        m = m[m["article_id"].isin(article_ids)]
    if m.empty:
        return pd.DataFrame(columns=cols)
    out = (m.groupby(["name", "label"]).agg(mentions=("n", "sum"), articles=("article_id", "nunique"))
           .reset_index().sort_values(["mentions", "articles", "name"], ascending=[False, False, True]))
    return out.head(top).reset_index(drop=True)[cols]


def quality(articles: pd.DataFrame, files_by_status: dict[str, int], records_quarantined: int,
            f: ReportFilter, quarantine_reasons: list[tuple[str, int]] | None = None) -> Quality:
    """Duplicate articles published in the period; duplicate and quarantined files of the whole warehouse."""
    a = articles[in_period(articles["published_date"], f)]
    return Quality(
        articles=len(a),
        articles_duplicate=int(a["duplicate_of"].notna().sum()),
        articles_not_english=int((a["duplicate_of"].isna() & a["language"].notna() & (a["language"] != "en")).sum()),
        files_duplicate=int(files_by_status.get("duplicate", 0)),
        files_quarantined=int(files_by_status.get("quarantined", 0)),
        records_quarantined=int(records_quarantined),
        quarantine_reasons=list(quarantine_reasons or []),
    )


def build_report(events: pd.DataFrame, mentions: pd.DataFrame, articles: pd.DataFrame,
                 files_by_status: dict[str, int], records_quarantined: int, f: ReportFilter = ReportFilter(),
                 *, quarantine_reasons: list[tuple[str, int]] | None = None, source: str = "",
                 top: int = 15) -> ReportData:
    """Everything the report shows, from the warehouse's events (``EVENT_COLUMNS``), the mentions per article
    and entity, the articles (article_id, published_date, duplicate_of, language) and the files' status counts."""
    events = events.reindex(columns=list(EVENT_COLUMNS))
    negated = events["negated"].fillna(False).astype(bool)
    n_negated = int(len(filter_events(events[negated].assign(negated=False), f)))
    shown = filter_events(events, f)
    dates = _dates(shown["event_date"]).dropna()
    first = dates.min().date() if len(dates) else None
    last = dates.max().date() if len(dates) else None
    freq, freq_label = time_bucket(first, last) if first else ("D", "day")
    grid, all_dyads = dyads(shown, top)
    article_ids = set(shown["article_id"].dropna()) if f.country else None
    by_quad = shown["quad_class"].value_counts()
    return ReportData(
        filter=f,
        n_events=len(shown),
        n_articles=int(shown["article_id"].nunique()),
        n_negated=n_negated,
        n_undated=int(shown["event_date"].isna().sum()),
        first_date=first,
        last_date=last,
        mean_goldstein=float(shown["goldstein"].mean()) if len(shown) else None,
        by_quad={q: int(by_quad.get(q, 0)) for q in QUAD_CLASSES},
        freq_label=freq_label,
        over_time=events_over_time(shown, freq),
        dyads=grid,
        top_dyads=all_dyads.head(top).reset_index(drop=True),
        locations=located_events(shown),
        actors=top_actors(shown, top),
        entities=top_entities(mentions, f, article_ids, top),
        quality=quality(articles, files_by_status, records_quarantined, f, quarantine_reasons),
        source=source,
    )


# ---------------------------------------------------------------------------------------------- figures

FONT = dict(family="system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif", size=13)


def _layout(fig: go.Figure, title: str, height: int, **kw) -> go.Figure:
    fig.update_layout(title=dict(text=title, x=0, xanchor="left", font=dict(size=17)), height=height,
                      template="plotly_white", font=FONT, margin=dict(l=70, r=30, t=70, b=60), **kw)
    return fig


def _country_label(code: str) -> str:
    name = country_name(code) if ISO3.match(code or "") else None
    return f"{code} {name}" if name else str(code)


def timeline_figure(data: ReportData) -> go.Figure:
    t = data.over_time
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    for q, label in QUAD_CLASSES.items():
        fig.add_trace(go.Bar(x=t["period"], y=t[q], name=f"{q} {label}", marker_color=QUAD_COLOURS[q],
                             hovertemplate=f"{label}: %{{y}}<extra>%{{x|%d %b %Y}}</extra>"), secondary_y=False)
    fig.add_trace(go.Scatter(x=t["period"], y=t["mean_goldstein"], name="Mean Goldstein", mode="lines+markers",
                             line=dict(color="#252525", width=2), marker=dict(size=5), connectgaps=False,
                             hovertemplate="mean Goldstein %{y:.2f}<extra>%{x|%d %b %Y}</extra>"), secondary_y=True)
    per = {"day": "per day", "week": "per week (Monday–Sunday)", "month": "per month"}[data.freq_label]
    _layout(fig, f"Events over time by quad class, {per}", 460, barmode="stack", bargap=0.15,
            legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, xanchor="left", traceorder="normal"))
    fig.update_yaxes(title_text="Events", secondary_y=False, rangemode="tozero")
    fig.update_yaxes(title_text="Mean Goldstein", range=[-10.5, 10.5], tickvals=[-10, -5, 0, 5, 10],
                     secondary_y=True, showgrid=False, zeroline=True, zerolinecolor="#999")
    fig.update_xaxes(title_text={"day": "Day", "week": "Week starting", "month": "Month"}[data.freq_label],
                     tickformat="%b %Y" if data.freq_label == "month" else "%d %b %Y")
    if data.freq_label == "day" and len(t) <= 14:
        fig.update_xaxes(dtick=86_400_000)  # one tick a day, not hours
    return fig


def dyads_figure(data: ReportData) -> go.Figure:
    d = data.dyads
    sources = list(d.groupby("source")["events"].sum().sort_values(ascending=False, kind="stable").index)
    targets = list(d.groupby("target")["events"].sum().sort_values(ascending=False, kind="stable").index)
    counts = d.pivot(index="source", columns="target", values="events").reindex(index=sources, columns=targets)
    means = d.pivot(index="source", columns="target", values="mean_goldstein").reindex(index=sources,
                                                                                        columns=targets)
    text = counts.map(lambda v: "" if pd.isna(v) else str(int(v)))
    fig = go.Figure(go.Heatmap(
        z=means.to_numpy(), x=[_country_label(t) for t in targets], y=[_country_label(s) for s in sources],
        text=text.to_numpy(), texttemplate="%{text}", textfont=dict(size=12),
        customdata=counts.fillna(0).astype(int).to_numpy(),
        colorscale=GOLDSTEIN_SCALE, zmin=-10, zmax=10, zmid=0, xgap=1, ygap=1, hoverongaps=False,
        colorbar=dict(title=dict(text="Mean<br>Goldstein"), tickvals=[-10, -5, 0, 5, 10]),
        hovertemplate="%{y} → %{x}<br>%{customdata} events, mean Goldstein %{z:.2f}<extra></extra>"))
    height = max(460, 190 + 30 * len(sources))
    _layout(fig, "Top dyads: source × target (number = events, colour = mean Goldstein)", height)
    fig.update_xaxes(title_text="Target", side="bottom", tickangle=-40, showgrid=False)
    fig.update_yaxes(title_text="Source", autorange="reversed", showgrid=False)
    fig.update_layout(margin=dict(l=190, b=150), plot_bgcolor="#f4f5f7")  # grey: no events
    return fig


def map_figure(data: ReportData) -> go.Figure:
    loc = data.locations
    size = loc["events"].astype(float) ** 0.5
    sizeref = max(float(size.max()) / 28, 0.1) if len(loc) else 1
    fig = go.Figure(go.Scattergeo(
        lon=loc["lon"], lat=loc["lat"], mode="markers",
        marker=dict(size=size, sizeref=sizeref, sizemin=5, sizemode="diameter", color=loc["mean_goldstein"],
                    colorscale=GOLDSTEIN_SCALE, cmin=-10, cmax=10, cmid=0, opacity=0.85,
                    line=dict(width=0.6, color="#333"),
                    colorbar=dict(title=dict(text="Mean<br>Goldstein"), tickvals=[-10, -5, 0, 5, 10])),
        text=[f"<b>{html.escape(str(p))}</b> {c}" for p, c in zip(loc["location_text"], loc["location_country"],
                                                                 strict=True)],
        customdata=loc[["events", "mean_goldstein"]].to_numpy(),
        hovertemplate="%{text}<br>%{customdata[0]} events, mean Goldstein %{customdata[1]:.2f}<extra></extra>"))
    n_located = int(loc["events"].sum()) if len(loc) else 0
    _layout(fig, f"Where events happened: {n_located:,} of {data.n_events:,} events name a located place "
            "(size = events)", 560)
    fig.update_geos(projection_type="natural earth", resolution=110, showland=True, landcolor="#ececec",
                    showcountries=True, countrycolor="#b5b5b5", showcoastlines=True, coastlinecolor="#9a9a9a",
                    showocean=True, oceancolor="#f3f8fc", showlakes=False, showframe=False, fitbounds=False,
                    lonaxis_range=[-180, 180], lataxis_range=[-58, 84])
    fig.update_layout(margin=dict(l=10, r=10, t=60, b=10))
    return fig


def actors_figure(data: ReportData) -> go.Figure:
    a = data.actors.iloc[::-1]
    labels = [f"{code}" + (f" · {names.split(', ')[0]}" if names else "") for code, names in
              zip(a["actor"], a["names"], strict=True)]
    hover = [html.escape(n) or "no named entity" for n in a["names"]]
    fig = go.Figure()
    for col, name, colour in (("as_source", "as source", "#3f6fb5"), ("as_target", "as target", "#9ecae1")):
        fig.add_trace(go.Bar(y=labels, x=a[col], name=name, orientation="h", marker_color=colour,
                             customdata=hover,
                             hovertemplate=f"%{{y}} {name}: %{{x}}<br>%{{customdata}}<extra></extra>"))
    _layout(fig, "Top actors (actor code · most frequent name)", max(360, 120 + 26 * len(a)), barmode="stack",
            legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, traceorder="normal"))
    fig.update_xaxes(title_text="Events")
    fig.update_layout(margin=dict(l=260))
    return fig


def entities_figure(data: ReportData) -> go.Figure:
    e = data.entities.iloc[::-1]
    fig = go.Figure()
    for label in dict.fromkeys(e["label"]):
        part = e[e["label"] == label]
        fig.add_trace(go.Bar(y=part["name"], x=part["mentions"], name=label, orientation="h",
                             marker_color=ENTITY_COLOURS.get(label, "#969696"), customdata=part["articles"],
                             hovertemplate="%{y}: %{x} mentions in %{customdata} articles<extra>" + label + "</extra>"))
    _layout(fig, "Top entities (mentions in the period's articles)", max(360, 120 + 26 * len(e)),
            legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, title_text="type "))
    fig.update_yaxes(categoryorder="array", categoryarray=list(e["name"]))
    fig.update_xaxes(title_text="Mentions")
    fig.update_layout(margin=dict(l=260))
    return fig


def figures(data: ReportData) -> list[tuple[str, go.Figure]]:
    """(section id, figure) for every chart that has data, in page order."""
    out: list[tuple[str, go.Figure]] = []
    if len(data.over_time):
        out.append(("timeline", timeline_figure(data)))
    if len(data.dyads):
        out.append(("dyads", dyads_figure(data)))
    out.append(("map", map_figure(data)))
    if len(data.actors):
        out.append(("actors", actors_figure(data)))
    if len(data.entities):
        out.append(("entities", entities_figure(data)))
    return out


# ---------------------------------------------------------------------------------------------- page

CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;margin:0;
 background:#f6f7f9;color:#1d2430}
header{background:#1d2a3a;color:#fff;padding:22px 32px}header h1{margin:0 0 6px;font-size:24px}
header p{margin:0;color:#c9d3df;font-size:14px}
main{max-width:1320px;margin:0 auto;padding:20px 24px 40px}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:8px 0 18px}
.card{background:#fff;border-radius:8px;padding:12px 16px;min-width:130px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.card b{display:block;font-size:22px}.card span{font-size:12.5px;color:#5b6675}
section{background:#fff;border-radius:8px;padding:10px 14px 14px;margin:0 0 18px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
section p.note{margin:2px 4px 0;color:#5b6675;font-size:13px}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:18px;margin:0 0 18px}.grid section{margin:0}
@media (max-width:1000px){.grid{grid-template-columns:1fr}}
table{border-collapse:collapse;font-size:14px;margin:6px 4px}td,th{padding:4px 12px 4px 0;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.empty{background:#fff8e1;border-left:4px solid #f0b429;padding:18px 20px;border-radius:6px;
font-size:17px;margin:0 0 18px}
h2{font-size:17px;margin:6px 4px 8px}
"""

NOTES = {
    "timeline": "Bars: events per period, stacked by quad class. Line: their mean Goldstein score "
                "(right axis; −10 most conflictual, +10 most cooperative). Negated events are left out.",
    "dyads": "Source country (rows) acting on target country (columns), for the most active sources and targets. "
             "An actor without a country (an international organisation) shows as its code, e.g. IGOUNO.",
    "map": "Events whose sentence names a place with known coordinates, one bubble per place.",
    "actors": "CAMEO actor codes (country + sector) as source and as target of events.",
    "entities": "Canonical entities (people, organisations, places) by mentions in articles published in the "
                "period.",
}


def _fmt(n: float | int | None, digits: int = 0) -> str:
    if n is None or pd.isna(n):
        return "–"
    return f"{n:,.{digits}f}"


def _cards(items: list[tuple[str, str]]) -> str:
    return '<div class="cards">' + "".join(
        f'<div class="card"><b>{html.escape(v)}</b><span>{html.escape(k)}</span></div>' for k, v in items) + "</div>"


NOTE_COUNTRY = " Copies and articles in other languages are not coded, so they have no country: these counts are not" \
    " limited to the country."


def _quality_section(q: Quality, f: ReportFilter) -> str:
    period = "published in the period" if (f.since or f.until) else "in the warehouse"
    rows = [
        (f"articles {period}", q.articles),
        ("  of which exact or near duplicates (not coded)", q.articles_duplicate),
        ("  of which not in English (not coded)", q.articles_not_english),
        ("duplicate files (same bytes as a file already loaded)", q.files_duplicate),
        ("quarantined files", q.files_quarantined),
        ("quarantined records inside good files", q.records_quarantined),
    ]
    body = "".join(f"<tr><td>{html.escape(k).replace('  ', '&emsp;')}</td><td class=n>{v:,}</td></tr>"
                   for k, v in rows)
    reasons = ""
    if q.quarantine_reasons:
        reasons = "<p class=note>Most frequent quarantine reasons:</p><table>" + "".join(
            f"<tr><td class=n>{n:,}</td><td>{html.escape(r)}</td></tr>" for r, n in q.quarantine_reasons) + "</table>"
    return (f'<section id="quality"><h2>Duplicates and quarantine</h2><table>{body}</table>'
            "<p class=note>Files and records have no publication date: their counts are for the whole warehouse."
            f"{NOTE_COUNTRY if f.country else ''}</p>{reasons}</section>")


def _dyad_table(data: ReportData) -> str:
    rows = "".join(
        f"<tr><td>{html.escape(_country_label(r.source))}</td><td>→</td><td>{html.escape(_country_label(r.target))}"
        f"</td><td class=n>{r.events:,}</td><td class=n>{r.mean_goldstein:+.2f}</td></tr>"
        for r in data.top_dyads.head(10).itertuples())
    return ("<table><tr><th>source</th><th></th><th>target</th><th>events</th><th>mean Goldstein</th></tr>"
            f"{rows}</table>")


def fingerprint(data: ReportData, *salt: str) -> str:
    """A hash of everything the page shows but the time it was made (and of ``salt``: what else shapes the page,
    e.g. the code's version): equal fingerprints, the same page."""
    digest = hashlib.sha256("\x00".join(salt).encode())
    for item in dataclasses.fields(data):
        value = getattr(data, item.name)
        if item.name == "generated_at":
            continue
        if isinstance(value, pd.DataFrame):
            digest.update(repr(list(value.columns)).encode())
            digest.update(pd.util.hash_pandas_object(value, index=True).to_numpy().tobytes())
        else:
            digest.update(repr(value).encode())
    return digest.hexdigest()[:32]


FINGERPRINT_META = "eventwire-report"


def render_html(data: ReportData, plotly_js: str, world_topojson: str, version: str | None = None) -> str:
    """One self-contained page: plotly.js inlined once, the world map's topojson inlined, nothing fetched. The
    ``version`` (its :func:`fingerprint`) goes into a ``<meta>`` near the top, so a writer can tell the page is
    current without rendering it again."""
    f = data.filter
    head_title = f"{data.title} — {f.describe()}"
    subtitle = (f"{html.escape(f.describe())} · warehouse {html.escape(data.source)} · "
                f"generated {data.generated_at:%Y-%m-%d %H:%M}")
    parts = ["<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
             "<meta name=viewport content='width=device-width,initial-scale=1'>"
             + (f"<meta name={FINGERPRINT_META} content={version}>" if version else "") +
             f"<title>{html.escape(head_title)}</title><style>{CSS}</style>"]
    charts = [] if data.empty else figures(data)
    if charts:
        # plotly.js reads window.PlotlyGeoAssets for its base map before fetching one: the map works offline.
        topo = world_topojson.replace("</", "<\\/")
        parts.append(f"<script>window.PlotlyGeoAssets={{topojson:{{\"world_110m\":{topo}}}}};</script>")
        parts.append(f"<script>{plotly_js}</script>")
    parts.append(f"</head><body><header><h1>{html.escape(data.title)}</h1><p>{subtitle}</p></header><main>")
    if data.empty:
        negated = f" ({_fmt(data.n_negated)} negated events are left out.)" if data.n_negated else ""
        if f.since or f.until or f.country:
            parts.append('<div class="empty" id="no-events"><b>No events in this period.</b> No event matches '
                         f"{html.escape(f.describe())}.{negated} Widen the dates or drop the country filter.</div>")
        else:
            parts.append('<div class="empty" id="no-events"><b>No events yet.</b> The warehouse has no events.'
                         f"{negated} Run <code>eventwire run --input FOLDER</code> on news articles.</div>")
    else:
        dates = (f"{data.first_date:%d %b %Y} – {data.last_date:%d %b %Y}" if data.first_date else "no dates")
        parts.append(_cards([
            ("events", _fmt(data.n_events)), ("articles with events", _fmt(data.n_articles)), ("event dates", dates),
            ("mean Goldstein", _fmt(data.mean_goldstein, 2)),
            *[(f"{q} {label.lower()}", _fmt(data.by_quad[q])) for q, label in QUAD_CLASSES.items()],
            ("negated (left out)", _fmt(data.n_negated)),
        ]))
        config = {"displaylogo": False, "responsive": True}
        if not len(data.over_time):
            parts.append('<section id="timeline"><h2>Events over time</h2><p class=note>No time line: none of these '
                         "events has a date (their articles carry no publication date and the sentences name "
                         "none).</p></section>")
        pairs = {"actors", "entities"}
        grid_open = False
        for key, fig in charts:
            if key in pairs and not grid_open:
                parts.append('<div class="grid">')
                grid_open = True
            div = fig.to_html(full_html=False, include_plotlyjs=False, config=config, div_id=f"chart-{key}",
                              default_width="100%")
            extra = ""
            if key == "timeline" and data.n_undated:
                extra = f" {data.n_undated:,} events without a date count in the totals only."
            if key == "map" and not len(data.locations):
                extra = " No event in this period names a place with coordinates."
            parts.append(f'<section id="{key}">{div}<p class=note>{html.escape(NOTES[key] + extra)}</p></section>')
        if grid_open:
            parts.append("</div>")
        if len(data.top_dyads):
            parts.append(f'<section id="top-dyads"><h2>Most frequent dyads</h2>{_dyad_table(data)}</section>')
    parts.append(_quality_section(data.quality, f))
    parts.append("</main></body></html>")
    return "".join(parts)


def markdown_summary(data: ReportData, link: str | None = None, path: str | None = None) -> str:
    """A few lines for a Prefect markdown artifact: counts by quad class and the top dyads."""
    lines = ["**Event report**" + (f": [{path or link}]({link})" if link else "")]
    if data.empty:
        lines += ["", f"No events ({data.filter.describe()})."]
        return "\n".join(lines)
    lines += ["", f"{data.n_events:,} events in {data.n_articles:,} articles, "
              + (f"{data.first_date} to {data.last_date}" if data.first_date else "undated")
              + f"; mean Goldstein {data.mean_goldstein:+.2f}.", "",
              "| quad class | events |", "|---|---:|"]
    lines += [f"| {q} {label} | {data.by_quad[q]:,} |" for q, label in QUAD_CLASSES.items()]
    if len(data.top_dyads):
        lines += ["", "| top dyads | events | mean Goldstein |", "|---|---:|---:|"]
        lines += [f"| {r.source} → {r.target} | {r.events:,} | {r.mean_goldstein:+.2f} |"
                  for r in data.top_dyads.head(5).itertuples()]
    return "\n".join(lines)

