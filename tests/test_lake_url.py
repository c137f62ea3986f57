"""The lake at any fsspec URL: the Lake abstraction on ``memory://`` (an object store's code path) and on a local
folder (temporary files and renames); the whole pipeline with a ``file://`` lake and with an S3 lake on a moto
server on loopback (NLP in spawned worker processes that write to S3 themselves), a rerun, and a crash after the
commit point finished by the next run; the warehouse read from the lake while the database is held."""

from __future__ import annotations

import logging
import os
import pickle
import sys
import uuid

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from flows import faults, nlp_pool, warehouse
from flows import lake as lake_io
from flows.cli import app
from flows.lake import COMMIT, STAGING, Lake, LakeError
from tests.conftest import duckdb_writer_elsewhere
from tests.helpers import lake_rows, run_pipeline, warehouse_rows
from transforms import schema

# ---------------------------------------------------------------------------------------------------------------
# The Lake abstraction: memory:// goes the object-store way (direct writes, copy-and-delete moves), a local folder
# the local way (temporary file and rename); both through the same functions.


@pytest.fixture(params=["memory", "local"])
def lake(request, tmp_path):
    if request.param == "memory":
        url = f"memory://lake-{uuid.uuid4().hex}"
        yield Lake(url)
        Lake(url).delete_tree(Lake(url).root)
    else:
        yield Lake(str(tmp_path / "lake"))


def run_rows(*run_ids: str) -> pa.Table:
    return schema.to_table([{"run_id": r, "status": "completed"} for r in run_ids], schema.RUNS)


def articles(*ids: str, run_id: str = "r") -> pa.Table:
    return schema.to_table([{"article_id": i, "file_id": f"f-{i}", "run_id": run_id} for i in ids], schema.ARTICLES)


def ids(lake: Lake, table: str) -> list[str]:
    return sorted(i for p in lake_io.parts(lake, table) for i in lake.read_table(p).column("article_id").to_pylist())


def test_a_lake_is_opened_from_a_path_or_url_and_pickles_as_its_url(lake, tmp_path):
    assert lake.local == (not lake.url.startswith("memory://"))
    assert str(lake) == lake.url and repr(lake) == f"Lake({lake.url!r})"
    again = pickle.loads(pickle.dumps(lake))
    assert isinstance(again, Lake) and again.url == lake.url and again.root == lake.root
    assert Lake(f"file://{tmp_path}/my%20lake").root == f"{tmp_path}/my lake"
    assert Lake(f"file:{tmp_path}/lake").root == f"{tmp_path}/lake"  # a file URL whose slashes a Path folded
    assert Lake("relative/lake").location == os.path.join(os.getcwd(), "relative/lake")
    assert Lake("s3://bucket/prefix/").root == "bucket/prefix" and Lake("s3://bucket/prefix").location == (
        "s3://bucket/prefix")


def test_write_read_list_move_and_delete(lake):
    table = articles("a1", "a2")
    path = lake_io.write_parquet(lake, lake.path("articles", "run-r-00000.parquet"), "articles", table)
    lake_io.write_parquet(lake, lake.path("articles", "run-r-00001.parquet"), "articles", articles("a3"))
    lake.write_bytes(lake.path("articles", "notes.txt"), b"not a part")
    assert lake.read_table(path).equals(table)
    assert [p.rsplit("/", 1)[1] for p in lake_io.parts(lake, "articles")] == [
        "run-r-00000.parquet", "run-r-00001.parquet"]
    assert lake.read_bytes(lake.path("articles", "notes.txt")) == b"not a part"
    if lake.local:  # written through a temporary file and a rename: nothing else is left in the folder
        assert sorted(os.listdir(lake.path("articles"))) == ["notes.txt", "run-r-00000.parquet", "run-r-00001.parquet"]
    lake.move(path, lake.path("moved", "x.parquet"))
    assert not lake.exists(path) and lake.read_table(lake.path("moved", "x.parquet")).equals(table)
    assert ids(lake, "articles") == ["a3"]
    lake.delete(lake.path("moved", "x.parquet"))
    lake.delete(lake.path("moved", "x.parquet"))  # deleting what is gone is not an error
    assert not lake.exists(lake.path("moved", "x.parquet"))
    lake_io.reset(lake)
    assert lake_io.parts(lake, "articles") == [] and lake.children(lake.path(STAGING)) == []
    assert lake_io.read_snapshot(lake, "files").num_rows == 0  # no snapshot yet: an empty table of its schema


