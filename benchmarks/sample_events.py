"""Precision of event coding, judged by hand: a fixed random draw of events from BBC politics or synthetic stories.

Data (``--corpus``):
  * ``bbc`` (the default): the ``politics`` articles of ``../shared/corpora/bbc_2004_2005_train.csv.gz`` (BBC News
    2004-2005; the headline is glued to the body, so the whole text is passed as the body), exact duplicate texts
    dropped (the first row kept). ``article_row`` is the row of the CSV (0-based).
  * ``stories``: the half-B stories of ``../shared/benchmarks/plover_synthetic_stories.csv.gz`` (``half_of`` in
    ``benchmarks/stories.py``; 2,196 of 4,500, no duplicate bodies), each story's whole body coded (no title: the
    titles are templates). ``article_row`` is the story's row of the CSV (0-based). The stories are invented news
    written by a language model: judge an event against what the text says, not against the real world (a
    president or a country's deed that never happened is judged as if it had).
Neither corpus has publication dates: every article gets 2005-01-01. Coded in-process
(``benchmarks/_coding.py``). Printed over ALL events coded: articles and events, events per article, the shares
of events with a target, with a location country and with lat/lon, the PLOVER types, and the
``location_source`` counts when the coder writes that column.

The draw: the events sorted by ``event_id``, then ``random.Random(13).sample(events, 50)``, written with
``--draw FILE`` as a CSV with empty ``type_ok, source_ok, target_ok, note`` columns to fill in by hand.
``--score FILE`` reads a judged CSV (no coding) and prints: type right, source right, type AND source right (the
headline figure), target right over the events with a coded target, and how many events without a coded target
have one in the sentence. ``--still JUDGED.csv [MORE.csv ...]`` codes the corpus and scores only the judged
events the current coder still codes (a change that removes events, measured without new judging): the same
sentence, trigger, type, source and target codes, or with ``--any-target`` any target; with several files, each
and then all of them together (a row judged in two files counts twice). A draw from
another coder can reuse earlier judgements with ``--reuse JUDGED.csv
[MORE.csv ...]``: an event with the same sentence, trigger, type, source and target codes gets the same judgement
(marked in ``note``; when several files judge it, the first file named wins); the rest stay empty.

Judging rubric (values ``1`` or ``0``; ``na`` for target_ok only):
  * type_ok = 1 when the sentence reports a political or social interaction of that PLOVER type, by the coded
    doer, in the mode the CAMEO code says (done, announced, intended, threatened, demanded, …). 0 for a sports,
    business-only, entertainment or metaphorical sense of the trigger ("Labour attacks Tory plans" is ACCUSE, not
    ASSAULT); 0 for speculation, a hypothetical or a conditional coded as a deed; 0 for the wrong type family.
    A CAMEO sub-code that is off within the right PLOVER type still counts 1. Also 0: a deed mentioned only
    as background or a time anchor ("following Blunkett's resignation"), an act alleged inside someone's
    accusation (the accusation is the event), crime between private persons, CAMEO 01 statements (declining
    comment, denying a claim, defending one's own plans). A party's or government's specific policy pledge
    ("would fund free care by a 50% tax rate") is AGREE (intent to change policy); vague rhetoric is 0.
  * source_ok = 1 when the coded source's country (or IGO/NGO/armed-group code prefix) is the doer's, judged
    against the doer of the action the trigger names even when the type is wrong; a British MP, party or
    minister coded GBR is right (the sector is not judged). 0 when the source is another actor or missing.
  * target_ok: likewise for the recipient. ``na`` when no target is coded and the sentence names none; 0 when
    none is coded but the sentence names one (counted apart as a missing target; only for events whose type is
    right: an event that is not one has no missing target, ``na``).
  Source and target are judged by country, as plover.py scores them: a wrong actor of the right country
  ("Harold Wilson" for Blair) is 1, and the ``note`` says "src actor wrong".

    .venv/bin/python benchmarks/sample_events.py [--corpus bbc|stories]            # population figures
    .venv/bin/python benchmarks/sample_events.py --draw draw.csv [--reuse benchmarks/data/judged_events_v2_bbc.csv ...]
    .venv/bin/python benchmarks/sample_events.py --corpus stories --draw draw.csv
    .venv/bin/python benchmarks/sample_events.py --score benchmarks/data/judged_events_baseline.csv
    .venv/bin/python benchmarks/sample_events.py --still benchmarks/data/judged_events_v3_bbc.csv
    .venv/bin/python benchmarks/sample_events.py --still benchmarks/data/judged_events_v[2-7]_bbc.csv --any-target
"""

