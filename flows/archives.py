"""Archives among the input files, for the pipeline (the reading itself is transforms/readers/archive.py).

An archive gets a ``files`` row of its own (format ``zip`` or ``tar``, no articles) and each member one more,
``archive.zip!/dir/member.txt``, read, deduplicated and judged unchanged like any file by its bytes. A member
that cannot be read is a record of the archive in ``quarantined_records``. Members stream: the read task gets
them in chunks as the archive is read, never the whole archive. An archive with its recorded size and time (or
bytes) is not opened at all: its members' rows are carried over.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from transforms.ids import sha256_bytes
from transforms.models import FileRef
from transforms.plan import holds_articles
from transforms.readers.archive import FORMATS, HEAD_BYTES, Member, archive_format, read_archive


@dataclass(frozen=True)
class ArchiveRef:
    """An archive as opened: what its own ``files`` row says (``reason``: why it cannot be read at all)."""

    ref: FileRef
    sha256: str
    format: str
    compression: str | None = None
    reason: str | None = None

    @property
    def path(self) -> str:
        return self.ref.path

    @property
    def size_bytes(self) -> int:
        return self.ref.size_bytes

    @property
    def mtime_ns(self) -> int:
        return self.ref.mtime_ns


Item = FileRef | ArchiveRef | Member  # what the read task is given


def archive_format_of(ref: FileRef) -> tuple[str, str | None] | None:
    """The archive format of a file on disk (its first bytes, else its name); None for any other file or one
    that cannot be opened (the read task quarantines it with the reason)."""
    try:
        with open(ref.abs_path, "rb") as f:
            head = f.read(HEAD_BYTES)
    except OSError:
        return None
    return archive_format(ref.path, head)


def file_sha256(path: str) -> str:
    """sha256 of a file, streamed (an archive may be larger than memory)."""
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def items(refs: Iterable[FileRef], known_sha: dict[str, str], max_bytes: int,
          hashed: dict[str, str] | None = None) -> Iterator[Item]:
    """The files to read, an archive in its place as its own row then its members, one at a time. An archive
    with the bytes of one already loaded (``known_sha``: sha256 → path) is only its row: a duplicate."""
    firsts: dict[str, str] = {}
    for ref in refs:
        fmt = archive_format_of(ref)
        try:
            sha = ((hashed or {}).get(ref.path) or file_sha256(ref.abs_path)) if fmt else ""
        except OSError:
            fmt = None
        if not fmt:  # read as a file (or quarantined by the read task, if it cannot be)
            yield ref
            continue
        first = known_sha.get(sha) or firsts.get(sha)
        if first and first != ref.path:
            yield ArchiveRef(ref, sha, fmt[0], fmt[1])
            continue
        try:
            f = open(ref.abs_path, "rb")  # noqa: SIM115 — closed below, once its members are read
        except OSError as exc:
            yield ArchiveRef(ref, sha, fmt[0], fmt[1], f"the file could not be read: {exc.strerror or exc}")
            continue
        with f:
            read = read_archive(f, ref.path, fmt, max_bytes)
            if read.reason is None:
                firsts.setdefault(sha, ref.path)
            yield ArchiveRef(ref, sha, read.format, read.compression, read.reason)
            yield from read.members


def chunks(stream: Iterable[Item], batch_files: int, max_bytes: int) -> Iterator[tuple[list[Item], bool]]:
    """``stream`` in chunks of ``batch_files`` items, or fewer when their members' bytes reach ``max_bytes``,
    each with whether another chunk follows."""
    def cut() -> Iterator[list[Item]]:
        chunk: list[Item] = []
        size = 0
        for item in stream:
            chunk.append(item)
            size += len(item.data) if isinstance(item, Member) else 0
            if len(chunk) >= batch_files or size >= max_bytes:
                yield chunk
                chunk, size = [], 0
        if chunk:
            yield chunk

    parts = cut()
    current = next(parts, None)
    while current is not None:
        following = next(parts, None)
        yield current, following is not None
        current = following


class Recorded:
    """The members recorded in the ``files`` table (``known``: rows by path), by archive."""

    def __init__(self, known: dict[str, dict]):
        archives = {p for p, r in known.items() if r.get("format") in FORMATS}
        self.members: dict[str, list[dict]] = {}
        self.archive_of: dict[str, str] = {}
        for path, row in known.items():
            start = path.find("!/")
            while start != -1:  # the archive's own path may hold "!/" (a folder named "x!")
                if path[:start] in archives:
                    self.members.setdefault(path[:start], []).append(row)
                    self.archive_of[path] = path[:start]
                    break
                start = path.find("!/", start + 1)

    def of(self, archive: str) -> list[dict]:
        return self.members.get(archive, [])

    def carried(self, archive: str, run_id: str) -> list[dict]:
        """The rows of an unchanged archive's members, for this run: loaded ones are unchanged."""
        return [{**row, "status": "unchanged" if holds_articles(row) else row["status"],
                 "last_run_id": run_id, "present": True} for row in self.of(archive)]

    def present(self, path: str, seen: set[str]) -> bool:
        """Whether a file not seen by this run is still there: a member is while its archive is, unless this run
        read the archive and did not find it (gone from it, or no longer readable)."""
        archive = self.archive_of.get(path)
        if archive is None:
            return os.path.lexists(path)
        return archive not in seen and os.path.lexists(archive)


def changed_members(ref: FileRef, recorded: list[dict], max_bytes: int) -> set[str]:
    """Of an archive whose bytes changed, the ids of the members loaded before whose bytes changed (each member
    is read and hashed). A member gone from the archive or no longer readable is not changed: it keeps its rows,
    no longer present."""
    loaded = {r["path"]: r for r in recorded if holds_articles(r)}
    fmt = archive_format_of(ref)
    if not loaded or not fmt:
        return set()
    changed = set()
    with open(ref.abs_path, "rb") as f:
        for member in read_archive(f, ref.path, fmt, max_bytes).members:
            before = loaded.get(member.path)
            if before and member.reason is None and sha256_bytes(member.data) != before["sha256"]:
                changed.add(before["file_id"])
    return changed


def is_archive(row: dict) -> bool:
    """Whether a ``files`` row is an archive's own."""
    return row.get("format") in FORMATS
