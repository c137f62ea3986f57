"""The progress of a long run: files read, articles coded of the total, events so far, and an ETA.

A run reports to a :class:`Progress` given to its run function (``begin``, ``read``, ``coded``, ``step``); how it
shows is the caller's choice. :class:`LiveProgress` draws a rich display on a terminal: ``eventwire run`` installs
one with ``with display(console):`` and the flow finds it with :func:`current`. Everywhere else (output not a
terminal, ``eventwire serve``, Prefect workers) :func:`current` gives a :class:`LogProgress`, a plain log line now
and then. A command that codes articles without reading files (``eventwire recode``) reports the same way, with
``begin(articles=N)``.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress

from rich.console import Console
from rich.progress import BarColumn, TextColumn
from rich.progress import Progress as Bars
from rich.text import Text

LOG_EVERY = 30.0  # seconds between LogProgress lines


class Progress:
    """The counts of a run and its ETA; shows nothing itself (subclasses do, in ``show``)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self.started: float | None = None
        self.files_total = self.files_read = 0
        self.articles_total: int | None = None  # articles to code known at the start (not read from files)
        self.articles_read = self.articles_done = self.events = 0
        self.stage: str | None = None

    def begin(self, files: int = 0, articles: int | None = None) -> None:
        """The work ahead: ``files`` to read (how many articles they hold is learnt as they are read), and
        ``articles`` to code when they are known already."""
        self.started = self.clock()
        self.files_total, self.articles_total = files, articles
        self.show()

    def read(self, files: int, articles: int) -> None:
        """``files`` more read, holding ``articles`` to code."""
        self.files_read += files
        self.articles_read += articles
        self.show()

    def coded(self, articles: int, events: int) -> None:
        """``articles`` more coded (or skipped: duplicates, not English), giving ``events``."""
        self.articles_done += articles
        self.events += events
        self.show()

    def step(self, name: str) -> None:
        """The coding is over; the run is now ``name`` (publishing to the lake, loading the warehouse, …)."""
        self.stage = name
        self.show()

    def show(self) -> None:
        """Subclasses show the counts."""

    # what to show

    def expected(self) -> tuple[int | None, bool]:
        """Articles to code in all, and whether that is an estimate (files not all read yet: the articles per file
        so far times the files to read). None before the first file is read."""
        if self.articles_total is not None:
            return self.articles_total + self.articles_read, False
        if self.files_read >= self.files_total:
            return self.articles_read, False
        if not self.files_read:
            return None, True
        return max(self.articles_read, round(self.articles_read * self.files_total / self.files_read)), True

    def eta(self) -> float | None:
        """Seconds left at the rate articles have been coded since the start; None until one is coded."""
        total, _ = self.expected()
        if self.started is None or not self.articles_done or total is None:
            return None
        rate = self.articles_done / max(self.clock() - self.started, 1e-9)
        return max(total - self.articles_done, 0) / rate

    def files_text(self) -> str:
        return f"{self.files_read:,}/{self.files_total:,} files read"

    def articles_text(self) -> str:
        total, estimated = self.expected()
        of = "?" if total is None else f"{'~' if estimated else ''}{total:,}"
        parts = [f"{self.articles_done:,}/{of} articles coded", f"{self.events:,} events"]
        eta = self.eta()
        if self.stage:
            parts.append(self.stage)
        elif eta is not None and self.articles_done < (total or 0):
            parts.append(f"ETA {dt.timedelta(seconds=round(eta))}")
        return " · ".join(parts)


class LogProgress(Progress):
    """A log line with the counts and the ETA every ``every`` seconds (none for a run shorter than that)."""

    def __init__(self, logger: logging.Logger | logging.LoggerAdapter, every: float = LOG_EVERY,
                 clock: Callable[[], float] = time.monotonic):
        super().__init__(clock)
        self.logger, self.every = logger, every
        self.last: float | None = None

    def show(self) -> None:
        now = self.clock()
        if self.last is None:
            self.last = now
        elif now - self.last >= self.every:
            self.last = now
            files = f"{self.files_text()}; " if self.files_total else ""
            self.logger.info("progress: %s%s", files, self.articles_text())


