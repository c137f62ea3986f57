"""Event coding: who did what to whom, when, where, per sentence, with CAMEO and PLOVER codes.

A trigger is a verb lemma (with the particle or preposition it needs: "call for"), a verb whose object
decides the act ("withdraw peacekeepers", "block roads"), a nominal trigger ("onslaught", "talks") that has
its own agent ("by Syrian forces") or a light verb ("held talks"), a noun undone by its verb ("lifted the
blockade", "called off the strike"), an obligation in reported speech ("X said Y must …"), or an evaluative
word in what a speaker said ("told Medvedev that his calls were futile"). The source is the
clause's subject (inherited through "to"-clauses and participles; the "by" agent of a passive), the
target the object or the matching prepositional object. Compound actors give one event per actor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Token

from transforms import gazetteer, lexicon
from transforms.dates import resolve_relative
from transforms.entities import PLACE_LABELS, Mention, role_sector
from transforms.ids import stable_id
from transforms.models import Article
from transforms.nlp import Segment

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
OBJECT_DEPS = frozenset({"dobj", "oprd", "dative", "attr"})
TARGET_PREPS = ("with", "against", "on", "to", "at", "into", "upon", "toward", "towards")
LOCATION_PREPS = frozenset({"in", "at", "near", "inside", "outside", "around", "across", "from"})
LIGHT_VERBS = frozenset(
    {"hold", "launch", "stage", "carry", "conduct", "mount", "impose", "make", "begin", "start", "resume",
     "step", "announce", "sign", "reach", "issue", "open", "continue", "intensify", "renew", "level", "lodge",
     "stag"}  # the small model lemmatises "staged" as "stag"
)
# Verbs that undo what their object names: with them a nominal trigger is read from its "EASE" entry.
EASING_VERBS = frozenset({"lift", "ease", "end", "remove", "relax", "scrap", "drop", "loosen", "rescind", "revoke",
                          "halt", "stop", "suspend", "abandon", "cancel", "cut"})
SPEECH_VERBS = frozenset({"say", "tell", "state", "add", "declare", "warn", "insist", "argue", "claim", "note"})
# A "to"-clause under these verbs is a refusal: the embedded act is negated.
REFUSAL_VERBS = frozenset({"refuse", "fail", "decline", "reject", "deny"})
# A "to"-clause under these is an intention or a wish, coded by the governing verb, not as a deed.
INTENT_VERBS = frozenset(
    {"threaten", "vow", "promise", "pledge", "plan", "want", "seek", "hope", "agree", "offer", "call", "urge",
     "ask", "need", "intend", "expect", "consider", "mull", "aim", "prepare", "decide", "wish",
     "demand", "appeal", "press", "push", "persuade", "help", "allow", "propose", "warn", "tell"}
)
PRONOUNS = frozenset({"he", "she", "it", "they", "him", "her", "them", "who", "which", "that", "this", "we",
                      "i", "you"})


@dataclass(frozen=True)
class Actor:
    text: str | None
    entity_id: str | None
    code: str | None
    country: str | None
    place: Mention | None = None  # when the actor is a place (a target such as a city)


UNKNOWN = Actor(None, None, None, None)  # the unnamed doer of an agentless passive
REQUEST_HEADS = frozenset({"demand", "urge", "call", "ask", "appeal", "insist", "press", "request", "want", "seek",
                           "propose", "suggest", "recommend", "plead"})


class _Index:
    """Token → mention lookup for one article."""

    def __init__(self, mentions: Sequence[Mention], segments: Sequence[Segment] = ()):
        self.docs = [s.doc for s in segments]
        self.by_token: dict[tuple[int, int], Mention] = {}
        for m in mentions:
            for i in range(m.start, m.end):
                self.by_token[(m.seg, i)] = m

    def at(self, seg: int, tok: Token) -> Mention | None:
        return self.by_token.get((seg, tok.i))


def _phrase(tok: Token) -> str:
    """The noun phrase headed by ``tok``, without its clauses, conjuncts, or trailing punctuation."""
    skip = set()
    for child in tok.children:
        if child.dep_ in ("relcl", "acl", "conj", "cc", "punct", "advcl", "prep") and child.i > tok.i:
            if child.dep_ == "prep" and child.lower_ == "of":
                continue
            skip.update(t.i for t in child.subtree)
    words = [t for t in tok.subtree if t.i not in skip]
    while words and (words[-1].is_punct or words[-1].dep_ == "case"):
        words.pop()
    while words and words[0].dep_ in ("cc", "preconj", "punct"):
        words.pop(0)
    return tok.doc[words[0].i : words[-1].i + 1].text if words else tok.text


def _actor_of(tok: Token, seg: int, idx: _Index) -> Actor | None:
    m = idx.at(seg, tok)
    if m is not None and m.key and m.label not in ("DATE", "TIME"):
        if m.capital:  # "Moscow said": the capital stands for the government
            return Actor(_phrase(tok), m.entity_id, m.country + "GOV", m.country)
        if m.label in PLACE_LABELS and not m.is_country:
            # A city as a target or source stands for its country, and is also where it happened.
            return Actor(_phrase(tok), m.entity_id, m.country, m.country, place=m) if m.country else None
        if m.label == "NORP" and tok.tag_ in ("NNPS", "NNS") and m.country:
            # "the Albanians of southern Serbia", "ethnic Turks in Bulgaria": a people is coded by where it lives
            for p in _prep_objects(tok, ("of", "in")):
                home = next((om for t in p.subtree if (om := idx.at(seg, t)) is not None and om.country
                             and om.label in PLACE_LABELS), None)
                if home is not None:
                    return Actor(_phrase(tok), m.entity_id, home.country, home.country)
        if m.country or m.actor_code:
            return Actor(_phrase(tok), m.entity_id, m.actor_code or m.country, m.country)
        # A name the gazetteers do not place is placed by the words in and around it: "Kyrgyz Prime Minister
        # Nikolai Tanaev", "Salaheddine Sidhoum, Algeria's leading human rights activist", "Iraqi Kurds",
        # "Bosnian Serbs".
        own = next((c for t in tok.doc[m.start : m.end] if t.i != tok.i
                    for c in [gazetteer.country_code(t.text)] if c), None)
        if own:
            return Actor(_phrase(tok), m.entity_id, own + (role_sector([tok]) or ""), own)
        for c in tok.children:
            described = _actor_of(c, seg, idx) if c.dep_ == "appos" else None
            if described is not None and described.country:
                return Actor(_phrase(tok), m.entity_id, described.code, described.country)
    if tok.lower_ in PRONOUNS or tok.pos_ not in ("NOUN", "PROPN"):
        return None
    for c in tok.children:
        # "his Chinese counterpart Yang Jiechi": the named appositive is the actor.
        named = idx.at(seg, c) if c.dep_ == "appos" else None
        if named is not None and named.label in ("PERSON", "ORG") and (named.country or named.actor_code):
            return Actor(_phrase(tok), named.entity_id, named.actor_code or named.country, named.country)
    # A common noun: the role word gives the sector, a modifier the country ("Syrian forces").
    mods = [c for c in tok.children if c.dep_ in ("amod", "compound", "poss", "nmod")]
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            mods.extend(p for p in c.children if p.dep_ == "pobj")
    sector = role_sector([tok]) or role_sector([*mods, tok])
    country = place = None
    for c in mods:
        for t in c.subtree:
            om = idx.at(seg, t)
            if om is not None and om.country and not sector and om.label in ("ORG", "PERSON") and om.actor_code:
                # "Conservative spending plans", "Hamas rockets": the named party or group acts
                return Actor(_phrase(tok), om.entity_id, om.actor_code, om.country)
            if om is not None and om.country:
                country = om.country
                if om.label in PLACE_LABELS and not om.is_country:
                    place = om
                break
            if om is not None and om.actor_code and not country:
                # "a United Nations resolution": the organisation acts.
                return Actor(_phrase(tok), om.entity_id, om.actor_code, None)
        if country:
            break
    if not country and sector:
        # "Rebels in the Ivory Coast", "settlers in the West Bank city of Hebron", "doctors from Switzerland",
        # "workers affiliated with the Serbian Workers' Union", "a terror group based in Trinidad"
        for p in _prep_objects(tok, ("in", "from")) + [c for c in tok.children if c.dep_ == "acl"]:
            om = next((hit for t in p.subtree if (hit := idx.at(seg, t)) is not None and hit.country), None)
            if om is not None:
                country = om.country
                break
    if not country:
        return None
    return Actor(_phrase(tok), m.entity_id if m is not None else None, country + (sector or ""), country,
                 place=place)


def _antecedent(pronoun: Token, seg: int, idx: _Index) -> Token | None:
    """What a subject pronoun stands for: in reported speech the speaker ("The rebels said they will …"),
    else the nearest earlier subject in the paragraph that is an actor."""
    cur = pronoun.head
    for _ in range(6):
        if cur.dep_ == "ccomp" and cur.head.lemma_ in SPEECH_VERBS:
            subj = next((c for c in cur.head.children if c.dep_ in SUBJECT_DEPS), None)
            if subj is not None and subj.lower_ not in PRONOUNS:
                return subj
        if cur.head.i == cur.i:
            break
        cur = cur.head
    earlier = [t for t in pronoun.doc[: pronoun.i] if t.dep_ in SUBJECT_DEPS | {"nsubjpass"}
               and t.lower_ not in PRONOUNS and t.pos_ in ("PROPN", "NOUN")]
    for t in reversed(earlier):
        if _actor_of(t, seg, idx) is not None:
            return t
    return None


GROUP_NOUNS = frozenset({"country", "nation", "side", "government", "state", "neighbour", "neighbor", "capital"})


def _last_countries(tok: Token, seg: int, idx: _Index, n: int) -> list[Actor]:
    """The last ``n`` different countries named before ``tok`` in the article (paragraphs before included)."""
    earlier = sorted({id(m): m for (s, i), m in idx.by_token.items() if s < seg or s == seg and i < tok.i}.values(),
                     key=lambda m: (m.seg, m.start))
    countries = [m for m in earlier if m.country and (m.is_country or m.label == "NORP" or m.capital)]
    for m in reversed(countries):
        # the last pair named together ("Russia and China … the two countries"), else the last two named
        conjuncts = {c.i for c in idx.docs[m.seg][m.end - 1].conjuncts} if idx.docs else set()
        pair = [m] + [o for o in countries if o.seg == m.seg and o is not m and conjuncts & set(range(o.start, o.end))]
        if n == 2 and len({o.country for o in pair}) == 2:
            return [Actor(_phrase(tok), None, o.country, o.country) for o in sorted(pair, key=lambda o: o.start)]
    found: list[Actor] = []
    for m in reversed(earlier):
        if m.country and (m.is_country or m.label == "NORP") and m.country not in {
                a.country for a in found}:
            found.append(Actor(_phrase(tok), None, m.country, m.country))
            if len(found) == n:
                return found[::-1]
    return []


def _actors(tok: Token | None, seg: int, idx: _Index) -> list[Actor]:
    """The actors of a phrase: one per conjunct ("Russia and China", "the leaders of Saudi Arabia, Iraq
    and Iran" → three government actors); a personal pronoun resolved within the paragraph."""
    if tok is None:
        return []
    if tok.lower_ in ("he", "she", "they", "it", "we") and tok.dep_ in SUBJECT_DEPS | {"nsubjpass"}:
        tok = _antecedent(tok, seg, idx)
        if tok is None:
            return []
    if tok.lemma_.lower() in GROUP_NOUNS and any(c.lower_ in ("two", "both") for c in tok.children):
        return _last_countries(tok, seg, idx, 2)  # "the two countries", "both sides"
    found = []
    # "Saudi Arabia as well as Iraq": the parser may hang the second conjunct on "as".
    extra = [q for c in tok.children if c.dep_ == "cc" and c.lower_ == "as" for p in c.children
             if p.dep_ == "pobj" for q in (p, *p.conjuncts)]
    for t in (tok, *tok.conjuncts, *extra):
        if idx.at(seg, t) is None and t.pos_ in ("NOUN", "PROPN"):
            of = [q for c in t.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
                  if p.dep_ == "pobj" for q in (p, *p.conjuncts)]
            if len(of) > 1:
                sector = role_sector([t])
                for q in of:
                    qa = _actor_of(q, seg, idx)
                    if qa and sector and qa.country and qa.code == qa.country:
                        qa = Actor(qa.text, qa.entity_id, qa.country + sector, qa.country, qa.place)
                    if qa:
                        found.append(qa)
                continue
        a = _actor_of(t, seg, idx)
        if a:
            found.append(a)
            # "US and Iraqi forces": one actor per country the modifiers name
            for c in t.children if a.country and a.code and a.code.startswith(a.country) else ():
                if c.dep_ in ("amod", "compound", "nmod", "poss") and c.conjuncts:
                    for q in c.conjuncts:
                        om = idx.at(seg, q)
                        if om is not None and om.country and om.country != a.country:
                            found.append(Actor(a.text, None, om.country + a.code[3:], om.country))
    return found


def _subject(verb: Token) -> tuple[Token | None, bool]:
    """The subject of a verb (inherited up through to-clauses and participles) and whether it is passive."""
    cur = verb
    for step in range(8):
        for c in cur.children:
            if c.dep_ in SUBJECT_DEPS | {"nsubjpass"}:
                if c.lower_ in ("who", "which", "that") and cur.dep_ == "relcl":
                    return cur.head, step == 0 and c.dep_ == "nsubjpass"
                return c, step == 0 and c.dep_ == "nsubjpass"
        if step == 0 and cur.dep_ in ("acl", "relcl") and cur.tag_ in ("VBG", "VBN") and cur.head.pos_ in (
            "NOUN", "PROPN"
        ):
            return cur.head, cur.tag_ == "VBN"
        if cur.dep_ in ("ccomp", "ROOT") or cur.head.i == cur.i:
            return None, False
        cur = cur.head
    return None, False


def _prep_objects(tok: Token, preps) -> list[Token]:
    return [p for c in tok.children if c.dep_ in ("prep", "agent") and c.lower_ in preps for p in c.children
            if p.dep_ == "pobj"]


TIME_NOUNS = frozenset(
    "day days week weeks month months year years morning afternoon evening night time occasion weekend "
    "anniversary eve".split()
)


def _is_temporal(prep: Token) -> bool:
    """A preposition that introduces a time ("on his second day", "on Wednesday"), not a participant."""
    return any(p.ent_type_ in ("DATE", "TIME") or p.lemma_.lower() in TIME_NOUNS for p in prep.children
               if p.dep_ == "pobj")


def _conditional(tok: Token) -> bool:
    """Whether ``tok`` sits in an "if" or "unless" clause."""
    cur = tok
    for _ in range(8):
        if cur.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in cur.children):
            return True
        if cur.head.i == cur.i:
            return False
        cur = cur.head
    return False


