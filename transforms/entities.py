"""Entity mentions and canonical entities.

Per article: spaCy's entities, cleaned ("the", possessive 's), fixed by gazetteers (countries, cities,
named actors such as the UN or the Kremlin), linked within the article (Medvedev → Dmitry Medvedev,
with missed surname mentions added), and actor-coded from role words around them ("Russian Foreign
Minister Sergei Lavrov" → RUS, GOV). Across the corpus: one entity per key with a stable id.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import pyarrow as pa

from transforms import gazetteer, lexicon
from transforms.ids import stable_id
from transforms.nlp import Segment
from transforms.schema import ENTITIES

NON_ENTITY_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Titles that are part of how a person is named ("King Abdullah"), unlike offices ("President").
HONORIFICS = frozenset(
    "king queen prince princess sheikh sheikha emir sultan crown pope ayatollah imam sir dame lord lady "
    "mullah rabbi archbishop cardinal grand".split()
)
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_WINDOW_STOP_POS = frozenset({"VERB", "AUX", "ADP", "DET", "PRON", "CCONJ", "SCONJ", "PUNCT", "NUM"})


@dataclass
class Mention:
    seg: int  # index of the article segment (title first, then paragraphs)
    start: int  # token span [start, end) in the segment's Doc
    end: int
    label: str
    model_label: str
    key: tuple[str, ...] | None = None  # canonical entity key; None for dates and numbers
    name: str | None = None
    country: str | None = None
    sector: str | None = None
    actor_code: str | None = None
    lat: float | None = None
    lon: float | None = None
    is_country: bool = False
    capital: bool = False

    @property
    def entity_id(self) -> str | None:
        return stable_id(*self.key) if self.key else None

    def text(self, segments: Sequence[Segment]) -> str:
        return segments[self.seg].doc[self.start : self.end].text


def role_sector(tokens) -> str | None:
    """Sector of a role phrase's words, the last role word winning ("foreign minister" → GOV)."""
    found = None
    words = [t.lower_ for t in tokens]
    roles = lexicon.roles()
    for i, w in enumerate(words):
        bigram = f"{words[i - 1]} {w}" if i else None
        if bigram and bigram in roles:
            found = roles[bigram]
        elif w in roles and tokens[i].pos_ in ("NOUN", "PROPN"):
            found = roles[w]
    return found


def _clean_span(doc, start: int, end: int, label: str) -> tuple[int, int]:
    while start < end and (doc[start].lower_ == "the" or doc[start].pos_ == "DET"):
        start += 1
    while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].pos_ in ("ADP", "PUNCT", "CCONJ")
                           or doc[end - 1].text.endswith(("'s", "’s")) and doc[end - 1].pos_ == "PART"):
        end -= 1
    if label == "PERSON":
        while start > 0 and doc[start - 1].lower_ in HONORIFICS and doc[start - 1].text[:1].isupper():
            start -= 1
    return start, end


def _apply_gazetteer(m: Mention, text: str, surnames: set[str]) -> None:
    """Fix label and fill country/place facts from the gazetteers and the named-actor table."""
    named = lexicon.named_actors().get(text.lower())
    if named and m.label != "PERSON":
        m.label, m.key, m.name = named.label, ("ACTOR", named.actor_code, named.name.lower()), named.name
        m.country, m.sector, m.actor_code = named.country_code, named.sector, named.actor_code
        return
    if m.label == "PERSON" and (len(text.split()) > 1 or text in surnames):
        return
    if m.label == "NORP":
        m.country = gazetteer.country_code(text)
        m.key, m.name = ("NORP", text.lower()), text
        return
    if text in surnames:
        return
    whole = gazetteer.country_of_name(text)
    if whole and m.label in PLACE_LABELS | {"ORG", "PERSON"}:
        m.label, m.is_country, m.country = "GPE", True, whole
        m.key, m.name = ("GPE", whole), gazetteer.country_name(whole) or text
        return
    region = gazetteer.country_code(text) if m.label in PLACE_LABELS else None
    place = gazetteer.city(text, min_population=0 if m.label in PLACE_LABELS else 100_000, prefer_country=region)
    if place and (region is None or place.country_code == region) and m.label in PLACE_LABELS | {"ORG", "PERSON"}:
        m.label, m.country, m.lat, m.lon = "GPE", place.country_code, place.lat, place.lon
        m.key, m.name = ("GPE", str(place.geonameid)), place.name
        m.capital = gazetteer.capital_of(text) == place.country_code
        return
    if region:  # a region or constituent country: its own entity, inside its country
        m.country = region
    m.key, m.name = (m.label, text.lower()), text


