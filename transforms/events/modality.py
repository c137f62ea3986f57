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

from spacy.tokens import Span, Token

from transforms import lexicon
from transforms.entities import PLACE_LABELS
from transforms.events.actors import UNKNOWN, Actor, actors
from transforms.events.roles import FORCE_ROOTS, OWN, POLICY_KINDS, REQUEST_HEADS, Frame, controller_of
from transforms.events.triggers import (
    COUNTERFACTUAL_AUX,
    FORECAST_AUX,
    FUTURE_AUX,
    INTENT_CODE,
    OBLIGATION_AUX,
    REQUESTING_VERBS,
    SAID_NOUNS,
    TIME_ANCHORS,
    UNCERTAIN_MARKS,
    WANTING_VERBS,
    harmful,
    intent_head,
    lexical_code,
    obligation,
    planned_act,
    presented_plan,
    said_time_for,
)
from transforms.lexicon import dictionaries
from transforms.syntax import (
    ANY_SUBJECT_DEPS,
    SPEECH_VERBS,
    SUBJECT_DEPS,
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
     "propose", "warn", "order", "have"}
) | REQUESTING_VERBS  # and what one asks someone to do, or has to do ("the days of Britain having to apologise")
PROSPECT_NOUNS = frozenset({"prospect", "possibility", "chance", "likelihood", "hope", "fear", "room", "scope", "risk",
                            "danger", "spectre", "speculation", "rumour", "rumor", "expectation", "odds"})
NUMBERS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL", "QUANTITY"})
NOT_NAMES = NUMBERS | {""}
# Force verbs that, used on plans, policies or records, are words: criticism (111).
VERBAL_ATTACKS = frozenset({"attack", "hit", "strike", "slam", "blast", "lash", "savage", "assail", "target",
                            "shoot", "fire", "bomb", "ambush", "storm", "torpedo", "batter", "hammer", "assault",
                            "clash"})
# Sectors whose members attack with words (politicians, officials, parties, civil society): CAMEO sector codes.
SPEAKING_SECTORS = frozenset({"GOV", "LEG", "PTY", "OPP", "JUD", "ELI", "MED", "NGO", "HRI", "EDU", "LAB", "BUS",
                              "CVL", "REL", "REF", "ENV", "AGR", "HLH"})
HARM = frozenset("kill killing dead death die wound wounded injure injured injury casualty casualties bomb bombing "
                 "shell shelling shoot shooting shot gun gunfire gunman gunmen missile rocket airstrike explosive "
                 "stab knife grenade mortar artillery troops soldier soldiers police weapon weapons".split())
SITES = frozenset(
    "house home building village camp base border post position convoy vehicle ship boat office embassy school "
    "hospital mosque church temple market checkpoint station area region territory compound headquarters site "
    "facility plant target bridge road airport port city town capital island district neighbourhood neighborhood "
    "street square residence palace prison jail border crossing outpost barracks installation refinery pipeline "
    "tanker vessel warship aircraft plane helicopter jet drone tank truck lorry bus car train field farm chamber "
    "parliament".split())
REFUSABLE_ROOTS = frozenset({"03", "04", "05", "06", "07", "08"})  # cooperation refused is a rejection (12)
QUANTITY_HEADS = frozenset({"lot", "amount", "deal", "much", "little", "plenty", "nothing", "something", "anything",
                            "more", "less", "lots"})  # what one has "to offer", "to say": an ability, no deed
RANKING_WORDS = frozenset({"first", "last", "second", "third", "only", "latest"})  # "the first to …" did it
UNDONE_GERUND_PREPS = frozenset({"of", "for", "about", "without", "against", "from"})
# What someone is accused "of" or charged "with" is alleged: "accused of killing", "charged with inciting".
ALLEGING_WORDS = frozenset({"accuse", "suspect", "allege", "suspected", "accused", "alleged", "charge", "charged"})
# Verbs whose complement is someone's forecast, not a deed (unless the act is scheduled: "is expected to").
PREDICTING_VERBS = frozenset({"expect", "predict", "forecast", "anticipate", "fear", "think", "believe", "reckon",
                              "doubt", "suppose", "assume", "imagine", "guess"})
SEEMING_VERBS = frozenset({"seem", "appear"})  # "seemed to agree": an impression, not a deed
SUPPOSING_VERBS = frozenset({"believe", "think", "rumour", "rumor", "suppose", "presume"})  # "is believed to have …"
COUNT_WORDS = frozenset({"dozens", "hundreds", "thousands", "scores", "millions"})  # "hundreds of migrants"
# Words whose "to"-clause announces a scheduled act, as "will" does: "are to stage a rally", "is due to hold talks",
# "is set to expel", "is expected to release", "is going to attack", "is about to sign".
SCHEDULING_HEADS = frozenset({"be", "due", "set", "expect", "going", "about", "schedule", "slate"})
VISIT_CODES = frozenset({"042", "043"})  # make and host a visit
MEET_CODE = "040"  # consult (the dictionary's code for going or coming to someone)
DESTINATION_PREPS = frozenset({"to", "for", "toward", "towards", "into"})
OWN_PRONOUNS = OWN - {"their", "your"}  # the doer's own things ("their" is as often another's)
# What a host hosts when hosting is an event (CAMEO 043, and 036 announced): someone (``_someone``: a named actor,
# a role word, a person) or these guests and meetings (the PETRARCH dictionary's HOST patterns) — not a programme,
# a party or the games.
HOSTED = frozenset({"meeting", "summit", "talks", "talk", "conference", "dinner", "visit", "delegation", "visitor",
                    "guest", "negotiation", "round", "session", "exercise"})
