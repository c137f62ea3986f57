"""Rebuild the project's role table, written from the facts in Phoenix's agents dictionary (MIT).

Each agent phrase (MINISTER, FOREIGN_MINISTER, CATTLE!PERSON!) becomes lower-case words; its code's first
sector (the 3 letters after ~) is the sector. Our hand-written rows win where both have a word.
Run from the repository with ../shared beside it: python3 tools/build_roles.py
"""
import csv
import re
from pathlib import Path

ROLES = Path(__file__).resolve().parents[1] / "transforms" / "lexicon" / "roles.csv"
subs = {}
rows = {}
AGENTS = Path(__file__).resolve().parents[2] / "shared" / "reference" / "phoenix_agents.txt"
for line in open(AGENTS, encoding="utf-8"):
    line = line.split("#")[0].strip()
    if not line:
        continue
    m = re.match(r"^!(\w+)!\s*=\s*(.+)$", line)
    if m:
        subs[m.group(1)] = [w.strip() for w in m.group(2).split(",")]
        continue
    m = re.match(r"^([A-Z0-9_!'.&-]+)\s*(?:\{[^}]*\})?\s*\[~([A-Z]{3})", line)
    if not m:
        continue
    phrase, sector = m.group(1), m.group(2)
    variants = [phrase]
    for name, words in subs.items():
        if f"!{name}!" in phrase:
            variants = [v.replace(f"!{name}!", w) for v in variants for w in words]
    for v in variants:
        words = v.replace("_", " ").strip().lower()
        if "!" in words or len(words) < 3:
            continue
        rows.setdefault(words, sector)
        if " " not in words and not words.endswith("s"):
            rows.setdefault(words + "s", sector)  # Phoenix assumes regular plurals
ours = {r["word"]: r["sector"] for r in csv.DictReader(open(ROLES))}
merged = {**rows, **ours}
with open(ROLES, "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["word", "sector"])
    for word in sorted(merged):
        w.writerow([word, merged[word]])
print(len(rows), len(ours), len(merged))
