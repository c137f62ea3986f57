"""The docs: the generated pages (tables, configuration) match the code, and the site builds offline."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _build_docs():
    spec = importlib.util.spec_from_file_location("build_docs", ROOT / "tools" / "build_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build_docs = _build_docs()


def test_generated_pages_are_current():
    assert build_docs.stale() == [], "run `python tools/build_docs.py` and commit docs/"


def test_check_names_a_stale_page(tmp_path):
    for name, build in build_docs.PAGES.items():
        (tmp_path / name).write_text(build(), encoding="utf-8")
    assert build_docs.stale(tmp_path) == []
    (tmp_path / "tables.md").write_text("# Tables\n", encoding="utf-8")
    assert build_docs.stale(tmp_path) == ["tables.md"]
    (tmp_path / "configuration.md").unlink()
    assert build_docs.stale(tmp_path) == ["tables.md", "configuration.md"]


def test_check_exit_status_on_the_repository():
    assert build_docs.main(["--check"]) == 0


def test_configuration_page_has_every_setting_with_its_variable_and_options():
    from flows.settings import Settings

    page = build_docs.configuration_page()
    for name in Settings.model_fields:
        assert f"| `{name}` | `EVENTWIRE_{name.upper()}` |" in page
    row = next(line for line in page.splitlines() if line.startswith("| `report` |"))
    assert "`--report` (run)" in row and "`--out` (report)" in row  # report --out says [env: EVENTWIRE_REPORT]
    row = next(line for line in page.splitlines() if line.startswith("| `db` |"))
    assert "`--db` (run, serve, recode, report, sql)" in row


def test_tables_page_has_every_column_with_its_types():
    from transforms import schema

    page = build_docs.tables_page()
    for table, sch in schema.TABLES.items():
        section = page.split(f"\n## {table}\n")[1].split("\n## ")[0]
        for field in sch:
            assert f"| `{field.name}` | `{field.type}` | {schema.duckdb_type(field.type)} |" in section, field.name


def test_mkdocs_builds_strict_and_offline(tmp_path):
    pytest.importorskip("mkdocs", reason="mkdocs is not installed (the docs extra: pip install -e '.[docs]')")
    pytest.importorskip("material", reason="mkdocs-material is not installed (the docs extra)")
    site = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}  # mkdocs-material's banner about its successor
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)], env=env,
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" not in index and "fonts.gstatic.com" not in index  # theme.font: false
    for page in ("tables", "configuration", "coding", "benchmarks"):
        assert (site / f"{page}.html").exists(), page  # use_directory_urls: false, readable from file://
