"""Typed records that flow between the pure transforms (data flows one way: files → raw articles → articles)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class FileRef:
    """One input file as discovered: where it is, its size and modification time (its bytes are hashed when read)."""

    path: str  # as given under the input root (relative where possible)
    abs_path: str
    size_bytes: int
    mtime_ns: int = 0  # modification time when discovered; 0 when unknown


@dataclass(frozen=True)
class RawArticle:
    """One article as read from a file, before normalisation."""

    record_index: int
    text: str  # body paragraphs separated by blank lines
    title: str | None = None
    date_text: str | None = None
    url: str | None = None
    source_name: str | None = None


@dataclass(frozen=True)
class ReadResult:
    """What a reader made of a file: its format and articles, or the reason it was quarantined."""

    format: str
    articles: tuple[RawArticle, ...] = ()
    reason: str | None = None
    compression: str | None = None
    # records of a good file that could not be read: (record_index, reason); the file's other records load
    problems: tuple[tuple[int, str], ...] = ()

    @property
    def quarantined(self) -> bool:
        return self.reason is not None


@dataclass(frozen=True)
class Article:
    """A normalised article: offsets in mentions, events and quotes point into ``title``/``body``."""

    article_id: str
    content_hash: str
    file_id: str
    file_sha256: str
    record_index: int
    title: str | None
    body: str
    published_at: dt.datetime | None
    published_date: dt.date | None
    date_text: str | None
    language: str | None
    n_words: int
    url: str | None = None
    source_name: str | None = None
    duplicate_of: str | None = None
    dateline_place: str | None = None  # a wire dateline's place as written ("KABUL, Afghanistan")
    dateline_date: str | None = None  # … and its date as written ("Feb 23"), with or without a year
    paragraphs: tuple[tuple[int, str], ...] = field(default=(), repr=False)  # (offset in body, text)
