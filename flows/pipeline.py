"""The ``eventwire-pipeline`` Prefect flow.

discover → read and normalise (per batch of files) → NLP (per batch of articles) → stage Parquet →
publish to the lake (one commit) → canonical entities → load DuckDB (one transaction) → record the run.
The whole run holds the writer lock (``flows.lock``); the next run recovers what a crashed one left.

Tasks work on batches, never on single articles: a Prefect task run costs a database row and ~10 ms,
and the spaCy model is loaded once per process. Files already loaded with the same bytes are
``unchanged`` and not read again, so a rerun on the same input changes no data row.
"""

# No ``from __future__ import annotations`` in this module: the flow's parameter must be annotated with the
# RunConfig class, not its name. A served run (``eventwire serve``) gets a cloudpickled copy of the flow whose
# globals hold only the names its code uses, and Prefect could not resolve the name there.
import datetime as dt
import os
import resource
import signal
import threading
import time
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NONE
from prefect.exceptions import TerminationSignal
from prefect.runtime import flow_run
from prefect.states import Cancelled

from flows import archives, faults, nlp_pool, refresh, warehouse
from flows import lake as lake_io
from flows import progress as progress_io
from flows.coder import coder_version, read_overlay, recode_command, stale_note
from flows.dispatch import POOL_MIN_BYTES, NLPDispatcher
from flows.lock import WriterBusy, WriterLock
from flows.settings import RunConfig
from transforms import schema
from transforms.dedupe import (
    NearDuplicateIndex,
    mark_duplicates,
    mark_near_duplicates,
)
from transforms.entities import build_entities, build_entity_aliases
from transforms.ids import sha256_bytes, stable_id
from transforms.models import Article, FileRef
from transforms.nlp import resolve_model_name
from transforms.normalise import normalise
from transforms.plan import holds_articles, is_to_code, is_unchanged, same_stat, unchanged_row
from transforms.readers import over_cap, read_file
from transforms.readers.archive import Member

SKIP_DIRS = {".git", ".hg", ".svn"}  # version-control folders are not input; every other file is
# the mention columns the canonical entities are built from (build_entities, build_entity_aliases)
ENTITY_COLUMNS = ["entity_id", "article_id", "text", "entity_name", "label", "country_code", "actor_code", "sector",
                  "lat", "lon"]


@dataclass
class ReadBatch:
    files: list[dict] = field(default_factory=list)  # FILES rows
    articles: list[Article] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)  # QUARANTINED_RECORDS rows


def walk_inputs(inputs: list[Path]) -> list[Path]:
    """Every file under the inputs, hidden ones too (version-control folders aside), in a stable order."""
    found: list[Path] = []
    for root in inputs:
        if root.is_file():
            found.append(root)
            continue
        for path in sorted(root.rglob("*")):
            rel = path.relative_to(root).parts
            # a broken link is kept: reading it fails and the file is quarantined with that reason
            if (path.is_file() or path.is_symlink()) and not any(p in SKIP_DIRS for p in rel):
                found.append(path)
    return found


@task(name="discover", cache_policy=NONE)
def discover(inputs: list[str]) -> list[FileRef]:
    refs, seen = [], set()
    for path in walk_inputs([Path(p) for p in inputs]):
        if str(path) not in seen:
            seen.add(str(path))
            stat = path.stat() if path.exists() else None
            refs.append(FileRef(str(path), str(path.resolve()), stat.st_size if stat else 0,
                                stat.st_mtime_ns if stat else 0))
    get_run_logger().info("discovered %d files under %s", len(refs), ", ".join(inputs))
    return refs


