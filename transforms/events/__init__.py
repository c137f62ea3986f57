"""Event coding: who did what to whom, when, where, per sentence, with CAMEO and PLOVER codes.

``code_events`` runs five passes over each body paragraph's parse:

1. triggers (``triggers.py``): the words that carry an event and their lexicon entries;
2. roles (``roles.py``): source and target actors;
3. modality and final code (``modality.py``): done, announced, refused, demanded, or not an event;
4. location (``where.py``): the event's sentence, else the dateline, else the article's dominant place;
5. confidence, date and reporter (here), one ``Event`` per source and target actor.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from spacy.tokens import Span, Token

from transforms import lexicon
from transforms.dates import latest_day, long_past, resolve_relative, year_of
from transforms.entities import Mention
from transforms.events.actors import GROUP_NOUNS, UNKNOWN, Actor
from transforms.events.modality import CIVILIAN_SECTORS, announced, apply_modality, dated_act, describing
from transforms.events.roles import ASKING_ROOTS, CHARGING_VERBS, STATE_ACTS, Frame, assign_roles, reported_by
from transforms.events.triggers import find_triggers
from transforms.events.where import article_location, locate
from transforms.ids import stable_id
from transforms.lexicon.dictionaries import discard_scope
from transforms.models import Article
from transforms.nlp import Segment
from transforms.places import Location, dominant_place, is_place
from transforms.syntax import PRONOUNS, MentionIndex, past_tense

SUBORDINATE_DEPS = frozenset({"advcl", "acl", "relcl", "pcomp", "xcomp", "csubj", "amod", "pobj", "npadvmod"})
# An act its clause dates to more than this many days before publication is background, not news: a deed of
# earlier months ("apologised last October", "in September") is context to the article's news.
BACKGROUND_DAYS = 45
SINCE = "since"  # a date after it is a point the act has gone on from
TIME_PREPS = frozenset({"after", "before", "following", "until", "during"})  # they date the clause by a noun's date
PLACE_VOTES = 2  # a named place counts this many times a person or organisation towards the article's country
# Acts done to a place's people or authorities when no one is named: protests (CAMEO 14), demands for and grants of
# relief (08), mobilisation (15), sanctions (16), coercion (17).
PLACE_TARGET_ROOTS = frozenset({"08", "14", "15", "16", "17"})
# Appeals and demands (``ASKING_ROOTS``) by these sectors that name no one asked are asked of their own government:
# civil society, parties and legislators.
PETITIONING_SECTORS = CIVILIAN_SECTORS | {"PTY", "LEG", "ENV"}
JUDICIAL_VERBS = frozenset({"sentence", "convict", "jail", "imprison", "try", "indict", "prosecute"})  # a court's


@dataclass(frozen=True)
class Event:
    """One row of the ``events`` table (``transforms.schema.EVENTS``)."""

    event_id: str
    article_id: str
    sentence_index: int
    sentence: str
    event_date: dt.date | None
    date_text: str | None
    source_text: str | None
    target_text: str | None
    source_entity_id: str | None
    target_entity_id: str | None
    source_code: str | None
    target_code: str | None
    source_country: str | None
    target_country: str | None
    trigger_text: str
    cameo_code: str
    cameo_root: str
    quad_class: int
    goldstein: float
    plover_type: str
    negated: bool
    location_text: str | None
    location_country: str | None
    lat: float | None
    lon: float | None
    location_source: str | None  # "sentence", "dateline" or "article": which rule gave the location
    confidence: float
    reported_by: str | None
    reported_by_code: str | None


@dataclass(frozen=True)
class ArticleContext:
    """What every sentence's passes share: the article, its parse, its mentions and where it is."""

    article: Article
    segments: Sequence[Segment]
    idx: MentionIndex
    where: Location | None  # the dateline's or the dominant place, for events whose sentence names none
    latest_year: int | None  # the latest year the article names (dates an undated article's background acts)


