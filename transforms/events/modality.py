"""Pass 3, modality and the final code: whether the act was done, announced, refused, demanded, or is not
an event at all, and the CAMEO code that says so.

- Acts announced rather than done: "will provide aid" is an intent (033), "will attack" a threat (138); an
  act under an intent word is coded as announced ("vowed to fight" 13x, "prepared to resume shelling" 150,
  "ready to host talks" 036; what one agrees or offers to do is an intent to cooperate).
- Refusals: "refused to", "will not accept" are rejections (120) or set ``negated``.
- Demands: "X said Y must withdraw" is X's demand on Y (100); appeals and demands take the code of what
  they ask for ("called for talks" 026, "demanded a ceasefire" 107).
- Not events: counterfactuals ("should have coordinated"), what is urged or demanded of someone else.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from spacy.tokens import Token

from transforms import lexicon
from transforms.events.actors import UNKNOWN, actors
from transforms.events.roles import REQUEST_HEADS, Frame
from transforms.events.triggers import (
    COUNTERFACTUAL_AUX,
    OBLIGATION_AUX,
    REQUESTING_VERBS,
    intent_head,
    lexical_code,
    obligation,
)
from transforms.lexicon import dictionaries
from transforms.syntax import (
    SPEECH_VERBS,
    MentionIndex,
    ancestors,
    auxiliaries,
    is_to_clause,
    prep_objects,
    speaker_of,
)

REFUSAL_VERBS = frozenset({"refuse", "fail", "decline", "reject", "deny"})
# A "to"-clause under these is an intention or a wish, coded by the governing verb, not as a deed.
INTENT_VERBS = frozenset(
    {"threaten", "vow", "promise", "pledge", "plan", "want", "seek", "hope", "agree", "offer", "call", "need",
     "intend", "expect", "consider", "mull", "aim", "prepare", "decide", "wish", "demand", "help", "allow",
     "propose", "warn", "order"}
) | REQUESTING_VERBS  # and what one asks someone to do
FORCE_ROOTS = frozenset({"18", "19", "20"})
NOT_NAMES = frozenset({"", "DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL", "QUANTITY"})
# Force verbs that, used on plans, policies or records, are words: criticism (111).
VERBAL_ATTACKS = frozenset({"attack", "hit", "strike", "slam", "blast", "lash", "savage", "assail", "target",
                            "shoot", "fire", "bomb", "ambush", "storm", "torpedo", "batter", "hammer", "assault"})
SITES = frozenset(
    "house home building village camp base border post position convoy vehicle ship boat office embassy school "
    "hospital mosque church temple market checkpoint station area region territory compound headquarters site "
    "facility plant target bridge road airport port city town capital island district neighbourhood neighborhood "
    "street square residence palace prison jail border crossing outpost barracks installation refinery pipeline "
    "tanker vessel warship aircraft plane helicopter jet drone tank truck lorry bus car train field farm".split())
REFUSABLE_ROOTS = frozenset({"03", "04", "05", "06", "07", "08"})  # cooperation refused is a rejection (12)
FUTURE_AUX = frozenset({"will", "would", "shall", "'ll"})
SPECULATIVE_AUX = frozenset({"might", "may", "could"})
UNCERTAIN_MARKS = frozenset({"whether", "if"})
DENIAL_VERBS = frozenset({"deny", "dismiss", "reject", "refute"})
# Cooperative acts announced for the future are intents to cooperate (CAMEO 03x); conflictual ones threats (13x).
INTENT_OF_ROOT = {"04": "036", "05": "032", "06": "031", "07": "033", "08": "035", "09": "030"}
THREAT_OF_ROOT = {"14": "133", "15": "138", "16": "131", "17": "137", "18": "138", "19": "138", "20": "138"}
AGREEING_HEADS = frozenset({"agree", "offer", "consent", "accept"})
ASPECT_VERBS = frozenset({"resume", "continue", "begin", "start", "keep", "try", "attempt", "step"})
CIVILIAN_SECTORS = frozenset({"OPP", "CVL", "LAB", "AGR", "EDU", "BUS", "REL", "MED", "HLH", "NGO", "REF"})
# What an appeal (02) or a demand (10) asks for, by the CAMEO code of the act asked for (most specific first).
APPEAL_FOR = {"0871": "0256", "0872": "0256", "0874": "0256", "0841": "0253", "085": "0254", "081": "0251",
              "082": "0252", "086": "0255", "045": "028", "04": "026", "05": "022", "06": "021", "07": "023",
              "08": "025"}
DEMAND_FOR = {"0871": "107", "0872": "106", "0874": "106", "0841": "1053", "085": "1054", "081": "1051",
              "082": "1052", "086": "1055", "045": "105", "0831": "1041", "04": "108", "05": "102", "06": "101",
              "07": "103"}


def apply_modality(f: Frame, idx: MentionIndex) -> Frame | None:
    """The frame with its final code, ``negated`` and (for demands in reported speech) the speaker as its
    source; None when the text does not report the act as an event."""
    c, anchor = f.trigger, f.anchor
    if _not_reported_as_event(f):
        return None
    negated = any(d.dep_ == "neg" for d in anchor.children) or denied(anchor)
    governing = governing_word(anchor)
    intent = None
    if governing is not None and governing.lemma_ in REFUSAL_VERBS:
        negated = True
    elif governing is not None and intent_head(governing):
        intent = governing
    literal = figurative(f)
    if literal is None:
        return None  # "fight poverty": force against no one
    if _predicted(f, idx):
        return None  # "analysts say Iran will attack": someone else's prediction, not the doer's intent
    code, speaker = _modal_code(anchor, literal, c.nominal)
    if intent is not None:
        code = intended(intent, code)
    if code in ("020", "100") and not c.nominal:
        code = requested(code, anchor, c.prep)  # "called for talks" is 026, "demanded a ceasefire" 107
    if negated and code[:2] in REFUSABLE_ROOTS:
        code, negated = "120", False  # "will not accept", "did not agree": a refusal is the event
    sources, targets = f.sources, f.targets
    speakers = actors(speaker, c.seg, idx) if speaker is not None else []
    if speakers:
        # the speaker demands it of the doer
        sources, targets = tuple(speakers), tuple(s for s in sources if s is not UNKNOWN)
    elif code == "100" and f.code != "100" or c.entry.pos == "MUST":
        return None  # a demand whose speaker is no actor is nobody's event ("Analysts said Iran must …")
    if c.entry.pos == "MUST" and not targets or not sources:
        return None  # "I should like to thank …": nothing demanded of an actor
    if code == "191" and all(s.code and s.code[3:] in CIVILIAN_SECTORS for s in sources):
        code = "144"  # farmers or protesters blockading roads obstruct passage; armies besiege
    if lexicon.cameo()[code].plover_type is None:
        return None  # CAMEO 01, public statements, has no PLOVER category
    return replace(f, code=code, negated=negated, sources=sources, targets=targets)


def _not_reported_as_event(f: Frame) -> bool:
    c, anchor = f.trigger, f.anchor
    if c.nominal and obligation(anchor):
        return True  # "Y must reach an agreement": demanded (coded on the verb), not done
    aux = {d.lower_ for d in anchor.children if d.dep_ == "aux"}
    if aux & COUNTERFACTUAL_AUX and "have" in aux and anchor.tag_ == "VBN":
        return True  # "Russia should have coordinated with the Arabs": it did not
    if speculative(anchor):
        return True  # "insurgents might attack any day", "not known whether they were killed"
    if unrealised(anchor):
        return True  # "the power to suspend him", "axe jobs to free up money", "a way of recognising"
    governing = governing_word(anchor)
    if governing is not None and (governing.lemma_ in REFUSAL_VERBS or intent_head(governing)):
        return False  # refused or announced: coded as such
    if governing is not None and governing.lemma_ in INTENT_VERBS:
        return True  # wished, asked or helped for: not (yet) done
    # what is demanded or urged is not (yet) an event: "demanded that Turkey provide …"
    return anchor.dep_ in ("ccomp", "xcomp", "acl") and anchor.head.lemma_ in REQUEST_HEADS


def figurative(f: Frame) -> str | None:
    """The code of force used on an abstract object: "attacked the government's plans", "hit out at the
    proposals" are criticism (111); "fight poverty", "tackle crime" no event (None). Force on people, places,
    forces, weapons and buildings keeps its code."""
    c = f.trigger
    if f.code[:2] not in FORCE_ROOTS or c.nominal or c.entry.pos not in ("VERB", "DICT"):
        return f.code
    objects = [d for d in f.anchor.children if d.dep_ == "dobj"] + prep_objects(f.anchor, ("at", "on", "against"))
    if not objects or any(_concrete(o, c.seg) for o in objects):
        return f.code
    return "111" if c.token.lemma_.lower() in VERBAL_ATTACKS else None


def _concrete(noun: Token, seg: int) -> bool:
    """Whether force can be used on what a noun phrase names: a named entity, a person or group (a role word or
    a pronoun), a place, a building, a weapon or a vehicle, in the phrase ("scores of refugees", "the deputy
    chief of Israel's militia ally", "part of a guerrilla stronghold")."""
    roles, concrete = lexicon.roles(), concrete_nouns()
    return any(t.ent_type_ not in NOT_NAMES or t.pos_ in ("PROPN", "PRON") or t.lower_ in roles
               or t.lemma_.lower() in roles or t.lemma_.lower() in concrete for t in _with_of_phrases(noun))


def _with_of_phrases(noun: Token) -> list[Token]:
    """A noun's phrase with its "of" phrases, without its clauses."""
    skip = {t.i for c in noun.children if c.dep_ in ("relcl", "acl", "advcl", "appos", "conj", "punct")
            or c.dep_ == "prep" and c.lower_ != "of" for t in c.subtree}
    return [t for t in noun.subtree if t.i not in skip]


@cache
def concrete_nouns() -> frozenset[str]:
    """Nouns of things force is used on: the verb dictionary's sets of weapons, aircraft, vehicles, forces,
    towns, strongholds and people, and buildings and sites."""
    sets = ("weapon", "aircraft", "car", "military", "town", "stronghold", "people", "leader", "opposition",
            "refugee", "hostage", "suspect", "pko")
    words = {w for name in sets for w in dictionaries.synset(name) if " " not in w}
    return frozenset(words | SITES)


def speculative(verb: Token) -> bool:
    """An act the text only supposes: under "might", "may" or "could" (unless announced by an intent word:
    "threatened that it could strike"), in a "whether" or "if" complement, or asked in a question."""
    if auxiliaries(verb) & SPECULATIVE_AUX and not (verb.dep_ == "ccomp" and intent_head(verb.head)):
        return True
    for clause in (verb, *ancestors(verb, 4)):
        if clause.dep_ in ("ccomp", "csubj", "xcomp") and any(
                d.dep_ == "mark" and d.lower_ in UNCERTAIN_MARKS for d in clause.children):
            return True
    return verb.sent.text.rstrip(" \"'”’)").endswith("?") and verb.dep_ == "ROOT"


def unrealised(verb: Token) -> bool:
    """A verb in a clause that names a power, a manner or the purpose of an act not done rather than a deed:
    a "to"-clause that modifies a noun ("the power to suspend", "plans to axe"), the purpose of an act that is
    itself only planned, announced or supposed ("plans to axe jobs to free up money"; but the purpose of a deed
    is coded with it: "opened the bridge to allow the delivery of aid", "summoned the ambassador to complain"),
    or a gerund after "for", "about", "without" or "of" ("a way of recognising"; but "guilty of violating the
    ceasefire" states the deed). Gerunds after "after", "before", "by" or "in" are deeds ("after vetoing")."""
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        return unrealised(verb.head)  # "the power to suspend or bar him": both verbs are in the clause
    if verb.dep_ == "acl" and _has_to(verb):
        return True
    if verb.dep_ == "advcl" and _has_to(verb):
        head = verb.head
        if intent_head(head) or head.lemma_ in INTENT_VERBS | REFUSAL_VERBS | ASPECT_VERBS:
            return False  # "vowed to", "refused to": coded as announced or refused
        return not _done(head)
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and verb.head.lower_ in ("of", "for", "about", "without"):
        return not (verb.head.lower_ == "of" and verb.head.head.tag_ in ("JJ", "VBN"))
    return False


def _has_to(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _done(verb: Token) -> bool:
    """Whether the text reports a verb's act as done: a verb, not under a future, modal or intent word, not
    itself unrealised."""
    if verb.pos_ not in ("VERB", "AUX") or auxiliaries(verb) & (FUTURE_AUX | OBLIGATION_AUX | SPECULATIVE_AUX):
        return False
    governing = governing_word(verb)
    if governing is not None and (intent_head(governing) or governing.lemma_ in INTENT_VERBS | REFUSAL_VERBS):
        return False
    return not unrealised(verb)


def denied(verb: Token) -> bool:
    """ "Israel denied that its troops attacked the convoy": the denied act did not happen, says the text."""
    return verb.dep_ == "ccomp" and verb.head.lemma_ in DENIAL_VERBS


def governing_word(verb: Token) -> Token | None:
    """The word whose "to"-clause holds ``verb``, past verbs of aspect: "prepared to resume shelling" →
    "prepared"; "refused to keep talking" → "refused"."""
    cur = verb
    for _ in range(4):
        if not is_to_clause(cur) or cur.head.i == cur.i:
            return None
        if cur.head.lemma_ not in ASPECT_VERBS:
            return cur.head
        cur = cur.head
    return None


def intended(head: Token, code: str) -> str:
    """The code of an act that ``head`` announces: a threat for conflict (getting ready to use force is a show
    of force), an intent to cooperate for cooperation; other acts keep their code. What one agrees or offers
    to do is always an intent to cooperate ("agreed to suspend enrichment")."""
    root = code[:2]
    if head.lemma_ in AGREEING_HEADS:
        return INTENT_OF_ROOT.get(root, "030")
    if root in THREAT_OF_ROOT:
        return "150" if head.lemma_ in ("prepare", "poised") and root in ("18", "19", "20") else THREAT_OF_ROOT[root]
    return INTENT_OF_ROOT.get(root, code)


def _predicted(f: Frame, idx: MentionIndex) -> bool:
    """A future act in what another country's actor says: a prediction ("Russia said Ukraine will join the
    talks"), not an announced intent or threat, which is the doer's own or his spokesman's ("Iran said it will
    attack"); the news media report scheduled acts ("Fischer will visit Albania, the ATA agency said")."""
    verb = f.anchor
    if f.trigger.nominal or not auxiliaries(verb) & FUTURE_AUX or verb.dep_ != "ccomp":
        return False
    speaker = speaker_of(verb)
    if speaker is None or not f.sources:
        return False
    said_by = [a for a in actors(speaker, f.trigger.seg, idx) if not (a.code or "").endswith("MED")]
    return bool(said_by) and not {a.country for a in said_by} & {s.country for s in f.sources}


def _modal_code(verb: Token, code: str, nominal: bool) -> tuple[str, Token | None]:
    """The code of an act announced rather than done, and who demands it: "will provide aid" is an intent
    to provide aid (033), "will attack" a threat (138); "X said Y must withdraw" is X's demand (100) on Y."""
    if nominal:
        return code, None
    aux = auxiliaries(verb)
    if aux & FUTURE_AUX:
        return INTENT_OF_ROOT.get(code[:2]) or THREAT_OF_ROOT.get(code[:2]) or code, None
    if aux & OBLIGATION_AUX and verb.dep_ == "ccomp" and verb.head.lemma_ in SPEECH_VERBS:
        return "100", speaker_of(verb)  # with no speaker found, no one's demand (and no deed)
    return code, None


def requested(code: str, verb: Token, prep: Token | None) -> str:
    """The specific appeal or demand: what the object ("called for talks"), the "for" phrase or the clause
    ("urged Iran to negotiate", "demanded that Israel withdraw") asks for."""
    asked = [c for c in verb.children if c.dep_ in ("dobj", "xcomp", "ccomp") or is_to_clause(c)]
    if prep is not None:
        asked = [p for p in prep.children if p.dep_ == "pobj"] + asked
    table = APPEAL_FOR if code == "020" else DEMAND_FOR
    for a in asked:
        wanted = lexical_code(a)
        if wanted is None:
            continue
        for key in (wanted, wanted[:3], wanted[:2]):
            if key in table:
                return table[key]
    return code
