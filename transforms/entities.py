"""Entity mentions and canonical entities.

Per article: spaCy's entities, cleaned ("the", possessive 's), fixed by gazetteers (countries, cities,
named actors such as the UN or the Kremlin), linked within the article (Medvedev → Dmitry Medvedev,
with missed surname mentions added), and actor-coded from role words around them ("Russian Foreign
Minister Sergei Lavrov" → RUS, GOV). Across the corpus: one entity per key with a stable id.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

import pyarrow as pa
import pyarrow.compute as pc
from spacy.tokens import Doc, Token

from transforms import gazetteer, lexicon, orgnames
from transforms.datelines import match_dateline
from transforms.ids import stable_id
from transforms.nlp import Segment
from transforms.schema import ENTITIES, ENTITY_ALIASES

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
    title: str | None = None  # a royal or religious title before a person's name ("King")

    @property
    def entity_id(self) -> str | None:
        return stable_id(*self.key) if self.key else None

    def text(self, segments: Sequence[Segment]) -> str:
        """The mention as written in the article (the model may have read it truecased)."""
        return segments[self.seg].surface(self.start, self.end)


# Role words that say who speaks or leads for a body, not which sector: the body's code is theirs
# ("a spokesman for UKIP"), and a role word before them gives the sector ("opposition leader" → OPP).
SPEAKING_ROLES = frozenset({"spokesman", "spokeswoman", "spokesperson", "spokesmen", "official", "officials",
                            "representative", "representatives", "leader", "leaders", "member", "members"})


def role_sector(tokens) -> str | None:
    """Sector of a role phrase's words, the last role word winning ("foreign minister" → GOV), unless it only
    says who speaks or leads for the body an earlier one names ("opposition leader" → OPP, "police spokesman"
    → COP)."""
    found = None
    words = [t.lower_ for t in tokens]
    roles = lexicon.roles()
    for i, w in enumerate(words):
        # a two-word role in the plural too: the table has "rights group" and "armed group", not their plurals
        bigram = next((b for b in (f"{words[i - 1]} {w}", f"{words[i - 1]} {tokens[i].lemma_.lower()}")
                       if b in roles), None) if i else None
        if bigram:
            found = roles[bigram]
        elif w in roles and tokens[i].pos_ in ("NOUN", "PROPN") and not (found and w in SPEAKING_ROLES):
            found = roles[w]
    return found


# Forms of address and titles: not part of a person's name in the mention (CoNLL's convention: "Mr Blair"
# → "Blair"), though a monarch's title stays in the canonical name ("King Abdullah").
TITLES = HONORIFICS | frozenset(
    "mr mr. mrs mrs. ms ms. miss dr dr. prof prof. professor baroness baron rev rev. reverend father "
    "president premier chancellor senator governor general gen. col. colonel captain capt. major".split()
)


def _clean_span(doc, start: int, end: int, label: str) -> tuple[int, int, str | None]:
    """Drop a leading article, quote or title and a trailing possessive or punctuation; return the royal or
    religious title found before a person's name, if any."""
    while start < end and (doc[start].lower_ == "the" or doc[start].pos_ == "DET" or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].pos_ in ("ADP", "PUNCT", "CCONJ")
                           or doc[end - 1].text.endswith(("'s", "’s")) and doc[end - 1].pos_ == "PART"
                           or label in NAME_LABELS and end - start > 1 and doc[end - 1].like_num):
        end -= 1  # … and a dateline's date glued to a name ("EDINBURGH 2005-02-01")
    title = None
    if label == "PERSON":
        while end - start > 1 and doc[start].lower_ in TITLES and doc[start].text[:1].isupper():
            start += 1
        i = start
        while i > 0 and doc[i - 1].lower_ in HONORIFICS and doc[i - 1].text[:1].isupper():
            i -= 1
        if i < start:
            title = doc[i:start].text
    return start, end, title


_DEMONYM_ENDINGS = ("an", "ian", "ese", "ish", "i", "ic", "ch", "ot", "ss")


def _apply_gazetteer(m: Mention, text: str, surnames: set[str], keep_person: bool = False) -> None:
    """Fix label and fill country/place facts from the gazetteers and the named-actor table.

    ``keep_person``: the model's PERSON is trusted over place names (but not over named actors such as
    parties: "Labour", "Lib Dems")."""
    named = lexicon.named_actors().get(text.lower()) or lexicon.named_actors().get(
        text.lower().removeprefix("the ").removesuffix(" party").strip())  # "the Fatah Party" → Fatah
    if named and (m.label != "PERSON" or text not in surnames):
        m.label, m.key, m.name = named.label, ("ACTOR", named.actor_code, named.entity.lower()), named.entity
        m.country, m.sector, m.actor_code = named.country_code, named.sector, named.actor_code
        return
    several_words = len(text.split()) > 1
    if m.label == "PERSON" and (several_words or text in surnames or keep_person) and not (
            several_words and gazetteer.country_of_name(text)):  # no one is called "Burkina Faso"
        return
    if m.label == "NORP" and not gazetteer.country_code(text) \
            and gazetteer.city_by_own_name(text, min_population=100_000):
        m.label = "GPE"  # a city the model read as a people ("bombed rebel positions in Aleppo")
    if m.label == "NORP":
        m.country = gazetteer.country_code(text)
        if m.country:  # a demonym is an alias of its country: "Russian" → Russia
            m.key, m.name = ("GPE", m.country), gazetteer.country_name(m.country) or text
        else:
            m.key, m.name = ("NORP", text.lower()), text
        return
    if text in surnames:
        return
    if " " not in text and text.endswith(_DEMONYM_ENDINGS) and not gazetteer.country_of_name(text):
        demonym = gazetteer.country_code(text)
        if demonym:  # "Ugandan", "British" read as an organisation or a person
            m.label, m.country = "NORP", demonym
            m.key, m.name = ("GPE", demonym), gazetteer.country_name(demonym) or text
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
    if region:  # a region or constituent country: its own entity, inside its country ("Kent", "Texas")
        m.country = region
    elif m.label == "GPE" and (misspelt := gazetteer.country_misspelt(text)):
        m.is_country, m.country = True, misspelt  # "Ethopia has agreed …"
        m.key, m.name = ("GPE", misspelt), gazetteer.country_name(misspelt) or text
        return
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
        if other.country and (other.label in ("NORP", "ORG") or other.is_country or other.actor_code):
            country = other.country
            break
        if other.actor_code and other.sector in ("IGO", "NGO") and organisation is None:
            organisation = other.actor_code
    if country is None and m.label == "ORG":
        # "Russian Foreign Ministry" as one organisation name: a demonym or country name inside it
        for t in own:
            code = gazetteer.country_of_name(t.text) or (
                gazetteer.country_code(t.text) if t.pos_ == "ADJ" or t.text.endswith(_DEMONYM_ENDINGS) else None)
            if code:
                country = code
                break
    if country is None and m.label == "ORG":
        country, body_sector = _body_of_known_actor(seg, m)
        sector = sector or body_sector
    return country, sector, organisation


