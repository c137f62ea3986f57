"""Who a phrase is, as an event actor: a named entity's code, a capital standing for its government, a
group placed by its modifiers or by the place it is in, a people by where it lives, the pair last named
for "the two countries", a pronoun's antecedent."""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Token

from transforms import gazetteer, lexicon
from transforms.entities import PLACE_LABELS, SPEAKING_ROLES, Mention, role_sector
from transforms.syntax import ANY_SUBJECT_DEPS, PRONOUNS, SPEECH_VERBS, SUBJECT_DEPS, MentionIndex, phrase, prep_objects


@dataclass(frozen=True)
class Actor:
    text: str | None
    entity_id: str | None
    code: str | None
    country: str | None
    place: Mention | None = None  # when the actor is a place (a target such as a city)
    from_context: bool = False  # its country is the article's, not one the phrase names


NAMING_VERBS = frozenset({"know", "call", "name", "dub", "style"})  # "a group known as …", "a party called …"
UNKNOWN = Actor(None, None, None, None)  # the unnamed doer of an agentless passive
OBJECT_PRONOUNS = {"him": "he", "her": "she", "them": "they", "it": "it"}  # and the subject form each agrees as
OBJECT_PRONOUN_DEPS = frozenset({"dobj", "dative", "pobj"})
NOT_HEADS = frozenset({"compound", "amod", "poss", "nmod", "npadvmod"})  # words inside a noun phrase, not its head
GROUP_NOUNS = frozenset({"country", "nation", "side", "government", "state", "neighbour", "neighbor", "capital"})
DOCUMENTS = frozenset({"bill", "act", "law", "treaty", "protocol", "convention", "charter", "accord", "constitution"})
# Role words that name a body, not a person: "it" can stand for them, "he" cannot.
INSTITUTIONS = GROUP_NOUNS | frozenset(
    "administration ministry department army military navy police force council committee commission court "
    "parliament assembly senate congress cabinet party union agency authority authorities regime junta "
    "coalition alliance company firm group organisation organization office embassy board bank".split())


def actor_of(tok: Token, seg: int, idx: MentionIndex) -> Actor | None:
    """The actor a single token heads, or None."""
    m = idx.at(seg, tok)
    if m is not None and m.key and m.label not in ("DATE", "TIME"):
        found = _named(tok, m, seg, idx)
        if found is not None:
            return found
    if tok.lower_ in PRONOUNS or tok.pos_ not in ("NOUN", "PROPN"):
        return None
    return _appositive_name(tok, seg, idx) or _group(tok, m, seg, idx) or _by_article(tok, m, idx)


def _named(tok: Token, m: Mention, seg: int, idx: MentionIndex) -> Actor | None:
    """A named entity: its own code, or what the words in and around it say it is."""
    if m.capital:  # "Moscow said": the capital stands for the government
        return Actor(phrase(tok), m.entity_id, m.country + "GOV", m.country)
    if m.label in PLACE_LABELS and not m.is_country:
        # A city as a target or source stands for its country, and is also where it happened.
        return Actor(phrase(tok), m.entity_id, m.country, m.country, place=m) if m.country else None
    if m.label == "NORP" and tok.tag_ in ("NNPS", "NNS") and m.country:
        # "the Albanians of southern Serbia", "ethnic Turks in Bulgaria": a people is coded by where it lives
        for p in prep_objects(tok, ("of", "in")):
            home = next((om for t in p.subtree if (om := idx.at(seg, t)) is not None and om.country
                         and om.label in PLACE_LABELS), None)
            if home is not None:
                return Actor(phrase(tok), m.entity_id, home.country, home.country)
    if m.country or m.actor_code:
        return Actor(phrase(tok), m.entity_id, m.actor_code or m.country, m.country)
    # A name the gazetteers do not place is placed by the words in and around it: "Kyrgyz Prime Minister
    # Nikolai Tanaev", "Salaheddine Sidhoum, Algeria's leading human rights activist", "Iraqi Kurds",
    # "Bosnian Serbs".
    own = next((c for t in tok.doc[m.start : m.end] if t.i != tok.i and not _given_name(t, m)
                for c in [gazetteer.country_code(t.text)] if c), None)
    if own:
        return Actor(phrase(tok), m.entity_id, own + (role_sector([tok]) or ""), own)
    for c in tok.children:
        described = actor_of(c, seg, idx) if c.dep_ == "appos" else None
        if described is not None and described.country:
            return Actor(phrase(tok), m.entity_id, described.code, described.country)
    if m.label == "NORP":
        # a people with no country of its own: its nationality word's ("Iraqi Kurds"), else the article's
        # country ("the Kurds", "Shias")
        country = next((q.country for c in tok.children if c.dep_ in ("amod", "compound")
                        and (q := idx.at(seg, c)) is not None and q.country), None)
        if country is not None:
            return Actor(phrase(tok), m.entity_id, country, country)
        if idx.home is not None:
            return Actor(phrase(tok), m.entity_id, idx.home, idx.home, from_context=True)
    return None