# An act supposed or only possible: "might", "may", "could"; and "can" ("ca" in "can't"): what someone is able or
# allowed to do ("judges can jail parents", "ministers cannot sack him"), a power, not a deed.
SPECULATIVE_AUX = frozenset({"might", "may", "could", "can", "ca"})
CONDITION_MARKS = frozenset({"if", "unless"})
POLL_WORDS = frozenset({"poll", "survey"})
DENIAL_VERBS = frozenset({"deny", "dismiss", "reject", "refute"})
# Verbs whose only news is when something came: the acts that date them are background ("the raids came a day
# after the government named monitors", "the launch follows Bell's accusation").
DATING_VERBS = frozenset({"come", "follow", "precede"})
POLICY_MAKERS = frozenset({"GOV", "PTY", "LEG", "OPP"})  # sectors whose announced policy is an event
NEEDING_VERBS = frozenset({"have", "need"})  # "have to", "need to": what must be done, not what is done
# Verbs that attribute an intention to someone else: what follows is the speaker's charge or fear, not a pledge.
ATTRIBUTING_VERBS = frozenset({"claim", "allege", "warn", "fear", "suggest", "predict", "accuse", "argue"})
# Cooperative acts announced for the future are intents to cooperate (CAMEO 03x); conflictual ones threats (13x).
INTENT_OF_ROOT = {"04": "036", "05": "032", "06": "031", "07": "033", "08": "035", "09": "030"}
THREAT_OF_ROOT = {"14": "133", "15": "138", "16": "131", "17": "137", "18": "138", "19": "138", "20": "138"}
DEFENDING_VERBS = frozenset({"defend"})
DISMISSING_SOMEONE = frozenset({"dismiss"})  # … as something: criticism of them
PERSONAL_OBJECTS = frozenset({"him", "her"})  # object pronouns that stand for a person, not for what was said
WANTING_HEADS = WANTING_VERBS | {"need", "wish"}  # what one wants someone else to do is no act of theirs
DISAPPROVE_CODE = "111"  # criticize or denounce
LABOUR_STRIKE = "143"  # conduct strike or boycott
RELEASE_CODE = "0841"  # return or release persons or property
INVESTIGATE_ROOT = "09"
PROBED_PREPS = ("into", "of", "over")  # "an investigation into the deaths", "a probe of the killings"
# Wrongs an investigation looks into that the verb dictionary's sets leave out.
WRONG_NOUNS = frozenset({"death", "complaint", "corruption", "abuse", "bribery", "leak", "scandal", "affair", "case"})
MAKER_LABELS = frozenset({"ORG", "GPE", "NORP"})
REFLEXIVES = frozenset({"itself", "themselves", "himself", "herself", "ourselves", "myself", "yourself"})
AGREEING_HEADS = frozenset({"agree", "offer", "consent", "accept"})
# Verbs that stop the act of their gerund, and the code of stopping it by the act's CAMEO code (most specific
# first; as the "EASE" rows code the nouns these verbs undo): "stopped supplying gas" reduces aid (162),
# "agreed to stop attacking" intends to de-escalate (035 through 087); stopping other acts is no event.
CESSATION_VERBS = frozenset({"stop", "cease", "halt", "end", "quit", "discontinue", "suspend"})
CEASED = {"045": "165", "04": "164", "05": "161", "06": "160", "07": "162", "14": "082", "18": "087", "19": "087",
          "20": "087"}
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
    if (ceasing := cessation_of(f)) is not None:
        code = CEASED.get(f.code[:3]) or CEASED.get(f.code[:2])
        if code is None:
            return None  # "stopped criticising him": no act of its own
        f = replace(f, anchor=ceasing, code=code)  # "stopped supplying gas": the clause is the stopping's
    c, anchor = f.trigger, f.anchor
    if _not_reported_as_event(f) or c.entry.pos in POLICY_KINDS and not _policy_made_known(f):
        return None
    if presented_plan(c.token) is not None and _yet_to_present(anchor):
        return None  # "hoped to announce proposals soon", however the dictionary reads the proposals
    if _wanted_of_another(anchor):
        return None  # "we need the Lords to set up a committee": wanted of the Lords, not done or intended by them
    denial = denied(anchor)
    negated = any(d.dep_ == "neg" for d in anchor.children) or denial
    governing = governing_word(anchor)
    intent = None
    if governing is not None and governing.lemma_ in REFUSAL_VERBS:
        negated = True
    elif governing is not None and intent_head(governing):
        intent = governing
    literal = figurative(f, idx)
    if literal is None:
        return None  # "fight poverty": force against no one
    if _predicted(f, idx):
        return None  # "analysts say Iran will attack": someone else's prediction, not the doer's intent
    if c.token.lemma_.lower() in DISMISSING_SOMEONE and _called_something(anchor, c.seg, idx):
        literal = DISAPPROVE_CODE  # "dismissed the Conservatives as a 'fading' force": criticism, not a rejection
    code, speaker = _modal_code(anchor, literal, c.nominal)
    if intent is not None:
        code = intended(intent, code)
    if c.entry.pos == "PLAN" and (act := planned_act(c.obj)) is not None:
        code = intended(c.token, lexical_code(act) or code)  # "announced a plan to invade Fiji": a threat (138)
    if code in ("020", "100") and not c.nominal:
        code = requested(code, anchor, c.prep)  # "called for talks" is 026, "demanded a ceasefire" 107
    if negated and not denial and code[:2] in REFUSABLE_ROOTS:
        code, negated = "120", False  # "will not accept", "did not agree": a refusal is the event
    sources, targets = f.sources, f.targets
    speakers = actors(speaker, c.seg, idx) if speaker is not None else []
    if speakers:
        # the speaker demands it of the doer
        sources, targets = tuple(speakers), tuple(s for s in sources if s is not UNKNOWN)
    elif code == "100" and f.code != "100" or c.entry.pos == "MUST":
        return None  # a demand whose speaker is no actor is nobody's event ("Analysts said Iran must …")
    if c.entry.pos == "MUST" and not targets and not _demanded_done(anchor) or not sources:
        return None  # "I should like to thank …": nothing demanded of an actor
    if f.code[:3] == "043" and not c.nominal and _hosts_no_one(anchor, c.seg, idx):
        return None  # "hosted a BBC television programme": no guest, no meeting
    if code[:2] == "05" and not targets and not c.nominal and _own_cause(anchor, c.seg, idx):
        return None  # "defended his anti-terror measures": one's own policy defended is a statement (CAMEO 01)
    if c.token.lemma_.lower() in DEFENDING_VERBS and not targets and _defends_a_thing(anchor, c.seg, idx):
        return None  # "defended the measures", "helped Taiwan defend itself": no one supported (a statement)
    if code[:2] == INVESTIGATE_ROOT and not targets and _probes_no_wrong(f):
        return None  # "is investigating a problem with the delivery route": no one and no wrong investigated
    if code[:3] in VISIT_CODES | {MEET_CODE} and not c.nominal and _bound_for_nothing(c.prep, c.seg, idx):
        return None  # "lead the Tories by 39% to 34%", "heading for a general election": no one and nowhere visited
    if code[:3] in VISIT_CODES and _travel(anchor, sources, targets, c.seg, idx):
        return None  # "rushed to the church", "after arriving in <a town at home>": travel, not a visit to anyone
    if code == "191" and all(s.code and s.code[3:] in CIVILIAN_SECTORS for s in sources):
        code = "144"  # farmers or protesters blockading roads obstruct passage; armies besiege
    if code[:4] == RELEASE_CODE and not c.nominal and _released_a_thing(anchor, c.seg):
        return None  # "released figures", "an advance text released by officials": no one released
    if lexicon.cameo()[code].plover_type is None:
        return None  # CAMEO 01, public statements, has no PLOVER category
    return replace(f, code=code, negated=negated, sources=sources, targets=targets)


