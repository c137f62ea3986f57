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
    """Signatures of the canonical articles seen so far, searchable by LSH (banding).

    The bands are datasketch's optimum for the threshold (``MinHashLSH(threshold, num_perm).b`` and ``.r``: 14
    bands of 9 rows at 0.7), but the index is kept compact, in NumPy rather than Python dicts: the signatures in
    one uint32 matrix, and each band's 64-bit key in a sorted array plus a short unsorted tail merged into it
    when full. That is under 1 KB per article where ``MinHashLSH`` with ``MinHash`` objects took ~7 KB, so a
    run's memory stays flat over a large corpus, and a stored index loads in one vectorised step.
    """

    TAIL = 2048  # keys kept unsorted before they are merged into the sorted arrays

    def __init__(self, threshold: float = NEAR_DUPLICATE_THRESHOLD, num_perm: int = NUM_PERM):
        self.threshold, self.num_perm = threshold, num_perm
        lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self.bands, self.rows = lsh.b, lsh.r
        self._ids: list[str] = []  # by signature row, in the order indexed
        self._row: dict[str, int] = {}
        self._sigs = np.empty((64, num_perm), np.uint32)  # rows [0, len(self)) are used; doubled when full
        self._keys = np.empty((0, self.bands), np.uint64)  # sorted band keys, a column per band …
        self._key_rows = np.empty((0, self.bands), np.int64)  # … and the signature row of each
        self._tail = np.empty((self.TAIL, self.bands), np.uint64)  # band keys of the last rows, not merged yet
        self._tail_n = 0
        self.added: dict[str, np.ndarray] = {}  # signatures added through ``add`` (to store for later runs)

    def __len__(self) -> int:
        return len(self._ids)

    def _band_keys(self, sigs: np.ndarray) -> np.ndarray:
        """A 64-bit key per band of each signature (signatures × bands): a multiply-xor hash of its values."""
        values = sigs.astype(np.uint64)
        keys = np.full((len(sigs), self.bands), 0x9E3779B97F4A7C15, np.uint64)
        with np.errstate(over="ignore"):
            for j in range(self.rows):
                keys ^= values[:, j : self.bands * self.rows : self.rows]
                keys *= np.uint64(0x100000001B3)
                keys ^= keys >> np.uint64(29)
        return keys

    def load(self, article_id: str, hashvalues: np.ndarray) -> None:
        """Index a signature computed by an earlier run."""
        self.load_many([article_id], np.asarray(hashvalues).reshape(1, -1))

    def load_many(self, article_ids: list[str], signatures: np.ndarray) -> None:
        """Index signatures computed by earlier runs (a row each), in order; ids already indexed are skipped."""
        take = []
        for i, article_id in enumerate(article_ids):
            if article_id not in self._row:
                self._row[article_id] = len(self._ids)
                self._ids.append(article_id)
                take.append(i)
        if not take:
            return
        sigs = np.asarray(signatures, np.uint32)[take]
        n = len(self._ids)
        if n > len(self._sigs):
            grown = np.empty((max(2 * len(self._sigs), n), self.num_perm), np.uint32)
            grown[: n - len(sigs)] = self._sigs[: n - len(sigs)]
            self._sigs = grown
        self._sigs[n - len(sigs) : n] = sigs
        keys = self._band_keys(sigs)
        while len(keys):
            room = min(self.TAIL - self._tail_n, len(keys))
            self._tail[self._tail_n : self._tail_n + room] = keys[:room]
            self._tail_n += room
            keys = keys[room:]
            if self._tail_n == self.TAIL:
                self._merge()

    def _merge(self) -> None:
        first = len(self._keys)  # the signature row of the tail's first key
        rows = np.repeat(np.arange(first, first + self._tail_n)[:, None], self.bands, axis=1)
        keys = np.concatenate([self._keys, self._tail[: self._tail_n]])
        rows = np.concatenate([self._key_rows, rows])
        order = np.argsort(keys, axis=0, kind="stable")
        self._keys = np.take_along_axis(keys, order, axis=0)
        self._key_rows = np.take_along_axis(rows, order, axis=0)
        self._tail_n = 0

    def add(self, article_id: str, hashvalues: np.ndarray) -> None:
        self.load(article_id, hashvalues)
        self.added[article_id] = hashvalues

    def find(self, hashvalues: np.ndarray) -> str | None:
        """The earliest indexed article at least ``threshold`` similar, else None."""
        sig = np.asarray(hashvalues, np.uint32).reshape(1, -1)
        key = self._band_keys(sig)[0]
        found = []
        for band in range(self.bands if len(self._keys) else 0):
            column = self._keys[:, band]
            lo, hi = np.searchsorted(column, key[band], "left"), np.searchsorted(column, key[band], "right")
            found.append(self._key_rows[lo:hi, band])
        if self._tail_n:
            found.append(np.nonzero((self._tail[: self._tail_n] == key).any(axis=1))[0] + len(self._keys))
        rows = np.unique(np.concatenate(found)) if found else np.empty(0, np.int64)
        similar = rows[(self._sigs[rows] == sig).mean(axis=1) >= self.threshold]
        return self._ids[int(similar.min())] if len(similar) else None


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
