"""Archives: zip and tar collections (tar plain, gzip, bzip2 or xz compressed) → their members, one at a time.

Pure: the archive is read from a seekable file-like object the caller opened; nothing is extracted to disk,
and only one member's bytes (at most ``max_bytes``) are held at a time. Each member's bytes are then read as
a file of their own (``read_file``). A member's path is the archive's, ``!/``, and its name in the archive:
``news.zip!/2012/feb/story.txt``.

What cannot be read is a ``Member`` with a ``reason`` instead of bytes; the other members are read:

- a member that fails its CRC, is cut short, or is stored with a method or encryption that is not read;
- a decompression bomb: a member inflating past ``max_bytes`` (counted while inflating, not taken from its
  header), or an archive whose members together inflate more than ``MAX_INFLATION`` times its size;
- a name that leaves the archive (``../``, an absolute path, a drive), or a name given twice;
- a link, device or pipe in a tar archive (a symbolic link in a zip archive): not a file;
- an archive inside an archive (not opened: extract it first).

A compressed tar is inflated once to the end before any member is read: gzip's, bzip2's and xz's checks cover
the whole stream, so a stream that ends early or fails its check is quarantined whole ("the gzip stream is
truncated or corrupt") rather than loaded up to the damage. A plain tar has no checksum of its content: a
truncated one gives its whole members and a damage ``Member`` after them.
"""

from __future__ import annotations

import stat
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from transforms.readers import over_cap
from transforms.readers.compression import (
    ERRORS,
    CorruptStream,
    TooLarge,
    compression_named,
    compression_of,
    corrupt,
    inflate,
    open_stream,
    peek,
)

