"""Rebuild transforms/lexicon/petrarch_verbs.csv, petrarch_patterns.csv and synsets.csv from PETRARCH2's CAMEO
verb dictionary (MIT; its layout is described in petrarch2_dictionary_formats.rst beside it).

The dictionary has three sections:

- SYNONYM SETS: ``&NAME`` followed by ``+WORD`` / ``+TWO_WORDS`` lines. Each becomes synsets.csv rows
  (synset, word): names without ``&`` and lower case, members lower case with underscores as spaces, each
  with the regular plural PETRARCH makes of it (-s, -ies, -sses; none where the member or the set's name ends
  in the no-plural marker ``_``, which is dropped, or where the member already ends in -s); a member naming
  another synset is replaced by its members.
- VERB PATTERNS: blocks headed ``--- NAME [CODE] ---``; then the block's verbs, one a line
  (``VERB {irregular forms} [own code]``, multi-word verbs as ``+CALL_OFF``: the ``+`` word is the verb, the
  words after it its particle); then patterns ``- pre-verb words * post-verb words (PREP NOUN) [code]``.
  petrarch_verbs.csv has one row per verb of each block (verb, particle, block, code: the verb's own code, else
  the block's, empty for ``---``, no event on its own). No verb in this file has words before its ``+``
  (WIRE_TAP is written ``+WIRE_TAP``), so there is no ``before`` column: such a form would be dropped.
  petrarch_patterns.csv has one row per pattern (block, before, after, prep, prep_object, code); items are
  lower-case words, ``&synset`` references or braced phrases ``{A B}`` written ``a_b`` (the last word is the
  head). Markers of where the source, target or a skipped phrase stand (``$ + % ^``) are left out; a word
  with alternatives (``BY/WITH``) gives one row per alternative. Dropped and counted: patterns with more than
  one parenthesised phrase, with one before the verb or followed by more words, with an undefined synset.
- TRANSFORMATIONS (skipped): eight rules, in postfix, recoding a verb whose object is another verb's event,
  e.g. ``~ a (b . ATTACK) SAY = a b 112`` (A says B attacked: A accuses B) or ``~ a (_ b ATTACK) WANT =
  a b 138`` (A wants B attacked: a threat).

Codes: ``[042:043]`` (the second code is the event seen from the target) takes the first, so ``[:173]`` and
``[---]`` give an empty code (the pattern matches but makes no event); a code missing from cameo.csv becomes
its nearest parent that is there (trailing digits dropped). Counts of all of these are printed.
Run from the repository with ../shared beside it: python3 tools/build_verbs.py
"""

import csv
import itertools
import re
from collections import Counter
from pathlib import Path

REF = Path(__file__).resolve().parents[2] / "shared" / "reference" / "petrarch2_cameo_verbs.txt"
LEXICON = Path(__file__).resolve().parents[1] / "transforms" / "lexicon"
HEADER = re.compile(r"^---\s+(.+?)\s+\[([^\]]*)\]")
VERB = re.compile(r"^(\+?[A-Z][A-Z0-9_'+-]*)\s*(?:\{[^}]*\})?\s*(?:\[([^\]]*)\])?\s*$")
PATTERN = re.compile(r"^-(.*)\[([^\]]*)\]\s*$")
TOKEN = re.compile(r"\{[^}]*\}|\([^)]*\)|[^\s{}()]+")
MARKERS = {"$", "+", "%", "^"}
KNOWN = {r["cameo_code"] for r in csv.DictReader(open(LEXICON / "cameo.csv", encoding="utf-8"))}
counts: Counter = Counter()


def lines(section: str) -> list[str]:
    text = REF.read_text(encoding="utf-8", errors="replace")
    start = text.index(f"####### {section} #######")
    body = text[start:].split("\n", 1)[1]
    end = body.find("#######")
    return [re.split(r"[#;]", ln)[0].rstrip() for ln in (body[:end] if end >= 0 else body).splitlines()]


def synset_name(raw: str) -> str:
    return raw.lstrip("&").rstrip("_").lower()


def code_of(raw: str, what: str) -> str:
    """The first of ``a:b`` codes, '' for none; an unknown code becomes its nearest known parent."""
    code = raw.strip().split(":")[0].strip()
    if raw.strip().startswith(":"):
        counts[f"{what} codes [:X] (an event from the target only) left empty"] += 1
    if code in ("", "---"):
        return ""
    known = code
    while known and known not in KNOWN:
        known = known[:-1]
    if known != code:
        counts[f"{what} codes mapped to a parent ({code}->{known})"] += 1
    return known


def plural(phrase: str) -> str | None:
    """PETRARCH's regular plural of a synset member (its last word), None where it makes none."""
    if phrase.endswith("_") or phrase.endswith("S") and not phrase.endswith("SS"):
        return None
    if re.search(r"[^AEIOU]Y$", phrase):
        return phrase[:-1] + "IES"
    return phrase + ("ES" if phrase.endswith("SS") else "S")


