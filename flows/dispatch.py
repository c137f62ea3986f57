"""The NLP stage of a run (or a recode): batches of articles sent to the ``nlp`` task, a bounded number in flight.

A batch is coded (parsed, extracted and staged as Parquet, ``flows.nlp_pool.code_batch``) in the flow's process,
in a pool of worker processes, or on a Dask cluster. The ``NLPDispatcher`` owns the pool: adopted from the CLI's
head start, or started for the run, and stopped when the NLP is done.
"""

from __future__ import annotations

import time
from collections import deque

from prefect import get_run_logger, task
from prefect.cache_policies import NONE

from flows import faults, nlp_pool
from flows import progress as progress_io
from flows.nlp_pool import NLPPool
from transforms.lexicon.overlay import Overlay
from transforms.models import Article

POOL_MIN_BYTES = 256_000  # below this much new input the NLP runs in the flow's process: no workers to start


@task(name="nlp", cache_policy=NONE)
def nlp_batch(articles: list[Article], model_name: str, lake: str, run_id: str, part: int,
              pool: NLPPool | None = None, overlay: Overlay | None = None) -> dict:
    """Entities, events and quotes for a batch of articles (duplicates and non-English ones skipped), staged as
    Parquet where the work ran: in the worker ``pool`` when given, else right here (the flow's process, or a
    Dask worker); coded with the user's lexicon ``overlay`` when given. Returns counts and timings, not rows."""
    logger = get_run_logger()
    started = time.perf_counter()
    out = pool.run(articles, model_name, lake, run_id, part, overlay) if pool else nlp_pool.code_batch(
        articles, model_name, lake, run_id, part, overlay)
    for article_id, error in out["failures"]:
        logger.error("article %s kept without entities or events: extraction failed: %s", article_id, error)
    faults.point("nlp")
    faults.point("parquet")
    secs = time.perf_counter() - started
    logger.info("NLP part %d on %d articles, %d words: %.1f s (%.0f words/s; process %d)", part, out["coded"],
                out["words"], secs, out["words"] / secs if secs else 0, out["pid"])
    return out


class NLPDispatcher:
    """Sends batches of articles to the ``nlp`` task and totals what comes back; at most two batches per worker
    wait or run.

    With the ``local`` task runner and more than one worker, batches go to the dispatcher's worker pool: the one
    the CLI started for this run (adopted), else one started by ``start_pool`` (the run has much to read) or at
    the first batch when more are to come; a single batch runs in the flow's process. With ``dask``, batches go
    to the cluster. Used as a context manager, the pool is stopped however the block ends."""

    def __init__(self, model_name: str, lake: str, run_id: str, workers: int, task_runner: str,
                 overlay: Overlay | None = None, progress: progress_io.Progress | None = None):
        self.model_name, self.lake, self.run_id, self.overlay = model_name, lake, run_id, overlay
        self.progress = progress
        self.workers, self.task_runner = workers, task_runner
        self.local_pool = task_runner == "local" and workers > 1
        self.pool: NLPPool | None = nlp_pool.adopt(model_name, workers) if self.local_pool else None
        self.use_pool: bool | None = None  # decided at the first batch
        self.part = 0  # the next batch's part number (its Parquet files' names in the run)
        self.counts = dict.fromkeys(("mentions", "events", "quotes"), 0)
        self.work = dict.fromkeys(("model", "parse", "extract", "stage"), 0.0)  # seconds, summed over batches
        self.pids: set[int] = set()
        self._inflight: deque = deque()

    def __enter__(self) -> NLPDispatcher:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self._stop_pool(wait=exc_type is None)  # a failed or interrupted run does not wait for running batches

    def start_pool(self) -> None:
        """Start the workers now (when the pool is used), so that they load the model while the run reads."""
        if self.local_pool and self.pool is None:
            self.pool = NLPPool(self.model_name, self.workers)

    def send(self, chunk: list[Article], more: bool) -> None:
        """Code ``chunk`` (``more``: other batches follow in this run)."""
        if self.use_pool is None:
            if more:
                self.start_pool()
            self.use_pool = self.pool is not None
        part, self.part = self.part, self.part + 1
        args = (chunk, self.model_name, self.lake, self.run_id, part, self.pool if self.use_pool else None,
                self.overlay)
        if self.task_runner == "local" and not self.use_pool:
            self._collect(_Done(nlp_batch(*args)), chunk)
        else:
            if len(self._inflight) >= 2 * self.workers:
                self._collect(*self._inflight.popleft())
            self._inflight.append((nlp_batch.submit(*args), chunk))

    def wait(self) -> None:
        """Until every batch sent is coded and staged."""
        while self._inflight:
            self._collect(*self._inflight.popleft())

    def finish(self) -> None:
        """Wait, and stop the workers: their memory (a model each) is not needed by the stages that follow."""
        self.wait()
        self._stop_pool()

    @property
    def processes(self) -> int:
        """How many processes ran the NLP in parallel: the pool's workers, else one."""
        return self.workers if self.use_pool else 1

    def _stop_pool(self, wait: bool = True) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait)
            self.pool = None

    def _collect(self, future, chunk: list[Article]) -> None:
        out = future.result()
        if self.progress is not None:
            self.progress.coded(len(chunk), out["counts"]["events"])
        # Prefect keeps its task runs' parameters until the flow ends: empty the batch, so the articles go now
        chunk.clear()
        for name in self.counts:
            self.counts[name] += out["counts"][name]
        for name in self.work:
            self.work[name] += out["seconds"][name]
        self.pids.add(out["pid"])


class _Done:
    """A finished result that looks like a future."""

    def __init__(self, value):
        self.value = value

    def result(self):
        return self.value
