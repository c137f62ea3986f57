"""Rebuild transforms/lexicon/discards.csv (phrase, scope) from Phoenix's discard list (MIT; phoenix_discards.txt).

A line with ``+`` is a story-level discard (scope ``story``: its presence anywhere means the story is sport,
entertainment or otherwise not political); other lines are sentence-level (``sentence``). Phrases are written
in lower case, whitespace collapsed, the no-plural ``_`` dropped, each once (story scope winning).

Left out, and counted in the output: pure numbers (the years 1914-2013), and the phrases of TOO_GENERIC below,
which political news uses often enough that discarding on them would lose its events: relative times ("two
weeks ago, rebels seized…"); words politics borrows from sport or TV ("champion of reform", "a third round of
talks", "a landslide victory", "marathon talks", "an upset loss", "a Big Brother state", "on Boxing Day"); the
wars, attacks and empires political sentences measure against ("the largest deployment since World War II");
disasters and epidemics whose relief is an event (CAMEO 07: "pledged aid to tsunami victims"); sport's
"Group A" to "Group H" (matched in any case: "the group a day later"); political people and occasions.
Run from the repository with ../shared beside it: python3 tools/build_discards.py
"""

import csv
from collections import Counter
from pathlib import Path

REF = Path(__file__).resolve().parents[2] / "shared" / "reference" / "phoenix_discards.txt"
OUT = Path(__file__).resolve().parents[1] / "transforms" / "lexicon" / "discards.csv"
TOO_GENERIC = {
    "relative times": {"weeks ago", "months ago", "years ago", "weeks later", "months later", "years later"},
    "words politics borrows": {"champion", "champions", "third round", "landslide", "marathon", "upset loss",
                               "millennium", "pollution", "big brother", "boxing"},
    "reference points": {"world war one", "world war i", "world war 1", "world war two", "world war ii",
                         "world war 2", "second world war", "post world war ii", "world trade center",
                         "british empire"},
    "disasters and epidemics (aid is an event)": {"tsunami", "typhoon", "tropical storm", "widespread flood",
                                                  "ebola", "polio", "bird flu", "avian flu", "avian influenza",
                                                  "h5n1"},
    "sport groups that read as words": {f"group {letter}" for letter in "abcdefgh"},  # "the group a day later"
    "political people and occasions": {"anita hill", "oliver north", "rick lazio", "abdul karim qasim",
                                       "presidential debate", "presidential vote recount"},
}
GENERIC = {phrase: why for why, phrases in TOO_GENERIC.items() for phrase in phrases}



def phrase_of(line: str) -> str:
    """'+EURO  QUALIFIER   # SLS …' → 'euro qualifier'; 'GROUP A_' → 'group a'."""
    return " ".join(w.strip("_") for w in line.split("#")[0].strip().lstrip("+").lower().split() if w.strip("_"))


counts: Counter = Counter()
rows: dict[str, str] = {}
lines = REF.read_text(encoding="utf-8", errors="replace").splitlines()
for line in lines:
    phrase, scope = phrase_of(line), "story" if line.startswith("+") else "sentence"
    if not phrase:
        continue
    if phrase.isdigit():
        counts["pure numbers (years)"] += 1
    elif phrase in GENERIC:
        counts[f"too generic: {GENERIC[phrase]}"] += 1
    elif rows.get(phrase) != "story":
        rows[phrase] = scope
missing = set(GENERIC) - set(map(phrase_of, lines))
assert not missing, f"TOO_GENERIC names phrases the list does not have: {missing}"
with open(OUT, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["phrase", "scope"])
    w.writerows(sorted(rows.items(), key=lambda r: (r[1], r[0])))
for what, n in sorted(counts.items()):
    print(f"{n:6d}  {what}")
print(len(rows), "phrases:", Counter(rows.values()))
