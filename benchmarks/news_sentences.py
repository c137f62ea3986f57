"""Event coding on real news sentences coded by hand: detection, type and source on BBC politics and business.

Gold: ``benchmarks/data/bbc_event_sentences.json``, 280 sentences of BBC News 2004-2005 articles
(``../shared/corpora/bbc_2004_2005_train.csv.gz``) coded by hand. Two strata: "random", one random sentence from
each of 160 politics and 40 business articles (business as likely negatives); "lead", the first sentence (the
headline glued to the lead) of 80 other politics articles, because only one random politics sentence in five
reports an event. Per sentence: ``reports_event`` and, when true, ``plover_type``, ``source`` (ISO3 country, or
the IGO/NGO/IMG/MNC prefix), ``source_text``, ``target``, ``target_text``; ``|`` separates equally good
alternatives (a sentence with two events, a compound actor). The coding conventions and the draw are in
``benchmarks/data/README.md``. Ids alternate between the halves ``tune`` and ``check``: tune the coder on one,
confirm on the other.

Scoring: every article that holds a gold sentence is coded whole, in-process (``benchmarks/_coding.py``; actors
need the context; date 2005-01-01). A gold sentence is aligned to the article's sentences as the model split
them (whitespace-normalised equality); one that is not found counts as a sentence with no coded event and is
reported. The events whose ``sentence`` is the gold sentence are the coded events of it; the top one (highest
confidence, ties by order) is scored. Printed per half, per stratum and overall:

  * sentences, and how many report an event (gold);
  * of those: detected (any event coded in the sentence), right type (top event's type = gold), right source
    (top event's source country or prefix = gold), right type and source, right target (over gold targets);
  * detection precision: of the sentences with a coded event, the share the gold says report an event.

    .venv/bin/python benchmarks/news_sentences.py [--show N] [--gold FILE]
    .venv/bin/python benchmarks/news_sentences.py --draw FILE      # the draw, gold fields empty (done once)
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._coding import actor_of, code_documents, top_event  # noqa: E402
from benchmarks.sample_events import DATE, load_articles  # noqa: E402

GOLD = ROOT / "benchmarks" / "data" / "bbc_event_sentences.json"
DRAW = (("politics", 160), ("business", 40))
LEADS = ("politics", 80)
DRAW_SEED = 2005
MIN_WORDS = 6
HALVES = ("tune", "check")
STRATA = ("random", "lead")
GOLD_FIELDS = ("reports_event", "plover_type", "source", "source_text", "target", "target_text", "note")


def norm(text: str) -> str:
    return " ".join(text.split())


def align(sentence: str, article_sentences: Sequence[str], events: Sequence[dict]) -> list[dict] | None:
    """The events coded in ``sentence``; None when the article has no such sentence."""
    key = norm(sentence)
    if key not in {norm(s) for s in article_sentences}:
        return None
    return [e for e in events if norm(e["sentence"]) == key]


def matches(gold: str | None, code: str | None, country: str | None) -> bool:
    got = actor_of(code, country)
    return bool(gold) and got is not None and got in gold.split("|")


def verdict(item: dict, events: list[dict] | None) -> dict:
    """One gold sentence against its coded events (None: not aligned)."""
    top = top_event(events or [])
    gold = bool(item["reports_event"])
    return {
        "aligned": events is not None,
        "gold": gold,
        "detected": top is not None,
        "type": gold and top is not None and top["plover_type"] in item["plover_type"].split("|"),
        "source": gold and top is not None and matches(item["source"], top["source_code"], top["source_country"]),
        "has_target": gold and bool(item.get("target")),
        "target": gold and top is not None and matches(item.get("target"), top["target_code"], top["target_country"]),
        "top": top,
    }


def figures(verdicts: Sequence[dict]) -> dict[str, tuple[int, int]]:
    """(count, out of) per figure."""
    gold = [v for v in verdicts if v["gold"]]
    detected = [v for v in verdicts if v["detected"]]
    return {
        "sentences": (len(verdicts), len(verdicts)),
        "not aligned": (sum(not v["aligned"] for v in verdicts), len(verdicts)),
        "report an event (gold)": (len(gold), len(verdicts)),
        "detected": (sum(v["detected"] for v in gold), len(gold)),
        "right type": (sum(v["type"] for v in gold), len(gold)),
        "right source": (sum(v["source"] for v in gold), len(gold)),
        "right type and source": (sum(v["type"] and v["source"] for v in gold), len(gold)),
        "right target (gold target)": (sum(v["target"] for v in gold if v["has_target"]),
                                       sum(v["has_target"] for v in gold)),
        "detection precision": (sum(v["gold"] for v in detected), len(detected)),
    }


def report(columns: dict[str, dict[str, tuple[int, int]]]) -> None:
    names = list(columns)
    print(f"{'':<28}" + "".join(f"{name:>18}" for name in names))
    for key in columns[names[0]]:
        cells = []
        for name in names:
            k, n = columns[name][key]
            cells.append(f"{k:>18}" if key in ("sentences", "not aligned", "report an event (gold)")
                         else f"{k / max(n, 1):>9.2f} ({k:>3}/{n:>3})")
        print(f"{key:<28}" + "".join(cells))


def show_misses(items: Sequence[dict], verdicts: Sequence[dict], n: int) -> None:
    shown = 0
    for item, v in zip(items, verdicts, strict=True):
        if shown >= n or v["gold"] == v["detected"] and (not v["gold"] or (v["type"] and v["source"])):
            continue
        shown += 1
        kind = ("false alarm" if not v["gold"] else "missed" if not v["detected"] else "wrong type or source")
        gold = f"{item['plover_type']} {item['source']}→{item.get('target')}" if v["gold"] else "no event"
        top = v["top"]
        coded = (f"{top['plover_type']} {top['cameo_code']} '{top['trigger_text']}' "
                 f"{actor_of(top['source_code'], top['source_country'])}→"
                 f"{actor_of(top['target_code'], top['target_country'])}" if top else "nothing")
        print(f"- {item['id']} [{kind}] gold {gold}; coded {coded}{'' if v['aligned'] else ' (NOT ALIGNED)'}\n"
              f"    {item['sentence'][:300]}")


def score(items: list[dict], show: int) -> None:
    rows = sorted({item["article_row"] for item in items})
    texts = dict(load_all())
    coded = code_documents([str(r) for r in rows], [texts[r] for r in rows], [DATE] * len(rows))
    verdicts = [verdict(item, align(item["sentence"], coded.sentences[str(item["article_row"])],
                                    coded.events.get(str(item["article_row"]), []))) for item in items]
    pairs = list(zip(items, verdicts, strict=True))
    columns = {h: figures([v for item, v in pairs if item["half"] == h]) for h in HALVES}
    columns.update({s: figures([v for item, v in pairs if item.get("stratum") == s]) for s in STRATA})
    columns["all"] = figures(verdicts)
    report(columns)
    show_misses(items, verdicts, show)


def load_all() -> list[tuple[int, str]]:
    return [pair for category, _ in DRAW for pair in load_articles(category)]


def draw(path: Path) -> None:
    """The sentences to code by hand (gold fields empty).

    Stratum "random": one random sentence of MIN_WORDS+ words from each of a random set of articles per category.
    Stratum "lead": the first sentence (the headline glued to the lead) of LEADS other politics articles, since
    one politics sentence in five reports an event and leads report one far more often.
    """
    rng = random.Random(DRAW_SEED)
    chosen = [(category, row, text) for category, k in DRAW for row, text in rng.sample(load_articles(category), k)]
    coded = code_documents([str(row) for _, row, _ in chosen], [t for _, _, t in chosen], [DATE] * len(chosen))
    items = []
    for category, row, _ in chosen:
        candidates = [s for s in coded.sentences[str(row)] if len(s.split()) >= MIN_WORDS]
        items.append(_item(len(items), "random", category, row, rng.choice(candidates)))
    taken = {row for _, row, _ in chosen}
    leads = rng.sample([(row, text) for row, text in load_articles(LEADS[0]) if row not in taken], LEADS[1])
    coded = code_documents([str(row) for row, _ in leads], [text for _, text in leads], [DATE] * len(leads))
    for row, _ in leads:
        items.append(_item(len(items), "lead", LEADS[0], row, coded.sentences[str(row)][0]))
    path.write_text(json.dumps(items, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(items)} sentences to code to {path}")


def _item(k: int, stratum: str, category: str, row: int, sentence: str) -> dict:
    return {"id": f"bbc-s{k:03d}", "half": HALVES[k % 2], "stratum": stratum, "article_row": row,
            "category": category, "sentence": norm(sentence), **dict.fromkeys(GOLD_FIELDS)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=GOLD, help="the hand-coded sentences")
    parser.add_argument("--show", type=int, default=0, help="print this many misses and false alarms")
    parser.add_argument("--draw", type=Path, help="write a fresh draw of sentences to code (gold fields empty)")
    args = parser.parse_args()
    started = time.perf_counter()
    if args.draw:
        draw(args.draw)
    else:
        score(json.loads(args.gold.read_text(encoding="utf-8")), args.show)
    print(f"wall time: {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