class LiveProgress(Progress):
    """A rich display on ``console`` (a terminal): a bar of the files read, one of the articles coded with the
    events and the ETA. Use it as a context manager; log lines and prints go above it while it shows, and it
    disappears at the end (the run's summary follows)."""

    def __init__(self, console: Console, clock: Callable[[], float] = time.monotonic):
        super().__init__(clock)
        self.console = console
        self.bars = Bars(TextColumn("{task.description:<8}"), BarColumn(), TextColumn("{task.fields[detail]}"),
                         console=console, transient=True, auto_refresh=False)
        self.files_bar = self.articles_bar = None
        self._logs = None

    def __enter__(self) -> LiveProgress:
        self.bars.start()
        self._logs = _logs_above(self.console)
        self._logs.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._logs.__exit__(*exc)
        self.bars.stop()

    def show(self) -> None:
        if self.files_total and self.files_bar is None:
            self.files_bar = self.bars.add_task("Reading", total=self.files_total, detail="")
        if self.articles_bar is None and self.started is not None:
            self.articles_bar = self.bars.add_task("Coding", total=None, detail="")
        if self.files_bar is not None:
            self.bars.update(self.files_bar, completed=self.files_read, detail=self.files_text())
        if self.articles_bar is not None:
            total, _ = self.expected()
            self.bars.update(self.articles_bar, completed=self.articles_done, total=total or None,
                             detail=self.articles_text())
        self.bars.refresh()


_current: Progress | None = None


def current(logger: logging.Logger | logging.LoggerAdapter) -> Progress:
    """The progress reporter of the run starting now: the display installed by :func:`display`, else log lines."""
    return _current or LogProgress(logger)


@contextmanager
def reporting(reporter: Progress) -> Iterator[Progress]:
    """Runs started within the block (in this process) report to ``reporter``."""
    global _current
    previous, _current = _current, reporter
    try:
        yield reporter
    finally:
        _current = previous


@contextmanager
def display(console: Console) -> Iterator[Progress | None]:
    """Within the block, runs show a live display on ``console`` when it is a terminal (not a dumb one); elsewhere
    nothing is installed and they log their progress."""
    if not console.is_terminal or console.is_dumb_terminal:
        yield None
        return
    with LiveProgress(console) as live, reporting(live):
        yield live


class _Above(io.TextIOBase):
    """A terminal's stand-in whose lines ``console`` prints, above its live display. (rich's own FileProxy would do,
    but a Console unwraps a FileProxy given as its file.)"""

    def __init__(self, console: Console, terminal):
        self.console, self.terminal, self.pending = console, terminal, ""

    def write(self, text: str) -> int:
        *lines, self.pending = (self.pending + text).split("\n")
        if lines:
            self.console.print(Text("\n").join(Text.from_ansi(line) for line in lines))
        return len(text)

    def flush(self) -> None:
        if self.pending:
            self.write("\n")

    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.terminal.fileno()


@contextmanager
def _logs_above(console: Console) -> Iterator[None]:
    """Log handlers that write to a terminal (Prefect's console handler prints through a rich Console of its own)
    write through ``console`` instead, so their lines scroll above the live display rather than through it."""
    undo = []
    for handler in logging.getLogger().handlers:
        inner = getattr(handler, "console", None)
        if isinstance(inner, Console) and inner.is_terminal:
            undo.append((inner, "file", inner.file))
            inner.file = _Above(console, inner.file)
        elif isinstance(handler, logging.StreamHandler) and _isatty(handler.stream):
            undo.append((handler, "stream", handler.stream))
            handler.setStream(_Above(console, handler.stream))
    try:
        yield
    finally:
        for target, attr, value in reversed(undo):
            if attr == "stream":
                target.setStream(value)
            else:
                target.file = value


def _isatty(stream) -> bool:
    with suppress(Exception):
        return bool(stream.isatty())
    return False
