"""The event report as one self-contained HTML file: read the warehouse (its table macros and the queries
below), shape it (``transforms/report.py``), render it (``transforms/report_page.py``), write.

    >>> from flows import report
    >>> report.write_report("data/eventwire.duckdb", "data/report.html")
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from pathlib import Path

import duckdb

from flows.warehouse import ensure_macros, read_only, table_names
from transforms.report import (
    DYAD_COLUMNS,
    EVENT_COLUMNS,
    TOP,
    Quality,
    ReportData,
    ReportFilter,
    build_report,
    empty_report,
)
from transforms.report_page import FINGERPRINT_META, fingerprint, render_html

READ = {"events", "entities", "articles", "mentions", "files", "quarantined_records"}  # the tables read
# The filter's events, dyads and actors: the warehouse's macros (flows/warehouse.py VIEWS) define them.
FILTER = "$since, $until, $country"
EVENTS_SQL = f"SELECT {', '.join(EVENT_COLUMNS)} FROM events_between({FILTER})"
DYADS_SQL = f"SELECT {', '.join(DYAD_COLUMNS)} FROM dyads_between({FILTER})"
ACTORS_SQL = (f"SELECT * REPLACE (array_to_string(names, ', ') AS names) FROM top_actors_between({FILTER}) "
              "LIMIT $top")
# The articles published in the period (entities and duplicates count by the article's date).
ARTICLES_IN_PERIOD = """
    SELECT * FROM articles
    WHERE ($since IS NULL OR published_date >= $since) AND ($until IS NULL OR published_date <= $until)"""
# The most mentioned canonical entities in the period's articles; with a country, in the articles of its events.
ENTITIES_SQL = f"""
    SELECT en.name, en.label, count(*) AS mentions, count(DISTINCT m.article_id) AS articles
    FROM mentions m
    JOIN entities en USING (entity_id)
    WHERE m.article_id IN (SELECT article_id FROM ({ARTICLES_IN_PERIOD}))
      AND ($country IS NULL OR m.article_id IN (SELECT article_id FROM events_between({FILTER}) WHERE NOT negated))
    GROUP BY ALL ORDER BY mentions DESC, articles DESC, en.name LIMIT $top
"""
ARTICLES_SQL = f"""
    SELECT count(*), count(duplicate_of),
           count(*) FILTER (duplicate_of IS NULL AND language IS NOT NULL AND language <> 'en')
    FROM ({ARTICLES_IN_PERIOD})
"""
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
    if not READ <= table_names(con):
        return empty_report(f, source)
    ensure_macros(con)
    params = {"since": f.since, "until": f.until, "country": f.country, "top": TOP}

    def query(sql: str) -> duckdb.DuckDBPyConnection:
        return con.execute(sql, {k: v for k, v in params.items() if f"${k}" in sql})

    by_status = dict(query("SELECT status, count(*) FROM files GROUP BY 1").fetchall())
    articles, duplicate, not_english = query(ARTICLES_SQL).fetchone()
    quality = Quality(articles=articles, articles_duplicate=duplicate, articles_not_english=not_english,
                      files_duplicate=by_status.get("duplicate", 0), files_quarantined=by_status.get("quarantined", 0),
                      records_quarantined=query("SELECT count(*) FROM quarantined_records").fetchone()[0],
                      quarantine_reasons=query(REASONS_SQL).fetchall())
    frames = (query(sql).df() for sql in (EVENTS_SQL, DYADS_SQL, ACTORS_SQL, ENTITIES_SQL))
    return build_report(*frames, quality, f, source=source)


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

    from transforms import report, report_page

    code = b"".join(Path(m.__file__).read_bytes() for m in (report, report_page))
    return hashlib.sha256(code).hexdigest()[:16] + " plotly " + plotly.__version__


def page_fingerprint(path: Path) -> str | None:
    """The fingerprint in the head of the page at ``path`` (None if there is no page or it has none)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            head = fh.read(4096)
    except OSError:
        return None
    found = re.search(rf"<meta name={FINGERPRINT_META} content=(\w+)>", head)
    return found.group(1) if found else None
