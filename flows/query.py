"""Read-only SQL on the warehouse, for ``eventwire sql``: one query, or an interactive prompt with history.

Every query opens the database read-only and closes it at once (so a reader never holds up the pipeline's
load for long). When a run is loading the database (DuckDB then refuses readers), the query runs on the
lake's Parquet instead: an in-memory database loaded by the same current-row rules, with the same views.
"""

from __future__ import annotations

import cmd
import os
from dataclasses import dataclass
from pathlib import Path

import duckdb

from flows import api
from flows.lake import LakeError

# Statement types a reader may run; the rest (INSERT, CREATE, DROP, ATTACH, …) are refused.
READ_ONLY = {"SELECT", "EXPLAIN", "PRAGMA", "SET", "CALL", "COPY", "VARIABLE_SET"}


class QueryError(Exception):
    """A message for the user (the query was refused or failed)."""


@dataclass
class Result:
    columns: list[str]
    rows: list[tuple]
    note: str | None = None  # e.g. "read from the lake"


def refuse_writes(query: str) -> None:
    try:
        statements = duckdb.extract_statements(query)
    except duckdb.Error as exc:
        raise QueryError(str(exc).splitlines()[0]) from None
    for st in statements:
        kind = st.type.name
        if kind not in READ_ONLY:
            raise QueryError(f"eventwire sql is read-only: {kind} statements are refused (the pipeline is the only "
                             "writer; query a copy of the database to experiment)")


def _open(db: Path, lake: str | None) -> tuple[duckdb.DuckDBPyConnection, str | None]:
    try:
        con, from_lake = api.open_reader(db, lake)
    except (FileNotFoundError, LakeError) as exc:
        raise QueryError(str(exc)) from None
    except duckdb.Error as exc:
        raise QueryError(str(exc).splitlines()[0]) from None
    if from_lake:
        return con, (f"note: {db} is being written by a run; this result was read from the lake's Parquet "
                     f"({from_lake.location})")
    return con, None


def run(query: str, db: Path, lake: str | None = None) -> Result:
    """Run ``query`` read-only and return its result (the last statement's). While a run holds the database, the
    lake is read instead: ``lake`` if given, else the one the warehouse records (see ``api.connect``)."""
    refuse_writes(query)
    con, note = _open(db, lake)
    try:
        cursor = con.execute(query)
        columns = [d[0] for d in cursor.description or []]
        rows = cursor.fetchall() if cursor.description else []
        return Result(columns, rows, note)
    except duckdb.Error as exc:
        message = str(exc).splitlines()[0]
        if "read-only mode" in message:
            message = f"eventwire sql is read-only: {message}"
        raise QueryError(message) from None
    finally:
        con.close()


def history_file() -> Path:
    return Path(os.environ.get("EVENTWIRE_HISTORY") or Path.home() / ".eventwire_history")


class Shell(cmd.Cmd):
    """``eventwire sql`` without a query: statements end with ``;``; ``.tables``, ``.help``, ``.quit``."""

    intro = "eventwire sql (read-only). End statements with ';'. .tables lists tables and views, .quit leaves."
    prompt = "eventwire> "

    def __init__(self, db: Path, lake: str | None, show, show_error, interactive: bool):
        super().__init__()
        self.db, self.lake, self.show, self.show_error = db, lake, show, show_error
        self.buffer: list[str] = []
        self.interactive = interactive
        if not interactive:
            self.intro, self.prompt = None, ""
        self.failed = False

    def preloop(self) -> None:
        if self.interactive:
            try:
                import readline

                path = history_file()
                if path.exists():
                    readline.read_history_file(path)
                readline.set_history_length(1000)
            except (ImportError, OSError):
                pass

    def postloop(self) -> None:
        if self.interactive:
            try:
                import readline

                readline.write_history_file(history_file())
            except (ImportError, OSError):
                pass

    def emptyline(self) -> bool:
        return False

    def default(self, line: str) -> bool:
        stripped = line.strip()
        if not self.buffer and stripped.startswith("."):
            return self._meta(stripped)
        if stripped in ("EOF",):
            return True
        self.buffer.append(line)
        if not stripped.endswith(";"):
            self.prompt = "      ...> " if self.interactive else ""
            return False
        query, self.buffer = "\n".join(self.buffer), []
        self.prompt = "eventwire> " if self.interactive else ""
        self._execute(query)
        return False

    def _execute(self, query: str) -> None:
        try:
            self.show(run(query, self.db, self.lake))
        except QueryError as exc:
            self.failed = True
            self.show_error(str(exc))

    def _meta(self, command: str) -> bool:
        if command in (".quit", ".exit", ".q"):
            return True
        if command == ".tables":
            self._execute("SELECT table_name AS name, table_type AS type FROM information_schema.tables UNION ALL "
                          "SELECT DISTINCT function_name, 'TABLE MACRO' FROM duckdb_functions() "
                          "WHERE function_type = 'table_macro' AND NOT internal ORDER BY type, name;")
        else:
            self.show_error("commands: .tables, .quit — or any read-only SQL statement ending with ';'")
        return False

    def do_EOF(self, _arg: str) -> bool:  # Ctrl-D, or the end of piped input
        if self.buffer:
            query, self.buffer = "\n".join(self.buffer), []
            self._execute(query)
        if self.interactive:
            print()
        return True

    # cmd.Cmd dispatches on the first word; every SQL word goes to default()
    def onecmd(self, line: str) -> bool:
        if line == "EOF":
            return self.do_EOF("")
        return self.default(line)
