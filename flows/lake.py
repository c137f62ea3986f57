"""The Parquet lake: ``<lake>/<table>/*.parquet``, written from the Arrow schemas, atomically.

- ``articles``, ``mentions``, ``events``, ``quotes``, ``signatures``: parts added by each run
  (``run-<run_id>-<n>``), for the files that run read. When a file is read again (its bytes changed), the
  parts holding its earlier rows are rewritten without them, so the lake keeps no stale rows.
- ``files`` and ``quarantined_records``: one snapshot file each, replaced by every run; ``entities`` and
  ``entity_aliases`` likewise, rebuilt after each load.
- ``runs``: one file per run.

A run writes everything into ``.staging/<run_id>/`` and publishes it as one commit (``publish``): a
``COMMIT.json`` written by rename is the commit point, then renames move the files in. A crash before the
commit point leaves the lake as it was; after it, the next run completes the moves (``recover``).
Reruns are idempotent: ids are content hashes and the warehouse keeps one row per id.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from transforms.schema import SIGNATURES, TABLES

SCHEMAS = {**TABLES, "signatures": SIGNATURES}

PART_TABLES = ("articles", "mentions", "events", "quotes", "signatures")
SNAPSHOT_TABLES = ("files", "entities", "entity_aliases", "quarantined_records")
STAGING = ".staging"
COMMIT = "COMMIT.json"


def lake_root(lake: str | Path) -> Path:
    """The lake's folder from a path or a ``file://`` URL."""
    text = str(lake)
    if text.startswith("file:"):  # file:///srv/lake, or file:/srv/lake once a Path has folded the slashes
        from urllib.parse import unquote, urlparse

        text = unquote(urlparse(text).path)
    return Path(text)


def write_parquet(table: pa.Table, path: Path) -> None:
    """Write ``table`` to ``path`` through a temporary file and a rename, so readers never see half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)


def _conform(name: str, table: pa.Table) -> pa.Table:
    schema = SCHEMAS[name]
    return table if table.schema == schema else table.select(schema.names).cast(schema)


def stage(lake: Path, run_id: str, name: str, part: int, table: pa.Table) -> Path | None:
    """Write one part of a table into the run's staging folder (nothing for an empty part)."""
    if table.num_rows == 0:
        return None
    path = lake / STAGING / run_id / name / f"run-{run_id}-{part:05d}.parquet"
    write_parquet(_conform(name, table), path)
    return path


def stage_snapshot(lake: Path, run_id: str, name: str, table: pa.Table) -> Path:
    """Stage a new version of a snapshot table (``files``, ``quarantined_records``), published with the parts."""
    path = lake / STAGING / run_id / name / f"{name}.parquet"
    write_parquet(_conform(name, table), path)
    return path


def stage_removal(lake: Path, run_id: str, article_ids: set[str]) -> list[Path]:
    """Stage rewrites of the published parts that hold rows of ``article_ids`` (articles of files read again
    or gone stale), without those rows; returns the parts left empty, to delete at publication."""
    emptied: list[Path] = []
    if not article_ids:
        return emptied
    wanted = pa.array(sorted(article_ids), pa.string())
    for name in PART_TABLES:
        for path in parts(lake, name):
            ids = pq.read_table(path, columns=["article_id"]).column("article_id")
            if not pc.any(pc.is_in(ids, value_set=wanted)).as_py():
                continue
            table = pq.read_table(path)
            kept = table.filter(pc.invert(pc.is_in(table.column("article_id"), value_set=wanted)))
            if kept.num_rows:
                write_parquet(_conform(name, kept), lake / STAGING / run_id / name / path.name)
            else:
                emptied.append(path)
    return emptied


def publish(lake: Path, run_id: str, removed: list[Path] = ()) -> None:
    """Publish everything the run staged, as one commit.

    The commit point is ``COMMIT.json`` in the run's staging folder, written atomically: it lists each staged
    file with its place in the lake and the parts to delete. Before it exists, a crash leaves the lake as it
    was (the next run drops the staging folder); once it exists, the next run finishes the moves
    (:func:`recover`). Moves and deletions are idempotent.
    """
    staged = lake / STAGING / run_id
    moves = [str(p.relative_to(staged)) for p in sorted(staged.rglob("*.parquet"))
             if not p.name.startswith(".")]
    plan = {"run_id": run_id, "moves": moves, "delete": [str(p.relative_to(lake)) for p in removed]}
    tmp = staged / f".{COMMIT}.tmp"
    staged.mkdir(parents=True, exist_ok=True)
    tmp.write_text(json.dumps(plan))
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, staged / COMMIT)
    pause_point("publish")
    _apply(lake, staged)