def _role_context(seg: Segment, m: Mention, by_token: dict[int, Mention]) -> tuple[str | None, str | None, str | None]:
    """Country, sector and organisation code from the words before a name, its appositive and an "of"
    phrase ("Russian Foreign Minister Sergei Lavrov", "King Abdullah of Saudi Arabia")."""
    doc = seg.doc
    window = []
    i = m.start - 1
    while i >= 0 and len(window) < 6:
        t = doc[i]
        if t.pos_ in _WINDOW_STOP_POS and t.text != "-" or (i in by_token and by_token[i].label == "PERSON"):
            break
        window.append(t)
        i -= 1
    window.reverse()
    own = list(doc[m.start : m.end])
    head = doc[m.start : m.end].root
    for child in head.children:
        if child.dep_ == "appos":
            window.extend(child.subtree)
    if head.dep_ == "appos":
        window.extend(t for t in head.head.subtree if t.i < m.start or t.i >= m.end)
    window.extend(p for c in head.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.subtree
                  if p.dep_ != "prep")
    sector = role_sector(window) or role_sector(own[:-1] if m.label == "PERSON" else own)
    country = organisation = None
    for t in reversed(window):
        other = by_token.get(t.i)
        if other is None or other is m:
            continue
        if other.country and (other.label == "NORP" or other.is_country or other.actor_code):
            country = other.country
            break
        if other.actor_code and other.sector in ("IGO", "NGO") and organisation is None:
            organisation = other.actor_code
    if country is None and m.label == "ORG":
        # "Russian Foreign Ministry" as one organisation name: a demonym or country name inside it
        for t in own:
            code = gazetteer.country_of_name(t.text) or (gazetteer.country_code(t.text) if t.pos_ == "ADJ" else None)
            if code:
                country = code
                break
    return country, sector, organisation


