"""Compressed streams: gzip, bzip2 and xz, told by their magic bytes and inflated with every check the format
has (gzip's CRC-32 and length, bzip2's block CRCs, xz's CRC-64). A stream that ends early or fails a check is
corrupt as a whole: nothing it gave is used, since a flipped bit changes the output from where it sits to the
end without an error until the check. Pure: bytes, or a file-like object given by the caller.
"""

from __future__ import annotations

import bz2
import gzip
import lzma
import zlib
from collections.abc import Iterator
from typing import BinaryIO

MAX_DECOMPRESSED = 1 << 30  # a single compressed file inflating past this is a bomb, quarantined
CHUNK = 1 << 20
# gzip; bzip2: "BZh", the block size, then a block's or the end's magic (pi, sqrt(pi)); xz
MAGIC = {"gzip": (b"\x1f\x8b",), "bz2": tuple(b"BZh%d" % n + m for n in range(1, 10)
                                              for m in (b"\x31\x41\x59\x26\x53\x59", b"\x17\x72\x45\x38\x50\x90")),
         "xz": (b"\xfd7zXZ\x00",)}
SUFFIX = {"gzip": ".gz", "bz2": ".bz2", "xz": ".xz"}
ERRORS = (EOFError, OSError, zlib.error, lzma.LZMAError, ValueError)  # gzip.BadGzipFile is an OSError


class CorruptStream(ValueError):
    """The stream ends early or fails its check."""


class TooLarge(ValueError):
    """The stream inflates past the limit it was given."""


def corrupt(kind: str) -> str:
    """The quarantine reason of a stream that ends early or fails its check."""
    return f"the {kind} stream is truncated or corrupt"


def compression_of(head: bytes) -> str | None:
    """gzip, bz2 or xz when ``head`` (a file's first bytes) starts with that format's magic."""
    return next((kind for kind, magics in MAGIC.items() if head.startswith(magics)), None)


def compression_named(name: str) -> str | None:
    """gzip, bz2 or xz when the file's name ends with that format's suffix."""
    lower = name.lower()
    return next((kind for kind, suffix in SUFFIX.items() if lower.endswith(suffix)), None)


def open_stream(kind: str, fileobj: BinaryIO) -> BinaryIO:
    """The inflated stream of ``fileobj`` (several concatenated members read as one, as gzip -d does)."""
    if kind == "gzip":
        return gzip.GzipFile(fileobj=fileobj, mode="rb")
    if kind == "bz2":
        return bz2.BZ2File(fileobj)
    return lzma.LZMAFile(fileobj)


def inflate(kind: str, fileobj: BinaryIO, limit: int) -> Iterator[bytes]:
    """The inflated bytes of ``fileobj`` in chunks; raises CorruptStream when the stream ends early or fails its
    check (after the last chunk: use none of them before the end), TooLarge past ``limit`` bytes."""
    total = 0
    try:
        with open_stream(kind, fileobj) as stream:
            while chunk := stream.read(CHUNK):
                total += len(chunk)
                if total > limit:
                    raise TooLarge(f"it inflates past {limit:,} bytes")
                yield chunk
    except ERRORS as exc:
        if isinstance(exc, TooLarge):
            raise
        raise CorruptStream(corrupt(kind)) from exc


def decompress(data: bytes, kind: str, limit: int = MAX_DECOMPRESSED) -> bytes:
    """The whole inflated content of ``data``; raises CorruptStream or TooLarge."""
    import io

    return b"".join(inflate(kind, io.BytesIO(data), limit))


def peek(kind: str, head: bytes, size: int) -> bytes:
    """Up to ``size`` inflated bytes from the first bytes of a stream, to tell what it holds; b"" when they do not
    tell (bzip2 inflates nothing before a whole block of up to 900 kB)."""
    try:
        if kind == "gzip":
            return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, size)
        if kind == "xz":
            return lzma.LZMADecompressor().decompress(head, max_length=size)
    except (zlib.error, lzma.LZMAError, EOFError):
        pass
    return b""


def gzip_members(data: bytes) -> tuple[bytes, int, bool]:
    """The members of a gzip file (per-record gzip, as in WARC files) inflated and checked one by one, up to the
    first that fails: (their bytes, how many, whether one failed or the file ends inside one). Trailing NUL
    padding is not a member."""
    out, n, rest = bytearray(), 0, data
    while rest.strip(b"\x00"):
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            member = d.decompress(rest, MAX_DECOMPRESSED - len(out) + 1)
        except zlib.error:
            return bytes(out), n, True
        if not d.eof or len(out) + len(member) > MAX_DECOMPRESSED:
            return bytes(out), n, True
        out += member
        n += 1
        rest = d.unused_data
    return bytes(out), n, False
