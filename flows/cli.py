"""The ``eventwire`` command line."""

from __future__ import annotations

import csv as csv_module
import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from flows import settings as settings_io
from flows.server import TemporaryServer
from flows.settings import Settings, given

app = typer.Typer(add_completion=False, no_args_is_help=True, help="eventwire: news articles → event data.")
console = Console()
err = Console(stderr=True)

EXAMPLE_QUERY = (
    "SELECT event_date, source_code, trigger_text, target_code, cameo_code, plover_type\n"
    "FROM events ORDER BY event_date, source_code LIMIT 10;"
)


SKIPPED = 3  # exit status of a run skipped because another run was writing



def option(name: str, *decls: str, help: str | None = None, default: str | None = None) -> typer.models.OptionInfo:
    """The typer option of setting ``name``: its help is the setting's description (or ``help``), the environment
    variable that sets it and its default, all from ``flows.settings.Settings``. An option not given is None: the
    value then comes from the environment, .env or the default, and every value is validated by the model."""
    field = Settings.model_fields[name]
    env = f"{Settings.model_config['env_prefix']}{name.upper()}"
    if default is None and field.default is not None and not field.default_factory:
        default = str(field.default)
    elif default is None and field.default_factory:
        default = ", ".join(str(v) for v in field.default_factory())
    shown = f" [default: {default}]" if default else ""
    return typer.Option(*decls, help=escape(f"{help or field.description} [env: {env}]{shown}"))  # not markup


# The run's settings as options (flows.settings.RunConfig): each declared once, for every command that takes it.
InputOption = Annotated[list[Path] | None, option("input", "--input", "-i", help="File or folder; repeatable.")]
DbOption = Annotated[Path | None, option("db")]
LakeOption = Annotated[str | None, option("lake", default="the lake the database was loaded from, else data/lake")]
SpacyModelOption = Annotated[str | None, option("spacy_model")]
LockTimeoutOption = Annotated[float | None, option("lock_timeout")]
ReportOption = Annotated[Path | None, option("report", default="report.html beside the database")]
NoReportOption = Annotated[bool, typer.Option("--no-report", help="Do not write the report.")]
WorkersOption = Annotated[int | None, option("workers")]
BatchSizeOption = Annotated[int | None, option("batch_size")]
TaskRunnerOption = Annotated[str | None, option("task_runner")]
DaskAddressOption = Annotated[str | None, option("dask_address")]
LexiconOption = Annotated[Path | None, option("lexicon")]
FullRefreshOption = Annotated[bool, typer.Option("--full-refresh", help="Forget what earlier runs loaded and read "
                                                 "every file again (e.g. after a model change): the inputs given, "
                                                 "which must hold every loaded file, or without --input those of "
                                                 "earlier runs.")]


def fail(message: str, code: int = 1) -> None:
    err.print(f"[bold red]error:[/] {escape(message)}", soft_wrap=True)  # one line, however long
    raise typer.Exit(code)


def settings_or_fail(**options) -> Settings:
    """Settings from the options given, the environment and .env; a value that is not allowed is one line naming
    the option or variable, the value and what is allowed (exit 2)."""
    try:
        return settings_io.load(**options)
    except settings_io.ConfigError as exc:
        fail(f"invalid configuration: {exc}", 2)


def load_settings(full_refresh: bool = False, check_inputs: bool = True, **options) -> Settings:
    """Settings for a command: the lake the database records unless one is given; with ``full_refresh`` the inputs
    it must read again (refused if it would drop loaded data, see flows.refresh); every input must exist (unless
    the command reads none: ``check_inputs``), and the lexicon folder, when given, must be valid."""
    settings = settings_or_fail(**options)
    from flows.lake import Lake, LakeError
    from flows.warehouse import resolve_lake

    settings = settings.model_copy(update={"lake": resolve_lake(settings.db, given(settings, "lake"), settings.lake)})
    try:
        Lake(settings.lake)  # an unknown protocol, or its package missing (s3:// without s3fs): one line, now
    except LakeError as exc:
        fail(str(exc), 2)
    if full_refresh:
        settings = settings.model_copy(update={"input": refresh_inputs(settings)})
    missing = [str(p) for p in settings.input if not p.exists()] if check_inputs else []
    if missing:
        fail(f"input path not found: {', '.join(missing)}", 2)
    check_lexicon(settings.lexicon)
    return settings


