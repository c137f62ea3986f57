"""Pass 1, triggers: the words of a sentence that carry an event, with the lexicon entry that codes them.

A trigger is a verb lemma of our table (with the particle or preposition it needs: "call for"), a verb whose
object decides the act ("withdraw peacekeepers", "block roads"), a nominal trigger ("onslaught", "talks"), a
noun undone by its verb ("lifted the blockade", "called off the strike"), an obligation in reported speech
("X said Y must …"), an evaluative word in what a speaker said ("told Medvedev that his calls were futile"),
a request to someone ("encouraged Iran to accept"), or a verb of PETRARCH2's dictionary, by the most specific
of its block's patterns or by the block's own code."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token

from transforms import lexicon
from transforms.lexicon import dictionaries
from transforms.syntax import SPEECH_VERBS, auxiliaries, conditional, is_temporal, is_to_clause, prep_objects

LIGHT_VERBS = frozenset(
    {"hold", "launch", "stage", "carry", "conduct", "mount", "impose", "make", "begin", "start", "resume",
     "step", "announce", "sign", "reach", "issue", "open", "continue", "intensify", "renew", "level", "lodge",
     "order", "extend", "prolong", "declare", "wage", "organise", "organize", "unleash", "perpetrate", "initiate",
     "undertake", "stag"}  # the small model lemmatises "staged" as "stag"
)
# Verbs that undo what their object names: with them a nominal trigger is read from its "EASE" entry.
EASING_VERBS = frozenset({"lift", "ease", "end", "remove", "relax", "scrap", "drop", "loosen", "rescind", "revoke",
                          "halt", "stop", "suspend", "abandon", "cancel", "cut"})
SEEKING_VERBS = frozenset({"seek"})  # with a "to"-clause, an intent ("try", "attempt" are no event of their own)
INTENT_CODE = "030"  # CAMEO's intent to cooperate, unspecified
OBLIGATION_AUX = frozenset({"must", "should"})
FUTURE_AUX = frozenset({"will", "would", "shall", "'ll"})
FORECAST_AUX = frozenset({"may", "might", "could", "would"})  # "may have to": what may come, not what is demanded
COUNTERFACTUAL_AUX = frozenset({"should", "could", "would", "might", "must", "ought"})
TESTED_WEAPONS = frozenset({"missile", "rocket", "weapon", "warhead", "bomb", "device"})
TEST_MODIFIERS = TESTED_WEAPONS | {"missiles", "weapons", "nuclear"}  # "a missile test", "a nuclear test"
SHOW_OF_FORCE = "150"  # CAMEO: demonstrate military or police power
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


# Parts of speech no trigger has (triggers are verbs, nouns, adjectives of evaluation, and words the small model
# sometimes tags otherwise: "Clashes" opening a sentence as a proper noun, "ready" as an adverb); a proper noun
# inside a sentence is part of a name.
NEVER_TRIGGERS = frozenset({"DET", "PUNCT", "NUM", "PRON", "CCONJ", "SCONJ", "PART", "SYM", "SPACE", "X", "INTJ",
                            "ADP"})
# Verbs that state a stance named by their object ("voiced support", "expressed opposition", "threw its backing
# behind"); not those that promise it ("pledged support", "offered support": an intent, the dictionary's code).
EXPRESSING_VERBS = frozenset({"express", "voice", "declare", "reiterate", "reaffirm", "restate", "repeat", "announce",
                              "state", "signal", "reveal", "register", "convey", "underline", "stress", "show",
                              "give", "lend", "throw", "extend", "confirm", "indicate"})
# A government's or party's policy made known (CAMEO 0342, intent to change policy): a plan presented ("unveiled
# plans to cut taxes", "set out proposals") or, announced for the future, a policy act ("will scrap tuition fees",
# "is to freeze petrol duty"; the modality pass keeps only those, and only by a policy maker).
POLICY_CODE = "0342"
PRESENTING_VERBS = frozenset({"unveil", "announce", "publish", "outline", "present", "table", "launch", "propose",
                              "reveal", "set out", "put forward", "draw up", "bring forward"})
PLAN_NOUNS = frozenset({"plan", "proposal", "policy", "reform", "measure", "package", "bill", "scheme", "strategy",
                        "blueprint", "initiative", "legislation", "programme", "program", "idea"})
POLICY_VERBS = frozenset({"scrap", "abolish", "introduce", "freeze", "cut", "increase", "reduce", "ban", "extend",
                          "reform", "overhaul", "create", "establish", "change", "cap", "axe", "expand", "tighten",
                          "toughen", "replace", "double", "halve", "privatise", "privatize", "nationalise",
                          "nationalize", "lower", "restore", "outlaw", "legalise", "legalize", "reverse", "bring in",
                          "set up", "phase out"})
PLANNED_TOWARDS_OTHERS = frozenset({"04", "18", "19", "20"})  # a plan's act of meeting or force: aimed at others
# A policy maker dropping a plan of its own climbs down (CAMEO 080, yield): "dropped its plans for ID cards".
ABANDONING_VERBS = frozenset({"drop", "abandon", "shelve", "scrap", "ditch", "axe", "dump", "jettison", "withdraw",
                              "water down"})
CLIMBDOWN_CODE = "080"
OWN_POSSESSIVES = frozenset({"its", "their", "his", "her", "our", "my"})
UNDERGOING_VERBS = frozenset({"come", "be", "remain", "fall", "stay"})  # "came under attack", "is under pressure"
VERB_KINDS = frozenset({"VERB", "DICT", "REQ"})  # verbs of our table, coded by the dictionary, asking someone
# Verbs that ask their object to do what their "to"-clause says ("urged Iran to negotiate"; not "call": "called
# Yang Jiechi to discuss …" is a phone call, "called on Israel to …" a request, coded by its own entry).
REQUESTING_VERBS = frozenset(
    {"urge", "ask", "appeal", "press", "push", "persuade", "convince", "encourage", "invite", "advise",
     "instruct", "tell", "pressure", "lobby", "implore", "beg", "exhort", "remind", "plead", "challenge",
     "request", "entreat", "prod"}
)
HARM_ROOT = "13"  # CAMEO roots from here on are harm done or threatened: threats, protests, force, sanctions, violence
CLAUSE_DEPS = frozenset({"advcl", "ccomp", "xcomp"})
UNCERTAIN_MARKS = frozenset({"whether", "if"})
WH_TAGS = frozenset({"WDT", "WP", "WP$", "WRB"})  # "how", "why", "what", "which", "who"
NAMED_ACTOR_TYPES = frozenset({"GPE", "NORP", "ORG", "PERSON"})
STATE_VERBS = frozenset({"be", "become", "feel", "have", "remain", "stay", "come", "seem", "look", "get"})
WANTING_VERBS = frozenset({"want"})  # wanting someone else to act is asking it of them: "wants Pakistan to stop"
ASKING_VERBS = REQUESTING_VERBS | WANTING_VERBS
# Words that make what follows them a time anchor for the news: a noun event ("following Blunkett's resignation",
# "since the invasion", "during Cameron's visit", "amid protests": the circumstance of the news, not news of its
# own; so is "prior to" a noun event) or a clause ("after Liberals demanded …": ``anchor_clause``; "a day after
# signing a treaty": ``modality.dated_act``).
# A noun event after "about" is the topic of what is said or written ("a book about his resignation").
TIME_ANCHORS = frozenset({"following", "after", "since", "before", "until", "during", "amid", "amidst"})
ANCHOR_PREPS = TIME_ANCHORS | {"about"}
CLAUSE_ANCHORS = frozenset({"after", "since"})  # marks of an adverbial clause that dates the news by an earlier deed
SHOWING_VERBS = frozenset({"demonstrate"})  # with an object or a clause: to show, not to protest
MENTAL_VERBS = frozenset({"think", "realise", "realize", "understand", "recognise", "recognize", "remember",
                          "reflect", "learn", "know", "appreciate", "believe", "feel", "wonder", "worry", "care"})
BACKING_VERBS = frozenset({"back", "support", "sponsor", "endorse", "favour", "favor"})
PAST_MARKS = frozenset({"previously", "formerly", "originally", "initially"})  # an act told as done before the news
# Verbs whose event sense takes an object ("recognised Kosovo"); with a "that"-clause instead they state an opinion
# ("the United States recognizes that the community needs …"), CAMEO 01.
COMPLEMENT_DEPS = frozenset({"oprd", "xcomp", "ccomp", "acomp"})  # what an object is called or made
CONCURRING_VERBS = frozenset({"agree", "disagree"})
SETTLING_PREPS = frozenset({"on", "upon", "to"})  # "agreed on a ceasefire", "agreed to the plan"
VIEW_PREPS = frozenset({"with", "about"})  # "agreed with his view", "agreed about what happened"
OBJECT_SENSE_VERBS = frozenset({"recognize", "recognise", "acknowledge", "accept", "admit", "concede"})
CLAUSES_OF_BACKGROUND = frozenset({"relcl", "advcl", "acl"})
COMMENT_VERBS = frozenset({"say", "comment", "confirm", "disclose", "reveal", "elaborate", "answer", "speculate",
                           "specify", "name", "discuss", "give", "explain", "identify", "respond", "detail", "deny"})
NOT_A_VERB_DEPS = frozenset({"dobj", "nsubj", "nsubjpass", "pobj", "amod", "prep", "agent", "mark", "case"})
PHRASE_BREAKS = frozenset({"relcl", "acl", "advcl", "conj", "cc", "appos", "prep", "punct", "ccomp", "xcomp"})
# Verbs whose sense lies in their object: coded by the dictionary's patterns only, never by its block's code.
GENERAL_VERBS = frozenset("take make give get have do go come put set keep hold run turn bring see find leave work "
                          "play move show call look use carry stand raise lead follow pass reach".split())


@dataclass(frozen=True)
class Candidate:
    """A trigger found in a sentence, before its roles and mode are known."""

    seg: int
    token: Token  # the trigger word
    entry: lexicon.Trigger  # its entry; the kind in ``entry.pos``: VERB, NOUN, EASE, OBJ, ADJ, WRONG, MUST (see
    # ``lexicon.Trigger``), REQ (a request to someone), DICT (a dictionary verb coded by its block alone)
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
        if kind in ("OBJ", "STANCE", "PLAN", "CLIMBDOWN"):
            return f"{tok.text} {self.obj.text}"
        return tok.text if self.prep is None else f"{tok.text} {self.prep.text}"


def find_triggers(seg: int, tokens: Doc | Span) -> list[Candidate]:
    """Every trigger of a paragraph or sentence, in text order, with what is plainly not an event left out."""
    found = []
    for tok in tokens:
        if tok.pos_ in NEVER_TRIGGERS or tok.pos_ == "PROPN" and not tok.is_sent_start:
            continue  # a quick test: most words of a sentence are determiners, names, numbers and punctuation
        candidate = _candidate(seg, tok)
        if candidate is not None and not _not_an_event(candidate):
            found.append(candidate)
    return found


def _candidate(seg: int, tok: Token) -> Candidate | None:
    """The most specific reading of a word: an evaluation in reported speech, a verb whose object decides the
    act, a verb or noun of our table, the dictionary's patterns, an obligation, else the dictionary's code for
    the verb in a main clause. (Of such verbs in subordinate clauses — "advice to increase", "how the Lords
    interacts" — none of the hand-judged events was right, 0 of 7; their code still says what a governing verb
    asks or agrees to, ``lexical_code``.) Our table overrides the dictionary, except that a pattern may make a
    verb of ours more specific within its PLOVER type, or mark a sense of it that is no event ("rejected the
    reports" is a denial, 016)."""
    hit = evaluation(tok)
    if hit is not None:
        return Candidate(seg, tok, hit[0], anchor=hit[1])
    hit = object_trigger(tok) or stance(tok) or dropped_plan(tok) or requested_of(tok)
    if hit is not None:
        return Candidate(seg, tok, hit[0], anchor=tok, obj=hit[1])
    hit = tried(tok) or word_trigger(tok)
    pattern = dictionary_pattern(tok) if hit is None or hit[0].pos == "VERB" and not hit[0].with_ else None
    # the dictionary's own reading of a plan presented wins, unless the plan is to meet or to use force
    plan = presented_plan(tok) if hit is None else None
    if pattern is not None and (hit is None or _refines(pattern[0].code, hit[0].code)) and (
            plan is None or _has_type(pattern[0].code) and planned_act(plan[1]) is None):
        entry, prep = pattern
        return Candidate(seg, tok, entry, anchor=tok, prep=prep) if _has_type(entry.code) else None
    if plan is not None:
        return Candidate(seg, tok, plan[0], anchor=tok, obj=plan[1])
    if hit is not None:
        return Candidate(seg, tok, hit[0], anchor=tok, prep=hit[1])
    hit = obligation(tok) or policy_act(tok) or (dictionary_verb(tok) if main_clause(tok) else None)
    if hit is not None:
        return Candidate(seg, tok, hit[0], anchor=tok, prep=hit[1])
    return None


def tried(verb: Token) -> tuple[lexicon.Trigger, None] | None:
    """ "seeking to amend the bill", "sought to sell its policies": seeking to do something is an intent to do it
    (CAMEO 030, as PETRARCH's SEARCH verbs), not a request; coded so when what is sought has no code of its own
    (``_not_an_event``)."""
    if verb.lemma_ not in SEEKING_VERBS or not any(is_to_clause(d) for d in verb.children):
        return None
    return lexicon.Trigger(verb.lemma_, "VERB", "", INTENT_CODE, False), None


def _has_type(code: str) -> bool:
    return bool(code) and lexicon.cameo()[code].plover_type is not None


def _refines(pattern_code: str, ours: str) -> bool:
    """Whether a dictionary pattern's code may stand for our table's: it makes no event (a sense that is no
    event) or it is of the same PLOVER type."""
    return not _has_type(pattern_code) or lexicon.cameo()[pattern_code].plover_type == lexicon.cameo()[ours].plover_type


def _not_an_event(c: Candidate) -> bool:
    """Triggers that the words around them rule out before any role is looked for."""
    tok, entry = c.token, c.entry
    if entry.pos in VERB_KINDS and undoes(tok) and any(
            d.dep_ == "dobj" and lexicon.triggers().get((d.lemma_.lower(), "EASE")) for d in tok.children):
        return True  # "suspended talks": the noun's entry (halt negotiations) says it better
    if entry.pos in VERB_KINDS and tok.lemma_ in LIGHT_VERBS and not obligation(tok) and any(
            d.dep_ == "dobj" and names_act(d) for d in tok.children):
        # "imposed sanctions", "signed an accord", "conducted a joint operation": the noun names the act (but
        # "said Y must reach an agreement" is a demand, coded on the verb)
        return True
    if entry.pos in VERB_KINDS and event_noun(tok):
        return True  # "an Israeli air strike hit a house": the strike is the event (coded on the noun)
    if entry.pos in VERB_KINDS and tok.lemma_ in UNDERGOING_VERBS and any(
            p.dep_ == "prep" and p.lower_ == "under" and any(names_act(o) for o in p.children if o.dep_ == "pobj")
            for p in tok.children):
        return True  # "troops came under attack", "came under pressure": the noun's event is undergone
    if c.nominal and tok.text[:1].isupper() and not tok.is_sent_start:
        return True  # part of a name: "Live Aid", "Operation Desert Storm"
    if c.nominal and any(d.dep_ == "det" and d.lower_ in ("any", "no", "every") for d in slot_of(tok).children):
        return True  # "any Israeli strike", "no talks": not an act that took place
    if conditional(tok):
        return True  # "unless Washington lifted its sanctions": a condition, not an event
    if tok.lower_ == "opposed" and tok.i > 0 and tok.nbor(-1).lower_ == "as" and any(
            d.lower_ == "to" for d in tok.children):
        return True  # "as opposed to": a comparison
    if entry.pos in VERB_KINDS and intent_head(tok) and any(
            is_to_clause(d) and lexical_code(d, dictionary=False) for d in tok.children):
        # "vowed to fight": the act intended is coded, as a threat or an intent (but a dictionary verb alone codes
        # no act in a subordinate clause: "pledged to boost pensions" is the pledge's)
        return True
    aux = {d.lower_ for d in c.anchor.children if d.dep_ == "aux"}
    if aux & COUNTERFACTUAL_AUX and "have" in aux and c.anchor.tag_ == "VBN":
        return True  # "Russia should have coordinated with the Arabs": it did not
    if c.nominal and time_anchor(tok) or not c.nominal and (described(tok) or earlier_deed(tok) or anchor_clause(tok)):
        return True
    if done_before(tok) or done_before(c.anchor):
        return True  # "previously accused of terrorist offences": background
    if entry.pos in VERB_KINDS and entry.code == "041" and _names(tok):
        return True  # "called the rebate unjustified", "called him a liar": naming, not a telephone call
    if entry.pos in VERB_KINDS and tok.lemma_.lower() in OBJECT_SENSE_VERBS and any(
            d.dep_ == "ccomp" for d in tok.children) and not any(d.dep_ == "dobj" for d in tok.children):
        return True  # "recognizes that …": an opinion stated, not recognition of anyone
    if entry.pos in VERB_KINDS and tok.lemma_ in SHOWING_VERBS and any(
            d.dep_ in ("dobj", "ccomp") for d in tok.children):
        return True  # "demonstrated that we can win", "demonstrated the potential": showing, not a protest
    if not c.nominal and tok.lemma_ == "debate" and not prep_objects(tok, ("with",)):
        return True  # "when the Bill is debated in the Commons", "Congress is debating a bill": deliberation
    if tok.lemma_ == "take" and any(d.dep_ == "dobj" and d.lemma_ == "part" for d in tok.children):
        return True  # "took part in talks", "ruled out taking part in a debate": what one takes part in is the act
    if entry.pos in VERB_KINDS and tok.lemma_ in CONCURRING_VERBS and _shares_view(tok):
        return True  # "agreed with Dr Fox's view", "did not agree with politicians who …", "agreed he was brilliant"
    if entry.pos in VERB_KINDS and tok.dep_ == "xcomp" and tok.lemma_ in COMMENT_VERBS and _declines_comment(tok.head):
        return True  # "refused to detail the deal": the comment declined is no act either
    return entry.pos in VERB_KINDS and (_declines_comment(tok) or _comment_not_act(tok))


def _shares_view(verb: Token) -> bool:
    """Whether "agree" says who shares a view, not that anyone settles or accepts anything: with a "that"-clause
    that tells of no act ("agreed (that) he was brilliant"; "agreed that talks should resume" is an agreement)
    or "with"/"about" someone or something ("agreed with Dr Fox's view",
    "agreed about what happened in practice"), and no "to"-clause, object or "on"/"to" phrase ("agreed with Italy
    to share research", "agreed a deal", "agreed on a ceasefire", "agreed to the plan" are agreements)."""
    children = list(verb.children)
    if any(is_to_clause(d) or d.dep_ == "dobj" or d.dep_ == "prep" and d.lower_ in SETTLING_PREPS for d in children):
        return False
    return any(d.dep_ == "ccomp" and not _clause_triggers(d) or d.dep_ == "prep" and d.lower_ in VIEW_PREPS
               for d in children)


def time_anchor(noun: Token) -> bool:
    """ "following David Blunkett's resignation", "since the invasion", "prior to the talks": an earlier or later
    act that dates the news; "rumours about his resignation": the topic of words. Not news of its own."""
    slot = slot_of(noun)
    return slot.dep_ == "pobj" and (slot.head.lower_ in ANCHOR_PREPS
                                    or slot.head.lower_ == "to" and slot.head.head.lower_ == "prior"
                                    or slot.head.lower_ == "into" and _investigation(slot.head.head))


def _investigation(head: Token) -> bool:
    """ "an inquiry into the riots", "the public inquiry he led into a string of race riots": what an inquiry looks
    into is its topic (the verb dictionary's set of investigations)."""
    if head.dep_ in ("relcl", "acl"):
        head = head.head
    investigations = dictionaries.synset("investigation")
    return head.lemma_.lower() in investigations or head.lower_ in investigations


def done_before(tok: Token) -> bool:
    """An act marked as done before ("previously accused of terrorist offences", "formerly detained", "was welcomed
    at the time by Beijing"): background."""
    return any(d.dep_ == "advmod" and d.lower_ in PAST_MARKS or _at_the_time(d) for d in tok.children)


def _at_the_time(prep: Token) -> bool:
    """ "at the time", "at that time" alone (not "at the time of the summit"): the time of an earlier story."""
    return prep.dep_ == "prep" and prep.lower_ == "at" and any(
        p.lower_ == "time" and [x.lower_ for x in p.children] in (["the"], ["that"]) for p in prep.children)


def _names(verb: Token) -> bool:
    """Whether "call" says what something is ("called the rebate unjustified", "called him a liar") rather than
    whom it phones ("called UAE counterpart Sheikh Khalifa", which the parser may read as a complement alone)."""
    has_object = any(d.dep_ == "dobj" for d in verb.children)
    return any(d.dep_ in COMPLEMENT_DEPS and (d.dep_ != "oprd" or has_object or d.pos_ == "ADJ")
               for d in verb.children)


def anchor_clause(verb: Token) -> bool:
    """A clause introduced by "after" or "since" dates the news by an earlier deed ("came days after parliament
    approved the reforms", "killed since Israel launched its operations"): background, as the noun events after
    those words are. (Other acts that date the news are background only beside it: ``modality.dated_act``.)"""
    clause = verb.head if verb.dep_ == "conj" else verb
    return clause.dep_ == "advcl" and any(d.dep_ == "mark" and d.lower_ in CLAUSE_ANCHORS for d in clause.children)


def described(verb: Token) -> bool:
    """A participle used as an adjective describes a noun ("declining membership", "the detained activist", "a
    proposed expansion", also conjoined to another modifier: "an ageing and declining membership"), and so does
    a participle of backing after its noun ("Shiite forces backed by Iran", "plans, backed by the UK, to lift the
    embargo"): a standing relation, no act is reported."""
    modifier = verb.dep_ == "amod" or verb.dep_ == "conj" and verb.head.dep_ == "amod"
    backing = verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.lemma_ in BACKING_VERBS
    return (modifier or backing) and verb.pos_ != "ADJ"  # (an evaluative adjective is read by ``evaluation``)


def earlier_deed(verb: Token) -> bool:
    """A past perfect in a relative or adverbial clause tells what had happened before the news ("Wang Yi, who had
    visited Switzerland last month, told …"): background. (Reported speech keeps it: "said it had killed 20
    militants" is the news, backshifted.)"""
    clause = verb.head if verb.dep_ == "conj" else verb
    return verb.tag_ == "VBN" and "had" in auxiliaries(verb) and clause.dep_ in CLAUSES_OF_BACKGROUND


def _declines_comment(verb: Token) -> bool:
    """ "refused to say", "declined to comment": CAMEO's declining comment (011), a statement, not a rejection."""
    return verb.lemma_ in ("refuse", "decline", "fail") and any(
        is_to_clause(d) and d.lemma_ in COMMENT_VERBS for d in verb.children)


# Dismissing, rejecting or denying one of these is a statement about words (CAMEO 010/016), not a rejection of
# anyone's act: the nouns of PETRARCH's DISMISS patterns coded 01, and their near kin.
DISMISSING_VERBS = frozenset({"dismiss", "reject", "deny", "refute", "rebut", "brush", "shrug", "play"})
SAID_NOUNS = frozenset(
    "speculation accusation allegation assertion charge report claim suggestion talk fear rumour rumor criticism "
    "comment remark jibe notion".split())


# Giving, delivering or presenting one of these is speech, not aid or a promise of it.
GIVING_VERBS = frozenset({"give", "deliver", "provide", "offer", "present", "hand", "make", "issue"})
SPEECH_NOUNS = frozenset(
    "speech address lecture statement message verdict ruling judgment judgement budget evidence testimony interview "
    "briefing details detail information answer answers explanation account assessment presentation sermon "
    "condolence condolences view views opinion reason reasons update overview figures commentary".split())


def _giving_words(verb: Token, objects: list[Token]) -> bool:
    """Whether what a giving verb gives is words ("gave evidence", "delivered a speech", "provided no details")."""
    return any(o.lemma_.lower() in SPEECH_NOUNS or o.lower_ in SPEECH_NOUNS for o in objects if o.dep_ == "dobj")


def _comment_not_act(verb: Token) -> bool:
    """Speech that is not an act towards anyone: dismissing or denying what was said ("dismissed the talk of
    splits", PETRARCH's DISMISS + CLAIM, 016), "warned of the dangers", "warned (that) costs could rise" (a
    pessimistic comment, CAMEO 012) unless someone is warned; "asked" as a question put ("Asked if he would …",
    "… he asked") unless someone is asked for something."""
    objects = [d for d in verb.children if d.dep_ in ("dobj", "dative")]
    if verb.lemma_ in DISMISSING_VERBS and any(o.lemma_.lower() in SAID_NOUNS for o in objects):
        return True  # "dismissed the talk of splits", "denied suggestions": a denial (CAMEO 01), no rejection
    if verb.lemma_ in GIVING_VERBS and _giving_words(verb, objects):
        return True  # "delivered the Budget", "gave evidence to the inquiry", "offered his condolences": speech
    if verb.lemma_ == "warn":
        return not objects or _foretells(verb)
    if verb.lemma_ == "ask":
        if any(o.lemma_.lower() == "question" for o in objects) or _asks_whether(verb):
            return True  # "asked 2,234 adults the same question", "asked Mr Brown whether …": a question put
        asked_for = any(d.dep_ == "prep" and d.lower_ == "for" for d in verb.children)
        return not asked_for and (not objects or verb.dep_ == "advcl" and verb.tag_ == "VBN") and not any(
            is_to_clause(d) for d in verb.children)
    return False


def _asks_whether(verb: Token) -> bool:
    """Whether "ask" puts a question: a clause under "whether" or "if", or a "wh"-word ("asked Mr Brown whether the
    Treasury had leaned on the ONS", "asked how Labour would fund it")."""
    return any(d.dep_ == "ccomp" and any(m.lower_ in UNCERTAIN_MARKS or m.tag_ in WH_TAGS for m in d.children)
               for d in verb.children)


def _foretells(warning: Token) -> bool:
    """Whether someone is warned of what may come, not threatened: a "that"-clause that tells of no act of harm and
    of nothing someone will or must do ("warning MSPs that Scotland may have to accept wind farms", "warned Labour
    they were in danger of pandering to prejudice": a pessimistic comment, CAMEO 012). "Warned Hamas that its camps
    would be bombed" and "warned Qatar that it will close its borders" are threats."""
    clauses = [d for d in warning.children if d.dep_ == "ccomp"]
    return bool(clauses) and not any(_announced_by_name(clause) or _tells_of_harm(clause) for clause in clauses)


def _tells_of_harm(clause: Token) -> bool:
    """Whether a clause holds a word or a trigger of harm done or threatened (CAMEO 13-20), whatever its mode
    ("that detention on the spot is a possibility if they publish")."""
    return any(harmful(t) or t.lemma_.lower() in harm_nouns() for t in clause.subtree) or any(
        c.code[:2] >= HARM_ROOT for c in _clause_triggers(clause))


@cache
def harm_nouns() -> frozenset[str]:
    """Words of force and confinement: the verb dictionary's sets of weapons, fights and detention."""
    return frozenset(w for name in ("weapon", "fight", "detention") for w in dictionaries.synset(name) if " " not in w)


def _clause_triggers(clause: Token) -> list[Candidate]:
    """The triggers of the words a clause spans."""
    return find_triggers(0, clause.doc[clause.left_edge.i:clause.right_edge.i + 1])


def _announced_by_name(clause: Token) -> bool:
    """Whether a clause tells what someone named or spoken of will or must do ("warned Qatar that it will cut off its
    borders", "that Finland will not tolerate …", "warned ministers that they should prepare for substantial
    rewriting"): an act announced or demanded, not a forecast ("that costs could rise")."""
    return bool(auxiliaries(clause) & (FUTURE_AUX | OBLIGATION_AUX)) and any(
        d.dep_ == "nsubj" and (d.tag_ == "PRP" or d.pos_ == "PROPN") for d in clause.children)


def harmful(tok: Token) -> bool:
    """Whether a word carries harm done or threatened (CAMEO 13-20: threats to mass violence)."""
    if tok.pos_ not in ("VERB", "NOUN"):
        return False
    code = lexical_code(tok)
    return code is not None and code[:2] >= HARM_ROOT


def event_noun(verb: Token) -> bool:
    """Whether the verb's subject is itself a nominal trigger with a doer of its own ("an Israeli air strike
    hit …", "the army's offensive killed …"): the noun codes the event."""
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subj is not None and names_act(subj) and any(
        c.dep_ == "poss" or c.dep_ in ("amod", "compound") and c.text[:1].isupper() for c in subj.children)


def names_act(noun: Token) -> bool:
    """Whether a noun is a nominal trigger ("sanctions", "an accord", "a joint operation")."""
    hit = word_trigger(noun) if noun.pos_ == "NOUN" else None
    return hit is not None and hit[0].pos == "NOUN"


def requested_of(verb: Token) -> tuple[lexicon.Trigger, Token] | None:
    """ "encouraged Iran to accept the deal", "invited Syria to join", "wants Pakistan to stop": asking (or
    wanting) someone to do something is an appeal (020, made specific by the modality pass from what is asked),
    whatever the verb means alone."""
    if verb.pos_ != "VERB" or verb.lemma_ not in ASKING_VERBS:
        return None
    asked = [d for d in verb.children if d.dep_ in ("dobj", "dative")]
    if asked and any(is_to_clause(d) and d.i > asked[0].i and _with_to(d) for d in verb.children):
        return lexicon.Trigger(verb.lemma_, "REQ", "", "020", True), asked[0]
    # "wants Pakistan's government to stop": the parser makes the one asked the subject of the clause; one
    # named, asked to act ("wanted the party to be ready", "wants the rebate to come to an end" ask no one)
    for clause in (d for d in verb.children if d.dep_ in ("ccomp", "xcomp") and d.i > verb.i):
        if clause.lemma_ in STATE_VERBS or not any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children):
            continue
        subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
        if subject is not None and any(t.ent_type_ in NAMED_ACTOR_TYPES for t in subject.subtree):
            return lexicon.Trigger(verb.lemma_, "REQ", "", "020", True), subject
    return None


