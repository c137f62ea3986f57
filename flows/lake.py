"""The Parquet lake: ``<lake>/<table>/*.parquet``, written from the Arrow schemas, atomically.

- ``articles``, ``mentions``, ``events``, ``quotes``, ``signatures``: parts added by each run
  (``run-<run_id>-<n>``), for the files that run read. When a file is read again (its bytes changed), the
  parts holding its earlier rows are rewritten without them, so the lake keeps no stale rows.
- ``files`` and ``quarantined_records``: one snapshot file each, replaced by every run; ``entities`` and
  ``entity_aliases`` likewise, rebuilt after each load.
- ``runs``: one file per run.

Where the lake is: a local path, a ``file://`` URL, or any fsspec URL (``s3://bucket/prefix`` with s3fs installed,
``gs://…`` with gcsfs, ``memory://…`` in tests). :class:`Lake` resolves it with ``fsspec.core.url_to_fs``, so a
local lake goes through fsspec's ``LocalFileSystem`` and the same code as a bucket; every read, write, listing,
move and deletion of the lake is a method of :class:`Lake`. Tasks and worker processes (local, or Dask workers
on other machines) are given the lake as its URL string and open it again there; an object store's credentials
and endpoint come from the usual environment of its package (for s3fs: ``AWS_ACCESS_KEY_ID``,
``AWS_SECRET_ACCESS_KEY``, ``AWS_ENDPOINT_URL``, ``~/.aws``).

A run writes everything into ``.staging/<run_id>/`` and publishes it as one commit (``publish``): a
``COMMIT.json`` listing the moves is the commit point, then the files are moved into place. A crash before the
commit point leaves the lake as it was; after it, the next run completes the moves (``recover``).
Reruns are idempotent: ids are content hashes and the warehouse keeps one row per id.

The same protocol holds on both kinds of storage; only how one file is written and moved differs:

- **Local file system**: a file is written to a hidden temporary name beside it and renamed into place
  (``os.replace``: readers never see half a file); ``COMMIT.json`` is fsynced before its rename; a move is a
  rename, atomic.
- **Object stores** (S3, GCS, …): there is no rename, but one object written by one PUT (or one multipart upload)
  appears whole or not at all, so each file is written directly under its name and ``COMMIT.json`` is one PUT:
  that is the commit point. A move is a copy and a delete (``fs.mv``): not atomic, but idempotent — a move
  redone after a crash copies the same bytes again — and the moves are only made after the commit point, from
  the list in ``COMMIT.json``, so ``recover`` finishes them exactly as on a local disk. Listings are read fresh
  (the filesystem's listing cache is dropped first), since workers elsewhere write staging parts.

The writer lock (``flows.lock``) stays on the local DuckDB file: the one process that publishes and loads is
the flow's; workers anywhere only write into their run's staging folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import uuid
from collections.abc import Callable
from urllib.parse import unquote, urlparse

import fsspec
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq
from fsspec.implementations.local import LocalFileSystem

from flows import faults
from transforms.plan import holds_articles
from transforms.schema import SIGNATURES, TABLES

SCHEMAS = {**TABLES, "signatures": SIGNATURES}

PART_TABLES = ("articles", "mentions", "events", "quotes", "signatures")
SNAPSHOT_TABLES = ("files", "entities", "entity_aliases", "quarantined_records")
STAGING = ".staging"
COMMIT = "COMMIT.json"


class LakeError(ValueError):
    """The lake's location cannot be used (unknown protocol, or its package is not installed)."""


