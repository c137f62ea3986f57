"""The pure decisions of a run: which files are unchanged, which articles are coded (transforms/plan.py)."""

from __future__ import annotations

from dataclasses import replace

from transforms.models import RawArticle
from transforms.normalise import normalise
from transforms.plan import holds_articles, is_to_code, is_unchanged, same_stat, unchanged_row

ROW = {"file_id": "f", "path": "a.txt", "status": "loaded", "size_bytes": 10, "mtime_ns": 5, "sha256": "abc",
       "last_run_id": "r0", "present": False}


def test_only_loaded_or_unchanged_files_hold_articles():
    assert holds_articles(ROW) and holds_articles({**ROW, "status": "unchanged"})
    assert not holds_articles(None)
    assert not any(holds_articles({**ROW, "status": s}) for s in ("quarantined", "duplicate"))


def test_same_stat_needs_a_known_time_and_both_the_size_and_the_time():
    assert same_stat(ROW, 10, 5)
    assert not same_stat(ROW, 11, 5) and not same_stat(ROW, 10, 6)
    assert not same_stat({**ROW, "mtime_ns": 0}, 10, 0)  # an unknown time is never the same


def test_a_file_is_unchanged_by_its_size_and_time_or_by_its_bytes():
    assert is_unchanged(ROW, 10, 5)
    assert not is_unchanged(ROW, 10, 6)  # touched, not hashed
    assert is_unchanged(ROW, 10, 6, "abc")  # touched, same bytes
    assert not is_unchanged(ROW, 10, 6, "def")
    assert not is_unchanged(None, 10, 5, "abc")
    assert not is_unchanged({**ROW, "status": "quarantined"}, 10, 5, "abc")  # read again: it may load now


def test_an_unchanged_files_row_is_its_earlier_row_seen_by_this_run():
    row = unchanged_row(ROW, "r1", 7)
    assert row == {**ROW, "status": "unchanged", "last_run_id": "r1", "present": True, "mtime_ns": 7}
    assert unchanged_row(ROW, "r1", 0)["mtime_ns"] is None


def test_an_article_is_coded_when_it_is_a_first_copy_in_english():
    article = normalise(RawArticle(0, "The minister met the envoy in Paris on Monday."), file_id="f",
                        file_sha256="s")
    assert is_to_code(replace(article, language="en")) and is_to_code(replace(article, language=None))
    assert not is_to_code(replace(article, language="fr"))
    assert not is_to_code(replace(article, language="en", duplicate_of="other"))
