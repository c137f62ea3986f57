"""The event report: the warehouse's macros it reads, shaping (pure), the page, the CLI, the run's report and
artifact, and a headless browser."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess

import duckdb
import pandas as pd
import pytest
from typer.testing import CliRunner

from flows import report as report_io
from flows import warehouse
from flows.cli import app
from transforms.report import (
    ACTOR_COLUMNS,
    DYAD_COLUMNS,
    ENTITY_COLUMNS,
    EVENT_COLUMNS,
    Quality,
    ReportFilter,
    build_report,
    dyad_grid,
    events_over_time,
    located_events,
    time_bucket,
)
from transforms.report_page import markdown_summary, render_html
from transforms.schema import TABLES, duckdb_ddl

D = dt.date


def event(**kw) -> dict:
    row = dict(event_id=kw.pop("event_id", None) or str(id(kw)), article_id="a1", event_date=D(2012, 2, 23),
               source_code="RUSGOV", source_country="RUS", source_entity_id="e-lavrov", quad_class=1,
               goldstein=1.0, negated=False)
    row.update(kw)
    return row


def events_frame(*rows) -> pd.DataFrame:
    return pd.DataFrame([event(event_id=str(i), **r) for i, r in enumerate(rows)])


ENTITIES = pd.DataFrame([("e-lavrov", "Sergei Lavrov", "PERSON"), ("e-medvedev", "Dmitry Medvedev", "PERSON"),
                         ("e-yang", "Yang Jiechi", "PERSON"), ("e-russia", "Russia", "GPE")],
                        columns=["entity_id", "name", "label"])


def warehouse_of(events: pd.DataFrame, articles: pd.DataFrame | None = None, mentions: pd.DataFrame | None = None,
                 files: pd.DataFrame | None = None, quarantined: pd.DataFrame | None = None
                 ) -> duckdb.DuckDBPyConnection:
    """An in-memory warehouse: every table of the schema, these rows, and the warehouse's views and macros."""
    con = duckdb.connect()
    given = {"events": events, "entities": ENTITIES, "articles": articles, "mentions": mentions, "files": files,
             "quarantined_records": quarantined}
    for name in TABLES:
        con.execute(duckdb_ddl(name))
        rows = given.get(name)
        if rows is not None and len(rows):
            con.register("rows", rows)
            con.execute(f'INSERT INTO "{name}" BY NAME SELECT * FROM rows')
            con.unregister("rows")
    for ddl in warehouse.VIEWS.values():
        con.execute(ddl)
    return con


# ----------------------------------------------------------------------------------------------- the warehouse's macros


def test_events_between_filters_by_period_and_country_and_keeps_negated_events():
    con = warehouse_of(events_frame(
        dict(event_date=D(2012, 2, 1)),
        dict(event_date=D(2012, 2, 10), target_country="SYR", target_code="SYRGOV"),
        dict(event_date=D(2012, 2, 20), source_country="CHN", source_code="CHN", location_country="SYR"),
        dict(event_date=D(2012, 2, 20), negated=True),
        dict(event_date=None),
    ))

    def ids(*args) -> list[str]:
        return sorted(r[0] for r in con.execute("SELECT event_id FROM events_between(?, ?, ?)", args).fetchall())

    assert ids(None, None, None) == ["0", "1", "2", "3", "4"]
    assert ids(D(2012, 2, 10), D(2012, 2, 20), None) == ["1", "2", "3"]  # both bounds inclusive; undated out
    assert ids(None, None, "SYR") == ["1", "2"]  # as target or as location
    assert ids(None, None, "CHN") == ["2"]  # as source


def test_dyads_pair_countries_else_actor_codes_and_skip_one_actor_and_negated_events():
    con = warehouse_of(events_frame(
        dict(target_code="CHNGOV", target_country="CHN", goldstein=1.0),
        dict(target_code="CHNGOV", target_country="CHN", goldstein=2.0, event_date=D(2012, 2, 1)),
        dict(target_code="IGOUNO", goldstein=-5.0),
        dict(target_code="CHNGOV", target_country="CHN", negated=True),
        dict(),  # no target
    ))
    rows = con.execute("SELECT * FROM dyads").fetchall()
    assert rows == [("RUS", "CHN", "RUS", "CHN", 2, 1.5, D(2012, 2, 1), D(2012, 2, 23)),
                    ("RUS", "IGOUNO", "RUS", None, 1, -5.0, D(2012, 2, 23), D(2012, 2, 23))]
    assert con.execute("SELECT source, target FROM dyads_between(DATE '2012-02-10', NULL, NULL) "
                       "WHERE target = 'CHN'").fetchall() == [("RUS", "CHN")]  # one of the two is in the period
    assert con.execute("SELECT events FROM dyads_between(NULL, NULL, 'CHN')").fetchall() == [(2,)]


