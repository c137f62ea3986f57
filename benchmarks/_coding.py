"""In-process event coding for the benchmarks: the pipeline's pure transforms, without Prefect or files.

One text becomes one article (the text as its body, no title), all articles are parsed in one ``nlp.pipe``
stream, and ``extract_all(...).events`` gives the event rows (dicts with the EVENTS columns), grouped back by
the caller's id; ``code_documents`` also keeps each article's sentences as the model split them. The model is
loaded once per process.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
INTERNATIONAL = ("IGO", "NGO", "IMG", "MNC")  # CAMEO's actors without a country: IGOs, NGOs, armed groups, firms


@dataclass
class Coded:
    events: dict[str, list[dict]]  # per id, in the order the coder wrote them; ids without an event are absent
    sentences: dict[str, list[str]]  # per id, the article's sentences (title first, if any) as the model split them


@lru_cache(maxsize=1)
def model():
    from transforms.nlp import load_model, resolve_model_name

    return load_model(resolve_model_name())


def code_documents(ids: Sequence[str], texts: Sequence[str], dates: Sequence[str | None]) -> Coded:
    """Code every text as one article's body; events and sentences per id."""
    from transforms.extract import extract_all
    from transforms.models import RawArticle
    from transforms.nlp import parse_articles
    from transforms.normalise import normalise

    articles = [normalise(RawArticle(0, text, date_text=date), file_id=key, file_sha256=key)
                for key, text, date in zip(ids, texts, dates, strict=True)]
    parsed = parse_articles(model(), articles)
    extraction = extract_all(articles, parsed)
    for article_id, error in extraction.failures:
        print(f"warning: coding failed for article {article_id}: {error}", file=sys.stderr)
    by_article = {a.article_id: key for a, key in zip(articles, ids, strict=True)}
    events: dict[str, list[dict]] = {}
    for event in extraction.events:
        events.setdefault(by_article[event["article_id"]], []).append(event)
    sentences = {key: [s.text for seg in segments for s in seg.sentences()] for key, segments in zip(ids, parsed,
                                                                                                    strict=True)}
    return Coded(events, sentences)


def code_texts(ids: Sequence[str], texts: Sequence[str], dates: Sequence[str | None]) -> dict[str, list[dict]]:
    """Event rows per id (ids without an event are absent), in the order the coder wrote them."""
    return code_documents(ids, texts, dates).events


def top_event(events: Sequence[dict]) -> dict | None:
    """The event with the highest confidence; ties go to the first written."""
    best = None
    for event in events:
        if best is None or (event["confidence"] or 0) > (best["confidence"] or 0):
            best = event
    return best


def actor_of(code: str | None, country: str | None) -> str | None:
    """What an actor is scored as: its country, else the IGO/NGO/IMG/MNC prefix of its code."""
    if country:
        return country
    return code[:3] if code and code[:3] in INTERNATIONAL else None
