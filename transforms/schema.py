"""The Arrow schemas of every table: the single owner of column names and types.

Parquet files and DuckDB tables are both written from these schemas (see ``to_table`` and
``duckdb_ddl``); no other module spells a column list. What each table and column means is spelled once too,
in ``TABLE_DESCRIPTIONS`` and ``COLUMN_DESCRIPTIONS`` (the docs' tables page is generated from them; *extra* marks
eventwire's additions to the columns of the event-data contract (v1) that users rely on).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pyarrow as pa

FILES = pa.schema(
    [
        ("file_id", pa.string()),
        ("path", pa.string()),
        ("sha256", pa.string()),
        ("format", pa.string()),
        ("compression", pa.string()),
        ("size_bytes", pa.int64()),
        ("mtime_ns", pa.int64()),
        ("status", pa.string()),
        ("reason", pa.string()),
        ("duplicate_of", pa.string()),
        ("n_articles", pa.int32()),
        ("last_run_id", pa.string()),
        ("present", pa.bool_()),
    ]
)

ARTICLES = pa.schema(
    [
        ("article_id", pa.string()),
        ("content_hash", pa.string()),
        ("file_id", pa.string()),
        ("file_sha256", pa.string()),
        ("record_index", pa.int32()),
        ("url", pa.string()),
        ("source_name", pa.string()),
        ("title", pa.string()),
        ("published_at", pa.timestamp("us")),
        ("published_date", pa.date32()),
        ("date_text", pa.string()),
        ("dateline_place", pa.string()),
        ("dateline_date", pa.string()),
        ("language", pa.string()),
        ("body", pa.string()),
        ("n_words", pa.int32()),
        ("duplicate_of", pa.string()),
        ("run_id", pa.string()),
        ("coder_version", pa.string()),
    ]
)

MENTIONS = pa.schema(
    [
        ("mention_id", pa.string()),
        ("article_id", pa.string()),
        ("in_title", pa.bool_()),
        ("start_char", pa.int32()),
        ("end_char", pa.int32()),
        ("sentence_index", pa.int32()),
        ("text", pa.string()),
        ("label", pa.string()),
        ("entity_id", pa.string()),
        ("entity_name", pa.string()),
        ("country_code", pa.string()),
        ("actor_code", pa.string()),
        ("sector", pa.string()),
        ("lat", pa.float64()),
        ("lon", pa.float64()),
        ("model_label", pa.string()),
    ]
)

ENTITIES = pa.schema(
    [
        ("entity_id", pa.string()),
        ("name", pa.string()),
        ("label", pa.string()),
        ("country_code", pa.string()),
        ("actor_code", pa.string()),
        ("sector", pa.string()),
        ("lat", pa.float64()),
        ("lon", pa.float64()),
        ("n_mentions", pa.int64()),
        ("n_articles", pa.int64()),
    ]
)

ENTITY_ALIASES = pa.schema(
    [
        ("entity_id", pa.string()),
        ("alias", pa.string()),
        ("n", pa.int64()),
    ]
)

EVENTS = pa.schema(
    [
        ("event_id", pa.string()),
        ("article_id", pa.string()),
        ("sentence_index", pa.int32()),
        ("sentence", pa.string()),
        ("event_date", pa.date32()),
        ("date_text", pa.string()),
        ("source_text", pa.string()),
        ("target_text", pa.string()),
        ("source_entity_id", pa.string()),
        ("target_entity_id", pa.string()),
        ("source_code", pa.string()),
        ("target_code", pa.string()),
        ("source_country", pa.string()),
        ("target_country", pa.string()),
        ("trigger_text", pa.string()),
        ("cameo_code", pa.string()),
        ("cameo_root", pa.string()),
        ("quad_class", pa.int8()),
        ("goldstein", pa.float64()),
        ("plover_type", pa.string()),
        ("negated", pa.bool_()),
        ("location_text", pa.string()),
        ("location_country", pa.string()),
        ("lat", pa.float64()),
        ("lon", pa.float64()),
        ("location_source", pa.string()),
        ("confidence", pa.float64()),
        ("reported_by", pa.string()),
        ("reported_by_code", pa.string()),
        ("coder_version", pa.string()),
    ]
)

QUOTES = pa.schema(
    [
        ("quote_id", pa.string()),
        ("article_id", pa.string()),
        ("speaker_text", pa.string()),
        ("speaker_entity_id", pa.string()),
        ("quote_text", pa.string()),
        ("start_char", pa.int32()),
        ("end_char", pa.int32()),
        ("sentence_index", pa.int32()),
    ]
)

QUARANTINED_RECORDS = pa.schema(
    [
        ("file_id", pa.string()),
        ("path", pa.string()),
        ("record_index", pa.int32()),
        ("reason", pa.string()),
        ("last_run_id", pa.string()),
    ]
)

RUNS = pa.schema(
    [
        ("run_id", pa.string()),
        ("started_at", pa.timestamp("us")),
        ("finished_at", pa.timestamp("us")),
        ("status", pa.string()),
        ("inputs", pa.list_(pa.string())),
        ("files_seen", pa.int64()),
        ("files_loaded", pa.int64()),
        ("files_unchanged", pa.int64()),
        ("files_duplicate", pa.int64()),
        ("files_quarantined", pa.int64()),
        ("files_missing", pa.int64()),
        ("articles", pa.int64()),
        ("articles_duplicate", pa.int64()),
        ("articles_not_english", pa.int64()),
        ("records_quarantined", pa.int64()),
        ("mentions", pa.int64()),
        ("entities", pa.int64()),
        ("events", pa.int64()),
        ("quotes", pa.int64()),
        ("seconds", pa.float64()),
        ("model", pa.string()),
        ("kind", pa.string()),
        ("coder_version", pa.string()),
        ("articles_stale", pa.int64()),
    ]
)

TABLES: dict[str, pa.Schema] = {
    "files": FILES,
    "articles": ARTICLES,
    "mentions": MENTIONS,
    "entities": ENTITIES,
    "entity_aliases": ENTITY_ALIASES,
    "events": EVENTS,
    "quotes": QUOTES,
    "quarantined_records": QUARANTINED_RECORDS,
    "runs": RUNS,
}

# Lake-only tables (not loaded into the warehouse): MinHash signatures of canonical articles, so that
# near duplicates are found across runs.
SIGNATURES = pa.schema([("article_id", pa.string()), ("minhash", pa.binary()), ("run_id", pa.string())])

# What every table and column means, spelled once: docs/tables.md is generated from these (tools/build_docs.py;
# tests/test_docs.py fails when the page is stale and tests/test_schema.py when a column has no description).
# Markdown; "*extra*" marks an addition to the data contract v1 (../shared/CONTRACT.md).
TABLE_DESCRIPTIONS: dict[str, tuple[str, str]] = {
    # table: (what a row is, a note on the table or "")
    "files": ("every input file the pipeline has seen", ""),
    "quarantined_records": (
        "bad records inside good files",
        "A broken line of a JSON Lines file, a CSV row without text, a WARC record whose page has no article, an "
        "archive member that cannot be read: the record is quarantined here, and the file's other records load.",
    ),
    "articles": ("one row per article", ""),
    "mentions": ("entity mentions", ""),
    "entities": ("canonical entities across the corpus", ""),
    "entity_aliases": ("how names were merged", ""),
    "events": (
        "who did what to whom, when, where",
        "One event per source actor and per target actor: \"Russia and China rejected…\" gives two events.",
    ),
    "quotes": ("quotes and their speakers", ""),
    "runs": ("one row per flow run", ""),
    "signatures": (
        "MinHash signatures of canonical articles (lake only, not loaded into the warehouse)",
        "Kept in the lake (`<lake>/signatures/`) so that a near copy arriving in a later run still points at the "
        "first one.",
    ),
}

COLUMN_DESCRIPTIONS: dict[str, dict[str, str]] = {
    "files": {
        "file_id": "hash of the path as given (one row per path)",
        "path": "the path as given on the command line, plus the file's place under a folder; an archive's member: "
        "the archive's path, `!/`, its name in the archive",
        "sha256": "hash of the bytes; a second path with the same bytes is a `duplicate`",
        "format": "`txt`, `html`, `json`, `jsonl`, `csv`, `tsv`, `warc`; `zip` or `tar` for an archive's own row; "
        "`binary`, `gzip`, `bz2` or `xz` for files that could not be read",
        "compression": "*extra*: `gzip`, `bz2`, `xz`, or NULL",
        "size_bytes": "the file's size in bytes",
        "mtime_ns": "*extra*: the file's modification time (ns since 1970) when read; a file with the recorded size "
        "and time is `unchanged` without being read",
        "status": "`loaded`, `unchanged`, `duplicate`, `quarantined`",
        "reason": "why it was quarantined, in words; NULL otherwise",
        "duplicate_of": "*extra*: for a `duplicate`, the path of the file first loaded with the same bytes",
        "n_articles": "articles read from it",
        "last_run_id": "the last run that saw it",
        "present": "*extra* (proposed for contract v2): false once the file is gone from disk; its rows stay in "
        "every table. NULL in snapshots written before this column existed",
    },
    "quarantined_records": {
        "file_id": "→ files",
        "path": "the file's path; for an archive's member, the member's (`news.zip!/feb/story.txt`)",
        "record_index": "the record's position in its file (line, row, array element, WARC record or archive entry)",
        "reason": "why, in words",
        "last_run_id": "the run that read it",
    },
    "articles": {
        "article_id": "hash of the file's sha256 and the record's position",
        "content_hash": "hash of the normalised title + body (exact duplicates share it)",
        "file_id": "→ files",
        "file_sha256": "*extra*: the bytes it was read from (lineage)",
        "record_index": "position inside its file (0 for one-article files)",
        "url": "the article's URL, when known",
        "source_name": "the outlet, when known (a dateline's agency when the file names none)",
        "title": "normalised headline; NULL when the file has none",
        "published_at": "UTC, when the date line gives a time; NULL otherwise",
        "published_date": "when a date is known",
        "date_text": "*extra*: the date line as written",
        "dateline_place": "*extra*: a wire dateline's place as written (\"KABUL, Afghanistan\"); NULL without one",
        "dateline_date": "*extra*: a wire dateline's date as written (\"Feb 23\"); NULL without one",
        "language": "ISO 639-1 (py3langid); NULL when the text is too short to tell",
        "body": "normalised text, paragraphs separated by a blank line; offsets point into it",
        "n_words": "words in title and body",
        "duplicate_of": "article_id of the first copy when this is an exact or near duplicate, else NULL",
        "run_id": "the flow run that wrote it (the run that read it, or the last `eventwire recode` that coded it "
        "again)",
        "coder_version": "*extra*: the coder version that coded it (eventwire release, lexicon tables, spaCy model); "
        "duplicates and articles not in English, stored but not coded, carry the version that stored them. NULL "
        "in lakes written before it was recorded; `eventwire recode` brings every article to the current one",
    },
    "mentions": {
        "mention_id": "the mention's id",
        "article_id": "→ articles",
        "in_title": "offsets point into the title when true, into the body otherwise",
        "start_char": "where the mention starts: `body[start_char:end_char] = text`",
        "end_char": "where it ends (exclusive)",
        "sentence_index": "article-wide: the title's sentences first, then the body's",
        "text": "surface form (without a leading \"the\" or a possessive 's)",
        "label": "OntoNotes: PERSON, NORP, FAC, ORG, GPE, LOC, PRODUCT, EVENT, WORK_OF_ART, LAW, LANGUAGE, DATE, "
        "TIME, PERCENT, MONEY, QUANTITY, ORDINAL, CARDINAL",
        "entity_id": "→ entities; NULL for dates and numbers",
        "entity_name": "*extra*: the canonical name this mention was linked to",
        "country_code": "*extra*: the country this mention gives its entity (the entities table is built from "
        "these columns)",
        "actor_code": "*extra*: the actor code this mention gives its entity",
        "sector": "*extra*: the sector this mention gives its entity",
        "lat": "*extra*: latitude, for places found in the gazetteer",
        "lon": "*extra*: longitude, for places found in the gazetteer",
        "model_label": "*extra*: the label spaCy gave before the gazetteer fixes (NULL for mentions spaCy missed)",
    },
    "entities": {
        "entity_id": "stable across runs and machines (hash of the entity's key)",
        "name": "canonical name (\"Dmitry Medvedev\", not \"Medvedev\"; \"United Arab Emirates\" for \"UAE\")",
        "label": "as in mentions",
        "country_code": "ISO alpha-3 the entity belongs to or lies in",
        "actor_code": "e.g. `RUSGOV`, `IGOUNO`; NULL when not an actor",
        "sector": "GOV, MIL, COP, REB, OPP, LEG, JUD, BUS, MED, IGO, NGO, CVL, EDU, REF, REL",
        "lat": "latitude, places only",
        "lon": "longitude, places only",
        "n_mentions": "mentions of the entity in the corpus",
        "n_articles": "articles that mention it",
    },
    "entity_aliases": {
        "entity_id": "→ entities",
        "alias": "a surface form its mentions were written as (\"Medvedev\", \"Russian\", \"IMF\")",
        "n": "mentions written so",
    },
    "events": {
        "event_id": "the event's id",
        "article_id": "→ articles",
        "sentence_index": "as in mentions",
        "sentence": "the sentence the event was coded from",
        "event_date": "resolved from the text against the publication date",
        "date_text": "the phrase the date came from (\"Wednesday\"); NULL when it defaulted to publication",
        "source_text": "the source actor's phrase as written",
        "target_text": "the target actor's phrase as written; NULL for one-actor events",
        "source_entity_id": "→ entities, when the source is a named entity",
        "target_entity_id": "→ entities, when the target is a named entity",
        "source_code": "the source's actor code (`RUSGOV`)",
        "target_code": "the target's actor code",
        "source_country": "the source's country, ISO alpha-3",
        "target_country": "the target's country, ISO alpha-3",
        "trigger_text": "the verb or noun that carries the event (\"called\", \"vetoing\", \"onslaughts\", \"told … "
        "futile\")",
        "cameo_code": "the most specific CAMEO code the text supports, e.g. '041'",
        "cameo_root": "two digits, e.g. '04'",
        "quad_class": "1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict",
        "goldstein": "Goldstein weight of cameo_code",
        "plover_type": "PLOVER category (CONSULT, REJECT, ASSAULT, …; docs/coding.md says which table)",
        "negated": "the text says it did not happen (\"did not attack\", \"refused to meet\")",
        "location_text": "where it happened: the place the event's sentence names, else the article's dateline, "
        "else the place the article is plainly about (see `location_source`)",
        "location_country": "the location's country, ISO alpha-3",
        "lat": "latitude of the location: a city's own, a country's centroid (a region takes its country's)",
        "lon": "longitude of the location",
        "location_source": "*extra*: which rule gave the location: sentence (a place in the event's own clause or "
        "sentence), dateline (the article's dateline), article (the article's dominant place, else the country it "
        "is about); NULL when none applies",
        "confidence": "0–1: higher when both actors have countries and the trigger is a verb",
        "reported_by": "*extra*: who reports it, as written: the speaker of the reported speech that holds the "
        "event (\"X said Y will not yield\" → X), or the source of \"according to\"; NULL when the text states it "
        "directly",
        "reported_by_code": "*extra*: that reporter's actor code, when it is an actor",
        "coder_version": "*extra*: the coder version that coded the event (its article's)",
    },
    "quotes": {
        "quote_id": "the quote's id",
        "article_id": "→ articles",
        "speaker_text": "as written (\"the Russian foreign ministry\"); NULL when no speaker is found",
        "speaker_entity_id": "→ entities, when the speaker is a named person or organisation",
        "quote_text": "without the quotation marks (and without a trailing comma inside them)",
        "start_char": "where the quote starts, into body",
        "end_char": "where it ends (exclusive), into body",
        "sentence_index": "*extra*: as in mentions",
    },
    "runs": {
        "run_id": "the Prefect flow run id",
        "started_at": "UTC",
        "finished_at": "UTC",
        "status": "`completed`; *extra* values: `running` (in progress), `crashed` (killed; marked so by the next "
        "run), `failed` (ended with an error), `interrupted` (stopped by SIGTERM or Ctrl-C, e.g. `eventwire serve` "
        "stopping; its work is redone by the next run, see Crash safety), `skipped` (another run was writing; see "
        "One writer at a time)",
        "inputs": "*extra*: the files and folders the run was given, as given; `--full-refresh` reads them again",
        "files_seen": "this run's files",
        "files_loaded": "this run's files loaded",
        "files_unchanged": "this run's files unchanged",
        "files_duplicate": "this run's files that are duplicates",
        "files_quarantined": "this run's files quarantined",
        "files_missing": "*extra*: files in the warehouse whose path no longer exists (their rows are kept)",
        "articles": "articles this run added",
        "articles_duplicate": "*extra*: of the new articles, exact or near copies of an earlier one",
        "articles_not_english": "*extra*: of the new articles, those stored but not coded (not English)",
        "records_quarantined": "*extra*: bad records inside good files",
        "mentions": "mentions this run added",
        "entities": "*extra*: canonical entities in the warehouse after the run",
        "events": "events this run added",
        "quotes": "quotes this run added",
        "seconds": "*extra*: wall time of the flow",
        "model": "*extra*: the spaCy model that coded the run",
        "kind": "*extra*: `run` (`eventwire run`, `serve`, deployments) or `recode` (`eventwire recode`: `files_*` "
        "are NULL, `articles` counts the articles coded again, `mentions`, `events` and `quotes` the rows written "
        "for them); NULL in rows written before it was recorded",
        "coder_version": "*extra*: the coder version the run coded with",
        "articles_stale": "*extra*: stored articles of another coder version when the run ended (what `eventwire "
        "recode` would code)",
    },
    "signatures": {
        "article_id": "→ articles (canonical copies only)",
        "minhash": "the MinHash signature of the body's word 3-shingles (128 permutations)",
        "run_id": "the run that wrote it",
    },
}

_DUCKDB_TYPES = {
    pa.string(): "VARCHAR",
    pa.int8(): "TINYINT",
    pa.int32(): "INTEGER",
    pa.int64(): "BIGINT",
    pa.float64(): "DOUBLE",
    pa.bool_(): "BOOLEAN",
    pa.date32(): "DATE",
    pa.timestamp("us"): "TIMESTAMP",
    pa.list_(pa.string()): "VARCHAR[]",
}


def to_table(rows: Iterable[Mapping[str, Any]], schema: pa.Schema) -> pa.Table:
    """Build a table of ``schema`` from row mappings; missing keys are NULL, unknown keys an error."""
    rows = list(rows)
    names = set(schema.names)
    for row in rows:
        extra = set(row) - names
        if extra:
            raise KeyError(f"columns not in the schema: {sorted(extra)}")
    return pa.Table.from_pylist([dict(r) for r in rows], schema=schema)


def duckdb_type(arrow_type: pa.DataType) -> str:
    """The DuckDB type a column of ``arrow_type`` is loaded as (KeyError: a type the warehouse does not load)."""
    return _DUCKDB_TYPES[arrow_type]


def empty(schema: pa.Schema) -> pa.Table:
    return schema.empty_table()


def duckdb_ddl(table: str, schema: pa.Schema | None = None) -> str:
    """``CREATE OR REPLACE TABLE`` statement for ``table`` with the types of its Arrow schema."""
    schema = schema or TABLES[table]
    cols = ", ".join(f'"{f.name}" {duckdb_type(f.type)}' for f in schema)
    return f'CREATE OR REPLACE TABLE "{table}" ({cols})'