def _undoes(verb: Token) -> bool:
    return verb.lemma_ in EASING_VERBS or verb.lemma_ == "call" and any(
        c.dep_ == "prt" and c.lower_ == "off" for c in verb.children)


def _trigger(tok: Token) -> tuple[lexicon.Trigger, Token | None] | None:
    """The lexicon entry for a verb or nominal trigger, with the preposition it matched."""
    pos = "VERB" if tok.pos_ == "VERB" else "NOUN" if tok.pos_ == "NOUN" else None
    if pos is None or pos == "VERB" and tok.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj", "amod"):
        return None  # a participle used as a noun or adjective ("the wounded", "banned substances")
    slot = _slot(tok)
    if pos == "NOUN" and slot.dep_ in ("dobj", "nsubjpass") and _undoes(slot.head):
        # "lifted the blockade", "eased sanctions": the opposite of the noun's act, or nothing
        eased = lexicon.triggers().get((tok.lemma_.lower(), "EASE"))
        return (eased[0], None) if eased else None
    lemma = tok.lemma_.lower()
    mods = {c.lower_ for c in tok.children if c.dep_ in ("amod", "compound")}
    if pos == "NOUN" and lemma in JOINT_NOUNS and "joint" in mods:
        return lexicon.Trigger(lemma, "NOUN", "", "062", False), None  # "a joint operation", "joint patrols"
    if pos == "NOUN" and lemma == "strike" and (mods & MILITARY_STRIKE or any(
            c.dep_ == "amod" and c.pos_ == "ADJ" and c.text[:1].isupper() for c in tok.children)):
        return lexicon.Trigger(lemma, "NOUN", "", "190", False), None  # "an Israeli strike", "air strikes"
    entries = lexicon.triggers().get((lemma, pos)) or lexicon.triggers().get((tok.lower_, pos))
    if not entries:
        return None
    particles = {
        c.lower_: c
        for c in tok.children
        if c.dep_ == "prt" or c.dep_ in ("prep", "agent") and c.i > tok.i and not _is_temporal(c)
        or c.dep_ == "advmod" and c.lower_ in ("back", "out", "off", "up", "down") and c.i > tok.i  # "pulling … back"
    }
    for e in entries:
        if e.with_ and e.with_ in particles:
            return e, particles[e.with_]
        if not e.with_:
            return e, None
    return None