def _given_name(tok: Token, m: Mention) -> bool:
    """A person's given name, never a country's however it is spelt ("Sir Alan Budd" is not of Åland, "Chad
    Smith" not of Chad)."""
    return m.label == "PERSON" and tok.text in lexicon.given_names()


def _by_article(tok: Token, m: Mention | None, idx: MentionIndex) -> Actor | None:
    """A person or organisation nothing else places: of the country most of the article's named people and
    organisations are of (British politicians arguing about Germany are British), else of the country the
    article is plainly about (unless his title says he may act abroad)."""
    country = idx.compatriots or idx.home
    if m is None or m.label not in ("PERSON", "ORG") or not m.key or country is None or _foreign_hint(tok):
        return None
    sector = m.sector or role_sector([tok, *(c for c in tok.children if c.dep_ in ("compound", "amod"))])
    return Actor(phrase(tok), m.entity_id, country + (sector or ""), country, from_context=True)


def _foreign_hint(tok: Token) -> bool:
    """Words in a name's own phrase that say it may be foreign to the article's country ("Foreign Secretary X",
    "Ambassador X", "an international group")."""
    return any(t.lower_ in FOREIGN_HINTS for t in tok.subtree)


# Words of a name's phrase that say its bearer may act abroad: such a person is never placed by the article.
FOREIGN_HINTS = frozenset({"foreign", "international", "overseas", "visiting", "exiled", "ambassador", "envoy",
                           "diplomat", "delegate", "delegation", "consul", "emissary", "counterpart"})


def _appositive_name(tok: Token, seg: int, idx: MentionIndex) -> Actor | None:
    """ "his Chinese counterpart Yang Jiechi", "its neighbour, Mauritania": the named appositive is the actor."""
    for c in tok.children:
        named = idx.at(seg, c) if c.dep_ == "appos" else None
        if named is not None and (named.label in ("PERSON", "ORG") or named.is_country) and (
                named.country or named.actor_code):
            return Actor(phrase(tok), named.entity_id, named.actor_code or named.country, named.country)
    return None


# Words that name part of a whole: "some of the protesters" is the protesters' act.
PARTITIVES = frozenset({"one", "some", "many", "most", "several", "few", "all", "none", "each", "any", "both", "half",
                        "majority", "minority", "rest", "number", "dozens", "hundreds", "thousands", "scores"})
# Participles that name whose a thing is: "a drone belonging to the army", "ships operated by the navy".
OWNING_VERBS = frozenset({"belong", "own", "operate", "fly", "control", "run", "command", "man", "crew"})


def _group(tok: Token, m: Mention | None, seg: int, idx: MentionIndex) -> Actor | None:
    """A common noun: the role word gives the sector, a modifier the country ("Syrian forces"); a law or treaty is
    none, whoever it is named after ("the Children Bill")."""
    if tok.lemma_.lower() in DOCUMENTS:
        return None
    mods = [c for c in tok.children if c.dep_ in ("amod", "compound", "poss", "nmod")]
    for c in tok.children:
        if c.dep_ == "prep" and (c.lower_ == "of" or c.lower_ == "for" and tok.lower_ in SPEAKING_ROLES):
            mods.extend(p for p in c.children if p.dep_ == "pobj")
        elif c.dep_ == "acl" and c.lemma_ in OWNING_VERBS:  # "a drone belonging to the army", "operated by"
            mods.extend(p for q in c.children if q.dep_ in ("prep", "agent") for p in q.children if p.dep_ == "pobj")
    sector = role_sector([*mods, tok])
    country = place = None
    people = next((om for c in mods for t in c.subtree if (om := idx.at(seg, t)) is not None
                   and om.label == "NORP"), None)
    for c in mods:
        for t in c.subtree:
            om = idx.at(seg, t)
            if om is not None and om.country and (not sector or tok.lower_ in SPEAKING_ROLES) and om.label in (
                    "ORG", "PERSON") and om.actor_code:
                # "Conservative spending plans", "Hamas rockets", "a spokesman for UKIP": the named party or group
                # acts
                return Actor(phrase(tok), om.entity_id, om.actor_code, om.country)
            if om is not None and om.country:
                country = om.country
                if om.label in PLACE_LABELS and not om.is_country:
                    place = om
                break
            if om is not None and om.actor_code and not country:
                # "a United Nations resolution": the organisation acts.
                return Actor(phrase(tok), om.entity_id, om.actor_code, None)
        if country:
            break
    if not country and (sector or people is not None):
        # "Rebels in the Ivory Coast", "settlers in the West Bank city of Hebron", "doctors from Switzerland",
        # "workers affiliated with the Serbian Workers' Union", "a terror group based in Trinidad"
        for p in prep_objects(tok, ("in", "from")) + [c for c in tok.children if c.dep_ == "acl"]:
            om = idx.first_in(seg, p.subtree, with_country=True)
            if om is not None:
                country = om.country
                break
    # "police", "the army", "protesters", "a Kurdish enclave" with no country of their own: the article's
    context = not country and (sector is not None or people is not None) and idx.home is not None and (
        m is None or m.key is None)
    if context:
        country = idx.home
    if not country:
        return None
    return Actor(phrase(tok), m.entity_id if m is not None else None, country + (sector or ""), country,
                 place=place, from_context=context)


