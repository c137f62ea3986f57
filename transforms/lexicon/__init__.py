"""The project's own lookup tables (CSV beside this file) and their loaders.

- ``cameo.csv``: every CAMEO code with root, quad class, Goldstein weight and PLOVER 2021 category.
- ``verbs.csv``: event triggers (verb lemmas, nominal triggers, evaluative words, nouns undone by "lift",
  "ease", "end" …, and verb + object constructions such as "block roads") → CAMEO code.
- ``roles.csv``: role words ("minister", "rebels") → actor sector (GOV, REB, …): ~2,800 words written by
  ``tools/build_roles.py`` from the facts of Phoenix's agents dictionary (MIT), plus our own rows.
- ``actors.csv``: named actors that are not countries (IGOs, NGOs, metonyms such as the Kremlin), by hand.
- ``nonstate.csv``: ~1,500 names of ~870 armed non-state groups (Lashkar-e-Taiba, Jemaah Islamiyah), written by
  ``tools/build_nonstate.py`` from Phoenix's militarised non-state actors dictionary (MIT); ``actors.csv``
  overrides it where both have a name.
- ``organisations.csv``: ~8,000 names of ~6,000 IGOs, NGOs, companies and media (the International Atomic Energy
  Agency, Archer Daniels Midland, Singtel), written by ``tools/build_organisations.py`` from Phoenix's
  international actors dictionary (MIT); ``nonstate.csv`` and ``actors.csv`` override it.
- ``people.csv``: ~20,000 written forms of people's names with the country and sector they act for, one row
  per dated role (``start``, ``end``; the role held last written last), written by ``tools/build_people.py``
  from the facts of Phoenix's actor dictionaries (MIT); a fallback when the article itself does not say
  ("President Abdelaziz Bouteflika" → DZA, GOV; in 1990, DZA, ELI).

A user's own tables (``--lexicon DIR``, see ``overlay.py``) are merged over these once :func:`use_overlay` is
given them: their verbs replace ours with the same verb and pattern, their named actors win over every table,
and an office-holder they list replaces what ``people.csv`` says of that name. :func:`digest` fingerprints the
tables in use, built-in and overlay (part of the coder version).
"""

from __future__ import annotations

import csv
import hashlib
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

from transforms.lexicon.overlay import Overlay, parse_overlay

_overlay = Overlay()  # the user's tables merged over ours in this process (use_overlay)


def _rows(name: str) -> list[dict[str, str]]:
    with resources.files(__package__).joinpath(name).open(encoding="utf-8", newline="") as f:
        return [row for row in csv.DictReader(f) if not next(iter(row.values()), "").startswith("#")]


@dataclass(frozen=True)
class CameoCode:
    code: str
    root: str
    quad_class: int
    goldstein: float
    plover_type: str | None
    description: str


@dataclass(frozen=True)
class Trigger:
    lemma: str
    pos: str  # VERB, NOUN, ADJ (an evaluative word inside a speech verb's complement), EASE (a noun
    # undone by its verb: "lifted the blockade" is 0872, not 191), OBJ (an object noun that decides what its
    # verb ``with_`` does: "withdraw peacekeepers" is 1661), WRONG (a wrongful act that, in what a speaker
    # says, is the speaker's accusation of its doer: "meddling"), STANCE (a noun of approval or disapproval that
    # a verb of expressing states: "voiced support", "expressed opposition"), or MUST (made by the coder, not in
    # the CSV: an obligation in reported speech, "X said Y must …", a demand)
    with_: str  # a particle or preposition the trigger needs ("call for"), or "" for none
    code: str
    needs_target: bool


@dataclass(frozen=True)
class NamedActor:
    name: str
    entity: str  # the canonical name all its written forms share ("UN", "U.N." → "United Nations")
    actor_code: str
    country_code: str | None
    sector: str | None
    label: str


@cache
def cameo() -> dict[str, CameoCode]:
    return {
        r["cameo_code"]: CameoCode(
            code=r["cameo_code"],
            root=r["cameo_root"],
            quad_class=int(r["quad_class"]),
            goldstein=float(r["goldstein"]),
            plover_type=r["plover_type"] or None,
            description=r["description"],
        )
        for r in _rows("cameo.csv")
    }