def test_top_actors_count_both_sides_and_list_the_most_frequent_names():
    con = warehouse_of(events_frame(
        dict(target_code="CHNGOV", target_country="CHN", target_entity_id="e-yang"),
        dict(source_entity_id="e-medvedev"),
        dict(source_entity_id="e-medvedev", goldstein=-2.0),
        dict(source_code="CHNGOV", source_country="CHN", source_entity_id="e-yang"),
        dict(source_code="IGOUNO", source_country=None, source_entity_id=None),
    ))
    rows = con.execute("SELECT * FROM top_actors").fetchall()
    assert rows[0] == ("RUSGOV", "Dmitry Medvedev", ["Dmitry Medvedev", "Sergei Lavrov"], 3, 3, 0, 0.0)
    assert rows[1] == ("CHNGOV", "Yang Jiechi", ["Yang Jiechi"], 2, 1, 1, 1.0)
    assert rows[2] == ("IGOUNO", None, [], 1, 1, 0, 1.0)  # no named actor
    assert con.execute("SELECT actor_code FROM top_actors_between(NULL, NULL, 'CHN')").fetchall() == [
        ("CHNGOV",), ("RUSGOV",)]  # only the events involving China: RUSGOV once, as the target's source


def test_macros_reach_a_read_only_warehouse_loaded_without_them(tmp_path):
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    for name in TABLES:
        con.execute(duckdb_ddl(name))
    con.close()  # a warehouse from an eventwire before the macros
    reader = warehouse.read_only(db)
    warehouse.ensure_macros(reader)
    assert reader.execute("SELECT count(*) FROM dyads_between(NULL, NULL, 'RUS')").fetchone() == (0,)
    reader.close()


# ----------------------------------------------------------------------------------------------- shaping (pure)


def test_filter_rejects_bad_country_and_reversed_period():
    with pytest.raises(ValueError, match="ISO 3166"):
        ReportFilter(country="Russia")
    with pytest.raises(ValueError, match="after"):
        ReportFilter(since=D(2012, 3, 1), until=D(2012, 2, 1))
    assert "RUS (Russia)" in ReportFilter(country="RUS").describe()


def test_time_buckets():
    assert time_bucket(D(2012, 1, 1), D(2012, 3, 1))[1] == "day"
    assert time_bucket(D(2004, 1, 1), D(2005, 12, 31))[1] == "week"
    assert time_bucket(D(2000, 1, 1), D(2012, 1, 1))[1] == "month"


def test_events_over_time_counts_quad_classes_fills_gaps_and_averages_goldstein():
    ev = events_frame(
        dict(event_date=D(2012, 2, 6), quad_class=1, goldstein=3.0),  # Monday of week 1
        dict(event_date=D(2012, 2, 12), quad_class=4, goldstein=-10.0),  # Sunday, same week
        dict(event_date=D(2012, 2, 20), quad_class=3, goldstein=-4.0),  # week 3; week 2 is empty
    )
    t = events_over_time(ev, "W-SUN")
    assert list(t["period"].dt.date) == [D(2012, 2, 6), D(2012, 2, 13), D(2012, 2, 20)]
    assert t.loc[0, [1, 2, 3, 4]].tolist() == [1, 0, 0, 1] and t.loc[0, "events"] == 2
    assert t.loc[0, "mean_goldstein"] == -3.5
    assert t.loc[1, "events"] == 0 and pd.isna(t.loc[1, "mean_goldstein"])
    assert events_over_time(events_frame(dict(event_date=None)), "D").empty


def test_dyad_grid_keeps_the_top_sources_and_targets():
    dyads = pd.DataFrame([("RUS", "CHN", 5, 1.0), ("USA", "CHN", 3, 2.0), ("RUS", "SYR", 2, -4.0),
                          ("USA", "SYR", 1, 0.0)], columns=list(DYAD_COLUMNS))
    assert dyad_grid(dyads, top=1)[["source", "target"]].values.tolist() == [["RUS", "CHN"]]
    assert len(dyad_grid(dyads, top=2)) == 4
    assert dyad_grid(dyads.iloc[:0]).empty


