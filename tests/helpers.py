"""Helpers shared by test modules: plain functions and constants (the fixtures are in conftest.py)."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import duckdb

from tests.conftest import SEED


def q(db, sql: str, *params) -> list[tuple]:
    """Rows of ``sql`` on the warehouse file ``db``, opened read-only."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def run_pipeline(inputs, db, lake, *, flow=None, full_refresh: bool = False, return_state: bool = False,
                 report=None, **settings):
    """The eventwire-pipeline flow (``flow``: the same with another task runner) on ``inputs`` into ``db`` and
    ``lake``, the other settings of its ``RunConfig`` as given; no report unless one is given."""
    from flows.pipeline import pipeline
    from flows.settings import RunConfig

    config = RunConfig(input=[str(p) for p in inputs], db=str(db), lake=str(lake),
                       report=str(report) if report else "off", **settings)
    return (flow or pipeline)(config, full_refresh=full_refresh, return_state=return_state)


def run_flow(inputs, tmp_path, **kw):
    """``run_pipeline`` into ``tmp_path``'s w.duckdb and lake folder."""
    return run_pipeline(inputs, tmp_path / "w.duckdb", tmp_path / "lake", **kw)


# ---------------------------------------------------------------------------------------------------------------
# A generated corpus


PEOPLE = [
    ("Russian Foreign Minister Sergei Lavrov", "his Chinese counterpart Yang Jiechi", "Syria"),
    ("French President Nicolas Sarkozy", "German Chancellor Angela Merkel", "the euro"),
    ("Japanese Prime Minister Yoshihiko Noda", "South Korean President Lee Myung-bak", "trade"),
    ("Turkish Prime Minister Recep Tayyip Erdogan", "Iranian President Mahmoud Ahmadinejad", "nuclear talks"),
    ("Indian Prime Minister Manmohan Singh", "Pakistani President Asif Ali Zardari", "Kashmir"),
    ("British Prime Minister David Cameron", "US President Barack Obama", "Afghanistan"),
]
ACTS = [("called", "to discuss"), ("met", "to discuss"), ("criticised", "over"), ("praised", "for his work on")]
DAYS = [("Monday", 20), ("Tuesday", 21), ("Wednesday", 22), ("Thursday", 23)]


def make_corpus(folder: Path, n: int = 24) -> Path:
    """``n`` short generated articles (different people, acts and days), the seed, and one empty file."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        a, b, topic = PEOPLE[i % len(PEOPLE)]
        verb, prep = ACTS[(i // len(PEOPLE)) % len(ACTS)]
        day, date = DAYS[i % len(DAYS)]
        (folder / f"story_{i:02d}.txt").write_text(
            f"Published: {day} {date} February 2012\n\n{a.split()[-1]} and {b.split()[-1]} story {i}\n\n"
            f"{a} {verb} {b} on {day} {prep} {topic}, officials in both capitals said.\n\n"
            f"The two leaders agreed to meet again next month, a spokesman said in statement number {i}.\n")
    shutil.copy(SEED, folder / SEED.name)
    (folder / "empty.txt").write_bytes(b"")
    return folder


# ---------------------------------------------------------------------------------------------------------------
# The rows of a warehouse and of a lake, to compare two runs


SNAPSHOT_TABLES = ("articles", "mentions", "entities", "events", "quotes")


def snapshot(db) -> dict[str, list]:
    """Every row (as its repr, sorted) of the warehouse ``db``'s data tables in ``SNAPSHOT_TABLES``."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: sorted(map(repr, con.execute(f"SELECT * FROM {t}").fetchall())) for t in SNAPSHOT_TABLES}
    finally:
        con.close()


# Tables compared between a clean run and a crashed-then-rerun one; run ids and times left out.
COMPARED = {
    # a file loaded by an earlier run is 'unchanged' in the later one
    "files": "SELECT * EXCLUDE (last_run_id, status), replace(status, 'unchanged', 'loaded') FROM files",
    "articles": "SELECT * EXCLUDE (run_id) FROM articles",
    "mentions": "SELECT * FROM mentions",
    "events": "SELECT * FROM events",
    "quotes": "SELECT * FROM quotes",
    "entities": "SELECT * FROM entities",
    "entity_aliases": "SELECT * FROM entity_aliases",
    "quarantined_records": "SELECT * EXCLUDE (last_run_id) FROM quarantined_records",
}
LAKE_TABLES = ("articles", "mentions", "events", "quotes", "signatures", "files", "entities")


