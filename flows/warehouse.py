"""The DuckDB warehouse: loaded from the lake by one writer (the pipeline); readers open it read-only."""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path

import duckdb
import pyarrow as pa

from flows import faults
from flows.lake import ARTICLE_TABLES, Lake, LakeLike, parts
from transforms.schema import MENTIONS, TABLES, duckdb_ddl


class WarehouseLocked(RuntimeError):
    """Another process holds the database's write lock."""


def read_only(db: str | Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the warehouse file ``db`` (many readers may share it while no run writes; while
    one does, ``duckdb.IOException``: ``flows.api.open_reader`` then reads the lake). The one way eventwire opens
    the warehouse for reading."""
    return duckdb.connect(str(db), read_only=True)


def connect(db: Path, *, wait: float = 0.0) -> duckdb.DuckDBPyConnection:
    """The writer's connection; it waits up to ``wait`` seconds for other processes' connections to close (a
    reader such as ``eventwire sql`` holds the file for the length of one query)."""
    db.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait
    while True:
        try:
            return duckdb.connect(str(db))
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise
            if time.monotonic() < deadline:
                time.sleep(0.2)
                continue
            pid = re.search(r"PID (\d+)", str(exc))
            holder = f" (process {pid.group(1)})" if pid else ""
            raise WarehouseLocked(f"the database {db} is locked by another writer{holder}") from exc


WRITER_WAIT = 60.0  # seconds the load waits for readers' queries to finish


def check_writable(db: Path) -> None:
    """Raise WarehouseLocked now rather than after the NLP has run."""
    connect(db).close()


# Which rows of the lake are current. Parts may repeat rows (a rerun after a crash): one row per id.
# Articles count when their file is current with the same bytes; the rest follow their article.
_CURRENT = {
    "files": "SELECT * FROM {src}",
    "articles": """
        SELECT a.* FROM {src} a
        JOIN files f ON f.file_id = a.file_id AND f.sha256 = a.file_sha256
                     AND f.status IN ('loaded', 'unchanged')
        QUALIFY row_number() OVER (PARTITION BY a.article_id ORDER BY a.run_id) = 1""",
    "mentions": """SELECT * FROM {src} WHERE article_id IN (SELECT article_id FROM articles)
                   QUALIFY row_number() OVER (PARTITION BY mention_id) = 1""",
    "events": """SELECT * FROM {src} WHERE article_id IN (SELECT article_id FROM articles)
                 QUALIFY row_number() OVER (PARTITION BY event_id) = 1""",
    "quotes": """SELECT * FROM {src} WHERE article_id IN (SELECT article_id FROM articles)
                 QUALIFY row_number() OVER (PARTITION BY quote_id) = 1""",
    "entities": "SELECT * FROM {src}",
    "entity_aliases": "SELECT * FROM {src}",
    "quarantined_records": "SELECT * FROM {src}",
    "runs": "SELECT * FROM {src} QUALIFY row_number() OVER (PARTITION BY run_id) = 1",
}

VIEWS = {
    # The events as GDELT 2.0's event table names them: one row per event (same day, actors and code),
    # NumMentions and NumArticles counting its mentions across articles. Negated events are left out.
    "events_gdelt": """
        CREATE OR REPLACE VIEW events_gdelt AS
        SELECT
            min(e.event_id) AS GlobalEventID,
            CAST(strftime(e.event_date, '%Y%m%d') AS INTEGER) AS SQLDATE,
            e.source_code AS Actor1Code, coalesce(any_value(s.name), any_value(e.source_text)) AS Actor1Name,
            any_value(e.source_country) AS Actor1CountryCode, any_value(s.sector) AS Actor1Type1Code,
            e.target_code AS Actor2Code, coalesce(any_value(t.name), any_value(e.target_text)) AS Actor2Name,
            any_value(e.target_country) AS Actor2CountryCode, any_value(t.sector) AS Actor2Type1Code,
            e.cameo_code AS EventCode, left(e.cameo_code, 3) AS EventBaseCode, e.cameo_root AS EventRootCode,
            any_value(e.quad_class) AS QuadClass, any_value(e.goldstein) AS GoldsteinScale,
            any_value(e.plover_type) AS PloverType,
            count(*) AS NumMentions, count(DISTINCT e.article_id) AS NumArticles,
            avg(e.confidence) AS Confidence,
            any_value(e.location_text) AS ActionGeo_FullName, any_value(e.location_country) AS ActionGeo_CountryCode,
            any_value(e.lat) AS ActionGeo_Lat, any_value(e.lon) AS ActionGeo_Long,
            min(a.url) AS SOURCEURL
        FROM events e
        JOIN articles a USING (article_id)
        LEFT JOIN entities s ON s.entity_id = e.source_entity_id
        LEFT JOIN entities t ON t.entity_id = e.target_entity_id
        WHERE NOT e.negated
        GROUP BY e.event_date, e.source_code, e.target_code, e.cameo_code, e.cameo_root
    """,
    # Events with their actors' canonical names and the article they came from.
    "events_named": """
        CREATE OR REPLACE VIEW events_named AS
        SELECT e.*, s.name AS source_name, t.name AS target_name, a.title, a.url, a.published_date
        FROM events e
        LEFT JOIN entities s ON s.entity_id = e.source_entity_id
        LEFT JOIN entities t ON t.entity_id = e.target_entity_id
        JOIN articles a USING (article_id)
    """,
    # Analysis views (negated events left out): events per day and quad class, country pairs, actors.
    "daily_events": """
        CREATE OR REPLACE VIEW daily_events AS
        SELECT event_date AS date, quad_class, count(*) AS events, round(avg(goldstein), 3) AS mean_goldstein
        FROM events WHERE NOT negated
        GROUP BY ALL ORDER BY date, quad_class
    """,
    # The events of a period and a country: ``since`` and ``until`` inclusive (a bound leaves undated events
    # out), ``country`` an ISO3 code that is the source's, the target's or the location's; NULL: no bound.
    # Negated events are in (``negated``); the macros below and the report build on this one filter.
    "events_between": """
        CREATE OR REPLACE MACRO events_between(since, until, country) AS TABLE
        SELECT * FROM events
        WHERE (since IS NULL OR event_date >= since) AND (until IS NULL OR event_date <= until)
          AND (country IS NULL OR country IN (source_country, target_country, location_country))
    """,
    # Who acts on whom: a side is the actor's country, else its actor code (an international organisation such
    # as IGOUNO has no country). Events without both sides have no dyad.
    "dyads_between": """
        CREATE OR REPLACE MACRO dyads_between(since, until, country) AS TABLE
        SELECT coalesce(source_country, source_code) AS source, coalesce(target_country, target_code) AS target,
               max(source_country) AS source_country, max(target_country) AS target_country,
               count(*) AS events, round(avg(goldstein), 3) AS mean_goldstein,
               min(event_date) AS first_date, max(event_date) AS last_date
        FROM events_between(since, until, country)
        WHERE NOT negated AND source IS NOT NULL AND target IS NOT NULL
        GROUP BY source, target ORDER BY events DESC, source, target
    """,
    "dyads": "CREATE OR REPLACE VIEW dyads AS SELECT * FROM dyads_between(NULL, NULL, NULL)",
    # Actor codes as source and as target; ``names``: the canonical names of its named actors, the most
    # frequent first (up to three), ``name`` the first of them.
    "top_actors_between": """
        CREATE OR REPLACE MACRO top_actors_between(since, until, country) AS TABLE
        WITH shown AS (SELECT * FROM events_between(since, until, country) WHERE NOT negated),
        roles AS (
            SELECT source_code AS actor_code, source_entity_id AS entity_id, 'source' AS side, goldstein
            FROM shown WHERE source_code IS NOT NULL
            UNION ALL
            SELECT target_code, target_entity_id, 'target', goldstein FROM shown WHERE target_code IS NOT NULL),
        named AS (
            SELECT r.actor_code, en.name, count(*) AS n FROM roles r JOIN entities en USING (entity_id)
            GROUP BY ALL),
        names AS (
            SELECT actor_code, list(name ORDER BY n DESC, name)[1:3] AS names FROM named GROUP BY actor_code)
        SELECT r.actor_code, any_value(n.names)[1] AS name, coalesce(any_value(n.names), []) AS names,
               count(*) AS events, count(*) FILTER (r.side = 'source') AS as_source,
               count(*) FILTER (r.side = 'target') AS as_target,
               round(avg(r.goldstein), 3) AS mean_goldstein
        FROM roles r LEFT JOIN names n USING (actor_code)
        GROUP BY r.actor_code ORDER BY events DESC, r.actor_code
    """,
    "top_actors": "CREATE OR REPLACE VIEW top_actors AS SELECT * FROM top_actors_between(NULL, NULL, NULL)",
    # Full-text search without the fts extension (it cannot be installed offline, and DuckDB 2.0 has no
    # bundled build): title and body split into lower-case words; articles that contain more of the query's
    # words rank first, then by how often they occur.
    "search_articles": r"""
        CREATE OR REPLACE MACRO search_articles(q) AS TABLE
        WITH terms AS (
            SELECT DISTINCT t AS term FROM unnest(regexp_split_to_array(lower(q), '[^\p{L}\p{N}]+')) AS u(t)
            WHERE t <> ''),
        docs AS (
            SELECT article_id, regexp_split_to_array(lower(coalesce(title, '') || ' ' || body),
                                                     '[^\p{L}\p{N}]+') AS words
            FROM articles),
        hits AS (
            SELECT d.article_id, t.term, len(list_filter(d.words, lambda w: w = t.term)) AS n
            FROM docs d CROSS JOIN terms t)
        SELECT h.article_id, a.title, a.published_date, a.url, count(*) AS terms_matched, sum(h.n) AS hits
        FROM hits h JOIN articles a USING (article_id)
        WHERE h.n > 0
        GROUP BY ALL
        ORDER BY terms_matched DESC, hits DESC, h.article_id
    """,
}


def ensure_macros(con: duckdb.DuckDBPyConnection) -> None:
    """Give a connection to a warehouse loaded by an older eventwire (without this one's table macros) the macros
    it lacks, as temporary ones: readers open the file read-only, and a reader cannot wait for the next load."""
    present = {r[0] for r in con.execute("SELECT function_name FROM duckdb_functions() WHERE function_type = "
                                         "'table_macro'").fetchall()}
    for name, ddl in VIEWS.items():
        if "MACRO" in ddl and name not in present:
            con.execute(ddl.replace("CREATE OR REPLACE MACRO", "CREATE OR REPLACE TEMP MACRO"))


def _source(con: duckdb.DuckDBPyConnection, lake: LakeLike, name: str, filename: bool = False) -> str | None:
    """A ``read_parquet`` over the parts of table ``name``, read by DuckDB (streaming, in parallel) from the lake's
    storage, local or not (``Lake.duckdb_sources``); parts written before a column was added read it as NULL
    (``union_by_name``). None when the table has no parts. ``filename``: a ``filename`` column, each row's part."""
    lake = Lake.of(lake)
    files = parts(lake, name)
    if not files:
        return None
    listed = ", ".join("'" + f.replace("'", "''") + "'" for f in lake.duckdb_sources(con, files))
    return f"read_parquet([{listed}], union_by_name = true{', filename = true' if filename else ''})"


def _load_table(con: duckdb.DuckDBPyConnection, lake: LakeLike, name: str) -> int:
    """Replace table ``name`` with the current rows of its parts."""
    con.execute(duckdb_ddl(name, TABLES[name]))
    src = _source(con, lake, name)
    if src:
        con.execute(f'INSERT INTO "{name}" BY NAME {_CURRENT[name].format(src=src)}')
    return con.execute(f'SELECT count(*) FROM "{name}"').fetchall()[0][0]


# the tables loaded from the lake's data version (flows.lake.data_version): the coded rows and the entities built
# from them; a load with the version they hold skips them
VERSIONED_TABLES = (*ARTICLE_TABLES, "entities", "entity_aliases")
# The lake's data version the warehouse's data tables were last loaded from (flows.lake.data_version): bookkeeping
# of the load, not data; a load with the same version reloads only files, quarantined_records and runs. ``lake``:
# where the warehouse is loaded from (also beside the database, see record_lake).
LOAD_STATE_DDL = ("CREATE TABLE IF NOT EXISTS load_state (data_version VARCHAR, loaded_at TIMESTAMP, lake VARCHAR);"
                  "ALTER TABLE load_state ADD COLUMN IF NOT EXISTS lake VARCHAR")


def lake_record(db: Path) -> Path:
    """``<db>.lake``: the file beside the database naming the lake it is loaded from. Readers need it while a run
    holds the database (DuckDB then refuses to open it, so ``load_state`` cannot be read)."""
    return db.with_name(db.name + ".lake")


def record_lake(db: Path, lake: LakeLike) -> str:
    """Record the lake ``db`` is loaded from (its absolute location) beside the database; returns it."""
    location = Lake.of(lake).location
    path = lake_record(db)
    if not path.exists() or path.read_text().strip() != location:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(location + "\n")
        tmp.replace(path)  # atomic: a reader sees the old name or the new one
    return location


def recorded_lake(db: Path) -> str | None:
    """The lake the warehouse ``db`` was loaded from: beside the database, else in its ``load_state`` (a warehouse
    copied without its ``.lake`` file); None if neither says."""
    path = lake_record(Path(db))
    if path.exists():
        return path.read_text().strip() or None
    try:
        con = read_only(db)
    except duckdb.Error:
        return None
    try:
        rows = con.execute("SELECT lake FROM load_state WHERE lake IS NOT NULL").fetchall()
    except duckdb.Error:  # no load_state, or one from before it recorded the lake
        return None
    finally:
        con.close()
    return rows[0][0] if rows else None


def resolve_lake(db: Path, given: str | None, default: str) -> str:
    """The lake to use with the warehouse ``db``: the one given (an option or the environment), else the one the
    warehouse records, else ``default``."""
    return given or (recorded_lake(db) if Path(db).exists() else None) or default


def load(db: Path, lake: LakeLike, tables=("files", "quarantined_records", "articles", "mentions", "events", "quotes",
                                      "entities", "entity_aliases", "runs"), data_version: str | None = None) -> dict:
    """Replace the given tables with the current rows of the lake, in one transaction; row counts of every table.

    With ``data_version``, the data tables are reloaded only when the version differs from the one they were last
    loaded from: the rows are the same otherwise."""
    location = record_lake(db, lake)  # first: readers look for it while this load holds the database
    con = connect(db, wait=WRITER_WAIT)
    try:
        con.execute("BEGIN TRANSACTION")
        con.execute(LOAD_STATE_DDL)
        loaded = con.execute("SELECT data_version FROM load_state").fetchall()
        if data_version and loaded and loaded[0][0] == data_version and _up_to_date(con, VERSIONED_TABLES):
            tables = [t for t in tables if t not in VERSIONED_TABLES]
        counts = {name: _load_table(con, lake, name) for name in tables}
        if set(VERSIONED_TABLES) & set(tables):
            con.execute("DELETE FROM load_state")
            version = data_version if set(VERSIONED_TABLES) <= set(tables) else None  # None: reloaded next time
            con.execute("INSERT INTO load_state VALUES (?, now()::TIMESTAMP, ?)", [version, location])
        else:
            con.execute("UPDATE load_state SET lake = ?", [location])
        for name in TABLES:  # every table exists, even before its first rows
            con.execute(duckdb_ddl(name).replace("CREATE OR REPLACE TABLE", "CREATE TABLE IF NOT EXISTS"))
            if name not in counts:
                counts[name] = con.execute(f'SELECT count(*) FROM "{name}"').fetchall()[0][0]
        for ddl in VIEWS.values():
            con.execute(ddl)
        faults.point("load")
        con.execute("COMMIT")
        return counts
    except Exception:
        con.execute("ROLLBACK")
        raise
    finally:
        con.close()


def table_names(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The tables of the connection's database."""
    return {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}


def _up_to_date(con: duckdb.DuckDBPyConnection, names: tuple[str, ...]) -> bool:
    """Whether the tables exist with the columns of their schemas: a warehouse written by an older eventwire
    (without a column added since) is loaded again, whatever its data version, and so gains the column."""
    found: dict[str, list[str]] = {}
    for table, column in con.execute("SELECT table_name, column_name FROM duckdb_columns() ORDER BY column_index"
                                     ).fetchall():
        found.setdefault(table, []).append(column)
    return all(found.get(name) == TABLES[name].names for name in names)


def top_events(db: Path, run_id: str, limit: int = 10) -> list[dict]:
    """The run's most reported events (same source, code and target), for its summary."""
    con = connect(db, wait=WRITER_WAIT)
    try:
        cur = con.execute("""
            SELECT count(*) AS events, count(DISTINCT e.article_id) AS articles,
                   coalesce(any_value(e.source_name), e.source_code) AS source, e.cameo_code,
                   any_value(e.plover_type) AS plover_type,
                   coalesce(any_value(e.target_name), e.target_code) AS target, min(e.event_date) AS first_date
            FROM events_named e JOIN articles a USING (article_id)
            WHERE a.run_id = ? AND NOT e.negated
            GROUP BY e.source_code, e.cameo_code, e.target_code
            ORDER BY events DESC, articles DESC, source, e.cameo_code LIMIT ?""", [run_id, limit])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
    finally:
        con.close()


def current_mentions(lake: LakeLike, columns: list[str] | None = None) -> pa.Table:
    """The current mentions of the lake (the rows the warehouse will hold), by the warehouse's rules, in no
    particular order; only the ``columns`` asked for (all by default). The articles' texts are never read."""
    con = duckdb.connect()
    try:
        _load_table(con, lake, "files")
        src = _source(con, lake, "articles")
        con.execute("CREATE TABLE articles (article_id VARCHAR)")
        if src:
            con.execute(f"INSERT INTO articles SELECT article_id FROM ({_CURRENT['articles'].format(src=src)})")
        src = _source(con, lake, "mentions")
        if not src:
            return MENTIONS.empty_table().select(columns or MENTIONS.names)
        listed = ", ".join(f'"{c}"' for c in columns or MENTIONS.names)
        return con.sql(f"SELECT {listed} FROM ({_CURRENT['mentions'].format(src=src)})"
                       ).to_arrow_table().cast(pa.schema([MENTIONS.field(c) for c in columns or MENTIONS.names]))
    finally:
        con.close()


def current_articles(db: Path) -> pa.Table:
    """Id, content hash and file of the canonical (non-duplicate) articles already loaded."""
    con = connect(db, wait=WRITER_WAIT)
    try:
        if "articles" not in table_names(con):
            return pa.table({c: pa.array([], pa.string()) for c in ("article_id", "content_hash", "file_id")})
        return con.sql(
            "SELECT article_id, content_hash, file_id FROM articles WHERE duplicate_of IS NULL"
        ).to_arrow_table()
    finally:
        con.close()


def lake_connection(lake: LakeLike) -> duckdb.DuckDBPyConnection:
    """An in-memory database loaded from the lake's Parquet by the same current-row rules, with the same
    views: for reading while a run holds the database file."""
    con = duckdb.connect()
    for name in TABLES:
        _load_table(con, lake, name)
    for ddl in VIEWS.values():
        con.execute(ddl)
    return con


def stale_versions(db: Path, coder_version: str) -> dict[str | None, int]:
    """The coder versions other than ``coder_version`` that coded articles in the warehouse (None: a version not
    recorded, by an eventwire before coder versions), with their articles, most first."""
    con = connect(db, wait=WRITER_WAIT)
    try:
        return dict(con.execute("SELECT coder_version, count(*) AS n FROM articles WHERE coder_version IS DISTINCT "
                                "FROM ? GROUP BY ALL ORDER BY n DESC, coder_version", [coder_version]).fetchall())
    finally:
        con.close()


def events_by_plover(db: Path) -> dict[str, int]:
    """The warehouse's events by PLOVER type ("" for none); empty when there is no warehouse yet."""
    if not db.exists():
        return {}
    con = connect(db, wait=WRITER_WAIT)
    try:
        if "events" not in table_names(con):
            return {}
        return dict(con.execute("SELECT coalesce(plover_type, ''), count(*) FROM events GROUP BY ALL").fetchall())
    finally:
        con.close()


def stale_articles(lake: LakeLike, coder_version: str, since: dt.date | None = None) -> list[tuple[str, str]]:
    """(article_id, part) of the lake's current articles coded by another coder version than ``coder_version``
    (NULL in lakes written before it was recorded), published on or after ``since`` when given, in the order of
    their parts. The articles' texts are not read."""
    lake = Lake.of(lake)
    con = duckdb.connect()
    try:
        _load_table(con, lake, "files")
        src = _source(con, lake, "articles", filename=True)
        if not src:
            return []
        present = {r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {src}").fetchall()}
        version = "coder_version" if "coder_version" in present else "NULL::VARCHAR AS coder_version"
        current = _CURRENT["articles"].format(
            src=f"(SELECT article_id, file_id, file_sha256, run_id, published_date, {version}, filename FROM {src})")
        found = con.execute(f"""
            SELECT article_id, filename FROM ({current})
            WHERE coder_version IS DISTINCT FROM $version AND ($since::DATE IS NULL OR published_date >= $since::DATE)
            ORDER BY filename, article_id""", {"version": coder_version, "since": since}).fetchall()
        part_of = dict(zip(lake.duckdb_sources(con, parts(lake, "articles")), parts(lake, "articles"), strict=True))
        return [(article_id, part_of[source]) for article_id, source in found]
    finally:
        con.close()
