"""A headline glued to the lead: "Howard attacks cost of asylum Michael Howard has launched an attack on …".

Some sources (the BBC's 2004-2005 articles among them) run the headline into the first sentence with no stop
between them. The model then parses headline and lead as one sentence, and the lead's subject and verb are
misread. ``headline_end`` finds where such a headline ends from the words and the tagger's tags of the
article's first paragraph, so that the parser can read the lead as a sentence of its own. It is cautious: it
answers only when the lead visibly starts a new sentence, and 0 (no headline) otherwise:

* the headline is shorter than ``MAX_HEADLINE`` words, in headline style: no sentence stop, no article ("the", "a",
  "an"; nor "The", "A", "An" to start with), no past tense, auxiliary or relative word ("Eight people were
  injured when …" is a sentence);
* it does not end in a word that wants a continuation (a preposition, conjunction, determiner, adjective,
  adverb or verb other than a participle: "accused of attacking Bush", "the small West African nation"), unless
  it ends a quotation ("Vouchers 'to cut winter deaths'") or with "says" before "The", "A" or "An";
* one of its content words comes back in the text after it (a headline announces what the lead tells);
* the lead starts with a capitalised word that is not a proper noun ("The", "Plans", "Former", "Campaigners";
  "The", "A" and "An" even after a name: "… door open for Archer The Conservative Party"), or with a name that
  repeats a name of the headline ("Boateng to step down … Paul Boateng,"), or, after a headline with a verb in
  the present or a quotation, with a noun phrase followed by a past tense, a modal or "has", "have", "is" or
  "are" ("Kennedy criticises 'unfair' taxes Gordon Brown has failed …"); a name's capitalised descriptor goes
  with it ("… dies at 62 Record producer Terry Melcher").
"""

from __future__ import annotations

from collections.abc import Sequence

MAX_HEADLINE = 16  # a headline is shorter than this many words
STOPS = frozenset({".", "!", "?", ":", ";"})
ARTICLES = frozenset({"the", "a", "an"})
SENTENCE_TAGS = frozenset({"VBD", "WRB", "WDT", "WP"})  # past tense and relative words: a sentence, not a headline
SENTENCE_WORDS = frozenset({"has", "have", "had", "was", "were", "will", "would", "been"})
# a word after which the text goes on: prepositions, conjunctions, determiners, particles, possessives, adjectives,
# adverbs and verbs other than participles ("appeal rejected" ends a headline; "attacks", "attacking" want an object)
OPEN_TAGS = frozenset({"IN", "CC", "DT", "TO", "WDT", "PRP$", "POS", "HYPH", "RP", "VB", "VBG", "VBP", "VBZ", "VBD",
                       "JJ", "JJR", "JJS", "RB", "WRB", "PDT", "MD"})
PROPER_TAGS = frozenset({"NNP", "NNPS"})
DESCRIPTOR_TAGS = frozenset({"NN", "NNS", "JJ"})  # the lowercase words of "Tory leader", "England tight-head prop"
CLOSING_QUOTES = frozenset({"'", '"', "’", "”"})
FUNCTION_WORDS = frozenset("of to in on for and or but with at by from as is are be its it this that".split())
MAX_NAME = 6  # words of a name
ARTICLES_CAPITALISED = frozenset({"The", "A", "An"})
SAYING = frozenset({"says", "say"})  # a headline that ends "…, TUC says"
PRESENT_TAGS = frozenset({"VBZ", "VBP", "VB", "TO"})
OPENING_QUOTES = frozenset({"‘", "“"})
FINITE_TAGS = frozenset({"MD", "VBD"})
LEAD_AUXILIARIES = frozenset({"has", "have", "is", "are"})
NOUN_PHRASE_TAGS = PROPER_TAGS | {"NN", "NNS", "JJ", "CD"}


def headline_end(words: Sequence[str], tags: Sequence[str], spaces: Sequence[bool]) -> int:
    """Where the lead starts after a glued headline (a word index ≥ 2), or 0 when the text does not start with one.
    ``words``, ``tags`` (Penn tags) and ``spaces`` (a space after the word) are the first paragraph's."""
    last = {w.lower(): i for i, w in enumerate(words)}  # where each word occurs last
    for k in range(2, min(MAX_HEADLINE, len(words) - 3)):
        head = words[:k]
        if not _headline_style(head, tags[:k]):
            return 0
        if not _may_start(words, tags, spaces, k) or not _announces(head, last, k):
            continue
        if tags[k] not in PROPER_TAGS:
            if tags[k - 1] != "CD" and (words[k].istitle() or "-" in words[k]):
                return k  # "Civil servants in strike ballot The UK's biggest …", "… rethink Plans to give …"
            continue
        if _repeats_a_name(words, tags, k) or _says_something(head, tags[:k]) and _subject_of_a_verb(words, tags, k):
            return _descriptor_start(words, tags, spaces, k)
    return 0


