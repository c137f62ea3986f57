"""The Arrow schemas of every table: the single owner of column names and types.

Parquet files and DuckDB tables are both written from these schemas (see ``to_table`` and
``duckdb_ddl``); no other module spells a column list. Columns marked *extra* below are eventwire's additions
to the columns of the event-data contract (v1) that users rely on.
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
        ("compression", pa.string()),  # extra: gzip, … or NULL
        ("size_bytes", pa.int64()),
        ("mtime_ns", pa.int64()),  # extra: modification time of the bytes read; same size and time → unchanged
        ("status", pa.string()),
        ("reason", pa.string()),
        ("duplicate_of", pa.string()),  # extra: for a duplicate, the path of the file first loaded with its bytes
        ("n_articles", pa.int32()),
        ("last_run_id", pa.string()),
        # extra: false once the file is gone from disk; its rows stay in every table (proposed for contract v2)
        ("present", pa.bool_()),
    ]
)

ARTICLES = pa.schema(
    [
        ("article_id", pa.string()),
        ("content_hash", pa.string()),
        ("file_id", pa.string()),
        ("file_sha256", pa.string()),  # extra: the bytes the article was read from (lineage)
        ("record_index", pa.int32()),
        ("url", pa.string()),
        ("source_name", pa.string()),
        ("title", pa.string()),
        ("published_at", pa.timestamp("us")),
        ("published_date", pa.date32()),
        ("date_text", pa.string()),  # extra: the date line as written
        ("dateline_place", pa.string()),  # extra: a wire dateline's place as written ("KABUL, Afghanistan")
        ("dateline_date", pa.string()),  # extra: … and its date as written ("Feb 23")
        ("language", pa.string()),
        ("body", pa.string()),
        ("n_words", pa.int32()),
        ("duplicate_of", pa.string()),
        ("run_id", pa.string()),
        # extra: the coder version (eventwire, lexicon tables, spaCy model) that processed the article; NULL in
        # lakes written before it was recorded. ``eventwire recode`` brings every article to the current one.
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
        # extra: what this mention says about its entity; the entities table is built from these
        ("entity_name", pa.string()),
        ("country_code", pa.string()),
        ("actor_code", pa.string()),
        ("sector", pa.string()),
        ("lat", pa.float64()),
        ("lon", pa.float64()),
        ("model_label", pa.string()),  # the label the statistical model gave, before gazetteer fixes
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
        # extra: which rule gave the location: "sentence", "dateline" or "article" (transforms.places)
        ("location_source", pa.string()),
        ("confidence", pa.float64()),
        ("reported_by", pa.string()),
        ("reported_by_code", pa.string()),
        ("coder_version", pa.string()),  # extra: the coder version that coded the event (as its article's)
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
        ("sentence_index", pa.int32()),  # extra
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
        # extra: the files and folders the run was given, as given (a full refresh reads them all again)
        ("inputs", pa.list_(pa.string())),
        ("files_seen", pa.int64()),
        ("files_loaded", pa.int64()),
        ("files_unchanged", pa.int64()),
        ("files_duplicate", pa.int64()),
        ("files_quarantined", pa.int64()),
        ("files_missing", pa.int64()),  # extra: files in the warehouse no longer on disk (rows kept)
        ("articles", pa.int64()),
        ("articles_duplicate", pa.int64()),  # extra: new articles that are exact or near copies
        ("articles_not_english", pa.int64()),  # extra: stored, not coded by the English NLP
        ("records_quarantined", pa.int64()),  # extra: bad records inside good files
        ("mentions", pa.int64()),
        ("entities", pa.int64()),  # extra
        ("events", pa.int64()),
        ("quotes", pa.int64()),
        ("seconds", pa.float64()),  # extra
        ("model", pa.string()),  # extra: the spaCy model that coded the run
        ("kind", pa.string()),  # extra: "run" (eventwire run, serve, deployments) or "recode" (eventwire recode)
        ("coder_version", pa.string()),  # extra: the coder version of the run
        # extra: stored articles coded by another coder version when the run ended (`eventwire recode` updates them)
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


def empty(schema: pa.Schema) -> pa.Table:
    return schema.empty_table()


def duckdb_ddl(table: str, schema: pa.Schema | None = None) -> str:
    """``CREATE OR REPLACE TABLE`` statement for ``table`` with the types of its Arrow schema."""
    schema = schema or TABLES[table]
    cols = ", ".join(f'"{f.name}" {_DUCKDB_TYPES[f.type]}' for f in schema)
    return f'CREATE OR REPLACE TABLE "{table}" ({cols})'