def _bound_for_nothing(prep: Token | None, seg: int, idx: MentionIndex) -> bool:
    """Whether the preposition that made a verb a visit or a meeting ("go to", "arrive for", "lead to") leads to
    neither someone nor a place ("led to the resignation", "heading for a general election", "by 39% to 34%")."""
    if prep is None or prep.dep_ != "prep" or prep.lower_ not in DESTINATION_PREPS:
        return False
    ends = [o for o in prep.children if o.dep_ == "pobj"]
    return bool(ends) and not any((_site(o, seg, idx) or _someone(o, seg, idx)) and (
        o.ent_type_ not in NUMBERS or any(c.dep_ == "prep" and c.lower_ == "of" for c in o.children))
        for o in ends)  # "to 34%" is no one; "to two of the rebels" is


def _travel(verb: Token, sources: tuple[Actor, ...], targets: tuple[Actor, ...], seg: int, idx: MentionIndex) -> bool:
    """Whether a visit goes to no one: only to places in the visitor's own country or to unnamed buildings and
    sites ("rushed to the church"), or, with no target, to a building or site."""
    if not targets:
        return any(_site(o, seg, idx) for o in prep_objects(verb, ("to", "in", "at", "into")))
    home = {s.country for s in sources if s.country}
    return all(t.place is not None and t.country in home or t.entity_id is None and _head_word(t.text) in SITES
               for t in targets)


def _own_cause(verb: Token, seg: int, idx: MentionIndex) -> bool:
    """Whether what a verb supports is the doer's own (a possessive pronoun: "his measures", "its decision",
    "our record", with no other actor named before it that it could stand for) and no one (not a person or an
    actor: "defended his brother" supports him) nor an act ("reiterated its support for the plans":
    the support is the act)."""
    objects = [d for d in verb.children if d.dep_ == "dobj"]
    start = verb.head if verb.dep_ == "conj" else verb
    return bool(objects) and all(
        any(d.dep_ == "poss" and d.lower_ in OWN_PRONOUNS and not _actor_between(start, d, seg, idx)
            for d in o.children)
        and not _someone(o, seg, idx)
        and not any(lexicon.triggers().get((o.lemma_.lower(), pos)) for pos in ("NOUN", "VERB")) for o in objects)