class Lake:
    """The lake's storage: an fsspec filesystem and the lake's root path in it.

    Paths taken and returned by the methods are the filesystem's own (no protocol: ``/srv/lake/articles/…``,
    ``bucket/prefix/articles/…``); :meth:`path` builds them. ``str(lake)`` is the location as the user gave it.
    Pickling keeps only that string: the filesystem is opened again where the object lands.
    """

    def __init__(self, url: str | os.PathLike[str]):
        self.url = os.fspath(url)
        target = self.url
        if target.startswith("file:"):  # file:///srv/my%20lake, or file:/srv/lake once a Path folded the slashes
            target = unquote(urlparse(target).path)
        protocol = target.split("://", 1)[0] if "://" in target else "file"
        try:
            self.fs, root = fsspec.core.url_to_fs(target)
        except ImportError as exc:
            hint = "install s3fs (pip install 'eventwire[s3]')" if protocol in ("s3", "s3a") else str(exc)
            raise LakeError(f"the lake {self.url} needs a package that is not installed: {hint}") from None
        except ValueError as exc:  # fsspec: "Protocol not known: …"
            raise LakeError(f"the lake {self.url} cannot be opened: {exc}") from None
        self.root = root.rstrip("/") if root != "/" else root
        # Atomic renames and directories exist only on a local (or mounted) file system.
        self.local = isinstance(self.fs, LocalFileSystem)

    @classmethod
    def of(cls, lake: Lake | str | os.PathLike[str]) -> Lake:
        return lake if isinstance(lake, Lake) else cls(lake)

    def __str__(self) -> str:
        return self.url

    def __repr__(self) -> str:
        return f"Lake({self.url!r})"

    def __reduce__(self):
        return (Lake, (self.url,))

    @property
    def location(self) -> str:
        """The lake as an absolute location another process (or a later one, elsewhere) can open: a local path made
        absolute, a URL as given."""
        return self.root if self.local and not self.url.startswith("file:") else self.url

    # paths

    def path(self, *parts: str) -> str:
        return posixpath.join(self.root, *parts)

    def rel(self, path: str) -> str:
        return posixpath.relpath(path, self.root)

    # reading and listing

    def _fresh(self) -> None:
        """Forget cached listings (object stores): workers in other processes write into the lake."""
        if not self.local:
            self.fs.invalidate_cache()

    def exists(self, path: str) -> bool:
        self._fresh()
        return self.fs.exists(path)

    def glob(self, pattern: str) -> list[str]:
        self._fresh()
        return sorted(self.fs.glob(pattern))

    def find(self, path: str) -> list[str]:
        """Every file under ``path`` (none when it does not exist)."""
        self._fresh()
        return sorted(self.fs.find(path))

    def children(self, path: str) -> list[str]:
        """The entries directly under ``path`` (none when it does not exist)."""
        self._fresh()
        try:
            return sorted(p.rstrip("/") for p in self.fs.ls(path, detail=False))
        except FileNotFoundError:
            return []

    def read_table(self, path: str, columns: list[str] | None = None) -> pa.Table:
        return pq.read_table(path, columns=columns, filesystem=self.fs)

    def scan(self, paths: list[str], columns: list[str], where: pc.Expression | None = None) -> pa.Table:
        """``columns`` of many Parquet files in one threaded scan (``__filename``: the file of each row), of the
        rows ``where`` holds when given (filtered while scanning)."""
        return ds.dataset(paths, format="parquet", filesystem=self.fs).to_table(columns=columns, filter=where)

    def read_bytes(self, path: str) -> bytes:
        return self.fs.cat_file(path)

    def duckdb_sources(self, con, paths: list[str]) -> list[str]:
        """``paths`` as DuckDB's ``read_parquet`` on ``con`` reads them: on a local disk the paths themselves (DuckDB
        reads them natively, in parallel); elsewhere their URLs, with this lake's fsspec filesystem registered in
        the connection, so DuckDB reads the objects through it (same credentials and endpoint as every other
        access of the lake; DuckDB's httpfs extension is not needed)."""
        if self.local:
            return paths
        protocol = self.fs.protocol if isinstance(self.fs.protocol, str) else self.fs.protocol[0]
        if not con.filesystem_is_registered(protocol):
            con.register_filesystem(self.fs)
        return [self.fs.unstrip_protocol(p) for p in paths]

    # writing, moving, deleting

    def _put(self, path: str, write: Callable[[str], None], durable: bool = False) -> None:
        """Write one file so that no reader ever sees it half written (see the module's docstring)."""
        if not self.local:
            write(path)  # one PUT / multipart upload: the object appears whole or not at all
            return
        parent, name = posixpath.split(path)
        self.fs.makedirs(parent, exist_ok=True)
        tmp = posixpath.join(parent, f".{name}.{uuid.uuid4().hex}.tmp")
        try:
            write(tmp)
            if durable:
                with open(tmp, "rb") as fh:
                    os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            self.delete(tmp)
            raise

    def write_table(self, path: str, table: pa.Table) -> None:
        self._put(path, lambda p: pq.write_table(table, p, compression="zstd", filesystem=self.fs))

    def write_bytes(self, path: str, data: bytes, durable: bool = False) -> None:
        self._put(path, lambda p: self.fs.pipe_file(p, data), durable=durable)

    def move(self, src: str, dst: str) -> None:
        """A rename on a local disk (atomic); a copy and a delete on an object store (idempotent)."""
        if self.local:
            self.fs.makedirs(posixpath.dirname(dst), exist_ok=True)
            os.replace(src, dst)
        else:
            self.fs.mv(src, dst)

    def delete(self, path: str) -> None:
        try:
            self.fs.rm_file(path)
        except FileNotFoundError:
            pass

    def delete_tree(self, path: str) -> None:
        try:
            self.fs.rm(path, recursive=True)
        except FileNotFoundError:
            pass

    def drop_empty_dir(self, path: str) -> None:
        """Remove a folder left empty (local file systems: an object store has no folders)."""
        if self.local:
            try:
                os.rmdir(path)
            except OSError:
                pass