JOINT_NOUNS = frozenset({"operation", "patrol", "exercise", "drill", "manoeuvre", "maneuver", "raid", "offensive"})
MILITARY_STRIKE = frozenset({"air", "missile", "drone", "military", "nuclear", "rocket", "preemptive", "pre-emptive",
                             "retaliatory", "surgical", "artillery"})
FRAME_NOUNS = frozenset({"effort", "mission", "campaign", "bid", "process", "initiative", "drive", "plan", "operation",
                         "attempt", "delivery", "shipment", "convoy", "flight", "programme", "program", "link"})


def _slot(noun: Token) -> Token:
    """The token that holds a nominal trigger's place in the clause: "a mediation effort" → "effort", "a new
    round of talks" → "round"."""
    if noun.dep_ == "compound" and noun.head.lemma_.lower() in FRAME_NOUNS:
        return noun.head
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lemma_.lower() in SERIES_NOUNS:
        return noun.head.head
    return noun


SERIES_NOUNS = frozenset({"round", "series", "wave", "spate", "string", "day", "week", "month", "year", "campaign"})


def _object_nouns(obj: Token) -> list[Token]:
    """The nouns that may name what a verb acts on: "peacekeepers", "its peacekeeping force", "a state of
    emergency", "diplomatic ties"."""
    nouns = [obj, *(c for c in obj.children if c.dep_ in ("compound", "amod"))]
    nouns += [p for c in obj.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
              if p.dep_ == "pobj"]
    return nouns


