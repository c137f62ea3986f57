"""Reading spaCy's dependency parse: phrases, subjects, prepositional objects, clause types, and which
entity mention a token belongs to. Shared by the event coder and the quote finder."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.tokens import Token

from transforms.entities import Mention

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
ANY_SUBJECT_DEPS = SUBJECT_DEPS | {"nsubjpass"}
OBJECT_DEPS = frozenset({"dobj", "oprd", "dative", "attr"})
PRONOUNS = frozenset({"he", "she", "it", "they", "him", "her", "them", "who", "which", "that", "this", "we",
                      "i", "you"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
SPEECH_VERBS = frozenset({"say", "tell", "state", "add", "declare", "warn", "insist", "argue", "claim", "note"})
TIME_NOUNS = frozenset(
    "day days week weeks month months year years morning afternoon evening night time occasion weekend "
    "anniversary eve".split()
)


class MentionIndex:
    """Token → entity mention, for one article's segments."""

    def __init__(self, mentions: Sequence[Mention], segments: Sequence = (), home: str | None = None,
                 compatriots: str | None = None):
        self.docs = [s.doc for s in segments]
        self.home = home  # the country the article is about, when it is plainly about one
        self.compatriots = compatriots  # the country most of its named people and organisations are of
        self.by_token: dict[tuple[int, int], Mention] = {}
        for m in mentions:
            for i in range(m.start, m.end):
                self.by_token[(m.seg, i)] = m

    def at(self, seg: int, tok: Token) -> Mention | None:
        return self.by_token.get((seg, tok.i))

    def first_in(self, seg: int, tokens: Iterable[Token], *, with_country: bool = False) -> Mention | None:
        """The first mention among ``tokens`` (that has a country, when asked)."""
        for t in tokens:
            m = self.at(seg, t)
            if m is not None and (m.country or not with_country):
                return m
        return None


def phrase(tok: Token) -> str:
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


def prep_objects(tok: Token, preps: Iterable[str]) -> list[Token]:
    """Objects of the prepositions ``preps`` attached to ``tok`` (a passive's "by" agent included)."""
    preps = set(preps)
    return [p for c in tok.children if c.dep_ in ("prep", "agent") and c.lower_ in preps for p in c.children
            if p.dep_ == "pobj"]


def ancestors(tok: Token, limit: int = 12) -> list[Token]:
    """``tok``'s heads up to the root, nearest first."""
    out, cur = [], tok
    for _ in range(limit):
        if cur.head.i == cur.i:
            break
        cur = cur.head
        out.append(cur)
    return out


def subject(verb: Token) -> tuple[Token | None, bool]:
    """The subject of a verb (inherited up through to-clauses and participles) and whether it is passive.

    A participle that modifies a noun takes the noun: "citizens killed by drones" (passive: the citizens are
    acted on), "troops guarding the border" (active; so is one with a direct object, a finite verb the parser
    took for a participle: "a bomb killed at least 44 people"). A relative pronoun stands for its noun. A participle
    conjoined to a passive is passive too ("were detained and deported"), and so is a clause with a passive
    auxiliary of its own, whoever's subject it inherits ("are believed to have been killed", "wants to be
    consulted")."""
    cur, shared = verb, True  # shared: only conjuncts so far, which share the voice ("were detained and deported")
    own_passive = any(c.dep_ == "auxpass" for c in verb.children)  # "are believed to have been killed"
    for step in range(8):
        for c in cur.children:
            if c.dep_ in ANY_SUBJECT_DEPS:
                passive = own_passive or c.dep_ == "nsubjpass" and (step == 0 or shared and verb.tag_ == "VBN")
                if c.lower_ in RELATIVE_PRONOUNS and cur.dep_ == "relcl":
                    return cur.head, passive
                return c, passive
        shared = shared and cur.dep_ == "conj"
        if step == 0 and cur.dep_ in ("acl", "relcl") and cur.tag_ in ("VBG", "VBN", "VBD") and cur.head.pos_ in (
            "NOUN", "PROPN"
        ):
            # with a direct object it is no passive: "a bomb killed at least 44 people", misparsed as a phrase
            return cur.head, cur.tag_ == "VBN" and not any(c.dep_ == "dobj" for c in cur.children)
        if cur.dep_ in ("ccomp", "ROOT") or cur.head.i == cur.i:
            return None, False
        cur = cur.head
    return None, False


def is_to_clause(tok: Token) -> bool:
    return tok.dep_ == "xcomp" or tok.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to"
                                                               for c in tok.children)


def is_temporal(prep: Token) -> bool:
    """A preposition that introduces a time ("on his second day", "on Wednesday"), not a participant."""
    return any(p.ent_type_ in ("DATE", "TIME") or p.lemma_.lower() in TIME_NOUNS for p in prep.children
               if p.dep_ == "pobj")


def conditional(tok: Token) -> bool:
    """Whether ``tok`` sits in an "if" or "unless" clause."""
    for cur in (tok, *ancestors(tok, 8)):
        if cur.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in cur.children):
            return True
    return False


def auxiliaries(verb: Token) -> set[str]:
    return {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}


def past_tense(verb: Token) -> bool:
    """Whether a clause tells a past act: a past tense or participle ("quit", "imposed", "had agreed", "was
    killed") or a past auxiliary ("did not sign"); not "says" or "will visit"."""
    return verb.tag_ in ("VBD", "VBN") or any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in verb.children)


def speaker_of(clause: Token) -> Token | None:
    """The subject of the speech verb whose complement is ``clause`` ("X said [Y will …]" → X)."""
    if clause.dep_ != "ccomp" or clause.head.lemma_ not in SPEECH_VERBS:
        return None
    speaker, _ = subject(clause.head)  # "X said Y was … and said Z should …": the second said is X's too
    if speaker is not None and speaker.pos_ == "VERB":  # "The Red Cross operating in Iraq said": the parse's
        speaker = next((c for c in speaker.children if c.dep_ in SUBJECT_DEPS), speaker)  # slip
    return speaker
