"""What ``eventwire run --full-refresh`` reads: every input the warehouse holds, or nothing at all.

A full refresh forgets the lake's tables (the run history aside) and reads its inputs again, so whatever was loaded
from an input it is not given would leave the warehouse. Every run records the inputs it was given
(``runs.inputs``); a full refresh without inputs reads the recorded ones that hold the warehouse's files, and one
whose inputs leave out a file the warehouse holds, or that would lose the articles of a file gone from disk, is
refused with :class:`RefreshRefused` naming them.
"""

from __future__ import annotations

import datetime as dt
import os

import pyarrow.dataset as ds

from flows import lake as lake_io
from flows.lake import Lake, LakeLike
from transforms.plan import holds_articles
from transforms.schema import RUNS

RECODE_HINT = "to re-code the stored articles without their input files, use `eventwire recode`"
SHOWN = 5  # paths named in a message before "and N more"


class RefreshRefused(ValueError):
    """A full refresh would drop data the warehouse holds; the message says what and what to do."""


def recorded_inputs(lake: LakeLike) -> list[str]:
    """The inputs earlier runs were given (``runs.inputs``; a skipped run read nothing), as given, oldest first,
    each once. Runs recorded before inputs were have none."""
    lake = Lake.of(lake)
    paths = lake_io.parts(lake, "runs")
    if not paths:
        return []
    # the schema given: parts written before a column existed read it as NULL
    runs = ds.dataset(paths, schema=RUNS, format="parquet", filesystem=lake.fs).to_table(
        columns=["started_at", "status", "inputs"]).to_pylist()
    runs.sort(key=lambda r: r["started_at"] or dt.datetime.min)
    return list(dict.fromkeys(p for r in runs if r["status"] != "skipped" for p in r["inputs"] or []))


def under(path: str, root: str) -> bool:
    """``path`` is ``root`` or inside the folder ``root`` (both as given, relative to the current folder)."""
    p, r = os.path.abspath(path), os.path.abspath(root)
    return p == r or p.startswith(r.rstrip(os.sep) + os.sep)


def full_refresh_inputs(lake: LakeLike, given: list[str] | None, default: list[str] | None = None) -> list[str]:
    """The inputs a full refresh reads: ``given``; without them the recorded inputs that hold the warehouse's files
    (``default`` when there are none). Raises :class:`RefreshRefused` when a file the warehouse holds is under
    none of them, or holds articles and is gone from disk (a full refresh could not read it again)."""
    files = lake_io.read_snapshot(lake, "files").to_pylist()
    recorded = recorded_inputs(lake)
    holding = [root for root in recorded if any(under(f["path"], root) for f in files)]
    inputs = list(given or holding or default or [])
    left_out = [f["path"] for f in files if not any(under(f["path"], i) for i in inputs)]
    if left_out:
        roots = list(dict.fromkeys(next((r for r in recorded if under(p, r)), p) for p in left_out))
        raise RefreshRefused(
            f"--full-refresh would drop what the warehouse holds from {_some(roots)}, not among the inputs "
            f"({', '.join(inputs) or 'none'}). A full refresh forgets the lake's tables and reads its inputs again: "
            f"give every loaded input with --input, or no --input to read the recorded ones "
            f"({', '.join(holding) or 'none recorded'}); {RECODE_HINT}.")
    gone = [f["path"] for f in files if holds_articles(f) and not os.path.lexists(f["path"])]
    if gone:
        relative = (" (relative paths are looked for from the current folder: run in the folder they were loaded "
                    "from)" if not all(os.path.isabs(p) for p in gone) else "")
        raise RefreshRefused(
            f"--full-refresh would drop the articles of {len(gone)} loaded file(s) no longer on disk "
            f"({_some(gone)}){relative}: a full refresh cannot read them again. Restore them; or, {RECODE_HINT}.")
    return inputs


def _some(paths: list[str]) -> str:
    more = f" and {len(paths) - SHOWN} more" if len(paths) > SHOWN else ""
    return ", ".join(paths[:SHOWN]) + more
