"""What following the README as a new user turned up (issue 14, section 4): the lake a reader falls back to, a full
refresh that would drop loaded folders, configuration errors, query tables that fit, and the progress display.
(A run interrupted by `serve`'s SIGTERM: tests/test_operate.py.)"""

from __future__ import annotations

import io
import logging
from pathlib import Path

import duckdb
import pytest
from rich.console import Console
from typer.testing import CliRunner

from flows import api, progress, refresh, warehouse
from flows import lake as lake_io
from flows.cli import EXAMPLE_QUERY, app, load_settings, print_summary
from flows.display import print_table
from tests.conftest import SEED, duckdb_writer_elsewhere
from tests.helpers import make_corpus, q, run_pipeline
from transforms import schema


@pytest.fixture(scope="module")
def two_folders(prefect_server, tmp_path_factory):
    """A warehouse (not at the default place) loaded by two runs, from two folders."""
    tmp = tmp_path_factory.mktemp("two")
    a, b = make_corpus(tmp / "a", n=2), tmp / "b"
    b.mkdir()
    (b / "other.txt").write_text(SEED.read_text().replace("Thursday", "Friday"))
    db, lake = tmp / "ware" / "x.duckdb", tmp / "elsewhere" / "lake"
    run_pipeline([a], db, lake)
    run_pipeline([b], db, lake)
    return {"a": a, "b": b, "db": db, "lake": lake, "tmp": tmp}


# 1. Reading the wrong lake


def test_the_warehouse_records_its_lake(two_folders):
    db, lake = two_folders["db"], two_folders["lake"]
    assert warehouse.recorded_lake(db) == str(lake.resolve())
    assert q(db, "SELECT lake FROM load_state") == [(str(lake.resolve()),)]
    warehouse.lake_record(db).unlink()  # a warehouse copied without the file beside it: load_state says
    try:
        assert warehouse.recorded_lake(db) == str(lake.resolve())
    finally:
        warehouse.record_lake(db, lake)


def test_readers_of_a_held_warehouse_read_its_own_lake(two_folders, tmp_path, monkeypatch):
    db, lake = two_folders["db"], two_folders["lake"]
    monkeypatch.chdir(tmp_path)  # the default lake, data/lake, is not this warehouse's
    monkeypatch.delenv("EVENTWIRE_LAKE", raising=False)
    ((events,),) = q(db, "SELECT count(*) FROM events")
    with duckdb_writer_elsewhere(db):
        out = CliRunner().invoke(app, ["sql", "--db", str(db), "--csv", "SELECT count(*) AS n FROM events"])
        frame = api.query("SELECT count(*) AS n FROM events", db=db)
        table = api.table("files", db=db)
    assert out.exit_code == 0, out.output
    assert out.stdout.splitlines() == ["n", str(events)]
    assert f"read from the lake's Parquet ({lake.resolve()})" in out.stderr
    assert int(frame["n"][0]) == events and len(table) == len(q(db, "SELECT * FROM files"))


def test_a_run_without_lake_uses_the_lake_of_its_warehouse(two_folders, monkeypatch):
    monkeypatch.delenv("EVENTWIRE_LAKE", raising=False)
    settings = load_settings(db=two_folders["db"], input=[two_folders["a"]])
    assert settings.lake == str(two_folders["lake"].resolve())
    monkeypatch.setenv("EVENTWIRE_LAKE", "/srv/given")  # one given (option or environment) wins
    assert load_settings(db=two_folders["db"], input=[two_folders["a"]]).lake == "/srv/given"


# 2. --full-refresh without --input


def test_a_full_refresh_reads_the_recorded_inputs_or_refuses(two_folders, monkeypatch):
    db, lake, a, b = two_folders["db"], two_folders["lake"], two_folders["a"], two_folders["b"]
    assert refresh.recorded_inputs(lake) == [str(a), str(b)]
    assert refresh.full_refresh_inputs(lake, None) == [str(a), str(b)]
    before = q(db, "SELECT article_id FROM articles ORDER BY 1")

    out = CliRunner().invoke(app, ["run", "--full-refresh", "--input", str(a), "--db", str(db), "--lake", str(lake)])
    assert out.exit_code == 2, out.output
    message = " ".join(out.output.split())
    assert f"would drop what the warehouse holds from {b}" in message and "eventwire recode" in message
    assert "Traceback" not in out.output
    assert q(db, "SELECT article_id FROM articles ORDER BY 1") == before  # nothing touched

    monkeypatch.chdir(two_folders["tmp"])  # no seeds/ here: the recorded inputs are read, not the default
    out = CliRunner().invoke(app, ["run", "--full-refresh", "--db", str(db), "--no-report"])
    assert out.exit_code == 0, out.output
    assert "reading again the inputs this warehouse was loaded from" in out.output
    assert q(db, "SELECT article_id FROM articles ORDER BY 1") == before
    ((inputs,),) = q(db, "SELECT inputs FROM runs ORDER BY started_at DESC LIMIT 1")
    assert inputs == [str(a), str(b)]


