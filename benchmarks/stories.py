"""Does event coding generalise? The opening sentences of 4,500 synthetic news stories, one PLOVER type each.

Data: ``../shared/benchmarks/plover_synthetic_stories.csv.gz`` (columns ``label,mode,title,text``; NGEC-2025's
language-model stories, MIT). ``label`` is the PLOVER type the story was generated from (a noisy story-level
pseudo-label). The titles are templates with ``{country_1}``-style placeholders and are not used; the bodies
have no placeholders (checked: no ``{…}`` and no ``country_N`` in any body; the 136 ``[…]`` are editorial
insertions such as "[the arrest]" and stay as written).

Each story's body is coded in-process (``benchmarks/_coding.py``; no title, no publication date), cut before
parsing to its first few sentences (``OPENING_CUT`` naive sentence ends; the margin covers abbreviations such
as "U.S."), and only events with ``sentence_index < 3`` (the first three sentences as spaCy splits them) count.
The cut keeps ~70% of the characters; on a 300-story sample it changed the opening events of 2 stories (entity
linking and truecasing look at the whole article). Measures:

  * hit rate: share of stories labelled T with at least one event of type T in the first three sentences,
    overall and per label;
  * share of stories with no event at all, and the mean number of events per story;
  * type confusion: label → the type of the top event (highest confidence, ties by order), ``(none)`` without one.

Everything is printed for two fixed halves A and B (sha1 of the body, even → A, odd → B; tune on one, check on
the other) and for all stories.

    .venv/bin/python benchmarks/stories.py [--half A|B|all] [--limit N] [--show-misses N] [--workers 2]
                                           [--out FILE.json] [--compare OLD.json]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Sequence
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._coding import code_texts, top_event  # noqa: E402

STORIES = ROOT.parent / "shared" / "benchmarks" / "plover_synthetic_stories.csv.gz"
N_SENTENCES = 3
OPENING_CUT = 6  # naive sentence ends kept before parsing: three sentences and a margin
SAMPLE_SEED = 13
NONE = "(none)"
SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*(?=\s)")
KEPT = ("sentence_index", "sentence", "plover_type", "cameo_code", "trigger_text", "source_text", "source_code",
        "source_country", "target_text", "target_code", "target_country", "confidence", "negated")


def half_of(text: str) -> str:
    """A or B, fixed by the text itself (sha1, even → A)."""
    return "A" if hashlib.sha1(text.encode("utf-8")).digest()[-1] % 2 == 0 else "B"


def opening(text: str, n_ends: int = OPENING_CUT) -> str:
    """The text up to its ``n_ends``-th naive sentence end (all of it when shorter)."""
    for k, match in enumerate(SENTENCE_END.finditer(text), start=1):
        if k == n_ends:
            return text[: match.end()]
    return text


def load_stories(path: Path = STORIES) -> list[dict]:
    import csv

    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return [{"id": f"s{i}", "row": i, "label": r["label"], "mode": r["mode"], "text": r["text"],
             "half": half_of(r["text"])} for i, r in enumerate(rows)]


def select(stories: list[dict], half: str, limit: int | None) -> list[dict]:
    """The stories of one half (or all), then a fixed-seed subsample of ``limit`` in row order."""
    chosen = [s for s in stories if half == "all" or s["half"] == half]
    if limit and limit < len(chosen):
        keep = set(random.Random(SAMPLE_SEED).sample(range(len(chosen)), limit))
        chosen = [s for i, s in enumerate(chosen) if i in keep]
    return chosen


def code_chunk(stories: list[dict]) -> dict[str, list[dict]]:
    coded = code_texts([s["id"] for s in stories], [opening(s["text"]) for s in stories], [None] * len(stories))
    return {key: [{k: e.get(k) for k in KEPT} for e in events if e["sentence_index"] < N_SENTENCES]
            for key, events in coded.items()}


def code_stories(stories: list[dict], workers: int) -> dict[str, list[dict]]:
    """Opening events per story id, in one process or split across ``workers`` (each loads the model)."""
    if workers <= 1:
        return code_chunk(stories)
    chunks = [stories[i::workers] for i in range(workers)]
    with Pool(workers) as pool:
        parts = pool.map(code_chunk, chunks)
    return {key: events for part in parts for key, events in part.items()}


def judge(story: dict, events: list[dict]) -> dict:
    """One story's result: its events in the opening, the top event's type and whether the label was hit."""
    top = top_event(events)
    return {"id": story["id"], "row": story["row"], "half": story["half"], "label": story["label"],
            "mode": story["mode"], "hit": any(e["plover_type"] == story["label"] for e in events),
            "top": top["plover_type"] if top else NONE, "n_events": len(events), "events": events}


def summarise(results: Sequence[dict]) -> dict:
    """Hit rate (overall and per label), no-event share, mean events and type confusion of some results."""
    n = len(results)
    per_label: dict[str, list[int]] = {}
    for r in results:
        stats = per_label.setdefault(r["label"], [0, 0])
        stats[0] += 1
        stats[1] += r["hit"]
    return {
        "n": n,
        "hit_rate": sum(r["hit"] for r in results) / n if n else 0.0,
        "no_event": sum(r["n_events"] == 0 for r in results) / n if n else 0.0,
        "mean_events": sum(r["n_events"] for r in results) / n if n else 0.0,
        "per_label": {label: (k, hits / k) for label, (k, hits) in per_label.items()},
        "confusion": Counter((r["label"], r["top"]) for r in results),
    }


def report(summaries: dict[str, dict]) -> None:
    """Print the figures of each half side by side."""
    names = list(summaries)
    print(f"{'':<22}" + "".join(f"{name:>14}" for name in names))
    for key, label, fmt in (("n", "stories", "{:>14,}"), ("hit_rate", "hit rate", "{:>14.3f}"),
                            ("no_event", "share with no event", "{:>14.3f}"),
                            ("mean_events", "events per story", "{:>14.2f}")):
        print(f"{label:<22}" + "".join(fmt.format(summaries[name][key]) for name in names))
    print("\nhit rate per label (n, hit rate):")
    every = summaries[names[-1]]["per_label"]
    for label in sorted(every, key=lambda lb: -every[lb][0]):
        cells = (summaries[name]["per_label"].get(label, (0, 0.0)) for name in names)
        print(f"  {label:<20}" + "".join(f"{k:>8} {rate:5.2f}" for k, rate in cells))
    print("\nmost frequent label → top event type pairs (count):")
    for pair, _ in summaries[names[-1]]["confusion"].most_common(15):
        print(f"  {pair[0]:<10} → {pair[1]:<10}" + "".join(f"{summaries[name]['confusion'][pair]:>14}"
                                                      for name in names))


def show_misses(results: list[dict], texts: dict[str, str], n: int) -> None:
    misses = [r for r in results if not r["hit"]]
    for r in random.Random(SAMPLE_SEED).sample(misses, min(n, len(misses))):
        print(f"\n- {r['id']} [{r['label']}/{r['mode']}, half {r['half']}] {opening(texts[r['id']], 3)[:500]!r}")
        for e in r["events"] or [{}]:
            print(f"    coded: {describe(e)}\n      in: {e['sentence'][:160]!r}" if e else "    coded: nothing")


def describe(e: dict) -> str:
    src = e["source_country"] or e["source_code"]
    tgt = e["target_country"] or e["target_code"]
    return (f"s{e['sentence_index']} {e['plover_type']} {e['cameo_code']} '{e['trigger_text']}' "
            f"{e['source_text']!r}({src}) → {e['target_text']!r}({tgt}) conf {e['confidence']:.2f}")


def compare(results: list[dict], old_path: Path) -> None:
    """Stories whose hit changed against an earlier ``--out`` file (over the stories both runs coded)."""
    old = {r["id"]: r for r in json.loads(old_path.read_text(encoding="utf-8"))}
    common = [r for r in results if r["id"] in old]
    gained = Counter(r["label"] for r in common if r["hit"] and not old[r["id"]]["hit"])
    lost = Counter(r["label"] for r in common if old[r["id"]]["hit"] and not r["hit"])
    print(f"\nagainst {old_path} ({len(common)} stories in both): {sum(gained.values())} hits gained, "
          f"{sum(lost.values())} lost")
    for label in sorted(set(gained) | set(lost)):
        print(f"  {label:<10} +{gained[label]:<4} -{lost[label]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=("A", "B", "all"), default="all", help="code only this half")
    parser.add_argument("--limit", type=int, help="a fixed-seed subsample of this many stories (quick loops)")
    parser.add_argument("--show-misses", type=int, default=0, help="print this many missed stories")
    parser.add_argument("--workers", type=int, default=1, help="processes, each loading the model")
    parser.add_argument("--out", type=Path, help="write the per-story results to this JSON file")
    parser.add_argument("--compare", type=Path, help="an earlier --out file: which stories gained or lost a hit")
    args = parser.parse_args()

    started = time.perf_counter()
    stories = select(load_stories(), args.half, args.limit)
    coded = code_stories(stories, args.workers)
    results = [judge(s, coded.get(s["id"], [])) for s in stories]
    halves = ("A", "B", "all") if args.half == "all" else (args.half,)
    report({h: summarise([r for r in results if h == "all" or r["half"] == h]) for h in halves})
    show_misses(results, {s["id"]: s["text"] for s in stories}, args.show_misses)
    if args.compare:
        compare(results, args.compare)
    if args.out:
        args.out.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"\nwall time: {time.perf_counter() - started:.1f} s ({len(stories)} stories, {args.workers} worker(s))")


if __name__ == "__main__":
    main()