def test_publish_moves_the_staged_files_in_and_deletes_emptied_parts(lake):
    lake_io.write_parquet(lake, lake.path("articles", "run-old-00000.parquet"), "articles", articles("old1", "old2"))
    lake_io.write_parquet(lake, lake.path("articles", "run-old-00001.parquet"), "articles", articles("old3"))
    assert lake_io.stage(lake, "r1", "articles", 0, articles("new1", run_id="r1"))
    assert lake_io.stage(lake, "r1", "mentions", 0, schema.empty(schema.MENTIONS)) is None  # an empty part: no file
    lake_io.stage_snapshot(lake, "r1", "files", schema.to_table([{"file_id": "f", "path": "p"}], schema.FILES))
    emptied = lake_io.stage_removal(lake, "r1", {"old2", "old3"})
    assert [p.rsplit("/", 1)[1] for p in emptied] == ["run-old-00001.parquet"]
    assert ids(lake, "articles") == ["old1", "old2", "old3"]  # nothing published before the commit
    lake_io.publish(lake, "r1", emptied)
    assert ids(lake, "articles") == ["new1", "old1"]
    assert lake_io.read_snapshot(lake, "files").column("path").to_pylist() == ["p"]
    assert lake.find(lake.path(STAGING)) == [] and lake_io.parts(lake, "mentions") == []
    if lake.local:
        assert not os.path.exists(lake.path(STAGING))


def test_recover_finishes_committed_runs_and_drops_the_others(lake, monkeypatch):
    def crash(point):
        if point == "publish":
            raise RuntimeError("killed after the commit point")

    lake_io.stage(lake, "committed", "articles", 0, articles("c1", "c2", run_id="committed"))
    lake_io.stage(lake, "committed", "events", 0, schema.to_table([{"event_id": "e", "article_id": "c1"}],
                                                                  schema.EVENTS))
    lake_io.write_parquet(lake, lake.path("articles", "run-old-00000.parquet"), "articles", articles("gone"))
    with monkeypatch.context() as m:
        m.setattr(faults, "point", crash)
        with pytest.raises(RuntimeError):
            lake_io.publish(lake, "committed", [lake.path("articles", "run-old-00000.parquet")])
    assert lake.exists(lake.path(STAGING, "committed", COMMIT))
    assert ids(lake, "articles") == ["gone"]  # past the commit point, before the moves
    # the crash came in the middle of the moves: one file is already in place
    lake.move(lake.path(STAGING, "committed", "events", "run-committed-00000.parquet"),
              lake.path("events", "run-committed-00000.parquet"))
    lake_io.stage(lake, "uncommitted", "articles", 0, articles("u1", run_id="uncommitted"))
    lake_io.stage(lake, "current", "articles", 0, articles("k1", run_id="current"))

    done = lake_io.recover(lake, current_run="current")
    assert done == ["published the committed work of run committed",
                    "discarded the unpublished work of run uncommitted"]
    assert ids(lake, "articles") == ["c1", "c2"]  # the committed run's part in, the deleted part gone
    assert len(lake_io.parts(lake, "events")) == 1
    assert [p.rsplit("/", 1)[1] for p in lake.children(lake.path(STAGING))] == ["current"]  # this run's: untouched
    assert lake_io.recover(lake, current_run="current") == []  # idempotent


def test_crashed_runs_are_marked_and_old_parts_load_with_nulls(lake, tmp_path):
    lake_io.append_run(lake, schema.to_table([{"run_id": "dead", "status": "running"}], schema.RUNS), "dead")
    lake_io.append_run(lake, schema.to_table([{"run_id": "me", "status": "running"}], schema.RUNS), "me")
    assert lake_io.mark_crashed_runs(lake, "me") == ["dead"]
    # a part written before the runs table had its later columns (an older schema): read with NULLs
    old = pa.table({"run_id": ["old"], "status": ["completed"]})
    pq.write_table(old, lake.path("runs", "run-old.parquet"), filesystem=lake.fs)
    con = duckdb.connect()
    try:
        assert warehouse._load_table(con, lake, "runs") == 3
        rows = con.execute("SELECT run_id, status, files_seen FROM runs ORDER BY run_id").fetchall()
    finally:
        con.close()
    assert rows == [("dead", "crashed", None), ("me", "running", None), ("old", "completed", None)]
    warehouse.load(tmp_path / "w.duckdb", lake, tables=("runs", "articles"))  # every table exists, even empty
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM runs").fetchall() == [(3,)]
        assert con.execute("SELECT count(*) FROM events").fetchall() == [(0,)]
    finally:
        con.close()