def _body_of_known_actor(seg: Segment, m: Mention) -> tuple[str | None, str | None]:
    """Country and sector of an organisation whose name begins with a known actor's: a body of that actor ("the
    Commons science and technology committee" is the House of Commons', GBR LEG)."""
    for n in range(m.end - m.start - 1, 0, -1):
        known = lexicon.named_actors().get(seg.surface(m.start, m.start + n).lower())
        if known is not None and known.country_code:
            return known.country_code, known.sector
    return None, None


# Last words that make a name an organisation's ("Siemens AG", "Labour Party"), lower-cased.
ORG_SUFFIXES = orgnames.ORG_WORDS | orgnames.LEGAL_SUFFIXES | {f"{s}." for s in orgnames.LEGAL_SUFFIXES}
_LINK_WORDS = frozenset({"of", "the", "and", "for", "&", "de", "du", "des", "la", "le"})
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"})


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w and w.lower() not in _LINK_WORDS and w[0].isupper())


def _token_index(segments: Sequence[Segment]) -> dict[str, list[tuple[int, int]]]:
    """Lower-cased token → its (segment, position) occurrences in the article."""
    from spacy.attrs import LOWER  # here: a process that only drives the NLP never imports spaCy

    index: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for si, seg in enumerate(segments):
        strings = seg.doc.vocab.strings
        for i, lower in enumerate(seg.doc.to_array(LOWER).tolist()):  # no Token objects: this runs on every word
            index[strings[lower]].append((si, i))
    return index


def _spans_of(segments: Sequence[Segment], index: dict[str, list[tuple[int, int]]], words: list[str]):
    """(segment, start, end) of every token run whose lower-cased text is ``words``."""
    n = len(words)
    for si, i in index.get(words[0], ()):
        doc = segments[si].doc
        if i + n <= len(doc) and all(doc[i + k].lower_ == words[k] for k in range(1, n)):
            yield si, i, i + n


def _dateline_mentions(si: int, seg: Segment) -> list[Mention] | None:
    """A paragraph that is only a wire dateline (``transforms.normalise`` splits it off the lead) is read by
    its pattern, not by the model: its place and region are places ("KABUL, Afghanistan"), its agency an
    organisation, its date no name. None for any other paragraph."""
    if seg.in_title:
        return None
    text = seg.source or seg.doc.text
    found = match_dateline(text)
    if found is None or found.end < len(text.rstrip()):
        return None
    mentions = []
    start = 0
    for part in found.place.split(","):
        lead = len(part) - len(part.lstrip())
        span = seg.doc.char_span(start + lead, start + len(part.rstrip()), alignment_mode="expand")
        if span is not None and len(span):
            mentions.append(Mention(si, span.start, span.end, "GPE", "GPE"))
        start += len(part) + 1
    if found.source:  # the agency: "(Reuters)"
        at = text.rfind(found.source, 0, found.end)
        span = seg.doc.char_span(at, at + len(found.source), alignment_mode="expand")
        if span is not None and len(span):
            mentions.append(Mention(si, span.start, span.end, "ORG", "ORG"))
    return mentions


@dataclass
class ArticleText:
    """What every pass reads besides the mentions: the article's segments, its publication date and a token
    index (built once, on first use)."""

    segments: Sequence[Segment]
    published: dt.date | None = None

    def text(self, m: Mention) -> str:
        return m.text(self.segments)

    @cached_property
    def index(self) -> dict[str, list[tuple[int, int]]]:
        return _token_index(self.segments)

    def covered(self, mentions: Sequence[Mention]) -> set[tuple[int, int]]:
        """(segment, token) of every token inside a mention."""
        return {(m.seg, i) for m in mentions for i in range(m.start, m.end)}


Pass = Callable[[list[Mention], ArticleText], list[Mention]]


def model_mentions(art: ArticleText) -> list[Mention]:
    """The model's entities, spans cleaned (:func:`_clean_span`) and names ending in an organisation word made
    ORG; a paragraph that is only a dateline read by its pattern instead."""
    mentions: list[Mention] = []
    for si, seg in enumerate(art.segments):
        placed = _dateline_mentions(si, seg)
        if placed is not None:
            mentions.extend(placed)
            continue
        for ent in seg.doc.ents:
            start, end, title = _clean_span(seg.doc, ent.start, ent.end, ent.label_)
            if start < end:
                label = ent.label_
                if label in NAME_LABELS - {"ORG"} and seg.doc[end - 1].lower_ in ORG_SUFFIXES and end - start > 1:
                    label = "ORG"  # "Gazprom Holdings", "Labour Party", "Reuters Group"
                mentions.append(Mention(si, start, end, label, ent.label_, title=title))
    return mentions


