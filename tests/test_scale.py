"""Scaling: NLP in worker processes, on a real Dask cluster, and a lake given as a URL — the same tables as a
plain one-process run every time (run ids and times aside)."""

from __future__ import annotations

import os

import psutil
import pytest

from flows import nlp_pool
from flows.pipeline import with_task_runner
from tests.helpers import COMPARED, lake_rows, run_pipeline, warehouse_rows
from transforms import schema


def same_tables(tmp, single) -> None:
    assert warehouse_rows(tmp / "w.duckdb") == warehouse_rows(single["db"])
    assert lake_rows(tmp / "lake") == lake_rows(single["lake"])


def test_worker_processes_give_the_same_tables(prefect_server, scale_corpus, single, tmp_path):
    summary = run_pipeline([scale_corpus], tmp_path / "w.duckdb", tmp_path / "lake", workers=2, batch_size=3)
    assert summary["workers"] == 2
    # the batches went to worker processes, not this one, and the workers were stopped when the NLP was done
    assert summary["nlp_processes"] >= 1 and os.getpid() not in summary["nlp_pids"]
    assert not any(psutil.pid_exists(pid) for pid in summary["nlp_pids"])
    assert {k: summary[k] for k in ("articles", "mentions", "events", "quotes")} == {
        k: single["summary"][k] for k in ("articles", "mentions", "events", "quotes")}
    assert summary["events"] > 0
    same_tables(tmp_path, single)
    # three NLP batches of three articles: three parts per table, each one row group
    import pyarrow.parquet as pq

    parts = sorted((tmp_path / "lake" / "articles").glob("*.parquet"))
    assert len(parts) == 3 and all(pq.ParquetFile(p).metadata.num_row_groups == 1 for p in parts)
    # a rerun on unchanged input starts no NLP
    again = run_pipeline([scale_corpus], tmp_path / "w.duckdb", tmp_path / "lake", workers=2, batch_size=3)
    assert again["files_unchanged"] == 9 and again["articles"] == 0
    same_tables(tmp_path, single)


def test_a_dask_cluster_runs_the_nlp_and_gives_the_same_tables(prefect_server, scale_corpus, single, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        flow = with_task_runner("dask", cluster.scheduler_address)
        summary = run_pipeline([scale_corpus], tmp_path / "w.duckdb", f"file://{tmp_path / 'lake'}", flow=flow,
                               batch_size=3, task_runner="dask")
        # the model was loaded in the Dask workers (once each), not needed in this process for the NLP
        loaded = client.run(lambda: nlp_pool.model.cache_info().currsize)
    assert summary["task_runner"] == "dask" and summary["events"] == single["summary"]["events"]
    assert sum(loaded.values()) >= 1
    same_tables(tmp_path, single)


def test_the_cli_takes_workers_batch_size_and_a_file_url_lake(prefect_server, scale_corpus, single, tmp_path,
                                                              monkeypatch):
    from typer.testing import CliRunner

    from flows.cli import app

    monkeypatch.setenv("EVENTWIRE_BATCH_SIZE", "4")
    result = CliRunner().invoke(app, ["run", "--input", str(scale_corpus), "--db", str(tmp_path / "w.duckdb"), "--lake",
                                      f"file://{tmp_path / 'lake'}", "--workers", "2", "--no-report"])
    assert result.exit_code == 0, result.output
    assert "NLP: 2 process(es), batches of 4, task runner local" in result.output
    same_tables(tmp_path, single)
    bad = CliRunner().invoke(app, ["run", "--input", str(scale_corpus), "--task-runner", "spark"])
    assert bad.exit_code == 2 and "invalid configuration" in bad.output


def test_compared_tables_cover_every_data_table():
    assert set(COMPARED) == set(schema.TABLES) - {"runs"}  # runs: ids and times, different in every run


def test_a_run_killed_while_workers_code_is_completed_by_the_next(prefect_server, scale_corpus, single, tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    import psutil
    from prefect.settings import PREFECT_API_URL

    from tests.conftest import ROOT

    db, lake, flag = tmp_path / "w.duckdb", tmp_path / "lake", tmp_path / "paused"
    args = [sys.executable, "-m", "flows.cli", "run", "--input", str(scale_corpus), "--db", str(db), "--lake",
            str(lake), "--workers", "2", "--batch-size", "3", "--no-report"]
    env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value()}
    paused = {**env, "EVENTWIRE_TEST_PAUSE_AT": "parquet", "EVENTWIRE_TEST_PAUSE_FILE": str(flag)}
    proc = subprocess.Popen(args, env=paused, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    deadline = time.monotonic() + 180
    while not flag.exists():  # a batch was coded and staged by a worker
        assert proc.poll() is None, proc.stderr.read()[-3000:]
        assert time.monotonic() < deadline
        time.sleep(0.2)
    workers = [p for p in psutil.Process(proc.pid).children(recursive=True) if "spawn_main" in " ".join(p.cmdline())]
    assert len(workers) == 2
    assert list((lake / ".staging").glob("*/articles/*.parquet"))
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stderr.close()
    _, alive = psutil.wait_procs(workers, timeout=30)
    assert not alive  # the workers die with the run: nothing keeps writing into its staging folder
    assert not (lake / "articles").exists()  # nothing published

    again = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stdout + again.stderr
    assert not (lake / ".staging").exists()
    same_tables(tmp_path, single)