def test_a_url_whose_package_is_missing_is_one_clear_line(prefect_server, monkeypatch, seed_dir, tmp_path):
    import importlib

    registry = importlib.import_module("fsspec.registry")  # the module (fsspec.registry is its read-only view)
    with pytest.raises(LakeError, match="Protocol not known"):
        Lake("nosuchprotocol://bucket/lake")
    monkeypatch.delitem(registry._registry, "s3", raising=False)  # as if s3fs were not installed
    monkeypatch.setitem(sys.modules, "s3fs", None)
    with pytest.raises(LakeError) as exc:
        Lake("s3://bucket/lake")
    assert str(exc.value) == ("the lake s3://bucket/lake needs a package that is not installed: install s3fs "
                              "(pip install 'eventwire[s3]')")
    result = CliRunner().invoke(app, ["run", "--input", str(seed_dir), "--db", str(tmp_path / "w.duckdb"),
                                      "--lake", "s3://bucket/lake"])
    assert result.exit_code == 2, result.output
    assert "install s3fs (pip install 'eventwire[s3]')" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "w.duckdb").exists()


# ---------------------------------------------------------------------------------------------------------------
# The pipeline on a file:// lake and an S3 lake (moto on loopback): the same tables as test_scale's reference run
# (a plain lake folder, one process; ``single``, in conftest.py: module-scoped, so run once for this module too),
# compared by ``lake_rows``, which reads any lake through Lake.


def test_a_file_url_lake_gives_the_same_tables(single, scale_corpus, tmp_path):
    summary = run_pipeline([scale_corpus], tmp_path / "w.duckdb", f"file://{tmp_path}/lake", workers=1)
    assert summary["files_loaded"] == 9
    assert warehouse_rows(tmp_path / "w.duckdb") == warehouse_rows(single["db"])
    assert lake_rows(tmp_path / "lake") == lake_rows(single["lake"])
    assert lake_rows(f"file://{tmp_path}/lake") == lake_rows(single["lake"])
    assert all(lake_rows(single["lake"])[t] for t in ("articles", "mentions", "events", "files"))


@pytest.fixture(scope="module")
def s3():
    """A moto S3 server on a free loopback port, found by s3fs (in this process and in the spawned NLP workers)
    through the standard AWS environment variables; one bucket."""
    pytest.importorskip("s3fs")
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    with pytest.MonkeyPatch.context() as m:
        for key, value in {"AWS_ENDPOINT_URL": f"http://{host}:{port}", "AWS_ACCESS_KEY_ID": "testing",
                           "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1"}.items():
            m.setenv(key, value)
        for key in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL_S3"):
            m.delenv(key, raising=False)
        nlp_pool.discard_early()  # workers started earlier lack this environment: the runs here start their own
        bucket = f"eventwire-{uuid.uuid4().hex[:8]}"
        Lake(f"s3://{bucket}").fs.mkdir(bucket)
        yield {"bucket": bucket}
        nlp_pool.discard_early()
    server.stop()