def refresh_lake(tmp_path: Path, files: list[tuple[str, str]], runs: list[list[str] | None]) -> Path:
    """A lake holding ``files`` (path, status) and runs given those inputs (None: a run from before inputs were
    recorded)."""
    lake = tmp_path / "lake"
    rows = [{"file_id": p, "path": p, "status": s, "sha256": "x"} for p, s in files]
    lake_io.write_snapshot(lake, "files", schema.to_table(rows, schema.FILES))
    for i, inputs in enumerate(runs):
        lake_io.append_run(lake, schema.to_table([{"run_id": f"r{i}", "status": "completed", "inputs": inputs}],
                                                 schema.RUNS), f"r{i}")
    return lake


def test_a_full_refresh_refuses_to_lose_a_file_gone_from_disk_or_from_an_old_run(tmp_path):
    kept, gone = tmp_path / "news" / "kept.txt", tmp_path / "news" / "gone.txt"
    kept.parent.mkdir()
    kept.write_text("x")
    lake = refresh_lake(tmp_path, [(str(kept), "loaded"), (str(gone), "loaded")], [[str(kept.parent)]])
    with pytest.raises(refresh.RefreshRefused, match=r"1 loaded file\(s\) no longer on disk .*gone.txt"):
        refresh.full_refresh_inputs(lake, None)
    old = tmp_path / "old.txt"  # loaded by a run that did not record its inputs
    old.write_text("x")
    lake = refresh_lake(tmp_path, [(str(kept), "loaded"), (str(old), "quarantined")], [None, [str(kept.parent)]])
    with pytest.raises(refresh.RefreshRefused, match=f"from {old}, not among the inputs"):
        refresh.full_refresh_inputs(lake, None)
    assert refresh.full_refresh_inputs(lake, [str(tmp_path)]) == [str(tmp_path)]  # a folder above holds both


def test_a_full_refresh_of_an_empty_lake_reads_the_default(tmp_path):
    assert refresh.full_refresh_inputs(tmp_path / "lake", None, ["seeds"]) == ["seeds"]


# 3. Configuration errors


@pytest.mark.parametrize(("args", "env", "expected"), [
    (["--task-runner", "foo"], {}, "--task-runner foo: input should be 'local' or 'dask'"),
    ([], {"EVENTWIRE_WORKERS": "abc"}, "EVENTWIRE_WORKERS=abc: input should be a valid integer"),
    ([], {"EVENTWIRE_NEAR_DUPLICATE_THRESHOLD": "2"},
     "EVENTWIRE_NEAR_DUPLICATE_THRESHOLD=2: input should be less than or equal to 1"),
])
def test_a_configuration_error_names_the_setting_its_value_and_what_is_allowed(prefect_server, tmp_path, monkeypatch,
                                                                                 args, env, expected):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    out = CliRunner().invoke(app, ["run", "--input", str(SEED), "--db", str(tmp_path / "w.duckdb"), *args])
    assert out.exit_code == 2
    assert f"invalid configuration: {expected}" in " ".join(out.output.split())
    assert "validation error" not in out.output and "Traceback" not in out.output
    if env:  # every command reads the configuration the same way
        out = CliRunner().invoke(app, ["sql", "--db", str(tmp_path / "w.duckdb"), "SELECT 1"])
        assert out.exit_code == 2 and expected in " ".join(out.output.split()) and "Traceback" not in out.output


# 5. Tables that fit


def events_rows(n: int = 3) -> tuple[list[str], list[tuple]]:
    names = ["event_date", "source_code", "trigger_text", "target_code", "cameo_code", "plover_type"]
    rows = [("2012-02-22", "RUSGOV", "called", "SAUGOV", "041", "CONSULT")] * n
    return names, rows


def render(names, rows, width: int, terminal: bool = True) -> tuple[str, str]:
    out, notes = io.StringIO(), io.StringIO()
    print_table(names, rows, Console(file=out, force_terminal=terminal, width=width, color_system=None),
                Console(file=notes, width=200))
    return out.getvalue(), notes.getvalue()


def test_the_example_query_fits_80_columns_whole():
    text, notes = render(*events_rows(), width=80)
    assert max(len(line) for line in text.splitlines()) <= 80 and not notes
    header = " ".join(text.splitlines()[1:3])
    for name in ("event_date", "source_", "trigger_text", "target_code", "cameo_code", "plover_type"):
        assert name in header
    assert "│ 2012-02-22 │ RUSGOV" in text and "CONSULT" in text and "3 rows" in text


