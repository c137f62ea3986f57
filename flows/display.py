"""Query results as a table that is never cut: ``eventwire sql``'s table format.

Short columns (ids, codes, numbers, dates) keep each value on one line; long ones (text with spaces longer than
``TEXT_MIN``, anything longer than ``TEXT_MAX``) wrap at word boundaries, at most ``TEXT_MAX`` characters wide.
On a terminal the table takes the terminal's width: long columns are narrowed first (down to ``TEXT_MIN``), then
headers longer than their values break after an underscore (``plover_`` / ``type``); columns that still do not fit
are left out whole and named, with how to see them (``--format csv`` or ``json``). Off a terminal (a pipe, a file)
the table is as wide as its columns need (``COLUMNS`` sets a width), so nothing is left out.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from rich.console import Console
from rich.table import Table
from rich.text import Text

TEXT_MIN = 24  # a wrapped column is at least this wide
TEXT_MAX = 60  # and at most this
EDGE = 1  # the table's left border; each column adds its padding (2) and its right border (1)
PER_COLUMN = 3


@dataclass
class Column:
    name: str
    values: int  # the width of its longest value (line)
    wrap: bool  # long: its values wrap

    @property
    def header_parts(self) -> list[str]:
        return re.split(r"(?<=_)(?=.)", self.name)  # break opportunities after underscores

    @property
    def max_width(self) -> int:
        natural = max(len(self.name), self.values)
        return min(natural, TEXT_MAX) if self.wrap else natural

    @property
    def min_width(self) -> int:
        if self.wrap:
            return min(self.max_width, TEXT_MIN)
        return max(self.values, *map(len, self.header_parts))

    def header(self, width: int) -> str:
        """The name, broken after underscores into lines of at most ``width`` (where it can be)."""
        lines = [""]
        for part in self.header_parts:
            if lines[-1] and len(lines[-1]) + len(part) > width:
                lines.append("")
            lines[-1] += part
        return "\n".join(lines)


def columns_of(names: list[str], cells: list[list[str]]) -> list[Column]:
    """How each column is shown, from its header and its values (``cells``: rows of strings)."""
    out = []
    for i, name in enumerate(names):
        values = [row[i] for row in cells]
        longest = max([0, *(len(line) for v in values for line in v.splitlines())])
        natural = max(len(name), longest)
        out.append(Column(name, longest, natural > TEXT_MAX or (natural > TEXT_MIN and any(" " in v for v in values))))
    return out


def layout(columns: list[Column], width: int) -> tuple[list[int], list[Column]]:
    """The widths of the columns shown in ``width`` characters (the first ones, in order; the first always) and the
    columns left out. Each starts at its widest; while the table is too wide, the widest wrapped column gives one
    character, then headers break, the ones that save most first."""
    shown = columns
    used = EDGE
    for n, column in enumerate(columns):
        used += column.min_width + PER_COLUMN
        if used > width and n:
            shown = columns[:n]
            break
    widths = [c.max_width for c in shown]
    excess = EDGE + sum(widths) + PER_COLUMN * len(shown) - width
    wrapped = [i for i, c in enumerate(shown) if c.wrap]
    while excess > 0 and wrapped:
        i = max(wrapped, key=lambda i: (widths[i] - shown[i].min_width, i))
        if widths[i] == shown[i].min_width:
            break
        widths[i] -= 1
        excess -= 1
    for i in sorted((i for i, c in enumerate(shown) if not c.wrap), key=lambda i: shown[i].min_width - widths[i]):
        if excess <= 0:
            break
        excess -= widths[i] - shown[i].min_width
        widths[i] = shown[i].min_width
    return widths, columns[len(shown):]


def table_width(columns: list[Column]) -> int:
    return EDGE + sum(c.max_width + PER_COLUMN for c in columns)


def print_table(names: list[str], rows: list[tuple], console: Console, notes: Console) -> None:
    """``rows`` under ``names`` on ``console``, laid out as the module says; the note on left-out columns goes to
    ``notes``, then the row count to ``console``."""
    cells = [["" if v is None else str(v) for v in row] for row in rows]
    columns = columns_of(names, cells)
    if console.is_terminal:
        width = console.width
    else:  # (a console prints no wider than its own width: one as wide as the table)
        width = int(os.environ["COLUMNS"]) if os.environ.get("COLUMNS", "").isdigit() else table_width(columns)
        console = Console(file=console.file, width=width, no_color=console.no_color, highlight=False)
    widths, left_out = layout(columns, width)
    table = Table(header_style="bold")
    for column, w in zip(columns, widths, strict=False):
        table.add_column(column.header(w), width=w, no_wrap=not column.wrap, overflow="fold")
    for row in cells:
        table.add_row(*(Text(v) for v in row[: len(widths)]))
    console.print(table, crop=False)
    if left_out:
        notes.print(f"{len(left_out)} of {len(columns)} columns left out to fit {width} characters "
                    f"({', '.join(c.name for c in left_out)}): --format csv or --format json prints every column "
                    "in full; or select fewer columns, or widen the terminal.",
                    style="yellow", highlight=False, soft_wrap=True)
    console.print(f"{len(rows)} rows", highlight=False)
