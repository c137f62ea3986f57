"""Quotations and who said them: “…,” the ministry said / X said “…” / X told Y that … “…”."""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Token

from transforms.entities import Mention
from transforms.ids import stable_id
from transforms.models import Article
from transforms.nlp import Segment
from transforms.syntax import SPEECH_VERBS, MentionIndex, phrase

CURLY_PAIRS = re.compile(r"“([^“”]+)”|‘([^‘’]{3,})’(?!\w)")
_OPEN_BEFORE = " \t([{—–-:;/"


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the text inside each pair of quotation marks.

    Curly quotes pair by direction. A straight quote opens after a space or the start of the text and
    closes after a non-space; an opening quote followed by another opening one was never closed (a quote
    that runs into the next paragraph) and is dropped, so quotes never pair across narration.
    """
    spans = [(m.start(g), m.end(g)) for m in CURLY_PAIRS.finditer(text) for g in (1, 2) if m.group(g)]
    open_at = None
    for i, ch in enumerate(text):
        if ch != '"':
            continue
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        opening = before in _OPEN_BEFORE and not after.isspace()
        if opening:
            open_at = i
        elif open_at is not None and not before.isspace():
            spans.append((open_at + 1, i))
            open_at = None
    return sorted(spans)
SPEECH = SPEECH_VERBS | {"reaffirm", "stress", "announce", "describe", "call", "write", "quote", "reply",
                         "respond", "accuse", "urge", "add", "tweet", "conclude", "explain", "admit"}


def _speech_verb(tokens: list[Token], inside: set[int]) -> Token | None:
    """The nearest speech verb outside the quote that governs it, else one in the same sentence."""
    for tok in tokens:
        cur = tok
        for _ in range(10):
            if cur.head.i == cur.i:
                break
            cur = cur.head
            if cur.i not in inside and cur.pos_ == "VERB" and cur.lemma_ in SPEECH:
                return cur
    sent = tokens[0].sent
    for tok in sent:
        if tok.i not in inside and tok.pos_ == "VERB" and tok.lemma_ in SPEECH_VERBS:
            return tok
    return None


def find_quotes(article: Article, segments: Sequence[Segment], mentions: Sequence[Mention]) -> list[dict]:
    """Quote rows (QUOTES schema): text without quotation marks, offsets into the body, the speaker."""
    idx = MentionIndex(mentions)
    rows = []
    for si, seg in enumerate(segments):
        if seg.in_title:
            continue
        text = seg.doc.text
        for q_start, q_end in quote_spans(text):
            stripped = text[q_start:q_end].rstrip(" ,")
            if not stripped.strip():
                continue
            span = seg.doc.char_span(q_start - 1, q_end + 1, alignment_mode="expand")
            tokens = [t for t in span if not t.is_punct] if span is not None else []
            speaker_text = speaker_entity = None
            sentence_index = seg.sentence_index(span.start) if span is not None else seg.first_sentence
            if tokens:
                inside = {t.i for t in span}
                verb = _speech_verb(tokens, inside)
                subject = None
                if verb is not None:
                    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                if subject is not None and subject.i not in inside:
                    speaker_text = phrase(subject)
                    for t in subject.subtree:
                        m = idx.at(si, t)
                        if m is not None and m.key and m.label in ("PERSON", "ORG"):
                            speaker_entity = m.entity_id
                            break
            start = seg.offset + q_start
            rows.append(
                {
                    "quote_id": stable_id(article.article_id, start),
                    "article_id": article.article_id,
                    "speaker_text": speaker_text,
                    "speaker_entity_id": speaker_entity,
                    "quote_text": stripped,
                    "start_char": start,
                    "end_char": start + len(stripped),
                    "sentence_index": sentence_index,
                }
            )
    return rows
