"""Truecasing: headlines and datelines in capitals, recased before the model reads them.

A model trained on mixed-case news reads "RUSSIA, CHINA REJECT PRESSURE" badly. Each word of an
all-capitals segment takes the casing the same word has in the article's mixed-case text (the classic
document-level truecaser); failing that, names the gazetteers know are capitalised ("Moscow", "NATO"
stays as an acronym), and other words are lower-cased, the first word capitalised. Only the case of
letters changes, so every character offset stays valid and surfaces are read from the original text.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from transforms import gazetteer, lexicon

_WORD = re.compile(r"[^\W\d_]+(?:['’.-][^\W\d_]+)*\.?", re.UNICODE)
MIN_WORDS = 2
CAPS_SHARE = 0.7


def is_shouting(text: str) -> bool:
    """True when most letters of a segment of two or more words are capitals."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 4 or len(_WORD.findall(text)) < MIN_WORDS:
        return False
    return sum(c.isupper() for c in letters) / len(letters) >= CAPS_SHARE


def case_map(texts: Iterable[str]) -> dict[str, str]:
    """Lower-cased word → its most frequent casing in mixed-case text, not counting sentence starts."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for text in texts:
        for m in _WORD.finditer(text):
            word = m.group()
            before = text[: m.start()].rstrip()
            if not before or before[-1] in ".!?\"“”:":
                continue  # a sentence start says nothing about a word's own casing
            counts[word.lower()][word] += 1
    return {low: c.most_common(1)[0][0] for low, c in counts.items()}


def _known_name(word: str) -> str | None:
    """How the gazetteers write a word: "NATO" stays, "MOSCOW" → "Moscow", else None."""
    low = word.lower()
    named = lexicon.named_actors().get(low)
    if named is not None:
        return named.name if " " not in named.name else None
    if gazetteer.country_of_name(word) or gazetteer.city(word.title(), min_population=100_000):
        return word if len(word) <= 3 else word.title()
    if gazetteer.country_code(word.title()):
        return word.title()
    return None


def truecase(text: str, cases: dict[str, str]) -> str:
    """The segment with each capitalised word recased; same length as ``text``."""
    out = list(text)
    first = True
    for m in _WORD.finditer(text):
        word = m.group()
        if not word.isupper():
            first = False
            continue
        cased = cases.get(word.lower()) or _known_name(word)
        if cased is None:
            cased = word.lower()
            if first:
                cased = cased[:1].upper() + cased[1:]
        elif first and cased[:1].islower():
            cased = cased[:1].upper() + cased[1:]
        first = False
        if len(cased) == len(word):
            out[m.start() : m.end()] = cased
    return "".join(out)


_LEADING_CAPS = re.compile(r"^[A-Z][A-Z .'’-]{2,40}?(?=,|:|\s+\(|\s+\d|\s+[-–—])")


def prepare(text: str, cases: dict[str, str]) -> str:
    """What the model reads: a shouting segment truecased whole, a dateline's capitals ("MOSCOW, Feb 23",
    "LONDON 1996-08-30", "ISLAMABAD:") truecased alone; anything else unchanged."""
    if is_shouting(text):
        return truecase(text, cases)
    m = _LEADING_CAPS.match(text)
    if m and any(c.isalpha() for c in m.group()):
        return truecase(m.group(), cases) + text[m.end():]
    return text