from __future__ import annotations

import argparse
import csv
import gzip
import os
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._coding import code_texts  # noqa: E402
from benchmarks.stories import STORIES, half_of  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpora" / "bbc_2004_2005_train.csv.gz"
CATEGORY = "politics"
HALF = "B"  # the half of the synthetic stories drawn from
# The publication date every article gets; BENCH_DATE overrides it ("" for none: coded as undated files are).
DATE = os.environ.get("BENCH_DATE", "2005-01-01") or None
SEED = 13
DRAW_SIZE = 50
FIELDS = ("n", "article_row", "sentence", "trigger_text", "plover_type", "cameo_code", "source_text", "source_code",
          "target_text", "target_code", "location_text", "location_country", "confidence", "type_ok", "source_ok",
          "target_ok", "note")
JUDGED = ("type_ok", "source_ok", "target_ok")
SAME_EVENT = ("sentence", "trigger_text", "plover_type", "source_code", "target_code")
SAME_EVENT_ANY_TARGET = SAME_EVENT[:-1]  # ``--any-target``: a target found anew or lost keeps the event


def load_articles(category: str = CATEGORY, path: Path = CORPUS) -> list[tuple[int, str]]:
    """(row, text) of the category's articles, in row order, without exact duplicate texts."""
    import pandas as pd

    frame = pd.read_csv(path)
    frame = frame[frame["category"] == category]
    frame = frame[~frame["text"].duplicated()]
    return list(zip(frame.index.tolist(), frame["text"].tolist(), strict=True))


def load_stories(half: str = HALF, path: Path = STORIES) -> list[tuple[int, str]]:
    """(row, body) of the synthetic stories of one half, in row order."""
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        return [(row, r["text"]) for row, r in enumerate(csv.DictReader(f)) if half_of(r["text"]) == half]


LOADERS = {"bbc": load_articles, "stories": load_stories}


def code_articles(articles: Sequence[tuple[int, str]]) -> list[dict]:
    """Every event of the articles, each with its ``article_row``."""
    coded = code_texts([str(row) for row, _ in articles], [text for _, text in articles], [DATE] * len(articles))
    return [{**e, "article_row": int(key)} for key, events in coded.items() for e in events]


def population(events: Sequence[dict], n_articles: int) -> None:
    n = len(events)
    share = (lambda k: k / n) if n else (lambda k: 0.0)
    print(f"articles: {n_articles}   events: {n}   events per article: {n / max(n_articles, 1):.2f}")
    print(f"with a target: {share(sum(bool(e['target_code'] or e['target_country']) for e in events)):.3f}   "
          f"with a location country: {share(sum(bool(e['location_country']) for e in events)):.3f}   "
          f"with lat/lon: {share(sum(e['lat'] is not None and e['lon'] is not None for e in events)):.3f}")
    print("PLOVER types: " + ", ".join(f"{t} {k}" for t, k in Counter(e["plover_type"] for e in events).most_common()))
    if events and "location_source" in events[0]:
        sources = Counter(str(e["location_source"]) for e in events)
        print("location_source: " + ", ".join(f"{s} {k}" for s, k in sources.most_common()))


def draw(events: Sequence[dict], k: int = DRAW_SIZE, seed: int = SEED) -> list[dict]:
    """A stable random draw: sorted by event_id, then ``random.Random(seed).sample``."""
    ordered = sorted(events, key=lambda e: e["event_id"])
    return random.Random(seed).sample(ordered, min(k, len(ordered)))


def to_rows(drawn: Sequence[dict]) -> list[dict]:
    """The CSV rows to judge, judgement columns empty."""
    rows = []
    for n, e in enumerate(drawn, start=1):
        row = {f: e.get(f) for f in FIELDS}
        row.update(n=n, confidence=f"{e['confidence']:.2f}", type_ok="", source_ok="", target_ok="", note="")
        rows.append({f: "" if v is None else v for f, v in row.items()})
    return rows