@task(name="read-and-normalise", cache_policy=NONE)
def read_batch(refs: list[archives.Item], run_id: str, known: dict[str, dict], max_bytes: int) -> ReadBatch:
    """Read, hash, parse and normalise one batch of files. ``known``: the files table, by path.

    The files given are those the run could not judge unchanged without reading them (``transforms.plan``): one
    loaded before with the same bytes is still ``unchanged`` and not parsed again; a file that cannot be read or
    understood, or is larger than ``max_bytes``, is ``quarantined`` with the reason; a bad record inside a good
    file is quarantined alone. Archives come as their own row and their members (``flows.archives``); a member
    that cannot be read is a bad record of its archive.
    """
    out = ReadBatch()
    for ref in refs:
        if isinstance(ref, Member):
            _read_member(out, ref, known.get(ref.path), run_id)
            continue
        row = _new_row(ref.path, ref.size_bytes, ref.mtime_ns, run_id)
        if isinstance(ref, archives.ArchiveRef):
            out.files.append({**row, "sha256": ref.sha256, "format": ref.format, "compression": ref.compression,
                              "status": "quarantined" if ref.reason else "loaded", "reason": ref.reason})
            continue
        if ref.size_bytes > max_bytes:
            out.files.append({**row, "status": "quarantined", "reason": over_cap(ref.size_bytes, max_bytes)})
            continue
        try:
            data = Path(ref.abs_path).read_bytes()
        except OSError as exc:
            out.files.append({**row, "status": "quarantined",
                              "reason": f"the file could not be read: {exc.strerror or exc}"})
            continue
        _read_bytes(out, row, data, known.get(ref.path))
    return out


def _new_row(path: str, size_bytes: int, mtime_ns: int, run_id: str) -> dict:
    """The FILES row of a file (or archive member) read by this run, before it is judged."""
    return {"file_id": stable_id(path), "path": path, "size_bytes": size_bytes, "last_run_id": run_id,
            "n_articles": 0, "reason": None, "format": None, "compression": None, "sha256": None, "present": True,
            "mtime_ns": mtime_ns or None}


def _read_member(out: ReadBatch, member: Member, before: dict | None, run_id: str) -> None:
    """An archive's member: read as a file, or (when it cannot be read) a bad record of its archive."""
    if member.reason:
        out.problems.append({"file_id": stable_id(member.archive), "path": member.path,
                             "record_index": member.index, "reason": member.reason, "last_run_id": run_id})
    else:
        _read_bytes(out, _new_row(member.path, len(member.data), 0, run_id), member.data, before)


def _read_bytes(out: ReadBatch, row: dict, data: bytes, before: dict | None) -> None:
    """One file's (or archive member's) bytes: unchanged when loaded before with these bytes, else parsed into
    its row, articles and bad records."""
    sha = sha256_bytes(data)
    row["sha256"] = sha
    if is_unchanged(before, row["size_bytes"], 0, sha):  # judged by its bytes alone
        out.files.append(unchanged_row(before, row["last_run_id"], row["mtime_ns"]))
        return
    try:
        result = read_file(row["path"], data)
    except Exception as exc:  # a reader bug must not lose the file: quarantine it with the reason
        get_run_logger().warning("reader failed on %s: %r", row["path"], exc)
        out.files.append({**row, "status": "quarantined", "reason": f"the reader failed: {exc!r}"})
        return
    row.update(format=result.format, compression=result.compression)
    if result.quarantined:
        out.files.append({**row, "status": "quarantined", "reason": result.reason})
        return
    articles = [normalise(raw, file_id=row["file_id"], file_sha256=sha) for raw in result.articles]
    out.files.append({**row, "status": "loaded", "n_articles": len(articles)})
    out.articles.extend(articles)
    out.problems.extend({"file_id": row["file_id"], "path": row["path"], "record_index": index, "reason": reason,
                         "last_run_id": row["last_run_id"]} for index, reason in result.problems)


@task(name="stage-parquet", cache_policy=NONE)
def stage_parquet(lake: str, run_id: str, part: int, tables: dict[str, pa.Table]) -> dict[str, int]:
    for name, table in tables.items():
        lake_io.stage(lake, run_id, name, part, table)
        if name == "articles":
            faults.point("parquet")
    return {name: t.num_rows for name, t in tables.items()}


@task(name="publish-lake", cache_policy=NONE)
def publish_lake(lake: str, run_id: str, files: pa.Table, problems: pa.Table, stale_articles: list[str]) -> None:
    """Publish the staged parts, the files snapshots and the removal of stale rows as one lake commit. (Tables,
    not lists of rows: Prefect walks a task's parameters, which costs seconds for tens of thousands of dicts.)"""
    lake_dir = lake_io.Lake(lake)
    lake_io.stage_snapshot(lake_dir, run_id, "files", files)
    lake_io.stage_snapshot(lake_dir, run_id, "quarantined_records", problems)
    emptied = lake_io.stage_removal(lake_dir, run_id, set(stale_articles))
    lake_io.publish(lake_dir, run_id, emptied)


