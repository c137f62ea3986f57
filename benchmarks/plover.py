"""Event coding against gold: the PLOVER GSR dev sentences (Open Event Data Alliance, CC BY-SA 4.0).

Each gold record (``../shared/benchmarks/plover_gsr_dev.json``) becomes one article: its text as the body,
its date as the publication date. The whole set goes through ``eventwire run`` (or, with ``--fast``,
through the same transforms in-process, without Prefect), and the top event of each article (highest
``confidence``; among equally confident events the first in the warehouse ordered by sentence and event id, or
with ``--fast`` the first coded) is scored for:

  * type: its ``plover_type`` against the gold event, the 2016 names mapped to 2021 (DEMAND → REQUEST,
    DISAPPROVE → ACCUSE, INVESTIGATE → ACCUSE, FIGHT → ASSAULT);
  * source: its source country (or the IGO/NGO/IMG/MNC prefix of its actor code) against any of the gold sources'
    codes (a compound source matches on any of its actors);
  * target: the same for targets, over the records whose gold has a target.

An article without an event counts as wrong on all three. Printed: the three accuracies, the most frequent
type confusions, accuracy per gold type, and accuracy by confidence band (is a higher confidence more often right?).

    .venv/bin/python benchmarks/plover.py [--fast] [--show-errors N]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._coding import actor_of, code_texts  # noqa: E402

GOLD = ROOT.parent / "shared" / "benchmarks" / "plover_gsr_dev.json"
TO_2021 = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
BANDS = ((0.0, 0.6), (0.6, 0.75), (0.75, 0.85), (0.85, 1.01))


def load_gold() -> list[dict]:
    return [r for r in json.loads(GOLD.read_text(encoding="utf-8")) if r.get("event") != "DOCUMENT"]


def codes(actors) -> set[str]:
    if not actors or isinstance(actors, str):
        return set()
    return {a["code"][:3] for a in actors if a.get("code")}


def run_cli(records: list[dict]) -> dict[str, list[dict]]:
    """Events per record id, through the real pipeline."""
    with tempfile.TemporaryDirectory(prefix="ew-plover-") as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for r in records:
            (folder / f"{r['id']}.txt").write_text(f"Published: {r['date']}\n\n{r['text']}\n", encoding="utf-8")
        db = Path(tmp) / "w.duckdb"
        command = [str(Path(sys.executable).with_name("eventwire")), "run", "--input", str(folder), "--db", str(db),
                   "--lake", str(Path(tmp) / "lake")]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        if done.returncode:
            sys.exit(done.stdout[-3000:] + done.stderr[-3000:])
        con = duckdb.connect(str(db), read_only=True)
        rows = con.execute("""
            SELECT regexp_extract(f.path, '([^/]+)\\.txt$', 1), e.plover_type, e.cameo_code, e.source_code,
                   e.source_country, e.target_code, e.target_country, e.confidence, e.trigger_text, e.negated
            FROM events e JOIN articles a USING (article_id) JOIN files f USING (file_id)
            ORDER BY f.path, e.sentence_index, e.event_id""").fetchall()  # ties between events: a fixed order
        con.close()
    return _group(rows)


def run_fast(records: list[dict]) -> dict[str, list[dict]]:
    """Events per record id, through the transforms in-process (same code, no Prefect, no files)."""
    coded = code_texts([r["id"] for r in records], [r["text"] for r in records], [r["date"] for r in records])
    rows = [(key, e["plover_type"], e["cameo_code"], e["source_code"], e["source_country"], e["target_code"],
             e["target_country"], e["confidence"], e["trigger_text"], e["negated"])
            for key, events in coded.items() for e in events]
    return _group(rows)


def _group(rows) -> dict[str, list[dict]]:
    keys = ("plover", "cameo", "source_code", "source_country", "target_code", "target_country", "confidence",
            "trigger", "negated")
    out: dict[str, list[dict]] = {}
    for row in rows:
        out.setdefault(row[0], []).append(dict(zip(keys, row[1:], strict=True)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fast", action="store_true", help="run the transforms in-process instead of the CLI")
    parser.add_argument("--show-errors", type=int, default=0, help="print this many wrongly typed records")
    args = parser.parse_args()
    records = load_gold()
    events = run_fast(records) if args.fast else run_cli(records)

    n = len(records)
    right = Counter()
    confusion: Counter[tuple[str, str]] = Counter()
    bands: dict[tuple[float, float], list[bool]] = {b: [] for b in BANDS}
    with_target = 0
    errors = []
    per_type: dict[str, list[int]] = {}
    for r in records:
        gold_type = TO_2021.get(r["event"], r["event"])
        evs = sorted(events.get(r["id"], []), key=lambda e: -(e["confidence"] or 0))
        top = evs[0] if evs else None
        got_type = top["plover"] if top else "(none)"
        type_ok = got_type == gold_type
        src_ok = bool(top) and actor_of(top["source_code"], top["source_country"]) in codes(r.get("source"))
        gold_targets = codes(r.get("target"))
        with_target += bool(gold_targets)
        tgt_ok = bool(top) and actor_of(top["target_code"], top["target_country"]) in gold_targets
        stats = per_type.setdefault(gold_type, [0, 0, 0])
        stats[0], stats[1], stats[2] = stats[0] + 1, stats[1] + type_ok, stats[2] + src_ok
        right["type"] += type_ok
        right["source"] += src_ok
        right["target"] += tgt_ok
        right["any event"] += bool(top)
        if not type_ok:
            confusion[(gold_type, got_type)] += 1
            errors.append((r, top))
        if top:
            for lo, hi in BANDS:
                if lo <= top["confidence"] < hi:
                    bands[(lo, hi)].append(type_ok and src_ok)
    print(f"records: {n}   with an event: {right['any event']} ({right['any event'] / n:.0%})")
    print(f"type accuracy:   {right['type'] / n:.3f}")
    print(f"source accuracy: {right['source'] / n:.3f}")
    print(f"target accuracy: {right['target'] / max(with_target, 1):.3f}  (over {with_target} records with a target)")
    print("most frequent confusions (gold → coded):")
    for (g, c), k in confusion.most_common(12):
        print(f"  {g:<10} → {c:<10} {k}")
    print("by gold type: n, type right, source right")
    for g, k in sorted(per_type.items(), key=lambda kv: -kv[1][0]):
        print(f"  {g:<10} {k[0]:>3}  {k[1] / k[0]:.2f}  {k[2] / k[0]:.2f}")
    print("accuracy (type and source right) by confidence band:")
    for (lo, hi), oks in bands.items():
        if oks:
            print(f"  [{lo:.2f}, {min(hi, 1):.2f}): {sum(oks) / len(oks):.2f} of {len(oks)}")
    for r, top in errors[: args.show_errors]:
        print(f"- {r['event']}: {r['text'][:150]}\n    coded: {top}")


if __name__ == "__main__":
    main()
