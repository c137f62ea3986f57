"""From parsed articles to table rows: mentions, events and quotes (pure; the model is passed in)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from transforms.entities import find_mentions
from transforms.events import code_events
from transforms.ids import stable_id
from transforms.models import Article
from transforms.nlp import Segment
from transforms.quotes import find_quotes


@dataclass
class Extraction:
    mentions: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    quotes: list[dict] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (article_id, error)

    def extend(self, other: Extraction) -> None:
        self.mentions.extend(other.mentions)
        self.events.extend(other.events)
        self.quotes.extend(other.quotes)
        self.failures.extend(other.failures)


def extract_article(article: Article, segments: Sequence[Segment]) -> Extraction:
    mentions = find_mentions(segments, article.published_date)
    rows = []
    for m in mentions:
        seg = segments[m.seg]
        start, end = seg.char_span(m.start, m.end)
        rows.append(
            {
                "mention_id": stable_id(article.article_id, seg.in_title, start, end),
                "article_id": article.article_id,
                "in_title": seg.in_title,
                "start_char": start,
                "end_char": end,
                "sentence_index": seg.sentence_index(m.start),
                "text": m.text(segments),
                "label": m.label,
                "entity_id": m.entity_id,
                "entity_name": m.name if m.key else None,
                "country_code": m.country,
                "actor_code": m.actor_code,
                "sector": m.sector,
                "lat": m.lat,
                "lon": m.lon,
                "model_label": m.model_label or None,
            }
        )
    return Extraction(
        mentions=rows,
        events=[asdict(e) for e in code_events(article, segments, mentions)],
        quotes=find_quotes(article, segments, mentions),
    )


def extract_all(articles: Sequence[Article], parsed: Sequence[Sequence[Segment]]) -> Extraction:
    """Rows for every article; an article that trips a bug is reported in ``failures``, not fatal."""
    out = Extraction()
    for article, segments in zip(articles, parsed, strict=True):
        try:
            out.extend(extract_article(article, segments))
        except Exception as exc:  # noqa: BLE001 — one article must not sink the batch
            out.failures.append((article.article_id, f"{type(exc).__name__}: {exc}"))
    return out