def test_an_s3_lake_with_worker_processes_gives_the_same_tables_and_reruns_idempotently(single, scale_corpus, s3,
                                                                                         tmp_path):
    url = f"s3://{s3['bucket']}/runs/lake"
    db = tmp_path / "w.duckdb"
    summary = run_pipeline([scale_corpus], db, url, workers=2, batch_size=3)
    assert summary["workers"] == 2 and summary["files_loaded"] == 9
    assert os.getpid() not in summary["nlp_pids"]  # spawned workers wrote the parts to S3
    assert {k: summary[k] for k in ("articles", "mentions", "events", "quotes")} == {
        k: single["summary"][k] for k in ("articles", "mentions", "events", "quotes")}
    assert warehouse_rows(db) == warehouse_rows(single["db"])
    lake = Lake(url)
    assert lake_rows(lake) == lake_rows(single["lake"])
    assert len(lake_io.parts(lake, "articles")) == 3  # three batches of three articles, one part each
    assert lake.find(lake.path(STAGING)) == []  # published: nothing left in staging
    assert all(p.startswith(f"{s3['bucket']}/runs/lake/") for p in lake.find(lake.root))
    before = {t: lake_io.parts(lake, t) for t in ("articles", "mentions", "events", "quotes", "signatures")}

    # a rerun, through the command line: nothing read again, no new part, the same tables
    result = CliRunner().invoke(app, ["run", "--input", str(scale_corpus), "--db", str(db), "--lake", url, "--workers",
                                      "2", "--batch-size", "3", "--no-report"])
    assert result.exit_code == 0, result.output
    assert url in result.output  # the summary names the lake as given
    con = duckdb.connect(str(db), read_only=True)
    last = con.execute("SELECT status, files_unchanged, files_loaded, articles FROM runs ORDER BY started_at DESC "
                       "LIMIT 1").fetchall()
    con.close()
    assert last == [("completed", 9, 0, 0)]
    assert {t: lake_io.parts(lake, t) for t in before} == before
    assert warehouse_rows(db) == warehouse_rows(single["db"])
    assert lake_rows(lake) == lake_rows(single["lake"])

    # while a run holds the database, eventwire sql reads the S3 lake instead, with the same answer
    from flows import query

    count = "SELECT count(*) FROM events"
    expected = query.run(count, db, url)
    assert expected.note is None and expected.rows[0][0] == single["summary"]["events"]
    with duckdb_writer_elsewhere(db):
        from_lake = query.run(count, db, url)
    assert from_lake.rows == expected.rows and f"read from the lake's Parquet ({url})" in from_lake.note


def test_an_s3_run_killed_after_its_commit_point_is_published_by_the_next(single, scale_corpus, s3, tmp_path,
                                                                           monkeypatch):
    url = f"s3://{s3['bucket']}/crash/lake"
    db, lake = tmp_path / "w.duckdb", Lake(url)

    def crash(point):
        if point == "publish":
            raise RuntimeError("killed after the commit point")

    with monkeypatch.context() as m:
        m.setattr(faults, "point", crash)
        state = run_pipeline([scale_corpus], db, url, workers=1, return_state=True)
    assert state.is_failed()
    assert len(lake.glob(lake.path(STAGING, "*", COMMIT))) == 1  # committed, not moved
    assert lake_io.parts(lake, "articles") == []

    summary = run_pipeline([scale_corpus], db, url, workers=1)
    # recover moved the committed files in first: every file is then known and unchanged, nothing is read again
    assert (summary["files_unchanged"], summary["files_loaded"], summary["articles"]) == (9, 0, 0)
    assert lake.find(lake.path(STAGING)) == []
    assert warehouse_rows(db) == warehouse_rows(single["db"])
    assert lake_rows(lake) == lake_rows(single["lake"])
    con = duckdb.connect(str(db), read_only=True)
    statuses = [s for (s,) in con.execute("SELECT status FROM runs ORDER BY started_at").fetchall()]
    con.close()
    assert statuses == ["failed", "completed"]


def test_an_s3_lake_sees_what_other_processes_wrote(s3):
    """Workers elsewhere write into the staging folder: the lake's listings must not come from a stale cache."""
    import s3fs

    lake = Lake(f"s3://{s3['bucket']}/listing/lake")
    lake.write_bytes(lake.path(STAGING, "r1", COMMIT), b"{}")
    assert [p.rsplit("/", 1)[1] for p in lake.children(lake.path(STAGING))] == ["r1"]
    elsewhere = s3fs.S3FileSystem(skip_instance_cache=True)  # another process's client
    elsewhere.pipe_file(lake.path(STAGING, "r2", COMMIT), b"{}")
    assert [p.rsplit("/", 1)[1] for p in lake.children(lake.path(STAGING))] == ["r1", "r2"]
    assert lake.exists(lake.path(STAGING, "r2", COMMIT))
    elsewhere.rm(lake.path(STAGING, "r1", COMMIT))
    assert not lake.exists(lake.path(STAGING, "r1", COMMIT))
