"""The ``eventwire-recode`` Prefect flow: stored articles coded again by the current coder.

An upgraded eventwire, another spaCy model or an edited lexicon (``--lexicon``) makes a new coder version
(``flows.coder``). ``eventwire run`` codes only new files and counts the stored articles of another version;
this flow codes those articles again from the lake's ``articles`` table, so no input file is needed:

stale articles (current rows of another coder version; with ``since``, published from that day) → chunks of
about ``chunk_articles`` (whole parts, in the lake's order) → per chunk: the articles read from the lake, coded
in batches by the ``nlp`` task (in the worker pool or on Dask, as in ``run``), their earlier rows removed, one
lake commit → canonical entities → DuckDB load → the run's row and artifacts.

Crash safety: each chunk is one commit of the lake (``flows.lake``), so a kill loses at most the chunk in
progress, and the articles of a committed chunk carry the current version: the next recode codes only those
still stale. The warehouse is loaded once, at the end, in one transaction; until then it holds what it held.
The next run or recode loads whatever committed chunks a killed recode left.
"""

# No ``from __future__ import annotations``: the flow's parameters are annotated with classes (see flows.pipeline).
import datetime as dt
import time
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NONE

from flows import faults, warehouse
from flows import lake as lake_io
from flows import progress as progress_io
from flows.coder import coder_version, read_overlay
from flows.dispatch import NLPDispatcher
from flows.pipeline import (
    as_writer,
    entities_task,
    load_warehouse,
    report_task,
)
from flows.settings import RunConfig, Settings
from transforms import schema
from transforms.models import Article
from transforms.nlp import resolve_model_name
from transforms.normalise import stored_article

CHUNK_ARTICLES = Settings.model_fields["recode_chunk"].default  # articles per lake commit: what a kill can lose


@task(name="read-stored-articles", cache_policy=NONE)
def read_articles(lake: str, parts: list[str], article_ids: list[str]) -> list[Article]:
    """The stored articles ``article_ids`` (one each, however often a part repeats it), from their parts."""
    table = lake_io.read_rows(lake, "articles", parts, set(article_ids))
    found: dict[str, Article] = {}
    for row in table.to_pylist():
        found.setdefault(row["article_id"], stored_article(row))
    return list(found.values())


@task(name="publish-recoded", cache_policy=NONE)
def publish_recoded(lake: str, run_id: str, article_ids: list[str], candidates: dict[str, list[str]]) -> None:
    """Publish a chunk: its staged parts, and the removal of its articles' earlier rows from the ``candidates``
    parts, as one lake commit."""
    lake_dir = lake_io.Lake(lake)
    emptied = lake_io.stage_removal(lake_dir, run_id, set(article_ids), candidates)
    lake_io.publish(lake_dir, run_id, emptied)


@flow(name="eventwire-recode")
def recode(config: RunConfig = RunConfig(), since: dt.date | None = None, chunk_articles: int = CHUNK_ARTICLES):
    """Code the lake's stored articles again with the current coder (eventwire, lexicon with ``config.lexicon``'s
    tables over it, ``config.spacy_model``): those of another coder version, published on or after ``since`` when
    given, ``chunk_articles`` per lake commit. Holds the writer lock like ``eventwire-pipeline``, and takes the
    same configuration (:class:`flows.settings.RunConfig`; what it reads is the lake, not ``input``)."""
    return as_writer(str(config.db), config.lake, config.lock_timeout, "recode", lambda run_id, started_at: _recode(
        config, since, chunk_articles, run_id=run_id, started_at=started_at))


