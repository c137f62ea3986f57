"""Truecasing: headlines and datelines in capitals, recased before the model reads them.

A model trained on mixed-case news reads "RUSSIA, CHINA REJECT PRESSURE" badly, and a title-case headline
("Gas Attack in Abu Dhabi Kills Scores") as a string of names. Each word of an all-capitals segment (each
capitalised word of a title-case headline) takes the casing the same word has in the article's mixed-case
text (the classic document-level truecaser); failing that, names the gazetteers know are capitalised
("Moscow", "NATO" stays as an acronym), and other words are lower-cased, the first word capitalised. Only the case of
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


# Short function words a title-case headline leaves in lower case ("Gas Attack in Abu Dhabi").
_SMALL_WORDS = frozenset("a an and as at but by for from in into of off on or over per the to up via vs with".split())


def is_title_case(text: str) -> bool:
    """True for a headline in title case ("Gas Attack in Abu Dhabi Kills Scores Amidst Denials"): four words or
    more, at least four in five of those that are no short function word capitalised, not shouting."""
    words = _WORD.findall(text)
    content = [w for w in words if w.lower() not in _SMALL_WORDS]
    return (len(words) >= 4 and len(content) >= 3 and not is_shouting(text)
            and sum(w[0].isupper() for w in content) >= 0.8 * len(content))


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and not word.isupper()


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


def truecase(text: str, cases: dict[str, str], recase=str.isupper) -> str:
    """The segment with each word in capitals (or each word ``recase`` picks) recased; same length as ``text``."""
    out = list(text)
    first = True
    for m in _WORD.finditer(text):
        word = m.group()
        if not recase(word):
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


def prepare(text: str, cases: dict[str, str], title: bool = False) -> str:
    """What the model reads: a shouting segment truecased whole, a ``title`` in title case truecased word by
    capitalised word (acronyms stay), a dateline's capitals ("MOSCOW, Feb 23", "LONDON 1996-08-30",
    "ISLAMABAD:") truecased alone; anything else unchanged."""
    if is_shouting(text):
        return truecase(text, cases)
    if title and is_title_case(text):
        return truecase(text, cases, recase=_capitalised)
    m = _LEADING_CAPS.match(text)
    if m and any(c.isalpha() for c in m.group()):
        return truecase(m.group(), cases) + text[m.end():]
    return text