_AGENCY = ("news", "agency")  # "the official KCNA news agency", "news agency Interfax"
_PARTY_WORDS = frozenset({"party", "front", "movement", "alliance", "league"})


def _capitalised_run(doc, i: int, step: int, taken: set[int], most: int = 4) -> tuple[int, int] | None:
    """[start, end) of the capitalised proper nouns from token ``i`` on, going forward (step 1) or back (-1),
    none of them inside a mention; None when token ``i`` is not one."""
    k = i
    while 0 <= k < len(doc) and abs(k - i) < most and k not in taken and doc[k].pos_ == "PROPN" \
            and doc[k].text[:1].isupper():
        k += step
    if k == i:
        return None
    return (i, k) if step > 0 else (k + 1, i + 1)


def _by_segment(mentions: Sequence[Mention]) -> dict[int, list[Mention]]:
    """Segment → its mentions (one pass over the mentions)."""
    out: dict[int, list[Mention]] = defaultdict(list)
    for m in mentions:
        out[m.seg].append(m)
    return out


def _tokens(mentions: Sequence[Mention]) -> set[int]:
    return {i for m in mentions for i in range(m.start, m.end)}


def company_forms(mentions: list[Mention], art: ArticleText) -> list[Mention]:
    """A company's legal form written after or before a name is part of it and makes it an organisation
    ("Siemens" + "AG" → "Siemens AG", "OAO" + "Gazprom"); a run of proper nouns the model missed before a legal
    form is one too ("Acme Widgets Inc")."""
    by_seg = _by_segment(mentions)
    for si, seg in enumerate(art.segments):
        doc = seg.doc
        taken = _tokens(by_seg[si])
        for m in [m for m in by_seg[si] if m.label in NAME_LABELS]:
            if m.end < len(doc) and m.end not in taken and doc[m.end].text[:1].isupper() \
                    and orgnames.is_legal_suffix(doc[m.end].text):
                taken.add(m.end)
                m.end, m.label = m.end + 1, "ORG"
            if m.start > 0 and m.start - 1 not in taken and orgnames.is_legal_prefix(doc[m.start - 1].text):
                taken.add(m.start - 1)
                m.start, m.label = m.start - 1, "ORG"
        for i, tok in enumerate(doc):
            if i not in taken and tok.text[:1].isupper() and tok.lower_.rstrip(".") in orgnames.STRONG_SUFFIXES:
                run = _capitalised_run(doc, i - 1, -1, taken) if i else None
                if run:
                    mentions.append(Mention(si, run[0], i + 1, "ORG", ""))
                    taken.update(range(run[0], i + 1))
    return mentions


def news_agencies(mentions: list[Mention], art: ArticleText) -> list[Mention]:
    """The name before or after "news agency" is an organisation's, without those words ("the official KCNA
    news agency", "Interfax news agency", "state news agency SANA"); a country or demonym there is not
    ("Iran's news agency", "the Syrian news agency")."""
    by_seg = _by_segment(mentions)
    for si, seg in enumerate(art.segments):
        doc = seg.doc
        taken = _tokens(by_seg[si])
        for m in [m for m in by_seg[si] if m.end - m.start > 2
                  and tuple(t.text for t in doc[m.end - 2 : m.end]) == _AGENCY]:
            m.end, m.label = m.end - 2, "ORG"  # the model's "KCNA news agency"
            taken.difference_update((m.end, m.end + 1))
        ending = {m.end: m for m in by_seg[si]}
        starting = {m.start: m for m in by_seg[si]}
        for i in range(len(doc) - 1):
            if (doc[i].text, doc[i + 1].text) != _AGENCY or i in taken:
                continue
            for at, step in ((i - 1, -1), (i + 2, 1)):
                known = ending.get(at + 1) if step < 0 else starting.get(at)
                run = None if known else _capitalised_run(doc, at, step, taken, most=3)
                if known is None and run:
                    known = Mention(si, run[0], run[1], "ORG", "")
                    mentions.append(known)
                    taken.update(range(*run))
                if known and known.label in NAME_LABELS and not gazetteer.country_code(art.text(known)):
                    known.label = "ORG"
    return mentions


def country_parties(mentions: list[Mention], art: ArticleText) -> list[Mention]:
    """A party whose name starts with a country or its demonym is one organisation ("UK" + "Independence Party",
    "Scottish" + "Socialist Party"): the place joins the party's span."""
    by_start = {(m.seg, m.start): m for m in mentions}
    merged = set()
    for m in mentions:
        party = by_start.get((m.seg, m.end))
        if m.label in ("GPE", "NORP") and party is not None and party.label == "ORG" \
                and art.segments[m.seg].doc[party.end - 1].lower_ in _PARTY_WORDS:
            party.start, party.model_label = m.start, party.model_label or m.model_label
            merged.add(id(m))
    return [m for m in mentions if id(m) not in merged]


