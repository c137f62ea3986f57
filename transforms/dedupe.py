"""Duplicates: the same bytes under another path, the same story in another record, and near copies."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace

import numpy as np
from datasketch import MinHash, MinHashLSH

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


# --- near duplicates: MinHash signatures of word 3-shingles, LSH to find candidates -------------------
# Two bodies are near duplicates when the estimated Jaccard similarity of their sets of word 3-grams
# (lower-cased, punctuation dropped) is at least the threshold. 0.7 catches the same story re-spaced,
# re-punctuated, with boilerplate or a sentence added or edited, and wire copies under other headlines;
# different stories on the same topic stay far below it (typically < 0.3).
NEAR_DUPLICATE_THRESHOLD = 0.7
NUM_PERM = 128
SCHEME = "affine32"  # datasketch's hashing scheme: stored signatures are only comparable within one scheme
MIN_SHINGLES = 8  # shorter texts are matched exactly only
_WORD = re.compile(r"\w+")


def shingles(text: str, n: int = 3) -> set[bytes]:
    words = _WORD.findall(text.lower())
    return {" ".join(words[i : i + n]).encode("utf-8") for i in range(max(len(words) - n + 1, 0))}


def signature(text: str, num_perm: int = NUM_PERM) -> np.ndarray | None:
    """MinHash signature of the text's word 3-shingles; None for texts too short to compare."""
    sh = shingles(text)
    if len(sh) < MIN_SHINGLES:
        return None
    m = MinHash(num_perm=num_perm, seed=1, scheme=SCHEME)
    m.update_batch(list(sh))
    return m.hashvalues


class NearDuplicateIndex:
    """Signatures of the canonical articles seen so far, searchable by LSH."""

    def __init__(self, threshold: float = NEAR_DUPLICATE_THRESHOLD, num_perm: int = NUM_PERM):
        self.threshold, self.num_perm = threshold, num_perm
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._order: dict[str, int] = {}
        self._minhash: dict[str, MinHash] = {}
        self.added: dict[str, np.ndarray] = {}  # signatures added through ``add`` (to store for later runs)

    def __len__(self) -> int:
        return len(self._order)

    def load(self, article_id: str, hashvalues: np.ndarray) -> None:
        """Index a signature computed by an earlier run."""
        self._insert(article_id, MinHash(num_perm=self.num_perm, seed=1, hashvalues=hashvalues, scheme=SCHEME))

    def add(self, article_id: str, hashvalues: np.ndarray) -> None:
        self.load(article_id, hashvalues)
        self.added[article_id] = hashvalues

    def _insert(self, article_id: str, m: MinHash) -> None:
        if article_id in self._order:
            return
        self._lsh.insert(article_id, m)
        self._order[article_id] = len(self._order)
        self._minhash[article_id] = m

    def find(self, hashvalues: np.ndarray) -> str | None:
        """The earliest indexed article at least ``threshold`` similar, else None."""
        m = MinHash(num_perm=self.num_perm, seed=1, hashvalues=hashvalues, scheme=SCHEME)
        close = [c for c in self._lsh.query(m) if self._minhash[c].jaccard(m) >= self.threshold]
        return min(close, key=self._order.__getitem__) if close else None


def mark_near_duplicates(articles: Iterable[Article], index: NearDuplicateIndex) -> list[Article]:
    """Point each article that is a near copy of an earlier one at it; index the others.

    Run after ``mark_duplicates`` (exact copies already point at their first copy)."""
    out = []
    for a in articles:
        if a.duplicate_of is None:
            sig = signature(a.body)
            if sig is not None:
                first = index.find(sig)
                if first is not None and first != a.article_id:
                    a = replace(a, duplicate_of=first)
                else:
                    index.add(a.article_id, sig)
        out.append(a)
    return out
