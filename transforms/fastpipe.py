"""The model's rule components, the same output in less time: spaCy's ``attribute_ruler`` and ``lemmatizer`` set
token attributes one token at a time in Python (a quarter of ``en_core_web_sm``'s time on news); these set them
for a whole Doc through its attribute arrays and hand only the rare cases to spaCy's own code.

* ``attribute_ruler``: its leading one-token ``TAG`` patterns (a tag's POS and morphology, most of the model's
  table) become one lookup per tag; one-token patterns on the word, tag and dependency (equal, IN, NOT_IN) are
  looked up by the word or tested on every token; the others (several tokens, regular expressions, spaces) run
  in spaCy's own matcher. All are applied in the patterns' order, a later pattern winning, as spaCy does.
* ``lemmatizer``: a token's lemma depends only on its text, POS and morphology (spaCy caches it on exactly that
  key); each such key is lemmatized once by spaCy's lemmatizer and then read from the cache, and a lemma the
  attribute ruler set is kept, as spaCy's does.

``tests/test_nlp.py`` checks the Docs are identical to the model's own.
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import DEP, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import normalize_token_attrs, set_token_attrs


class ArrayAttributeRuler:
    """``attribute_ruler``, the same output per Doc (``speed_up``): spaCy applies every pattern that matches a token
    in the order of the patterns, a later one overriding; so do these, with the matching done by lookups."""

    def __init__(self, ruler: AttributeRuler):
        vocab = ruler.vocab
        self.by_tag: dict[int, tuple[int, int]] = {}  # the leading TAG-only patterns: tag → (POS, MORPH)
        self.by_lower: dict[int, list[tuple[int, dict, dict]]] = {}  # one-token patterns with a word: its hash →
        self.general: list[tuple[int, dict, dict]] = []  # one-token patterns on tags and dependencies alone
        # (order, {attribute: test}, normalized attrs); the rest (several tokens, regular expressions, spaces)
        # go through spaCy's own matcher, ``self.rest``, whose order is kept in ``self.rest_order``
        self.rest = AttributeRuler(vocab, name=ruler.name)
        self.rest_order: list[int] = []
        leading = True
        for order, p in enumerate(ruler.patterns):
            leading = leading and _tag_only(p)
            if leading:
                tag = vocab.strings.add(p["patterns"][0][0]["TAG"])
                self.by_tag[tag] = (vocab.strings.add(p["attrs"]["POS"]), vocab.morphology.add(p["attrs"]["MORPH"]))
                continue
            tests = _tests(p, vocab)
            if tests is None:
                self.rest.add(p["patterns"], p["attrs"], index=p.get("index", 0))
                self.rest_order.append(order)
                continue
            rule = (order, tests, normalize_token_attrs(vocab, p["attrs"]))
            words = tests.pop(LOWER, None)
            if words is None:
                self.general.append(rule)
            else:
                for word in words[1]:  # an equality or IN test on the word
                    self.by_lower.setdefault(word, []).append(rule)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        # every pattern is matched against the Doc as it comes, before any is applied (as spaCy does)
        matches = [(self.rest_order[attr_id], start, end - start, attr_id)
                   for attr_id, _, start, end in self.rest.match(doc)]
        arr = doc.to_array([TAG, POS, MORPH, LOWER, DEP])
        for i, (tag, lower, dep) in enumerate(arr[:, [0, 3, 4]].tolist()):
            values = {TAG: tag, DEP: dep}
            for order, tests, attrs in (*self.by_lower.get(lower, ()), *self.general):
                if all((values[a] in allowed) == wanted for a, (wanted, allowed) in tests.items()):
                    matches.append((order, i, 0, attrs))
        for i, tag in enumerate(arr[:, 0].tolist()):  # the leading patterns come first in the order
            found = self.by_tag.get(tag)
            if found is not None:
                arr[i, 1], arr[i, 2] = found
        doc.from_array([POS, MORPH], np.ascontiguousarray(arr[:, 1:3]))
        for _order, start, length, attrs in sorted(matches, key=lambda m: (m[0], m[1])):
            if length:  # spaCy's matcher: the pattern's token at its index
                span = doc[start : start + length]
                set_token_attrs(span[self.rest.indices[attrs]], self.rest.attrs[attrs])
            else:
                set_token_attrs(doc[start], attrs)
        return doc


def _tag_only(pattern: dict) -> bool:
    (only,) = pattern["patterns"] if len(pattern["patterns"]) == 1 else (None,)
    return (only is not None and len(only) == 1 and set(only[0]) == {"TAG"}
            and set(pattern["attrs"]) == {"POS", "MORPH"} and pattern.get("index", 0) == 0)


def _tests(pattern: dict, vocab) -> dict[int, tuple[bool, frozenset[int]]] | None:
    """A one-token pattern on the word, tag and dependency as {attribute: (must be in, the string hashes)}: an
    equality, an IN or a NOT_IN test; None for any other pattern."""
    if len(pattern["patterns"]) != 1 or len(pattern["patterns"][0]) != 1 or pattern.get("index", 0) != 0:
        return None
    tests = {}
    for key, value in pattern["patterns"][0][0].items():
        attr = {"LOWER": LOWER, "TAG": TAG, "DEP": DEP}.get(key)
        if attr is None:
            return None
        if isinstance(value, str):
            tests[attr] = (True, frozenset({_hash(vocab, value)}))
        elif isinstance(value, dict) and len(value) == 1 and set(value) <= {"IN", "NOT_IN"}:
            ((op, items),) = value.items()
            tests[attr] = (op == "IN", frozenset(_hash(vocab, v) for v in items))
        else:
            return None
    if LOWER in tests and not tests[LOWER][0]:
        return None  # a NOT_IN on the word cannot be looked up by it
    return tests


def _hash(vocab, text: str) -> int:
    return vocab.strings.add(text) if text else 0  # no annotation is 0 in the arrays


class CachedLemmatizer:
    """``lemmatizer`` (rule mode) with its cache read per Doc (``speed_up``)."""

    def __init__(self, lemmatizer):
        self.lemmatizer = lemmatizer
        self.cache: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        arr = doc.to_array([ORTH, POS, MORPH, LEMMA])
        strings = doc.vocab.strings
        for i, (orth, pos, morph, lemma) in enumerate(arr.tolist()):
            if lemma and not self.lemmatizer.overwrite:
                continue
            key = (orth, pos, morph)
            found = self.cache.get(key)
            if found is None:
                found = self.cache[key] = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            arr[i, 3] = found
        doc.from_array([LEMMA], np.ascontiguousarray(arr[:, 3:]))
        return doc


def speed_up(nlp: Language) -> Language:
    """The model with ``attribute_ruler`` and a rule-mode ``lemmatizer`` replaced by their array versions (a
    model without them, or with a lookup lemmatizer, is returned as it is)."""
    for i, (name, component) in enumerate(nlp._components):  # disabled ones included: the indices are these
        if isinstance(component, AttributeRuler):
            nlp._components[i] = (name, ArrayAttributeRuler(component))
        elif name == "lemmatizer" and getattr(component, "mode", None) == "rule":
            nlp._components[i] = (name, CachedLemmatizer(component))
    return nlp