def _is_given_name_pair(seg: Segment, start: int, end: int, art: ArticleText) -> bool:
    """Whether tokens [start, end) read as "<given name> <surname>": two or three capitalised proper nouns, the
    first a given name of ``people.csv`` (no title, no large city's name: "Sydney"), the last no
    organisation's word ("Trust", "Project"), and the whole no place or named actor; the surname a family
    name of ``people.csv`` or a word the article never writes in lower case ("Brent crude … Brent Crude"
    stays a commodity)."""
    doc = seg.doc
    words = [t.text for t in doc[start:end]]
    surface = seg.surface(start, end)
    return (2 <= len(words) <= 3 and words[0] in lexicon.given_names() and words[0].lower() not in TITLES
            and all(t.pos_ == "PROPN" and t.text[:1].isupper() and t.is_alpha for t in doc[start:end])
            and words[-1].lower() not in ORG_SUFFIXES and words[-1].lower() not in lexicon.organisation_tails()
            and not gazetteer.city(words[0], min_population=100_000)
            and not (lexicon.named_actors().get(surface.lower()) or gazetteer.country_of_name(surface)
                     or gazetteer.city(surface) or gazetteer.country_code(surface))
            and (words[-1].lower() in lexicon.family_names() or not _written_lower(words[-1], art)))


def _written_lower(word: str, art: ArticleText) -> bool:
    """Whether the article writes ``word`` in lower case somewhere (a common noun, not a name)."""
    return any(art.segments[si].doc[i].text.islower() for si, i in art.index.get(word.lower(), ()))


def people_by_given_name(mentions: list[Mention], art: ArticleText) -> list[Mention]:
    """Names of a given name and a surname are people's ("Thabo Mbeki" the model read as a place, "Nicola
    Sturgeon" as an organisation); such pairs the model missed are added."""
    for m in mentions:
        if m.label in NAME_LABELS - {"PERSON"} and _is_given_name_pair(art.segments[m.seg], m.start, m.end, art):
            m.label = "PERSON"
    by_seg = _by_segment(mentions)
    for si, seg in enumerate(art.segments):
        taken = _tokens(by_seg[si])
        for i, tok in enumerate(seg.doc):
            if tok.text not in lexicon.given_names() or i in taken:
                continue
            run = _capitalised_run(seg.doc, i, 1, taken, most=3)
            if run and _is_given_name_pair(seg, *run, art):
                mentions.append(Mention(si, run[0], run[1], "PERSON", ""))
                taken.update(range(*run))
    return mentions


def common_nouns_are_no_people(mentions: list[Mention], art: ArticleText) -> list[Mention]:
    """A one-word "person" the article also writes in lower case ("Gold", "Crude" in market tables) is no
    name, unless it is the surname of someone the article or ``people.csv`` names in full."""
    surnames = _surnames(mentions, art).words
    return [m for m in mentions if not (
        m.label == "PERSON" and m.end - m.start == 1 and art.text(m) not in surnames
        and art.text(m).lower() not in lexicon.family_names() and _written_lower(art.text(m), art))]


# Sectors of state institutions: a country or demonym before one of their names is its own mention.
_STATE_SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD", "COP", "SPY"})


def _nation_prefix(seg: Segment, m: Mention) -> int:
    """How many leading tokens of an organisation's name are a country or its demonym before a state
    institution or a named actor ("U.S." + "Embassy", "Honduran" + "Congress", "Pakistani" + "Taliban"), else 0.
    Companies, parties and other names stay whole ("British Airways", "UK Independence Party")."""
    for n in (3, 2, 1):
        rest = seg.surface(m.start + n, m.end) if m.end - m.start > n else ""
        if rest and rest[:1].isupper() and gazetteer.nation(seg.surface(m.start, m.start + n)) \
                and (lexicon.roles().get(rest.lower()) in _STATE_SECTORS or rest.lower() in lexicon.named_actors()) \
                and seg.surface(m.start, m.end).lower() not in lexicon.named_actors():
            return n
    return 0


def split_country_prefix(mentions: list[Mention], art: ArticleText) -> list[Mention]:
    """A country before an institution's name is its own place, a demonym no name ("U.S. Embassy" → "U.S." LOC
    + "Embassy" ORG; "Honduran Congress" → "Congress"), as docs/coding.md's convention has it ("US" + "Federal
    Reserve")."""
    out = []
    for m in mentions:
        n = _nation_prefix(art.segments[m.seg], m) if m.label == "ORG" else 0
        if n:
            prefix = art.segments[m.seg].surface(m.start, m.start + n)
            label = "GPE" if gazetteer.country_of_name(prefix) else "NORP"
            out.append(Mention(m.seg, m.start, m.start + n, label, m.model_label))
            m.start += n
        out.append(m)
    return out


# Lower-case particles inside people's names ("José Eduardo dos Santos", "Ursula von der Leyen").
_NAME_PARTICLES = frozenset("da das de del della der den di do dos du van von bin ibn".split())


def _extend_people(mentions: list[Mention], art: ArticleText, end_of: Callable[[Mention, Doc], int | None]
                   ) -> list[Mention]:
    """Each person's mention carried on to the end ``end_of`` gives (None: where it is); a mention that starts in
    what is added joins it."""
    by_start = {(m.seg, m.start): m for m in mentions}
    absorbed: set[int] = set()
    for m in mentions:
        if m.label != "PERSON" or id(m) in absorbed:
            continue
        end = end_of(m, art.segments[m.seg].doc)
        if end is None:
            continue
        absorbed.update(id(o) for k in range(m.end, end) if (o := by_start.get((m.seg, k))) is not None)
        m.end = max([end] + [o.end for k in range(m.end, end) if (o := by_start.get((m.seg, k))) is not None])
    return [m for m in mentions if id(m) not in absorbed]


def name_particles(mentions: list[Mention], art: ArticleText) -> list[Mention]:
    """A person's name goes on over lower-case particles to the capitalised name after them ("José Eduardo" +
    "dos Santos"); a mention the model made of that rest joins it."""
    def after_particles(m: Mention, doc: Doc) -> int | None:
        k = m.end
        while k < len(doc) and doc[k].text in _NAME_PARTICLES:
            k += 1
        if k == m.end or k >= len(doc) or not doc[k].text[:1].isupper() or doc[k].pos_ != "PROPN":
            return None
        return k + 1

    return _extend_people(mentions, art, after_particles)


