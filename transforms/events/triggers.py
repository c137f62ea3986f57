"""Pass 1, triggers: the words of a sentence that carry an event, with the lexicon entry that codes them.

A trigger is a verb lemma (with the particle or preposition it needs: "call for"), a verb whose object
decides the act ("withdraw peacekeepers", "block roads"), a nominal trigger ("onslaught", "talks"), a noun
undone by its verb ("lifted the blockade", "called off the strike"), an obligation in reported speech
("X said Y must …"), or an evaluative word in what a speaker said ("told Medvedev that his calls were
futile")."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from transforms import lexicon
from transforms.syntax import SPEECH_VERBS, conditional, is_temporal, is_to_clause

LIGHT_VERBS = frozenset(
    {"hold", "launch", "stage", "carry", "conduct", "mount", "impose", "make", "begin", "start", "resume",
     "step", "announce", "sign", "reach", "issue", "open", "continue", "intensify", "renew", "level", "lodge",
     "stag"}  # the small model lemmatises "staged" as "stag"
)
# Verbs that undo what their object names: with them a nominal trigger is read from its "EASE" entry.
EASING_VERBS = frozenset({"lift", "ease", "end", "remove", "relax", "scrap", "drop", "loosen", "rescind", "revoke",
                          "halt", "stop", "suspend", "abandon", "cancel", "cut"})
OBLIGATION_AUX = frozenset({"must", "should"})
COUNTERFACTUAL_AUX = frozenset({"should", "could", "would", "might", "must", "ought"})
JOINT_NOUNS = frozenset({"operation", "patrol", "exercise", "drill", "manoeuvre", "maneuver", "raid", "offensive"})
MILITARY_STRIKE = frozenset({"air", "missile", "drone", "military", "nuclear", "rocket", "preemptive", "pre-emptive",
                             "retaliatory", "surgical", "artillery"})
FRAME_NOUNS = frozenset({"effort", "mission", "campaign", "bid", "process", "initiative", "drive", "plan", "operation",
                         "attempt", "delivery", "shipment", "convoy", "flight", "programme", "program", "link"})
SERIES_NOUNS = frozenset({"round", "series", "wave", "spate", "string", "day", "week", "month", "year", "campaign"})
# Words that announce what their "to"-clause intends: "vowed to fight" is a threat, "ready to host talks" an intent.
INTENT_HEADS = frozenset({"threaten", "vow", "promise", "pledge", "swear", "plan", "want", "hope", "intend",
                          "consider", "mull", "aim", "prepare", "decide", "wish", "offer", "agree", "seek", "ready",
                          "prepared", "willing", "determined", "eager", "poised"})


@dataclass(frozen=True)
class Candidate:
    """A trigger found in a sentence, before its roles and mode are known."""

    seg: int
    token: Token  # the trigger word
    entry: lexicon.Trigger  # its lexicon entry (kind in ``entry.pos``: VERB, NOUN, EASE, OBJ, ADJ, WRONG, MUST)
    anchor: Token  # the verb whose clause holds the event (a speech verb for ADJ and WRONG entries)
    prep: Token | None = None  # the particle or preposition the entry matched ("call for")
    obj: Token | None = None  # the object that decided the act (OBJ entries)

    @property
    def nominal(self) -> bool:
        return self.entry.pos in ("NOUN", "EASE")

    @property
    def code(self) -> str:
        return self.entry.code

    @property
    def text(self) -> str:
        """The trigger as written: "called for", "lifted blockade", "told … futile", "withdraw peacekeepers"."""
        tok, kind = self.token, self.entry.pos
        if kind in ("ADJ", "WRONG"):
            return f"{self.anchor.text} … {tok.text}"
        if kind == "EASE":
            slot = slot_of(tok)
            return f"{slot.head.text} {tok.text}" + (f" {slot.text}" if slot is not tok else "")
        if kind == "OBJ":
            return f"{tok.text} {self.obj.text}"
        return tok.text if self.prep is None else f"{tok.text} {self.prep.text}"


def find_triggers(seg: int, doc: Doc) -> list[Candidate]:
    """Every trigger of a paragraph, in text order, with what is plainly not an event left out."""
    found = []
    for tok in doc:
        candidate = _candidate(seg, tok)
        if candidate is not None and not _not_an_event(candidate):
            found.append(candidate)
    return found


def _candidate(seg: int, tok: Token) -> Candidate | None:
    hit = evaluation(tok)
    if hit is not None:
        return Candidate(seg, tok, hit[0], anchor=hit[1])
    hit = object_trigger(tok)
    if hit is not None:
        return Candidate(seg, tok, hit[0], anchor=tok, obj=hit[1])
    hit = word_trigger(tok) or obligation(tok)
    if hit is not None:
        return Candidate(seg, tok, hit[0], anchor=tok, prep=hit[1])
    return None


def _not_an_event(c: Candidate) -> bool:
    """Triggers that the words around them rule out before any role is looked for."""
    tok, entry = c.token, c.entry
    if entry.pos == "VERB" and undoes(tok) and any(
            d.dep_ == "dobj" and lexicon.triggers().get((d.lemma_.lower(), "EASE")) for d in tok.children):
        return True  # "suspended talks": the noun's entry (halt negotiations) says it better
    if entry.pos == "VERB" and tok.lemma_ in LIGHT_VERBS and any(
            d.dep_ == "dobj" and lexicon.triggers().get((d.lemma_.lower(), "NOUN")) for d in tok.children):
        return True  # "imposed sanctions", "signed an accord": the noun names the act
    if c.nominal and tok.text[:1].isupper() and not tok.is_sent_start:
        return True  # part of a name: "Live Aid", "Operation Desert Storm"
    if c.nominal and any(d.dep_ == "det" and d.lower_ in ("any", "no", "every") for d in slot_of(tok).children):
        return True  # "any Israeli strike", "no talks": not an act that took place
    if conditional(tok):
        return True  # "unless Washington lifted its sanctions": a condition, not an event
    if entry.pos == "VERB" and intent_head(tok) and any(
            is_to_clause(d) and (object_trigger(d) or word_trigger(d)) for d in tok.children):
        return True  # "vowed to fight": the act intended is coded, as a threat or an intent
    aux = {d.lower_ for d in c.anchor.children if d.dep_ == "aux"}
    if aux & COUNTERFACTUAL_AUX and "have" in aux and c.anchor.tag_ == "VBN":
        return True  # "Russia should have coordinated with the Arabs": it did not
    return False


def intent_head(tok: Token) -> bool:
    return tok.lemma_.lower() in INTENT_HEADS or tok.lower_ in INTENT_HEADS


def undoes(verb: Token) -> bool:
    return verb.lemma_ in EASING_VERBS or verb.lemma_ == "call" and any(
        c.dep_ == "prt" and c.lower_ == "off" for c in verb.children)


def slot_of(noun: Token) -> Token:
    """The token that holds a nominal trigger's place in the clause: "a mediation effort" → "effort", "a new
    round of talks" → "round"."""
    if noun.dep_ == "compound" and noun.head.lemma_.lower() in FRAME_NOUNS:
        return noun.head
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lemma_.lower() in SERIES_NOUNS:
        return noun.head.head
    return noun