def _recode(config: RunConfig, since: dt.date | None, chunk_articles: int, *, run_id: str,
            started_at: dt.datetime) -> dict:
    db, lake, spacy_model, lexicon = str(config.db), config.lake, config.spacy_model, config.lexicon
    workers, batch_size, task_runner = config.workers_or_cores, config.batch_size, config.task_runner
    report = str(config.report_path) if config.report_path else None
    logger = get_run_logger()
    t0 = time.perf_counter()
    model_name = resolve_model_name(spacy_model)
    overlay = read_overlay(lexicon)  # a bad row stops the recode here, before any work
    version = coder_version(model_name, overlay)
    before = warehouse.events_by_plover(Path(db))
    stale = warehouse.stale_articles(lake, version, since)
    logger.info("%d stored articles to code with %s", len(stale), version)
    held = lake_io.parts_holding(lake, {a for a, _ in stale}, lake_io.ARTICLE_TABLES) if stale else {}
    progress = progress_io.current(logger)  # on a terminal: articles coded of the total, events, ETA
    progress.begin(articles=len(stale))
    with NLPDispatcher(model_name, lake, run_id, workers, task_runner, overlay, progress) as coder:
        chunks = _chunks(stale, chunk_articles)
        done = 0
        for n, chunk in enumerate(chunks):
            ids = [a for a, _ in chunk]
            articles = read_articles(lake, sorted({p for _, p in chunk}), ids)
            for i in range(0, len(articles), batch_size):
                coder.send(articles[i : i + batch_size], more=i + batch_size < len(articles) or n + 1 < len(chunks))
            articles.clear()  # (Prefect keeps a task's result until the flow ends: the batches hold the articles now)
            coder.wait()
            wanted = set(ids)
            publish_recoded(lake, run_id, ids, {name: sorted(p for p, held_ids in held.get(name, {}).items()
                                                             if held_ids & wanted) for name in lake_io.ARTICLE_TABLES})
            done += len(ids)
            logger.info("coded and committed %d of %d articles", done, len(stale))
            faults.point("recode-commit")
        coder.finish()

    data = lake_io.data_version(lake, lake_io.read_snapshot(lake, "files").to_pylist())
    n_entities = entities_task(lake, data)
    totals = load_warehouse(db, lake, data)
    after = warehouse.events_by_plover(Path(db))
    summary = {
        "run_id": run_id,
        "started_at": started_at,
        "finished_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
        "status": "completed",
        "kind": "recode",
        "articles": done,
        "entities": n_entities,
        **coder.counts,
        "seconds": round(time.perf_counter() - t0, 2),
        "model": model_name,
        "coder_version": version,
        "articles_stale": sum(warehouse.stale_versions(Path(db), version).values()),
    }
    written = report_task(db, report) if report else {"path": None, "markdown": None}
    changes = plover_changes(before, after)
    record_recode(db, lake, summary, changes, written["markdown"])
    return {**summary, "db": db, "lake": lake, "totals": totals, "report": written["path"], "plover": changes,
            "since": since, "workers": coder.processes}


def _chunks(stale: list[tuple[str, str]], size: int) -> list[list[tuple[str, str]]]:
    """(article_id, part) pairs in their parts' order, cut into chunks of at least ``size`` articles (the last
    may be smaller) at part boundaries, so that a part is emptied whole by one commit rather than rewritten."""
    chunks: list[list[tuple[str, str]]] = [[]]
    for i, (article_id, part) in enumerate(stale):
        if len(chunks[-1]) >= size and part != stale[i - 1][1]:
            chunks.append([])
        chunks[-1].append((article_id, part))
    return [c for c in chunks if c]


def plover_changes(before: dict[str, int], after: dict[str, int]) -> list[dict]:
    """Events by PLOVER type before and after, most events first, and the total last."""
    rows = [{"plover_type": t or "(none)", "before": before.get(t, 0), "after": after.get(t, 0)}
            for t in sorted(set(before) | set(after), key=lambda t: (-after.get(t, 0), -before.get(t, 0), t))]
    rows.append({"plover_type": "all", "before": sum(before.values()), "after": sum(after.values())})
    return [{**r, "change": r["after"] - r["before"]} for r in rows]


@task(name="record-recode", cache_policy=NONE)
def record_recode(db: str, lake: str, row: dict, changes: list[dict], report_md: str | None) -> None:
    """Append the recode to the lake's and the warehouse's ``runs``; its events by PLOVER type before and after
    as Prefect artifacts."""
    lake_io.append_run(lake, schema.to_table([row], schema.RUNS), row["run_id"])
    warehouse.load(Path(db), lake, tables=("runs",))
    create_table_artifact(changes, key="eventwire-recode-events",
                          description=f"eventwire recode {row['run_id']}: events by PLOVER type, before and after")
    lines = [f"## eventwire recode `{row['run_id']}`", "",
             f"{row['articles']} stored articles coded again with `{row['coder_version']}` in {row['seconds']} s: "
             f"{row['events']} events, {row['mentions']} mentions, {row['quotes']} quotes.", "",
             "| PLOVER type | before | after | change |", "|---|---:|---:|---:|"]
    lines += [f"| {c['plover_type']} | {c['before']} | {c['after']} | {c['change']:+} |" for c in changes]
    lines += ["", f"Warehouse `{db}`, lake `{lake}`."]
    if row["articles_stale"]:
        lines += ["", f"{row['articles_stale']} articles of another coder version remain (outside `--since`)."]
    lines += ["", report_md] if report_md else []
    create_markdown_artifact("\n".join(lines), key="eventwire-recode-summary", description="eventwire recode summary")