def _object_trigger(tok: Token) -> tuple[lexicon.Trigger, Token] | None:
    """A verb whose object decides the act: "withdraw peacekeepers" (1661), "block roads" (144),
    "strengthened its forces" (154), "declared a state of emergency" (1724)."""
    if tok.pos_ != "VERB":
        return None
    # the object of an active verb, or the subject of a passive one ("aid was cut"); any part of speech:
    # "evacuated the wounded" has a participle for its object
    deps = ("dobj", "nsubjpass") if any(c.dep_ == "auxpass" for c in tok.children) else ("dobj",)
    for obj in tok.children:
        if obj.dep_ not in deps:
            continue
        for noun in _object_nouns(obj):
            for e in lexicon.triggers().get((noun.lemma_.lower(), "OBJ"), ()):
                if e.with_ == tok.lemma_.lower():
                    return e, obj
    return None


def _obligation(tok: Token) -> tuple[lexicon.Trigger, None] | None:
    """ "X said Y must do Z": whatever Z is, X demands it of Y (coded by ``_modal_code``)."""
    if tok.pos_ not in ("VERB", "AUX") or tok.dep_ != "ccomp" or tok.head.lemma_ not in SPEECH_VERBS:
        return None
    if not any(c.dep_ == "aux" and c.lower_ in OBLIGATION_AUX for c in tok.children):
        return None
    return lexicon.Trigger(tok.lemma_, "MUST", "", "100", False), None


def _date_for(anchor: Token, segment: Segment, published: dt.date | None):
    """The date phrase attached to this clause, resolved against publication."""
    if published is None:
        return None, None
    sent = anchor.sent
    for ent in segment.doc.ents:
        if ent.label_ not in ("DATE", "TIME") or ent.start < sent.start or ent.end > sent.end:
            continue
        head = ent.root.head
        while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
            head = head.head
        if head.i == anchor.i:
            resolved = resolve_relative(ent.text, published)
            if resolved is not None:
                return resolved, ent.text
    return None, None


def _location(anchor: Token, seg: int, idx: _Index, targets: list[Actor], trigger: Token) -> Mention | None:
    """Where: a place after "in/at/near" on the trigger or its clause, else a place the target names."""
    for p in _prep_objects(trigger, LOCATION_PREPS) + _prep_objects(anchor, LOCATION_PREPS):
        m = idx.at(seg, p)
        if m is not None and m.label in PLACE_LABELS and m.country:
            return m
    for a in targets:
        if a.place is not None:
            return a.place
    return None