def _apply(lake: Path, staged: Path) -> None:
    plan = json.loads((staged / COMMIT).read_text())
    for rel in plan["moves"]:
        src, dst = staged / rel, lake / rel
        if src.exists():
            dst.parent.mkdir(parents=True, exist_ok=True)
            os.replace(src, dst)
    for rel in plan["delete"]:
        (lake / rel).unlink(missing_ok=True)
    shutil.rmtree(staged, ignore_errors=True)
    try:
        (lake / STAGING).rmdir()
    except OSError:
        pass


def recover(lake: Path, current_run: str | None = None) -> list[str]:
    """Finish or drop what crashed runs left in ``.staging`` (call it holding the writer lock).

    A run that reached its commit point is published; one that did not is discarded. Returns what was done.
    """
    done = []
    root = lake / STAGING
    for staged in sorted(root.iterdir()) if root.is_dir() else []:
        if staged.name == current_run:
            continue
        if (staged / COMMIT).exists():
            _apply(lake, staged)
            done.append(f"published the committed work of run {staged.name}")
        else:
            shutil.rmtree(staged, ignore_errors=True)
            done.append(f"discarded the unpublished work of run {staged.name}")
    try:
        root.rmdir()
    except OSError:
        pass
    return done


def pause_point(name: str) -> None:
    """Test hook: with ``EVENTWIRE_TEST_PAUSE_AT=name``, say so in ``EVENTWIRE_TEST_PAUSE_FILE`` and sleep
    (the crash tests kill the process there with SIGKILL)."""
    if os.environ.get("EVENTWIRE_TEST_PAUSE_AT") != name:
        return
    flag = os.environ.get("EVENTWIRE_TEST_PAUSE_FILE")
    if flag:
        Path(flag).write_text(f"{os.getpid()}\n")
    while True:
        time.sleep(1)


def write_snapshot(lake: Path, name: str, table: pa.Table) -> Path:
    path = lake / name / f"{name}.parquet"
    write_parquet(_conform(name, table), path)
    return path


def read_snapshot(lake: Path, name: str) -> pa.Table:
    path = lake / name / f"{name}.parquet"
    return pq.read_table(path) if path.exists() else SCHEMAS[name].empty_table()


def append_run(lake: Path, run: pa.Table, run_id: str) -> Path:
    path = lake / "runs" / f"run-{run_id}.parquet"
    write_parquet(_conform("runs", run), path)
    return path


def mark_crashed_runs(lake: Path, current_run: str) -> list[str]:
    """Runs still ``running`` in the lake died without a word (kill -9, power loss): say ``crashed``. Call it
    holding the writer lock, so no other run is alive."""
    crashed = []
    for path in parts(lake, "runs"):
        table = pq.read_table(path)
        rows = table.to_pylist()
        if any(r["status"] == "running" and r["run_id"] != current_run for r in rows):
            fixed = [{**r, "status": "crashed"} if r["status"] == "running" else r for r in rows]
            write_parquet(pa.Table.from_pylist(fixed, schema=table.schema), path)
            crashed += [r["run_id"] for r in rows if r["status"] == "running"]
    return crashed


def article_ids_of_files(lake: Path, file_ids: set[str]) -> set[str]:
    """Ids of the published articles read from the given files."""
    if not file_ids:
        return set()
    wanted = pa.array(sorted(file_ids), pa.string())
    found: set[str] = set()
    for path in parts(lake, "articles"):
        table = pq.read_table(path, columns=["article_id", "file_id"])
        found.update(table.filter(pc.is_in(table.column("file_id"), value_set=wanted)).column("article_id")
                     .to_pylist())
    return found


def parts(lake: Path, name: str) -> list[Path]:
    return sorted((lake / name).glob("*.parquet"))


def read_signatures(lake: Path, article_ids: set[str]) -> list[tuple[str, bytes]]:
    """Stored MinHash signatures of the given articles."""
    found = []
    for path in parts(lake, "signatures"):
        for row in pq.read_table(path, columns=["article_id", "minhash"]).to_pylist():
            if row["article_id"] in article_ids:
                found.append((row["article_id"], row["minhash"]))
    return found


def reset(lake: Path) -> None:
    """Forget every table but the run history (``--full-refresh``)."""
    for name in (*PART_TABLES, *SNAPSHOT_TABLES, STAGING):
        shutil.rmtree(lake / name, ignore_errors=True)