def _with_to(clause: Token) -> bool:
    """Whether a clause has its "to" ("urged Iran to accept"), unlike a word the parser hangs on a verb as its
    complement ("told BBC 1's Breakfast programme", "'s" read as a verb)."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)


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
    if pos is None or pos == "VERB" and tok.dep_ in NOT_A_VERB_DEPS:
        return None  # a participle used as a noun or adjective ("the wounded", "banned substances")
    slot = slot_of(tok)
    if pos == "NOUN" and slot.dep_ in ("dobj", "nsubjpass") and undoes(slot.head):
        # "lifted the blockade", "eased sanctions": the opposite of the noun's act, or nothing
        eased = lexicon.triggers().get((tok.lemma_.lower(), "EASE"))
        return (eased[0], None) if eased else None
    lemma = hyphenated(tok) or tok.lemma_.lower()
    mods = {c.lower_ for c in tok.children if c.dep_ in ("amod", "compound")}
    if pos == "NOUN" and lemma in JOINT_NOUNS and "joint" in mods:
        return lexicon.Trigger(lemma, "NOUN", "", "062", False), None  # "a joint operation", "joint patrols"
    if _weapons_test(tok, lemma, mods):
        return lexicon.Trigger(lemma, pos, "", SHOW_OF_FORCE, False), None
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
    for clause in (c for c in tok.children if c.dep_ in CLAUSE_DEPS and c.i > tok.i):
        # "called for the embargo to be lifted": the parser makes "for" the mark of the "to"-clause
        particles.update((m.lower_, m) for m in clause.children if m.dep_ == "mark" and m.lower_ == "for")
    for e in entries:
        if e.with_ and e.with_ in particles:
            return e, particles[e.with_]
        if not e.with_ and not (pos == "VERB" and _another_verb(tok, e.code)):
            return e, None
    return None


def _another_verb(verb: Token, code: str) -> bool:
    """Whether a verb's particle makes it another verb in the dictionary, of another PLOVER type ("backed down" is
    a concession, not support): our table's entry for the bare verb, ``code``, then does not apply."""
    cameo, verbs = lexicon.cameo(), dictionaries.petrarch_verbs()
    for particle in (c.lower_ for c in verb.children if c.dep_ == "prt"):
        entry = verbs.get((verb.lemma_.lower(), particle))
        if entry is not None and entry.code and cameo[entry.code].plover_type != cameo[code].plover_type:
            return True
    return False