def code_events(article: Article, segments: Sequence[Segment], mentions: Sequence[Mention]) -> list[Event]:
    """The events of one article's body (headlines restate the body's events in headline grammar)."""
    if discard_scope(article.body) == "story":
        return []  # sport, entertainment and other stories that are not political (Phoenix's discards)
    home = home_country(segments, mentions)
    idx = MentionIndex(mentions, segments, home=home, compatriots=leading_country(
        m for m in mentions if m.label in ("PERSON", "ORG") and not is_place(m)))
    ctx = ArticleContext(article, segments, idx, article_location(segments, mentions, home),
                         latest_year(segments))
    events: dict[str, Event] = {}
    for si, segment in enumerate(segments):
        if segment.in_title:
            continue
        for sentence in map(segment.news_part, segment.sentences()):
            if not _may_have_actor(sentence, si, ctx.idx) or discard_scope(sentence.text) is not None:
                continue
            for event in _sentence_events(sentence, si, ctx):
                events.setdefault(event.event_id, event)
    return list(events.values())


def _sentence_events(sentence: Span, si: int, ctx: ArticleContext) -> Iterator[Event]:
    """Passes 1 to 5 on one sentence's news (``news``)."""
    frames = [f for c in find_triggers(si, sentence)
              if (f := assign_roles(c, ctx.idx)) is not None and (f := apply_modality(f, ctx.idx)) is not None]
    for frame in news(frames):
        yield from _events(frame, si, ctx)


def news(frames: Sequence[Frame]) -> list[Frame]:
    """The acts a sentence reports as news. An act that only dates another ("a day after signing a treaty",
    "during Cameron's visit"; ``dated_act``) or describes a noun ("the clashes that killed nine policemen", "the
    U.S. decision to re-establish ties"; ``describing``) is background, coded only when the sentence codes no
    other act. (Of the hand-judged events that described a noun beside another act, 2 of 18 were right.) An act
    told twice, by a verb and by its own "to"-clause or by a verb and the noun event it carries, is coded once
    (``_restates``)."""
    undated = [f for f in frames if dated_act(f.trigger.token) is None] or list(frames)
    described = [f for f in undated if describing(_clause_of(f)) is None] or undated
    return [f for f in described if not any(_restates(g, f) for g in described)]


def _restates(kept: Frame, dropped: Frame) -> bool:
    """Whether a frame tells again the act another tells, with the same PLOVER type by the same doers: a verb and
    its own "to"-clause ("refuses to accept Syria's denials", "agreed to instruct the World Bank": the clause's
    frame is kept), or a verb and the noun event it carries ("put troops on alert", "remained on alert": the
    verb's), unless only the other one names a target."""
    if kept is dropped or not _same_act(kept, dropped):
        return False
    if _told_by(kept, dropped):
        return bool(kept.targets) or not dropped.targets
    return _told_by(dropped, kept) and bool(kept.targets) and not dropped.targets


def _told_by(inner: Frame, outer: Frame) -> bool:
    """Whether ``inner`` is the more specific telling: the "to"-clause of ``outer``'s verb (or a noun event that
    clause carries: "agreed to loosen the curfew"), or the verb that carries ``outer``'s noun event."""
    clause = inner.anchor.head == outer.anchor and inner.anchor.dep_ == "xcomp"
    carried = not inner.trigger.nominal and outer.trigger.nominal and outer.anchor == inner.anchor
    return clause or carried


def _same_act(a: Frame, b: Frame) -> bool:
    cameo = lexicon.cameo()
    return (cameo[a.code].plover_type == cameo[b.code].plover_type
            and [s.code for s in a.sources] == [s.code for s in b.sources])


def _clause_of(f: Frame) -> Token:
    """Where a frame's act sits in the sentence: a noun event's own word, else its clause's verb."""
    return f.trigger.token if f.trigger.nominal else f.anchor


def home_country(segments: Sequence[Segment], mentions: Sequence[Mention]) -> str | None:
    """The country the article is about: its dominant place's, else the country most of its named places (each
    counting twice), people and organisations belong to (a story about the Commons and two ministers that names one
    American firm is British), when one leads."""
    main = dominant_place(segments, mentions)
    if main is not None:
        return main.country
    return leading_country(mentions, place_votes=PLACE_VOTES)


def leading_country(mentions: Iterable[Mention], place_votes: int = 1) -> str | None:
    """The country most of the mentions belong to (a named place counting ``place_votes`` times; a nationality
    word, "Romanian visas", once), when one leads."""
    votes: Counter[str] = Counter()
    for m in mentions:
        if m.country:
            votes[m.country] += place_votes if is_place(m) and m.label != "NORP" else 1
    ranked = votes.most_common(2)
    if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return None


