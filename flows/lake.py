"""The Parquet lake: ``<lake>/<table>/*.parquet``, written from the Arrow schemas, atomically.

- ``articles``, ``mentions``, ``events``, ``quotes``: parts added by each run (``run-<run_id>-<n>``), for
  the files that run read; a run stages its parts and moves them in only when its work is done.
- ``files`` and ``entities``: one snapshot file each, replaced by every run.
- ``runs``: one file per run.
Reruns are idempotent: ids are content hashes and the warehouse keeps one row per id.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from transforms.schema import SIGNATURES, TABLES

SCHEMAS = {**TABLES, "signatures": SIGNATURES}

PART_TABLES = ("articles", "mentions", "events", "quotes", "signatures")
SNAPSHOT_TABLES = ("files", "entities", "entity_aliases", "quarantined_records")
STAGING = ".staging"


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


def publish(lake: Path, run_id: str) -> None:
    """Move the run's staged parts into their tables (renames on one file system)."""
    staged = lake / STAGING / run_id
    for name in PART_TABLES:
        folder = staged / name
        if folder.exists():
            (lake / name).mkdir(parents=True, exist_ok=True)
            for part in sorted(folder.glob("*.parquet")):
                os.replace(part, lake / name / part.name)
    shutil.rmtree(staged, ignore_errors=True)
    try:
        (lake / STAGING).rmdir()  # only when no other run is staging
    except OSError:
        pass


def discard_staging(lake: Path) -> None:
    """Drop what crashed runs staged and never published."""
    shutil.rmtree(lake / STAGING, ignore_errors=True)


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