def refresh_inputs(settings: Settings) -> list[Path]:
    """What ``--full-refresh`` reads: the inputs given, which must hold everything the warehouse holds, or without
    ``--input`` the inputs recorded by earlier runs."""
    from flows.refresh import RefreshRefused, full_refresh_inputs

    chosen = given(settings, "input")
    try:
        inputs = full_refresh_inputs(settings.lake, [str(p) for p in chosen or []], [str(p) for p in settings.input])
    except RefreshRefused as exc:
        fail(str(exc), 2)
    if not chosen and inputs != [str(p) for p in settings.input]:
        err.print(f"--full-refresh: reading again the inputs this warehouse was loaded from: {', '.join(inputs)}",
                  highlight=False, soft_wrap=True)
    return [Path(p) for p in inputs]


def check_lexicon(folder: Path | None) -> None:
    """A bad lexicon folder or row ends the command now, naming the file and line, before any work."""
    from flows.coder import read_overlay
    from transforms.lexicon.overlay import LexiconError

    try:
        read_overlay(folder)
    except LexiconError as exc:
        fail(f"invalid lexicon: {exc}", 2)


TELEMETRY_OFF = {"DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}


@app.callback()
def main() -> None:
    """eventwire: a Prefect pipeline that turns news articles into event data in Parquet and DuckDB."""
    # Telemetry is off unless the user turns it on: set before any command imports Prefect (which starts its
    # analytics on import), for this process and those it starts (NLP workers, a temporary server, served runs).
    for name, value in TELEMETRY_OFF.items():
        os.environ.setdefault(name, value)


@app.command()
def run(
    input: InputOption = None,
    db: DbOption = None,
    lake: LakeOption = None,
    spacy_model: SpacyModelOption = None,
    full_refresh: FullRefreshOption = False,
    lock_timeout: LockTimeoutOption = None,
    report: ReportOption = None,
    no_report: NoReportOption = False,
    workers: WorkersOption = None,
    batch_size: BatchSizeOption = None,
    task_runner: TaskRunnerOption = None,
    dask_address: DaskAddressOption = None,
    lexicon: LexiconOption = None,
) -> None:
    """Run the pipeline once: read the inputs, extract entities, events and quotes, load DuckDB, write the report."""
    server = TemporaryServer.start_if_needed()
    settings = load_settings(full_refresh, input=input, db=db, lake=lake, spacy_model=spacy_model,
                             lock_timeout=lock_timeout,
                             report="off" if no_report else (str(report) if report else None), workers=workers,
                             batch_size=batch_size, task_runner=task_runner, dask_address=dask_address,
                             lexicon=lexicon)
    config = settings.run_config()

    check_writable(config.db)
    from flows.pipeline import start_workers_early, with_task_runner

    try:
        flow = with_task_runner(config.task_runner, config.dask_address)
    except Exception as exc:
        fail(str(exc), 2)
    if config.task_runner == "local":
        try:
            start_workers_early(config)
        except Exception:  # only a head start: the flow starts the workers itself when it needs them
            pass
    summary = run_flow(server, flow, config=config, full_refresh=full_refresh)
    summary["lake"] = config.lake
    print_summary(summary)
    print_stale_note(summary)
    if config.report_path and not summary.get("report"):
        console.print(f"[yellow]The report {escape(str(config.report_path))} was not written[/]: see the warning "
                      "above; the data is loaded.", highlight=False, soft_wrap=True)


@app.command()
def serve(
    cron: Annotated[str | None, typer.Option(help="Cron schedule, e.g. '*/30 * * * *'.")] = None,
    interval: Annotated[float | None, typer.Option(help="Run every SECONDS.", min=1)] = None,
    name: Annotated[str, typer.Option(help="Deployment name.")] = "eventwire",
    input: InputOption = None,
    db: DbOption = None,
    lake: LakeOption = None,
    spacy_model: SpacyModelOption = None,
    lock_timeout: LockTimeoutOption = None,
    lexicon: LexiconOption = None,
) -> None:
    """Serve eventwire-pipeline as a Prefect deployment on a schedule; blocks until Ctrl-C or SIGTERM."""
    if cron and interval:
        fail("give --cron or --interval, not both", 2)
    settings = load_settings(input=input, db=db, lake=lake, spacy_model=spacy_model, lock_timeout=lock_timeout,
                             lexicon=lexicon)
    if cron:
        from prefect.schedules import Cron

        try:
            Cron(cron)
        except Exception as exc:
            fail(f"invalid cron expression {cron!r}: {exc}", 2)

    from prefect.settings import PREFECT_API_URL

    from flows.pipeline import with_task_runner

    if not PREFECT_API_URL.value():  # Prefect's temporary server has no scheduler
        fail("eventwire serve needs a Prefect server to schedule runs: start one (`make ui`) and "
             "export PREFECT_API_URL=http://127.0.0.1:4200/api", 2)
    # the deployment's runs start in the runner's folder: every path absolute, the report resolved
    config = settings.run_config().absolute()
    try:
        flow = with_task_runner(config.task_runner, config.dask_address)
    except Exception as exc:
        fail(str(exc), 2)
    schedule = f"cron {cron!r}" if cron else f"every {interval:g} s" if interval else "no schedule (run it from the UI)"
    err.print(f"serving eventwire-pipeline/{name}: {schedule}; inputs {', '.join(str(p) for p in config.input)} → "
              f"{config.db}. Ctrl-C or SIGTERM stops it.", highlight=False)
    flow.serve(name=name, cron=cron, interval=interval, parameters={"config": config.model_dump(mode="json")},
                   description="eventwire: news articles → events in Parquet and DuckDB")
    err.print("eventwire serve stopped.")


def print_summary(s: dict) -> None:
    totals = s.get("totals", {})
    table = Table(title=f"eventwire run {s['run_id']}", header_style="bold")
    table.add_column("")
    table.add_column("this run", justify="right")
    table.add_column("in the warehouse", justify="right")
    for status in ("loaded", "unchanged", "duplicate", "quarantined"):
        table.add_row(f"files {status}", str(s[f"files_{status}"]), "")
    if s.get("files_missing"):
        table.add_row("files gone from disk (rows kept)", str(s["files_missing"]), "")
    table.add_row("files", str(s["files_seen"]), str(totals.get("files", "")))
    table.add_row("records quarantined", str(s["records_quarantined"]), str(totals.get("quarantined_records", "")))
    for key in ("articles", "mentions", "entities", "events", "quotes"):
        table.add_row(key, "" if key == "entities" else str(s[key]), str(totals.get(key, s[key])))
        if key == "articles":
            table.add_row("  of which duplicates", str(s["articles_duplicate"]), "")
            table.add_row("  not English (not coded)", str(s["articles_not_english"]), "")
    table.add_row("seconds", f"{s['seconds']:.1f}", "")
    console.print(table)
    if s.get("stages"):
        laps = " · ".join(f"{k} {v:.1f}" for k, v in s["stages"].items() if not k.endswith("_work"))
        console.print(f"Stages (s): {laps}   NLP: {s.get('workers', 1)} process(es), batches of "
                      f"{s.get('batch_size')}, task runner {s.get('task_runner')}", highlight=False, soft_wrap=True)
    shown = s.get("quarantined", [])
    for path, reason in shown[:25]:
        console.print(f"[yellow]quarantined[/] {escape(path)}: {escape(str(reason))}", highlight=False)
    if len(shown) > 25:
        console.print(f"… and {len(shown) - 25} more: SELECT path, reason FROM files WHERE status = 'quarantined'")
    console.print(f"Warehouse: {s['db']}   lake: {s['lake']}   model: {s['model']}", highlight=False, soft_wrap=True)
    if s.get("report"):
        console.print(f"Report: {escape(s['report'])}  (open it in a browser; `eventwire report --help` for "
                      "periods and countries)", highlight=False, soft_wrap=True)
    console.print("Try:", style="bold")
    console.print(f'  eventwire sql --db {s["db"]} "{EXAMPLE_QUERY.replace(chr(10), " ")}"', soft_wrap=True,
                  markup=False, highlight=False)


def print_stale_note(s: dict) -> None:
    """What a run says when stored articles were coded by another coder version, with the command that updates
    them (``eventwire run`` does not: it can take hours on a large lake)."""
    if s.get("stale_note"):
        console.print(f"[yellow]Note:[/] {escape(s['stale_note'].replace('`', ''))}", highlight=False,
                      soft_wrap=True)


@app.command()
def recode(
    db: DbOption = None,
    lake: LakeOption = None,
    since: Annotated[str | None, typer.Option(help="Only articles published on or after this day, "
                                                  "YYYY-MM-DD.")] = None,
    workers: WorkersOption = None,
    lexicon: LexiconOption = None,
    spacy_model: SpacyModelOption = None,
    batch_size: BatchSizeOption = None,
    lock_timeout: LockTimeoutOption = None,
    task_runner: TaskRunnerOption = None,
    dask_address: DaskAddressOption = None,
    no_report: NoReportOption = False,
) -> None:
    """Code the stored articles again with the current coder (after an upgrade, another model or a lexicon
    change): read from the lake, no input files needed. Only articles of another coder version are coded."""
    server = TemporaryServer.start_if_needed()
    settings = load_settings(check_inputs=False, db=db, lake=lake, spacy_model=spacy_model, workers=workers,
                             batch_size=batch_size, lock_timeout=lock_timeout, task_runner=task_runner,
                             dask_address=dask_address, lexicon=lexicon, report="off" if no_report else None)
    from_day = _date(since, "--since")
    from flows.pipeline import with_task_runner
    from flows.recode import recode as recode_flow

    check_writable(settings.db)
    try:
        flow = with_task_runner(settings.task_runner, settings.dask_address, of=recode_flow)
    except Exception as exc:
        fail(str(exc), 2)
    summary = run_flow(server, flow, config=settings.run_config(), since=from_day,
                       chunk_articles=settings.recode_chunk)
    print_recode_summary(summary)


def check_writable(db: Path) -> None:
    """Another eventwire run writing is waited for by the flow (lock_timeout); any other program holding the
    database for writing is reported now rather than after the NLP has run (exit status 1)."""
    from flows import warehouse
    from flows.lock import WriterBusy, WriterLock

    try:
        with WriterLock(db):
            warehouse.check_writable(db)
    except WriterBusy:
        pass
    except warehouse.WarehouseLocked as exc:
        fail(f"{exc}; wait for it to finish or stop it, then run again")
    except Exception as exc:
        fail(f"cannot open the database {db}: {exc}")


def run_flow(server: TemporaryServer | None, flow, **parameters) -> dict:
    """Run ``flow`` (on the temporary server when one was started); its errors as one line, and exit status 3 when
    another run held the writer lock for longer than lock_timeout."""
    from contextlib import nullcontext

    from prefect.exceptions import CancelledRun
    from prefect.settings import temporary_settings

    from flows import progress, warehouse

    use_server = server is not None and server.ready()
    try:
        with (temporary_settings(TemporaryServer.settings(server.url)) if use_server else nullcontext(),
              progress.display(err)):  # on a terminal: files read, articles coded, events, ETA
            return flow(**parameters)
    except CancelledRun as exc:  # another run held the writer lock for longer than lock_timeout
        fail(str(exc), SKIPPED)
    except warehouse.WarehouseLocked as exc:
        fail(f"{exc}; wait for it to finish or stop it, then run again")
    except OSError as exc:
        fail(f"{exc.strerror or exc}: {exc.filename or ''}".strip())
    except Exception as exc:
        fail(f"the run failed: {type(exc).__name__}: {exc}")


def print_recode_summary(s: dict) -> None:
    if not s["articles"]:
        console.print(f"Every stored article is coded by the current coder version ({s['coder_version']}): "
                      "nothing to code again.", highlight=False, soft_wrap=True)
    table = Table(title=f"eventwire recode {s['run_id']}: events by PLOVER type", header_style="bold")
    for column, justify in (("PLOVER type", "left"), ("before", "right"), ("after", "right"), ("change", "right")):
        table.add_column(column, justify=justify)
    for row in s["plover"]:
        table.add_row(row["plover_type"], str(row["before"]), str(row["after"]), f"{row['change']:+}",
                      style="bold" if row["plover_type"] == "all" else None)
    console.print(table)
    console.print(f"{s['articles']} articles coded again ({s['mentions']} mentions, {s['events']} events, "
                  f"{s['quotes']} quotes) in {s['seconds']:.1f} s with {s['coder_version']}", highlight=False,
                  soft_wrap=True)
    if s["articles_stale"]:
        console.print(f"{s['articles_stale']} articles of another coder version remain (published before --since "
                      "or undated).", highlight=False)
    console.print(f"Warehouse: {s['db']}   lake: {s['lake']}", highlight=False, soft_wrap=True)
    if s.get("report"):
        console.print(f"Report: {escape(s['report'])}", highlight=False, soft_wrap=True)


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"{option} must be a date as YYYY-MM-DD, not {value!r}", 2)