def _may_have_actor(sentence: Span, seg: int, idx: MentionIndex) -> bool:
    """Whether a sentence names anyone who could act: a named entity, a role word ("police"), a pronoun or a
    group noun ("the two countries"). Sentences without one are not searched for triggers (no event can have a
    source there)."""
    roles = lexicon.roles()
    return any(t.lower_ in PRONOUNS or t.lower_ in roles or t.lemma_ in GROUP_NOUNS
               or (m := idx.at(seg, t)) is not None and m.key for t in sentence)


def _events(f: Frame, si: int, ctx: ArticleContext) -> Iterator[Event]:
    """One event per (source, target) pair of a coded frame."""
    c, segment, article = f.trigger, ctx.segments[si], ctx.article
    dates = clause_dates(f.anchor, segment)
    if is_background(dates, article.published_date, ctx.latest_year, past_tense(f.anchor)) and not announced(f.anchor):
        return  # ("will evacuate the settlements in mid-August": the coming August, not the last)
    code = lexicon.cameo()[f.code]
    event_date, date_text = event_date_of(dates, article.published_date)
    where = locate(f, ctx.idx, ctx.segments, ctx.where)
    reporter, reporter_code = reported_by(f.anchor, c.seg, ctx.idx)
    sentence_index = segment.sentence_index(c.token.i)
    sentence = segment.sentence_of(c.token.i).text  # a glued headline's lead with the headline, as written
    targets = f.targets or place_target(f, where)
    for s in (state_doer(f, where) if s is UNKNOWN else s for s in f.sources):
        for t in targets or asked_of_government(f, s) or (None,):
            if t is not None and (t.entity_id and t.entity_id == s.entity_id or (t.text, t.code) == (s.text, s.code)):
                continue  # no one acts on himself
            yield Event(
                event_id=stable_id(article.article_id, sentence_index, c.token.i, s.text, s.code or "",
                                   t.text if t else "", t.code if t else "", code.code),
                article_id=article.article_id,
                sentence_index=sentence_index,
                sentence=sentence,
                event_date=event_date or article.published_date,
                date_text=date_text,
                source_text=s.text,
                target_text=t.text if t else None,
                source_entity_id=s.entity_id,
                target_entity_id=t.entity_id if t else None,
                source_code=s.code,
                target_code=t.code if t else None,
                source_country=s.country,
                target_country=t.country if t else None,
                trigger_text=c.text,
                cameo_code=code.code,
                cameo_root=code.root,
                quad_class=code.quad_class,
                goldstein=code.goldstein,
                plover_type=code.plover_type,
                negated=f.negated,
                location_text=where.text if where else None,
                location_country=where.country if where else None,
                lat=where.lat if where else None,
                lon=where.lon if where else None,
                location_source=where.source if where else None,
                confidence=confidence(f, s, t if f.targets else None),  # a target the text names
                reported_by=reporter,
                reported_by_code=reporter_code,
            )


def asked_of_government(f: Frame, source: Actor) -> tuple[Actor, ...]:
    """Whom an appeal or demand that names no one asked is made of: for a party, legislator or civil group, its own
    country's government ("The Conservatives have called for 24-hour drinking to be shelved", "MPs called for a
    tightening of regulations": GBRGOV); such a target, like a place's, adds no confidence."""
    sector = (source.code or "")[3:]
    if f.code[:2] not in ASKING_ROOTS or not source.country or sector not in PETITIONING_SECTORS:
        return ()
    return (Actor(None, None, source.country + "GOV", source.country, from_context=True),)


def state_doer(f: Frame, where: Location | None) -> Actor:
    """The doer of an agentless act only a state does (``STATE_ACTS``): the police, a court or the government of
    the place the sentence names, else of the victims' country, else of the dateline's or the article's place.
    Any other agentless act keeps its unknown doer."""
    body = STATE_ACTS.get(f.code[:3])
    if body is None and f.code[:2] == "11" and f.trigger.token.lemma_.lower() in CHARGING_VERBS:
        body = "police"
    if body is None:
        return UNKNOWN
    if f.trigger.token.lemma_.lower() in JUDICIAL_VERBS:
        body = "court"
    victims = next((t.country for t in f.targets if t.country), None)
    country = where.country if where and where.source == "sentence" else victims or (where.country if where else None)
    if country is None:
        return UNKNOWN
    return Actor(None, None, country + lexicon.roles()[body], country, from_context=True)


