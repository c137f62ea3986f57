"""Pass 4, location: where the event happened."""

from __future__ import annotations

from transforms.entities import PLACE_LABELS, Mention
from transforms.events.roles import Frame
from transforms.syntax import MentionIndex, prep_objects

LOCATION_PREPS = frozenset({"in", "at", "near", "inside", "outside", "around", "across", "from"})


def locate(f: Frame, idx: MentionIndex) -> Mention | None:
    """A place after "in/at/near" on the trigger or its clause, else a place the target names."""
    c = f.trigger
    for p in prep_objects(c.token, LOCATION_PREPS) + prep_objects(f.anchor, LOCATION_PREPS):
        m = idx.at(c.seg, p)
        if m is not None and m.label in PLACE_LABELS and m.country:
            return m
    for a in f.targets:
        if a.place is not None:
            return a.place
    return None