def synsets() -> dict[str, list[str]]:
    members: dict[str, list[str]] = {}
    name = None
    for line in lines("SYNONYM SETS"):
        if line.startswith("&"):
            name, singular_only = synset_name(line.split()[0]), line.split()[0].endswith("_")
            members[name] = []
        elif line.startswith("+") and name:
            phrase = line[1:].strip()
            members[name] += [phrase] if singular_only or phrase.startswith("&") else [phrase, plural(phrase)]

    def expand(name: str, seen: frozenset = frozenset()) -> list[str]:
        out = []
        for m in filter(None, members[name]):
            if m.startswith("&") and synset_name(m) not in seen:
                out += expand(synset_name(m), seen | {name})
            else:
                out.append(m.rstrip("_").replace("_", " ").lower())
        return list(dict.fromkeys(out))

    return {name: expand(name) for name in members}


def item(token: str) -> str | None:
    """A pattern word, &synset or {braced phrase} as one item; None for actor markers."""
    if token in MARKERS:
        return None
    words = [w for w in token.strip("{}").split() if w not in MARKERS]
    return "_".join(w if not w.startswith("&") else "&" + synset_name(w) for w in words).lower() or None


def alternatives(body: str) -> list[str]:
    """'(BY/WITH GRENADE)' → '(BY GRENADE)', '(WITH GRENADE)'."""
    parts = re.split(r"([^\s{}()]+/[^\s{}()]+)", body)
    choices = [p.split("/") if i % 2 else [p] for i, p in enumerate(parts)]
    return ["".join(c) for c in itertools.product(*choices)]


def pattern(body: str, defined: set[str]) -> tuple | None:
    """(before, after, prep, prep_object) of one pattern body, or None (counted) for a shape we drop."""
    tokens = TOKEN.findall(body.replace("*", " * "))
    phrases = [i for i, t in enumerate(tokens) if t.startswith("(")]
    star = tokens.index("*") if "*" in tokens else None
    refs = {synset_name(r) for r in re.findall(r"&[A-Z0-9_]+", body)}
    problem = (
        "no *" if star is None
        else "more than one (PREP ...) phrase" if len(phrases) > 1
        else "a (PREP ...) phrase before the verb" if phrases and phrases[0] < star
        else "words after the (PREP ...) phrase" if phrases and any(item(t) for t in tokens[phrases[0] + 1:])
        else "an undefined synset" if refs - defined
        else None
    )
    if problem:
        counts[f"patterns dropped: {problem}"] += 1
        return None
    items = [item(t) for t in tokens]
    before = [i for i in items[:star] if i]
    after = [i for i in items[star + 1:phrases[0] if phrases else None] if i]
    prep = prep_object = ""
    if phrases:
        words = tokens[phrases[0]].strip("()").split(None, 1)
        prep = words[0].lower()
        prep_object = "_".join(i for i in map(item, TOKEN.findall(words[1] if len(words) > 1 else "")) if i)
    if MARKERS & set(re.sub(r"[(){}]", " ", body).split()):
        counts["patterns kept without their actor markers ($ + % ^)"] += 1
    if len(prep_object.split("_")) > 1 and "{" not in body:
        counts["prep objects of several bare words kept as one phrase"] += 1
    return " ".join(before), " ".join(after), prep, prep_object


def verb_row(form: str, block: str, code: str) -> tuple | None:
    words = form.split("_")
    if next((i for i, w in enumerate(words) if w.startswith("+")), 0) > 0:
        counts["verbs dropped: words before the + verb"] += 1
        return None
    return words[0].lstrip("+").lower(), " ".join(words[1:]).lower(), block, code


def blocks(defined: set[str]):
    """Yield ('verb', row) and ('pattern', row) for the VERB PATTERNS section."""
    block = block_code = None
    for line in lines("VERB PATTERNS"):
        if not line.strip():
            continue
        if header := HEADER.match(line):
            block, block_code = header.group(1).strip(), code_of(header.group(2), "block")
        elif found := PATTERN.match(line):
            counts["patterns read"] += 1
            code = code_of(found.group(2), "pattern")
            bodies = alternatives(found.group(1))
            counts["patterns with A/B alternatives (one row per alternative)"] += len(bodies) > 1
            for body in bodies:
                if parts := pattern(body, defined):
                    yield "pattern", (block, *parts, code)
        elif found := VERB.match(line.strip()):
            code = code_of(found.group(2), "verb") if found.group(2) else block_code
            if row := verb_row(found.group(1), block, code):
                yield "verb", row
        else:
            counts[f"lines not understood: {line.strip()[:40]}"] += 1


def write(name: str, header: list[str], rows) -> None:
    with open(LEXICON / name, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


sets = synsets()
verbs, patterns = {}, {}
for kind, row in blocks(set(sets)):
    table = verbs if kind == "verb" else patterns
    counts[f"{kind}s repeated in their block (kept once)"] += row in table
    table.setdefault(row, None)  # keeps the file's order
write("synsets.csv", ["synset", "word"], [(name, word) for name, words in sets.items() for word in words])
write("petrarch_verbs.csv", ["verb", "particle", "block", "code"], verbs)
write("petrarch_patterns.csv", ["block", "before", "after", "prep", "prep_object", "code"], patterns)
for what, n in sorted(counts.items()):
    print(f"{n:6d}  {what}")
print(len(verbs), "verbs,", len(patterns), "patterns,", sum(map(len, sets.values())), "synset members")
