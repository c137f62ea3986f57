"""The model's rule components, the same output in less time: spaCy's ``attribute_ruler`` and ``lemmatizer`` set
token attributes one token at a time in Python (a quarter of ``en_core_web_sm``'s time on news); these set them
for a whole Doc through its attribute arrays and hand only the rare cases to spaCy's own code.

* ``attribute_ruler``: its leading one-token ``TAG`` patterns (a tag's POS and morphology, most of the model's
  table) become one lookup per tag; the patterns after them (words, dependencies) run in spaCy's
  ``AttributeRuler`` as before, in their order, so a later pattern still wins.
* ``lemmatizer``: a token's lemma depends only on its text, POS and morphology (spaCy caches it on exactly that
  key); each such key is lemmatized once by spaCy's lemmatizer and then read from the cache, and a lemma the
  attribute ruler set is kept, as spaCy's does.

``tests/test_nlp.py`` checks the Docs are identical to the model's own.
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import LEMMA, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc


class ArrayAttributeRuler:
    """``attribute_ruler`` with its tag table applied per Doc (``speed_up``)."""

    def __init__(self, ruler: AttributeRuler):
        patterns = ruler.patterns
        lead = 0
        while lead < len(patterns) and _tag_only(patterns[lead]):
            lead += 1
        vocab = ruler.vocab
        self.by_tag: dict[int, tuple[int, int]] = {}
        for p in patterns[:lead]:
            tag = vocab.strings.add(p["patterns"][0][0]["TAG"])
            pos = vocab.strings.add(p["attrs"]["POS"])
            morph = vocab.morphology.add(p["attrs"]["MORPH"])
            self.by_tag[tag] = (pos, morph)  # a later pattern for the same tag wins, as in spaCy
        self.rest = AttributeRuler(vocab, name=ruler.name)
        self.rest.add_patterns(patterns[lead:])

    def __call__(self, doc: Doc) -> Doc:
        if len(doc):
            arr = doc.to_array([TAG, POS, MORPH])
            for i, tag in enumerate(arr[:, 0].tolist()):
                found = self.by_tag.get(tag)
                if found is not None:
                    arr[i, 1], arr[i, 2] = found
            doc.from_array([POS, MORPH], np.ascontiguousarray(arr[:, 1:]))
        return self.rest(doc)


def _tag_only(pattern: dict) -> bool:
    (only,) = pattern["patterns"] if len(pattern["patterns"]) == 1 else (None,)
    return (only is not None and len(only) == 1 and set(only[0]) == {"TAG"}
            and set(pattern["attrs"]) == {"POS", "MORPH"} and pattern.get("index", 0) == 0)


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
    for i, (name, component) in enumerate(nlp.pipeline):
        if isinstance(component, AttributeRuler):
            nlp._components[i] = (name, ArrayAttributeRuler(component))
        elif name == "lemmatizer" and getattr(component, "mode", None) == "rule":
            nlp._components[i] = (name, CachedLemmatizer(component))
    return nlp
