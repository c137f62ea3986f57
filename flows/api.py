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
from flows.settings import Settings, given


def connect(db: str | Path | None = None, lake: str | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection (many readers may share the file while the pipeline is not writing). While a
    run is loading the database, an in-memory copy of the same tables and views read from the lake: ``lake``,
    else ``EVENTWIRE_LAKE``, else the lake the warehouse was loaded from (``flows.warehouse.recorded_lake``)."""
    return open_reader(db, lake)[0]


def open_reader(db: str | Path | None = None, lake: str | None = None
                ) -> tuple[duckdb.DuckDBPyConnection, Lake | None]:
    """``connect``, and the lake it read when the database was held by a run (else None)."""
    from flows.warehouse import read_only, resolve_lake

    settings = Settings()
    path = Path(db) if db else settings.db
    if not path.exists():
        raise FileNotFoundError(f"no warehouse at {path}: run `eventwire run` first")
    try:
        return read_only(path), None
    except duckdb.IOException as exc:
        if "lock" not in str(exc).lower():
            raise
        # a path or a URL (LakeError if its package is missing)
        lake_dir = Lake(resolve_lake(path, lake or given(settings, "lake"), settings.lake))
        if not lake_dir.exists(lake_dir.root):
            raise
    from flows.warehouse import lake_connection

    return lake_connection(lake_dir), lake_dir


def query(sql: str, db: str | Path | None = None, params: list | None = None, lake: str | None = None
          ) -> pd.DataFrame:
    """Run one SQL query against the warehouse and return a DataFrame (see ``connect`` for ``lake``)."""
    con = connect(db, lake)
    try:
        return con.execute(sql, params or []).df()
    finally:
        con.close()


def table(name: str, db: str | Path | None = None, lake: str | None = None) -> pd.DataFrame:
    """A whole table or view (files, articles, mentions, entities, events, quotes, runs, events_named)."""
    return query(f'SELECT * FROM "{name}"', db, lake=lake)
