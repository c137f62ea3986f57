"""Throughput of `eventwire run` on real articles: files/s, words/s, peak memory.

Reads ../shared/corpora/bbc_2004_2005_train.csv.gz (never needed by the tests), writes the first N
articles as text files (the headline glued to the body is split off at the first line break), runs the
eventwire-pipeline flow once cold and once again on the same input (all files unchanged), and prints
figures.

    .venv/bin/python benchmarks/throughput.py [N]        # default N = 200
"""

from __future__ import annotations

import csv
import gzip
import io
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpora" / "bbc_2004_2005_train.csv.gz"


def write_articles(folder: Path, n: int) -> int:
    with gzip.open(CORPUS, "rt", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(io.StringIO(f.read())))[:n]
    words = 0
    for i, row in enumerate(rows):
        text = row["text"].strip()
        (folder / f"bbc_{i:05d}.txt").write_text(text.replace("\n", "\n\n"), encoding="utf-8")
        words += len(text.split())
    return words


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    from flows.pipeline import pipeline

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "in").mkdir()
        words = write_articles(tmp / "in", n)
        kwargs = dict(inputs=[str(tmp / "in")], db=str(tmp / "w.duckdb"), lake=str(tmp / "lake"))
        t0 = time.perf_counter()
        cold = pipeline(**kwargs)
        t1 = time.perf_counter()
        warm = pipeline(**kwargs)
        t2 = time.perf_counter()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"articles: {n}  words: {words}")
    print(f"cold run: {t1 - t0:.1f} s wall ({cold['seconds']:.1f} s in the flow) -> {n / cold['seconds']:.1f} "
          f"files/s, {words / cold['seconds']:.0f} words/s")
    print(f"  files loaded {cold['files_loaded']}, quarantined {cold['files_quarantined']}; "
          f"mentions {cold['mentions']}, events {cold['events']}, quotes {cold['quotes']}")
    print(f"rerun (all unchanged): {t2 - t1:.1f} s wall ({warm['seconds']:.1f} s in the flow), "
          f"files unchanged {warm['files_unchanged']}")
    print(f"peak RSS: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
