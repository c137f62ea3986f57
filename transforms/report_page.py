"""The event report's page: a ``ReportData`` (``transforms/report.py``) rendered as plotly figures, one
self-contained HTML page (``render_html``, given the plotly.js source and the world topojson as text) and a
markdown summary for the run's artifact (``markdown_summary``). Pure: no I/O."""

from __future__ import annotations

import dataclasses
import hashlib
import html

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from transforms.gazetteer import country_name
from transforms.report import ISO3, QUAD_CLASSES, Quality, ReportData, ReportFilter

# Cooperation in blues, conflict in oranges/reds: the same sides as the Goldstein colour scale below.
QUAD_COLOURS = {1: "#74a9cf", 2: "#0570b0", 3: "#fdae61", 4: "#d7301f"}
GOLDSTEIN_SCALE = "RdBu"  # red = conflict (−10), blue = cooperation (+10)
ENTITY_COLOURS = {"PERSON": "#6a51a3", "ORG": "#2b8cbe", "GPE": "#41ab5d", "NORP": "#fe9929", "LOC": "#8c6d31"}


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
              zip(a["actor_code"], a["names"], strict=True)]
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