FORMATS = ("zip", "tar")
MAX_INFLATION = 100  # text deflates 3-10 fold; members inflating past 100 times the archive's size are a bomb
HEAD_BYTES = 65536  # what archive_format needs to see of a file
_TAR_SUFFIXES = {".tar": None, ".tgz": "gzip", ".tbz": "bz2", ".tbz2": "bz2", ".txz": "xz"}
# zip containers that are documents, not collections: read as files (and quarantined as binary)
_ZIP_DOCUMENTS = (".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".epub", ".jar", ".apk", ".whl")
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_TAR_ERRORS = (tarfile.TarError, *ERRORS)
_ZIP_ERRORS = (zipfile.BadZipFile, NotImplementedError, RuntimeError, *ERRORS)


@dataclass(frozen=True)
class Member:
    """One file of an archive: its bytes, or why it cannot be read. ``name`` is "" for damage after the last
    member that could be read (a truncated tar)."""

    archive: str  # the archive's path
    name: str  # the member's name in the archive, cleaned ("./a//b" → "a/b")
    index: int  # its position among the archive's entries (folders count)
    data: bytes = field(default=b"", repr=False)
    reason: str | None = None

    @property
    def path(self) -> str:
        return f"{self.archive}!/{self.name}" if self.name else self.archive


@dataclass
class ArchiveRead:
    """An opened archive: its format and compression, and its members (read as they are iterated, from the
    stream it was opened on); or the reason it cannot be read at all (then no members)."""

    format: str
    compression: str | None = None
    reason: str | None = None
    members: Iterator[Member] = field(default_factory=lambda: iter(()))


def archive_format(name: str, head: bytes) -> tuple[str, str | None] | None:
    """(zip or tar, the tar's compression) when a file is an archive, told by its first bytes (zip's magic, tar's
    "ustar" at byte 257 once inflated) or else its name (.zip, .tar, .tgz, .tar.gz, .tar.bz2, .tar.xz …)."""
    lower = name.lower().rsplit("/", 1)[-1]
    if head.startswith(_ZIP_MAGIC):
        return None if lower.endswith(_ZIP_DOCUMENTS) else ("zip", None)
    compression = compression_of(head)
    inner = peek(compression, head, 512) if compression else head
    if inner[257:262] == b"ustar":
        return "tar", compression
    if lower.endswith(".zip"):
        return "zip", None
    for suffix, packed in _TAR_SUFFIXES.items():
        if lower.endswith(suffix):
            return "tar", packed
    named = compression_named(lower)
    if named and lower.rsplit(".", 2)[-2:-1] == ["tar"]:
        return "tar", named
    return None


def read_archive(stream: BinaryIO, name: str, fmt: tuple[str, str | None], max_bytes: int) -> ArchiveRead:
    """Open the archive ``name`` (``fmt`` from archive_format) on ``stream``; its members are read lazily, each
    capped at ``max_bytes``. Never raises: what cannot be read is a reason."""
    kind, compression = fmt
    size = stream.seek(0, 2)
    stream.seek(0)
    budget = _Budget(max(max_bytes, MAX_INFLATION * size))
    try:
        if kind == "zip":
            return _open_zip(stream, name, max_bytes, budget)
        return _open_tar(stream, name, compression, max_bytes, budget)
    except Exception as exc:  # noqa: BLE001 — a reader bug must not lose the file
        return ArchiveRead(kind, compression, f"the {kind} archive cannot be read: {exc!r}")


# --- names and caps ---------------------------------------------------------------------------------------------

def clean_name(name: str) -> tuple[str, str | None]:
    """(the member's name without "." and empty parts, why it is refused: it leaves the archive)."""
    raw = name.replace("\\", "/")
    parts = [p for p in raw.split("/") if p not in ("", ".")]
    if raw.startswith("/") or (parts and len(parts[0]) == 2 and parts[0][1] == ":"):
        return "/".join(parts), "its name is an absolute path: a path trick, not read"
    if ".." in parts:
        return "/".join(parts), "its name leads out of the archive (../): a path trick, not read"
    return "/".join(parts), None


class _Budget:
    """The bytes the archive's members may still inflate to (a zip bomb of overlapping members passes every
    member's own cap)."""

    def __init__(self, total: int):
        self.total = self.left = total

    def take(self, n: int) -> None:
        self.left -= n


def _read_capped(f: BinaryIO, cap: int) -> bytes | None:
    """At most ``cap`` bytes of ``f``, in chunks; None when there are more (counted, not taken from a header)."""
    chunks, total = [], 0
    while chunk := f.read(min(1 << 20, cap + 1 - total)):
        chunks.append(chunk)
        total += len(chunk)
        if total > cap:
            return None
    return b"".join(chunks)


def _bomb(budget: _Budget) -> str:
    return (f"the archive inflates past {MAX_INFLATION} times its size ({budget.total / 1e6:,.0f} MB): "
            "a decompression bomb")


def _too_big(n: int | None, max_bytes: int, budget: _Budget) -> str | None:
    """Why a member of ``n`` bytes (its header's word; None: it inflated past what it was allowed) is not read."""
    if n is None:
        return (f"it inflates past the {max_bytes / 1e6:,.0f} MB file size cap (EVENTWIRE_MAX_FILE_MB): "
                "a decompression bomb" if budget.left >= max_bytes else _bomb(budget))
    if n > max_bytes:
        return over_cap(n, max_bytes)
    return _bomb(budget) if n > budget.left else None


def _member(archive: str, name: str, index: int, read: Callable[[], bytes | str], seen: set[str]) -> Member:
    """A member with its bytes (``read()``), or with the reason it is not read: its name, a name seen before,
    what ``read()`` says, or an archive inside the archive."""
    clean, trick = clean_name(name)
    if trick:
        return Member(archive, clean, index, reason=trick)
    if clean in seen:
        return Member(archive, clean, index, reason="the archive holds an earlier member of this name")
    seen.add(clean)
    data = read()
    if isinstance(data, str):
        return Member(archive, clean, index, reason=data)
    if archive_format(clean, data[:HEAD_BYTES]):
        return Member(archive, clean, index, reason="an archive inside an archive is not read: extract it first")
    return Member(archive, clean, index, data)


# --- zip --------------------------------------------------------------------------------------------------------

def _open_zip(stream: BinaryIO, name: str, max_bytes: int, budget: _Budget) -> ArchiveRead:
    try:
        zf = zipfile.ZipFile(stream)
        infos = zf.infolist()
    except _ZIP_ERRORS as exc:
        return ArchiveRead("zip", reason=f"the zip archive is truncated or corrupt: {exc}")
    if all(info.is_dir() for info in infos):
        return ArchiveRead("zip", reason="the archive holds no files")
    return ArchiveRead("zip", members=_zip_members(zf, infos, name, max_bytes, budget))


def _zip_members(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], name: str, max_bytes: int,
                 budget: _Budget) -> Iterator[Member]:
    seen: set[str] = set()
    for index, info in enumerate(infos):
        if not info.is_dir():
            yield _member(name, info.filename, index, lambda info=info: _zip_bytes(zf, info, max_bytes, budget), seen)


