"""A researcher's own lexicon tables (``--lexicon DIR``), validated, to be merged over the built-in ones.

- ``actors.csv``: ``name,code,country,sector``, optionally ``start,end`` (ISO dates) and ``label``. A row
  without dates is a named actor (a militia, a party, a ministry, anyone always coded the same way): every
  mention of the name takes its code, country and sector. A row with a date is an office-holder's role, used
  for articles published in its period (either end may stay open); a name may have several.
- ``verbs.csv``: ``verb,code``, optionally ``preposition``, ``object`` and ``needs_target``: a verb (its base
  form, "ambush") → a CAMEO code; with a preposition or particle the verb needs ("call for"), or with the
  noun its object must be ("block roads"), only that construction.

``parse_overlay`` reads the tables' text (the caller reads the folder) and raises :class:`LexiconError` at the
first bad row, naming the file and line. The merge itself is in ``transforms.lexicon`` (user rows win).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

ACTOR_CODE = re.compile(r"([A-Z0-9]{3})+")  # CAMEO/Phoenix actor codes: 3-letter parts (NGAREB, IGOUNO)
SECTOR = re.compile(r"[A-Z]{3}")
WORD = re.compile(r"[a-z][a-z'-]*")
LABELS = ("ORG", "PERSON", "NORP", "GPE", "LOC", "FAC")  # the spaCy labels a named actor may take


class LexiconError(ValueError):
    """A table of the user's lexicon cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class ActorRow:
    name: str
    code: str
    country: str | None
    sector: str | None
    label: str
    start: date | None = None
    end: date | None = None

    @property
    def dated(self) -> bool:
        """An office-holder's role (a row with a start or an end date), not a named actor."""
        return self.start is not None or self.end is not None


@dataclass(frozen=True)
class VerbRow:
    verb: str
    code: str
    preposition: str  # "" for none
    object: str  # the object noun's lemma, "" for none
    needs_target: bool


@dataclass(frozen=True)
class Overlay:
    """The user's rows; ``digest`` fingerprints them (part of the coder version)."""

    actors: tuple[ActorRow, ...] = ()
    verbs: tuple[VerbRow, ...] = ()

    @property
    def digest(self) -> str:
        return hashlib.sha256(repr((self.actors, self.verbs)).encode()).hexdigest()[:16] if self else ""

    def __bool__(self) -> bool:
        return bool(self.actors or self.verbs)


@dataclass(frozen=True)
class _Table:
    required: tuple[str, ...]
    optional: tuple[str, ...]


TABLES = {
    "actors.csv": _Table(("name", "code", "country", "sector"), ("start", "end", "label")),
    "verbs.csv": _Table(("verb", "code"), ("preposition", "object", "needs_target")),
}


def parse_overlay(tables: Mapping[str, str], countries: frozenset[str], cameo_codes: frozenset[str]) -> Overlay:
    """The overlay of the tables (file name → text). ``countries``: the ISO alpha-3 codes a row may give;
    ``cameo_codes``: the CAMEO codes a verb may take."""
    unknown = sorted(set(tables) - set(TABLES))
    if unknown:
        raise LexiconError(f"{unknown[0]}: not a lexicon table (the tables are {', '.join(TABLES)})")
    if not tables:
        raise LexiconError(f"no lexicon table: give {' or '.join(TABLES)}")
    actors = _parse("actors.csv", tables.get("actors.csv"), lambda r: _actor(r, countries))
    verbs = _parse("verbs.csv", tables.get("verbs.csv"), lambda r: _verb(r, cameo_codes))
    _check_actors(actors)
    _check_unique("verbs.csv", verbs, lambda v: (v.verb, v.preposition, v.object), "the same verb and pattern")
    return Overlay(tuple(row for _, row in actors), tuple(row for _, row in verbs))


