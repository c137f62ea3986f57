"""Incremental runs (changed and deleted files) and one writer at a time, in-process on the test server."""

from __future__ import annotations

import shutil

import duckdb
import pyarrow.parquet as pq
import pytest

from flows import lake as lake_io
from flows.lock import WriterBusy, WriterLock
from tests.helpers import make_corpus, q, run_flow


def lake_ids(lake, table, column):
    return sorted(v for p in lake_io.parts(lake, table) for v in pq.read_table(p, columns=[column])
                  .column(column).to_pylist())


@pytest.fixture
def four(tmp_path):
    folder = make_corpus(tmp_path / "in", n=3)
    (folder / "empty.txt").unlink()
    return folder


def test_a_changed_file_leaves_no_stale_rows_in_the_lake(prefect_server, tmp_path, four):
    run_flow([four], tmp_path)
    lake, db = tmp_path / "lake", tmp_path / "w.duckdb"
    before = lake_ids(lake, "articles", "article_id")
    story = four / "story_01.txt"
    story.write_text(story.read_text().replace("on Tuesday", "on Monday"))
    summary = run_flow([four], tmp_path)
    assert (summary["files_loaded"], summary["files_unchanged"]) == (1, 3)
    after = lake_ids(lake, "articles", "article_id")
    assert len(after) == len(before) == 4 and after != before  # one article replaced, none kept twice
    for table, column in (("mentions", "mention_id"), ("events", "event_id"), ("quotes", "quote_id")):
        ids = lake_ids(lake, table, column)
        assert len(ids) == len(set(ids)), table
        assert ids == sorted(i for (i,) in q(db, f"SELECT {column} FROM {table}")), table
    assert lake_ids(lake, "signatures", "article_id") == sorted(
        a for (a,) in q(db, "SELECT article_id FROM articles WHERE duplicate_of IS NULL"))
    assert q(db, "SELECT count(*) FROM events e JOIN articles a USING (article_id) "
                 "JOIN files f USING (file_id) WHERE f.path LIKE '%story_01.txt' AND e.event_date = DATE '2012-02-20'"
             ) != [(0,)]


def test_a_deleted_file_keeps_its_rows_flagged_not_present(prefect_server, tmp_path, four):
    run_flow([four], tmp_path)
    db = tmp_path / "w.duckdb"
    events_before = q(db, "SELECT count(*) FROM events")
    (four / "story_02.txt").unlink()
    summary = run_flow([four], tmp_path)
    assert summary["files_missing"] == 1 and summary["files_unchanged"] == 3
    rows = dict(q(db, "SELECT regexp_extract(path, '[^/]+$'), present FROM files"))
    assert rows == {"story_00.txt": True, "story_01.txt": True, "story_02.txt": False,
                    "000_6a57321544fd7d14.txt": True}
    assert q(db, "SELECT count(*) FROM articles a JOIN files f USING (file_id) WHERE NOT f.present") == [(1,)]
    assert q(db, "SELECT count(*) FROM events") == events_before
    assert q(db, "SELECT files_missing FROM runs ORDER BY started_at DESC LIMIT 1") == [(1,)]
    # it comes back unchanged: present again, nothing read
    make_corpus(tmp_path / "again", n=3)
    shutil.copy(tmp_path / "again" / "story_02.txt", four / "story_02.txt")
    back = run_flow([four], tmp_path)
    assert (back["files_unchanged"], back["files_loaded"], back["files_missing"]) == (4, 0, 0)
    assert q(db, "SELECT bool_and(present) FROM files") == [(True,)]


def test_a_run_that_finds_another_writing_waits_then_is_skipped(prefect_server, tmp_path, four):
    db = tmp_path / "w.duckdb"
    with WriterLock(db):
        with pytest.raises(WriterBusy):
            WriterLock(db, timeout=0.3).acquire()
        state = run_flow([four], tmp_path, lock_timeout=0.5, return_state=True)
    assert state.is_cancelled()
    assert "another eventwire run" in state.message and f"is writing {db}; skipped after 0.5 s" in state.message
    assert not db.exists()  # nothing was written but the run's own row in the lake
    summary = run_flow([four], tmp_path)  # the lock is free again
    assert summary["status"] == "completed"
    assert q(db, "SELECT status FROM runs ORDER BY started_at") == [("skipped",), ("completed",)]


def test_cli_run_skipped_while_another_run_writes_is_one_clear_line(prefect_server, tmp_path, four):
    from typer.testing import CliRunner

    from flows.cli import app

    db = tmp_path / "w.duckdb"
    with WriterLock(db):
        result = CliRunner().invoke(app, ["run", "--input", str(four), "--db", str(db), "--lake",
                                          str(tmp_path / "lake"), "--lock-timeout", "1"])
    assert result.exit_code == 3, result.output
    assert "another eventwire run" in result.output and "skipped after 1 s" in result.output
    assert "Traceback" not in result.output