@task(name="build-entities", cache_policy=NONE)
def entities_task(lake: str, data_version: str) -> int:
    """Canonical entities from every current mention in the lake, rebuilt when the mentions changed (the entity
    tables record the ``data_version`` they were built from)."""
    built, n = lake_io.snapshot_version(lake, "entities")
    if built == data_version and lake_io.snapshot_version(lake, "entity_aliases")[0] == data_version:
        get_run_logger().info("entities unchanged (no mention changed): %d", n)
        return n
    mentions = warehouse.current_mentions(lake, ENTITY_COLUMNS)
    table = build_entities(mentions)
    lake_io.write_snapshot(lake, "entities", table, data_version)
    lake_io.write_snapshot(lake, "entity_aliases", build_entity_aliases(mentions), data_version)
    return table.num_rows


@task(name="load-warehouse", cache_policy=NONE)
def load_warehouse(db: str, lake: str, data_version: str) -> dict[str, int]:
    """Load DuckDB from the lake, every table in one transaction (the data tables only if the lake's data version
    is not the one they hold)."""
    counts = warehouse.load(Path(db), lake, data_version=data_version)
    get_run_logger().info("loaded %s: %s", db, counts)
    return counts


@task(name="record-run", cache_policy=NONE)
def record_run(db: str, lake: str, row: dict, quarantined: list[tuple[str, str]], report_md: str | None = None,
               note: str | None = None) -> None:
    """Append the run to the lake and the warehouse, and leave its summary as Prefect artifacts (with ``note``,
    markdown, after the counts)."""
    lake_io.append_run(lake, schema.to_table([row], schema.RUNS), row["run_id"])
    warehouse.load(Path(db), lake, tables=("runs",))
    publish_artifacts(db, lake, row, quarantined, warehouse.top_events(Path(db), row["run_id"]), report_md, note)


COUNTS = ("files_seen", "files_loaded", "files_unchanged", "files_duplicate", "files_quarantined", "files_missing",
          "records_quarantined", "articles", "articles_duplicate", "articles_not_english", "mentions", "events",
          "quotes", "entities", "seconds")


def publish_artifacts(db: str, lake: str, row: dict, quarantined: list[tuple[str, str]],
                      top: list[dict], report_md: str | None = None, note: str | None = None) -> None:
    """Two artifacts on the flow run's page: a table of the run's counts and a markdown summary listing the
    quarantined files with their reasons and the run's top events."""
    create_table_artifact([{"count": k.replace("_", " "), "this run": row[k]} for k in COUNTS],
                          key="eventwire-run-counts", description=f"eventwire run {row['run_id']}: counts")
    lines = [f"## eventwire run `{row['run_id']}`", "",
             f"{row['files_loaded']} files loaded, {row['files_unchanged']} unchanged, {row['files_duplicate']} "
             f"duplicate, {row['files_quarantined']} quarantined; {row['articles']} new articles, {row['events']} "
             f"events, {row['quotes']} quotes in {row['seconds']} s.", ""]
    lines += [note, ""] if note else []
    lines += [f"### Quarantined files ({len(quarantined)})", ""]
    lines += [f"- `{p}`: {r}" for p, r in quarantined[:200]] or ["None."]
    if len(quarantined) > 200:
        lines.append(f"- … and {len(quarantined) - 200} more (`SELECT path, reason FROM files WHERE status = "
                     "'quarantined'`)")
    lines += ["", "### Top events of this run", ""]
    if top:
        lines += ["| events | articles | source | event | target | first date |", "|---:|---:|---|---|---|---|"]
        lines += [f"| {t['events']} | {t['articles']} | {t['source']} | {t['cameo_code']} {t['plover_type'] or ''} "
                  f"| {t['target'] or ''} | {t['first_date']} |" for t in top]
    else:
        lines.append("No new events (every file unchanged, or nothing to code).")
    lines += ["", f"Warehouse `{db}`, lake `{lake}`, model `{row['model']}`."]
    lines += ["", report_md] if report_md else []
    create_markdown_artifact("\n".join(lines), key="eventwire-run-summary", description="eventwire run summary")


