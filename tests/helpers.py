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