def code_events(article: Article, segments: Sequence[Segment], mentions: Sequence[Mention]) -> list[dict]:
    """Event rows (EVENTS schema) for one article's body."""
    idx = _Index(mentions, segments)
    codes = lexicon.cameo()
    rows: list[dict] = []
    seen: set[str] = set()
    for si, segment in enumerate(segments):
        if segment.in_title:
            continue  # headlines restate the body's events in headline grammar
        for tok in segment.doc:
            found = _evaluation(tok) or _object_trigger(tok) or _trigger(tok) or _obligation(tok)
            if not found:
                continue
            entry, extra = found
            if entry.pos == "VERB" and _undoes(tok) and any(
                    c.dep_ == "dobj" and lexicon.triggers().get((c.lemma_.lower(), "EASE")) for c in tok.children):
                continue  # "suspended talks": the noun's entry (halt negotiations) says it better
            if entry.pos == "VERB" and tok.lemma_ in LIGHT_VERBS and any(
                    c.dep_ == "dobj" and lexicon.triggers().get((c.lemma_.lower(), "NOUN")) for c in tok.children):
                continue  # "imposed sanctions", "signed an accord": the noun names the act
            anchor, nominal, prep, obj = tok, entry.pos in ("NOUN", "EASE"), None, None
            if entry.pos in ("ADJ", "WRONG"):
                anchor = extra  # the speech verb that reports the evaluation or the accusation
            elif entry.pos == "OBJ":
                obj = extra
            else:
                prep = extra
            if nominal and tok.text[:1].isupper() and not tok.is_sent_start:
                continue  # part of a name: "Live Aid", "Operation Desert Storm"
            if nominal and any(c.dep_ == "det" and c.lower_ in ("any", "no", "every") for c in _slot(tok).children):
                continue  # "any Israeli strike", "no talks": not an act that took place
            if _conditional(tok):
                continue  # "unless Washington lifted its sanctions": a condition, not an event
            if nominal:
                src_tok, tgt_toks, anchor = _nominal_roles(tok)
                if src_tok is None:
                    continue
                if _obligation(anchor):
                    continue  # "Y must reach an agreement": demanded (coded on the verb), not done
            elif entry.pos == "VERB" and _intent_head(tok) and any(
                    _is_to_clause(c) and (_object_trigger(c) or _trigger(c)) for c in tok.children):
                continue  # "vowed to fight": the act intended is coded, as a threat or an intent
            aux = {c.lower_ for c in anchor.children if c.dep_ == "aux"}
            if aux & COUNTERFACTUAL_AUX and "have" in aux and anchor.tag_ == "VBN":
                continue  # "Russia should have coordinated with the Arabs": it did not
            negated = any(c.dep_ == "neg" for c in anchor.children)
            intent = None
            governing = _governing(anchor)
            if governing is not None and governing.lemma_ in REFUSAL_VERBS:
                negated = True
            elif governing is not None and _intent_head(governing):
                intent = governing
            elif governing is not None and governing.lemma_ in INTENT_VERBS:
                continue
            elif anchor.dep_ in ("ccomp", "xcomp", "acl") and anchor.head.lemma_ in REQUEST_HEADS:
                continue  # what is demanded or urged is not (yet) an event: "demanded that Turkey provide …"
            if nominal:
                passive = False
                # "launched an attack on Conservative spending plans": the object decides here too
                for t in tgt_toks:
                    recoded = next((e for e in lexicon.triggers().get((t.lemma_.lower(), "OBJ"), ())
                                    if e.with_ == tok.lemma_.lower()), None)
                    if recoded is not None:
                        entry = lexicon.Trigger(tok.lemma_, "NOUN", "", recoded.code, False)
                        tgt_toks = [c for c in t.children if c.dep_ == "poss"] or [t]
                        break
            else:
                src_tok, passive = _subject(anchor)
                if entry.pos == "ADJ":
                    tgt_toks = [c for c in anchor.children if c.dep_ in ("dobj", "dative")]
                elif entry.pos == "WRONG":
                    tgt_toks = [t for t in [_subject(tok)[0]] if t is not None]  # the accused
                elif obj is not None:
                    # "withdraw peacekeepers from Chad", "blocked roads in Dhaka" (the government there)
                    tgt_toks = _prep_objects(anchor, TARGET_PREPS + ("from", "in", "between")) + _prep_objects(
                        obj, TARGET_PREPS + ("from", "in", "between"))
                    # "expelled the Sudanese ambassador": the object is the target; "attacked Labour's pledges":
                    # its owner is
                    tgt_toks = tgt_toks or [c for c in obj.children if c.dep_ == "poss"] or [obj]
                    passive = passive and obj.dep_ != "nsubjpass"
                else:
                    tgt_toks = [c for c in anchor.children if c.dep_ in OBJECT_DEPS]
                    if prep is not None:
                        tgt_toks = [p for p in prep.children if p.dep_ == "pobj"] + tgt_toks
                    elif not tgt_toks:
                        tgt_toks = _prep_objects(anchor, TARGET_PREPS)
            agentless = False
            if passive:
                agents = _prep_objects(anchor, ("by",))
                tgt_toks, src_tok = [src_tok], agents[0] if agents else None
                agentless = not agents
            sources = _actors(src_tok, si, idx)
            targets = [a for t in tgt_toks for a in _actors(t, si, idx)]
            if entry.pos == "VERB" and entry.code[:2] == "04" and tgt_toks and not targets:
                # "received mixed reviews", "called the police": meeting words need someone met — or a
                # meeting: "host a meeting between Israel and the PLO"
                met = [t for t in tgt_toks if any(e.code[:2] == "04" for e in
                                                  lexicon.triggers().get((t.lemma_.lower(), "NOUN"), ()))]
                if not met:
                    continue
                targets = [a for t in met for p in _prep_objects(t, ("between", "with")) for a in _actors(p, si, idx)]
            if not targets and entry.code[:2] in ("02", "10") and not nominal:
                # "demanded that the US cancel …", "urged Iran to …": the one asked is the clause's subject
                for c in anchor.children:
                    if c.dep_ in ("ccomp", "xcomp"):
                        subj = next((s for s in c.children if s.dep_ in SUBJECT_DEPS), None)
                        targets = _actors(subj, si, idx)
                        if targets:
                            break
            if not sources and src_tok is not None and targets and (
                    src_tok.lemma_.lower() in VIOLENT_EVENTS or src_tok.lemma_.lower() in UNNAMED_ATTACKERS):
                agentless = True  # "a roadside bombing killed one soldier", "gunmen kidnapped …": not named
            modal, speaker = _modal_code(anchor, entry.code, nominal)
            if intent is not None:
                modal = _intended(intent, modal)
            if modal in ("020", "100") and not nominal:
                modal = _requested(modal, anchor, prep)  # "called for talks" is 026, "demanded a ceasefire" 107
            if negated and modal[:2] in REFUSABLE_ROOTS:
                modal, negated = "120", False  # "will not accept", "did not agree": a refusal is the event
            if speaker is not None and _actors(speaker, si, idx):
                sources, targets = _actors(speaker, si, idx), sources  # the speaker demands it of the doer
            elif entry.pos == "MUST":
                continue  # a demand whose speaker is no actor is nobody's event
            if entry.pos == "MUST" and not targets:
                continue  # "I should like to thank …": nothing demanded of an actor
            if not sources and agentless and entry.code[:2] >= "18":
                # "civilians were killed when US troops opened fire": the doer of the clause that explains it
                for c in anchor.children:
                    if c.dep_ == "advcl" and any(m.lower_ in ("when", "as", "after") for m in c.children):
                        doer, doer_passive = _subject(c)
                        sources = [] if doer_passive else _actors(doer, si, idx)
                        if sources:
                            break
            if not sources and agentless and targets and entry.code[:2] >= "15":
                # "three civilians were killed": the victims are known, the killers not (but "Mr Blair was
                # asked" by nobody named is no event)
                sources = [UNKNOWN]
            if not sources:
                continue
            if modal == "191" and all(s.code and s.code[3:] in CIVILIAN_SECTORS for s in sources):
                modal = "144"  # farmers or protesters blockading roads obstruct passage; armies besiege
            code = codes[modal]
            if code.plover_type is None:
                continue
            event_date, date_text = _date_for(anchor, segment, article.published_date)
            where = _location(anchor, si, idx, targets, tok)
            sent = tok.sent
            sentence_index = segment.sentence_index(tok.i)
            reporter = _reporter(anchor, si, idx)
            trigger_text = tok.text if prep is None else f"{tok.text} {prep.text}"
            if entry.pos in ("ADJ", "WRONG"):
                trigger_text = f"{anchor.text} … {tok.text}"
            elif entry.pos == "EASE":
                slot = _slot(tok)
                trigger_text = f"{slot.head.text} {tok.text}" + (f" {slot.text}" if slot is not tok else "")
            elif entry.pos == "OBJ":
                trigger_text = f"{tok.text} {obj.text}"
            for s in sources:
                for t in targets or [None]:
                    if t is not None and (t.entity_id and t.entity_id == s.entity_id or t.text == s.text):
                        continue
                    event_id = stable_id(article.article_id, sentence_index, tok.i, s.text, s.code or "",
                                         t.text if t else "", t.code if t else "", code.code)
                    if event_id in seen:
                        continue
                    seen.add(event_id)
                    confidence = 0.45 + (0.15 if s.country else 0) + (0.15 if t is not None else 0)
                    confidence -= 0.3 if s is UNKNOWN else 0
                    confidence -= 0.2 if entry.needs_target and t is None else 0
                    confidence -= min(0.1 * _subordination(anchor if not nominal else tok), 0.3)
                    confidence += 0.1 if not nominal else 0
                    confidence += 0.05 if len(code.code) >= 3 and not code.code.endswith("0") else 0
                    rows.append(
                        {
                            "event_id": event_id,
                            "article_id": article.article_id,
                            "sentence_index": sentence_index,
                            "sentence": sent.text,
                            "event_date": event_date or article.published_date,
                            "date_text": date_text,
                            "source_text": s.text,
                            "target_text": t.text if t else None,
                            "source_entity_id": s.entity_id,
                            "target_entity_id": t.entity_id if t else None,
                            "source_code": s.code,
                            "target_code": t.code if t else None,
                            "source_country": s.country,
                            "target_country": t.country if t else None,
                            "trigger_text": trigger_text,
                            "cameo_code": code.code,
                            "cameo_root": code.root,
                            "quad_class": code.quad_class,
                            "goldstein": code.goldstein,
                            "plover_type": code.plover_type,
                            "negated": negated,
                            "location_text": where.name if where else None,
                            "location_country": where.country if where else None,
                            "lat": where.lat if where else None,
                            "lon": where.lon if where else None,
                            "confidence": round(max(0.05, min(confidence, 0.95)), 2),
                            "reported_by": reporter[0],
                            "reported_by_code": reporter[1],
                        }
                    )
    return rows


