"""The DuckDB warehouse: loaded from the lake by one writer (the pipeline); readers open it read-only."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pyarrow as pa

from flows.lake import parts
from transforms.schema import TABLES, duckdb_ddl


class WarehouseLocked(RuntimeError):
    """Another process holds the database's write lock."""


def connect(db: Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    if read_only:
        return duckdb.connect(str(db), read_only=True)
    db.parent.mkdir(parents=True, exist_ok=True)
    try:
        return duckdb.connect(str(db))
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            pid = re.search(r"PID (\d+)", str(exc))
            holder = f" (process {pid.group(1)})" if pid else ""
            raise WarehouseLocked(f"the database {db} is locked by another writer{holder}") from exc
        raise


def check_writable(db: Path) -> None:
    """Raise WarehouseLocked now rather than after the NLP has run."""
    connect(db).close()


# Which rows of the lake are current. Parts may repeat rows (a rerun after a crash): one row per id.
# Articles count when their file is current with the same bytes; the rest follow their article.
_CURRENT = {
    "files": "SELECT * FROM {src}",
    "articles": """
        SELECT a.* FROM {src} a
        JOIN files f ON f.file_id = a.file_id AND f.sha256 = a.file_sha256
                     AND f.status IN ('loaded', 'unchanged')
        QUALIFY row_number() OVER (PARTITION BY a.article_id ORDER BY a.run_id) = 1""",
    "mentions": """SELECT * FROM {src} WHERE article_id IN (SELECT article_id FROM articles)
                   QUALIFY row_number() OVER (PARTITION BY mention_id) = 1""",
    "events": """SELECT * FROM {src} WHERE article_id IN (SELECT article_id FROM articles)
                 QUALIFY row_number() OVER (PARTITION BY event_id) = 1""",
    "quotes": """SELECT * FROM {src} WHERE article_id IN (SELECT article_id FROM articles)
                 QUALIFY row_number() OVER (PARTITION BY quote_id) = 1""",
    "entities": "SELECT * FROM {src}",
    "entity_aliases": "SELECT * FROM {src}",
    "quarantined_records": "SELECT * FROM {src}",
    "runs": "SELECT * FROM {src} QUALIFY row_number() OVER (PARTITION BY run_id) = 1",
}

VIEWS = {
    # The events as GDELT 2.0's event table names them: one row per event (same day, actors and code),
    # NumMentions and NumArticles counting its mentions across articles. Negated events are left out.
    "events_gdelt": """
        CREATE OR REPLACE VIEW events_gdelt AS
        SELECT
            min(e.event_id) AS GlobalEventID,
            CAST(strftime(e.event_date, '%Y%m%d') AS INTEGER) AS SQLDATE,
            e.source_code AS Actor1Code, coalesce(any_value(s.name), any_value(e.source_text)) AS Actor1Name,
            any_value(e.source_country) AS Actor1CountryCode, any_value(s.sector) AS Actor1Type1Code,
            e.target_code AS Actor2Code, coalesce(any_value(t.name), any_value(e.target_text)) AS Actor2Name,
            any_value(e.target_country) AS Actor2CountryCode, any_value(t.sector) AS Actor2Type1Code,
            e.cameo_code AS EventCode, left(e.cameo_code, 3) AS EventBaseCode, e.cameo_root AS EventRootCode,
            any_value(e.quad_class) AS QuadClass, any_value(e.goldstein) AS GoldsteinScale,
            any_value(e.plover_type) AS PloverType,
            count(*) AS NumMentions, count(DISTINCT e.article_id) AS NumArticles,
            avg(e.confidence) AS Confidence,
            any_value(e.location_text) AS ActionGeo_FullName, any_value(e.location_country) AS ActionGeo_CountryCode,
            any_value(e.lat) AS ActionGeo_Lat, any_value(e.lon) AS ActionGeo_Long,
            min(a.url) AS SOURCEURL
        FROM events e
        JOIN articles a USING (article_id)
        LEFT JOIN entities s ON s.entity_id = e.source_entity_id
        LEFT JOIN entities t ON t.entity_id = e.target_entity_id
        WHERE NOT e.negated
        GROUP BY e.event_date, e.source_code, e.target_code, e.cameo_code, e.cameo_root
    """,
    # Events with their actors' canonical names and the article they came from.
    "events_named": """
        CREATE OR REPLACE VIEW events_named AS
        SELECT e.*, s.name AS source_name, t.name AS target_name, a.title, a.url, a.published_date
        FROM events e
        LEFT JOIN entities s ON s.entity_id = e.source_entity_id
        LEFT JOIN entities t ON t.entity_id = e.target_entity_id
        JOIN articles a USING (article_id)
    """,
}


def _load_table(con: duckdb.DuckDBPyConnection, lake: Path, name: str) -> int:
    con.execute(duckdb_ddl(name, TABLES[name]))
    files = [str(p) for p in parts(lake, name)]
    if files:
        listed = ", ".join("'" + f.replace("'", "''") + "'" for f in files)
        src = f"read_parquet([{listed}], union_by_name = true)"
        con.execute(f'INSERT INTO "{name}" BY NAME {_CURRENT[name].format(src=src)}')
    return con.execute(f'SELECT count(*) FROM "{name}"').fetchall()[0][0]


def load(db: Path, lake: Path,
         tables=("files", "quarantined_records", "articles", "mentions", "events", "quotes", "runs")) -> dict:
    """Replace the given tables with the current rows of the lake, in one transaction; row counts."""
    con = connect(db)
    try:
        con.execute("BEGIN TRANSACTION")
        counts = {name: _load_table(con, lake, name) for name in tables}
        for name in TABLES:  # every table exists, even before its first rows
            con.execute(duckdb_ddl(name).replace("CREATE OR REPLACE TABLE", "CREATE TABLE IF NOT EXISTS"))
        for ddl in VIEWS.values():
            con.execute(ddl)
        con.execute("COMMIT")
        return counts
    except Exception:
        con.execute("ROLLBACK")
        raise
    finally:
        con.close()


def current_mentions(db: Path) -> pa.Table:
    con = connect(db)
    try:
        return con.sql("SELECT * FROM mentions ORDER BY mention_id").to_arrow_table()
    finally:
        con.close()


def current_articles(db: Path) -> pa.Table:
    """Id, content hash and file of the canonical (non-duplicate) articles already loaded."""
    con = connect(db)
    try:
        if not con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'articles'").fetchall()[0][0]:
            return pa.table({c: pa.array([], pa.string()) for c in ("article_id", "content_hash", "file_id")})
        return con.sql(
            "SELECT article_id, content_hash, file_id FROM articles WHERE duplicate_of IS NULL"
        ).to_arrow_table()
    finally:
        con.close()