def _weapons_test(tok: Token, lemma: str, mods: set[str]) -> bool:
    """A weapons test, a show of force (CAMEO 150), not an attack: "test-fired two missiles", "tested a ballistic
    missile", "carried out a nuclear test", "a missile test"."""
    if tok.pos_ == "VERB" and lemma in ("fire", "launch"):
        return any(c.lower_ == "test" and c.dep_ in ("npadvmod", "compound", "advmod") for c in tok.children)
    if tok.pos_ == "VERB" and lemma == "test":
        return any(c.dep_ == "dobj" and c.lemma_.lower() in TESTED_WEAPONS for c in tok.children)
    return tok.pos_ == "NOUN" and lemma == "test" and bool(mods & TEST_MODIFIERS)


def hyphenated(tok: Token) -> str | None:
    """The word a hyphenated noun is written as in one piece, when the lexicon has it that way ("cease-fire" is a
    ceasefire, not a fire; "walk-out" a walkout)."""
    if tok.i < 2 or tok.pos_ != "NOUN":
        return None
    hyphen, first = tok.doc[tok.i - 1], tok.doc[tok.i - 2]
    if hyphen.text != "-" or hyphen.whitespace_ or first.whitespace_:
        return None
    joined = first.lower_ + tok.lemma_.lower()
    return joined if (joined, "NOUN") in lexicon.triggers() else None


