"""The ``eventwire`` command line."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

import flows  # noqa: F401  (telemetry defaults before Prefect is imported)
from flows.settings import Settings

app = typer.Typer(add_completion=False, no_args_is_help=True, help="eventwire: news articles → event data.")
console = Console()
err = Console(stderr=True)

EXAMPLE_QUERY = (
    "SELECT event_date, source_code, trigger_text, target_code, cameo_code, plover_type\n"
    "FROM events ORDER BY event_date, source_code LIMIT 10;"
)


def fail(message: str, code: int = 1) -> None:
    err.print(f"[bold red]error:[/] {message}")
    raise typer.Exit(code)


@app.callback()
def main() -> None:
    """eventwire: a Prefect pipeline that turns news articles into event data in Parquet and DuckDB."""


@app.command()
def run(
    input: Annotated[list[Path] | None, typer.Option("--input", "-i", help="File or folder; repeatable. "
                                                       "[env: EVENTWIRE_INPUT] [default: seeds/]")] = None,
    db: Annotated[Path | None, typer.Option(help="DuckDB file. [env: EVENTWIRE_DB] "
                                              "[default: data/eventwire.duckdb]")] = None,
    lake: Annotated[Path | None, typer.Option(help="Parquet lake folder. [env: EVENTWIRE_LAKE] "
                                                "[default: data/lake]")] = None,
    spacy_model: Annotated[str | None, typer.Option(help="spaCy model package. "
                                                       "[env: EVENTWIRE_SPACY_MODEL]")] = None,
    full_refresh: Annotated[bool, typer.Option("--full-refresh", help="Forget what earlier runs loaded "
                                               "and read every file again (e.g. after a model change).")] = False,
    report: Annotated[Path | None, typer.Option(help="HTML event report written at the end. [env: EVENTWIRE_REPORT] "
                                                    "[default: report.html beside the database]")] = None,
    no_report: Annotated[bool, typer.Option("--no-report", help="Do not write the report.")] = False,
) -> None:
    """Run the pipeline once: read the inputs, extract entities, events and quotes, load DuckDB, write the report."""
    overrides = {k: v for k, v in {"input": input, "db": db, "lake": lake, "spacy_model": spacy_model,
                                   "report": "off" if no_report else (str(report) if report else None)}.items()
                 if v}
    try:
        settings = Settings(**overrides)
    except Exception as exc:  # pydantic's message, on one line
        fail(f"invalid configuration: {str(exc).splitlines()[0]}", 2)
    missing = [str(p) for p in settings.input if not p.exists()]
    if missing:
        fail(f"input path not found: {', '.join(missing)}", 2)

    from flows import warehouse

    try:
        warehouse.check_writable(settings.db)
    except warehouse.WarehouseLocked as exc:
        fail(f"{exc}; wait for it to finish or stop it, then run again")
    except Exception as exc:
        fail(f"cannot open the database {settings.db}: {exc}")

    from flows.pipeline import pipeline

    try:
        summary = pipeline(
            full_refresh=full_refresh,
            inputs=[str(p) for p in settings.input],
            db=str(settings.db),
            lake=str(settings.lake),
            spacy_model=settings.spacy_model,
            batch_files=settings.batch_files,
            max_file_mb=settings.max_file_mb,
            near_duplicate_threshold=settings.near_duplicate_threshold,
            report=str(settings.report_path) if settings.report_path else None,
        )
        summary["lake"] = str(settings.lake)
    except warehouse.WarehouseLocked as exc:
        fail(f"{exc}; wait for it to finish or stop it, then run again")
    except OSError as exc:
        fail(f"{exc.strerror or exc}: {exc.filename or ''}".strip())
    except Exception as exc:
        fail(f"the run failed: {type(exc).__name__}: {exc}")
    print_summary(summary)
    if settings.report_path and not summary.get("report"):
        console.print(f"[yellow]The report {escape(str(settings.report_path))} was not written[/]: see the warning "
                      "above; the data is loaded.", highlight=False, soft_wrap=True)


def print_summary(s: dict) -> None:
    totals = s.get("totals", {})
    table = Table(title=f"eventwire run {s['run_id']}", header_style="bold")
    table.add_column("")
    table.add_column("this run", justify="right")
    table.add_column("in the warehouse", justify="right")
    for status in ("loaded", "unchanged", "duplicate", "quarantined"):
        table.add_row(f"files {status}", str(s[f"files_{status}"]), "")
    table.add_row("files", str(s["files_seen"]), str(totals.get("files", "")))
    table.add_row("records quarantined", str(s["records_quarantined"]), str(totals.get("quarantined_records", "")))
    for key in ("articles", "mentions", "entities", "events", "quotes"):
        table.add_row(key, "" if key == "entities" else str(s[key]), str(totals.get(key, s[key])))
        if key == "articles":
            table.add_row("  of which duplicates", str(s["articles_duplicate"]), "")
            table.add_row("  not English (not coded)", str(s["articles_not_english"]), "")
    table.add_row("seconds", f"{s['seconds']:.1f}", "")
    console.print(table)
    shown = s.get("quarantined", [])
    for path, reason in shown[:25]:
        console.print(f"[yellow]quarantined[/] {escape(path)}: {escape(str(reason))}", highlight=False)
    if len(shown) > 25:
        console.print(f"… and {len(shown) - 25} more: SELECT path, reason FROM files WHERE status = 'quarantined'")
    console.print(f"Warehouse: {s['db']}   lake: {s['lake']}   model: {s['model']}")
    if s.get("report"):
        console.print(f"Report: {escape(s['report'])}  (open it in a browser; `eventwire report --help` for "
                      "periods and countries)", highlight=False, soft_wrap=True)
    console.print("Try:", style="bold")
    console.print(f'  eventwire sql --db {s["db"]} "{EXAMPLE_QUERY.replace(chr(10), " ")}"', soft_wrap=True,
                  markup=False, highlight=False)


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"{option} must be a date as YYYY-MM-DD, not {value!r}", 2)


@app.command()
def report(
    db: Annotated[Path | None, typer.Option(help="DuckDB file. [env: EVENTWIRE_DB] "
                                              "[default: data/eventwire.duckdb]")] = None,
    out: Annotated[Path | None, typer.Option(help="HTML file to write. [env: EVENTWIRE_REPORT] "
                                               "[default: report.html beside the database]")] = None,
    since: Annotated[str | None, typer.Option(help="First event date, YYYY-MM-DD (inclusive).")] = None,
    until: Annotated[str | None, typer.Option(help="Last event date, YYYY-MM-DD (inclusive).")] = None,
    country: Annotated[str | None, typer.Option(help="ISO3 code: only events whose source, target or location "
                                                    "country it is.")] = None,
) -> None:
    """Write the event report: one self-contained HTML page (works offline) with charts of the events."""
    import duckdb

    from flows.report import write_report
    from transforms.report import ReportFilter

    try:
        settings = Settings(**{k: v for k, v in {"db": db}.items() if v})
    except Exception as exc:
        fail(f"invalid configuration: {str(exc).splitlines()[0]}", 2)
    path = out or settings.report_path or settings.db.parent / "report.html"
    try:
        f = ReportFilter(since=_date(since, "--since"), until=_date(until, "--until"),
                         country=country.strip().upper() if country else None)
    except ValueError as exc:
        fail(str(exc), 2)
    if not settings.db.exists():
        fail(f"no warehouse at {settings.db}: run `eventwire run` first, or give --db", 2)
    try:
        data = write_report(settings.db, path, f)
    except duckdb.Error as exc:
        fail(f"cannot read the database {settings.db}: {str(exc).splitlines()[0]}")
    except OSError as exc:
        fail(f"{exc.strerror or exc}: {exc.filename or ''}".strip())
    what = (f"{data.n_events:,} events in {data.n_articles:,} articles" if not data.empty
            else "no events in this period")
    console.print(f"Report: {escape(str(path))}  ({what}; {escape(f.describe())})", highlight=False, soft_wrap=True)


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help="One SQL statement, e.g. \"SELECT * FROM events LIMIT 5\".")],
    db: Annotated[Path | None, typer.Option(help="DuckDB file. [env: EVENTWIRE_DB]")] = None,
    csv: Annotated[bool, typer.Option("--csv", help="Print CSV instead of a table.")] = False,
) -> None:
    """Query the warehouse read-only and print the result (safe while nothing is writing)."""
    import csv as csv_module

    import duckdb

    from flows import api

    try:
        con = api.connect(db)
        cursor = con.execute(query)
        columns = [d[0] for d in cursor.description or []]
        rows = cursor.fetchall()
        con.close()
    except FileNotFoundError as exc:
        fail(str(exc))
    except duckdb.Error as exc:
        fail(str(exc).splitlines()[0])
    if csv:
        writer = csv_module.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows(rows)
        return
    table = Table(header_style="bold")
    for col in columns:
        table.add_column(col, overflow="fold", min_width=min(len(col), 24))
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    console.print(table)
    console.print(f"{len(rows)} rows")


if __name__ == "__main__":
    sys.exit(app())