LakeLike = Lake | str | os.PathLike


def _conform(name: str, table: pa.Table) -> pa.Table:
    """``table`` with the columns of table ``name``'s schema, by name: a part written before a column existed
    (rewritten when rows leave it) gains the column as NULL; columns no longer in the schema are dropped."""
    schema = SCHEMAS[name]
    if table.schema == schema:
        return table
    columns = [table.column(f.name).cast(f.type) if f.name in table.column_names else pa.nulls(table.num_rows, f.type)
               for f in schema]
    return pa.Table.from_arrays(columns, schema=schema.with_metadata(table.schema.metadata))


def write_parquet(lake: LakeLike, path: str, name: str, table: pa.Table) -> str:
    """Write ``table`` (conformed to the schema of table ``name``) to ``path`` in the lake, atomically."""
    Lake.of(lake).write_table(path, _conform(name, table))
    return path


def stage(lake: LakeLike, run_id: str, name: str, part: int, table: pa.Table) -> str | None:
    """Write one part of a table into the run's staging folder (nothing for an empty part)."""
    if table.num_rows == 0:
        return None
    lake = Lake.of(lake)
    return write_parquet(lake, lake.path(STAGING, run_id, name, f"run-{run_id}-{part:05d}.parquet"), name, table)


def stage_snapshot(lake: LakeLike, run_id: str, name: str, table: pa.Table) -> str:
    """Stage a new version of a snapshot table (``files``, ``quarantined_records``), published with the parts."""
    lake = Lake.of(lake)
    return write_parquet(lake, lake.path(STAGING, run_id, name, f"{name}.parquet"), name, table)


def stage_removal(lake: LakeLike, run_id: str, article_ids: set[str],
                  candidates: dict[str, list[str]] | None = None) -> list[str]:
    """Stage rewrites of the published parts that hold rows of ``article_ids`` (articles of files read again
    or gone stale), without those rows; returns the parts left empty, to delete at publication. ``candidates``:
    the only parts to look at, by table (see :func:`parts_holding`); by default every part of every table."""
    lake = Lake.of(lake)
    emptied: list[str] = []
    if not article_ids:
        return emptied
    wanted = pa.array(sorted(article_ids), pa.string())
    for name in PART_TABLES:
        for path in parts(lake, name) if candidates is None else candidates.get(name, []):
            ids = lake.read_table(path, columns=["article_id"]).column("article_id")
            if not pc.any(pc.is_in(ids, value_set=wanted)).as_py():
                continue
            table = lake.read_table(path)
            kept = table.filter(pc.invert(pc.is_in(table.column("article_id"), value_set=wanted)))
            if kept.num_rows:
                write_parquet(lake, lake.path(STAGING, run_id, name, posixpath.basename(path)), name, kept)
            else:
                emptied.append(path)
    return emptied