def test_unchanged_files_are_not_read_again(prefect_server, tmp_path, four, monkeypatch):
    from pathlib import Path

    run_flow([four], tmp_path)
    story = four / "story_00.txt"
    story.write_bytes(story.read_bytes())  # touched: same bytes, a new modification time
    read, real = [], Path.read_bytes

    def spy(self):
        if self.parent == four:
            read.append(self.name)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", spy)
    summary = run_flow([four], tmp_path)
    assert (summary["files_unchanged"], summary["files_loaded"], summary["articles"]) == (4, 0, 0)
    assert read == ["story_00.txt"]  # hashed to find its bytes unchanged; the others not even opened
    read.clear()
    assert run_flow([four], tmp_path)["files_unchanged"] == 4 and read == []


def test_a_run_that_changes_no_data_rebuilds_nothing(prefect_server, tmp_path, four):
    """Entities, the warehouse's data tables and the report are built again only when the data changed."""
    report = tmp_path / "report.html"
    first = run_flow([four], tmp_path, report=str(report))
    lake, db = tmp_path / "lake", tmp_path / "w.duckdb"
    entities = lake / "entities" / "entities.parquet"
    stamps = {p: p.stat().st_mtime_ns for p in (entities, report)}
    (version,) = q(db, "SELECT data_version FROM load_state")[0]
    events = q(db, "SELECT * FROM events ORDER BY event_id")

    again = run_flow([four], tmp_path, report=str(report))
    assert again["files_unchanged"] == 4
    assert {**again["totals"], "runs": 1} == first["totals"]
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps  # neither rebuilt nor rewritten
    assert q(db, "SELECT data_version FROM load_state") == [(version,)]
    assert q(db, "SELECT * FROM events ORDER BY event_id") == events
    assert len(q(db, "SELECT * FROM runs")) == 2  # the run itself is recorded

    shutil.copy(four / "story_00.txt", four / "story_copy.txt")  # a duplicate: files change, data does not
    assert run_flow([four], tmp_path, report=str(report))["files_duplicate"] == 1
    assert entities.stat().st_mtime_ns == stamps[entities]
    assert report.stat().st_mtime_ns != stamps[report]  # the page counts duplicate files
    assert q(db, "SELECT data_version FROM load_state") == [(version,)]

    story = four / "story_01.txt"
    story.write_text(story.read_text().replace("on Tuesday", "on Monday"))
    run_flow([four], tmp_path, report=str(report))
    assert entities.stat().st_mtime_ns != stamps[entities]
    assert q(db, "SELECT data_version FROM load_state") != [(version,)]
    assert q(db, "SELECT * FROM events ORDER BY event_id") != events


def test_a_warehouse_behind_its_lake_is_reloaded(prefect_server, tmp_path, four):
    """The load compares the lake's data version with the warehouse's, not with the last run's: a warehouse
    whose data tables were emptied behind the run's back (or a load that never happened) is loaded again."""
    first = run_flow([four], tmp_path)
    db = tmp_path / "w.duckdb"
    con = duckdb.connect(str(db))
    con.execute("DELETE FROM events")
    con.execute("UPDATE load_state SET data_version = 'stale'")
    con.close()
    assert run_flow([four], tmp_path)["totals"]["events"] == first["totals"]["events"] > 0


def test_new_files_after_a_run_of_articles_too_short_to_sign(prefect_server, tmp_path):
    """Articles too short for a near-duplicate signature store none; the next run with new input reads fine."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Brief\n\nThe army withdrew.\n")
    assert run_flow([folder], tmp_path)["files_loaded"] == 1
    assert lake_io.parts(tmp_path / "lake", "signatures") == []
    (folder / "b.txt").write_text("Other brief\n\nRebels attacked a convoy near Homs on Tuesday.\n")
    summary = run_flow([folder], tmp_path)
    assert (summary["files_loaded"], summary["files_unchanged"], summary["articles"]) == (1, 1, 1)


def test_a_lake_written_before_a_column_existed_loads_with_it_null(prefect_server, tmp_path, four):
    """Events parts written before ``location_source`` existed: the warehouse loads them with the column NULL,
    and a run that rewrites such a part (a changed file's rows removed) writes it with the column."""
    first = run_flow([four], tmp_path)
    lake, db = tmp_path / "lake", tmp_path / "w.duckdb"
    assert len(lake_io.parts(lake, "events")) == 1  # the corpus fits one part: the changed file's rows are in it
    for path in lake_io.parts(lake, "events"):
        old = pq.read_table(path)
        pq.write_table(old.drop_columns(["location_source"]), path)  # as an older eventwire wrote it
    db.unlink()  # the warehouse is built again from the old lake
    again = run_flow([four], tmp_path)
    assert again["totals"]["events"] == first["totals"]["events"] > 0
    assert q(db, "SELECT count(*) FROM events WHERE location_source IS NOT NULL") == [(0,)]
    assert q(db, "SELECT count(*) FROM events_named") == [(first["totals"]["events"],)]

    story = four / "story_01.txt"
    story.write_text(story.read_text().replace("on Tuesday", "on Monday"))
    assert run_flow([four], tmp_path)["files_loaded"] == 1
    assert all("location_source" in pq.read_schema(p).names for p in lake_io.parts(lake, "events"))
    ids = lake_ids(lake, "events", "event_id")
    assert len(ids) == len(set(ids)) and ids == sorted(i for (i,) in q(db, "SELECT event_id FROM events"))
