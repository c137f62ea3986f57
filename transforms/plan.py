"""What a run does with each input file and article: the decisions, without I/O.

A file loaded before (``loaded`` or ``unchanged``: its articles are stored) is **unchanged** when it has the size
and modification time recorded for it, or, when those moved, bytes that hash as recorded; its row is then carried
into the run and it is not read. An article is **to be coded** (parsed, its entities, events and quotes
extracted) unless it is a duplicate or not in English: those are stored and counted, not coded.
"""

from __future__ import annotations

from transforms.models import Article

HOLDS_ARTICLES = ("loaded", "unchanged")  # file statuses whose articles are stored (in the lake and warehouse)
ENGLISH = ("en", None)  # articles in other languages are stored and counted, not coded


def holds_articles(before: dict | None) -> bool:
    """The ``files`` row (None: no row) is of a file whose articles are stored."""
    return before is not None and before["status"] in HOLDS_ARTICLES


def same_stat(before: dict, size_bytes: int, mtime_ns: int) -> bool:
    """The file has the size and modification time recorded in its row ``before`` (an unknown time, 0, never
    matches)."""
    return bool(mtime_ns and before.get("mtime_ns") == mtime_ns and before["size_bytes"] == size_bytes)


def is_unchanged(before: dict | None, size_bytes: int, mtime_ns: int, sha256: str | None = None) -> bool:
    """A file with the row ``before`` is unchanged since it was loaded: its size and time are those recorded, or
    its bytes hash to the recorded ``sha256`` (when they were hashed; None when not)."""
    return holds_articles(before) and (same_stat(before, size_bytes, mtime_ns)
                                       or (sha256 is not None and sha256 == before["sha256"]))


def unchanged_row(before: dict, run_id: str, mtime_ns: int) -> dict:
    """The ``files`` row of an unchanged file in run ``run_id``: its earlier row, seen again now."""
    return {**before, "status": "unchanged", "last_run_id": run_id, "present": True, "mtime_ns": mtime_ns or None}


def is_to_code(article: Article) -> bool:
    """The article is parsed and coded: the first copy of its text, and English (or of no detected language)."""
    return article.duplicate_of is None and article.language in ENGLISH