def publish(lake: LakeLike, run_id: str, removed: list[str] = ()) -> None:
    """Publish everything the run staged, as one commit.

    The commit point is ``COMMIT.json`` in the run's staging folder, written atomically (a fsynced rename on a
    local disk, one PUT on an object store): it lists each staged file with its place in the lake and the parts
    to delete. Before it exists, a crash leaves the lake as it was (the next run drops the staging folder); once
    it exists, the next run finishes the moves (:func:`recover`). Moves and deletions are idempotent.
    """
    lake = Lake.of(lake)
    staged = lake.path(STAGING, run_id)
    moves = [posixpath.relpath(p, staged) for p in lake.find(staged)
             if p.endswith(".parquet") and not posixpath.basename(p).startswith(".")]
    plan = {"run_id": run_id, "moves": moves, "delete": [lake.rel(p) for p in removed]}
    lake.write_bytes(posixpath.join(staged, COMMIT), json.dumps(plan).encode(), durable=True)
    faults.point("publish")
    _apply(lake, staged)


def _apply(lake: Lake, staged: str) -> None:
    plan = json.loads(lake.read_bytes(posixpath.join(staged, COMMIT)))
    present = set(lake.find(staged))  # a move already made (before a crash) is not made again
    for rel in plan["moves"]:
        src = posixpath.join(staged, rel)
        if src in present:
            lake.move(src, lake.path(rel))
    for rel in plan["delete"]:
        lake.delete(lake.path(rel))
    lake.delete_tree(staged)
    lake.drop_empty_dir(lake.path(STAGING))


def recover(lake: LakeLike, current_run: str | None = None) -> list[str]:
    """Finish or drop what crashed runs left in ``.staging`` (call it holding the writer lock).

    A run that reached its commit point is published; one that did not is discarded. Returns what was done.
    """
    lake = Lake.of(lake)
    done = []
    root = lake.path(STAGING)
    for staged in lake.children(root):
        run = posixpath.basename(staged)
        if run == current_run:
            continue
        if lake.exists(posixpath.join(staged, COMMIT)):
            _apply(lake, staged)
            done.append(f"published the committed work of run {run}")
        else:
            lake.delete_tree(staged)
            done.append(f"discarded the unpublished work of run {run}")
    lake.drop_empty_dir(root)
    return done


def write_snapshot(lake: LakeLike, name: str, table: pa.Table, data_version: str | None = None) -> str:
    """Replace snapshot table ``name``; ``data_version``, if given, is kept in the Parquet footer (what it was
    built from, see :func:`data_version`)."""
    lake = Lake.of(lake)
    table = _conform(name, table)  # first: a cast to the schema would drop the metadata
    if data_version:
        table = table.replace_schema_metadata({**(table.schema.metadata or {}), VERSION_KEY: data_version})
    return write_parquet(lake, lake.path(name, f"{name}.parquet"), name, table)


def snapshot_version(lake: LakeLike, name: str) -> tuple[str | None, int]:
    """The data version a snapshot was built from (None if it has none or does not exist) and its row count,
    read from the Parquet footer only."""
    lake = Lake.of(lake)
    path = lake.path(name, f"{name}.parquet")
    if not lake.exists(path):
        return None, 0
    meta = pq.read_metadata(path, filesystem=lake.fs)
    version = (meta.metadata or {}).get(VERSION_KEY.encode())
    return (version.decode() if version else None), meta.num_rows


VERSION_KEY = "eventwire.data_version"
ARTICLE_TABLES = ("articles", "mentions", "events", "quotes")  # a batch's coded rows: parts, written per article


def data_version(lake: LakeLike, files: list[dict]) -> str:
    """A fingerprint of what the current rows of ``articles``, ``mentions``, ``events`` and ``quotes`` (and the
    entities built from them) are made of: the names of those tables' parts, and the files whose articles count
    (id and bytes). Equal versions, equal rows: a part's name is unique to the run that wrote it, and a part is
    only ever rewritten (without the rows of a file read again) together with a change of that file's bytes."""
    lake = Lake.of(lake)
    digest = hashlib.sha256()
    for name in ARTICLE_TABLES:
        for path in parts(lake, name):
            digest.update(f"{name}/{posixpath.basename(path)}\n".encode())
    for file_id, sha in sorted((f["file_id"], f["sha256"] or "") for f in files
                               if holds_articles(f)):
        digest.update(f"{file_id} {sha}\n".encode())
    return digest.hexdigest()[:32]


def read_snapshot(lake: LakeLike, name: str) -> pa.Table:
    lake = Lake.of(lake)
    path = lake.path(name, f"{name}.parquet")
    return lake.read_table(path) if lake.exists(path) else SCHEMAS[name].empty_table()