def antecedent(pronoun: Token, seg: int, idx: MentionIndex) -> Token | None:
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
    earlier = [t for t in pronoun.doc[: pronoun.i] if t.dep_ in ANY_SUBJECT_DEPS
               and t.lower_ not in PRONOUNS and t.pos_ in ("PROPN", "NOUN")]
    for t in reversed(earlier):
        if _agrees(pronoun, t, seg, idx) and actor_of(t, seg, idx) is not None:
            return t
    return None


def object_antecedent(pronoun: Token, seg: int, idx: MentionIndex) -> Token | None:
    """What an object pronoun stands for ("accusing it of …", "urged them to …"): the nearest earlier noun of the
    paragraph it can stand for, other than the subject of its own clause (who would be "himself"), when that
    noun is an actor; None when it stands for something else ("would outlaw it": age discrimination)."""
    clause = pronoun.head.head if pronoun.dep_ == "pobj" else pronoun.head
    own = {t.i for s in clause.children if s.dep_ in ANY_SUBJECT_DEPS for t in s.subtree}
    word = OBJECT_PRONOUNS[pronoun.lower_]
    for t in reversed(pronoun.doc[: pronoun.i]):
        if t.pos_ not in ("NOUN", "PROPN") or t.dep_ in NOT_HEADS or t.i in own or t.lower_ in PRONOUNS:
            continue
        if _agrees(word, t, seg, idx):
            return t if actor_of(t, seg, idx) is not None else None
    return None


def _agrees(pronoun: Token | str, noun: Token, seg: int, idx: MentionIndex) -> bool:
    """Whether a pronoun (or its subject form) can stand for a noun: "he" and "she" for a person (a name or a role
    word in the singular), "it" for no person, "they" and "we" for anyone but one named person."""
    pronoun = pronoun if isinstance(pronoun, str) else pronoun.lower_
    m = idx.at(seg, noun)
    word = noun.lemma_.lower()
    person = m.label == "PERSON" if m is not None else word not in INSTITUTIONS and (
        noun.lower_ in lexicon.roles() or word in lexicon.roles())
    plural = noun.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in noun.children)
    if pronoun in ("he", "she"):
        return person and not plural and (m is None or m.label == "PERSON")
    if pronoun == "it":
        return not person and not plural
    return not (m is not None and m.label == "PERSON" and not plural)


def last_countries(tok: Token, seg: int, idx: MentionIndex, n: int) -> list[Actor]:
    """The last ``n`` different countries named before ``tok`` in the article (paragraphs before included)."""
    earlier = sorted({id(m): m for (s, i), m in idx.by_token.items() if s < seg or s == seg and i < tok.i}.values(),
                     key=lambda m: (m.seg, m.start))
    countries = [m for m in earlier if m.country and (m.is_country or m.label == "NORP" or m.capital)]
    for m in reversed(countries):
        # the last pair named together ("Russia and China … the two countries"), else the last two named
        conjuncts = {c.i for c in idx.docs[m.seg][m.end - 1].conjuncts} if idx.docs else set()
        pair = [m] + [o for o in countries if o.seg == m.seg and o is not m and conjuncts & set(range(o.start, o.end))]
        if n == 2 and len({o.country for o in pair}) == 2:
            return [Actor(phrase(tok), None, o.country, o.country) for o in sorted(pair, key=lambda o: o.start)]
    found: list[Actor] = []
    for m in reversed(earlier):
        if m.country and (m.is_country or m.label == "NORP") and m.country not in {
                a.country for a in found}:
            found.append(Actor(phrase(tok), None, m.country, m.country))
            if len(found) == n:
                return found[::-1]
    return []