@task(name="write-report", cache_policy=NONE)
def report_task(db: str, out: str) -> dict:
    """The HTML event report of the whole warehouse, written by the process that owns the writer."""
    from flows.report import write_report
    from transforms.report_page import markdown_summary

    try:
        con = warehouse.connect(Path(db))
        try:
            data = write_report(db, out, con=con, keep_current=True)
        finally:
            con.close()
    except Exception as exc:  # the data is loaded: a report that fails does not fail the run
        get_run_logger().warning("the report %s was not written: %r", out, exc)
        return {"path": None, "markdown": f"**Event report** not written: {type(exc).__name__}: {exc}"}
    return {"path": out, "markdown": markdown_summary(data, Path(out).resolve().as_uri(), out)}


@flow(name="eventwire-pipeline")
def pipeline(config: RunConfig = RunConfig(), full_refresh: bool = False):
    """Turn the articles under ``config.input`` into entities, events and quotes in Parquet and DuckDB.

    ``config`` (:class:`flows.settings.RunConfig`) is every parameter of the run; ``full_refresh`` forgets what
    earlier runs loaded and reads every file again.

    One run writes at a time: the run holds ``<db>.lock`` from before it reads the lake's state until its
    run row is written. A run that finds it taken waits up to ``lock_timeout`` seconds, then ends
    ``Cancelled`` ("skipped") with a ``skipped`` row in ``runs``.

    NLP runs in ``workers`` processes (default: one per core), ``batch_size`` articles per task; with
    ``task_runner="dask"`` (the flow given a ``DaskTaskRunner``, see :func:`with_task_runner`) the NLP tasks
    run on the Dask cluster instead. Reading, the lake's commit and the DuckDB load stay in this process.

    ``lexicon``: a folder of the user's own tables, merged over the built-in ones (``flows.coder``). Stored
    articles coded by another coder version are counted and reported, not coded again (``eventwire recode``).
    """
    inputs = [str(p) for p in config.input]
    return as_writer(str(config.db), config.lake, config.lock_timeout, "run", lambda run_id, started_at: _run(
        config, full_refresh, run_id=run_id, started_at=started_at, progress=progress_io.current(get_run_logger())),
        inputs)


def as_writer(db: str, lake: str, lock_timeout: float, kind: str, work: Callable[[str, dt.datetime], dict],
              inputs: list[str] | None = None):
    """``work(run_id, started_at)`` as the one writer of ``db`` and ``lake``, recorded in ``runs`` (``kind``: run
    or recode; ``inputs``: what a run reads): under the writer lock, once what crashed runs left in the lake is
    published or discarded. A run that waits for the lock longer than ``lock_timeout`` ends ``Cancelled`` (a
    ``skipped`` row)."""
    logger = get_run_logger()
    started_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    run_id = str(flow_run.get_id() or uuid.uuid4())
    lake_dir = lake_io.Lake(lake)  # a path or any fsspec URL; tasks are given the string

    def row(status: str) -> pa.Table:
        finished_at = None if status == "running" else dt.datetime.now(dt.UTC).replace(tzinfo=None)
        return schema.to_table([{"run_id": run_id, "started_at": started_at, "finished_at": finished_at,
                                 "status": status, "kind": kind, "inputs": inputs}], schema.RUNS)

    try:
        lock = WriterLock(Path(db), lock_timeout).acquire()
    except WriterBusy as exc:
        logger.warning("%s", exc)
        lake_io.append_run(lake_dir, row("skipped"), run_id)
        return Cancelled(message=str(exc))
    try:
        lake_io.append_run(lake_dir, row("running"), run_id)
        for note in lake_io.recover(lake_dir, run_id):
            logger.warning("%s", note)
        lake_io.mark_crashed_runs(lake_dir, run_id)
        return work(run_id, started_at)
    except BaseException as exc:
        # best effort: the run's row says it failed, or was interrupted (SIGTERM, e.g. `eventwire serve` stopping, or
        # Ctrl-C: its unpublished work is discarded by the next run); a kill -9 leaves it 'running', the next run
        # says 'crashed'
        status = "interrupted" if isinstance(exc, TerminationSignal | KeyboardInterrupt) else "failed"
        with _sigterm_deferred():  # `serve` stopping sends a second SIGTERM: it must not cut the record short
            try:
                lake_io.append_run(lake_dir, row(status), run_id)
                warehouse.load(Path(db), lake_dir, tables=("runs",))
            except Exception as exc:
                logger.warning("could not record the %s run: %r", status, exc)
        raise
    finally:
        lock.release()