def warehouse_rows(db: Path) -> dict[str, list[str]]:
    """The rows (as their repr, sorted) of the warehouse ``db``'s ``COMPARED`` tables, run ids and times left out."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = {t for (t,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        return {t: sorted(map(repr, con.execute(q).fetchall())) if t in tables else [] for t, q in COMPARED.items()}
    finally:
        con.close()


def lake_rows(lake) -> dict[str, list[str]]:
    """The rows of the lake's tables; ``lake`` a folder or any lake URL (read through ``flows.lake``)."""
    from flows.lake import Lake, parts

    lake = Lake.of(lake)
    con = duckdb.connect()
    out = {}
    for t in LAKE_TABLES:
        files = parts(lake, t)
        if not files:
            out[t] = []
            continue
        query = {"articles": "SELECT * EXCLUDE (run_id) FROM {src}",
                 "signatures": "SELECT * EXCLUDE (run_id) FROM {src}",
                 "files": COMPARED["files"].replace("FROM files", "FROM {src}")}.get(t, "SELECT * FROM {src}")
        rows = con.execute(query.format(src="read_parquet(?, union_by_name = true)"), [lake.duckdb_sources(con, files)])
        rows = rows.fetchall()
        out[t] = sorted(map(repr, rows))
    con.close()
    return out


# ---------------------------------------------------------------------------------------------------------------
# A WARC archive


def article_page(headline: str, paragraphs: list[str]) -> bytes:
    """A news page: ``headline`` and ``paragraphs`` in an <article>, between a menu and a footer."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html><head><title>{headline} | Wire</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>{headline}</h1>{body}</article>
<footer>© Wire. All rights reserved.</footer></body></html>""".encode()


SUMMIT = article_page("Leaders meet in Brussels", [
    "European leaders met in Brussels on Thursday to discuss new sanctions against the regime, diplomats said.",
    "The talks ran late into the night as ministers argued over the scope of the measures and their timing.",
    "A final statement is expected on Friday morning, after the foreign ministers report back to the council.",
])
CEASEFIRE = article_page("Ceasefire holds in the north", [
    "A ceasefire between government forces and rebels held for a third day on Sunday, local officials said.",
    "Aid convoys reached two besieged towns for the first time in months, according to the Red Cross.",
])
EMPTY = b"<html><head><title>Index</title></head><body><ul><li><a href='/a'>A</a></li></ul></body></html>"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))


def warc_response(writer, uri: str, payload: bytes, content_type: str, status: str = "200 OK"):
    """A WARC response record of ``writer`` (a warcio WARCWriter): ``payload`` served at ``uri``."""
    from warcio.statusandheaders import StatusAndHeaders

    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    return writer.create_warc_record(uri, "response", payload=io.BytesIO(payload), http_headers=headers)


def build_warc(gz: bool) -> bytes:
    """A WARC (``gz``: gzipped per record): warcinfo, a request, SUMMIT, a PNG, EMPTY and CEASEFIRE (records 0-5)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gz)
    w.write_record(w.create_warcinfo_record("test.warc", {"software": "eventwire-tests"}))  # 0
    request = StatusAndHeaders("GET /summit HTTP/1.1", [("Host", "news.example")], is_http_request=True)
    w.write_record(w.create_warc_record("https://news.example/summit", "request", http_headers=request))  # 1
    w.write_record(warc_response(w, "https://news.example/summit", SUMMIT, "text/html; charset=utf-8"))  # 2
    w.write_record(warc_response(w, "https://news.example/logo.png", PNG, "image/png"))  # 3
    w.write_record(warc_response(w, "https://news.example/index", EMPTY, "text/html"))  # 4
    w.write_record(warc_response(w, "https://news.example/ceasefire", CEASEFIRE, "application/xhtml+xml"))  # 5
    return buf.getvalue()