def test_located_events_one_row_per_place():
    ev = events_frame(
        dict(location_text="Homs", location_country="SYR", lat=34.7, lon=36.7, goldstein=-10.0),
        dict(location_text="Homs", location_country="SYR", lat=34.7, lon=36.7, goldstein=-8.0),
        dict(location_text="Damascus", location_country="SYR", lat=33.5, lon=36.3),
        dict(),
    )
    loc = located_events(ev)
    assert loc[["location_text", "events", "mean_goldstein"]].values.tolist() == [["Homs", 2, -9.0],
                                                                                  ["Damascus", 1, 1.0]]


SEEN = events_frame(
    dict(target_code="CHNGOV", target_country="CHN", location_text="Moscow", location_country="RUS", lat=55.75,
         lon=37.6),
    dict(event_date=D(2012, 2, 22), quad_class=4, goldstein=-10.0, target_code="SYROPP", target_country="SYR"),
    dict(negated=True),
)
ARTICLES = pd.DataFrame([("a1", D(2012, 2, 23), None, "en"), ("a2", D(2012, 2, 23), "a1", "en"),
                         ("a3", D(2010, 1, 1), None, "fr")],
                        columns=["article_id", "published_date", "duplicate_of", "language"])
MENTIONS = pd.DataFrame([("m1", "a1", "e-russia"), ("m2", "a1", "e-russia"), ("m3", "a1", "e-lavrov"),
                         ("m4", "a3", "e-russia")], columns=["mention_id", "article_id", "entity_id"])
FILES = pd.DataFrame([(f"f{i}", s, "the file is empty" if s == "quarantined" else None) for i, s in
                      enumerate(["loaded"] * 3 + ["quarantined"] * 2 + ["duplicate"])],
                     columns=["file_id", "status", "reason"])
RECORDS = pd.DataFrame([("f0", i, "not JSON: line 3") for i in range(4)],
                       columns=["file_id", "record_index", "reason"])


def _data(f=ReportFilter()):
    con = warehouse_of(SEEN, ARTICLES, MENTIONS, FILES, RECORDS)
    return report_io.load_report(con, f, source="w.duckdb")


def test_the_report_reads_totals_quality_and_rankings_from_the_warehouse():
    data = _data()
    assert (data.n_events, data.n_articles, data.n_negated) == (2, 1, 1)
    assert (data.first_date, data.last_date, data.freq_label) == (D(2012, 2, 22), D(2012, 2, 23), "day")
    assert data.by_quad == {1: 1, 2: 0, 3: 0, 4: 1}
    assert data.top_dyads[["source", "target", "events"]].values.tolist() == [["RUS", "CHN", 1], ["RUS", "SYR", 1]]
    assert data.actors.iloc[0][["actor_code", "names", "events"]].tolist() == ["RUSGOV", "Sergei Lavrov", 2]
    assert data.entities.values.tolist() == [["Russia", "GPE", 3, 2], ["Sergei Lavrov", "PERSON", 1, 1]]
    assert data.quality == Quality(articles=3, articles_duplicate=1, articles_not_english=1, files_duplicate=1,
                                   files_quarantined=2, records_quarantined=4,
                                   quarantine_reasons=[("not JSON", 4), ("the file is empty", 2)])
    later = _data(ReportFilter(since=D(2012, 2, 1)))
    assert (later.quality.articles, later.quality.articles_duplicate, later.quality.articles_not_english) == (2, 1, 0)
    assert later.entities["mentions"].tolist() == [2, 1]  # a3, published in 2010, is out
    syria = _data(ReportFilter(country="SYR"))
    assert (syria.n_events, syria.n_negated, syria.actors["actor_code"].tolist()) == (1, 0, ["RUSGOV", "SYROPP"])


def test_build_report_counts_negated_events_apart():
    none = [pd.DataFrame(columns=list(c)) for c in (DYAD_COLUMNS, ACTOR_COLUMNS, ENTITY_COLUMNS)]
    data = build_report(SEEN.reindex(columns=list(EVENT_COLUMNS)), *none, Quality(0, 0, 0, 0, 0, 0))
    assert (data.n_events, data.n_negated, data.mean_goldstein) == (2, 1, -4.5)