@contextmanager
def _sigterm_deferred():
    """SIGTERM waits until the block has run (only the main thread handles signals; elsewhere nothing changes)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received = []
    previous = signal.signal(signal.SIGTERM, lambda signum, _frame: received.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
        if received and callable(previous):  # (Prefect's handler: it raises TerminationSignal)
            previous(received[0], None)
        elif received and previous == signal.SIG_DFL:
            os.kill(os.getpid(), signal.SIGTERM)


class Stopwatch:
    """Wall seconds of each stage of the flow, in order, and this process's peak memory (its high-water mark at
    the end of each stage: the stage that raises it is the one that needs it)."""

    def __init__(self):
        self.laps: dict[str, float] = {}
        self.peak_mb: dict[str, int] = {}
        self._start = self._last = time.perf_counter()

    def elapsed(self) -> float:
        """Seconds since the stopwatch started."""
        return time.perf_counter() - self._start

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = round(self.laps.get(name, 0.0) + now - self._last, 2)
        self.peak_mb[name] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024  # KiB on Linux
        self._last = now


def _run(config: RunConfig, full_refresh: bool, *, run_id: str, started_at: dt.datetime,
         progress: progress_io.Progress | None = None) -> dict:
    """The run, as the writer: plan (what changed), stream (read → duplicates → NLP → Parquet), commit (the lake,
    the entities, the warehouse), summarise (the report, the run's row and artifacts)."""
    logger = get_run_logger()
    clock = Stopwatch()
    model_name = resolve_model_name(config.spacy_model)
    overlay = read_overlay(config.lexicon)  # a bad row stops the run here, before any work
    lake_dir = lake_io.Lake(config.lake)
    if full_refresh:
        refresh.full_refresh_inputs(lake_dir, [str(p) for p in config.input])  # refused if it would drop data
        lake_io.reset(lake_dir)
    plan = plan_run(config, lake_dir, run_id)
    clock.lap("discover")
    progress = progress or progress_io.current(logger)
    with NLPDispatcher(model_name, config.lake, run_id, config.workers_or_cores, config.task_runner, overlay,
                       progress) as nlp:
        if plan.bytes_to_read >= POOL_MIN_BYTES:
            nlp.start_pool()  # the workers load the model while this process reads
        read = stream(config, plan, nlp, run_id, progress)
        clock.lap("nlp")
    # read and NLP overlap: "read" is this process's reading and deduplicating, "nlp" the rest of that time
    clock.laps["read"] = round(read.seconds, 2)
    clock.laps["nlp"] = round(clock.laps["nlp"] - read.seconds, 2)
    done = commit(config, plan, read, run_id, progress, clock)
    return summarise(config, plan, read, done, nlp, run_id=run_id, started_at=started_at, model_name=model_name,
                     version=coder_version(model_name, overlay), progress=progress, clock=clock)


@dataclass
class Plan:
    """What changed since the runs before: the files to read, the rows of those that did not change, and what
    this run's articles are deduplicated against."""

    known_files: dict[str, dict]  # the lake's files table, by path
    recorded: archives.Recorded  # ... and the members of its archives
    unchanged: list[dict]  # FILES rows of the unchanged files (and their archives' members), carried into the run
    to_read: list[FileRef]
    hashed: dict[str, str]  # sha256 of the files hashed to find out whether they changed, by path
    stale_articles: set[str]  # ids of the articles of files read again: their rows leave the lake at the commit
    known_sha: dict[str, str]  # sha256 → path of the files whose articles are stored
    known_articles: dict[str, str]  # content hash → id of the stored articles (first copies)
    bytes_to_read: int  # of the files without their recorded size and time (reason to start the NLP workers)


def plan_run(config: RunConfig, lake_dir: lake_io.Lake, run_id: str) -> Plan:
    """Discover the input files and judge which changed (``transforms.plan``): a file with its recorded size and
    time is not opened; one whose size or time moved is hashed, and is unchanged if its bytes are."""
    known_files = {r["path"]: r for r in lake_io.read_snapshot(lake_dir, "files").to_pylist()}
    refs = discover([str(p) for p in config.input])
    known_sha = {r["sha256"]: p for p, r in known_files.items() if holds_articles(r)}
    recorded = archives.Recorded(known_files)
    # Files loaded before whose bytes changed (hashed now when their size or time moved): their earlier articles
    # no longer count as first copies, and their earlier rows leave the lake with this run's commit.
    reread, hashed = _changed_files(refs, known_files, config.max_bytes, recorded)
    stale_articles = lake_io.article_ids_of_files(lake_dir, reread)
    current = warehouse.current_articles(config.db).to_pylist()
    known_articles = {r["content_hash"]: r["article_id"] for r in current if r["file_id"] not in reread}
    unchanged, to_read = [], []
    for ref in refs:
        before = known_files.get(ref.path)
        if is_unchanged(before, ref.size_bytes, ref.mtime_ns, hashed.get(ref.path)):
            unchanged.append(unchanged_row(before, run_id, ref.mtime_ns))
            unchanged += recorded.carried(ref.path, run_id)
        else:
            to_read.append(ref)
    return Plan(known_files, recorded, unchanged, to_read, hashed, stale_articles, known_sha, known_articles,
                _bytes_to_read(refs, known_files))


@dataclass
class Read:
    """What the stream read: the FILES rows of the files read, their bad records, article counts, and the seconds
    this process spent reading and deduplicating."""

    files: list[dict] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)  # QUARANTINED_RECORDS rows
    articles: int = 0
    duplicate: int = 0
    not_english: int = 0
    seconds: float = 0.0