@cache
def triggers() -> dict[tuple[str, str], tuple[Trigger, ...]]:
    """(lemma, pos) → the trigger entries, those needing a particle/preposition first. The overlay's verbs
    replace ours with the same lemma, kind and particle."""
    theirs = [Trigger(v.object, "OBJ", v.verb, v.code, v.needs_target) if v.object
              else Trigger(v.verb, "VERB", v.preposition, v.code, v.needs_target) for v in _overlay.verbs]
    replaced = {(t.lemma, t.pos, t.with_) for t in theirs}
    out: dict[tuple[str, str], list[Trigger]] = {}
    for r in _rows("verbs.csv"):
        t = Trigger(r["lemma"], r["pos"], r["with"], r["cameo_code"], r["needs_target"] == "1")
        if t.code not in cameo():
            raise ValueError(f"verbs.csv: unknown CAMEO code {t.code!r} for {t.lemma!r}")
        if (t.lemma, t.pos, t.with_) not in replaced:
            out.setdefault((t.lemma, t.pos), []).append(t)
    for t in theirs:
        out.setdefault((t.lemma, t.pos), []).append(t)
    return {k: tuple(sorted(v, key=lambda t: t.with_ == "")) for k, v in out.items()}


@cache
def roles() -> dict[str, str]:
    return {r["word"]: r["sector"] for r in _rows("roles.csv")}


@cache
def named_actors() -> dict[str, NamedActor]:
    """Keyed by the name in lower case; the hand-written ``actors.csv`` wins over ``nonstate.csv``, which wins
    over ``organisations.csv``, and the overlay's named actors over all."""
    ours = {
        r["name"].lower(): NamedActor(
            r["name"], r["entity"] or r["name"], r["actor_code"], r["country_code"] or None, r["sector"] or None,
            r["label"],
        )
        for r in _rows("organisations.csv") + _rows("nonstate.csv") + _rows("actors.csv")
    }
    theirs = {a.name.lower(): NamedActor(a.name, a.name, a.code, a.country, a.sector, a.label)
              for a in _overlay.actors if not a.dated}
    return {**ours, **theirs}


def _person(r: dict[str, str]) -> NamedActor:
    return NamedActor(r["name"], r["name"], r["actor_code"], r["country_code"] or None, r["sector"] or None, "PERSON")


def _people_rows() -> list[dict[str, str]]:
    """The rows of ``people.csv``, those of a name the overlay lists as an office-holder replaced by its rows."""
    theirs = [{"name": a.name, "actor_code": a.code, "country_code": a.country or "", "sector": a.sector or "",
               "start": a.start.isoformat() if a.start else "", "end": a.end.isoformat() if a.end else ""}
              for a in _overlay.actors if a.dated]
    replaced = {r["name"].lower() for r in theirs}
    return [r for r in _rows("people.csv") if r["name"].lower() not in replaced] + theirs


@cache
def people() -> dict[str, NamedActor]:
    """Lower-cased full name → the actor that person is (country and sector, or an IGO) in the role held last:
    each name's last row."""
    return {r["name"].lower(): _person(r) for r in _people_rows()}


@cache
def _roles() -> dict[str, tuple[tuple[date, date, NamedActor], ...]]:
    """Lower-cased full name → (first day, last day, actor) of each dated role; open ends as date.min/max."""
    out: dict[str, list[tuple[date, date, NamedActor]]] = {}
    for r in _people_rows():
        start = date.fromisoformat(r["start"]) if r["start"] else date.min
        end = date.fromisoformat(r["end"]) if r["end"] else date.max
        out.setdefault(r["name"].lower(), []).append((start, end, _person(r)))
    return {name: tuple(roles) for name, roles in out.items()}


def person_role(name: str, when: date | None) -> NamedActor | None:
    """The role ``name`` held on ``when``: the one whose period holds it (the shortest period when several
    do); else, when ``when`` is None or no period holds it, the role ``people()`` gives."""
    held = [(end - start, actor) for start, end, actor in _roles().get(name.lower(), ())
            if when is not None and start <= when <= end]
    return min(held, key=lambda h: h[0])[1] if held else people().get(name.lower())