# ----------------------------------------------------------------------------------------------- the page (pure)


def test_page_inlines_plotly_once_and_fetches_nothing():
    page = render_html(_data(), "/*PLOTLYJS*/", '{"type":"Topology"}')
    assert page.count("/*PLOTLYJS*/") == 1
    assert 'window.PlotlyGeoAssets={topojson:{"world_110m":{"type":"Topology"}}}' in page
    assert page.index("PlotlyGeoAssets") < page.index("/*PLOTLYJS*/")  # the base map is there before plotly.js
    assert not re.search(r"<script[^>]+src=", page) and not re.search(r"<link[^>]+href=", page)
    for chart in ("timeline", "dyads", "map", "actors", "entities"):
        assert f'id="chart-{chart}"' in page
    assert "1 Verbal cooperation" in page and "4 Material conflict" in page
    assert "quarantined files" in page and "No events" not in page


def test_empty_period_gives_a_page_that_says_so():
    data = _data(ReportFilter(since=D(2020, 1, 1)))
    assert data.empty
    page = render_html(data, "/*PLOTLYJS*/", "{}")
    assert "No events in this period." in page and "from 01 Jan 2020" in page
    assert "/*PLOTLYJS*/" not in page and "quarantined files" in page
    assert markdown_summary(data).endswith("No events (from 01 Jan 2020).")


def test_markdown_summary():
    md = markdown_summary(_data(), "file:///tmp/r.html", "data/report.html")
    assert md.startswith("**Event report**: [data/report.html](file:///tmp/r.html)")
    assert "| 4 Material conflict | 1 |" in md and "| RUS → CHN | 1 | +1.00 |" in md


# ----------------------------------------------------------------------------------------------- I/O and CLI


def test_a_database_without_events_or_tables_gives_a_no_events_page(tmp_path):
    bare = tmp_path / "bare.duckdb"
    duckdb.connect(str(bare)).close()  # no tables at all
    assert report_io.write_report(bare, tmp_path / "bare.html").empty
    assert "No events yet." in (tmp_path / "bare.html").read_text()

    loaded = tmp_path / "loaded.duckdb"
    warehouse.load(loaded, tmp_path / "empty-lake")  # every table, no rows
    result = CliRunner().invoke(app, ["report", "--db", str(loaded), "--out", str(tmp_path / "r.html")])
    assert result.exit_code == 0, result.output
    assert "no events in this period" in result.output
    assert "The warehouse has no events." in (tmp_path / "r.html").read_text()


@pytest.mark.parametrize("args, message", [
    (["--db", "{tmp}/nope.duckdb"], "no warehouse at"),
    (["--since", "23/02/2012"], "--since must be a date as YYYY-MM-DD"),
    (["--since", "2012-03-01", "--until", "2012-02-01"], "is after --until"),
    (["--country", "Russia"], "ISO 3166-1 alpha-3"),
])
def test_cli_report_errors_are_one_line_and_exit_2(tmp_path, args, message):
    db = tmp_path / "w.duckdb"
    duckdb.connect(str(db)).close()
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    result = CliRunner().invoke(app, ["report", *args] if "--db" in args else ["report", "--db", str(db), *args])
    assert result.exit_code == 2
    text = " ".join(result.output.split())  # one message (rich wraps it at the test terminal's 80 columns)
    assert text.startswith("error: ") and text.count("error:") == 1 and message in text


# ----------------------------------------------------------------------------------------------- the run


@pytest.fixture(scope="module")
def seed_report(prefect_server, tmp_path_factory):
    """The flow on the seed with a report, and the run's artifact read back from the Prefect server."""
    from prefect.artifacts import Artifact

    from tests.conftest import SEED
    from tests.helpers import run_pipeline

    tmp = tmp_path_factory.mktemp("report")
    (tmp / "in").mkdir()
    shutil.copy(SEED, tmp / "in" / SEED.name)
    out = tmp / "out" / "report.html"
    summary = run_pipeline([tmp / "in"], tmp / "w.duckdb", tmp / "lake", report=out)
    artifact = Artifact.get("eventwire-run-summary")
    return summary, out, artifact, tmp