def stream(config: RunConfig, plan: Plan, nlp: NLPDispatcher, run_id: str, progress: progress_io.Progress) -> Read:
    """Batches stream through: read → duplicates (exact, then near copies) → NLP (``nlp``) → Parquet, a bounded
    number in flight, so this process holds a few batches of articles, never the corpus. Returns when every
    batch is coded and staged, the workers stopped."""
    out = Read()
    known_sha, known_articles = dict(plan.known_sha), dict(plan.known_articles)
    near = NearDuplicateIndex(threshold=config.near_duplicate_threshold)
    pending: list[Article] = []
    progress.begin(files=len(plan.to_read))
    if plan.to_read and known_articles:  # the stored signatures of the canonical articles, for copies across runs
        stored = lake_io.read_signatures(lake_io.Lake(config.lake), set(known_articles.values()))
        if stored:  # (articles too short to compare have none)
            near.load_many([a for a, _ in stored], np.frombuffer(b"".join(b for _, b in stored), np.uint32)
                           .reshape(len(stored), -1))
        del stored
    max_bytes = config.max_bytes
    # archives come as their members, read from the archive one chunk at a time
    items = archives.chunks(archives.items(plan.to_read, known_sha, max_bytes, plan.hashed), config.batch_files,
                            max_bytes)
    started = time.perf_counter()
    for part, (chunk, more_chunks) in enumerate(items):
        history = {r.path: plan.known_files[r.path] for r in chunk if r.path in plan.known_files}
        batch = read_batch(chunk, run_id, history, max_bytes)
        files, articles = mark_duplicates(batch.files, batch.articles, known_files=known_sha,
                                          known_articles=known_articles)
        for f in files:
            if f["status"] == "loaded":
                known_sha.setdefault(f["sha256"], f["path"])
        for a in articles:
            known_articles.setdefault(a.content_hash, a.article_id)
        articles = mark_near_duplicates(articles, near)
        signatures = [{"article_id": a, "minhash": sig.astype(np.uint32).tobytes(), "run_id": run_id}
                      for a, sig in near.added.items()]
        near.added.clear()  # staged with this batch: the index keeps its own compact copy
        stage_parquet(config.lake, run_id, part, {"signatures": schema.to_table(signatures, schema.SIGNATURES)})
        out.files += files
        out.problems += batch.problems
        out.articles += len(articles)
        out.duplicate += sum(a.duplicate_of is not None for a in articles)
        out.not_english += sum(a.duplicate_of is None and not is_to_code(a) for a in articles)
        pending += articles
        progress.read(len(chunk), len(articles))
        batch.articles.clear()  # (Prefect keeps a task's result until the flow ends)
        out.seconds += time.perf_counter() - started
        while len(pending) >= config.batch_size:
            nlp.send(pending[:config.batch_size], len(pending) > config.batch_size or more_chunks)
            pending = pending[config.batch_size:]
        started = time.perf_counter()
    if pending:
        nlp.send(pending, False)
    pending = []
    nlp.finish()
    return out


