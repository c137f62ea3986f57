"""Pass 4, location: where the event happened.

First the event's own sentence: a place after "in/at/near …" on the trigger or its clause, a place the target
is ("attacked Homs"), else the place of another locative phrase of the sentence nearest the trigger ("In
Nairobi, police arrested …", "clashes erupted in the northern city of Mosul"). Else the article's dateline,
else the article's dominant place (``transforms.places``). ``Location.source`` says which rule applied."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from transforms.entities import Mention
from transforms.events.roles import Frame
from transforms.nlp import Segment
from transforms.places import Location, country_location, dateline_place, dominant_place, is_place, location_of
from transforms.syntax import MentionIndex, prep_objects

LOCATION_PREPS = frozenset({"in", "at", "near", "inside", "outside", "around", "across", "from", "into", "throughout"})
# Locative prepositions elsewhere in the sentence ("from" there is more often a source than a place)
SENTENCE_PREPS = LOCATION_PREPS - {"from"}


def article_location(segments: Sequence[Segment], mentions: Sequence[Mention], home: str | None = None
                     ) -> Location | None:
    """Where the article as a whole is: its dateline's place, else its dominant place, else the country it is
    about (``home``: most of its names are that country's)."""
    for place, source in ((dateline_place(segments, mentions), "dateline"),
                          (dominant_place(segments, mentions), "article")):
        found = location_of(place, place.text(segments), source) if place is not None else None
        if found is not None:
            return found
    return country_location(home, "article") if home else None


def locate(f: Frame, idx: MentionIndex, segments: Sequence[Segment], fallback: Location | None) -> Location | None:
    """The event's location: its sentence's, else the article's (``fallback``)."""
    place = _clause_place(f, idx) or _sentence_place(f.trigger.token, f.trigger.seg, idx)
    if place is not None:
        found = location_of(place, place.text(segments), "sentence")
        if found is not None:
            return found
    return fallback


def _place_in(tok: Token, seg: int, idx: MentionIndex) -> Mention | None:
    """The first place mention in the phrase ``tok`` heads ("the northern city of Mosul" → Mosul)."""
    for t in tok.subtree:
        m = idx.at(seg, t)
        if m is not None and is_place(m) and m.label != "NORP":
            return m
    return None


def _clause_place(f: Frame, idx: MentionIndex) -> Mention | None:
    c = f.trigger
    for p in prep_objects(c.token, LOCATION_PREPS) + prep_objects(f.anchor, LOCATION_PREPS):
        m = _place_in(p, c.seg, idx)
        if m is not None:
            return m
    for a in f.targets:
        if a.place is not None:
            return a.place
    return None


def _sentence_place(trigger: Token, seg: int, idx: MentionIndex) -> Mention | None:
    """The place of the sentence's locative phrase nearest the trigger."""
    found = []
    for t in trigger.sent:
        if t.dep_ == "prep" and t.lower_ in SENTENCE_PREPS:
            for p in (c for c in t.children if c.dep_ == "pobj"):
                m = _place_in(p, seg, idx)
                if m is not None:
                    found.append((abs(p.i - trigger.i), m))
    return min(found, key=lambda x: x[0])[1] if found else None