def _headline_style(head: Sequence[str], tags: Sequence[str]) -> bool:
    """No sentence stop, article, past tense, auxiliary or relative word; no article to start with."""
    return not (set(head) & (STOPS | ARTICLES | SENTENCE_WORDS) or set(tags) & SENTENCE_TAGS
                or head[0] in ARTICLES_CAPITALISED)


def _says_something(head: Sequence[str], tags: Sequence[str]) -> bool:
    """Whether a headline has a verb in the present or the infinitive, or a quotation ("Kennedy criticises
    'unfair' taxes", "Council tax rise 'reasonable'"), not only a noun phrase ("Indonesian opposition leader")."""
    return bool(set(tags) & PRESENT_TAGS) or _quoted(head, len(head))


def _may_start(words: Sequence[str], tags: Sequence[str], spaces: Sequence[bool], k: int) -> bool:
    """A capitalised word after a space, the word before it closing a phrase (lowercase, a number or a quote)."""
    word, prev = words[k], words[k - 1]
    if not word[:1].isupper() or not spaces[k - 1]:
        return False
    if prev in CLOSING_QUOTES and _quoted(words, k - 1) or prev in SAYING and word in ARTICLES_CAPITALISED:
        return True  # "Vouchers 'to cut winter deaths' Pensioners are …", "Protect whistleblowers, TUC says The …"
    if word in ARTICLES_CAPITALISED and tags[k - 1] not in ("IN", "TO", "DT"):
        return True  # "Tories leave door open for Archer The Conservative Party …" (but "in The Hague")
    return (prev[:1].islower() or prev[:1].isdigit()) and tags[k - 1] not in OPEN_TAGS


def _quoted(words: Sequence[str], end: int) -> bool:
    """Whether a quotation opens before the word at ``end - 1`` (a quotation mark followed by a word), so that a
    mark there closes it (not the apostrophe of "Kurdistan Workers' Party")."""
    return end > 0 and any(w in CLOSING_QUOTES | OPENING_QUOTES and words[i + 1][:1].isalnum()
                           for i, w in enumerate(words[:end - 1]))


def _announces(head: Sequence[str], last: dict[str, int], k: int) -> bool:
    """Whether a content word of the headline comes back in the text after it (at ``k`` or later; ``last``: where
    each lower-cased word occurs last)."""
    return any(w.isalpha() and len(w) > 3 and w.lower() not in FUNCTION_WORDS and last[w.lower()] >= k for w in head)


def _repeats_a_name(words: Sequence[str], tags: Sequence[str], k: int) -> bool:
    """Whether the capitalised words from ``k`` hold a proper noun of the headline ("Paul Boateng" after
    "Boateng to step down")."""
    named = {w for i, (w, t) in enumerate(zip(words[:k], tags[:k], strict=True))
             if len(w) > 2 and (t in PROPER_TAGS or i == 0 and w[:1].isupper())}  # the first word's tag is a guess
    for w in words[k:k + MAX_NAME]:
        if not w[:1].isupper():
            return False
        if w in named:
            return True
    return False


def _subject_of_a_verb(words: Sequence[str], tags: Sequence[str], k: int) -> bool:
    """Whether the proper noun at ``k`` starts a noun phrase followed by a past tense, a modal or an auxiliary: the
    lead's subject ("Kennedy criticises 'unfair' taxes Gordon Brown has failed …", "… 'reasonable' Welsh councils
    should …")."""
    for i in range(k + 1, min(k + MAX_NAME, len(tags))):
        if tags[i] in FINITE_TAGS or words[i] in LEAD_AUXILIARIES:
            return True  # a headline's own verb is in the present ("Melcher dies at 62"), a lead's is not
        if tags[i] not in NOUN_PHRASE_TAGS or words[i][:1].isupper() and words[i - 1][:1].islower():
            return False  # "Police probe BNP mosque leaflet Police are …": the phrase ends before "Police"
    return False


def _descriptor_start(words: Sequence[str], tags: Sequence[str], spaces: Sequence[bool], k: int) -> int:
    """The start of a name's descriptor when one comes before it: a capitalised word that may start the lead and
    lowercase nouns or adjectives ("… dies at 62 Record producer Terry Melcher"); else the name's start."""
    j = k
    while j - 1 > 1 and words[j - 1][:1].islower() and tags[j - 1] in DESCRIPTOR_TAGS:
        j -= 1
    if j < k and j - 1 >= 2 and _may_start(words, tags, spaces, j - 1):
        return j - 1
    return k
