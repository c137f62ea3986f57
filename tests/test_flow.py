"""The eventwire-pipeline flow end to end on the seed, against a real (test) Prefect server."""

from __future__ import annotations

import datetime as dt
import shutil

import duckdb
import pytest
from typer.testing import CliRunner

from flows.cli import app
from tests.conftest import SEED, duckdb_writer_elsewhere
from tests.helpers import run_flow, snapshot

D23, D22 = dt.date(2012, 2, 23), dt.date(2012, 2, 22)


@pytest.fixture(scope="module")
def seed_run(prefect_server, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("seedrun")
    (tmp / "in").mkdir()
    shutil.copy(SEED, tmp / "in" / SEED.name)
    summary = run_flow([tmp / "in"], tmp)
    con = duckdb.connect(str(tmp / "w.duckdb"), read_only=True)
    yield summary, con, tmp
    con.close()


def q(con, sql, *params):
    return con.execute(sql, list(params)).fetchall()


def test_article(seed_run):
    _, con, _ = seed_run
    ((title, published, n),) = q(con, "SELECT title, published_date, n_words FROM articles")
    assert title == "Russia and China maintains their opposition against foreign intervention in Syria"
    assert published == D23 and n > 300


def test_entities(seed_run):
    _, con, _ = seed_run
    people = dict(q(con, "SELECT name, country_code FROM entities WHERE label = 'PERSON'"))
    assert people["Sergei Lavrov"] == "RUS" and people["Yang Jiechi"] == "CHN"
    assert people["Dmitry Medvedev"] == "RUS"
    assert "Sheikh Khalifa bin Zayed al-Nahayan" in people and "King Abdullah" in people
    assert "Medvedev" not in people
    ((n_medvedev,),) = q(con, "SELECT n_mentions FROM entities WHERE name = 'Dmitry Medvedev'")
    later = q(con, "SELECT count(*) FROM mentions m JOIN entities e USING (entity_id) "
                   "WHERE m.text = 'Medvedev' AND e.name = 'Dmitry Medvedev'")
    assert n_medvedev >= 3 and later[0][0] >= 2
    assert q(con, "SELECT label, country_code FROM entities WHERE name = 'Homs'") == [("GPE", "SYR")]
    assert q(con, "SELECT DISTINCT e.country_code FROM mentions m JOIN entities e USING (entity_id) "
                  "WHERE m.text = 'UAE'") == [("ARE",)]


def test_events(seed_run):
    _, con, _ = seed_run
    rows = q(con, "SELECT source_country, target_country, cameo_code, cameo_root, event_date, negated, "
                  "location_text, target_text FROM events")
    pos = [r for r in rows if not r[5]]

    def has(src, tgt, root, date=None):
        return any(r[0] == src and (tgt is None or r[1] == tgt) and r[3] == root and (date is None or r[4] == date)
                   for r in pos)

    assert has("RUS", "CHN", "04", D23)
    assert has("RUS", "ARE", "04", D23)
    for country in ("SAU", "IRQ", "IRN"):
        assert has("RUS", country, "04", D22), country
    assert has("RUS", None, "12", D23) and has("CHN", None, "12", D23)
    assert any(r[0] == "RUS" and r[2] == "129" for r in pos)
    assert has("SAU", "RUS", "11") or has("SAU", "RUS", "12")
    assert any(r[0] == "SYR" and r[3] in ("17", "18", "19") and ("Homs" in (r[6] or "") or "Homs" in (r[7] or ""))
               for r in pos)
    assert q(con, "SELECT count(*) FROM events WHERE goldstein IS NULL OR quad_class IS NULL "
                  "OR plover_type IS NULL") == [(0,)]


def test_gdelt_view(seed_run):
    _, con, _ = seed_run
    rows = q(con, "SELECT SQLDATE, Actor1Code, Actor1Name, Actor2CountryCode, EventCode, EventBaseCode, EventRootCode, "
                  "QuadClass, GoldsteinScale, NumMentions, NumArticles FROM events_gdelt WHERE EventCode = '041' "
                  "ORDER BY SQLDATE, Actor2CountryCode")
    assert rows[0][:5] == (20120222, "RUSGOV", "Dmitry Medvedev", "IRN", "041")
    assert all(r[5] == "041" and r[6] == "04" and r[7] == 1 and r[8] == 1.0 and r[9] >= 1 and r[10] == 1
               for r in rows)
    (n_events,), (n_gdelt,) = q(con, "SELECT count(*) FROM events WHERE NOT negated"), q(
        con, "SELECT sum(NumMentions) FROM events_gdelt")
    assert n_events == n_gdelt


def test_quotes(seed_run):
    _, con, _ = seed_run
    quotes = q(con, "SELECT quote_text, lower(speaker_text) FROM quotes")
    said = {text: speaker for text, speaker in quotes}
    assert said["The sides reaffirmed the joint position of Russia and China"] == "the russian foreign ministry"
    assert said["met the approaches outlined by the Russian president with understanding"] == "the kremlin"
    assert said["futile"] in ("king abdullah", "spa")
    ((body,),) = q(con, "SELECT body FROM articles")
    for text, start, end in q(con, "SELECT quote_text, start_char, end_char FROM quotes"):
        assert body[start:end] == text


def test_lake_run_record_and_offsets(seed_run):
    summary, con, tmp = seed_run
    for table in ("articles", "mentions", "entities", "events", "quotes", "files", "runs"):
        assert list((tmp / "lake" / table).glob("*.parquet")), table
    assert not (tmp / "lake" / ".staging").exists()
    ((status, loaded, events),) = q(con, "SELECT status, files_loaded, events FROM runs")
    assert (status, loaded) == ("completed", 1) and events == summary["events"] > 10
    ((title, body),) = q(con, "SELECT title, body FROM articles")
    for text, in_title, start, end in q(con, "SELECT text, in_title, start_char, end_char FROM mentions"):
        assert (title if in_title else body)[start:end] == text


def test_second_run_changes_no_data_row(seed_run):
    _, con, tmp = seed_run
    before = snapshot(tmp / "w.duckdb")
    con.close()
    summary = run_flow([tmp / "in"], tmp)
    assert summary["files_unchanged"] == 1 and summary["files_loaded"] == 0
    assert snapshot(tmp / "w.duckdb") == before
    con2 = duckdb.connect(str(tmp / "w.duckdb"), read_only=True)
    assert q(con2, "SELECT count(*) FROM runs") == [(2,)]
    con2.close()


def test_bad_files_are_quarantined_duplicates_marked_and_the_run_completes(prefect_server, tmp_path, seed_dir):
    (seed_dir / "copy_of_seed.txt").write_bytes(SEED.read_bytes())
    (seed_dir / "empty.txt").write_bytes(b"")
    (seed_dir / "noise.bin").write_bytes(bytes(range(256)) * 20)
    (seed_dir / "feed.json").write_text('{"title": "x"}')
    (seed_dir / "dangling.txt").symlink_to(seed_dir / "gone.txt")
    (seed_dir / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1" + bytes(100))
    (seed_dir / ".git").mkdir()
    (seed_dir / ".git" / "HEAD").write_text("ref: refs/heads/main")
    reworded = SEED.read_text().replace("Last updated: 23 February, 2012", "Published: 23 February 2012")
    (seed_dir / "zz_same_story.txt").write_text(reworded)
    summary = run_flow([seed_dir], tmp_path)
    assert summary["status"] == "completed"
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    status = dict(q(con, "SELECT regexp_extract(path, '[^/]+$'), status FROM files"))
    assert status == {SEED.name: "loaded", "copy_of_seed.txt": "duplicate", "empty.txt": "quarantined",
                      "noise.bin": "quarantined", "feed.json": "quarantined", "zz_same_story.txt": "loaded",
                      "dangling.txt": "quarantined", ".DS_Store": "quarantined"}
    assert "could not be read" in q(con, "SELECT reason FROM files WHERE path LIKE '%dangling.txt'")[0][0]
    assert q(con, "SELECT count(*) FROM files WHERE status = 'quarantined' AND reason IS NULL") == [(0,)]
    # the same story in another file: stored, pointed at the first copy, not coded again
    ((dup_of, first),) = q(con, "SELECT a.duplicate_of, b.article_id FROM articles a JOIN articles b "
                               "ON a.duplicate_of = b.article_id")
    assert dup_of == first
    assert q(con, "SELECT count(DISTINCT article_id) FROM events") == [(1,)]
    con.close()


def test_cli_run_prints_summary_and_example_query(prefect_server, tmp_path, seed_dir):
    result = CliRunner().invoke(app, ["run", "--input", str(seed_dir), "--db", str(tmp_path / "c.duckdb"),
                                      "--lake", str(tmp_path / "lake")])
    assert result.exit_code == 0, result.output
    assert "files loaded" in result.output and "events" in result.output
    assert "eventwire sql" in result.output and "SELECT" in result.output
    out = CliRunner().invoke(app, ["sql", "--db", str(tmp_path / "c.duckdb"), "--csv",
                                   "SELECT count(*) AS n FROM events WHERE cameo_root = '04'"])
    assert out.exit_code == 0 and int(out.output.splitlines()[1]) >= 5


def test_cli_reads_settings_from_the_environment(prefect_server, tmp_path, seed_dir, monkeypatch):
    monkeypatch.setenv("EVENTWIRE_INPUT", str(seed_dir))
    monkeypatch.setenv("EVENTWIRE_DB", str(tmp_path / "env.duckdb"))
    monkeypatch.setenv("EVENTWIRE_LAKE", str(tmp_path / "envlake"))
    result = CliRunner().invoke(app, ["run"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "env.duckdb").exists() and (tmp_path / "envlake" / "events").is_dir()


def test_cli_missing_input_is_one_clear_line(tmp_path):
    result = CliRunner().invoke(app, ["run", "--input", str(tmp_path / "nope"), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2
    assert "input path not found" in result.output and "Traceback" not in result.output


def test_cli_locked_database_is_one_clear_line(tmp_path, seed_dir):
    db = tmp_path / "locked.duckdb"
    with duckdb_writer_elsewhere(db):
        result = CliRunner().invoke(app, ["run", "--input", str(seed_dir), "--db", str(db)])
    assert result.exit_code == 1
    assert "locked by another writer" in result.output and "Traceback" not in result.output


def test_a_changed_file_is_read_again_and_replaces_its_rows(prefect_server, tmp_path, seed_dir):
    run_flow([seed_dir], tmp_path)
    before = snapshot(tmp_path / "w.duckdb")
    # the same story with another date line: new bytes, same title and body
    (seed_dir / SEED.name).write_text(SEED.read_text().replace("Last updated: 23 February, 2012",
                                                               "Last updated: 24 February, 2012"))
    summary = run_flow([seed_dir], tmp_path)
    assert summary["files_loaded"] == 1 and summary["events"] > 10
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    ((n, published, dup),) = q(con, "SELECT count(*), max(published_date), max(duplicate_of) FROM articles")
    assert (n, published, dup) == (1, dt.date(2012, 2, 24), None)
    assert q(con, "SELECT count(*) FROM events") == [(len(before["events"]),)]
    assert q(con, "SELECT count(DISTINCT article_id) FROM mentions") == [(1,)]
    con.close()


def test_size_cap_language_and_near_copies(prefect_server, tmp_path, seed_dir):
    seed = SEED.read_text()
    # the same story with a changed headline, an extra sentence and a newsletter prompt: a near copy
    near = seed.replace("Russia and China maintains their opposition", "Moscow, Beijing keep opposing") + (
        "\n\nSign up for our daily newsletter to get the latest news.")
    (seed_dir / "z_near_copy.txt").write_text(near)
    (seed_dir / "z_french.txt").write_text(
        "Published: 23 February 2012\n\nLa Russie et la Chine rejettent les pressions\n\n"
        "La Russie et la Chine ont rejeté jeudi les pressions visant à changer leur position sur la Syrie, "
        "après avoir opposé leur veto à une résolution des Nations unies condamnant le régime de Damas.")
    (seed_dir / "z_huge.txt").write_bytes(b"x" * 2_000_000)
    summary = run_flow([seed_dir], tmp_path, max_file_mb=1)
    assert (summary["files_loaded"], summary["files_quarantined"]) == (3, 1)
    assert summary["articles_duplicate"] == 1 and summary["articles_not_english"] == 1
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    assert "over the 1 MB cap" in q(con, "SELECT reason FROM files WHERE path LIKE '%z_huge.txt'")[0][0]
    rows = dict(q(con, "SELECT regexp_extract(f.path, '[^/]+$'), a.language || '/' || (a.duplicate_of IS NOT NULL) "
                       "FROM articles a JOIN files f USING (file_id)"))
    assert rows == {SEED.name: "en/false", "z_near_copy.txt": "en/true", "z_french.txt": "fr/false"}
    assert q(con, "SELECT count(DISTINCT article_id) FROM events") == [(1,)]
    assert q(con, "SELECT count(DISTINCT article_id) FROM mentions") == [(1,)]
    con.close()
    # a later run still sees the near copy's original (signatures are kept in the lake)
    (seed_dir / "zz_later_copy.txt").write_text(near.replace("Sign up", "Subscribe"))
    later = run_flow([seed_dir], tmp_path, max_file_mb=1)
    assert later["files_loaded"] == 1 and later["articles_duplicate"] == 1 and later["events"] == 0


def test_many_formats_and_bad_records_through_the_flow(prefect_server, tmp_path):
    import csv
    import gzip
    import io
    import json

    people = {"Monday": ("Russian Foreign Minister Sergei Lavrov", "his Chinese counterpart Yang Jiechi", "Syria"),
              "Tuesday": ("French President Nicolas Sarkozy", "German Chancellor Angela Merkel", "the euro"),
              "Friday": ("Japanese Prime Minister Yoshihiko Noda", "South Korean President Lee Myung-bak", "trade"),
              "Wednesday": ("Turkish Prime Minister Recep Tayyip Erdogan", "Iranian President Mahmoud Ahmadinejad",
                            "nuclear talks"),
              "Thursday": ("Indian Prime Minister Manmohan Singh", "Pakistani President Asif Ali Zardari", "Kashmir")}

    def story(day: str) -> str:
        a, b, topic = people[day]
        return f"{a} called {b} on {day} to discuss {topic}, officials in both capitals said after the call."
    d = tmp_path / "in"
    d.mkdir()
    (d / "feed.json").write_text(json.dumps({"articles": [
        {"title": "Lavrov calls Yang", "content": story("Monday"), "publishedAt": "2012-02-20T09:00:00Z",
         "url": "https://example.org/a", "source": {"name": "Example Wire"}},
        {"title": "no text here"},
    ]}))
    lines = [json.dumps({"headline": "Talks", "body": story("Tuesday"), "date": "2012-02-21"}),
             "{not json", json.dumps({"headline": "More talks", "body": story("Friday") + " Again."})]
    (d / "lines.jsonl").write_text("\n".join(lines) + "\n")
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["text", "category"])
    w.writerow([f"Lavrov calls Yang again\n{story('Wednesday')}", "politics"])
    (d / "table.csv.gz").write_bytes(gzip.compress(buf.getvalue().encode()))
    (d / "page.html").write_text(
        "<html><head><title>Russia and China talk | Example News</title>"
        '<link rel="canonical" href="https://news.example.org/russia-china"/></head><body>'
        "<nav><a href='/'>Home</a></nav><article><h1>Russia and China talk</h1>"
        f"<p>{story('Thursday')}</p><p>Both sides reaffirmed their joint position on the crisis, "
        "the ministry added, and agreed to keep in close contact over the coming weeks.</p></article>"
        "<footer>Subscribe to our newsletter</footer></body></html>")
    summary = run_flow([d], tmp_path)
    assert summary["files_loaded"] == 4 and summary["records_quarantined"] == 2
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    got = q(con, "SELECT f.format, f.compression, a.record_index, a.title, a.url, a.source_name, a.published_at "
                 "FROM articles a JOIN files f USING (file_id) ORDER BY f.path, a.record_index")
    assert [(r[0], r[2]) for r in got] == [("json", 0), ("jsonl", 0), ("jsonl", 2), ("html", 0), ("csv", 0)]
    assert got[0][3:] == ("Lavrov calls Yang", "https://example.org/a", "Example Wire", dt.datetime(2012, 2, 20, 9))
    assert got[3][4] == "https://news.example.org/russia-china" and got[4][1] == "gzip"
    assert got[4][3] == "Lavrov calls Yang again"  # the glued headline became the title
    bad = q(con, "SELECT regexp_extract(path, '[^/]+$'), record_index FROM quarantined_records ORDER BY 1")
    assert bad == [("feed.json", 1), ("lines.jsonl", 1)]
    assert q(con, "SELECT count(DISTINCT article_id) FROM events WHERE cameo_code = '041'") == [(5,)]
    ((body,),) = q(con, "SELECT body FROM articles a JOIN files f USING (file_id) WHERE f.format = 'html'")
    assert "newsletter" not in body and "Home" not in body
    con.close()
