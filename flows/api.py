"""A small Python API for analysts: the warehouse as pandas DataFrames (read-only).

    >>> from flows import api
    >>> api.query("SELECT plover_type, count(*) n FROM events GROUP BY 1 ORDER BY n DESC")
    >>> events = api.table("events_named")
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from flows.settings import Settings


def connect(db: str | Path | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection (many readers may share the file while the pipeline is not writing)."""
    path = Path(db) if db else Settings().db
    if not path.exists():
        raise FileNotFoundError(f"no warehouse at {path}: run `eventwire run` first")
    return duckdb.connect(str(path), read_only=True)


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