CIVILIAN_SECTORS = frozenset({"OPP", "CVL", "LAB", "AGR", "EDU", "BUS", "REL", "MED", "HLH", "NGO", "REF"})
# What an appeal (02) or a demand (10) asks for, by the CAMEO code of the act asked for (most specific first).
APPEAL_FOR = {"0871": "0256", "0872": "0256", "0874": "0256", "0841": "0253", "085": "0254", "081": "0251",
              "082": "0252", "086": "0255", "045": "028", "04": "026", "05": "022", "06": "021", "07": "023",
              "08": "025"}
DEMAND_FOR = {"0871": "107", "0872": "106", "0874": "106", "0841": "1053", "085": "1054", "081": "1051",
              "082": "1052", "086": "1055", "045": "105", "0831": "1041", "04": "108", "05": "102", "06": "101",
              "07": "103"}


def _requested(code: str, verb: Token, prep: Token | None) -> str:
    """The specific appeal or demand: what the object ("called for talks"), the "for" phrase or the clause
    ("urged Iran to negotiate", "demanded that Israel withdraw") asks for."""
    asked = [c for c in verb.children if c.dep_ in ("dobj", "xcomp", "ccomp")]
    if prep is not None:
        asked = [p for p in prep.children if p.dep_ == "pobj"] + asked
    table = APPEAL_FOR if code == "020" else DEMAND_FOR
    for a in asked:
        found = _object_trigger(a) or _trigger(a)
        if found is None:
            continue
        wanted = found[0].code
        for key in (wanted, wanted[:3], wanted[:2]):
            if key in table:
                return table[key]
    return code