@dataclass
class Committed:
    """What the commit published: every FILES row (this run's, then the others'), the data version of the lake,
    the canonical entities and the warehouse's row counts."""

    files: list[dict]
    others: list[dict]  # rows of files this run did not see (kept; ``present`` false when gone from disk)
    data_version: str
    entities: int
    totals: dict[str, int]


def commit(config: RunConfig, plan: Plan, read: Read, run_id: str, progress: progress_io.Progress,
           clock: Stopwatch) -> Committed:
    """Publish the run to the lake in one commit (the staged parts, the files and quarantined records, the stale
    rows removed), rebuild the canonical entities if the mentions changed, and load the warehouse."""
    lake, db = config.lake, str(config.db)
    files = plan.unchanged + read.files
    reread_now = {f["file_id"] for f in files if f["status"] != "unchanged"}
    problems = read.problems + [r for r in lake_io.read_snapshot(lake_io.Lake(lake), "quarantined_records").to_pylist()
                                if r["file_id"] not in reread_now]
    seen = {f["path"] for f in files}
    # files not in this input stay; those gone from disk keep their rows, flagged present = false
    others = [{**r, "present": plan.recorded.present(p, seen)} for p, r in plan.known_files.items() if p not in seen]
    all_files = files + others
    progress.step("publishing to the lake")
    publish_lake(lake, run_id, schema.to_table(all_files, schema.FILES),
                 schema.to_table(problems, schema.QUARANTINED_RECORDS), sorted(plan.stale_articles))
    clock.lap("publish")
    data = lake_io.data_version(lake, all_files)
    progress.step("building entities")
    n_entities = entities_task(lake, data)
    clock.lap("entities")
    progress.step("loading the warehouse")
    totals = load_warehouse(db, lake, data)
    clock.lap("load")
    return Committed(files, others, data, n_entities, totals)


def summarise(config: RunConfig, plan: Plan, read: Read, done: Committed, nlp: NLPDispatcher, *, run_id: str,
              started_at: dt.datetime, model_name: str, version: str, progress: progress_io.Progress,
              clock: Stopwatch) -> dict:
    """The run's counts, its report, its row in ``runs`` and its Prefect artifacts, its log lines; returns the
    summary the CLI prints."""
    logger = get_run_logger()
    db, lake = str(config.db), config.lake
    report = str(config.report_path) if config.report_path else None
    stale = warehouse.stale_versions(config.db, version)
    files = done.files
    status = {s: sum(f["status"] == s for f in files) for s in ("loaded", "unchanged", "duplicate",
                                                                  "quarantined")}
    summary = {
        "run_id": run_id,
        "started_at": started_at,
        "finished_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
        "status": "completed",
        "inputs": [str(p) for p in config.input],
        "files_seen": len(files),
        **{f"files_{k}": v for k, v in status.items()},
        "files_missing": sum(not r["present"] for r in done.others),
        "articles": read.articles,
        "articles_duplicate": read.duplicate,
        "articles_not_english": read.not_english,
        "records_quarantined": len(read.problems),
        "entities": done.entities,
        **nlp.counts,
        "seconds": round(clock.elapsed(), 2),
        "model": model_name,
        "kind": "run",
        "coder_version": version,
        "articles_stale": sum(stale.values()),
    }
    quarantined = [(f["path"], f["reason"]) for f in files if f["status"] == "quarantined"]
    quarantined += [(f"{p['path']} (record {p['record_index']})", p["reason"]) for p in read.problems]
    if report:
        progress.step("writing the report")
    written = report_task(db, report) if report else {"path": None, "markdown": None}
    clock.lap("report")
    lexicon = str(config.lexicon) if config.lexicon else None
    note = stale_note(stale, version, recode_command(db, lake, lexicon, config.spacy_model)) if stale else None
    record_run(db, lake, summary, quarantined, written["markdown"], note)
    clock.lap("record")
    stages = {**clock.laps, **{f"nlp_{k}_work": round(v, 2) for k, v in nlp.work.items()}}
    logger.info("stage seconds: %s, flow_body %.2f", ", ".join(f"{k} {v:.2f}" for k, v in stages.items()),
                clock.elapsed())
    logger.info("peak memory of the flow's process (MB) after each stage: %s",
                ", ".join(f"{k} {v}" for k, v in clock.peak_mb.items()))
    for path, reason in quarantined:
        logger.warning("quarantined %s: %s", path, reason)
    logger.info("files %s; %d new articles, %d events", status, read.articles, nlp.counts["events"])
    if note:
        logger.warning("%s", note)
    return {**summary, "quarantined": quarantined, "db": db, "totals": done.totals, "report": written["path"],
            "stages": stages, "workers": nlp.processes, "nlp_processes": len(nlp.pids),
            "nlp_pids": sorted(nlp.pids), "batch_size": config.batch_size, "task_runner": config.task_runner,
            "flow_seconds": round(clock.elapsed(), 2), "stale_note": note}


