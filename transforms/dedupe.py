"""Duplicates: the same bytes under another path, and the same story in another record."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from transforms.models import Article


def mark_duplicates(
    files: Iterable[dict],
    articles: Iterable[Article],
    known_files: Mapping[str, str] | None = None,
    known_articles: Mapping[str, str] | None = None,
) -> tuple[list[dict], list[Article]]:
    """Mark duplicates in path order.

    ``files`` are FILES rows (``path``, ``sha256``, ``status``, ``file_id``); a ``loaded`` file whose bytes
    were loaded before under another path becomes ``duplicate`` and its articles are dropped. An article
    whose normalised content an earlier article has gets ``duplicate_of`` = that article's id.
    ``known_files`` (sha256 → path) and ``known_articles`` (content hash → article id) hold what earlier
    runs loaded, so "earlier" spans runs. Returns new rows and articles; the inputs are not changed.
    """
    first_file = dict(known_files or {})
    first_article = dict(known_articles or {})
    out_files, dropped = [], set()
    for row in files:
        row = dict(row)
        if row["status"] == "loaded":
            first = first_file.setdefault(row["sha256"], row["path"])
            if first != row["path"]:
                row.update(status="duplicate", n_articles=0, reason=None, duplicate_of=first)
                dropped.add(row["file_id"])
        out_files.append(row)
    out_articles = []
    for a in articles:
        if a.file_id in dropped:
            continue
        first = first_article.setdefault(a.content_hash, a.article_id)
        out_articles.append(a if first == a.article_id else replace(a, duplicate_of=first))
    return out_files, out_articles
