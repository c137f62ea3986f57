"""Helpers shared by test modules."""

from __future__ import annotations

import duckdb


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
