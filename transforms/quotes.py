"""Quotations and who said them: “…,” the ministry said / X said “…” / X told Y that … “…”."""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Token

from transforms.entities import Mention
from transforms.events import SPEECH_VERBS, _Index, _phrase
from transforms.ids import stable_id
from transforms.models import Article
from transforms.nlp import Segment

QUOTE_PAIRS = re.compile(r"“([^“”]+)”|\"([^\"]+)\"|‘([^‘’]{3,})’(?!\w)")
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
    idx = _Index(mentions)
    rows = []
    for si, seg in enumerate(segments):
        if seg.in_title:
            continue
        text = seg.doc.text
        for match in QUOTE_PAIRS.finditer(text):
            group = next(g for g in range(1, 4) if match.group(g) is not None)
            q_start, q_end = match.start(group), match.end(group)
            quote = text[q_start:q_end]
            stripped = quote.rstrip(" ,")
            if not stripped.strip():
                continue
            span = seg.doc.char_span(match.start(), match.end(), alignment_mode="expand")
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
                    speaker_text = _phrase(subject)
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
