"""Pass 2, roles: who did it (source) and to whom (target).

The source is the clause's subject (inherited through "to"-clauses and participles), the "by" agent of a
passive, or for a nominal trigger its "by" phrase, possessor or demonym ("Syrian attacks"); the target the
object or the matching prepositional object, the passive's subject, or a nominal trigger's
"on"/"against"/"with" phrase. Compound actors give one actor each."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from transforms import lexicon
from transforms.entities import role_sector
from transforms.events.actors import UNKNOWN, Actor, actors
from transforms.events.triggers import (
    LIGHT_VERBS,
    REQUESTING_VERBS,
    UNDERGOING_VERBS,
    VERB_KINDS,
    Candidate,
    intent_head,
    lexical_code,
    planned_act,
    slot_of,
    undoes,
)
from transforms.syntax import (
    OBJECT_DEPS,
    PRONOUNS,
    SPEECH_VERBS,
    SUBJECT_DEPS,
    MentionIndex,
    ancestors,
    is_temporal,
    is_to_clause,
    phrase,
    prep_objects,
    subject,
)

TARGET_PREPS = ("with", "against", "on", "to", "at", "into", "upon", "toward", "towards")
NOMINAL_TARGET_PREPS = ("on", "against", "with", "to", "at", "upon", "between")
POLICY_KINDS = frozenset({"PLAN", "POLICY", "CLIMBDOWN"})  # a plan presented or dropped, a policy act announced
STANCE_PREPS = ("for", "with", "to", "of", "against", "toward", "towards", "over", "behind", "at", "on")
RECIPIENT_PREPS = ("on", "against", "to", "upon", "toward", "towards")  # of what is given or aimed: "aid to X"
JOINED_ROOTS = frozenset({"04", "14"})  # acts one joins: talks, protests
ASKING_ROOTS = frozenset({"02", "10"})  # appeals and demands, made "from" the one asked
FORCE_ROOTS = frozenset({"18", "19", "20"})
MUTUAL_ROOTS = frozenset({"03", "04", "05", "06", "19"})  # acts a compound subject does with each other
OWN = frozenset({"his", "her", "its", "their", "our", "my", "your"})  # possessors that are mostly the doer
OWNER_MODIFIERS = frozenset({"amod", "compound"})
OWNER_LABELS = frozenset({"NORP", "ORG"})  # modifiers that own what they modify ("Tory plans")
REQUEST_HEADS = frozenset({"demand", "urge", "call", "ask", "appeal", "insist", "press", "request", "want", "seek",
                           "propose", "suggest", "recommend", "plead"})
AGENTLESS_FROM = "11"  # CAMEO roots from which an agentless passive with a victim is an event of an unknown doer
# Acts only a state does (CAMEO 075 asylum, 172 administrative sanctions, 173 arrests, detentions and charges, 174
# expulsions), by the role word (roles.csv) of the body that does them: an agentless one is that body's of the
# country where it happened ("twenty protesters were arrested in Nairobi": the Kenyan police; "were granted asylum
# in the Czech Republic": the Czech government).
STATE_ACTS = {"075": "government", "172": "government", "173": "police", "174": "government"}
CHARGING_VERBS = frozenset({"charge"})  # an agentless criminal charge ("were charged with disorder") is the police's
AMOUNT_NOUNS = frozenset({"package", "sum", "amount", "tranche", "total", "shipment", "consignment"})
EXPERIENCING_VERBS = frozenset({"face", "receive", "draw", "attract", "suffer", "meet", "earn", "encounter"})
OFFERED_THINGS = frozenset({"compromise", "concession", "deal", "amnesty", "referendum", "money", "cash", "funding"})
OFFERING_VERBS = frozenset({"host", "offer", "propose", "arrange", "broker", "mediate"})
ENGAGING_VERBS = frozenset({"engage", "involve", "participate", "join", "take", "remain", "stay", "go", "put",
                            "return", "come"})
# Verbs whose object does what their "to"-clause says: asked, advised or ordered to, or made, helped or let.
OBJECT_CONTROL = REQUESTING_VERBS | {"call", "order", "warn", "force", "compel", "oblige", "help", "allow", "permit",
                                     "enable", "let", "authorize", "authorise", "prompt", "cause", "lead", "drive",
                                     "require"}
UNNAMED_ATTACKERS = frozenset({"gunman", "gunmen", "assailant", "attacker", "kidnapper", "bomber", "militant",
                               "insurgent", "sniper", "mob", "raider"})
VIOLENT_EVENTS = frozenset({"bombing", "attack", "blast", "explosion", "bomb", "ambush", "raid", "shelling",
                            "airstrike", "strike", "shell", "rocket", "mine", "grenade", "gunfire", "shooting",
                            "fighting", "clash", "violence", "missile"})


@dataclass(frozen=True)
class Frame:
    """A trigger with its participants: what the modality pass turns into a final code."""

    trigger: Candidate
    anchor: Token  # the verb the event's clause hangs on (for a nominal trigger, the verb that governs it)
    code: str
    sources: tuple[Actor, ...]
    targets: tuple[Actor, ...]
    agentless: bool = False  # a passive without its doer named
    negated: bool = False  # the text says it did not happen (set by the modality pass)


def assign_roles(c: Candidate, idx: MentionIndex) -> Frame | None:
    """The frame of a trigger, or None when it has no possible doer (a nominal trigger nobody does)."""
    if c.nominal:
        found = _nominal_roles(c)
        if found is None:
            return None
        code, src_tok, tgt_toks, anchor, passive = found
    else:
        code, anchor = c.code, c.anchor
        src_tok, passive = subject(anchor)
        controller = controller_of(anchor)
        if controller is not None:
            src_tok, passive = controller, False
        tgt_toks = _verbal_targets(c)
    agentless = False
    if passive:  # the "by" agent, also one shared by conjoined participles ("detained and deported by police")
        agents = prep_objects(anchor, ("by",)) or [a for v in anchor.conjuncts for a in prep_objects(v, ("by",))]
        if src_tok is None or c.obj is None or c.obj.i != src_tok.i:
            tgt_toks = [src_tok]  # (the thing acted on is no target: "plans … have been dropped")
        src_tok, agentless = (agents[0] if agents else None), not agents
    sources = actors(src_tok, c.seg, idx)
    # "citizens killed by drones", "hit by gunfire": a doer that is no actor is an unnamed one
    agentless = agentless or passive and not sources
    targets = _first_actors(tgt_toks, c.seg, idx)
    if c.entry.pos in VERB_KINDS and code[:2] == "04" and tgt_toks and not targets:
        targets = _meeting_of(tgt_toks, c.seg, idx)
        if targets is None and len(sources) < 2:
            return None  # "received mixed reviews", "called the police": meeting words need someone met
        targets = targets or []  # "France and Germany met on Monday": with each other (below)
    if c.entry.pos in VERB_KINDS and code[:2] == "04" and not tgt_toks and len(sources) < 2 and not _joined(anchor):
        return None  # "the CBI called for a pause" (misparsed), "Blair met on Monday": no one met
    if not targets and code[:2] in ("02", "10") and not c.nominal:
        targets = _asked(anchor, c.seg, idx)
    if c.entry.pos in VERB_KINDS and c.token.lemma_ == "offer" and not targets and not _offered_act(c.token):
        return None  # "offering his advice to the contestants", "the flexibility it offers": no one offered anything
    if c.entry.pos == "DICT" and not any(t.entity_id and not t.from_context for t in targets):
        return None  # a dictionary verb's own code is an interaction: it needs a named actor acted on
    if not sources and src_tok is not None and targets and (
            src_tok.lemma_.lower() in VIOLENT_EVENTS or src_tok.lemma_.lower() in UNNAMED_ATTACKERS):
        # "fighting between the army and rebels killed 20": the two sides; "a roadside bombing killed one
        # soldier", "gunmen kidnapped …": not named
        sources = [a for b in prep_objects(src_tok, ("between",))[:1] for a in actors(b, c.seg, idx)]
        agentless = not sources
    if not sources and agentless:
        sources = _unnamed_doer(anchor, code, targets, c.seg, idx)
    if not targets and len(sources) > 1 and code[:2] in MUTUAL_ROOTS:
        targets = sources  # "Washington and Havana agreed to restore ties": each does it with the other
    return Frame(c, anchor, code, tuple(sources), tuple(targets), agentless)


def _offered_act(verb: Token) -> bool:
    """Whether what is offered is an act or a political thing: a "to"-clause ("offered to mediate"), an object with
    a code of its own ("offered talks", "aid"), a sum of money, a compromise or a concession."""
    return any(is_to_clause(d) for d in verb.children) or any(
        d.dep_ == "dobj" and (lexical_code(d) or d.lemma_ in OFFERED_THINGS or _money(d)) for d in verb.children)


def _money(phrase_head: Token) -> bool:
    return any(t.ent_type_ == "MONEY" or t.tag_ == "$" for t in phrase_head.subtree)


def _joined(verb: Token) -> bool:
    """Whether a meeting verb names its parties in a phrase the target search does not read ("met among
    themselves", "met between sessions"): then it is not a meeting with no one."""
    return any(c.dep_ == "prep" and c.lower_ in ("among", "between") for c in verb.children)


def controller_of(verb: Token) -> Token | None:
    """Who does the act of a "to"-clause whose governing verb has an object: the object ("urged Iran to
    negotiate", "forced the rebels to withdraw", "called on Israel to halt …"); not after other verbs, whose
    subject does it ("promised Iran to …", "summoned the ambassador to complain", "opened the bridge to allow …")."""
    if not is_to_clause(verb) or verb.head.i == verb.i or verb.head.lemma_ not in OBJECT_CONTROL:
        return None
    governor = verb.head
    objects = [d for d in governor.children if d.dep_ in ("dobj", "dative") and d.i < verb.i]
    objects += [p for p in prep_objects(governor, ("on", "upon")) if p.i < verb.i]
    return objects[0] if objects else None


def _first_actors(tokens: list[Token], seg: int, idx: MentionIndex) -> list[Actor]:
    """The actors of the first of ``tokens`` that has any (with the actors of its conjuncts); a phrase that
    names no actor stands for its owner or author."""
    for t in tokens:
        found = actors(t, seg, idx) or _owner(t, seg, idx)
        if found:
            return found
    return []


def _owner(thing: Token, seg: int, idx: MentionIndex) -> list[Actor]:
    """Whose a thing is: its possessor ("gave his support to Mr Brown's ambitions"), its author ("welcomed the
    decision by India and Pakistan", "rejected proposals from the Commission"), or a people, party or body named
    as its modifier ("rejected a Conservative compromise offer", "criticised Israeli policy", "EU proposals"; a
    place modifier is read by ``actors`` already: "the Kosovo proposals")."""
    return [a for d in thing.children if d.dep_ == "poss" and d.lower_ not in OWN for a in actors(d, seg, idx)] or [
        a for p in prep_objects(thing, ("by", "from")) for a in actors(p, seg, idx)] or [
        a for d in thing.children if d.dep_ in OWNER_MODIFIERS and d.ent_type_ in OWNER_LABELS
        for a in actors(d, seg, idx)]


def _owned_by_group(thing: Token) -> bool:
    """Whether a thing that is no actor itself is named as a group's by its modifier ("rebel positions", "Taliban
    hideouts", "Israeli targets")."""
    return role_sector([thing]) is None and any(
        d.dep_ in OWNER_MODIFIERS and (d.ent_type_ in OWNER_LABELS or role_sector([d])) for d in thing.children)


def _verbal_targets(c: Candidate) -> list[Token]:
    anchor = c.anchor
    if c.entry.pos == "ADJ":
        # "told Medvedev his calls were futile", "branded Harry's actions stupid": the one told or named, else
        # the one judged ("said Harry's actions were stupid")
        judged = subject(c.token.head)[0] if c.token.dep_ == "acomp" else None
        return [d for d in anchor.children if d.dep_ in ("dobj", "dative")] + ([judged] if judged is not None else [])
    if c.entry.pos == "WRONG":
        return [t for t in [subject(c.token)[0]] if t is not None]  # the accused
    if c.entry.pos == "REQ":
        return [c.obj]  # the one asked
    if c.entry.pos in POLICY_KINDS:
        # a policy of one's own, aimed at no one in particular, or at whom the plan's act is ("plans to invade Fiji")
        act = planned_act(c.obj) if c.obj is not None else None
        return _act_targets(act) if act is not None else []
    if c.entry.pos == "STANCE":
        # "voiced support for the rebels", "criticism of Israel", "gave its backing to the bill", "threw its
        # support behind Mr Brown": whom the stance is about, never the stance ("opposition" is no party here)
        found = prep_objects(c.obj, STANCE_PREPS) + prep_objects(anchor, STANCE_PREPS) + _datives(anchor)
        return [p for p in found if not is_temporal(p.head)]  # "voiced support on Monday"
    if c.obj is not None:
        # "withdraw peacekeepers from Chad", "blocked roads in Dhaka" (the government there), "granted asylum to
        # four dissidents"
        preps = TARGET_PREPS + ("from", "in", "between")
        held = prep_objects(c.obj, ("in", "of")) if _amount(c.obj) else []  # "5m pounds of aid to Haiti"
        found = [p for p in _datives(anchor) + prep_objects(anchor, preps) + [
            q for h in (c.obj, *held) for q in prep_objects(h, preps)]
                 if not is_temporal(p.head)]  # "expelled two British diplomats on Monday"
        if c.code[:2] in FORCE_ROOTS and _owned_by_group(c.obj):
            return [c.obj, *found]  # "bombed rebel positions in Aleppo", "struck Hamas targets in Gaza": the owners
        # "expelled the Sudanese ambassador": the object is the target; "attacked Labour's pledges": its owner is
        return found or [d for d in c.obj.children if d.dep_ == "poss"] or [c.obj]
    # the object; when it is no actor, the recipient or partner ("gave aid to Afghanistan", "discussed the crisis
    # with Russia") or the object's recipient ("promised to continue military aid to Mozambique", "stepped up
    # pressure on Iran")
    found = [p for p in c.prep.children if p.dep_ == "pobj"] if c.prep is not None else []
    found += [t for t in _act_targets(anchor, RECIPIENT_PREPS) if t not in found]
    if intent_head(anchor):
        # "pledged to strengthen relations with Iran": an intent whose act has no code of its own is aimed where
        # that act is
        found += [t for d in anchor.children if is_to_clause(d) for t in _act_targets(d) if t not in found]
    if c.code[:2] in ASKING_ROOTS:
        # "demanded answers from the Kremlin", "sought assurances from Iran": the one asked
        found += [p for w in (anchor, *found) for p in prep_objects(w, ("from",)) if p not in found]
    if anchor.dep_ in ("advcl", "xcomp") and anchor.tag_ == "VBG":
        # "wrote to Mr McConnell asking for clarification": the one the governing act was addressed to
        found += [d for d in anchor.head.children if d.dep_ in ("dobj", "dative")] + prep_objects(anchor.head, ("to",))
    if any(d.dep_ == "dobj" for d in anchor.children):
        # "condemned the nuclear test by North Korea", the author of the object read as the verb's "by" phrase
        found += [p for d in anchor.children if d.dep_ == "prep" and d.lower_ == "by" for p in d.children
                  if p.dep_ == "pobj"]
    return found


def _act_targets(verb: Token, object_preps: tuple[str, ...] = TARGET_PREPS) -> list[Token]:
    """Whom a clause's act is done to: its objects, then its recipients or partners (``TARGET_PREPS``), then its
    direct object's (by ``object_preps``), also through an amount's "in" or "of" ("pledged 50 million euros in
    aid to Sudan", "a package of aid to Sudan")."""
    objects = [d for d in verb.children if d.dep_ in OBJECT_DEPS]
    return objects + prep_objects(verb, TARGET_PREPS) + _datives(verb) + [
        p for o in objects if o.dep_ == "dobj" for h in (o, *(prep_objects(o, ("in", "of")) if _amount(o) else ()))
        for p in prep_objects(h, object_preps)]


def _datives(verb: Token) -> list[Token]:
    """The objects of a verb's dative "to" ("gave aid to Haiti", "granted asylum to four dissidents")."""
    return [p for d in verb.children if d.dep_ == "dative" for p in d.children if p.dep_ == "pobj"]


def _amount(phrase_head: Token) -> bool:
    """Whether a phrase is an amount of something ("50 million euros", "a package of loans")."""
    return phrase_head.lemma_.lower() in AMOUNT_NOUNS or any(
        t.ent_type_ in ("MONEY", "QUANTITY", "CARDINAL") or t.tag_ == "$" for t in (phrase_head, *phrase_head.lefts))


Participants = tuple[Token | None, list[Token], Token]  # a noun event's doer, its targets, its clause's verb


def _nominal_roles(c: Candidate) -> tuple[str, Token | None, list[Token], Token, bool] | None:
    """Code, source, targets and governing verb of a nominal trigger; None when nobody does it."""
    src_tok, tgt_toks, governor = _nominal_participants(c.token)
    if src_tok is None:
        return None
    code = c.code
    # "launched an attack on Conservative spending plans": the object decides here too
    for t in tgt_toks:
        recoded = next((e for e in lexicon.triggers().get((t.lemma_.lower(), "OBJ"), ())
                        if e.with_ == c.token.lemma_.lower()), None)
        if recoded is not None:
            code = recoded.code
            tgt_toks = [d for d in t.children if d.dep_ == "poss"] or [t]
            break
    return code, src_tok, tgt_toks, governor, False


def _wanted(verb: Token) -> bool:
    """Whether a verb, or the one whose "to"-clause it is, asks for, offers or plans what it governs."""
    return any(v.lemma_ in REQUEST_HEADS or v.lemma_ in OFFERING_VERBS or intent_head(v) for v in (verb, verb.head))


def _nominal_participants(noun: Token) -> Participants:
    """Source and targets of a nominal trigger, and the verb the event's date attaches to."""
    slot = slot_of(noun)
    targets = prep_objects(noun, NOMINAL_TARGET_PREPS) + (
        prep_objects(slot, NOMINAL_TARGET_PREPS) if slot is not noun else [])
    governor = slot.head
    while governor.pos_ not in ("VERB", "AUX") and governor.head.i != governor.i:
        governor = governor.head
    if (experienced := _experienced(noun, slot)) is not None:
        return experienced
    agents = prep_objects(noun, ("by", "from")) or prep_objects(slot, ("by",))
    if agents:
        return agents[0], targets, governor
    if slot.dep_ == "pobj":
        return _engaged(noun, slot, targets, governor)
    if not _reported(slot):
        return None, targets, governor
    poss = [c for c in (*noun.children, *slot.children)
            if c.dep_ == "poss" and c.lower_ not in PRONOUNS and c.pos_ != "PRON"]
    if poss:
        return poss[0], targets, governor
    # "clashes between police and protesters broke out", "clashes erupted between …": both sides do it, to
    # each other (but "called for talks between …", "ready to host talks between …" ask for or offer talks)
    between = prep_objects(noun, ("between",)) or (
        prep_objects(slot.head, ("between",)) if slot.dep_ == "nsubj" else [])
    if between and not _wanted(governor):
        return between[0], [t for t in targets if t.i != between[0].i and t not in between[0].conjuncts], governor
    # "Syrian attacks", "the Israeli offensive" (a capitalised modifier; "ethnic cleansing" has no doer)
    amod = [c for c in noun.children if c.dep_ in ("amod", "compound") and c.pos_ in ("ADJ", "PROPN")
            and c.text[:1].isupper()]
    if slot.dep_ == "dobj" and (slot.head.lemma_ in LIGHT_VERBS or undoes(slot.head)):
        subj, _ = subject(slot.head)
        return subj, targets + prep_objects(slot.head, ("on", "against", "with", "to")), slot.head
    if amod:
        return amod[0], targets, governor
    return None, targets, governor


def _experienced(noun: Token, slot: Token) -> Participants | None:
    """A noun event its verb's subject undergoes, done by the one named with "from" or "by", or as its possessor
    or modifier: "faced criticism from the UN", "came under pressure from France", "the plan drew condemnation
    from Turkey", "faced backbench discontent", "came under US pressure"; None otherwise."""
    verb = slot.head
    if slot.dep_ == "pobj" and verb.lower_ == "under" and verb.head.lemma_ in UNDERGOING_VERBS:
        verb = verb.head
    elif not (slot.dep_ == "dobj" and verb.lemma_ in EXPERIENCING_VERBS):
        return None
    doers = prep_objects(noun, ("from", "by")) or prep_objects(verb, ("from", "by")) or [
        c for c in noun.children if c.dep_ == "poss" and c.lower_ not in OWN or c.dep_ in OWNER_MODIFIERS]
    undergoer, _ = subject(verb)
    if not doers or undergoer is None:
        return None
    return doers[0], [undergoer], verb


def _engaged(noun: Token, slot: Token, targets: list[Token], governor: Token) -> Participants:
    """The doer of a noun event in a prepositional phrase: its verb's subject when that verb joins or engages in
    it; else nobody (the venue, time, topic or purpose of something else: "at the summit", "for talks")."""
    entry = (lexicon.triggers().get((noun.lemma_.lower(), "NOUN")) or (None,))[0]
    holder = slot.head.head  # what the phrase hangs on: "favour an early start to talks" is wanting talks
    if holder.pos_ == "NOUN" and not _reported(holder) and all(
            role_sector([t]) is None for t in (holder, *prep_objects(holder, ("of",)))):
        return None, targets, governor  # (but "hundreds of teachers on strike": they strike, below)
    if slot.head.lower_ in ("for", "in", "into", "on", "to") and entry:
        # "converged for a rally", "took part in talks", "remained on alert", "were engaged in ethnic
        # cleansing": those who join, stay or engage do it
        engaged = governor.lemma_ in ENGAGING_VERBS
        if governor.lemma_ in REQUEST_HEADS:
            return None, targets, governor  # "called for talks": asked for, not held
        if entry.code[:2] in JOINED_ROOTS or engaged or entry.code[:2] == "15" and slot.head.lower_ == "on":
            subj, passive = subject(governor)
            if subj is not None and (not passive or engaged):
                return subj, targets + prep_objects(governor, ("against", "on")), governor
    return None, targets, governor


def _reported(slot: Token) -> bool:
    """Whether a noun event's place in its clause reports it as happening: the clause's subject ("clashes erupted",
    "Syria's offensive killed 20"), a headline's head, the object of a verb that carries it out or undoes it
    ("signed an accord", "lifted sanctions"); a prepositional object is read by its verb (``_engaged``). Named
    as the object of another verb ("condemned Israel's offensive", "fled the Nazi threat"), beside another noun
    ("protest charges") or as what something is ("was a demonstration"), it is referred to, not reported:
    background or topic. (Of the hand-judged noun events so placed, none was right: 0 of 13.)"""
    while slot.dep_ == "conj" and slot.head.pos_ in ("NOUN", "PROPN"):
        slot = slot.head  # "protests and clashes erupted"
    if slot.dep_ == "dobj":
        return slot.head.lemma_ in LIGHT_VERBS or undoes(slot.head)
    return slot.dep_ in ("nsubj", "nsubjpass", "ROOT")


def _meeting_of(tgt_toks: list[Token], seg: int, idx: MentionIndex) -> list[Actor] | None:
    """The parties of a meeting named as the object ("host a meeting between Israel and the PLO"); None
    when the object is no meeting at all."""
    met = [t for t in tgt_toks
           if any(e.code[:2] == "04" for e in lexicon.triggers().get((t.lemma_.lower(), "NOUN"), ()))]
    if not met:
        return None
    return [a for t in met for p in prep_objects(t, ("between", "with")) for a in actors(p, seg, idx)]


def _asked(anchor: Token, seg: int, idx: MentionIndex) -> list[Actor]:
    """ "demanded that the US cancel …", "urged Iran to …": the one asked is the subject of a clause that says
    what should be done (a bare verb, "should", "must", "to"), not of one that states a fact ("insisted he was
    happy")."""
    for c in anchor.children:
        if c.dep_ in ("ccomp", "xcomp") and demanded_clause(c):
            subj = next((s for s in c.children if s.dep_ in ("nsubj", "csubj")), None)
            found = actors(subj, seg, idx)
            if found:
                return found
    return []


def _unnamed_doer(anchor: Token, code: str, targets: list[Actor], seg: int, idx: MentionIndex) -> list[Actor]:
    """The doer of a passive that does not name one: for force, the subject of the clause that explains it
    ("civilians were killed when US troops opened fire"); else, for accusations, threats, protests and
    material acts with known victims, an unknown source ("Qatar has been accused of violating …"; but "Mr Blair
    was asked" by nobody named is no event)."""
    if code[:2] >= "18":
        for c in anchor.children:
            if c.dep_ == "advcl" and any(m.lower_ in ("when", "as", "after") for m in c.children):
                doer, doer_passive = subject(c)
                found = [] if doer_passive else actors(doer, seg, idx)
                if found:
                    return found
    if targets and (code[:2] >= AGENTLESS_FROM or code[:3] in STATE_ACTS):
        return [UNKNOWN]
    return []



REPORTING_VERBS = SPEECH_VERBS | {"announce", "report", "confirm", "claim", "allege", "deny", "accuse", "quote"}


def reported_by(anchor: Token, seg: int, idx: MentionIndex) -> tuple[str | None, str | None]:
    """Who reports the event, as written and as an actor code: the speaker whose words hold it ("X said Y
    will not yield" is X's statement) or the source named by "according to"."""
    speaker = None
    for cur in (anchor, *ancestors(anchor, 8)):
        if cur.dep_ == "ccomp" and cur.head.lemma_ in REPORTING_VERBS:
            speaker = next((c for c in cur.head.children if c.dep_ in SUBJECT_DEPS), None)
            break
    if speaker is None:
        root = anchor.sent.root
        speaker = next((p for c in root.children if c.lower_ == "according" for t in c.children
                        if t.lower_ == "to" for p in t.children if p.dep_ == "pobj"), None)
    if speaker is None:
        return None, None
    found = actors(speaker, seg, idx)
    return phrase(speaker), found[0].code if found else None


def demanded_clause(verb: Token) -> bool:
    """A clause that says what should be done: a bare verb ("that Israel withdraw"; the model often tags it as
    a present tense), "should"/"must"/"to"; not a past or third-person present ("insisted he was happy")."""
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    return verb.tag_ in ("VB", "VBP") and not aux - {"to", "be"} or bool(aux & {"should", "must", "to"})