def known_full_names(mentions: list[Mention], art: ArticleText) -> list[Mention]:
    """A person's name the model cut short goes on over the capitalised names after it when the longer name is a
    person the actor dictionary knows ("Prime Minister [Lee Hsien] Loong")."""
    def known_end(m: Mention, doc: Doc) -> int | None:
        for k in (2, 1):
            rest = doc[m.end : m.end + k]
            if len(rest) == k and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in rest) and (
                    doc[m.start : m.end + k].text.lower() in lexicon.people()):
                return m.end + k
        return None

    return _extend_people(mentions, art, known_end)


# Last words of a place's name ("Yingkham Road", "Yobe State", "Mayadeen Military Airport").
_PLACE_WORDS = frozenset("road street avenue square boulevard highway bridge province state district region county "
                         "valley river island islands mountains airport camp".split())
_LOCATIVE = frozenset({"in", "near", "outside", "across", "throughout"})
_COMPASS = frozenset("north south east west northern southern eastern western central northeastern northwestern "
                     "southeastern southwestern north-eastern north-western south-eastern south-western".split())


# Forms of address before a name: whoever they address is a person ("Mr Hockney" the model read as a place).
FORMS_OF_ADDRESS = frozenset("mr mr. mrs mrs. ms ms. miss dr dr. sir dame lord lady baroness baron".split())


def addressed_people(mentions: list[Mention], art: ArticleText) -> list[Mention]:
    """A name after a form of address is a person's ("Mr Hockney", "Dr Fox", "Lord Butler"), the model's label
    notwithstanding; not an office or a body after "Lord" ("Lord Chancellor", "Lord Mayor")."""
    for m in mentions:
        if m.label not in NAME_LABELS or m.label == "PERSON":
            continue
        doc = art.segments[m.seg].doc
        if m.end - m.start > 1 and _addresses(doc[m.start]) and doc[m.start + 1].lower_ not in lexicon.roles():
            m.start += 1  # the model took the form of address into the span
        elif not (m.start > 0 and _addresses(doc[m.start - 1])) or doc[m.start].lower_ in lexicon.roles():
            continue
        m.label = "PERSON"
    return mentions


def _addresses(tok) -> bool:
    return tok.lower_ in FORMS_OF_ADDRESS and tok.text[:1].isupper()


def places_read_as_people(mentions: list[Mention], art: ArticleText) -> list[Mention]:
    """A "person" whose name ends in a place's word ("Yingkham Road") is a place, and so is a one-word "person"
    that nothing knows as a person and the gazetteer knows as a whole country ("Mali said", "Mali's junta": a
    possessive only before a role, as "Blair's view" is a person's) or, after "in" or "near" (a compass word
    between them allowed), as a city or region ("in Kismayo", "in northern Kivu"; not "confidence in Putin")."""
    surnames = _surnames(mentions, art)
    for m in mentions:
        if m.label != "PERSON":
            continue
        doc, t = art.segments[m.seg].doc, art.text(m)
        after = doc[m.end].text if m.end < len(doc) else ""
        owns_role = after in _POSSESSIVE and gazetteer.country_of_name(t) is not None and _role_at(doc, m.end + 1)
        unknown_as_person = (m.end - m.start == 1 and (after not in _POSSESSIVE or owns_role)
                             and t not in surnames.words
                             and t.lower() not in lexicon.surnames() and t.lower() not in lexicon.family_names())
        located = unknown_as_person and (gazetteer.country_of_name(t) is not None or _after_locative(doc, m.start)
                                         and (gazetteer.city(t) or gazetteer.country_code(t)))
        named_so = m.end - m.start > 1 and doc[m.end - 1].lower_ in _PLACE_WORDS and doc[m.end - 1].text[0].isupper()
        if located or named_so:
            m.label = "GPE" if located else "LOC"
    return mentions


def _role_at(doc, start: int) -> bool:
    """Whether the noun phrase at ``start`` names a role ("junta", "military junta", "prime minister")."""
    roles, words = lexicon.roles(), []
    for tok in doc[start : start + 3]:
        if tok.pos_ not in ("ADJ", "NOUN", "PROPN"):
            break
        words.append(tok.lower_)
    return any(" ".join(words[i:j]) in roles for i in range(len(words)) for j in range(i + 1, len(words) + 1))


def _after_locative(doc, start: int) -> bool:
    """Whether a word follows "in", "near" … directly or past a compass word ("in northern Kivu")."""
    before = [t.lower_ for t in doc[max(0, start - 2) : start]]
    return bool(before) and (before[-1] in _LOCATIVE or len(before) == 2 and before[-1] in _COMPASS
                             and before[0] in _LOCATIVE)


