"""A small Python API for analysts: the warehouse as pandas DataFrames (read-only).

    >>> from flows import api
    >>> api.query("SELECT plover_type, count(*) n FROM events GROUP BY 1 ORDER BY n DESC")
    >>> events = api.table("events_named")
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from flows.lake import Lake
from flows.settings import Settings


def connect(db: str | Path | None = None, lake: str | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection (many readers may share the file while the pipeline is not writing). While a
    run is loading the database, an in-memory copy of the same tables and views read from the lake."""
    return open_reader(db, lake)[0]


def open_reader(db: str | Path | None = None, lake: str | None = None
                ) -> tuple[duckdb.DuckDBPyConnection, Lake | None]:
    """``connect``, and the lake it read when the database was held by a run (else None)."""
    path = Path(db) if db else Settings().db
    if not path.exists():
        raise FileNotFoundError(f"no warehouse at {path}: run `eventwire run` first")
    try:
        return duckdb.connect(str(path), read_only=True), None
    except duckdb.IOException as exc:
        if "lock" not in str(exc).lower():
            raise
        lake_dir = Lake(lake or Settings().lake)  # a path or a URL (LakeError if its package is missing)
        if not lake_dir.exists(lake_dir.root):
            raise
    from flows.warehouse import lake_connection

    return lake_connection(lake_dir), lake_dir


def query(sql: str, db: str | Path | None = None, params: list | None = None) -> pd.DataFrame:
    """Run one SQL query against the warehouse and return a DataFrame."""
    con = connect(db)
    try:
        return con.execute(sql, params or []).df()
    finally:
        con.close()


def table(name: str, db: str | Path | None = None) -> pd.DataFrame:
    """A whole table or view (files, articles, mentions, entities, events, quotes, runs, events_named)."""
    return query(f'SELECT * FROM "{name}"', db)
