"""Rebuild transforms/lexicon/people.csv: people, the country and sector they act for, and when.

Written from the facts of Phoenix's country and international actor dictionaries (MIT): each person entry
(a name with dated role codes such as [DZAGOV >990427] or [IGOUNO 970101-061231]) gives, for each written
form of the name (the entry and its + aliases of two or more words, titles such as PRESIDENT_ dropped; a
name in several entries keeps the first), one row per dated role with its period: ``start`` and ``end`` as
YYYY-MM-DD, empty where open (>date: from then on; <date: until then; date-date: both ends included). Dates
are YYYYMMDD or YYMMDD, two-digit years 00-29 meaning 20xx and the rest 19xx; a date of another length or
not in the calendar (9008223, 1920030320) is left empty and counted. The role the entry holds last (an
open-ended >date role, else the last one listed) is written last: lexicon.people() takes each name's last row.
Undated roles ([DZAELI], a default) are left out, as are countries, places and groups (entries without dated
roles): the gazetteers and actors.csv cover those.
Run from the repository with ../shared beside it: python3 tools/build_people.py
"""

import csv
import re
from collections import Counter
from datetime import date
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


def day(text: str) -> str:
    """'990427' → '1999-04-27', '18970101' → '1897-01-01'; '' for a date we cannot read."""
    text = text.strip()
    if len(text) == 6:
        text = ("20" if int(text[:2]) <= 29 else "19") + text
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:])).isoformat() if len(text) == 8 else ""
    except ValueError:
        return ""


def period(restriction: str) -> tuple[str, str]:
    """(start, end) of '>990427', '<990427' or '970101-061231'."""
    text = restriction.strip()
    start, end = (text[1:], "") if text.startswith(">") else ("", text[1:]) if text.startswith("<") else \
        text.partition("-")[::2]
    found = day(start) if start.strip() else "", day(end) if end.strip() else ""
    if start.strip() and not found[0] or end.strip() and not found[1]:
        unread["periods with a date we cannot read (left open)"] += 1
    return found


def role(code: str, restriction: str) -> tuple[str, str, str, str, str]:
    country, sector = (code[:3], code[3:6] or None) if not code.startswith(("IGO", "NGO")) else (None, code[:3])
    return (code[:6], country or "", sector or "", *period(restriction))


unread: Counter = Counter()
rows: dict[str, tuple[str, list[tuple]]] = {}
for file in ("phoenix_countries_actors.txt", "phoenix_international_actors.txt"):
    for names, codes in entries(REF / file):
        dated = [(c, d) for c, d in codes if d.strip() and re.search(r"\d{6}", d)]
        if not dated:
            continue
        current = next((i for i, (c, d) in enumerate(dated) if d.strip().startswith(">")), len(dated) - 1)
        held = [role(c, d) for c, d in dated]
        roles = [r for r in dict.fromkeys(held) if r != held[current]] + [held[current]]  # the last held, last
        for raw in names:
            name = name_of(raw)
            if name:
                rows.setdefault(name.lower(), (name, roles))
with open(OUT, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["name", "actor_code", "country_code", "sector", "start", "end"])
    for _, (name, roles) in sorted(rows.items()):
        w.writerows([name, *r] for r in roles)
print(len(rows), "names,", sum(len(r) for _, r in rows.values()), "roles;", dict(unread))
