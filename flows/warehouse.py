"""The DuckDB warehouse: loaded from the lake by one writer; readers open it read-only."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from flows.lake import files_of
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


VIEWS = {
    # Events with their actors' canonical names: the usual starting point for analysis.
    "events_named": """
        CREATE OR REPLACE VIEW events_named AS
        SELECT e.*, s.name AS source_name, t.name AS target_name, a.title, a.url
        FROM events e
        LEFT JOIN entities s ON s.entity_id = e.source_entity_id
        LEFT JOIN entities t ON t.entity_id = e.target_entity_id
        JOIN articles a USING (article_id)
    """,
}


def load(db: Path, lake: Path) -> dict[str, int]:
    """Replace every table with what the lake holds, in one transaction. Returns row counts."""
    con = connect(db)
    try:
        con.execute("BEGIN TRANSACTION")
        counts = {}
        for name, schema in TABLES.items():
            con.execute(duckdb_ddl(name, schema))
            parts = files_of(lake, name)
            if parts:
                con.execute(f'INSERT INTO "{name}" BY NAME SELECT * FROM read_parquet(?)',
                            [[str(p) for p in parts]])
            counts[name] = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
        for ddl in VIEWS.values():
            con.execute(ddl)
        con.execute("COMMIT")
        return counts
    except Exception:
        con.execute("ROLLBACK")
        raise
    finally:
        con.close()


def record_run(db: Path, run_parquet: Path) -> None:
    con = connect(db)
    try:
        con.execute(duckdb_ddl("runs").replace("CREATE OR REPLACE TABLE", "CREATE TABLE IF NOT EXISTS"))
        con.execute("INSERT INTO runs BY NAME SELECT * FROM read_parquet(?)", [str(run_parquet)])
    finally:
        con.close()