def _votes(mentions: Sequence[Mention], art: ArticleText) -> dict[str, Counter]:
    """Lower-cased surface → how often each name label was given to it."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for m in mentions:
        if m.label in NAME_LABELS:
            votes[art.text(m).lower()][m.label] += 1
    return votes


def vote_types(mentions: list[Mention], art: ArticleText) -> list[Mention]:
    """A name keeps one type in an article: the one most of its mentions have."""
    votes = _votes(mentions, art)
    for m in mentions:
        if m.label in NAME_LABELS:
            best, n = votes[art.text(m).lower()].most_common(1)[0]
            if n > votes[art.text(m).lower()][m.label]:
                m.label = best
    return mentions


def add_repeats(mentions: list[Mention], art: ArticleText) -> list[Mention]:
    """Other capitalised occurrences of a name the model found once, with its (majority) type."""
    votes = _votes(mentions, art)
    taken = art.covered(mentions)
    first_of: dict[str, Mention] = {}
    for m in mentions:
        if m.label in NAME_LABELS:
            first_of.setdefault(art.text(m).lower(), m)
    for surface, vote in votes.items():
        first = first_of[surface]
        words = [t.lower_ for t in art.segments[first.seg].doc[first.start : first.end]]
        if not any(ch.isupper() for ch in art.text(first)):
            continue
        for si, a, b in _spans_of(art.segments, art.index, words):
            if all((si, i) not in taken for i in range(a, b)) and art.segments[si].doc[a].text[:1].isupper():
                mentions.append(Mention(si, a, b, vote.most_common(1)[0][0], ""))
                taken.update((si, i) for i in range(a, b))
    return mentions


@dataclass(frozen=True)
class _Surnames:
    words: set[str]  # last words of people named in full, as written and in capitals: "Medvedev", "MEDVEDEV"
    tails: set[str]  # lower-cased ends of those names: "von pierer", "pierer"


def _surnames(mentions: Sequence[Mention], art: ArticleText) -> _Surnames:
    full_names = [art.text(m) for m in mentions if m.label == "PERSON" and len(art.text(m).split()) > 1]
    words = {n.split()[-1] for n in full_names}
    words |= {s.upper() for s in words}
    return _Surnames(words, {" ".join(n.lower().split()[k:]) for n in full_names for k in range(1, len(n.split()))})


def type_by_gazetteer(mentions: list[Mention], art: ArticleText) -> list[Mention]:
    """Surnames of people named in full are people ("Medvedev", "Von Pierer" after the full name); every other
    name is typed and placed by the gazetteers and the named-actor table (:func:`_apply_gazetteer`)."""
    surnames = _surnames(mentions, art)
    for m in mentions:
        if m.label in NON_ENTITY_LABELS:
            continue
        t = art.text(m)
        if m.label != "PERSON" and (t in surnames.words or t.lower() in surnames.tails):
            m.label = "PERSON"
        _apply_gazetteer(m, t, surnames.words, keep_person=m.label == "PERSON")
    return mentions


def _home_countries(mentions: Sequence[Mention]) -> Counter:
    """Countries the article names (as countries or demonyms), with how often."""
    return Counter(m.country for m in mentions if m.country and (m.is_country or m.label == "NORP"))


def regions_of_home(mentions: list[Mention], art: ArticleText) -> list[Mention]:
    """A one-word "person" or "organisation" that is a region of a country the article is about is a place:
    "Yorkshire", "Kent" in a British story (but not "Marsh", the Marshall Islands to countrynames)."""
    home = _home_countries(mentions)
    surnames = _surnames(mentions, art).words
    for m in mentions:
        t = art.text(m)
        if m.label in ("PERSON", "ORG") and " " not in t and t not in surnames and m.actor_code is None:
            region = gazetteer.country_code(t)
            if region and region in home:
                m.label, m.country, m.key, m.name = "GPE", region, ("GPE", t.lower()), t
    return mentions


def cities_of_home(mentions: list[Mention], art: ArticleText) -> list[Mention]:
    """Places named in several countries take the one of the article's main country (Damascus, Oregon, in a
    story about the United States; Damascus, Syria, elsewhere)."""
    home = _home_countries(mentions)
    if not home:
        return mentions
    main = home.most_common(1)[0][0]
    for m in mentions:
        if m.lat is not None and not m.is_country and m.country != main:
            alt = gazetteer.city(art.text(m), prefer_country=main)
            if alt is not None and alt.country_code == main:
                m.country, m.lat, m.lon = alt.country_code, alt.lat, alt.lon
                m.key, m.name, m.capital = ("GPE", str(alt.geonameid)), alt.name, False
    return mentions


def _missed_name(si: int, seg: Segment, i: int, n: int, surnames: set[str]) -> Mention | None:
    """The name the model missed at tokens [i, i + n), if the gazetteers or the article's surnames know it."""
    doc = seg.doc
    surface = seg.surface(i, i + n)
    if n == 1 and surface in surnames and doc[i].pos_ == "PROPN":
        return Mention(si, i, i + 1, "PERSON", "")
    if lexicon.named_actors().get(surface.lower()) or gazetteer.country_of_name(surface):
        return Mention(si, i, i + n, "ORG" if lexicon.named_actors().get(surface.lower()) else "GPE", "")
    if doc[i + n - 1].pos_ == "PROPN" and gazetteer.city(surface, min_population=100_000) \
            or n == 1 and gazetteer.state_abbreviation(surface, ambiguous=False):
        return Mention(si, i, i + n, "GPE", "")  # … and "Calif."
    if n == 1 and i + 1 < len(doc) and doc[i + 1].text == "." \
            and gazetteer.state_abbreviation(surface + ".", ambiguous=False):
        return Mention(si, i, i + 2, "GPE", "")  # "Ont." read as "Ont" and "."
    if n == 1 and surface.endswith(_DEMONYM_ENDINGS) and gazetteer.country_code(surface) \
            and doc[i].pos_ in ("ADJ", "PROPN"):
        return Mention(si, i, i + 1, "NORP", "")  # "Ghanaian authorities" the model let pass
    return None