def append_run(lake: LakeLike, run: pa.Table, run_id: str) -> str:
    lake = Lake.of(lake)
    return write_parquet(lake, lake.path("runs", f"run-{run_id}.parquet"), "runs", run)


def mark_crashed_runs(lake: LakeLike, current_run: str) -> list[str]:
    """Runs still ``running`` in the lake died without a word (kill -9, power loss): say ``crashed``. Call it
    holding the writer lock, so no other run is alive."""
    lake = Lake.of(lake)
    crashed = []
    paths = parts(lake, "runs")
    # one scan of every run's status (threaded); only the files of runs left running are read whole and rewritten
    statuses = lake.scan(paths, ["status", "__filename"]) if paths else pa.table({"status": [], "__filename": []})
    running = statuses.filter(pc.equal(statuses["status"], "running"))["__filename"].to_pylist()
    for path in sorted(set(running)):
        table = lake.read_table(path)
        rows = table.to_pylist()
        if any(r["status"] == "running" and r["run_id"] != current_run for r in rows):
            fixed = [{**r, "status": "crashed"} if r["status"] == "running" else r for r in rows]
            write_parquet(lake, path, "runs", pa.Table.from_pylist(fixed, schema=table.schema))
            crashed += [r["run_id"] for r in rows if r["status"] == "running"]
    return crashed


def article_ids_of_files(lake: LakeLike, file_ids: set[str]) -> set[str]:
    """Ids of the published articles read from the given files."""
    if not file_ids:
        return set()
    lake = Lake.of(lake)
    wanted = pa.array(sorted(file_ids), pa.string())
    found: set[str] = set()
    for path in parts(lake, "articles"):
        table = lake.read_table(path, columns=["article_id", "file_id"])
        found.update(table.filter(pc.is_in(table.column("file_id"), value_set=wanted)).column("article_id")
                     .to_pylist())
    return found


def parts_holding(lake: LakeLike, article_ids: set[str], tables: tuple[str, ...]) -> dict[str, dict[str, set[str]]]:
    """For each of ``tables``, the published parts that hold rows of ``article_ids``, with those ids: one
    filtered scan of each table's ``article_id`` column."""
    lake = Lake.of(lake)
    wanted = pa.array(sorted(article_ids), pa.string())
    found: dict[str, dict[str, set[str]]] = {}
    for name in tables:
        paths = parts(lake, name)
        if not paths:
            continue
        rows = lake.scan(paths, ["article_id", "__filename"], pc.field("article_id").isin(wanted))
        for article_id, path in zip(rows["article_id"].to_pylist(), rows["__filename"].to_pylist(), strict=True):
            found.setdefault(name, {}).setdefault(path, set()).add(article_id)
    return found


def read_rows(lake: LakeLike, name: str, paths: list[str], article_ids: set[str]) -> pa.Table:
    """The rows of ``article_ids`` in the given parts of table ``name``, conformed to its schema."""
    lake = Lake.of(lake)
    wanted = pa.array(sorted(article_ids), pa.string())
    tables = [_conform(name, lake.read_table(p)) for p in paths]
    table = pa.concat_tables(tables) if tables else SCHEMAS[name].empty_table()
    return table.filter(pc.is_in(table.column("article_id"), value_set=wanted))


def parts(lake: LakeLike, name: str) -> list[str]:
    """The published Parquet files of table ``name``, in order (paths of the lake's filesystem)."""
    lake = Lake.of(lake)
    return lake.glob(lake.path(name, "*.parquet"))


def read_signatures(lake: LakeLike, article_ids: set[str]) -> list[tuple[str, bytes]]:
    """Stored MinHash signatures of the given articles."""
    lake = Lake.of(lake)
    wanted = pa.array(sorted(article_ids), pa.string())
    found = []
    for path in parts(lake, "signatures"):
        table = lake.read_table(path, columns=["article_id", "minhash"])
        table = table.filter(pc.is_in(table.column("article_id"), value_set=wanted))
        found += zip(table.column("article_id").to_pylist(), table.column("minhash").to_pylist(), strict=True)
    return found


def reset(lake: LakeLike) -> None:
    """Forget every table but the run history (``--full-refresh``)."""
    lake = Lake.of(lake)
    for name in (*PART_TABLES, *SNAPSHOT_TABLES, STAGING):
        lake.delete_tree(lake.path(name))
