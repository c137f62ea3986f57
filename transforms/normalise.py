"""Text normalisation and the Article record: ftfy repair, NFC, whitespace, stable ids."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import fields
from functools import cache
from typing import Any

import ftfy

from transforms.datelines import dated, split_lead
from transforms.dates import parse_date
from transforms.ids import stable_id
from transforms.models import Article, RawArticle

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_PARA_SPLIT = re.compile(r"\n\s*\n")
# Below this many letters, or this probability, the language is left unknown (NULL).
MIN_LANGUAGE_LETTERS = 20
MIN_LANGUAGE_PROBABILITY = 0.5
_LETTERS = re.compile(r"[^\W\d_]")


@cache
def _language_identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def fix_text(text: str) -> str:
    """Repair mojibake and broken Unicode, keep curly quotes and accents as written, NFC."""
    fixed = ftfy.fix_text(text, uncurl_quotes=False, normalization="NFC")
    return unicodedata.normalize("NFC", fixed)


def clean_paragraph(text: str) -> str:
    """Collapse all whitespace (including line breaks) inside one paragraph."""
    return _SPACES.sub(" ", text.replace("\r", " ").replace("\n", " ")).strip()


def split_paragraphs(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paras = (clean_paragraph(p) for p in _PARA_SPLIT.split(text))
    return [p for p in paras if p]


def guess_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language (py3langid, offline); None when too short or unsure."""
    sample = text[:1200]
    if len(_LETTERS.findall(sample, 0, 400)) < MIN_LANGUAGE_LETTERS:
        return None
    lang, prob = _language_identifier().classify(sample)
    return lang if prob >= MIN_LANGUAGE_PROBABILITY else None


def normalise(raw: RawArticle, *, file_id: str, file_sha256: str) -> Article:
    """Turn a read record into an Article with repaired text, paragraph offsets and ids."""
    title = clean_paragraph(fix_text(raw.title or ""))
    dateline, paragraphs = split_lead(split_paragraphs(fix_text(raw.text)))
    date_text = raw.date_text or dated(dateline)
    body = "\n\n".join(paragraphs)
    offsets: list[tuple[int, str]] = []
    pos = 0
    for p in paragraphs:
        offsets.append((pos, p))
        pos += len(p) + 2
    published_at = published_date = None
    if date_text:
        parsed = parse_date(date_text)
        if parsed:
            when, has_time = parsed
            published_date = when.date()
            published_at = when if has_time else None
    return Article(
        article_id=stable_id(file_sha256, raw.record_index),
        content_hash=stable_id(title, body, length=32),
        file_id=file_id,
        file_sha256=file_sha256,
        record_index=raw.record_index,
        title=title or None,
        body=body,
        published_at=published_at,
        published_date=published_date,
        date_text=date_text,
        language=guess_language(f"{title}\n{body}"),
        n_words=len(title.split()) + len(body.split()),
        url=raw.url,
        source_name=raw.source_name or (dateline.source if dateline else None),
        dateline_place=dateline.place if dateline else None,
        dateline_date=dateline.date if dateline else None,
        paragraphs=tuple(offsets),
    )


def stored_article(row: Mapping[str, Any]) -> Article:
    """The Article of a stored ``articles`` row (the lake's), to code it again: every field as stored, and the
    paragraphs with their offsets rebuilt from the body (``normalise`` joins them with one blank line)."""
    offsets, pos = [], 0
    for paragraph in row["body"].split("\n\n") if row["body"] else ():
        offsets.append((pos, paragraph))
        pos += len(paragraph) + 2
    names = {f.name for f in fields(Article)} - {"paragraphs"}
    return Article(**{k: v for k, v in row.items() if k in names}, paragraphs=tuple(offsets))