@cache
def surnames() -> dict[str, NamedActor]:
    """Lower-cased surname → the actor, for surnames whose written forms in ``people.csv`` act for one
    country (or organisation) at least three times in four: "Bush" (USA, though one Caymanian shares it),
    "Bouteflika". Surnames shared more evenly ("Blair") are left out."""
    found: dict[str, Counter] = {}
    actor: dict[tuple[str, tuple], NamedActor] = {}
    for person in people().values():
        words = person.name.split()
        if len(words) < 2 or len(words[-1]) < 4:
            continue
        key, who = words[-1].lower(), (person.country_code, person.actor_code[:3])
        found.setdefault(key, Counter())[who] += 1
        actor.setdefault((key, who), person)
    out = {}
    for key, counts in found.items():
        who, n = counts.most_common(1)[0]
        if n >= 0.75 * sum(counts.values()):
            out[key] = actor[(key, who)]
    return out


@cache
def given_names() -> frozenset[str]:
    """First words of people's full names in ``people.csv`` that begin two names or more ("John", "Thabo"):
    written capitalised, of letters only, three or more, no role word ("General", "Sheikh") and more often a
    person's first word than a word of the named actors' names ("National", "South", "Sun")."""
    counts: Counter = Counter()
    for person in people().values():
        words = person.name.split()
        if len(words) > 1 and len(words[0]) >= 3 and words[0].isalpha() and words[0].istitle():
            counts[words[0]] += 1
    in_actors = Counter(w for a in named_actors().values() for w in set(a.name.split()))
    return frozenset(w for w, n in counts.items() if n >= 2 and w.lower() not in roles() and n > in_actors[w])


@cache
def organisation_tails() -> frozenset[str]:
    """Last words that end two or more named actors' names of two words or more and no person's name in
    ``people.csv``, lower-cased ("trust", "project", "microsystems")."""
    counts = Counter(a.name.split()[-1].lower() for a in named_actors().values() if " " in a.name)
    return frozenset(w for w, n in counts.items() if n >= 2 and w not in family_names())


@cache
def family_names() -> frozenset[str]:
    """Last words of people's full names in ``people.csv``, lower-cased ("mbeki", "sturgeon")."""
    return frozenset(p.name.split()[-1].lower() for p in people().values() if " " in p.name)


def country_centroids() -> list[dict[str, str]]:
    """Rows of ``country_centroids.csv``: iso3, lat, lon."""
    return _rows("country_centroids.csv")


def read_overlay(tables: dict[str, str]) -> Overlay:
    """The user's tables (file name → text), validated against our countries and CAMEO codes (LexiconError
    names the file and line of the first bad row)."""
    return parse_overlay(tables, frozenset(r["iso3"] for r in country_centroids()), frozenset(cameo()))


def use_overlay(overlay: Overlay | None) -> None:
    """Merge ``overlay`` over the built-in tables in this process from now on (None: the built-in tables only).
    Cheap when it is the overlay already in use."""
    global _overlay
    overlay = overlay or Overlay()
    if overlay.digest == _overlay.digest:
        return
    _overlay = overlay
    for loader in (triggers, named_actors, people, _roles, surnames):
        loader.cache_clear()


def load_all() -> None:
    """Read every table now (a worker's warm-up), so that no article pays for a table's first use."""
    for loader in (cameo, triggers, roles, named_actors, people, _roles, surnames, given_names, organisation_tails,
                   family_names):
        loader()


@cache
def _builtin_digest() -> str:
    digest = hashlib.sha256()
    for entry in sorted(resources.files(__package__).iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".csv"):
            digest.update(f"{entry.name}\n".encode())
            digest.update(entry.read_bytes())
    return digest.hexdigest()


def digest(overlay: Overlay | None = None) -> str:
    """A fingerprint (12 hex digits) of the lexicon tables: every CSV of this package and ``overlay``'s rows."""
    return hashlib.sha256(f"{_builtin_digest()} {overlay.digest if overlay else ''}".encode()).hexdigest()[:12]
