"""Rebuild transforms/lexicon/organisations.csv (the columns of actors.csv) from Phoenix's international actors
dictionary (MIT; phoenix_international_actors.txt: IGOs, NGOs, multinational companies and media).

Entries are read as tools/build_nonstate.py reads the non-state dictionary (same name spelling, same problem
names left out, people dropped), keeping entries whose code starts with IGO, NGO, MNC or MED. A company's name
with its legal form ("Applied Materials, Inc") also gives the name without it ("Applied Materials"). Facts of
a code: ``actor_code`` the code; ``country_code`` its letters 4-6 when they are an ISO3 country
(MNCCANMED → CAN); ``sector`` IGO, NGO, BUS (MNC) or MED. Also left out: entries with a dated code (an office
held from a date to another: people, whatever their name looks like) and single words that are words of
people's names in people.csv ("Ford", "Dell": a person as often as a company) or places' names ("Blyth"), and
entries whose first name is two or three words, none an organisation's word, that the model reads as a person's
(most IGO and NGO staff are listed without dates: "Gillian Mellsop"). Media's acronyms (AFP, CNN) are kept
however short. actors.csv and nonstate.csv win over this table where they share a name (see
transforms.lexicon.named_actors).
Run from the repository with ../shared beside it: python3 tools/build_organisations.py
"""

import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tools")]

import build_nonstate as nonstate  # noqa: E402

from transforms import gazetteer  # noqa: E402
from transforms.orgnames import LEGAL_SUFFIXES, ORG_WORDS, WRITTEN_SUFFIXES, without_legal_form  # noqa: E402

REF = ROOT.parent / "shared" / "reference" / "phoenix_international_actors.txt"
SECTORS = {"IGO": "IGO", "NGO": "NGO", "MNC": "BUS", "MED": "MED"}
DATED = re.compile(r"\[[A-Z]{3,}\s*[<>]?\s*\d{6}")
PEOPLE_WORDS = {w.lower() for r in csv.DictReader(open(nonstate.LEXICON / "people.csv", encoding="utf-8"))
                for w in r["name"].split()}
DATED_NAMES = set()
for line in REF.read_text(encoding="utf-8", errors="replace").splitlines():
    if DATED.search(line) and not line.startswith(("+", "\t", " ", "[")):
        DATED_NAMES.add(nonstate.written(line.split("[")[0].split("#")[0].strip())[0].lower())


SUFFIX_CASE = {w.lower(): w for w in WRITTEN_SUFFIXES}


def cased(name: str) -> str:
    """A legal form as companies write it: "Siemens Ag" → "Siemens AG"."""
    words = name.split()
    return " ".join(words[:-1] + [SUFFIX_CASE.get(words[-1].lower().rstrip("."), words[-1])]) if words else name


MEDIA = {nonstate.written(names[0])[0].lower() for names, codes in nonstate.entries(REF)
         if names and codes and codes[0].startswith("MED")}


def facts(code: str) -> tuple[str, str]:
    return code[3:6] if code[3:6] in nonstate.ISO3 else "", SECTORS[code[:3]]


def looks_like_a_person(name: str) -> bool:
    """Two or three words, none an organisation's word, that the model reads as a person ("Gillian Mellsop")."""
    words = name.lower().replace(".", " ").split()
    org = nonstate.GROUP_WORDS | LEGAL_SUFFIXES | ORG_WORDS | nonstate.SMALL
    return 2 <= len(words) <= 3 and not org & set(words) and any(
        e.label_ == "PERSON" and e.start == 0 for e in nonstate.NLP(f"{name} said on Monday.").ents)


def problem(name: str, entry: list[str], taken: dict, hand: dict) -> str | None:
    low = name.lower()
    if name.isupper() and len(name) <= 3 and entry[0].lower() in MEDIA and low not in hand and low not in taken:
        return None  # a news agency's or broadcaster's acronym: "AFP", "AP", "CNN"
    return ("an office held for dates (a person)" if entry[0].lower() in DATED_NAMES
            else "a word of people's names" if " " not in low and low in PEOPLE_WORDS
            else "a place's name" if " " not in low and (gazetteer.city(name) or gazetteer.country_code(name))
            else "a person's name" if looks_like_a_person(entry[0])
            else nonstate.problem(name, entry, taken, hand))


if __name__ == "__main__":
    nonstate.written = lambda raw, spelt=nonstate.written: (cased(spelt(raw)[0]), spelt(raw)[1])
    nonstate.build(REF, nonstate.LEXICON / "organisations.csv", facts, keep=lambda code: code[:3] in SECTORS,
                   aliases=lambda name: [n for n in [without_legal_form(name)] if n], problem_of=problem)
