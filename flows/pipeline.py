"""The ``eventwire-pipeline`` Prefect flow: discover → read and normalise → NLP → lake → warehouse → run.

Tasks work on batches of files (``Settings.batch_files``), never on single articles: a Prefect task run
costs a database row and ~10 ms, and the spaCy model is loaded once per process.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyarrow as pa
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NONE
from prefect.runtime import flow_run

from flows import lake as lake_io
from flows import warehouse
from transforms import schema
from transforms.entities import build_entities
from transforms.extract import extract_all
from transforms.ids import sha256_bytes, stable_id
from transforms.models import Article, FileRef
from transforms.nlp import load_model, parse_articles, resolve_model_name
from transforms.normalise import normalise
from transforms.readers import read_file

SKIP_DIRS = {".git", "__pycache__", ".venv"}


@dataclass
class ReadBatch:
    files: list[dict] = field(default_factory=list)  # FILES rows
    articles: list[Article] = field(default_factory=list)


@cache
def _model(name: str):
    return load_model(name)


def walk_inputs(inputs: list[Path]) -> list[tuple[Path, Path]]:
    """(root, file) pairs for every regular file under the inputs, in a stable order."""
    found: list[tuple[Path, Path]] = []
    for root in inputs:
        if root.is_file():
            found.append((root.parent, root))
            continue
        for path in sorted(root.rglob("*")):
            rel = path.relative_to(root)
            if path.is_file() and not any(part in SKIP_DIRS or part.startswith(".") for part in rel.parts):
                found.append((root, path))
    return found


@task(name="discover", cache_policy=NONE)
def discover(inputs: list[str]) -> list[FileRef]:
    logger = get_run_logger()
    refs = []
    seen = set()
    for _root, path in walk_inputs([Path(p) for p in inputs]):
        if str(path) in seen:
            continue
        seen.add(str(path))
        refs.append(FileRef(path=str(path), abs_path=str(path.resolve()), sha256="", size_bytes=path.stat().st_size))
    logger.info("discovered %d files under %s", len(refs), ", ".join(inputs))
    return refs


@task(name="read-and-normalise", cache_policy=NONE)
def read_batch(refs: list[FileRef], run_id: str) -> ReadBatch:
    """Read, hash, parse and normalise one batch of files; unreadable files are quarantined."""
    logger = get_run_logger()
    out = ReadBatch()
    for ref in refs:
        file_id = stable_id(ref.path)
        row = {"file_id": file_id, "path": ref.path, "size_bytes": ref.size_bytes, "last_run_id": run_id,
               "n_articles": 0}
        try:
            data = Path(ref.abs_path).read_bytes()
        except OSError as exc:
            out.files.append({**row, "format": None, "status": "quarantined",
                              "reason": f"the file could not be read: {exc.strerror or exc}"})
            continue
        sha = sha256_bytes(data)
        try:
            result = read_file(ref.path, data)
        except Exception as exc:  # a reader bug must not lose the file: quarantine it with the reason
            logger.warning("reader failed on %s: %r", ref.path, exc)
            out.files.append({**row, "sha256": sha, "format": None, "status": "quarantined",
                              "reason": f"the reader failed: {exc!r}"})
            continue
        row.update(sha256=sha, format=result.format, compression=result.compression)
        if result.quarantined:
            logger.warning("quarantined %s: %s", ref.path, result.reason)
            out.files.append({**row, "status": "quarantined", "reason": result.reason})
            continue
        articles = [normalise(raw, file_id=file_id, file_sha256=sha) for raw in result.articles]
        out.files.append({**row, "status": "loaded", "reason": None, "n_articles": len(articles)})
        out.articles.extend(articles)
    return out


def mark_duplicates(batches: list[ReadBatch]) -> tuple[list[dict], list[Article]]:
    """Files with the bytes of an earlier file become ``duplicate`` (their articles dropped); articles
    with the content of an earlier one get ``duplicate_of``. Earlier means path order within the run."""
    first_file: dict[str, str] = {}
    first_article: dict[str, str] = {}
    files, articles = [], []
    dropped: set[str] = set()
    for b in batches:
        for row in b.files:
            sha = row.get("sha256")
            if row["status"] == "loaded" and sha in first_file:
                row.update(status="duplicate", n_articles=0, reason=None)
                dropped.add(row["file_id"])
            elif row["status"] == "loaded":
                first_file[sha] = row["path"]
            files.append(row)
        for a in b.articles:
            if a.file_id in dropped:
                continue
            if a.content_hash in first_article:
                a = _with_duplicate(a, first_article[a.content_hash])
            else:
                first_article[a.content_hash] = a.article_id
            articles.append(a)
    return files, articles


def _with_duplicate(a: Article, of: str) -> Article:
    from dataclasses import replace

    return replace(a, duplicate_of=of)


def article_rows(articles: list[Article], run_id: str) -> list[dict]:
    names = set(schema.ARTICLES.names)
    return [
        {**{k: v for k, v in a.__dict__.items() if k in names}, "run_id": run_id} for a in articles
    ]


@task(name="nlp", cache_policy=NONE)
def nlp_batch(articles: list[Article], model_name: str) -> dict[str, pa.Table]:
    """Entities, events and quotes for one batch (duplicates and non-English articles are skipped)."""
    logger = get_run_logger()
    todo = [a for a in articles if a.duplicate_of is None and a.language in ("en", None)]
    nlp = _model(model_name)
    started = time.perf_counter()
    parsed = parse_articles(nlp, todo)
    ex = extract_all(todo, parsed)
    words = sum(a.n_words for a in todo)
    secs = time.perf_counter() - started
    logger.info("NLP: %d articles, %d words in %.1f s (%.0f words/s)", len(todo), words, secs,
                words / secs if secs else 0)
    return {
        "mentions": schema.to_table(ex.mentions, schema.MENTIONS),
        "events": schema.to_table(ex.events, schema.EVENTS),
        "quotes": schema.to_table(ex.quotes, schema.QUOTES),
    }


@task(name="write-lake", cache_policy=NONE)
def write_lake(lake: str, run_id: str, part: int, tables: dict[str, pa.Table]) -> int:
    for name, table in tables.items():
        lake_io.stage(Path(lake), run_id, name, part, table)
    return sum(t.num_rows for t in tables.values())


@task(name="build-entities", cache_policy=NONE)
def entities_task(lake: str, run_id: str, mentions: list[pa.Table]) -> int:
    table = build_entities(pa.concat_tables(mentions) if mentions else schema.MENTIONS.empty_table())
    lake_io.stage(Path(lake), run_id, "entities", 0, table)
    return table.num_rows


@task(name="load-warehouse", cache_policy=NONE)
def load_warehouse(db: str, lake: str, run_id: str) -> dict[str, int]:
    lake_io.publish(Path(lake), run_id)
    counts = warehouse.load(Path(db), Path(lake))
    get_run_logger().info("warehouse %s: %s", db, counts)
    return counts


@task(name="record-run", cache_policy=NONE)
def record_run(db: str, lake: str, row: dict) -> None:
    path = lake_io.append_run(Path(lake), schema.to_table([row], schema.RUNS), row["run_id"])
    warehouse.record_run(Path(db), path)


@flow(name="eventwire-pipeline")
def pipeline(
    inputs: list[str],
    db: str = "data/eventwire.duckdb",
    lake: str = "data/lake",
    spacy_model: str | None = None,
    batch_files: int = 200,
) -> dict:
    """Turn the articles under ``inputs`` into entities, events and quotes in Parquet and DuckDB."""
    logger = get_run_logger()
    started_at = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    t0 = time.perf_counter()
    run_id = str(flow_run.get_id() or uuid.uuid4())
    model_name = resolve_model_name(spacy_model)

    refs = discover(inputs)
    chunks = [refs[i : i + batch_files] for i in range(0, len(refs), batch_files)] or [[]]
    batches = [read_batch(chunk, run_id) for chunk in chunks]
    files, articles = mark_duplicates(batches)

    n_rows = dict.fromkeys(("mentions", "events", "quotes"), 0)
    all_mentions = []
    per_file = {f["file_id"]: f for f in files}
    for part, start in enumerate(range(0, max(len(articles), 1), 500)):
        chunk = articles[start : start + 500]
        tables = nlp_batch(chunk, model_name) if chunk else {}
        tables["articles"] = schema.to_table(article_rows(chunk, run_id), schema.ARTICLES)
        write_lake(lake, run_id, part, tables)
        for name in n_rows:
            n_rows[name] += tables[name].num_rows if name in tables else 0
        if "mentions" in tables:
            all_mentions.append(tables["mentions"])
    write_lake(lake, run_id, 0, {"files": schema.to_table(list(per_file.values()), schema.FILES)})
    n_entities = entities_task(lake, run_id, all_mentions)
    load_warehouse(db, lake, run_id)

    by_status = {s: sum(1 for f in files if f["status"] == s) for s in
                 ("loaded", "unchanged", "duplicate", "quarantined")}
    summary = {
        "run_id": run_id,
        "started_at": started_at,
        "finished_at": dt.datetime.now(dt.timezone.utc).replace(tzinfo=None),
        "status": "completed",
        "files_seen": len(files),
        **{f"files_{k}": v for k, v in by_status.items()},
        "articles": len(articles),
        "entities": n_entities,
        **n_rows,
        "seconds": round(time.perf_counter() - t0, 2),
        "model": model_name,
    }
    record_run(db, lake, summary)
    quarantined = [(f["path"], f["reason"]) for f in files if f["status"] == "quarantined"]
    for path, reason in quarantined:
        logger.warning("quarantined %s: %s", path, reason)
    logger.info("run %s: %s", run_id, {k: v for k, v in summary.items() if k.startswith(("files", "art"))})
    return {**summary, "quarantined": quarantined, "db": db}
