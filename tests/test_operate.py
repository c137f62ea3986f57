"""Operating eventwire against real servers: a real Prefect server on a free loopback port, `eventwire run`
and `eventwire serve` as processes, the UI in headless Chromium, runs killed with SIGKILL at several points,
and `eventwire sql` on the result."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import httpx
import pytest
from typer.testing import CliRunner

from flows.cli import app
from tests.conftest import ROOT, SEED, duckdb_writer_elsewhere
from tests.helpers import lake_rows, make_corpus, warehouse_rows

EVENTWIRE = [sys.executable, "-m", "flows.cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(proc: subprocess.Popen, sig=signal.SIGTERM, timeout: float = 60) -> int:
    if proc.poll() is None:
        os.killpg(proc.pid, sig)
        try:
            return proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            return proc.wait(timeout=30)
    return proc.returncode


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A real Prefect server (`prefect server start`) on a free loopback port, for this module."""
    home = tmp_path_factory.mktemp("prefect-home")
    port = free_port()
    # the UI asks the API at PREFECT_SERVER_API_HOST/PORT (not at the --port given), so set them too
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1",
           "PREFECT_SERVER_API_HOST": "127.0.0.1", "PREFECT_SERVER_API_PORT": str(port)}
    env.pop("PREFECT_API_URL", None)
    log = open(home / "server.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port",
                             str(port)], env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        assert proc.poll() is None and time.monotonic() < deadline, (home / "server.log").read_text()[-3000:]
        time.sleep(0.5)
    yield {"url": url, "api": f"{url}/api", "home": home}
    stop(proc)
    log.close()


def client_env(server, tmp_path: Path, **extra) -> dict:
    env = {**os.environ, "PREFECT_API_URL": server["api"], "PREFECT_HOME": str(server["home"]),
           "DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false", **extra}
    for key in ("PREFECT_TEST_MODE", "PREFECT_SERVER_DATABASE_CONNECTION_URL"):
        env.pop(key, None)
    return env


def run_cli(args: list[str], env: dict, timeout: float = 240) -> subprocess.CompletedProcess:
    return subprocess.run([*EVENTWIRE, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout)


def api(server, path: str, body: dict | None = None, attempts: int = 5):
    """POST to the Prefect server's API; a busy server's 503 (its database locked for a moment) is tried again."""
    for attempt in range(attempts):
        r = httpx.post(f"{server['api']}{path}", json=body or {}, timeout=30)
        if r.status_code != 503 or attempt == attempts - 1:
            break
        time.sleep(2)
    r.raise_for_status()
    return r.json()


def db_of(flow_run: dict) -> str | None:
    """The warehouse a flow run of eventwire-pipeline writes (its ``config`` parameter's ``db``)."""
    return (flow_run["parameters"].get("config") or {}).get("db")


def flow_runs(server, **flow_run_filter) -> list[dict]:
    return api(server, "/flow_runs/filter", {"flow_runs": flow_run_filter, "sort": "START_TIME_ASC", "limit": 200})


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("corpus") / "in")


@pytest.fixture(scope="module")
def clean(server, corpus, tmp_path_factory):
    """One uninterrupted `eventwire run` of the corpus against the real server."""
    tmp = tmp_path_factory.mktemp("clean")
    db, lake = tmp / "w.duckdb", tmp / "lake"
    result = run_cli(["run", "--input", str(corpus), "--db", str(db), "--lake", str(lake)], client_env(server, tmp))
    assert result.returncode == 0, result.stdout + result.stderr
    return {"db": db, "lake": lake, "output": result.stdout, "tmp": tmp}


def test_a_run_against_a_real_server_completes_with_its_artifacts(server, clean):
    runs = [r for r in flow_runs(server) if db_of(r) == str(clean["db"])]
    assert len(runs) == 1 and runs[0]["state_type"] == "COMPLETED"
    artifacts = {a["key"]: a for a in api(server, "/artifacts/filter",
                                          {"artifacts": {"flow_run_id": {"any_": [runs[0]["id"]]}}})}
    assert set(artifacts) >= {"eventwire-run-counts", "eventwire-run-summary"}
    counts = artifacts["eventwire-run-counts"]
    assert counts["type"] == "table"
    table = counts["data"] if isinstance(counts["data"], list) else json.loads(counts["data"])
    values = {row["count"]: row["this run"] for row in table}
    assert values["files loaded"] == 25 and values["files quarantined"] == 1 and values["articles"] == 25
    assert values["events"] > 20 and values["seconds"] > 0
    summary = artifacts["eventwire-run-summary"]
    assert summary["type"] == "markdown"
    assert "empty.txt" in summary["data"] and "the file is empty" in summary["data"]
    assert "Top events of this run" in summary["data"] and "| 041" in summary["data"]


