"""Fault injection, for the crash-safety tests: a run can be made to stop at one of its crash points.

The points are where a kill must lose nothing committed: ``nlp`` and ``parquet`` (a batch coded and staged),
``publish`` (the lake's commit written, not yet applied), ``load`` (the warehouse's transaction open) and
``recode-commit`` (a recode's chunk committed). With ``EVENTWIRE_TEST_PAUSE_AT=<point>`` the process writes its
pid to ``EVENTWIRE_TEST_PAUSE_FILE`` (when set) on reaching that point and waits there for ever, to be killed.
The two variables are read once per process, here; unset (always, outside the tests), a point does nothing.
"""

from __future__ import annotations

import os
import time
from functools import cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

POINTS = ("nlp", "parquet", "publish", "load", "recode-commit")


class Faults(BaseSettings):
    """The fault to inject (none by default)."""

    model_config = SettingsConfigDict(env_prefix="EVENTWIRE_TEST_", extra="ignore")

    pause_at: str | None = None  # the crash point to stop at
    pause_file: Path | None = None  # where to say so (the pid), for the test that waits for it


@cache
def configured() -> Faults:
    """The faults of this process, read from the environment once."""
    return Faults()


def point(name: str) -> None:
    """Crash point ``name`` (one of ``POINTS``): nothing happens unless a fault is configured to stop here."""
    faults = configured()
    if faults.pause_at != name:
        return
    if faults.pause_file:
        faults.pause_file.write_text(f"{os.getpid()}\n")  # a local flag file for the test, not the lake
    while True:
        time.sleep(1)
