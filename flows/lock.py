"""One writing run at a time: an exclusive ``fcntl`` lock on ``<db>.lock``, held for the whole run.

A run takes the lock before it reads the lake's state and keeps it until its run row is written, so two
runs (a scheduled one and a manual one, or two schedule ticks) never interleave their writes to the lake
or the warehouse. A run that finds the lock taken waits up to ``timeout`` seconds, then gives up with
:class:`WriterBusy`. The kernel drops the lock when its process dies, even on ``kill -9``: a crashed run
never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path


class WriterBusy(RuntimeError):
    """Another eventwire run holds the writer lock."""


def lock_path(db: Path) -> Path:
    return db.with_name(db.name + ".lock")


class WriterLock:
    """``with WriterLock(db, timeout):`` — exclusive for the block, waiting at most ``timeout`` seconds."""

    def __init__(self, db: Path, timeout: float = 0.0, poll: float = 0.2):
        self.path, self.timeout, self.poll = lock_path(Path(db)), max(0.0, timeout), poll
        self.db = Path(db)
        self._fd: int | None = None
        self.waited = 0.0

    def acquire(self) -> WriterLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        started = time.monotonic()
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                self.waited = time.monotonic() - started
                if self.waited >= self.timeout:
                    holder = _read_holder(fd)
                    os.close(fd)
                    raise WriterBusy(
                        f"another eventwire run{holder} is writing {self.db}; skipped after {self.timeout:g} s "
                        "(EVENTWIRE_LOCK_TIMEOUT)"
                    ) from None
                time.sleep(min(self.poll, max(0.01, self.timeout - self.waited)))
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)  # who holds it, for the message of a run that waits
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> WriterLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


def _read_holder(fd: int) -> str:
    try:
        pid = os.pread(fd, 32, 0).decode().strip()
    except OSError:
        return ""
    return f" (process {pid})" if pid.isdigit() else ""