def test_the_ui_shows_the_run_and_its_summary(server, clean, tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:  # .ci/run installs Debian's package, and says so when it cannot
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    (run,) = [r for r in flow_runs(server) if db_of(r) == str(clean["db"])]
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
             f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=15000", "--window-size=1400,1000"]

    def page(path: str, expected: str) -> str:
        url = f"{server['url']}{path}"
        shot = tmp_path / (path.strip("/").replace("/", "_") + ".png")
        subprocess.run([chromium, *flags, f"--screenshot={shot}", url], capture_output=True, timeout=120)
        assert shot.exists() and shot.stat().st_size > 10_000
        for _ in range(3):  # a cold browser profile may dump the page before the API's answer has arrived
            dom = subprocess.run([chromium, *flags, "--dump-dom", url], capture_output=True, text=True,
                                 timeout=120).stdout
            if expected in dom:
                break
        return dom

    runs = page("/runs", run["name"])
    assert run["name"] in runs and "eventwire-pipeline" in runs, runs[-2000:]
    (summary,) = api(server, "/artifacts/filter", {"artifacts": {"flow_run_id": {"any_": [run["id"]]},
                                                                 "key": {"any_": ["eventwire-run-summary"]}}})
    shown = page(f"/artifacts/artifact/{summary['id']}", "Top events of this run")
    assert "Top events of this run" in shown and "empty.txt" in shown and "eventwire-run-summary" in shown


def test_serve_runs_on_its_schedule_and_stops_on_sigterm(server, corpus, tmp_path):
    db, lake = tmp_path / "s.duckdb", tmp_path / "lake"
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SEED, inputs / SEED.name)
    log = open(tmp_path / "serve.log", "wb")
    proc = subprocess.Popen([*EVENTWIRE, "serve", "--interval", "5", "--name", "every-5s", "--input", str(inputs),
                             "--db", str(db), "--lake", str(lake)],
                            env=client_env(server, tmp_path, PREFECT_RUNNER_POLL_FREQUENCY="2"), cwd=ROOT,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 180
        while True:
            done = [r for r in flow_runs(server, state={"type": {"any_": ["COMPLETED"]}})
                    if db_of(r) == str(db)]
            if len(done) >= 2:
                break
            assert proc.poll() is None, (tmp_path / "serve.log").read_text()[-3000:]
            assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text()[-3000:]
            time.sleep(1)
        deployment = httpx.get(f"{server['api']}/deployments/name/eventwire-pipeline/every-5s", timeout=30).json()
        assert all(r["deployment_id"] == deployment["id"] for r in done)
    finally:
        code = stop(proc, signal.SIGTERM, timeout=60)
        log.close()
    output = (tmp_path / "serve.log").read_text()
    assert code == 0, output[-3000:]
    assert "eventwire serve stopped" in output
    con = duckdb.connect(str(db), read_only=True)
    statuses = [s for (s,) in con.execute("SELECT status FROM runs ORDER BY started_at").fetchall()]
    con.close()
    assert statuses.count("completed") >= 2


def test_a_run_stopped_by_serves_sigterm_is_recorded_interrupted_and_redone(server, tmp_path):
    db, lake, flag = tmp_path / "s.duckdb", tmp_path / "lake", tmp_path / "paused"
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SEED, inputs / SEED.name)
    log = open(tmp_path / "serve.log", "wb")
    env = client_env(server, tmp_path, PREFECT_RUNNER_POLL_FREQUENCY="2", EVENTWIRE_TEST_PAUSE_AT="nlp",
                     EVENTWIRE_TEST_PAUSE_FILE=str(flag))
    proc = subprocess.Popen([*EVENTWIRE, "serve", "--name", "interrupted", "--input", str(inputs), "--db", str(db),
                             "--lake", str(lake)], env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 180
        while True:  # served: start a run from the deployment, as the UI does
            found = httpx.get(f"{server['api']}/deployments/name/eventwire-pipeline/interrupted", timeout=30)
            if found.status_code == 200:
                break
            assert proc.poll() is None and time.monotonic() < deadline, (tmp_path / "serve.log").read_text()[-3000:]
            time.sleep(0.5)
        api(server, f"/deployments/{found.json()['id']}/create_flow_run")
        while not flag.exists():  # the run is in its NLP
            assert proc.poll() is None and time.monotonic() < deadline, (tmp_path / "serve.log").read_text()[-3000:]
            time.sleep(0.5)
    finally:
        code = stop(proc, signal.SIGTERM, timeout=60)  # as `systemctl stop` does: the whole group
        log.close()
    assert code == 0, (tmp_path / "serve.log").read_text()[-3000:]
    assert [s for (s,) in duckdb.sql(f"SELECT status FROM read_parquet('{lake}/runs/*.parquet')").fetchall()] == [
        "interrupted"]
    assert q_one(db, "SELECT status FROM runs") == "interrupted"
    assert not list(lake.glob("events/*.parquet"))  # its work was not published

    again = run_cli(["run", "--input", str(inputs), "--db", str(db), "--lake", str(lake)], client_env(server, tmp_path))
    assert again.returncode == 0, again.stderr
    con = duckdb.connect(str(db), read_only=True)
    statuses = [s for (s,) in con.execute("SELECT status FROM runs ORDER BY started_at").fetchall()]
    con.close()
    assert statuses == ["interrupted", "completed"] and q_one(db, "SELECT count(*) FROM events") > 10


@pytest.mark.parametrize("point", ["nlp", "parquet", "publish", "load"])
def test_a_run_killed_at_any_point_is_completed_by_the_next(server, corpus, clean, tmp_path, point):
    db, lake, flag = tmp_path / "w.duckdb", tmp_path / "lake", tmp_path / "paused"
    args = ["run", "--input", str(corpus), "--db", str(db), "--lake", str(lake)]
    if point == "load":  # an earlier run loaded part of the corpus: the rolled-back load must leave it as it was
        first = run_cli([*args[:2], str(corpus / "story_00.txt"), *args[3:]], client_env(server, tmp_path))
        assert first.returncode == 0, first.stderr
        before, lake_before = warehouse_rows(db), lake_rows(lake)
    env = client_env(server, tmp_path, EVENTWIRE_TEST_PAUSE_AT=point, EVENTWIRE_TEST_PAUSE_FILE=str(flag))
    proc = subprocess.Popen([*EVENTWIRE, *args], env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 180
    while not flag.exists():
        assert proc.poll() is None, proc.stderr.read()[-3000:]
        assert time.monotonic() < deadline
        time.sleep(0.2)
    if point == "nlp":  # meanwhile, another run gives up after its wait, and a third waits for the lock
        skipped = run_cli([*args, "--lock-timeout", "1"], client_env(server, tmp_path))
        assert skipped.returncode == 3, skipped.stdout + skipped.stderr
        assert f"is writing {db}; skipped after 1 s" in skipped.stderr
        waiter = subprocess.Popen([*EVENTWIRE, *args, "--lock-timeout", "600"], env=client_env(server, tmp_path),
                                  cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                  start_new_session=True)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stderr.close()

    # killed: the lake and the database are readable and hold what they held before (or, once the lake's commit
    # point is passed, the lake may hold the whole commit)
    if point == "load":
        assert warehouse_rows(db) == before
        assert lake_rows(lake) != lake_before  # the lake commit was done; the database load was not
    else:
        assert all(rows == [] for rows in warehouse_rows(db).values())
        if point == "publish":  # past the commit point: the staged files wait for the next run to move them in
            assert (lake / ".staging").is_dir() and list((lake / ".staging").glob("*/COMMIT.json"))
        else:
            assert all(rows == [] for rows in lake_rows(lake).values())

    if point == "nlp":  # the waiting run takes the lock once the killed one is gone, and does the work
        out, errors = waiter.communicate(timeout=300)
        assert waiter.returncode == 0, out + errors
    else:
        again = run_cli(args, client_env(server, tmp_path))
        assert again.returncode == 0, again.stdout + again.stderr
    assert warehouse_rows(db) == warehouse_rows(clean["db"])
    assert lake_rows(lake) == lake_rows(clean["lake"])
    assert not (lake / ".staging").exists()
    con = duckdb.connect(str(db), read_only=True)
    statuses = [s for (s,) in con.execute("SELECT status FROM runs ORDER BY started_at").fetchall()]
    con.close()
    assert statuses[-3:] == ["crashed", "skipped", "completed"] if point == "nlp" else statuses[-2:] == [
        "crashed", "completed"]


def sql(*args: str):
    return CliRunner().invoke(app, ["sql", *args])


def test_sql_formats_views_and_search(clean):
    db = str(clean["db"])
    out = sql("--db", db, "--format", "json", "SELECT quad_class, events, mean_goldstein FROM daily_events "
              "WHERE date = DATE '2012-02-20' ORDER BY quad_class")
    assert out.exit_code == 0, out.output
    rows = json.loads(out.output)
    assert rows and all(set(r) == {"quad_class", "events", "mean_goldstein"} for r in rows)
    out = sql("--db", db, "--format", "csv", "SELECT source_country, target_country, events, first_date, last_date "
              "FROM dyads WHERE source_country = 'RUS' AND target_country = 'CHN'")
    assert out.exit_code == 0, out.output
    header, first = out.output.splitlines()[:2]
    assert header == "source_country,target_country,events,first_date,last_date" and first.startswith("RUS,CHN,")
    out = sql("--db", db, "SELECT actor_code, events FROM top_actors LIMIT 3")
    assert out.exit_code == 0 and "actor_code" in out.output and "3 rows" in out.output
    con = duckdb.connect(db, read_only=True)
    hits = con.execute("SELECT title, terms_matched FROM search_articles('Lavrov Syria') ORDER BY title").fetchall()
    con.close()
    assert hits and all("Lavrov" in t or "Syria" in t or "Russia" in t for t, _ in hits)
    assert max(n for _, n in hits) == 2


def test_sql_refuses_writes(clean):
    for statement in ("DELETE FROM events", "CREATE TABLE x AS SELECT 1", "DROP VIEW dyads",
                      "INSERT INTO runs (run_id) VALUES ('x')"):
        out = sql("--db", str(clean["db"]), statement)
        assert out.exit_code == 1 and "read-only" in out.output and "Traceback" not in out.output, statement


def test_sql_prompt_reads_statements_from_stdin(clean, tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTWIRE_HISTORY", str(tmp_path / "history"))
    script = ".tables\nSELECT count(*) AS n\n  FROM files;\nSELECT 'two' AS x;\n.quit\nSELECT 'never';\n"
    out = CliRunner().invoke(app, ["sql", "--db", str(clean["db"]), "--format", "csv"], input=script)
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert "n" in lines and "26" in lines and "two" in lines and "never" not in out.output
    assert "daily_events,VIEW" in out.output and "search_articles,TABLE MACRO" in out.output


def test_sql_reads_the_lake_while_a_run_holds_the_database(clean, tmp_path):
    db = tmp_path / "busy.duckdb"
    shutil.copy(clean["db"], db)
    with duckdb_writer_elsewhere(db):
        out = subprocess.run([*EVENTWIRE, "sql", "--db", str(db), "--lake", str(clean["lake"]), "--format", "csv",
                              "SELECT count(*) AS n FROM events_named"], capture_output=True, text=True, cwd=ROOT,
                             timeout=120)
    assert out.returncode == 0, out.stderr
    con = duckdb.connect(str(clean["db"]), read_only=True)
    ((n,),) = con.execute("SELECT count(*) FROM events_named").fetchall()
    con.close()
    assert out.stdout.splitlines() == ["n", str(n)]
    assert "read from the lake" in out.stderr


def test_prefect_yaml_deploys_to_a_process_work_pool_and_a_worker_runs_it(server, tmp_path):
    env = client_env(server, tmp_path)
    # the repository's prefect.yaml, its cron schedule left off so that the scheduler starts nothing here
    spec = (ROOT / "prefect.yaml").read_text()
    assert "entrypoint: flows/pipeline.py:pipeline" in spec and "name: eventwire\n" in spec
    (tmp_path / "prefect.yaml").write_text(spec.replace("active: true", "active: false"))
    prefect = [sys.executable, "-m", "prefect"]

    def sh(*args: str, timeout: float = 180) -> str:
        done = subprocess.run([*prefect, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
        return done.stdout

    sh("work-pool", "create", "eventwire", "--type", "process", "--overwrite")
    sh("--no-prompt", "deploy", "--all", "--prefect-file", str(tmp_path / "prefect.yaml"))
    deployment = httpx.get(f"{server['api']}/deployments/name/eventwire-pipeline/eventwire-scheduled",
                           timeout=30).json()
    assert deployment["work_pool_name"] == "eventwire"
    assert deployment["pull_steps"] == [
        {"prefect.deployments.steps.set_working_directory": {"directory": str(ROOT)}}]
    db = tmp_path / "dep.duckdb"
    params = json.dumps({"config": {"input": [str(SEED)], "db": str(db), "lake": str(tmp_path / "lake")}})
    sh("deployment", "run", "eventwire-pipeline/eventwire-scheduled", "--params", params)
    sh("worker", "start", "--pool", "eventwire", "--run-once", timeout=240)
    (run,) = [r for r in flow_runs(server) if r["deployment_id"] == deployment["id"]]
    assert run["state_type"] == "COMPLETED"
    assert q_one(db, "SELECT count(*) FROM events") > 10


def q_one(db: Path, query: str):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(query).fetchall()[0][0]
    finally:
        con.close()


@pytest.mark.e2e  # `eventwire serve` in a subprocess
def test_serve_without_a_server_says_it_needs_one(tmp_path, monkeypatch):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env["PREFECT_HOME"] = str(tmp_path)
    out = subprocess.run([*EVENTWIRE, "serve", "--interval", "5", "--input", str(SEED)], env=env, cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 2 and "needs a Prefect server" in out.stderr and "PREFECT_API_URL" in out.stderr