def place_target(f: Frame, where: Location | None) -> tuple[Actor, ...]:
    """The target of an act aimed at no one named that is done to a place's people or authorities
    (``PLACE_TARGET_ROOTS``): the government of the country its sentence or dateline places it in, for a protest
    ("rioted at a jail in northern Israel", "rallied in Lagos"), else that country ("lifted a night curfew in
    Montenegro", "suspended aid deliveries in Baghdad")."""
    if f.code[:2] not in PLACE_TARGET_ROOTS or where is None or where.source not in ("sentence", "dateline"):
        return ()
    code = where.country + ("GOV" if f.code[:2] == "14" else "")
    return (Actor(where.text, None, code, where.country, from_context=True),)


def confidence(f: Frame, source: Actor, target: Actor | None) -> float:
    """Higher when both actors have countries, the trigger is a verb in the main clause and the code is
    specific; lower for an expected target that is missing, a subordinate clause and an unknown source."""
    c = f.trigger
    score = 0.45 + (0.15 if source.country else 0) + (0.15 if target is not None else 0)
    score -= 0.3 if source is UNKNOWN else 0
    score -= 0.15 if source.from_context else 0
    score -= 0.2 if c.entry.needs_target and target is None else 0
    score -= min(0.1 * subordination(_clause_of(f)), 0.3)
    score += 0.1 if not c.nominal else 0
    score += 0.05 if len(f.code) >= 3 and not f.code.endswith("0") else 0
    return round(max(0.05, min(score, 0.95)), 2)


def subordination(anchor: Token) -> int:
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


def event_date_of(dates: Sequence[str], published: dt.date | None) -> tuple[dt.date | None, str | None]:
    """The first of the clause's date phrases (``clause_dates``) that resolves against publication."""
    if published is None:
        return None, None
    for phrase in dates:
        resolved = resolve_relative(phrase, published)
        if resolved is not None:
            return resolved, phrase
    return None, None


def is_background(dates: Sequence[str], published: dt.date | None, latest_year: int | None, past: bool) -> bool:
    """Whether the clause's date phrases date its act to well before publication ("imposed its arms ban on China
    in 1989", "pledged in February"): background to the news, not an event of it. Without a publication date, a
    past act dated to "last year", years ago or a year before ``latest_year`` (the latest the article names) is:
    ``long_past``."""
    if published is None:
        return past and any(long_past(phrase, latest_year) for phrase in dates)
    cutoff = published - dt.timedelta(days=BACKGROUND_DAYS)
    return any((day := latest_day(phrase, published)) is not None and day < cutoff for phrase in dates)


def latest_year(segments: Sequence[Segment]) -> int | None:
    """The latest year the article's date phrases name."""
    years = (year_of(e.text) for seg in segments for e in seg.doc.ents if e.label_ == "DATE")
    return max((y for y in years if y is not None), default=None)


def clause_dates(anchor: Token, segment: Segment) -> list[str]:
    """The date phrases of the sentence that hang on this clause's verb, else on the clause an adverbial clause
    belongs to ("failed to hold onto power in 1974 after Liberals demanded …": the demand was in 1974) or on the
    verb whose "to"-clause it is ("agreed last year to ease restrictions": the agreement was last year)."""
    found = _own_dates(anchor, segment)
    if not found and anchor.dep_ in ("advcl", "xcomp") and anchor.head.i != anchor.i:
        found = _own_dates(anchor.head, segment)
    return found


def _own_dates(anchor: Token, segment: Segment) -> list[str]:
    sent = anchor.sent
    return [ent.text for ent in segment.doc.ents if ent.label_ in ("DATE", "TIME") and sent.start <= ent.start
            and ent.end <= sent.end and (verb := dated_verb(ent.root)) is not None and verb.i == anchor.i]


def dated_verb(date: Token) -> Token | None:
    """The verb a date phrase dates: the first verb above it, unless the phrase is a point the act has gone on
    from ("attacked since the fall of its capital in June last year", "backed since 2006") or dates a noun of a
    noun ("a complaint over attacks on its territory in the late 1940s"; but "stood aside after the death of
    John Smith in 1994" is dated by it)."""
    head, preps = date.head, []
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        if head.dep_ == "prep":
            preps.append(head.lower_)
        head = head.head
    if SINCE in preps or len(preps) > 1 and preps[-1] not in TIME_PREPS:
        return None
    return head


__all__ = ["Event", "code_events"]
