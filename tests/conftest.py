"""Shared fixtures: the spaCy model (loaded once), parsed articles, and a Prefect test server."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from contextlib import contextmanager
from pathlib import Path

import pytest

from transforms.models import Article, RawArticle
from transforms.nlp import load_model, parse_articles, resolve_model_name
from transforms.normalise import normalise

ROOT = Path(__file__).resolve().parent.parent
# no telemetry from the tests' own Prefect (the CLI sets the same for its process: flows.cli.TELEMETRY_OFF)
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
SEED = ROOT / "seeds" / "000_6a57321544fd7d14.txt"


# Fixtures that start a Prefect server (the test harness's, or `prefect server start` in test_operate.py) or moto's
# S3 server: a test using one, directly or through another fixture (a module's pipeline run), is end to end.
E2E_FIXTURES = frozenset({"prefect_server", "server", "s3"})


@pytest.hookimpl(tryfirst=True)  # before `-m` selects on the markers
def pytest_collection_modifyitems(config, items):
    """The e2e marker on every test that uses an ``E2E_FIXTURES`` fixture (``fixturenames`` is transitive); the
    tests that run the CLI in a subprocess, Chromium, S3 or Dask without one carry ``@pytest.mark.e2e``."""
    for item in items:
        if E2E_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def nlp():
    return load_model(resolve_model_name())


def make_article(body: str, title: str | None = None, date: str | None = "Published: Thursday 23 February 2012",
                 index: int = 0) -> Article:
    raw = RawArticle(record_index=index, text=body, title=title, date_text=date)
    return normalise(raw, file_id="test-file", file_sha256="test-sha")


@pytest.fixture
def parse(nlp):
    """parse(body, title=None, date=...) → (article, segments)."""

    def _parse(body: str, title: str | None = None, date: str | None = "Published: Thursday 23 February 2012"):
        article = make_article(body, title, date)
        return article, parse_articles(nlp, [article])[0]

    return _parse


@pytest.fixture(scope="session")
def seed_bytes() -> bytes:
    return SEED.read_bytes()


@pytest.fixture(scope="session")
def prefect_server():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=60):
        yield


@pytest.fixture
def seed_dir(tmp_path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(SEED, d / SEED.name)
    return d


@contextmanager
def duckdb_writer_elsewhere(db: Path):
    """Another process holds ``db`` open for writing (as a loading run does) for the block."""
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import duckdb, sys
            con = duckdb.connect({str(db)!r}); print("ready", flush=True); sys.stdin.read()
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        yield
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


@pytest.fixture(scope="module")
def scale_corpus(tmp_path_factory) -> Path:
    """Eight generated articles, the seed and an empty file (``make_corpus``), for the module."""
    from tests.helpers import make_corpus

    return make_corpus(tmp_path_factory.mktemp("scale") / "in", n=8)


@pytest.fixture(scope="module")
def single(prefect_server, scale_corpus, tmp_path_factory):
    """The reference run of ``scale_corpus``: one process, one NLP batch (the tables other runs must equal)."""
    from tests.helpers import run_pipeline

    tmp = tmp_path_factory.mktemp("single")
    summary = run_pipeline([scale_corpus], tmp / "w.duckdb", tmp / "lake", workers=1, batch_size=1000)
    assert summary["workers"] == 1 and summary["files_loaded"] == 9
    return {"db": tmp / "w.duckdb", "lake": tmp / "lake", "summary": summary}
