"""NLP off the flow's process: each batch of articles is parsed, coded and staged as Parquet by a worker.

``code_batch`` is the whole NLP stage for one batch: spaCy parse, extraction (mentions, events, quotes), and
the batch's Parquet parts written into the run's staging folder of the lake. It returns counts and timings
only, never spaCy Docs or rows, so the process that drives the run stays light however many workers feed it.

Where it runs:

- ``--task-runner local`` (the default): in a ``ProcessPoolExecutor`` of ``--workers`` processes (spawned; each
  loads the model once, in its initializer), driven by the flow's ``nlp`` tasks (``flows.dispatch``, which owns
  the pool). With one worker, or one batch, it runs in the flow's own process.
- ``--task-runner dask``: in the ``nlp`` task itself, on a Dask worker; the model is loaded once per worker
  process (``model`` is cached per process).

The model is cached per process, so a worker pays its load once, not per batch.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from functools import cache

from flows import lake as lake_io
from flows.coder import coder_version
from transforms import lexicon, schema
from transforms.lexicon.overlay import Overlay
from transforms.models import Article
from transforms.nlp import load_model, parse_articles
from transforms.plan import is_to_code

# Texts per nlp.pipe batch: spaCy's working memory grows with it (64 BBC articles: ~470 MB more than the loaded
# model; 16: ~160 MB) and 16 parses as fast (benchmarks/throughput.py, docs/scaling.md).
PIPE_BATCH = 16


@cache
def model(name: str):
    """The spaCy pipeline ``name``, loaded once per process."""
    return load_model(name)


WARM_UP = ("Published: Thursday 23 February 2012\n\nRussian Foreign Minister Sergei Lavrov met his Chinese "
           "counterpart Yang Jiechi in Moscow on Wednesday, a spokesman said.\n")


def warm(name: str) -> int:
    """Load the model and the lexicons in this process (a pool's initializer), so its first batch pays neither;
    returns its pid."""
    from transforms.extract import extract_all
    from transforms.models import RawArticle
    from transforms.normalise import normalise
    from transforms.readers import read_file

    lexicon.load_all()
    article = normalise(RawArticle(0, "warm up"), file_id="warm-up", file_sha256="warm-up")
    result = read_file("warm-up.txt", WARM_UP.encode())
    articles = [normalise(raw, file_id="warm-up", file_sha256="warm-up") for raw in result.articles] or [article]
    extract_all(articles, parse_articles(model(name), articles, batch_size=PIPE_BATCH))
    return os.getpid()


def article_rows(articles: list[Article], run_id: str, version: str | None = None) -> list[dict]:
    names = set(schema.ARTICLES.names)
    return [{**{k: v for k, v in a.__dict__.items() if k in names}, "run_id": run_id, "coder_version": version}
            for a in articles]


def code_batch(articles: list[Article], model_name: str, lake: str, run_id: str, part: int,
               overlay: Overlay | None = None) -> dict:
    """Parse and code one batch (duplicates and non-English articles are stored, not coded) with the built-in
    lexicon and the user's ``overlay`` over it, and stage its ``articles``, ``mentions``, ``events`` and
    ``quotes`` parts, each article and event stamped with the coder version. Returns row counts, failures and
    timings."""
    from transforms.extract import extract_all  # spaCy and the lexicons: loaded where the NLP runs

    t0 = time.perf_counter()
    lexicon.use_overlay(overlay)  # in this process from now on (a no-op when it is the one in use)
    version = coder_version(model_name, overlay)
    nlp = model(model_name)
    t1 = time.perf_counter()
    todo = [a for a in articles if is_to_code(a)]
    parsed = parse_articles(nlp, todo, batch_size=PIPE_BATCH)
    t2 = time.perf_counter()
    ex = extract_all(todo, parsed)
    del parsed
    t3 = time.perf_counter()
    tables = {
        "mentions": schema.to_table(ex.mentions, schema.MENTIONS),
        "events": schema.to_table([{**e, "coder_version": version} for e in ex.events], schema.EVENTS),
        "quotes": schema.to_table(ex.quotes, schema.QUOTES),
        "articles": schema.to_table(article_rows(articles, run_id, version), schema.ARTICLES),
    }
    lake_dir = lake_io.Lake(lake)  # the URL string: opened again in this worker (credentials from its environment)
    for name, table in tables.items():
        lake_io.stage(lake_dir, run_id, name, part, table)
    t4 = time.perf_counter()
    return {
        "counts": {name: t.num_rows for name, t in tables.items()},
        "failures": ex.failures,
        "coded": len(todo),
        "words": sum(a.n_words for a in todo),
        "seconds": {"model": t1 - t0, "parse": t2 - t1, "extract": t3 - t2, "stage": t4 - t3},
        "pid": os.getpid(),
    }


class NLPPool:
    """``workers`` spawned processes, each with the model loaded once (in its initializer)."""

    def __init__(self, model_name: str, workers: int):
        self.model_name, self.workers = model_name, workers
        ctx = multiprocessing.get_context("spawn")  # no fork of a process running Prefect's threads
        self.executor = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=warm,
                                            initargs=(model_name,))
        # start every worker now, so the model loads while the flow reads and deduplicates
        self.started = [self.executor.submit(os.getpid) for _ in range(workers)]

    def run(self, *args) -> dict:
        return self.executor.submit(code_batch, *args).result()

    def shutdown(self, wait: bool = True) -> None:
        """Stop the workers (``wait``: until they have exited; batches not started are dropped either way)."""
        self.executor.shutdown(wait=wait, cancel_futures=True)


# A pool started by the CLI before the flow (so the workers load the model while Prefect starts up), waiting for
# the run's NLP dispatcher to adopt it: a hand-over from the command to the flow in the same process, not a pool
# the flow looks up. Every other pool is started and stopped by the dispatcher that owns it.
_lock = threading.Lock()
_early: NLPPool | None = None


def start_early(model_name: str, workers: int) -> None:
    """Start the pool the next run's dispatcher adopts (``adopt``); one stopped at exit if none does."""
    global _early
    with _lock:
        if _early is not None:
            _early.shutdown()
        _early = NLPPool(model_name, workers)


def adopt(model_name: str, workers: int) -> NLPPool | None:
    """The pool started early for this model and size, now the caller's to stop; None if there is none (one of
    another model or size is stopped)."""
    global _early
    with _lock:
        pool, _early = _early, None
    if pool is not None and (pool.model_name, pool.workers) != (model_name, workers):
        pool.shutdown()
        return None
    return pool


@atexit.register
def discard_early() -> None:
    """Stop a pool started early that no run adopted."""
    global _early
    with _lock:
        pool, _early = _early, None
    if pool is not None:
        pool.shutdown()