def _zip_bytes(zf: zipfile.ZipFile, info: zipfile.ZipInfo, max_bytes: int, budget: _Budget) -> bytes | str:
    """A zip member's bytes, checked against its CRC and size; or why they cannot be read."""
    if info.flag_bits & 0x1:
        return "the member is encrypted"
    if stat.S_ISLNK(info.external_attr >> 16):
        return "the member is a symbolic link, not a file"
    too_big = _too_big(info.file_size, max_bytes, budget)
    if too_big:
        return too_big
    try:
        with zf.open(info) as f:
            data = _read_capped(f, min(max_bytes, budget.left))
    except _ZIP_ERRORS as exc:
        return f"the zip member is truncated or corrupt: {exc}"
    if data is None:
        return _too_big(None, max_bytes, budget)
    budget.take(len(data))
    if len(data) != info.file_size or zlib.crc32(data) != info.CRC:
        return "the zip member is truncated or corrupt: it fails its CRC check"
    return data


# --- tar --------------------------------------------------------------------------------------------------------

class _LastRead:
    """A stream that remembers what its last read returned: tarfile ends quietly at a missing, cut or invalid
    header, and only the block it read tells whether that was the end-of-archive marker (a block of NULs)."""

    def __init__(self, raw: BinaryIO):
        self.raw, self.last = raw, b""

    def read(self, n: int = -1) -> bytes:
        self.last = self.raw.read(n)
        return self.last

    def seek(self, *args: int) -> int:
        return self.raw.seek(*args)

    def tell(self) -> int:
        return self.raw.tell()


def _open_tar(stream: BinaryIO, name: str, compression: str | None, max_bytes: int,
              budget: _Budget) -> ArchiveRead:
    if compression:  # check the whole stream first: its check covers every member
        try:
            for _ in inflate(compression, stream, budget.total):
                pass
        except CorruptStream:
            return ArchiveRead("tar", compression, corrupt(compression))
        except TooLarge:
            return ArchiveRead("tar", compression, _bomb(budget))
        stream.seek(0)
    raw = _LastRead(open_stream(compression, stream) if compression else stream)
    try:
        tf = tarfile.open(fileobj=raw, mode="r:")  # not "r|": the block after the last member must be seen
        first = tf.next()
    except _TAR_ERRORS as exc:
        return ArchiveRead("tar", compression, f"the tar archive is truncated or corrupt: {exc}")
    if first is None:
        return ArchiveRead("tar", compression, "the archive holds no files")
    return ArchiveRead("tar", compression, members=_tar_members(tf, first, raw, name, max_bytes))


_CUT_SHORT = "the member is cut short: the tar archive is truncated"


def _tar_members(tf: tarfile.TarFile, info: tarfile.TarInfo | None, raw: _LastRead, name: str,
                 max_bytes: int) -> Iterator[Member]:
    seen: set[str] = set()
    index = 0
    try:
        while info is not None:
            if not info.isdir():
                member = _member(name, info.name, index, lambda info=info: _tar_bytes(tf, info, max_bytes), seen)
                yield member
                if member.reason == _CUT_SHORT:
                    return
            tf.members.clear()  # tarfile keeps every header it read; only the current one is needed
            index += 1
            info = tf.next()
    except _TAR_ERRORS as exc:
        yield Member(name, "", index, reason=f"the tar archive is truncated or corrupt after entry {index - 1}: {exc}")
        return
    if len(raw.last) != tarfile.BLOCKSIZE or raw.last.strip(b"\x00"):
        yield Member(name, "", index, reason=f"the tar archive is truncated or corrupt after entry {index - 1}: "
                                             "no end-of-archive marker")


def _tar_bytes(tf: tarfile.TarFile, info: tarfile.TarInfo, max_bytes: int) -> bytes | str:
    """A tar member's bytes; or why they cannot be read."""
    if info.issym() or info.islnk():
        return "the member is a link, not a file"
    if not info.isreg():
        return "the member is a device or a pipe, not a file"
    if info.size > max_bytes:
        return over_cap(info.size, max_bytes)
    try:
        return tf.extractfile(info).read()
    except _TAR_ERRORS:
        return _CUT_SHORT
