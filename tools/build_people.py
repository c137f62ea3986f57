"""Rebuild transforms/lexicon/people.csv: people and the country and sector they act for.

Written from the facts of Phoenix's country and international actor dictionaries (MIT): each person entry
(a name with dated role codes such as [DZAGOV >990427] or [IGOUNO 970101-061231]) gives one row per written
form of the name (the entry and its + aliases of two or more words, titles such as PRESIDENT_ dropped),
with the role the entry holds last (an open-ended >date role, else the last one listed). Countries, places
and groups (entries without dated roles) are left out: the gazetteers and actors.csv cover those.
Run from the repository with ../shared beside it: python3 tools/build_people.py
"""

import csv
import re
from pathlib import Path

REF = Path(__file__).resolve().parents[2] / "shared" / "reference"
OUT = Path(__file__).resolve().parents[1] / "transforms" / "lexicon" / "people.csv"
CODE = re.compile(r"\[([A-Z]{3,15})\s*([^\]]*)\]")
TITLES = {"PRESIDENT", "PRIME", "MINISTER", "KING", "QUEEN", "PRINCE", "SHEIKH", "GENERAL", "SECRETARY-GENERAL",
          "SECRETARY", "UNITED", "NATIONS", "CHANCELLOR", "DR", "DR.", "MR", "MR.", "FOREIGN", "DEFENSE", "DEFENCE"}


def name_of(raw: str) -> str | None:
    words = [w for w in raw.strip().strip("_").split("_") if w]
    while words and words[0].upper() in TITLES or words and len(words[0]) > 2 and words[0].isupper() and \
            words[0].endswith(("IAN", "ESE", "ISH")) and len(words) > 2:
        words = words[1:]
    if len(words) < 2 or any(not re.fullmatch(r"[A-Z][A-Z.'\-]*", w) for w in words):
        return None
    return " ".join(w.capitalize() if "-" not in w else "-".join(p.capitalize() for p in w.split("-")) for w in words)


def entries(path: Path):
    names, codes = [], []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        text = line.split("#")[0].rstrip()
        if not text.strip():
            continue
        if not line[0].isspace() and not text.startswith("+") and not text.startswith("["):
            if names:
                yield names, codes
            head, _, rest = text.partition("[")
            names, codes = [head.strip()], CODE.findall("[" + rest) if rest else []
        elif text.startswith("+"):
            names.append(text[1:].strip())
        else:
            codes += CODE.findall(text)
    if names:
        yield names, codes


rows: dict[str, tuple[str, str]] = {}
for file in ("phoenix_countries_actors.txt", "phoenix_international_actors.txt"):
    for names, codes in entries(REF / file):
        dated = [(c, d) for c, d in codes if d.strip() and re.search(r"\d{6}", d)]
        if not dated:
            continue
        current = next((c for c, d in dated if d.strip().startswith(">")), dated[-1][0])
        country, sector = (current[:3], current[3:6] or None) if not current.startswith(("IGO", "NGO")) else \
            (None, current[:3])
        for raw in names:
            name = name_of(raw)
            if name:
                rows.setdefault(name.lower(), (name, current, country, sector))
with open(OUT, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["name", "actor_code", "country_code", "sector"])
    for _, (name, code, country, sector) in sorted(rows.items()):
        w.writerow([name, code[:6], country or "", sector or ""])
print(len(rows), "names")