@app.command()
def report(
    db: DbOption = None,
    out: Annotated[Path | None, option("report", "--out", help="HTML file to write.",
                                       default="report.html beside the database")] = None,
    since: Annotated[str | None, typer.Option(help="First event date, YYYY-MM-DD (inclusive).")] = None,
    until: Annotated[str | None, typer.Option(help="Last event date, YYYY-MM-DD (inclusive).")] = None,
    country: Annotated[str | None, typer.Option(help="ISO3 code: only events whose source, target or location "
                                                    "country it is.")] = None,
) -> None:
    """Write the event report: one self-contained HTML page (works offline) with charts of the events."""
    import duckdb

    from flows.report import write_report
    from transforms.report import ReportFilter

    settings = settings_or_fail(db=db)
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
    query: Annotated[str | None, typer.Argument(help="SQL, e.g. \"SELECT * FROM events LIMIT 5\"; without it, an "
                                                     "interactive prompt (history in ~/.eventwire_history).")] = None,
    db: DbOption = None,
    lake: Annotated[str | None, option("lake", help="Lake (folder or URL) read instead while a run writes the "
                                       "database.", default="the lake the database was loaded from")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")] = "table",
    csv: Annotated[bool, typer.Option("--csv", help="Same as --format csv.")] = False,
) -> None:
    """Query the warehouse read-only (writes are refused); while a run writes it, the lake is read instead."""
    from flows import query as q

    fmt = "csv" if csv else format.lower()
    if fmt not in ("table", "csv", "json"):
        fail(f"unknown format {format!r}: table, csv or json", 2)
    settings = settings_or_fail(db=db, lake=lake)
    lake = given(settings, "lake")  # else the lake the warehouse records (flows.api.connect)

    def show(result: q.Result) -> None:
        if result.note:
            err.print(result.note, style="yellow", highlight=False, soft_wrap=True)
        print_result(result, fmt)

    if query is None:
        shell = q.Shell(settings.db, lake, show, lambda m: err.print(f"[bold red]error:[/] {escape(m)}"),
                        interactive=sys.stdin.isatty())
        try:
            shell.cmdloop()
        except KeyboardInterrupt:
            err.print()
        raise typer.Exit(1 if shell.failed and not shell.interactive else 0)
    try:
        show(q.run(query, settings.db, lake))
    except q.QueryError as exc:
        fail(str(exc))


def print_result(result, fmt: str) -> None:
    if fmt == "csv":
        writer = csv_module.writer(sys.stdout)
        writer.writerow(result.columns)
        writer.writerows(result.rows)
        sys.stdout.flush()
    elif fmt == "json":
        rows = [dict(zip(result.columns, row, strict=True)) for row in result.rows]
        sys.stdout.write(json.dumps(rows, default=str, ensure_ascii=False, indent=1) + "\n")
        sys.stdout.flush()
    else:
        from flows.display import print_table

        print_table(result.columns, result.rows, console, err)


if __name__ == "__main__":
    sys.exit(app())
