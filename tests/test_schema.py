import datetime as dt

import pyarrow as pa
import pytest

from transforms import schema


def test_to_table_fills_missing_columns_with_null_and_keeps_types():
    t = schema.to_table([{"article_id": "a", "published_date": dt.date(2012, 2, 23), "n_words": 3}],
                        schema.ARTICLES)
    assert t.schema == schema.ARTICLES
    row = t.to_pylist()[0]
    assert row["published_date"] == dt.date(2012, 2, 23)
    assert row["title"] is None


def test_to_table_rejects_columns_outside_the_schema():
    with pytest.raises(KeyError, match="not_a_column"):
        schema.to_table([{"article_id": "a", "not_a_column": 1}], schema.ARTICLES)


def test_contract_columns_are_present():
    contract = {
        "files": "file_id path sha256 format size_bytes status reason n_articles last_run_id",
        "articles": "article_id content_hash file_id record_index url source_name title published_at "
        "published_date language body n_words duplicate_of run_id",
        "mentions": "mention_id article_id in_title start_char end_char sentence_index text label entity_id",
        "entities": "entity_id name label country_code actor_code sector lat lon n_mentions n_articles",
        "events": "event_id article_id sentence_index sentence event_date date_text source_text target_text "
        "source_entity_id target_entity_id source_code target_code source_country target_country trigger_text "
        "cameo_code cameo_root quad_class goldstein plover_type negated location_text location_country lat lon "
        "confidence",
        "quotes": "quote_id article_id speaker_text speaker_entity_id quote_text start_char end_char",
        "runs": "run_id started_at finished_at status files_seen files_loaded files_unchanged files_duplicate "
        "files_quarantined articles mentions events quotes",
    }
    for table, cols in contract.items():
        assert set(cols.split()) <= set(schema.TABLES[table].names), table


def test_events_location_columns_with_the_rule_that_gave_them():
    names = schema.EVENTS.names
    at = names.index("location_text")
    assert names[at : at + 5] == ["location_text", "location_country", "lat", "lon", "location_source"]
    assert schema.EVENTS.field("location_source").type == pa.string()


def test_duckdb_ddl_maps_arrow_types():
    ddl = schema.duckdb_ddl("events")
    assert '"quad_class" TINYINT' in ddl and '"event_date" DATE' in ddl and '"negated" BOOLEAN' in ddl
    assert ddl.startswith('CREATE OR REPLACE TABLE "events"')
    assert '"goldstein" DOUBLE' in ddl and '"sentence_index" INTEGER' in ddl


def test_every_table_and_column_has_a_description():
    """docs/tables.md is generated from these (tests/test_docs.py checks it is current)."""
    tables = {**schema.TABLES, "signatures": schema.SIGNATURES}
    assert set(schema.TABLE_DESCRIPTIONS) == set(tables) == set(schema.COLUMN_DESCRIPTIONS)
    for table, sch in tables.items():
        described = schema.COLUMN_DESCRIPTIONS[table]
        assert list(described) == sch.names, f"{table}: describe its columns in schema order, each once"
        assert all(text.strip() for text in described.values()), table