def add_missed_names(mentions: list[Mention], art: ArticleText) -> list[Mention]:
    """Names the model missed, capitalised runs of up to four words (longest first): surnames of people named
    in full, named actors, countries, cities of 100,000+ people, wire abbreviations of states and provinces
    and demonyms. Returns the mentions in text
    order."""
    surnames = _surnames(mentions, art).words
    taken = art.covered(mentions)
    for si, seg in enumerate(art.segments):
        doc = seg.doc
        i = 0
        while i < len(doc):
            if (si, i) in taken or not doc[i].text[:1].isupper() or doc[i].pos_ not in ("PROPN", "NOUN", "ADJ"):
                i += 1
                continue
            found = next((f for n in (4, 3, 2, 1)
                          if i + n <= len(doc) and not any((si, k) in taken for k in range(i, i + n))
                          and (f := _missed_name(si, seg, i, n, surnames))), None)
            if found is None:
                i += 1
                continue
            _apply_gazetteer(found, art.text(found), surnames)
            if found.label == "PERSON":
                found.key, found.name = ("PERSON", art.text(found).lower()), art.text(found)
            mentions.append(found)
            taken.update((si, k) for k in range(found.start, found.end))
            i = found.end
    return sorted(mentions, key=lambda m: (m.seg, m.start))


def _take_entity(m: Mention, other: Mention) -> None:
    m.label, m.key, m.name = other.label, other.key, other.name
    m.country, m.sector, m.actor_code = other.country, other.sector, other.actor_code


def link_acronyms(mentions: list[Mention], art: ArticleText) -> list[Mention]:
    """Acronyms take the entity of their long form in the article ("IMF" → "International Monetary Fund")."""
    long_forms = {_initials(art.text(m).split()): m for m in mentions
                  if m.label == "ORG" and len(art.text(m).split()) > 1 and not art.text(m).isupper()}
    for m in mentions:
        t = art.text(m)
        if m.label in ("ORG", "GPE", "PERSON") and t.isupper() and 2 <= len(t) <= 6 and t in long_forms:
            long = long_forms[t]
            if m.actor_code is None or m.actor_code == long.actor_code:
                _take_entity(m, long)
    return mentions


def link_company_names(mentions: list[Mention], art: ArticleText) -> list[Mention]:
    """A company's short name takes its full name in the article ("Siemens" → "Siemens AG")."""
    corporate = [m for m in mentions if m.label == "ORG" and len(art.text(m).split()) > 1
                 and art.text(m).split()[-1].lower() in ORG_SUFFIXES and m.key]
    for m in mentions:
        if m.label == "ORG" and m.key and m.key[0] == "ORG" and m not in corporate:
            words = art.text(m).lower().split()
            full = next((c for c in corporate if art.text(c).lower().split()[: len(words)] == words), None)
            if full is not None:
                _take_entity(m, full)
    return mentions


def link_people(mentions: list[Mention], art: ArticleText) -> list[Mention]:
    """A person's shorter mentions take the fullest name ending the same way (compared without case, so a
    headline's "MEDVEDEV" joins "Dmitry Medvedev"); a monarch's title joins the name ("King Abdullah")."""
    persons = [(m, art.text(m).split()) for m in mentions if m.label == "PERSON"]
    by_last: dict[str, list[list[str]]] = defaultdict(list)
    for _, words in persons:
        by_last[words[-1].lower()].append(words)
    for m, words in persons:
        low = [w.lower() for w in words]
        candidates = [w for w in by_last[low[-1]] if [x.lower() for x in w[-len(low):]] == low]
        best = " ".join(max(candidates, key=lambda w: (len(w), not " ".join(w).isupper())))
        m.name, m.key = best, ("PERSON", best.lower())
    titled = {m.key: m.title for m in mentions if m.label == "PERSON" and m.title}
    for m in mentions:
        if m.label == "PERSON" and m.key in titled and not m.name.startswith(titled[m.key]):
            m.title = m.title or titled[m.key]
            m.name = f"{titled[m.key]} {m.name}"
    for m in mentions:
        if m.label == "PERSON" and m.key in titled:
            m.key = ("PERSON", m.name.lower())
    return mentions


def code_from_roles(mentions: list[Mention], art: ArticleText) -> list[Mention]:
    """Country and sector of each person or organisation from the words around it (:func:`_role_context`)."""
    by_seg: dict[int, dict[int, Mention]] = defaultdict(dict)
    for m in mentions:
        for i in range(m.start, m.end):
            by_seg[m.seg][i] = m
    for m in mentions:
        if m.label in ("PERSON", "ORG") and m.actor_code is None:
            country, sector, organisation = _role_context(art.segments[m.seg], m, by_seg[m.seg])
            m.country = m.country or country
            m.sector = m.sector or sector
            if organisation and not m.country:
                m.actor_code = organisation  # "UN Secretary-General Ban Ki-moon"
    return mentions


def code_from_people(mentions: list[Mention], art: ArticleText) -> list[Mention]:
    """People the article does not place: the role the actor dictionary says they held when it was published
    (a surname alone only with a title or a role: "President Bush")."""
    for m in mentions:
        if m.label == "PERSON" and m.name and not m.country and m.actor_code is None:
            known = lexicon.person_role(m.name, art.published) or lexicon.person_role(art.text(m), art.published)
            if known is None and (m.sector or m.title) and " " not in m.name:
                known = lexicon.surnames().get(m.name.lower())
            if known is not None:
                m.country, m.sector = known.country_code, m.sector or known.sector
                if known.country_code is None:
                    m.actor_code = known.actor_code  # an IGO official: "Kofi Annan" → IGOUNO
    return mentions


def code_from_sentence(mentions: list[Mention], art: ArticleText) -> list[Mention]:
    """An office-holder still without a country takes the one his sentence names before him ("Saudi Arabia's
    news agency said King Abdullah …"), never one after him ("Minister X said Israel must leave Gaza")."""
    for m in mentions:
        if m.label == "PERSON" and m.sector and not m.country and m.actor_code is None:
            m.country = _sentence_country(m, mentions, art.segments)
    return mentions


def share_facts(mentions: list[Mention], art: ArticleText) -> list[Mention]:
    """Every mention of an entity shares what any mention of it says in this article; then actor codes are
    made of country and sector, and a capital speaks for its government ("Moscow said" → RUSGOV)."""
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
        if m.capital and m.actor_code is None:
            m.actor_code = m.country + "GOV"
    return mentions