def _called_something(verb: Token, seg: int, idx: MentionIndex) -> bool:
    """Whether a verb says what someone is: an object that is someone (of the pronouns, only "him" or "her": "them"
    and "it" are as often the claims dismissed), and an "as" phrase ("dismissed the Conservatives as a fading
    force")."""
    return any(d.dep_ == "dobj" and _someone(d, seg, idx) and (d.pos_ != "PRON" or d.lower_ in PERSONAL_OBJECTS)
               for d in verb.children) and any(
        d.dep_ == "prep" and d.lower_ == "as" for d in verb.children)


def _defends_a_thing(verb: Token, seg: int, idx: MentionIndex) -> bool:
    """Whether what a verb defends is only things ("the measures", "the decision to honour both men", "the plans
    against criticism") or the doer itself ("defend itself"): no one named is supported. Defending a policy with
    no maker named is the government's or party's own case put (CAMEO 01); PLOVER's SUPPORT defends another."""
    objects = [d for d in verb.children if d.dep_ == "dobj"]
    return bool(objects) and all(o.lower_ in REFLEXIVES or not _someone(o, seg, idx) and not _names_maker(o, seg, idx)
                                 for o in objects)


def _names_maker(noun: Token, seg: int, idx: MentionIndex) -> bool:
    """Whether a noun phrase names an organisation, a country or a people whose policy it may be ("plans to end the
    European Union's arms embargo on China")."""
    return any((m := idx.at(seg, t)) is not None and m.key and m.label in MAKER_LABELS for t in noun.subtree)


def _probes_no_wrong(f: Frame) -> bool:
    """Whether an investigation names what it investigates and that is no wrong and no one: not a crime, a dispute or
    a fight (the verb dictionary's sets), no act of harm (CAMEO 13-20), no allegation or report, nor one of the
    objects of PETRARCH's INVESTIGATE patterns, and no name, person or place in its phrase ("the treatment of the
    Faroe Islands" is kept; "investigating a problem with the delivery route", "investigating the situation" are
    not). An investigation with no object, or with a target, is kept."""
    c = f.trigger
    if c.nominal:
        objects = [d for d in c.token.children if d.dep_ == "compound"] + prep_objects(c.token, PROBED_PREPS)
    else:
        objects = [d for d in f.anchor.children if d.dep_ == "dobj"] + prep_objects(f.anchor, PROBED_PREPS)
    return bool(objects) and not any(_wrong(t) or _concrete(t, c.seg) for o in objects for t in (o, *o.conjuncts))


def _wrong(noun: Token) -> bool:
    return noun.lemma_.lower() in wrongs() or noun.lower_ in wrongs() or harmful(noun)


@cache
def wrongs() -> frozenset[str]:
    """What an investigation of a wrong investigates: the verb dictionary's crimes, disputes and fights, the objects
    of its INVESTIGATE patterns, and what was said against someone (``SAID_NOUNS``: allegations, reports)."""
    words = {w for name in ("crime", "dispute", "fight") for w in dictionaries.synset(name) if " " not in w}
    probed = {w for p in dictionaries.petrarch_patterns().get("INVESTIGATE", ()) for w in p.after}
    return frozenset(words | probed | SAID_NOUNS | WRONG_NOUNS)


def _actor_between(verb: Token, pronoun: Token, seg: int, idx: MentionIndex) -> bool:
    """Whether an actor is named between a verb and a pronoun after it, which the pronoun may stand for ("recognize
    the Somali government and support its efforts")."""
    return any(_someone(t, seg, idx) and t.pos_ != "PRON" for t in verb.doc[verb.i + 1:pronoun.i])


def _hosts_no_one(verb: Token, seg: int, idx: MentionIndex) -> bool:
    """Whether what a verb hosts (its objects) names neither guests nor a meeting (``HOSTED``)."""
    objects = [d for d in verb.children if d.dep_ == "dobj"]
    return bool(objects) and not any(_guest(o, seg, idx) for o in objects)


def _guest(noun: Token, seg: int, idx: MentionIndex) -> bool:
    """Whether a noun phrase's head is a guest or a meeting: someone (``_someone``) or a meeting word."""
    return noun.lemma_.lower() in HOSTED or _someone(noun, seg, idx)


def _someone(noun: Token, seg: int, idx: MentionIndex) -> bool:
    """Whether a noun names someone: a named actor (no place), a proper noun or pronoun, a role word or a person
    or leader (the verb dictionary's sets)."""
    m, lemma = idx.at(seg, noun), noun.lemma_.lower()
    return (m is not None and m.label not in PLACE_LABELS or noun.pos_ in ("PROPN", "PRON")
            or lemma in lexicon.roles() or any(lemma in dictionaries.synset(name) for name in ("people", "leader")))


def _head_word(phrase: str | None) -> str:
    """The last word of a phrase, lower-cased ("the church" → "church")."""
    words = (phrase or "").split()
    return words[-1].lower() if words else ""