REPORTING_VERBS = SPEECH_VERBS | {"announce", "report", "confirm", "claim", "allege", "deny", "accuse", "quote"}


def _reporter(anchor: Token, seg: int, idx: _Index) -> tuple[str | None, str | None]:
    """Who reports the event, as written and as an actor code: the speaker whose words hold it ("X said Y
    will not yield" is X's statement) or the source named by "according to"."""
    speaker, cur = None, anchor
    for _ in range(8):
        if cur.dep_ == "ccomp" and cur.head.lemma_ in REPORTING_VERBS:
            speaker = next((c for c in cur.head.children if c.dep_ in SUBJECT_DEPS), None)
            break
        if cur.head.i == cur.i:
            break
        cur = cur.head
    if speaker is None:
        root = anchor.sent.root
        speaker = next((p for c in root.children if c.lower_ == "according" for t in c.children
                        if t.lower_ == "to" for p in t.children if p.dep_ == "pobj"), None)
    if speaker is None:
        return None, None
    actors = _actors(speaker, seg, idx)
    return _phrase(speaker), actors[0].code if actors else None


SUBORDINATE_DEPS = frozenset({"advcl", "acl", "relcl", "pcomp", "xcomp", "csubj", "amod", "pobj", "npadvmod"})


def _subordination(anchor: Token) -> int:
    """How deep the trigger sits under the sentence's main clause (reported speech — "X said Y attacked Z" —
    is not subordination: the attack is what the sentence reports)."""
    depth, cur = 0, anchor
    for _ in range(12):
        if cur.head.i == cur.i:
            break
        if cur.dep_ in SUBORDINATE_DEPS:
            depth += 1
        cur = cur.head
    return depth


REFUSABLE_ROOTS = frozenset({"03", "04", "05", "06", "07", "08"})  # cooperation refused is a rejection (12)
JOINED_ROOTS = frozenset({"04", "14"})  # acts one joins: talks, protests
FUTURE_AUX = frozenset({"will", "would", "shall", "'ll"})
OBLIGATION_AUX = frozenset({"must", "should"})
COUNTERFACTUAL_AUX = frozenset({"should", "could", "would", "might", "must", "ought"})
# Cooperative acts announced for the future are intents to cooperate (CAMEO 03x); conflictual ones threats (13x).
INTENT_OF_ROOT = {"04": "036", "05": "032", "06": "031", "07": "033", "08": "035", "09": "030"}
THREAT_OF_ROOT = {"14": "133", "15": "138", "16": "131", "17": "137", "18": "138", "19": "138", "20": "138"}


UNNAMED_ATTACKERS = frozenset({"gunman", "gunmen", "assailant", "attacker", "kidnapper", "bomber", "militant",
                               "insurgent", "sniper", "mob", "raider"})
VIOLENT_EVENTS = frozenset({"bombing", "attack", "blast", "explosion", "bomb", "ambush", "raid", "shelling",
                            "airstrike", "strike", "shell", "rocket", "mine", "grenade", "gunfire", "shooting"})
# Words that announce what their "to"-clause intends: "vowed to fight" is a threat, "ready to host talks" an intent.
INTENT_HEADS = frozenset({"threaten", "vow", "promise", "pledge", "swear", "plan", "want", "hope", "intend",
                          "consider", "mull", "aim", "prepare", "decide", "wish", "offer", "agree", "seek", "ready",
                          "prepared", "willing", "determined", "eager", "poised"})


AGREEING_HEADS = frozenset({"agree", "offer", "consent", "accept"})
ASPECT_VERBS = frozenset({"resume", "continue", "begin", "start", "keep", "try", "attempt", "step"})


def _is_to_clause(tok: Token) -> bool:
    return tok.dep_ == "xcomp" or tok.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to"
                                                               for c in tok.children)