def actors(tok: Token | None, seg: int, idx: MentionIndex) -> list[Actor]:
    """The actors of a phrase: one per conjunct ("Russia and China", "the leaders of Saudi Arabia, Iraq
    and Iran" → three government actors); a personal pronoun resolved within the paragraph."""
    if tok is None:
        return []
    if tok.lower_ in ("he", "she", "they", "it", "we") and tok.dep_ in ANY_SUBJECT_DEPS:
        tok = antecedent(tok, seg, idx)
        if tok is None:
            return []
    elif tok.lower_ in OBJECT_PRONOUNS and tok.dep_ in OBJECT_PRONOUN_DEPS:
        tok = object_antecedent(tok, seg, idx)
        if tok is None:
            return []
    tok = whole_of(tok)
    if tok.lemma_.lower() in GROUP_NOUNS and any(c.lower_ in ("two", "both") for c in tok.children):
        return last_countries(tok, seg, idx, 2)  # "the two countries", "both sides"
    found = []
    # "Saudi Arabia as well as Iraq": the parser may hang the second conjunct on "as".
    extra = [q for c in tok.children if c.dep_ == "cc" and c.lower_ == "as" for p in c.children
             if p.dep_ == "pobj" for q in (p, *p.conjuncts)]
    for t in (tok, *tok.conjuncts, *extra):
        t = named_as(t)
        if idx.at(seg, t) is None and t.pos_ in ("NOUN", "PROPN"):
            of = [q for c in t.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
                  if p.dep_ == "pobj" for q in (p, *p.conjuncts)]
            if len(of) > 1:
                found.extend(_leaders_of(t, of, seg, idx))
                continue
        a = actor_of(t, seg, idx)
        if a:
            found.append(a)
            found.extend(_modifier_countries(t, a, seg, idx))
    return found


def whole_of(tok: Token) -> Token:
    """The whole a partitive names part of, whose actor it is: "one of Labour's most senior Asians", "some of the
    protesters", "two of the rebels", "the majority of MPs" → the "of" object; else the token itself."""
    if tok.pos_ == "NUM" or tok.lemma_.lower() in PARTITIVES:
        return next((p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
                     if p.dep_ == "pobj"), tok)
    return tok


def named_as(noun: Token) -> Token:
    """The name a common noun is introduced by: "a group known as the Guerreros Unidos", "a militia called
    Jaish al-Fatah", "a party named Podemos" → the name; else the noun itself."""
    if noun.pos_ != "NOUN":
        return noun
    for acl in noun.children:
        if acl.dep_ == "acl" and acl.lemma_ in NAMING_VERBS:
            names = [p for c in acl.children if c.dep_ == "prep" and c.lower_ == "as" for p in c.children
                     if p.dep_ == "pobj"] + [c for c in acl.children if c.dep_ in ("oprd", "xcomp", "attr", "dobj")]
            if names:
                return names[0]
    return noun


def _leaders_of(head: Token, of: list[Token], seg: int, idx: MentionIndex) -> list[Actor]:
    """ "the leaders of Saudi Arabia, Iraq and Iran": one actor per country, with the head's sector."""
    sector = role_sector([head])
    found = []
    for q in of:
        qa = actor_of(q, seg, idx)
        if qa and sector and qa.country and qa.code == qa.country:
            qa = replace(qa, code=qa.country + sector)
        if qa:
            found.append(qa)
    return found


def _modifier_countries(tok: Token, a: Actor, seg: int, idx: MentionIndex) -> list[Actor]:
    """ "US and Iraqi forces": one more actor per further country the modifiers name."""
    if not (a.country and a.code and a.code.startswith(a.country)):
        return []
    found = []
    for c in tok.children:
        if c.dep_ in ("amod", "compound", "nmod", "poss") and c.conjuncts:
            for q in c.conjuncts:
                om = idx.at(seg, q)
                if om is not None and om.country and om.country != a.country:
                    found.append(Actor(a.text, None, om.country + a.code[3:], om.country))
    return found