def test_columns_that_do_not_fit_are_left_out_whole_and_named():
    names = ["event_id", "sentence", "title", "url"]
    long = "Russia and China on Thursday rejected pressure to change their position on Syria after vetoing"
    rows = [("a" * 16, long, "Russia and China maintain their opposition", "https://example.org/" + "x" * 80)]
    text, notes = render(names, rows, width=80)
    assert max(len(line) for line in text.splitlines()) <= 80
    words = [w for w in text.split() if w.isalpha()]  # the sentence wrapped at words, none cut
    assert all(w in words for w in long.split())
    assert "url" not in text and "1 of 4 columns left out" in notes and "(url)" in notes
    assert "--format csv or --format json" in notes
    text, notes = render(names, rows, width=80, terminal=False)  # a pipe: every column, long ones wrapped
    assert not notes and "url" in text and "title" in text and max(len(line) for line in text.splitlines()) > 80


def test_sql_in_a_pipe_shows_every_column(tmp_path):
    db = tmp_path / "t.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE t AS SELECT 'x' AS " + ", 'y' AS ".join(f"column_number_{i}" for i in range(12)))
    con.close()
    out = CliRunner().invoke(app, ["sql", "--db", str(db), "SELECT * FROM t"])
    assert out.exit_code == 0 and all(f"column_number_{i} " in out.stdout for i in range(12)), out.output


def test_the_try_hint_is_never_cut(monkeypatch):
    buffer = io.StringIO()
    monkeypatch.setattr("flows.cli.console", Console(file=buffer, width=40, force_terminal=False))
    summary = {"run_id": "r", "seconds": 1.0, "db": "/a/rather/long/path/to/the/warehouse.duckdb", "lake": "l",
               "model": "m", **dict.fromkeys(("files_loaded", "files_unchanged", "files_duplicate",
                                              "files_quarantined", "files_seen", "records_quarantined", "articles",
                                              "articles_duplicate", "articles_not_english", "mentions", "entities",
                                              "events", "quotes"), 0)}
    print_summary(summary)
    expected = f'  eventwire sql --db {summary["db"]} "{EXAMPLE_QUERY.replace(chr(10), " ")}"'
    assert expected in buffer.getvalue().splitlines()


# 6. Progress


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_progress_counts_estimates_and_eta():
    clock = Clock()
    p = progress.Progress(clock)
    p.begin(files=10)
    assert p.expected() == (None, True) and p.eta() is None
    p.read(5, 40)  # 8 articles a file so far: ~80 in all
    assert p.expected() == (80, True)
    clock.now = 20.0
    p.coded(20, 55)  # 1 article/s: 60 left
    assert p.eta() == pytest.approx(60.0)
    assert p.files_text() == "5/10 files read"
    assert p.articles_text() == "20/~80 articles coded · 55 events · ETA 0:01:00"
    p.read(5, 30)
    assert p.expected() == (70, False)
    p.step("loading the warehouse")
    assert p.articles_text().endswith("· loading the warehouse")
    recode = progress.Progress(clock)
    recode.begin(articles=1000)  # articles known at the start, no files
    assert recode.expected() == (1000, False) and recode.articles_text() == "0/1,000 articles coded · 0 events"


def test_log_progress_writes_a_line_now_and_then(caplog):
    clock = Clock()
    logger = logging.getLogger("test.progress")
    p = progress.LogProgress(logger, every=30, clock=clock)
    with caplog.at_level(logging.INFO, logger="test.progress"):
        p.begin(files=4)
        p.read(2, 10)
        clock.now = 31
        p.coded(10, 3)
        clock.now = 40
        p.coded(1, 0)  # within 30 s of the last line: none
    assert [r.getMessage() for r in caplog.records] == [
        "progress: 2/4 files read; 10/~20 articles coded · 3 events · ETA 0:00:31"]


def test_the_live_display_on_a_terminal_and_nothing_elsewhere():
    buffer = io.StringIO()
    terminal = Console(file=buffer, force_terminal=True, width=120)
    with progress.display(terminal) as live:
        assert isinstance(live, progress.LiveProgress)
        assert progress.current(logging.getLogger("x")) is live
        live.begin(files=10)
        live.read(10, 25)
        live.coded(25, 7)
    shown = buffer.getvalue()
    assert "10/10 files read" in shown and "25/25 articles coded · 7 events" in shown
    with progress.display(Console(file=io.StringIO(), force_terminal=False)) as none:
        assert none is None and isinstance(progress.current(logging.getLogger("x")), progress.LogProgress)


def test_the_flow_reports_its_progress(prefect_server, tmp_path):
    corpus = make_corpus(tmp_path / "in", n=5)
    seen = progress.Progress()
    with progress.reporting(seen):
        summary = run_pipeline([corpus], tmp_path / "w.duckdb", tmp_path / "lake", batch_size=2, workers=1)
    assert seen.files_total == seen.files_read == summary["files_seen"] == 7
    assert seen.articles_read == seen.articles_done == summary["articles"] == 6
    assert seen.events == summary["events"] > 0 and seen.stage == "loading the warehouse"
