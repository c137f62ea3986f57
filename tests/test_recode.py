"""Coder versions and `eventwire recode`: stored articles coded again from the lake (no input files), the stale
articles a run reports, the user's lexicon folder reaching the coder, a lake written before coder_version
existed, and a recode killed at several points then completed."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from uuid import UUID

import duckdb
import pyarrow.parquet as pq
import pytest
from prefect import get_client
from typer.testing import CliRunner

from flows import lake as lake_io
from flows.cli import app
from flows.lock import WriterLock
from flows.nlp_pool import article_rows
from flows.recode import _chunks, plover_changes, recode
from flows.settings import RunConfig
from tests.conftest import ROOT
from tests.helpers import DAYS, lake_rows, make_corpus, q, run_flow, warehouse_rows
from transforms.models import RawArticle
from transforms.normalise import normalise, stored_article

MILITIA = "Published: {day} {date} February 2012\n\nAttack in Kaduna, story {i}\n\n" \
          "The Blue Hawk Brigade attacked a police station in Kaduna on {day}, officials said in statement {i}.\n\n" \
          "Protesters bushwhacked the governor's convoy near Kano on {day}, police said.\n"
ACTORS = "name,code,country,sector\nBlue Hawk Brigade,NGAREB,NGA,REB\n"
VERBS = "verb,code\nbushwhack,190\n"


def corpus(folder: Path, n: int = 4) -> Path:
    """``n`` generated stories of leaders (make_corpus, without the long seed) and ``n`` of a militia in Nigeria
    that the built-in lexicon does not know, over four days."""
    make_corpus(folder, n)
    (folder / "000_6a57321544fd7d14.txt").unlink()
    for i in range(n):
        day, date = DAYS[i % len(DAYS)]
        (folder / f"militia_{i:02d}.txt").write_text(MILITIA.format(day=day, date=date, i=i))
    return folder


def lexicon_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "lexicon"
    folder.mkdir()
    (folder / "actors.csv").write_text(ACTORS)
    (folder / "verbs.csv").write_text(VERBS)
    return folder


def recode_flow(where: Path, since=None, chunk_articles=None, return_state=False, **settings):
    """The recode flow on the warehouse and lake in ``where``, the other settings of its RunConfig as given."""
    config = RunConfig(db=where / "w.duckdb", lake=str(where / "lake"), report="off", **settings)
    more = {"chunk_articles": chunk_articles} if chunk_articles else {}
    return recode(config, since=since, return_state=return_state, **more)


def militia_events(where: Path) -> list[tuple]:
    return q(where / "w.duckdb", "SELECT source_code, trigger_text, cameo_code FROM events WHERE source_text LIKE "
                                 "'%Blue Hawk%' OR trigger_text = 'bushwhacked' ORDER BY ALL")


def test_chunks_are_cut_at_part_boundaries():
    stale = [("a", "p1"), ("b", "p1"), ("c", "p2"), ("d", "p3"), ("e", "p3"), ("f", "p3")]
    assert _chunks(stale, 2) == [stale[:2], stale[2:]]  # a part is never split between two commits
    assert _chunks(stale, 1) == [stale[:2], stale[2:3], stale[3:]]
    assert _chunks(stale, 100) == [stale]
    assert _chunks([], 5) == []


def test_plover_changes_lists_every_type_and_the_total():
    assert plover_changes({"CONSULT": 5, "ASSAULT": 1}, {"CONSULT": 5, "ASSAULT": 3, "": 1}) == [
        {"plover_type": "CONSULT", "before": 5, "after": 5, "change": 0},
        {"plover_type": "ASSAULT", "before": 1, "after": 3, "change": 2},
        {"plover_type": "(none)", "before": 0, "after": 1, "change": 1},
        {"plover_type": "all", "before": 6, "after": 9, "change": 3}]


def test_a_stored_article_row_is_the_article_again():
    article = normalise(RawArticle(3, "First  para.\n\n\n Second\npara.\n\nThird.", title="A title",
                                   date_text="Published: Thursday 23 February 2012", url="http://x"),
                        file_id="f", file_sha256="s")
    (row,) = article_rows([article], "run", "some-version")
    assert stored_article(row) == article and stored_article(row).paragraphs == article.paragraphs
    empty = normalise(RawArticle(0, ""), file_id="f", file_sha256="s")
    assert stored_article(article_rows([empty], "run")[0]) == empty


def test_recode_without_the_input_files_equals_a_clean_run(prefect_server, tmp_path):
    """A lake coded by another coder (the user's lexicon here), its input files deleted: `recode` with the coder of
    a clean run gives the clean run's rows, in the warehouse and in the lake."""
    folder = corpus(tmp_path / "in")
    clean, old = tmp_path / "clean", tmp_path / "old"
    run_flow([folder], clean)
    first = run_flow([folder], old, lexicon=str(lexicon_dir(tmp_path)))
    assert militia_events(old) != militia_events(clean)
    assert ("NGAREB", "attacked", "190") in militia_events(old)
    shutil.rmtree(folder)

    summary = recode_flow(old)
    assert summary["status"] == "completed" and summary["kind"] == "recode"
    with get_client(sync_client=True) as client:  # its own flow in the UI
        assert client.read_flow(client.read_flow_run(UUID(summary["run_id"])).flow_id).name == "eventwire-recode"
    assert summary["articles"] == first["articles"] == 8 and summary["articles_stale"] == 0
    assert warehouse_rows(old / "w.duckdb") == warehouse_rows(clean / "w.duckdb")
    assert lake_rows(old / "lake") == lake_rows(clean / "lake")
    assert {r["plover_type"]: r["change"] for r in summary["plover"]}["ASSAULT"] < 0  # the bushwhackings
    assert q(old / "w.duckdb", "SELECT kind, status FROM runs ORDER BY started_at") == [("run", "completed"),
                                                                                       ("recode", "completed")]
    assert recode_flow(old)["articles"] == 0  # nothing left of another version


def test_after_a_lexicon_change_run_reports_the_stale_articles_and_recode_brings_them_up_to_date(
        prefect_server, tmp_path):
    from prefect.artifacts import Artifact

    folder, lexicon = corpus(tmp_path / "in"), str(lexicon_dir(tmp_path))
    db = tmp_path / "w.duckdb"
    first = run_flow([folder], tmp_path)
    assert first["articles_stale"] == 0 and first["stale_note"] is None
    assert "NGAREB" not in {code for code, _, _ in militia_events(tmp_path)}

    again = run_flow([folder], tmp_path, lexicon=lexicon)  # every file unchanged: nothing is coded
    assert (again["files_unchanged"], again["articles"], again["articles_stale"]) == (8, 0, 8)
    assert again["coder_version"] != first["coder_version"]
    command = f"eventwire recode --db {db} --lake {tmp_path / 'lake'} --lexicon {lexicon}"
    assert "8 stored articles were coded by another coder version" in again["stale_note"]
    assert command in again["stale_note"] and f"8 by `{first['coder_version']}`" in again["stale_note"]
    assert command in Artifact.get("eventwire-run-summary").data
    assert "NGAREB" not in {code for code, _, _ in militia_events(tmp_path)}  # not coded again by the run

    late = recode_flow(tmp_path, lexicon=lexicon, since=dt.date(2012, 2, 22))  # Wednesday and Thursday only
    assert (late["articles"], late["articles_stale"]) == (4, 4)
    assert q(db, "SELECT count(*) FROM events WHERE source_code = 'NGAREB'") == [(2,)]
    assert "eventwire-0." in Artifact.get("eventwire-recode-summary").data
    rest = recode_flow(tmp_path, lexicon=lexicon)
    assert (rest["articles"], rest["articles_stale"]) == (4, 0)
    assert q(db, "SELECT count(*) FROM events WHERE source_code = 'NGAREB'") == [(4,)]
    assert q(db, "SELECT count(*) FROM events WHERE trigger_text = 'bushwhacked' AND cameo_code = '190'") == [(4,)]
    assert q(db, "SELECT DISTINCT coder_version FROM articles") == [(rest["coder_version"],)]
    assert q(db, "SELECT count(*) FROM events WHERE coder_version IS DISTINCT FROM ?", rest["coder_version"]) == [(0,)]

    final = run_flow([folder], tmp_path, lexicon=lexicon)
    assert final["articles_stale"] == 0 and final["stale_note"] is None
    assert q(db, "SELECT kind, articles_stale FROM runs ORDER BY started_at") == [
        ("run", 0), ("run", 8), ("recode", 4), ("recode", 0), ("run", 0)]


def test_an_actor_added_in_a_lexicon_folder_appears_after_eventwire_recode(prefect_server, tmp_path, monkeypatch):
    """Through the CLI, the NLP in two worker processes: the overlay reaches them."""
    folder, lexicon = corpus(tmp_path / "in", n=2), lexicon_dir(tmp_path)
    db, lake = tmp_path / "w.duckdb", tmp_path / "lake"
    where = ["--db", str(db), "--lake", str(lake)]
    result = CliRunner().invoke(app, ["run", "--input", str(folder), *where, "--no-report"])
    assert result.exit_code == 0, result.output
    assert q(db, "SELECT count(*) FROM events WHERE source_code = 'NGAREB'") == [(0,)]

    result = CliRunner().invoke(app, ["recode", *where, "--lexicon", str(lexicon), "--workers", "2",
                                      "--batch-size", "2", "--no-report"])
    assert result.exit_code == 0, result.output
    assert "events by PLOVER type" in result.output and "4 articles coded again" in result.output
    assert q(db, "SELECT source_text, source_code, cameo_code FROM events WHERE source_code = 'NGAREB'") == [
        ("The Blue Hawk Brigade", "NGAREB", "190")] * 2
    assert q(db, "SELECT count(*) FROM events WHERE trigger_text = 'bushwhacked'") == [(2,)]

    monkeypatch.setenv("EVENTWIRE_LEXICON", str(lexicon))  # the same coder: nothing is stale
    result = CliRunner().invoke(app, ["run", "--input", str(folder), *where, "--no-report"])
    assert result.exit_code == 0, result.output
    assert "coded by another coder version" not in result.output
    monkeypatch.delenv("EVENTWIRE_LEXICON")
    result = CliRunner().invoke(app, ["run", "--input", str(folder), *where, "--no-report"])
    assert "4 stored articles were coded by another coder version" in result.output
    assert f"eventwire recode --db {db} --lake {lake}" in result.output.replace("\n", "")


def test_a_bad_lexicon_row_stops_the_command_before_any_work(tmp_path):
    lexicon = lexicon_dir(tmp_path)
    (lexicon / "actors.csv").write_text(ACTORS + "Red Hawks,NGAREB,NIG,REB\n")
    for command in (["run", "--input", str(tmp_path)], ["recode"]):
        result = CliRunner().invoke(app, [*command, "--db", str(tmp_path / "w.duckdb"), "--lexicon", str(lexicon)])
        assert result.exit_code == 2, result.output
        assert f"invalid lexicon: {lexicon}/actors.csv, line 3: country 'NIG' is not an ISO 3166" in result.output
        assert "Traceback" not in result.output
    assert not (tmp_path / "w.duckdb").exists() and not (tmp_path / "data").exists()


def test_a_lake_and_warehouse_written_before_coder_version_existed_are_upgraded_in_place(prefect_server, tmp_path):
    folder = corpus(tmp_path / "in", n=2)
    db, lake = tmp_path / "w.duckdb", tmp_path / "lake"
    first = run_flow([folder], tmp_path)
    events = q(db, "SELECT * EXCLUDE (coder_version) FROM events ORDER BY event_id")
    # as an older eventwire wrote them: no coder_version in the lake's parts nor in the warehouse's tables, and
    # runs without kind, coder_version and articles_stale (the warehouse's load_state is left as it was)
    added = {"articles": ["coder_version"], "events": ["coder_version"],
             "runs": ["kind", "coder_version", "articles_stale"]}
    for table, columns in added.items():
        for path in lake_io.parts(lake, table):
            pq.write_table(pq.read_table(path).drop_columns(columns), path)
    con = duckdb.connect(str(db))
    for table, columns in added.items():
        for column in columns:
            con.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    con.close()

    again = run_flow([folder], tmp_path)  # no file changed: the data version is the one the warehouse holds
    assert again["status"] == "completed" and again["articles_stale"] == 4
    assert "4 by an eventwire that did not record it" in again["stale_note"]
    assert q(db, "SELECT count(*) FROM articles WHERE coder_version IS NULL") == [(4,)]
    assert q(db, "SELECT kind, coder_version IS NULL FROM runs ORDER BY started_at") == [(None, True), ("run", False)]
    assert q(db, "SELECT * EXCLUDE (coder_version) FROM events ORDER BY event_id") == events

    summary = recode_flow(tmp_path)
    assert (summary["articles"], summary["articles_stale"]) == (4, 0)
    assert q(db, "SELECT * EXCLUDE (coder_version) FROM events ORDER BY event_id") == events
    assert q(db, "SELECT DISTINCT coder_version FROM events") == [(first["coder_version"],)]
    for table in ("articles", "events"):
        assert all("coder_version" in pq.read_schema(p).names for p in lake_io.parts(lake, table))


def test_a_recode_waits_for_the_writer_lock_then_is_skipped(prefect_server, tmp_path):
    db = tmp_path / "w.duckdb"
    with WriterLock(db):
        state = recode_flow(tmp_path, lock_timeout=0.5, return_state=True)
    assert state.is_cancelled() and f"is writing {db}; skipped after 0.5 s" in state.message


@pytest.fixture(scope="module")
def coded_by_another(prefect_server, tmp_path_factory):
    """A lake coded with the user's lexicon in parts of two articles, and the same lake recoded without it,
    uninterrupted, in chunks of two articles."""
    tmp = tmp_path_factory.mktemp("recode-crash")
    folder = corpus(tmp / "in", n=2)
    base = tmp / "base"
    run_flow([folder], base, lexicon=str(lexicon_dir(tmp)), batch_size=2)
    assert len(lake_io.parts(base / "lake", "articles")) == 2
    clean = tmp / "clean"
    shutil.copytree(base, clean)
    assert recode_flow(clean, chunk_articles=2)["articles"] == 4
    return {"folder": folder, "base": base, "clean": clean}


@pytest.mark.parametrize(("point", "then"), [("recode-commit", "recode"), ("publish", "run"), ("nlp", "recode")])
def test_a_recode_killed_at_any_point_is_completed_by_the_next_recode_or_run(coded_by_another, tmp_path, point, then):
    """Killed with SIGKILL half way (after its first chunk's commit), at its first commit point, or in its first
    NLP batch: the warehouse is readable and as it was; the next recode (or run, then recode) equals an
    uninterrupted recode."""
    from prefect.settings import PREFECT_API_URL

    where, flag = tmp_path / "lake-copy", tmp_path / "paused"
    shutil.copytree(coded_by_another["base"], where)
    before = warehouse_rows(where / "w.duckdb")
    env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value(), "EVENTWIRE_RECODE_CHUNK": "2",
           "EVENTWIRE_TEST_PAUSE_AT": point, "EVENTWIRE_TEST_PAUSE_FILE": str(flag), "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "flows.cli", "recode", "--db", str(where / "w.duckdb"), "--lake",
                             str(where / "lake"), "--workers", "1", "--no-report"], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 180
    while not flag.exists():
        assert proc.poll() is None, proc.stderr.read()[-3000:]
        assert time.monotonic() < deadline
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stderr.close()

    assert warehouse_rows(where / "w.duckdb") == before  # readable, and as before: the load comes last
    versions = sorted(v for p in lake_io.parts(where / "lake", "articles")
                      for v in pq.read_table(p, columns=["coder_version"]).column(0).to_pylist())
    clean_version = q(coded_by_another["clean"] / "w.duckdb", "SELECT DISTINCT coder_version FROM articles")[0][0]
    assert versions.count(clean_version) == (2 if point == "recode-commit" else 0)  # half of it committed

    if then == "run":  # the run publishes the committed chunk, loads it and reports the rest
        summary = run_flow([coded_by_another["folder"]], where)
        assert summary["articles"] == 0 and summary["articles_stale"] == 2
        assert q(where / "w.duckdb", "SELECT count(*) FROM articles WHERE coder_version = ?", clean_version) == [(2,)]
    summary = recode_flow(where, chunk_articles=2)
    assert summary["articles"] == (4 if point == "nlp" else 2)
    assert warehouse_rows(where / "w.duckdb") == warehouse_rows(coded_by_another["clean"] / "w.duckdb")
    assert lake_rows(where / "lake") == lake_rows(coded_by_another["clean"] / "lake")
    assert not (where / "lake" / ".staging").exists()
    statuses = [s for (s,) in q(where / "w.duckdb", "SELECT status FROM runs ORDER BY started_at")]
    assert statuses == ["completed", "crashed", "completed", "completed"] if then == "run" else [
        "completed", "crashed", "completed"]
