"""Ingest on real, dirty collections: formats, mojibake, duplicates, broken files — figures only.

Builds, in a temporary folder:
  1. the BBC corpus as it is published (``../shared/corpora/bbc_2004_2005_train.csv.gz``: one gzipped CSV,
     headlines glued to bodies, ~450 articles with mojibake);
  2. a copy of it as one text file per article, plus planted near duplicates (the same story re-spaced,
     re-punctuated, with a boilerplate line added, with a sentence edited, under another headline) and
     exact copies under other names, plus broken files (empty, binary, truncated gzip, invalid JSON, a CSV
     with no text column, an HTML page with no article, a JSON Lines file with one broken line);
then runs the ingest stage alone (read → normalise → exact and near duplicates; no NLP) exactly as the flow
does it, and prints files by status, articles, mojibake left, duplicates found versus planted, and
articles per second.

    .venv/bin/python benchmarks/ingest.py
    .venv/bin/python benchmarks/ingest.py --scale 100000   # near-duplicate search alone at 100k articles
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import random
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpora" / "bbc_2004_2005_train.csv.gz"
MOJIBAKE = re.compile(r"Â|â€|Ã©|Ã¨|Ã¢")

from transforms.dedupe import NearDuplicateIndex, mark_duplicates, mark_near_duplicates  # noqa: E402
from transforms.ids import sha256_bytes, stable_id  # noqa: E402
from transforms.normalise import normalise  # noqa: E402
from transforms.readers import read_file  # noqa: E402


def perturb(text: str, kind: str, rng: random.Random) -> str:
    sentences = re.split(r"(?<=[.!?])\s+", text)
    if kind == "respaced":
        return re.sub(r" ", lambda _: rng.choice([" ", "  ", "\n"]), text)
    if kind == "repunctuated":
        return text.replace(",", "").replace(".", " .").replace('"', "“")
    if kind == "boilerplate":
        return "Advertisement\n\n" + text + "\n\nShare this story on Facebook and Twitter. Sign up for our newsletter."
    if kind == "edited" and len(sentences) > 4:
        i = rng.randrange(1, len(sentences) - 1)
        sentences[i] = sentences[i].replace("the", "this", 1) + " Officials declined to comment."
        return " ".join(sentences)
    if kind == "reheadlined":
        return "WIRE COPY: " + text
    return text


def build(folder: Path, rng: random.Random) -> tuple[int, int, dict[str, str]]:
    raw = gzip.decompress(CORPUS.read_bytes())
    (folder / "bbc").mkdir()
    (folder / "bbc" / CORPUS.name).write_bytes(CORPUS.read_bytes())
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))
    copy = folder / "copy"
    copy.mkdir()
    for i, row in enumerate(rows):
        (copy / f"{i:05d}.txt").write_text(row["text"], encoding="utf-8")
    planted_near = 0
    kinds = ["respaced", "repunctuated", "boilerplate", "edited", "reheadlined"]
    for j, i in enumerate(rng.sample(range(len(rows)), 250)):
        kind = kinds[j % len(kinds)]
        (copy / f"near_{kind}_{i:05d}.txt").write_text(perturb(rows[i]["text"], kind, rng), encoding="utf-8")
        planted_near += 1
    planted_exact = 0
    for i in rng.sample(range(len(rows)), 50):
        (copy / f"exact_copy_{i:05d}.txt").write_bytes((copy / f"{i:05d}.txt").read_bytes())
        planted_exact += 1
    broken = {
        "empty.txt": b"",
        "binary.dat": bytes(rng.randrange(256) for _ in range(5000)),
        "truncated.txt.gz": gzip.compress(b"Some text " * 500)[:-40],
        "invalid.json": b'{"title": "x", "text": "unterminated',
        "no_text_column.csv": b"id,category\n1,business\n2,sport\n",
        "no_article.html": b"<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></body></html>",
        "one_bad_line.jsonl": (json.dumps({"title": "Talks resume", "text": "Talks resumed in Geneva on "
                                           "Monday between the two delegations, officials said."}).encode()
                               + b"\n{broken\n"
                               + json.dumps({"title": "Ceasefire holds", "text": "A ceasefire held for a "
                                             "second day, the United Nations said on Tuesday."}).encode() + b"\n"),
    }
    for name, data in broken.items():
        (copy / name).write_bytes(data)
    return planted_near, planted_exact, {n: "" for n in broken}


def ingest(paths: list[Path], root: Path):
    files, articles, problems = [], [], []
    for path in paths:
        rel = str(path.relative_to(root))
        data = path.read_bytes()
        sha = sha256_bytes(data)
        result = read_file(rel, data)
        row = {"file_id": stable_id(rel), "path": rel, "sha256": sha, "n_articles": len(result.articles)}
        if result.quarantined:
            files.append({**row, "status": "quarantined", "reason": result.reason})
            continue
        files.append({**row, "status": "loaded", "reason": None})
        articles += [normalise(r, file_id=row["file_id"], file_sha256=sha) for r in result.articles]
        problems += [(rel, i, reason) for i, reason in result.problems]
    files, articles = mark_duplicates(files, articles)
    articles = mark_near_duplicates(articles, NearDuplicateIndex())
    return files, articles, problems


def near_duplicates_at_scale(n: int, rng: random.Random) -> None:
    """Near-duplicate search on ``n`` synthetic articles (8 random BBC sentences each) with 1% planted copies."""
    from dataclasses import replace

    rows = list(csv.DictReader(io.StringIO(gzip.decompress(CORPUS.read_bytes()).decode("utf-8"))))
    pool = [s for r in rows for s in re.split(r"(?<=[.!?])\s+", r["text"]) if len(s.split()) > 6]
    base = normalise_stub("x")
    arts, planted = [], set()
    for i in range(n):
        if i > 10 and rng.random() < 0.01:
            src = arts[rng.randrange(len(arts))]
            body = perturb(src.body, rng.choice(["respaced", "repunctuated", "boilerplate", "edited"]), rng)
            planted.add(f"a{i}")
        else:
            body = " ".join(rng.sample(pool, 8))
        arts.append(replace(base, article_id=f"a{i}", content_hash=f"h{i}", body=body))
    t0 = time.perf_counter()
    out = mark_near_duplicates(arts, NearDuplicateIndex())
    secs = time.perf_counter() - t0
    found = {a.article_id for a in out if a.duplicate_of}
    print(f"\n== near duplicates at scale: {n} articles, {len(planted)} planted near copies")
    print(f"found {len(found & planted)} of the planted, {len(found - planted)} others; "
          f"{secs:.1f} s ({n / secs:.0f} articles/s)")


def normalise_stub(body: str):
    from transforms.models import RawArticle

    return normalise(RawArticle(0, body), file_id="f", file_sha256="s")


def main() -> None:
    rng = random.Random(7)
    if len(sys.argv) > 1 and sys.argv[1] == "--scale":
        near_duplicates_at_scale(int(sys.argv[2]) if len(sys.argv) > 2 else 100_000, rng)
        return
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        planted_near, planted_exact, _ = build(tmp, rng)
        for label, folder in (("BBC corpus as published (one CSV.gz)", tmp / "bbc"),
                              ("BBC copy: one file per article + planted duplicates + broken files", tmp / "copy")):
            paths = sorted(p for p in folder.rglob("*") if p.is_file())
            t0 = time.perf_counter()
            files, articles, problems = ingest(paths, folder)
            secs = time.perf_counter() - t0
            status = Counter(f["status"] for f in files)
            dup_articles = [a for a in articles if a.duplicate_of]
            print(f"\n== {label}")
            print(f"files: {len(files)}  by status: {dict(status)}")
            for f in files:
                if f["status"] == "quarantined":
                    print(f"  quarantined {f['path']}: {f['reason']}")
            for rel, i, reason in problems:
                print(f"  record quarantined {rel} #{i}: {reason}")
            print(f"articles: {len(articles)}  with a title: {sum(bool(a.title) for a in articles)}  "
                  f"languages: {dict(Counter(a.language for a in articles).most_common(4))}")
            left = sum(bool(MOJIBAKE.search(a.body) or MOJIBAKE.search(a.title or "")) for a in articles)
            print(f"mojibake left (Â, â€, Ã©…): {left} articles")
            by_kind = Counter()
            for a in dup_articles:
                name = next(f["path"] for f in files if f["file_id"] == a.file_id)
                by_kind[name.split("/")[-1].split("_")[1] if name.split("/")[-1].startswith("near_") else "other"] += 1
            print(f"duplicate files: {status.get('duplicate', 0)}  duplicate articles: {len(dup_articles)}  "
                  f"by planted kind: {dict(by_kind)}")
            if folder.name == "copy":
                print(f"planted: {planted_exact} exact copies, {planted_near} near copies "
                      f"(found: {status.get('duplicate', 0)} exact files, "
                      f"{sum(v for k, v in by_kind.items() if k != 'other')} near copies, "
                      f"{by_kind.get('other', 0)} duplicates already in the corpus)")
            print(f"ingest: {secs:.1f} s, {len(articles) / secs:.0f} articles/s")


if __name__ == "__main__":
    main()