def find_mentions(segments: Sequence[Segment]) -> list[Mention]:
    """All entity mentions of one article, labelled, linked and actor-coded."""
    mentions: list[Mention] = []
    for si, seg in enumerate(segments):
        for ent in seg.doc.ents:
            start, end = _clean_span(seg.doc, ent.start, ent.end, ent.label_)
            if start < end:
                mentions.append(Mention(si, start, end, ent.label_, ent.label_))

    def text(m: Mention) -> str:
        return m.text(segments)

    # Surnames of full names, so that "Medvedev" is never mistaken for a place or organisation.
    full_names = [text(m) for m in mentions if m.label == "PERSON" and len(text(m).split()) > 1]
    surnames = {n.split()[-1] for n in full_names}
    for m in mentions:
        if m.label in NON_ENTITY_LABELS:
            continue
        t = text(m)
        if t in surnames and m.label != "PERSON":
            m.label = "PERSON"
        _apply_gazetteer(m, t, surnames)

    # Surname mentions the model missed.
    covered = {(m.seg, i) for m in mentions for i in range(m.start, m.end)}
    for si, seg in enumerate(segments):
        for tok in seg.doc:
            if tok.text in surnames and tok.pos_ == "PROPN" and (si, tok.i) not in covered:
                mentions.append(Mention(si, tok.i, tok.i + 1, "PERSON", "", ("PERSON", tok.lower_), tok.text))
    mentions.sort(key=lambda m: (m.seg, m.start))

    # Within-article linking: a person's shorter mentions take the fullest name ending the same way.
    persons = [(m, text(m).split()) for m in mentions if m.label == "PERSON"]
    by_last: dict[str, list[list[str]]] = defaultdict(list)
    for _, words in persons:
        by_last[words[-1]].append(words)
    for m, words in persons:
        candidates = (w for w in by_last[words[-1]] if w[-len(words):] == words)
        best = " ".join(max(candidates, key=len))
        m.name, m.key = best, ("PERSON", best.lower())

    # Actor coding from the words around each person or organisation.
    by_seg: dict[int, dict[int, Mention]] = defaultdict(dict)
    for m in mentions:
        for i in range(m.start, m.end):
            by_seg[m.seg][i] = m
    for m in mentions:
        if m.label in ("PERSON", "ORG") and m.actor_code is None:
            country, sector, organisation = _role_context(segments[m.seg], m, by_seg[m.seg])
            m.country = m.country or country
            m.sector = m.sector or sector
            if organisation and not m.country:
                m.actor_code = organisation  # "UN Secretary-General Ban Ki-moon"
            if m.label == "PERSON" and not m.country and segments[m.seg].doc[m.start].lower_ in HONORIFICS:
                # "Saudi Arabia's news agency said King Abdullah …": a monarch of the country named before
                m.country = _nearest_country_before(m, mentions)
    # Every mention of an entity shares what any mention of it says in this article.
    facts: dict[tuple, dict[str, str]] = defaultdict(dict)
    for m in mentions:
        if m.key:
            for attr in ("country", "sector"):
                if getattr(m, attr):
                    facts[m.key].setdefault(attr, getattr(m, attr))
    for m in mentions:
        if not m.key:
            continue
        m.country = m.country or facts[m.key].get("country")
        m.sector = m.sector or facts[m.key].get("sector")
        if m.actor_code is None and m.country and (m.label in ("PERSON", "ORG", "NORP") or m.is_country):
            m.actor_code = m.country + (m.sector or "") if not m.is_country else m.country
    return mentions


def _nearest_country_before(m: Mention, mentions: Sequence[Mention]) -> str | None:
    best = None
    for o in mentions:
        if o.seg == m.seg and o.end <= m.start and o.country and (o.is_country or o.label in ("NORP", "ORG")):
            best = o.country
    return best


def build_entities(mentions: pa.Table) -> pa.Table:
    """Canonical entities from mention rows (the MENTIONS schema): one row per entity_id.

    The name is the most frequent fullest form; label, country, sector and actor code the most frequent
    non-null value; counts over all mentions and distinct articles.
    """
    cols = ["entity_id", "article_id", "entity_name", "label", "country_code", "actor_code", "sector", "lat",
            "lon"]
    rows = mentions.select(cols).filter(pa.compute.is_valid(mentions["entity_id"])).to_pylist()
    grouped: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        grouped[r["entity_id"]].append(r)

    def mode(values):
        vals = [v for v in values if v is not None]
        if not vals:
            return None
        counts = Counter(vals)
        return max(counts, key=lambda v: (counts[v], len(str(v)), str(v)))

    out = []
    for eid in sorted(grouped):
        rs = grouped[eid]
        out.append(
            {
                "entity_id": eid,
                "name": mode(r["entity_name"] for r in rs),
                "label": mode(r["label"] for r in rs),
                "country_code": mode(r["country_code"] for r in rs),
                "actor_code": mode(r["actor_code"] for r in rs),
                "sector": mode(r["sector"] for r in rs),
                "lat": mode(r["lat"] for r in rs),
                "lon": mode(r["lon"] for r in rs),
                "n_mentions": len(rs),
                "n_articles": len({r["article_id"] for r in rs}),
            }
        )
    return pa.Table.from_pylist(out, schema=ENTITIES)