def _parse(name: str, text: str | None, make: Callable[[dict[str, str]], object]) -> list[tuple[int, object]]:
    """(line, row) of each data row of table ``name``; comment lines (first field starting with #) skipped."""
    if text is None:
        return []
    table = TABLES[name]
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")), skipinitialspace=True)
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in table.required if c not in header]
    extra = [c for c in header if c not in table.required + table.optional]
    if missing or extra:
        what = f"missing column {missing[0]!r}" if missing else f"unknown column {extra[0]!r}"
        raise LexiconError(f"{name}, line 1: {what}; the columns are {','.join(table.required)}"
                           f" and optionally {','.join(table.optional)}")
    reader.fieldnames = header
    rows = []
    for raw in reader:
        if next(iter(raw.values()), "").startswith("#") or not any((v or "").strip() for v in raw.values()):
            continue
        try:
            if None in raw:
                raise ValueError(f"{len(header) + len(raw[None])} fields for {len(header)} columns")
            rows.append((reader.line_num, make({k: (v or "").strip() for k, v in raw.items()})))
        except ValueError as exc:
            raise LexiconError(f"{name}, line {reader.line_num}: {exc}") from None
    return rows


def _actor(r: dict[str, str], countries: frozenset[str]) -> ActorRow:
    if not r["name"]:
        raise ValueError("the name is empty")
    code, country, sector = r["code"].upper(), r["country"].upper(), r["sector"].upper()
    if not ACTOR_CODE.fullmatch(code):
        raise ValueError(f"code {r['code']!r} is not an actor code (3-letter parts, such as NGAREB or IGOUNO)")
    if country and country not in countries:
        raise ValueError(f"country {r['country']!r} is not an ISO 3166 alpha-3 code (such as NGA); leave it "
                         "empty for an international actor")
    if sector and not SECTOR.fullmatch(sector):
        raise ValueError(f"sector {r['sector']!r} is not a 3-letter sector code (GOV, MIL, REB, …)")
    start, end = _date(r.get("start", ""), "start"), _date(r.get("end", ""), "end")
    if start and end and start > end:
        raise ValueError(f"start {start} is after end {end}")
    label = r.get("label", "").upper() or ("PERSON" if start or end else "ORG")
    if label not in LABELS or (start or end) and label != "PERSON":
        allowed = "PERSON (a row with dates is an office-holder)" if start or end else ", ".join(LABELS)
        raise ValueError(f"label {r['label']!r}: one of {allowed}")
    return ActorRow(r["name"], code, country or None, sector or None, label, start, end)


def _date(value: str, column: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise ValueError(f"{column} {value!r} is not a date as YYYY-MM-DD") from None


def _verb(r: dict[str, str], cameo_codes: frozenset[str]) -> VerbRow:
    verb, prep, obj = r["verb"].lower(), r.get("preposition", "").lower(), r.get("object", "").lower()
    for column, value in (("verb", verb), ("preposition", prep), ("object", obj)):
        if value and not WORD.fullmatch(value):
            raise ValueError(f"{column} {value!r}: one word (the verb's base form, 'ambush'; a particle or "
                             "preposition goes in 'preposition', the object's noun in 'object')")
    if not verb:
        raise ValueError("the verb is empty")
    if prep and obj:
        raise ValueError("give a preposition or an object, not both")
    if r["code"] not in cameo_codes:
        raise ValueError(f"code {r['code']!r} is not a CAMEO event code (such as 042 or 1823; "
                         "transforms/lexicon/cameo.csv lists them)")
    needs = r.get("needs_target", "")
    if needs not in ("", "0", "1"):
        raise ValueError(f"needs_target {needs!r}: 1 (the event wants a target) or 0")
    return VerbRow(verb, r["code"], prep, obj, needs == "1")


def _check_unique(name: str, rows: list[tuple[int, object]], key: Callable, what: str) -> None:
    first: dict = {}
    for line, row in rows:
        if key(row) in first:
            raise LexiconError(f"{name}, line {line}: {what} as line {first[key(row)]}")
        first[key(row)] = line


def _check_actors(rows: list[tuple[int, ActorRow]]) -> None:
    """An undated name once; a name with dated rows (an office-holder) has no undated one."""
    _check_unique("actors.csv", [(line, r) for line, r in rows if not r.dated], lambda r: r.name.lower(),
                  "the same name without dates")
    dated = {r.name.lower(): line for line, r in rows if r.dated}
    for line, r in rows:
        if not r.dated and r.name.lower() in dated:
            raise LexiconError(f"actors.csv, line {line}: {r.name!r} has dated rows (line {dated[r.name.lower()]}): "
                               "give every row of an office-holder dates")