def test_the_run_writes_the_report_and_its_artifact_links_to_it(seed_report):
    summary, out, artifact, _ = seed_report
    assert summary["report"] == str(out) and out.exists()
    page = out.read_text()
    assert page.count("* plotly.js v") == 1  # inlined exactly once
    assert not re.search(r"<script[^>]+src=", page)
    assert f"({out.resolve().as_uri()})" in artifact.data
    assert "| 1 Verbal cooperation |" in artifact.data and "| top dyads |" in artifact.data


def test_cli_report_period_and_country(seed_report, tmp_path):
    _, _, _, tmp = seed_report
    db = tmp / "w.duckdb"
    out = tmp_path / "syr.html"
    result = CliRunner().invoke(app, ["report", "--db", str(db), "--out", str(out), "--country", "syr",
                                      "--since", "2012-02-23", "--until", "2012-02-23"])
    assert result.exit_code == 0, result.output
    assert re.search(r"\d+ events in 1 articles", result.output) and "SYR (Syria)" in result.output
    empty = CliRunner().invoke(app, ["report", "--db", str(db), "--out", str(tmp_path / "e.html"),
                                     "--until", "2000-01-01"])
    assert empty.exit_code == 0 and "no events in this period" in empty.output
    assert "No events in this period." in (tmp_path / "e.html").read_text()


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
HEADLESS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            # no name resolves: the page must render with nothing from the network
            "--host-resolver-rules=MAP * ~NOTFOUND", "--virtual-time-budget=10000"]


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install -y chromium)")
def test_the_report_renders_in_headless_chromium_offline(seed_report, tmp_path):
    _, out, _, _ = seed_report
    url = out.resolve().as_uri()
    dom = subprocess.run([CHROMIUM, *HEADLESS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", url],
                         capture_output=True, text=True, timeout=120).stdout
    assert dom.count('class="main-svg"') >= 5  # plotly drew every chart
    for chart in ("timeline", "dyads", "map", "actors", "entities"):
        drawn = re.search(rf'id="chart-{chart}".*?class="main-svg"', dom, re.S)
        assert drawn, f"{chart} was not drawn"
    assert len(re.findall(r'class="trace bars"', dom)) >= 4 and 'class="trace scattergeo"' in dom
    assert re.search(r'class="heatmaplayer[^"]*"><g class="hm"><image', dom)
    # the base map came from the inlined topojson: its land and countries are drawn paths
    assert re.search(r'class="layer land"><path[^>]* d="M', dom)
    assert re.search(r'class="layer countries"><path[^>]* d="M', dom)
    shot = tmp_path / "report.png"
    subprocess.run([CHROMIUM, *HEADLESS, f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1400,3000",
                    f"--screenshot={shot}", url], capture_output=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 50_000


def test_report_setting(monkeypatch, tmp_path):
    from flows.settings import Settings

    monkeypatch.delenv("EVENTWIRE_REPORT", raising=False)
    assert Settings(db=tmp_path / "w.duckdb").report_path == tmp_path / "report.html"  # beside the database
    assert Settings(report="off").report_path is None and Settings(report="").report_path is None
    monkeypatch.setenv("EVENTWIRE_REPORT", str(tmp_path / "r.html"))
    assert Settings().report_path == tmp_path / "r.html"


def test_cli_run_writes_the_report_and_prints_its_path(prefect_server, tmp_path, seed_dir):
    out = tmp_path / "pages" / "events.html"
    result = CliRunner().invoke(app, ["run", "--input", str(seed_dir), "--db", str(tmp_path / "c.duckdb"),
                                      "--lake", str(tmp_path / "lake"), "--report", str(out)])
    assert result.exit_code == 0, result.output
    assert f"Report: {out}" in result.output and out.exists()
    result = CliRunner().invoke(app, ["run", "--input", str(seed_dir), "--db", str(tmp_path / "c.duckdb"),
                                      "--lake", str(tmp_path / "lake"), "--no-report"])
    assert result.exit_code == 0 and "Report:" not in result.output
    assert not (tmp_path / "report.html").exists()
    unwritable = tmp_path / "a-file" / "report.html"
    (tmp_path / "a-file").write_text("not a folder")
    result = CliRunner().invoke(app, ["run", "--input", str(seed_dir), "--db", str(tmp_path / "c.duckdb"),
                                      "--lake", str(tmp_path / "lake"), "--report", str(unwritable)])
    assert result.exit_code == 0, result.output  # the data is loaded: the run completed
    assert f"The report {unwritable} was not written" in result.output