def _governing(verb: Token) -> Token | None:
    """The word whose "to"-clause holds ``verb``, past verbs of aspect: "prepared to resume shelling" →
    "prepared"; "refused to keep talking" → "refused"."""
    cur = verb
    for _ in range(4):
        if not _is_to_clause(cur) or cur.head.i == cur.i:
            return None
        if cur.head.lemma_ not in ASPECT_VERBS:
            return cur.head
        cur = cur.head
    return None


def _intent_head(tok: Token) -> bool:
    return tok.lemma_.lower() in INTENT_HEADS or tok.lower_ in INTENT_HEADS


def _intended(head: Token, code: str) -> str:
    """The code of an act that ``head`` announces: a threat for conflict (getting ready to use force is a show
    of force), an intent to cooperate for cooperation; other acts keep their code. What one agrees or offers
    to do is always an intent to cooperate ("agreed to suspend enrichment")."""
    root = code[:2]
    if head.lemma_ in AGREEING_HEADS:
        return INTENT_OF_ROOT.get(root, "030")
    if root in THREAT_OF_ROOT:
        return "150" if head.lemma_ in ("prepare", "poised") and root in ("18", "19", "20") else THREAT_OF_ROOT[root]
    return INTENT_OF_ROOT.get(root, code)


def _modal_code(verb: Token, code: str, nominal: bool) -> tuple[str, Token | None]:
    """The code of an act announced rather than done, and who demands it: "will provide aid" is an intent
    to provide aid (033), "will attack" a threat (138); "X said Y must withdraw" is X's demand (100) on Y."""
    if nominal:
        return code, None
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if aux & FUTURE_AUX:
        return INTENT_OF_ROOT.get(code[:2]) or THREAT_OF_ROOT.get(code[:2]) or code, None
    if aux & OBLIGATION_AUX and verb.dep_ == "ccomp" and verb.head.lemma_ in SPEECH_VERBS:
        speaker = next((c for c in verb.head.children if c.dep_ in SUBJECT_DEPS), None)
        if speaker is not None and speaker.pos_ == "VERB":  # "The Red Cross operating in Iraq said": the
            speaker = next((c for c in speaker.children if c.dep_ in SUBJECT_DEPS), speaker)  # parse's slip
        if speaker is not None:
            return "100", speaker
    return code, None


def _evaluation(tok: Token) -> tuple[lexicon.Trigger, Token] | None:
    """An evaluative word ("futile") or a wrongful act ("meddling", "lied") inside what a speech verb reports:
    the speaker disapproves of it or accuses its doer."""
    entries = lexicon.triggers().get((tok.lower_, "ADJ"))
    if not entries and tok.pos_ == "VERB":
        entries = lexicon.triggers().get((tok.lemma_.lower(), "WRONG"))
    if not entries:
        return None
    cur = tok
    for _ in range(6):
        if cur.head.i == cur.i:
            return None
        cur = cur.head
        if cur.pos_ == "VERB" and cur.lemma_ in SPEECH_VERBS:
            return entries[0], cur
    return None


def _nominal_roles(noun: Token) -> tuple[Token | None, list[Token], Token]:
    """Source and targets of a nominal trigger, and the verb the event's date attaches to."""
    slot = _slot(noun)
    preps = ("on", "against", "with", "to", "at", "upon", "between")
    targets = _prep_objects(noun, preps) + (_prep_objects(slot, preps) if slot is not noun else [])
    governor = slot.head
    while governor.pos_ not in ("VERB", "AUX") and governor.head.i != governor.i:
        governor = governor.head
    agents = _prep_objects(noun, ("by", "from")) or _prep_objects(slot, ("by",))
    if agents:
        return agents[0], targets, governor
    poss = [c for c in (*noun.children, *slot.children)
            if c.dep_ == "poss" and c.lower_ not in PRONOUNS and c.pos_ != "PRON"]
    if poss:
        return poss[0], targets, governor
    # "Syrian attacks", "the Israeli offensive" (a capitalised modifier; "ethnic cleansing" has no doer)
    amod = [c for c in noun.children if c.dep_ in ("amod", "compound") and c.pos_ in ("ADJ", "PROPN")
            and c.text[:1].isupper()]
    if slot.dep_ == "dobj" and (slot.head.lemma_ in LIGHT_VERBS or _undoes(slot.head)):
        subj, _ = _subject(slot.head)
        return subj, targets + _prep_objects(slot.head, ("on", "against", "with")), slot.head
    if amod:
        return amod[0], targets, governor
    entry = (lexicon.triggers().get((noun.lemma_.lower(), "NOUN")) or (None,))[0]
    if slot.dep_ == "pobj" and slot.head.lower_ in ("for", "in", "into", "on", "to") and entry:
        # "converged for a rally", "took part in talks", "remained on alert", "were engaged in ethnic
        # cleansing": those who join, stay or engage do it
        engaged = governor.lemma_ in ENGAGING_VERBS
        if governor.lemma_ in REQUEST_HEADS:
            return None, targets, governor  # "called for talks": asked for, not held
        if entry.code[:2] in JOINED_ROOTS or engaged or entry.code[:2] == "15" and slot.head.lower_ == "on":
            subj, passive = _subject(governor)
            if subj is not None and (not passive or engaged):
                return subj, targets + _prep_objects(governor, ("against", "on")), governor
    return None, targets, governor


ENGAGING_VERBS = frozenset({"engage", "involve", "participate", "join", "take", "remain", "stay", "go", "put",
                            "return", "come"})