def _policy_made_known(f: Frame) -> bool:
    """Whether a plan or policy act is a policy maker's, made known: presented, or announced for the future ("will
    scrap", "is to freeze"), not denied; its doers governments, parties, legislators or named people and
    countries ("Labour", "Mr Brown"), not firms or others ("BT will cut jobs")."""
    c, anchor = f.trigger, f.anchor
    governing = governing_word(anchor)
    if any(d.dep_ == "neg" for d in anchor.children) or auxiliaries(anchor) & OBLIGATION_AUX or (
            governing is not None and governing.lemma_ in NEEDING_VERBS):
        return False  # "will not scrap", "should set out a strategy", "have to drop it": none, or a demand
    if c.entry.pos == "POLICY" and not announced(anchor):
        return False  # "scrapped tuition fees in 1998": done, not made known as policy
    if anchor.dep_ == "ccomp" and anchor.head.lemma_ in ATTRIBUTING_VERBS:
        return False  # "claimed the Tories would cut £35bn": an opponent's charge, not their pledge
    return any(s.code and (len(s.code) == 3 or s.code[3:] in POLICY_MAKERS or s.code[:3] == "IGO")
               for s in f.sources)


def _yet_to_present(verb: Token) -> bool:
    """Whether a plan's presenting is still to come: "will announce their proposals", "hoped to announce them"."""
    return bool(auxiliaries(verb) & FUTURE_AUX) or governing_word(verb) is not None


def _not_reported_as_event(f: Frame) -> bool:
    c, anchor = f.trigger, f.anchor
    if c.nominal and obligation(anchor):
        return True  # "Y must reach an agreement": demanded (coded on the verb), not done
    aux = {d.lower_ for d in anchor.children if d.dep_ == "aux"}
    if aux & COUNTERFACTUAL_AUX and "have" in aux and anchor.tag_ == "VBN":
        return True  # "Russia should have coordinated with the Arabs": it did not
    if speculative(anchor):
        return True  # "insurgents might attack any day", "not known whether they were killed"
    if polled(anchor):
        return True  # "voters would reject the constitution, according to a poll": an opinion measured
    if in_prospect(c.token):
        return True  # "fears of an attack", "little prospect of the US agreeing": supposed, not done
    if unrealised(anchor):
        return True  # "the power to suspend him", "axe jobs to free up money", "a way of recognising"
    if (dated := dated_act(c.token)) is not None and dated.lemma_ in DATING_VERBS:
        return True  # "the news came a day after UKIP suspended him", "follows Bell's accusation": background
    governing = governing_word(anchor)
    if governing is not None and (governing.lemma_ in REFUSAL_VERBS or intent_head(governing) or scheduling(governing)):
        return False  # refused, announced or scheduled: coded as such
    if governing is not None and governing.lemma_ in INTENT_VERBS and obliged(anchor) is None:
        return True  # wished, asked or helped for, or someone has to do it: not (yet) done
    # what is demanded or urged is not (yet) an event: "demanded that Turkey provide …"
    return anchor.dep_ in ("ccomp", "xcomp", "acl") and anchor.head.lemma_ in REQUEST_HEADS


def in_prospect(tok: Token) -> bool:
    """Whether an act is named as what may happen: "of" or "for" after a word of likelihood, hope or fear ("the
    prospect of talks", "fears of an attack by Russia", "room for negotiations", "chances of the US agreeing")."""
    return any(t.dep_ in ("pobj", "pcomp") and t.head.lower_ in ("of", "for")
               and t.head.head.lemma_.lower() in PROSPECT_NOUNS for t in (tok, *ancestors(tok, 3)))


def polled(verb: Token) -> bool:
    """Whether a clause tells what an opinion poll or survey found ("British voters would reject the constitution,
    according to a poll"; "a survey found that most MPs back the ban"; "…, a poll suggests"): opinions counted,
    not acts."""
    def told_by_poll(clause: Token) -> bool:  # "…, a poll suggests", "a survey found that …"
        return any(c.dep_ in ("nsubj", "nsubjpass") and c.lemma_ in POLL_WORDS for c in clause.children)

    for cur in (verb, *ancestors(verb)):
        if any(c.lower_ == "according" and any(p.lemma_ in POLL_WORDS for t in c.children for p in t.children)
               for c in cur.children):
            return True
        if cur.dep_ in ("ccomp", "parataxis") and told_by_poll(cur.head):
            return True
    return any(c.dep_ in ("ccomp", "parataxis") and told_by_poll(c) for c in verb.sent.root.children if c.i > verb.i)


def figurative(f: Frame, idx: MentionIndex) -> str | None:
    """The code of force used on an abstract object: "attacked the government's plans", "launched an attack on
    the cost of asylum" are criticism (111); "fight poverty", "tackle crime" no event (None). So is an attack by
    politicians, officials or civilians where the sentence tells of no weapon, force or harm ("the Tory leader
    attacked Blair over the war"). Force on people, places, forces, weapons and buildings keeps its code."""
    c = f.trigger
    if _labour_strike(f):
        return LABOUR_STRIKE
    if f.code[:2] not in FORCE_ROOTS or c.entry.pos not in ("VERB", "DICT", "NOUN"):
        return f.code
    verbal = c.token.lemma_.lower() in VERBAL_ATTACKS or _on_the_offensive(c.token)
    if c.nominal:
        objects = prep_objects(c.token, ("on", "against"))
    else:
        objects = [d for d in f.anchor.children if d.dep_ == "dobj"] + prep_objects(f.anchor, ("at", "on", "against"))
        if verbal and not objects and any(not _concrete(a, c.seg) for a in prep_objects(f.anchor, ("by",))):
            return None  # "were struck by the level of concern", "hit by the scandal": no force used
    if verbal and _speakers_only(f, idx) and not _harm_told(f.anchor.sent) and not any(
            _site(o, c.seg, idx) for o in objects):
        return "111"
    if not objects or any(_concrete(o, c.seg) for o in objects):
        return f.code
    return "111" if verbal else None


