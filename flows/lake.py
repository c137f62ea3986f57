"""The Parquet lake: data/lake/<table>/*.parquet, written from the Arrow schemas, atomically."""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from transforms.schema import TABLES

# Tables rebuilt by every run (a snapshot of the run's input), and tables that keep their history.
SNAPSHOT_TABLES = ("files", "articles", "mentions", "entities", "events", "quotes")


def write_parquet(table: pa.Table, path: Path) -> None:
    """Write ``table`` to ``path`` through a temporary file and a rename, so readers never see half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)


def staging_dir(lake: Path, run_id: str) -> Path:
    return lake / ".staging" / run_id


def stage(lake: Path, run_id: str, name: str, part: int, table: pa.Table) -> Path:
    """Write one part of a snapshot table into the run's staging folder."""
    if table.schema != TABLES[name]:
        table = table.cast(TABLES[name])
    path = staging_dir(lake, run_id) / name / f"part-{part:05d}.parquet"
    write_parquet(table, path)
    return path


def publish(lake: Path, run_id: str) -> None:
    """Swap each staged table into place (rename), then drop the old version."""
    staged = staging_dir(lake, run_id)
    for name in SNAPSHOT_TABLES:
        new = staged / name
        if not new.exists():
            new.mkdir(parents=True)
            write_parquet(TABLES[name].empty_table(), new / "part-00000.parquet")
        target = lake / name
        old = lake / ".staging" / f"{run_id}.old-{name}"
        if target.exists():
            os.replace(target, old)
        os.replace(new, target)
        shutil.rmtree(old, ignore_errors=True)
    shutil.rmtree(staged, ignore_errors=True)


def append_run(lake: Path, run: pa.Table, run_id: str) -> Path:
    path = lake / "runs" / f"run-{run_id}.parquet"
    write_parquet(run.cast(TABLES["runs"]), path)
    return path


def files_of(lake: Path, name: str) -> list[Path]:
    return sorted((lake / name).glob("*.parquet"))