def word_trigger(tok: Token) -> tuple[lexicon.Trigger, Token | None] | None:
    """The lexicon entry for a verb or nominal trigger, with the preposition it matched."""
    pos = "VERB" if tok.pos_ == "VERB" else "NOUN" if tok.pos_ == "NOUN" else None
    if pos is None or pos == "VERB" and tok.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj", "amod"):
        return None  # a participle used as a noun or adjective ("the wounded", "banned substances")
    slot = slot_of(tok)
    if pos == "NOUN" and slot.dep_ in ("dobj", "nsubjpass") and undoes(slot.head):
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
        if c.dep_ == "prt" or c.dep_ in ("prep", "agent") and c.i > tok.i and not is_temporal(c)
        or c.dep_ == "advmod" and c.lower_ in ("back", "out", "off", "up", "down") and c.i > tok.i  # "pulling … back"
    }
    for e in entries:
        if e.with_ and e.with_ in particles:
            return e, particles[e.with_]
        if not e.with_:
            return e, None
    return None


def object_nouns(obj: Token) -> list[Token]:
    """The nouns that may name what a verb acts on: "peacekeepers", "its peacekeeping force", "a state of
    emergency", "diplomatic ties"."""
    nouns = [obj, *(c for c in obj.children if c.dep_ in ("compound", "amod"))]
    nouns += [p for c in obj.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
              if p.dep_ == "pobj"]
    return nouns


def object_trigger(tok: Token) -> tuple[lexicon.Trigger, Token] | None:
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
        for noun in object_nouns(obj):
            for e in lexicon.triggers().get((noun.lemma_.lower(), "OBJ"), ()):
                if e.with_ == tok.lemma_.lower():
                    return e, obj
    return None


def obligation(tok: Token) -> tuple[lexicon.Trigger, None] | None:
    """ "X said Y must do Z": whatever Z is, X demands it of Y (coded by the modality pass)."""
    if tok.pos_ not in ("VERB", "AUX") or tok.dep_ != "ccomp" or tok.head.lemma_ not in SPEECH_VERBS:
        return None
    if not any(c.dep_ == "aux" and c.lower_ in OBLIGATION_AUX for c in tok.children):
        return None
    return lexicon.Trigger(tok.lemma_, "MUST", "", "100", False), None


def evaluation(tok: Token) -> tuple[lexicon.Trigger, Token] | None:
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