def _released_a_thing(verb: Token, seg: int) -> bool:
    """Whether what a verb of releasing releases is a thing no force holds: a text, figures, a plan ("released a
    statement", "a report released by the Faroe Islands"), not people or property ("released three captives")."""
    released = [d for d in verb.children if d.dep_ in ("dobj", "nsubjpass")]
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        released.append(verb.head)  # "a statement released by the embassy"
    return bool(released) and not any(_concrete(r, seg) for r in released)


def _wanted_of_another(verb: Token) -> bool:
    """A clause with a subject of its own under a verb of wanting: "we need the Lords to set up a committee",
    "they want ministers to resign" (the wanting verb is the request, when its subject is an actor)."""
    children = list(verb.children)
    return verb.head.lemma_ in WANTING_HEADS and verb.dep_ in ("ccomp", "xcomp") and any(
        d.dep_ in SUBJECT_DEPS for d in children) and any(d.dep_ == "aux" and d.lower_ == "to" for d in children)


def _labour_strike(f: Frame) -> bool:
    """ "Workers struck for 48 hours", "union members voted to strike over cuts": "strike" with no object, done by
    workers or other civilians, is a strike (143), not an attack in words or arms."""
    verb = f.trigger.token
    return (verb.lemma_ == "strike" and not f.trigger.nominal and not any(d.dep_ == "dobj" for d in verb.children)
            and bool(f.sources) and all((s.code or "")[3:] in CIVILIAN_SECTORS for s in f.sources))


def _on_the_offensive(noun: Token) -> bool:
    """ "went on the offensive", "is on the offensive": a posture, in words when politicians take it."""
    return noun.lower_ == "offensive" and noun.dep_ == "pobj" and noun.head.lower_ == "on"


def _speakers_only(f: Frame, idx: MentionIndex) -> bool:
    """Whether every doer is one whose attacks are words: a politician, an official, a party, a civilian group,
    an international organisation or a named person — no army, police, rebel, gang or country."""
    subjects = {d.i: d for d in f.anchor.children if d.dep_ in ("nsubj", "nsubjpass", "agent")}
    people = any((m := idx.at(f.trigger.seg, t)) is not None and m.label == "PERSON"
                 for s in subjects.values() for t in s.subtree)
    return bool(f.sources) and all(
        s.code and (s.code[:3] in ("IGO", "NGO") or s.code[3:6] in SPEAKING_SECTORS
                    or len(s.code) == 3 and people and s.place is None)
        for s in f.sources)


def _site(noun: Token, seg: int, idx: MentionIndex) -> bool:
    """Whether a noun names a place or a building ("stormed the palace", "attacked Basra")."""
    m = idx.at(seg, noun)
    return noun.lemma_.lower() in SITES or m is not None and m.label in PLACE_LABELS


def _harm_told(sentence: Span) -> bool:
    """Whether the sentence tells of weapons, armed forces, wounds or deaths."""
    words = harm_words()
    return any(t.lemma_.lower() in words or t.lower_ in words for t in sentence)


@cache
def harm_words() -> frozenset[str]:
    """Weapons, aircraft and armed forces (the verb dictionary's sets) and words of wounds and death."""
    found = {w for name in ("weapon", "aircraft", "military") for w in dictionaries.synset(name) if " " not in w}
    return frozenset(found | HARM)


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
    """An act the text only supposes: under "might", "may", "could" or "can" (unless announced by an intent word:
    "threatened that it could strike"), in a "whether" or "if" complement, in an "if" or "unless" condition or
    the "would" clause that depends on one, or asked in a question."""
    if shared_auxiliaries(verb) & SPECULATIVE_AUX and not (verb.dep_ == "ccomp" and intent_head(verb.head)):
        return True
    if verb.head.lemma_ in PREDICTING_VERBS and not scheduling(verb.head) and (
            verb.dep_ == "ccomp" and verb.tag_ != "VBD" or verb.dep_ == "xcomp" and controller_of(verb) is not None):
        return True  # "analysts expect Iran to attack", "thinks women will back the plans": someone's forecast
    for clause in (verb, *ancestors(verb, 4)):
        if clause.dep_ in ("ccomp", "csubj", "xcomp") and any(
                d.dep_ == "mark" and d.lower_ in UNCERTAIN_MARKS for d in clause.children):
            return True
        if clause.dep_ == "advcl" and any(d.dep_ == "mark" and d.lower_ in CONDITION_MARKS for d in clause.children):
            return True  # "if Iran attacks, …": a condition
        if clause.dep_ == "xcomp" and _hedged(clause.head):
            return True  # "seemed to agree", "are believed to have agreed": supposed, not reported as done
    if auxiliaries(verb) & {"would"} and verb.dep_ != "ccomp" and any(c.dep_ == "advcl" and any(
            d.dep_ == "mark" and d.lower_ in CONDITION_MARKS for d in c.children) for c in verb.children):
        return True  # "unless it is discussed, the EU would never agree": a hypothetical (but a conditional
        # announced by its doer is a threat or a promise: "said it would detain journalists if …")
    return verb.sent.text.rstrip(" \"'”’)").endswith("?") and verb.dep_ == "ROOT"