def reuse(rows: list[dict], judged: Sequence[dict]) -> int:
    """Copy the judgements of the same events (same sentence, trigger, type and actor codes); how many were."""
    known: dict[tuple, dict] = {}
    for j in judged:
        known.setdefault(tuple(j[f] for f in SAME_EVENT), j)
    done = 0
    for row in rows:
        old = known.get(tuple(str(row[f]) for f in SAME_EVENT))
        if old:
            row.update({f: old[f] for f in JUDGED}, note=f"reused: {old['note'].removeprefix('reused: ')}".strip(": "))
            done += 1
    return done


def still_coded(judged: Sequence[dict], events: Sequence[dict], fields: Sequence[str] = SAME_EVENT) -> list[dict]:
    """The judged rows whose event (same sentence, trigger, type and actor codes; or the ``fields`` given) the coder
    still codes: a change that only removes events is scored on them without judging anew."""
    coded = {tuple("" if e.get(f) is None else str(e[f]) for f in fields) for e in events}
    return [j for j in judged if tuple(j[f] for f in fields) in coded]


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def write_csv(path: Path, rows: Sequence[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(rows)


def scores(rows: Sequence[dict]) -> dict[str, tuple[int, int]]:
    """(right, out of) for each figure of a judged draw; an unjudged row raises."""
    for row in rows:
        if any(row[f].strip() not in ("1", "0", "na") for f in JUDGED) or row["type_ok"].strip() == "na":
            raise ValueError(f"row {row['n']} is not judged: {[row[f] for f in JUDGED]}")
    ok = [{f: row[f].strip() for f in JUDGED} | {"has_target": bool(row["target_code"].strip())} for row in rows]
    with_target = [j for j in ok if j["has_target"]]
    without = [j for j in ok if not j["has_target"]]
    return {
        "type right": (sum(j["type_ok"] == "1" for j in ok), len(ok)),
        "source right": (sum(j["source_ok"] == "1" for j in ok), len(ok)),
        "type AND source right": (sum(j["type_ok"] == "1" and j["source_ok"] == "1" for j in ok), len(ok)),
        "target right (coded target)": (sum(j["target_ok"] == "1" for j in with_target), len(with_target)),
        "target missing (none coded, one named)": (sum(j["target_ok"] == "0" for j in without), len(without)),
    }


def print_scores(figures: dict[str, tuple[int, int]]) -> None:
    for name, (right, total) in figures.items():
        print(f"{name:<40} {right / max(total, 1):.2f}  ({right} of {total})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=sorted(LOADERS), default="bbc",
                        help="BBC politics articles or the half-B synthetic stories")
    parser.add_argument("--draw", type=Path, help="write the random draw of events to judge to this CSV")
    parser.add_argument("--reuse", type=Path, nargs="+", default=[],
                        help="judged CSVs whose judgements of the same events are copied (the first file named wins)")
    parser.add_argument("--score", type=Path, help="score this judged CSV (no coding)")
    parser.add_argument("--still", type=Path, nargs="+", default=[],
                        help="judged CSVs of this corpus: score the judged events the current coder still codes")
    parser.add_argument("--any-target", action="store_true",
                        help="with --still: an event still coded with another target (or none) counts as still coded")
    args = parser.parse_args()
    if args.score:
        print_scores(scores(read_csv(args.score)))
        return

    started = time.perf_counter()
    articles = LOADERS[args.corpus]()
    events = code_articles(articles)
    population(events, len(articles))
    fields = SAME_EVENT_ANY_TARGET if args.any_target else SAME_EVENT
    every_judged, every_kept = [], []
    for path in args.still:
        judged = read_csv(path)
        kept = still_coded(judged, events, fields)
        print(f"{path.name}: {len(kept)} of {len(judged)} judged events still coded")
        print_scores(scores(kept))
        every_judged += judged
        every_kept += kept
    if len(args.still) > 1:
        print(f"all {len(args.still)} files: {len(every_kept)} of {len(every_judged)} judged events still coded")
        print_scores(scores(every_kept))
    if args.draw:
        rows = to_rows(draw(events))
        reused = reuse(rows, [j for path in args.reuse for j in read_csv(path)])
        write_csv(args.draw, rows)
        print(f"wrote {len(rows)} events to judge to {args.draw}" + (f" ({reused} judged already)" if reused else ""))
    print(f"wall time: {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