def _changed_files(refs: list[FileRef], known: dict[str, dict], max_bytes: int,
                   recorded: archives.Recorded) -> tuple[set[str], dict[str, str]]:
    """Ids of the files loaded before that this run reads again (bytes changed, unreadable, or over the size cap),
    and the sha256 of those hashed to find out (by path). A file with its recorded size and time is not opened.
    An archive is hashed whatever its size (streamed), and when it changed, so are its members."""
    changed, hashed = set(), {}
    for ref in refs:
        before = known.get(ref.path)
        if not holds_articles(before) or same_stat(before, ref.size_bytes, ref.mtime_ns):
            continue
        try:
            if archives.is_archive(before):
                hashed[ref.path] = archives.file_sha256(ref.abs_path)
            elif ref.size_bytes <= max_bytes:
                hashed[ref.path] = sha256_bytes(Path(ref.abs_path).read_bytes())
        except OSError:
            pass
        if hashed.get(ref.path) != before["sha256"]:
            changed.add(before["file_id"])
            if archives.is_archive(before):
                changed |= archives.changed_members(ref, recorded.of(ref.path), max_bytes)
    return changed, hashed


def _bytes_to_read(refs: list[FileRef], known: dict[str, dict]) -> int:
    """Bytes of the files this run will (probably) read: all but those with their recorded size and time."""
    total = 0
    for ref in refs:
        if not is_unchanged(known.get(ref.path), ref.size_bytes, ref.mtime_ns):
            total += ref.size_bytes
    return total


def start_workers_early(config: RunConfig) -> bool:
    """Start the NLP worker pool now if this run will have enough to read (the CLI calls it before the flow, so
    the workers load the model while Prefect starts up); the run's dispatcher adopts it. True if started."""
    workers = config.workers_or_cores
    if workers <= 1:
        return False
    refs = []
    for path in walk_inputs(config.input):
        stat = path.stat() if path.exists() else None
        refs.append(FileRef(str(path), "", stat.st_size if stat else 0, stat.st_mtime_ns if stat else 0))
    known = {r["path"]: r for r in lake_io.read_snapshot(config.lake, "files").to_pylist()}
    if _bytes_to_read(refs, known) < POOL_MIN_BYTES:
        return False
    nlp_pool.start_early(resolve_model_name(config.spacy_model), workers)
    return True


def with_task_runner(task_runner: str = "local", dask_address: str | None = None, of=None):
    """The flow (``of``: this module's ``pipeline`` by default) with the task runner the NLP tasks go to:
    ``local`` (threads driving a process pool) or ``dask`` (a ``prefect_dask.DaskTaskRunner`` on the cluster at
    ``dask_address``; a temporary local cluster without)."""
    of = of or pipeline
    if task_runner == "local":
        return of
    if task_runner != "dask":
        raise ValueError(f"unknown task runner {task_runner!r}: local or dask")
    try:
        from prefect_dask import DaskTaskRunner
    except ImportError as exc:  # pragma: no cover - the dependency is declared
        raise RuntimeError("--task-runner dask needs prefect-dask (pip install prefect-dask)") from exc
    return of.with_options(task_runner=DaskTaskRunner(address=dask_address) if dask_address else DaskTaskRunner())