def _hedged(head: Token) -> bool:
    """Whether a verb hedges the act of its "to"-clause: "seem", "appear", or a passive of supposing ("is believed
    to", "is thought to", "is rumoured to"). A count of those it was done to is hedged, not the act ("at least 20
    civilians are believed to have been killed", "hundreds of migrants are thought to have been detained")."""
    counted = any(d.dep_ in ANY_SUBJECT_DEPS and any(t.like_num or t.lower_ in COUNT_WORDS for t in d.subtree)
                  for d in head.children)
    return not counted and (head.lemma_ in SEEMING_VERBS or head.lemma_ in SUPPOSING_VERBS and any(
        c.dep_ == "auxpass" for c in head.children))


def shared_auxiliaries(verb: Token) -> set[str]:
    """A verb's auxiliaries, or, for a conjunct in the base form with neither auxiliary nor subject of its own,
    those of the verb it is conjoined to ("claiming they can keep the economy sound, increase spending and cut
    taxes"; but "can talk, but attacked" shares nothing)."""
    aux = auxiliaries(verb)
    while not aux and verb.tag_ == "VB" and verb.dep_ in ("conj", "oprd", "acomp") and verb.head.pos_ in (
            "VERB", "AUX") and not any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        verb = verb.head  # ("sound, increase spending": the parser may hang a conjunct on a complement)
        aux = auxiliaries(verb)
    return aux


def describing(token: Token) -> Token | None:
    """The noun a clause the trigger sits in describes, up to the sentence's main clause: a relative clause ("the
    clashes that killed nine policemen", "the security forces, who used tear gas") or a noun's clause ("the
    U.S. decision to re-establish ties", "signs of the two nations opening trade relations"); else None. A
    passive participle stays news ("citizens killed by drones"): it reports the act, not the noun. An act under a
    time word is read by ``dated_act`` alone, wherever the parser hangs its phrase ("rejected pressure to change
    their position after vetoing a resolution": "after" hung on "change")."""
    for t in (token, *ancestors(token, 8)):
        if _under_time_word(t):
            return None
        if t.dep_ == "relcl" or t.dep_ == "acl" and t.tag_ != "VBN":
            return t.head
    return None


def _under_time_word(t: Token) -> bool:
    """Whether ``t`` is the object of a time word's preposition ("after vetoing", "during the visit")."""
    return t.dep_ in ("pobj", "pcomp") and t.head.dep_ == "prep" and t.head.lower_ in TIME_ANCHORS


def dated_act(token: Token) -> Token | None:
    """The verb of the act that a trigger's clause or phrase dates, up to the sentence's main clause: a clause or
    noun under a time word (``TIME_ANCHORS``: "since Israel launched its offensive"), a gerund under one with a
    time measure ("voted a day after signing a treaty"; the doer's acts in sequence, "rejected pressure after
    vetoing a resolution", are both news) or the object of "follows"; else None. Such an act is background to
    the news when the sentence codes the news too, and always when the news is only that something came or
    followed (``DATING_VERBS``)."""
    for t in (token, *ancestors(token, 8)):
        if t.dep_ == "advcl" and any(d.dep_ == "mark" and d.lower_ in TIME_ANCHORS for d in t.children):
            return t.head
        if _under_time_word(t):
            prep = t.head
            measured = prep.head.dep_ == "npadvmod" or any(c.dep_ == "npadvmod" for c in prep.children)
            if t.dep_ == "pobj" or measured:  # "a day after signing a treaty"; "rejected … after vetoing" tells both
                return prep.head.head if prep.head.dep_ == "npadvmod" else prep.head
        if t.dep_ == "dobj" and t.head.lemma_ in DATING_VERBS:
            return t.head
    return None


