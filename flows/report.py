"""The event report as one self-contained HTML file: read the warehouse, shape it (transforms.report), write.

    >>> from flows import report
    >>> report.write_report("data/eventwire.duckdb", "data/report.html")
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from pathlib import Path

import duckdb
import pandas as pd

from flows.warehouse import read_only, table_names
from transforms.report import (
    EVENT_COLUMNS,
    FINGERPRINT_META,
    ReportData,
    ReportFilter,
    build_report,
    fingerprint,
    render_html,
)

EVENTS_SQL = """
    SELECT e.event_id, e.article_id, e.event_date, e.source_code, e.target_code, e.source_country,
           e.target_country, s.name AS source_name, t.name AS target_name, e.quad_class, e.goldstein, e.negated,
           e.location_text, e.location_country, e.lat, e.lon
    FROM events e
    LEFT JOIN entities s ON s.entity_id = e.source_entity_id
    LEFT JOIN entities t ON t.entity_id = e.target_entity_id
    WHERE ($since IS NULL OR e.event_date >= $since) AND ($until IS NULL OR e.event_date <= $until)
"""
# One row per article and entity: the report sums mentions in the period's articles.
MENTIONS_SQL = """
    SELECT m.article_id, a.published_date, en.name, en.label, count(*) AS n
    FROM mentions m
    JOIN entities en USING (entity_id)
    JOIN articles a USING (article_id)
    WHERE ($since IS NULL OR a.published_date >= $since) AND ($until IS NULL OR a.published_date <= $until)
    GROUP BY ALL
"""
ARTICLES_SQL = "SELECT article_id, published_date, duplicate_of, language FROM articles"
REASONS_SQL = """
    SELECT regexp_replace(reason, ':.*', '') AS reason, count(*) AS n FROM (
        SELECT reason FROM files WHERE status = 'quarantined'
        UNION ALL SELECT reason FROM quarantined_records)
    GROUP BY 1 ORDER BY n DESC, reason LIMIT 5
"""


@cache
def plotly_js() -> str:
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


@cache
def world_topojson() -> str:
    return files("flows").joinpath("assets/world_110m.json").read_text(encoding="utf-8")


def load_report(con: duckdb.DuckDBPyConnection, f: ReportFilter = ReportFilter(), source: str = "") -> ReportData:
    """Read what the report needs from an open warehouse connection (read-only is enough) and shape it.

    A database without the pipeline's tables (never loaded) gives an empty report, not an error."""
    tables = table_names(con)
    params = {"since": f.since, "until": f.until}

    def frame(sql: str, needs: set[str], columns, bind=True) -> pd.DataFrame:
        if not needs <= tables:
            return pd.DataFrame(columns=list(columns))
        return con.execute(sql, params if bind else None).df()

    events = frame(EVENTS_SQL, {"events", "entities"}, EVENT_COLUMNS)
    mentions = frame(MENTIONS_SQL, {"mentions", "entities", "articles"},
                     ("article_id", "published_date", "name", "label", "n"))
    articles = frame(ARTICLES_SQL, {"articles"}, ("article_id", "published_date", "duplicate_of", "language"),
                     bind=False)
    by_status, records, reasons = {}, 0, []
    if {"files", "quarantined_records"} <= tables:
        by_status = dict(con.execute("SELECT status, count(*) FROM files GROUP BY 1").fetchall())
        records = con.execute("SELECT count(*) FROM quarantined_records").fetchall()[0][0]
        reasons = [(r, n) for r, n in con.execute(REASONS_SQL).fetchall()]
    return build_report(events, mentions, articles, by_status, records, f, quarantine_reasons=reasons,
                        source=source)


def write_report(db: str | Path, out: str | Path, f: ReportFilter = ReportFilter(),
                 con: duckdb.DuckDBPyConnection | None = None, keep_current: bool = False) -> ReportData:
    """Write the report of the warehouse ``db`` to ``out``; returns what it shows.

    Opens ``db`` read-only unless a connection is given (the pipeline passes its own, as the writer). With
    ``keep_current``, a page at ``out`` that already shows exactly this data (same fingerprint) is kept as it is:
    a run that changed nothing does not render it again."""
    own = con is None
    if own:
        if not Path(db).exists():
            raise FileNotFoundError(f"no warehouse at {db}: run `eventwire run` first")
        con = read_only(db)
    try:
        data = load_report(con, f, source=str(db))
    finally:
        if own:
            con.close()
    out = Path(out)
    version = fingerprint(data, _code_version())
    if keep_current and page_fingerprint(out) == version:
        return data
    page = render_html(data, plotly_js() if not data.empty else "", world_topojson(), version)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(out)  # a reader never sees half a page
    return data


@cache
def _code_version() -> str:
    """What shapes the page besides its data: the page's code and plotly's version."""
    import hashlib

    import plotly

    from transforms import report

    return hashlib.sha256(Path(report.__file__).read_bytes()).hexdigest()[:16] + " plotly " + plotly.__version__


def page_fingerprint(path: Path) -> str | None:
    """The fingerprint in the head of the page at ``path`` (None if there is no page or it has none)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            head = fh.read(4096)
    except OSError:
        return None
    found = re.search(rf"<meta name={FINGERPRINT_META} content=(\w+)>", head)
    return found.group(1) if found else None