def object_nouns(obj: Token) -> list[Token]:
    """The nouns that may name what a verb acts on: "peacekeepers", "its peacekeeping force", "a state of
    emergency", "diplomatic ties"."""
    nouns = [obj, *(c for c in obj.children if c.dep_ in ("compound", "amod"))]
    nouns += [p for c in obj.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
              if p.dep_ == "pobj"]
    return nouns


def object_trigger(tok: Token) -> tuple[lexicon.Trigger, Token] | None:
    """A verb whose object decides the act: "withdraw peacekeepers" (1661), "block roads" (144),
    "strengthened its forces" (154), "declared a state of emergency" (1724); not in a weapons test ("test-fired
    missiles", ``word_trigger``)."""
    if tok.pos_ != "VERB" or _weapons_test(tok, tok.lemma_.lower(), set()):
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


def stance(tok: Token) -> tuple[lexicon.Trigger, Token] | None:
    """A verb of expressing whose object is a stance: "voiced support for the rebels" (051), "expressed opposition
    to the plan" (110), "gave its backing to the bill"; the stance is what is expressed, never an actor."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() not in EXPRESSING_VERBS:
        return None
    for obj in tok.children:
        entries = lexicon.triggers().get((obj.lemma_.lower(), "STANCE")) if obj.dep_ == "dobj" else None
        if entries:
            return entries[0], obj
    return None


def _phrasal(verb: Token) -> str:
    """A verb with its particle ("set out", "bring in"), or alone."""
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), None)
    return f"{verb.lemma_.lower()} {particle}" if particle else verb.lemma_.lower()


def _verb_of(tok: Token, verbs: frozenset[str]) -> bool:
    """Whether a token is one of ``verbs``, alone or with its particle ("set out")."""
    return tok.pos_ == "VERB" and bool({tok.lemma_.lower(), _phrasal(tok)} & verbs)


def _plan_of(verb: Token, deps: tuple[str, ...] = ("dobj",)) -> Token | None:
    """The plan or proposal a verb acts on (its object, or with ``deps`` also a passive's subject)."""
    return next((c for c in verb.children if c.dep_ in deps and c.lemma_.lower() in PLAN_NOUNS), None)


def presented_plan(tok: Token) -> tuple[lexicon.Trigger, Token] | None:
    """A plan or proposal presented: "unveiled plans to cut taxes", "set out proposals" (kind PLAN, 0342)."""
    if not _verb_of(tok, PRESENTING_VERBS):
        return None
    plan = _plan_of(tok)
    if plan is None and tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.head.lemma_.lower() in PLAN_NOUNS:
        plan = tok.head  # "under plans unveiled by the Conservatives"
    return (lexicon.Trigger(_phrasal(tok), "PLAN", "", POLICY_CODE, False), plan) if plan is not None else None


def dropped_plan(tok: Token) -> tuple[lexicon.Trigger, Token] | None:
    """A plan of one's own dropped: "dropped its plans for ID cards", "shelved plans to raise fees" (kind
    CLIMBDOWN, 080); someone else's plan dropped ("scrapped the Tory plans") is not one's own climbdown."""
    if not _verb_of(tok, ABANDONING_VERBS):
        return None
    plan = _plan_of(tok, ("dobj", "nsubjpass"))
    if plan is None or any(d.dep_ == "poss" and d.lower_ not in OWN_POSSESSIVES or d.dep_ in ("amod", "compound") and
                           d.ent_type_ in ("NORP", "ORG", "GPE", "PERSON") for d in plan.children):
        return None
    return lexicon.Trigger(_phrasal(tok), "CLIMBDOWN", "", CLIMBDOWN_CODE, False), plan


def planned_act(plan: Token) -> Token | None:
    """The act a plan is to do towards others, its "to"-clause when that has a code of meeting or force ("plans to
    invade Fiji", "plans to hold talks with Iran"); None for a policy ("plans to help first-time buyers")."""
    act = next((c for c in plan.children if c.dep_ == "acl" and any(
        a.dep_ == "aux" and a.lower_ == "to" for a in c.children)), None)
    code = lexical_code(act) if act is not None else None
    return act if code and code[:2] in PLANNED_TOWARDS_OTHERS else None


def policy_act(tok: Token) -> tuple[lexicon.Trigger, None] | None:
    """A policy act with an object ("scrap tuition fees", "bring in identity cards"; kind POLICY, 0342): an
    event only when announced by a policy maker (the modality pass)."""
    if tok.tag_ != "VB" or not _verb_of(tok, POLICY_VERBS) or not any(c.dep_ == "dobj" for c in tok.children):
        return None  # (only the base form can be announced: "will scrap"; "has established" is the dictionary's)
    return lexicon.Trigger(_phrasal(tok), "POLICY", "", POLICY_CODE, False), None


def obligation(tok: Token) -> tuple[lexicon.Trigger, None] | None:
    """ "X said Y must do Z", "X said it was time for Y to do Z": whatever Z is, X demands it of Y (coded by the
    modality pass)."""
    if tok.pos_ in ("VERB", "AUX") and said_time_for(tok) is not None:
        return lexicon.Trigger(tok.lemma_, "MUST", "", "100", False), None
    if tok.pos_ not in ("VERB", "AUX") or tok.dep_ != "ccomp" or tok.head.lemma_ not in SPEECH_VERBS:
        return None
    if tok.lemma_ == "have" and any(is_to_clause(c) for c in tok.children):
        if auxiliaries(tok) & FORECAST_AUX:
            return None  # "warned that Scotland may have to accept wind farms": a forecast, no demand
        return lexicon.Trigger(tok.lemma_, "MUST", "", "100", False), None  # "said Britain has to withdraw"
    if tok.lemma_ in ("be", "have") or tok.lemma_ in MENTAL_VERBS:
        # "prime ministers should not have a veto": an opinion on a state, not a demanded act; "judges should
        # think carefully", "must realise they cannot prevent all attacks": advice on what to think
        return None
    if not any(c.dep_ == "aux" and c.lower_ in OBLIGATION_AUX for c in tok.children):
        return None
    return lexicon.Trigger(tok.lemma_, "MUST", "", "100", False), None


def said_time_for(verb: Token) -> Token | None:
    """The clause of reported speech that says it is time for someone to act ("Blair insisted it was time for the
    London mayor to say sorry": the "was" clause), or None."""
    time = verb.head
    if verb.dep_ != "relcl" or time.lower_ != "time" or time.dep_ != "attr" or not any(
            c.dep_ == "mark" and c.lower_ == "for" for c in verb.children) or not any(
            c.dep_ == "nsubj" for c in verb.children):
        return None
    clause = time.head
    return clause if clause.dep_ == "ccomp" and clause.head.lemma_ in SPEECH_VERBS else None


def evaluation(tok: Token) -> tuple[lexicon.Trigger, Token] | None:
    """An evaluative word ("futile") or a wrongful act ("meddling", "lied") inside what a speech verb reports:
    the speaker disapproves of it or accuses its doer."""
    entries = lexicon.triggers().get((tok.lower_, "ADJ"))
    if entries and not _predicated(tok):
        return None  # "said illegal immigrants would …": a description, no verdict
    if not entries and tok.pos_ == "VERB":
        entries = lexicon.triggers().get((tok.lemma_.lower(), "WRONG"))
    if not entries:
        return None
    cur = tok
    for _ in range(6):
        if cur.head.i == cur.i:
            return None
        cur = cur.head
        if cur.pos_ == "VERB" and (cur.lemma_ in SPEECH_VERBS or cur.lemma_ in NAMING_VERBS
                                   or cur.lemma_ in VERDICT_VERBS):
            return entries[0], cur
    return None


# Verbs of a finding ("the Law Lords ruled the detention unlawful", "the court found that he had lied").
VERDICT_VERBS = frozenset({"rule", "find", "conclude", "judge", "declare"})
# Verbs that call something by a verdict: "branded his actions stupid", "described the plan as reckless".
NAMING_VERBS = frozenset({"brand", "label", "describe", "call", "dub", "denounce", "condemn"})


def _predicated(adjective: Token) -> bool:
    """Whether an evaluative adjective is said of something ("the talks were futile", "branded it stupid",
    "described it as reckless"), the first of a pair ("stupid and evil"), not a description inside a noun
    phrase."""
    if adjective.dep_ == "conj":
        return not lexicon.triggers().get((adjective.head.lower_, "ADJ")) and _predicated(adjective.head)
    return adjective.dep_ in ("acomp", "oprd", "ccomp", "xcomp", "ROOT") or adjective.dep_ in (
        "pobj", "amod") and adjective.head.lower_ == "as" or adjective.dep_ == "amod" and adjective.i > adjective.head.i


def _dictionary_entry(tok: Token) -> dictionaries.VerbEntry | None:
    """PETRARCH's entry for a verb: with its particle ("call off") when it has one, else the verb alone."""
    if tok.pos_ != "VERB" or tok.dep_ in NOT_A_VERB_DEPS:
        return None  # a participle used as a noun, an adjective or a preposition ("according to")
    verbs = dictionaries.petrarch_verbs()
    for lemma in _verb_forms(tok):
        for particle in (c.lower_ for c in tok.children if c.dep_ == "prt"):
            if (lemma, particle) in verbs:
                return verbs[(lemma, particle)]
        if (lemma, "") in verbs:
            return verbs[(lemma, "")]
    return None


def _verb_forms(tok: Token) -> tuple[str, ...]:
    """The verb's lemma, and the lemma with the final "e" the model's lemmatiser drops from verbs it does not
    know ("lambasted" → "lambast", the dictionary's "lambaste")."""
    lemma = tok.lemma_.lower()
    return (lemma, lemma + "e") if tok.lower_ in (lemma + "ed", lemma + "ing") else (lemma,)


def _words(tokens) -> tuple[list[str], list[str]]:
    """The lemmas and the lower-case words of tokens, in text order."""
    ordered = sorted(tokens, key=lambda t: t.i)
    return [t.lemma_.lower() for t in ordered], [t.lower_ for t in ordered]


def _nearest(items: Sequence[str], words: tuple[list[str], list[str]]) -> int:
    """The first position at which one of the items occurs in the lemmas or words."""
    found = [pos for i in items for w in words if (pos := dictionaries.item_position(i, w)) is not None]
    return min(found, default=999)  # a pattern with no object words yields to one with them


def _item_in(item: str, words: tuple[list[str], list[str]]) -> bool:
    return dictionaries.item_matches(item, words[0]) or dictionaries.item_matches(item, words[1])


def dictionary_pattern(tok: Token) -> tuple[lexicon.Trigger, Token | None] | None:
    """The most specific PETRARCH pattern of the verb's block that the clause matches: words of the object
    (or of a passive's subject) and particles after the verb, of the subject and adverbs before it, and a
    prepositional phrase on the verb or its object ("lifted the state of emergency" 0814, "appealed for food"
    0233). A pattern without a code matches a sense that is no event ("appealed to the court")."""
    entry = _dictionary_entry(tok)
    block = _block_patterns(entry.block) if entry is not None else None
    if block is None:
        return None
    passive = any(c.dep_ == "auxpass" for c in tok.children)
    objects = [c for c in tok.children if c.dep_ in ("dobj", "attr", "oprd", "dative", "prt")
               or passive and c.dep_ == "nsubjpass"]
    after = _words([t for o in objects for t in noun_phrase(o)])
    before = _words([t for c in tok.children if c.dep_ in ("nsubj", "advmod") and c.i < tok.i
                     for t in noun_phrase(c)])
    preps = [p for head in (tok, *objects) for p in head.children if p.dep_ in ("prep", "agent")]
    present = set(after[0]) | set(after[1]) | set(before[0]) | set(before[1]) | {p.lower_ for p in preps}
    best, best_prep, best_score = None, None, (0, 0)
    for p, firsts, score in block.possible(present):
        if score < best_score[0] or any(f.isdisjoint(present) for f in firsts):
            continue  # cannot beat the best so far, or a word it needs is nowhere in the clause
        if not all(_item_in(i, after) for i in p.after) or not all(_item_in(i, before) for i in p.before):
            continue
        # of equally specific patterns, the one whose object words come nearest the verb: "demolished the homes
        # of militants" is about homes (1712), not militants (082, "disarmed militants")
        rank = (score, -_nearest(p.after, after))
        if rank <= best_score:
            continue
        prep = None
        if p.prep is not None:
            prep = next((q for q in preps if q.lower_ == p.prep and (
                p.prep_object is None or _item_in(p.prep_object, _words(q.subtree)))), None)
            if prep is None:
                continue
        best, best_prep, best_score = p, prep, rank
    if best is None:
        return None
    return lexicon.Trigger(tok.lemma_.lower(), "VERB", best.prep or "", best.code or "", False), best_prep


@dataclass(frozen=True)
class _Block:
    """A block's patterns, most specific first, each with the words each of its items may start with (a quick
    test before matching) and its specificity (items, a preposition counting one, its object two); indexed by
    the words their first item may start with, as most of a block's patterns cannot match a given clause."""

    patterns: tuple[tuple[dictionaries.Pattern, tuple[frozenset[str], ...], int], ...]
    by_first: dict[str, tuple[int, ...]]  # a word → the positions of the patterns whose first item it may start
    unconditional: tuple[int, ...]  # the positions of the patterns without items

    def possible(self, present: set[str]) -> Iterator[tuple[dictionaries.Pattern, tuple[frozenset[str], ...], int]]:
        """The patterns whose first item may start with one of the ``present`` words, in their order."""
        found = set(self.unconditional).union(*(self.by_first.get(w, ()) for w in present))
        return (self.patterns[k] for k in sorted(found))


@cache
def _block_patterns(block: str) -> _Block | None:
    """A block's patterns (None when it has none)."""
    found = []
    for p in dictionaries.petrarch_patterns().get(block, ()):
        firsts = tuple(dictionaries.first_words(i) for i in (*p.after, *p.before))
        if p.prep:
            firsts += (frozenset({p.prep}),)
        found.append((p, firsts, len(p.after) + len(p.before) + (2 if p.prep_object else 1 if p.prep else 0)))
    if not found:
        return None
    patterns = tuple(sorted(found, key=lambda f: -f[2]))
    by_first: dict[str, list[int]] = {}
    for k, (_, firsts, _) in enumerate(patterns):
        for word in firsts[0] if firsts else ():
            by_first.setdefault(word, []).append(k)
    return _Block(patterns, {w: tuple(ks) for w, ks in by_first.items()},
                  tuple(k for k, (_, firsts, _) in enumerate(patterns) if not firsts))


def dictionary_verb(tok: Token) -> tuple[lexicon.Trigger, None] | None:
    """PETRARCH's code for the verb on its own (its block's code unless it has its own): weak evidence, as the
    blocks hold WordNet synonyms of uneven fit, so such an event needs a target (kind ``DICT``), and verbs whose
    sense lies in their object ("take", "make") get none."""
    entry = _dictionary_entry(tok)
    if entry is None or not _has_type(entry.code or "") or entry.verb in GENERAL_VERBS and not entry.particle:
        return None  # no code, a statement (CAMEO 01: "say"), or a verb whose sense is in its object
    return lexicon.Trigger(entry.verb, "DICT", entry.particle, entry.code, True), None


def main_clause(verb: Token) -> bool:
    """Whether a verb heads its sentence, alone or as a conjunct of its head ("met and hugged")."""
    while verb.dep_ == "conj":
        verb = verb.head
    return verb.dep_ == "ROOT"


def noun_phrase(tok: Token) -> list[Token]:
    """The words of the phrase ``tok`` heads, without its clauses, conjuncts, appositions and prepositional
    phrases other than "of" ("25,000 tons of food aid")."""
    skip = {t.i for c in tok.children if c.dep_ in PHRASE_BREAKS and not (c.dep_ == "prep" and c.lower_ == "of")
            for t in c.subtree}
    return [t for t in tok.subtree if t.i not in skip]


def lexical_code(tok: Token, dictionary: bool = True) -> str | None:
    """The code a word carries by itself (its object, patterns and particles included), or None; with
    ``dictionary`` false, not the dictionary's code for the bare verb (``dictionary_verb``)."""
    hit = object_trigger(tok)
    if hit is None:
        pattern = dictionary_pattern(tok)
        if pattern is not None:
            return pattern[0].code or None
    hit = hit or word_trigger(tok) or (dictionary_verb(tok) if dictionary else None)
    return hit[0].code if hit is not None else None