# The passes after the model, in order: organisations' patterns, types (consistency, gazetteers, regions), then
# names the model missed, then linking, then actor coding.
PASSES: tuple[Pass, ...] = (
    company_forms, news_agencies, country_parties, split_country_prefix, people_by_given_name, name_particles,
    known_full_names, places_read_as_people, addressed_people, vote_types, add_repeats,
    common_nouns_are_no_people, type_by_gazetteer, regions_of_home, cities_of_home, add_missed_names,
    link_acronyms, link_company_names, link_people, code_from_roles, code_from_people, code_from_sentence,
    share_facts,
)


def find_mentions(segments: Sequence[Segment], published: dt.date | None = None) -> list[Mention]:
    """All entity mentions of one article, labelled, linked and actor-coded (people the article does not
    place, by the role the actor dictionary says they held when it was ``published``): the model's entities
    (:func:`model_mentions`) through each of :data:`PASSES`."""
    art = ArticleText(segments, published)
    mentions = model_mentions(art)
    for step in PASSES:
        mentions = step(mentions, art)
    return mentions


def _sentence_country(m: Mention, mentions: Sequence[Mention], segments: Sequence[Segment]) -> str | None:
    seg = segments[m.seg]
    sent = seg.doc[m.start].sent
    near = [o for o in mentions if o.seg == m.seg and sent.start <= o.start < sent.end and o.country
            and (o.is_country or o.label == "NORP" and not _of_a_thing(seg.doc[o.end - 1]))
            and not _place_of_something(seg.doc[o.start : o.end].root)]
    before = [o for o in near if o.end <= m.start]
    return before[-1].country if before else None  # a country named after him is more often whom he acts on


def _place_of_something(country: Token) -> bool:
    """Whether a country is named as where or about what something is ("referring to the detentions in Cuba,
    Archbishop Tutu said"), not whose ("Saudi Arabia's agency", "the government of Iraq")."""
    return country.dep_ == "pobj" and country.head.lower_ != "of"


def _of_a_thing(demonym: Token) -> bool:
    """Whether a nationality word describes a thing, not who acts ("the Romanian and Bulgarian visas scandal"):
    it modifies a common noun that is no role word ("Bulgarian minister", "Saudi officials" say who acts)."""
    head = demonym.head
    while demonym.dep_ == "conj" and head.dep_ in ("amod", "compound", "conj"):
        demonym, head = head, head.head  # "Romanian and Bulgarian visas"
    return demonym.dep_ in ("amod", "compound") and head.pos_ == "NOUN" and role_sector([head]) is None


def build_entity_aliases(mentions: pa.Table) -> pa.Table:
    """How names were merged: one row per (entity, surface form) with how often it was written so."""
    rows = mentions.select(["entity_id", "text"]).filter(pa.compute.is_valid(mentions["entity_id"]))
    counted = rows.group_by(["entity_id", "text"]).aggregate([("text", "count")])
    table = pa.table({"entity_id": counted["entity_id"], "alias": counted["text"],
                      "n": counted["text_count"].cast(pa.int64())})
    return table.sort_by([("entity_id", "ascending"), ("n", "descending"), ("alias", "ascending")]).cast(
        ENTITY_ALIASES)


def build_entities(mentions: pa.Table) -> pa.Table:
    """Canonical entities from mention rows (the MENTIONS schema): one row per entity_id.

    The name is the most frequent fullest form; label, country, sector and actor code the most frequent
    non-null value; counts over all mentions and distinct articles. Ties go to the value not all in capitals,
    then the longest, then the last in order. Computed column-wise in Arrow (a corpus has millions of mentions).
    """
    mentions = mentions.filter(pc.is_valid(mentions["entity_id"]))
    counts = mentions.group_by("entity_id").aggregate([("entity_id", "count"), ("article_id", "count_distinct")])
    out = pa.table({"entity_id": counts["entity_id"], "n_mentions": counts["entity_id_count"].cast(pa.int64()),
                    "n_articles": counts["article_id_count_distinct"].cast(pa.int64())})
    labels = mentions.filter(pc.not_equal(mentions["label"], "NORP"))
    for column, source in (("name", mentions.rename_columns({"entity_name": "name"})), ("label", labels),
                           ("country_code", mentions), ("actor_code", mentions), ("sector", mentions),
                           ("lat", mentions), ("lon", mentions)):
        out = out.join(_mode(source, column), "entity_id", join_type="left outer")
    out = out.set_column(out.schema.get_field_index("label"), "label", pc.fill_null(out["label"], "NORP"))
    return out.sort_by("entity_id").select(ENTITIES.names).cast(ENTITIES)


def _mode(mentions: pa.Table, column: str) -> pa.Table:
    """The most frequent non-null ``column`` of each entity (``entity_id``, ``column``), ties broken as in
    :func:`build_entities`."""
    rows = mentions.select(["entity_id", column]).filter(pc.is_valid(mentions[column]))
    counted = rows.group_by(["entity_id", column]).aggregate([(column, "count")])
    text = counted[column] if pa.types.is_string(counted[column].type) else pc.cast(counted[column], pa.string())
    ranked = counted.append_column("upper", pc.utf8_is_upper(text)).append_column(
        "length", pc.utf8_length(text)).append_column("text", text)
    ranked = ranked.sort_by([("entity_id", "ascending"), (f"{column}_count", "descending"), ("upper", "ascending"),
                             ("length", "descending"), ("text", "descending")])
    return ranked.group_by("entity_id", use_threads=False).aggregate([(column, "first")]).rename_columns(
        {f"{column}_first": column})