def unrealised(verb: Token) -> bool:
    """A verb in a clause that names a power, a manner or the purpose of an act not done rather than a deed:
    a "to"-clause that modifies a noun ("the power to suspend", "plans to axe"), the purpose of an act that is
    itself only planned, announced or supposed ("plans to axe jobs to free up money"; but the purpose of a deed
    is coded with it: "opened the bridge to allow the delivery of aid", "summoned the ambassador to complain"),
    or a gerund after "for", "about", "without", "of", "against" or "from" ("a way of recognising", "warned Kyiv
    against joining NATO", "barred him from meeting rebels", "was accused of killing civilians"; but "guilty of
    violating the ceasefire" and "convicted of killing" state the deed), or after "with" on a charge ("charged
    with killing protesters"). Gerunds after "after", "before", "by"
    or "in" are deeds ("after vetoing")."""
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        return unrealised(verb.head)  # "the power to suspend or bar him": both verbs are in the clause
    if _has_to(verb) and (verb.dep_ == "acl" or verb.dep_ == "relcl" and verb.head.lemma_ in QUANTITY_HEADS):
        # "the power to suspend", "had a lot to offer" (the parser calls the second a relative clause); but "the
        # first country to recognise Kosovo" did it
        return not any(c.lower_ in RANKING_WORDS for c in verb.head.children)
    if verb.dep_ == "advcl" and _has_to(verb):
        head = verb.head
        if intent_head(head) or head.lemma_ in INTENT_VERBS | REFUSAL_VERBS | ASPECT_VERBS:
            return False  # "vowed to", "refused to": coded as announced or refused
        return not _done(head)
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and verb.head.lower_ == "with":
        return verb.head.head.lemma_ in ALLEGING_WORDS  # "charged with killing": alleged
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and verb.head.lower_ in UNDONE_GERUND_PREPS:
        judged = verb.head.head  # "guilty of", "convicted of" state the deed; "accused of" alleges it
        return not (verb.head.lower_ == "of" and judged.tag_ in ("JJ", "VBN") and judged.lemma_ not in ALLEGING_WORDS)
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
    """ "Israel denied that its troops attacked the convoy", "denies having accused Germany", "denied reports
    that it paid a ransom": the denied act did not happen, says the text."""
    if verb.dep_ in ("acl", "ccomp") and verb.head.lemma_.lower() in SAID_NOUNS:
        verb = verb.head  # "denied reports that it paid a ransom"
    return verb.head.lemma_ in DENIAL_VERBS and (
        verb.dep_ == "ccomp" or verb.dep_ in ("xcomp", "dobj", "pcomp") and verb.tag_ in ("VBG", "VBN")
        or verb.dep_ == "dobj" and verb.lemma_.lower() in SAID_NOUNS)


def cessation_of(f: Frame) -> Token | None:
    """The verb that stops a verbal trigger's act ("stopped supplying gas", "ceased firing", "will stop
    cooperating"), past verbs of aspect; None for acts not stopped and for nominal triggers (their "EASE" rows)."""
    if f.trigger.nominal:
        return None
    cur = f.anchor
    for _ in range(3):
        if cur.dep_ != "xcomp" or cur.head.i == cur.i:
            return None
        if cur.head.lemma_ in CESSATION_VERBS:
            return cur.head
        if cur.head.lemma_ not in ASPECT_VERBS:
            return None
        cur = cur.head
    return None


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
    to do is always an intent to cooperate ("agreed to suspend enrichment"), what one threatens to do a threat."""
    root = code[:2]
    if head.lemma_ in AGREEING_HEADS:
        return INTENT_OF_ROOT.get(root, INTENT_CODE)
    if head.lemma_ == "threaten":
        return THREAT_OF_ROOT.get(root, "130")  # whatever is threatened is a threat ("threatened to send him home")
    if root in THREAT_OF_ROOT:
        return "150" if head.lemma_ in ("prepare", "poised") and root in ("18", "19", "20") else THREAT_OF_ROOT[root]
    return INTENT_OF_ROOT.get(root, code)


def _demanded_done(verb: Token) -> bool:
    """Whether an obligation in reported speech demands that something be done, whoever does it: a passive with a
    thing as its subject ("a national body should be set up, MPs said", "the law must be changed")."""
    subj = next((d for d in verb.children if d.dep_ == "nsubjpass"), None)
    return subj is not None and subj.pos_ in ("NOUN", "PROPN")


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
    if announced(verb):
        return INTENT_OF_ROOT.get(code[:2]) or THREAT_OF_ROOT.get(code[:2]) or code, None
    if nominal:
        return code, None
    clause = obliged(verb)
    if clause is not None:
        return "100", speaker_of(clause)  # with no speaker found, no one's demand (and no deed)
    return code, None


def obliged(verb: Token) -> Token | None:
    """The clause of reported speech that says an act must be done ("X said Y must withdraw", "X said Y has to
    withdraw", "X said it was time for Y to withdraw"), or None."""
    if (time_clause := said_time_for(verb)) is not None:
        return time_clause  # "said it was time for Y to act"
    governing = governing_word(verb)
    clause = governing if governing is not None and governing.lemma_ == "have" else verb
    if clause is verb and not auxiliaries(verb) & OBLIGATION_AUX or auxiliaries(clause) & FORECAST_AUX:
        return None  # (Y "may have to" do it: a forecast)
    return clause if clause.dep_ == "ccomp" and clause.head.lemma_ in SPEECH_VERBS else None


def announced(verb: Token) -> bool:
    """Whether a clause announces its act for the future: under "will", "would" or "shall", or in the "to"-clause
    of a word that schedules it ("are to stage a rally", "is due to hold talks", "is set to expel"); a nominal
    event announced so too ("will launch an offensive")."""
    if auxiliaries(verb) & FUTURE_AUX:
        return True
    return scheduling(governing_word(verb))


def scheduling(head: Token | None) -> bool:
    """Whether a word schedules the act of its "to"-clause: "is to", "is due to", "is set to", "is going to", "is
    expected to" (but "analysts expect Iran to attack" is their prediction)."""
    if head is None or not (head.lemma_ in SCHEDULING_HEADS or head.lower_ in SCHEDULING_HEADS):
        return False
    return head.lemma_ != "expect" or any(c.dep_ == "auxpass" for c in head.children)


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
