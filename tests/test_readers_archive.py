"""Archives member by member, and compressed streams: a broken member or stream is a reason, never partial text."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import struct
import tarfile
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import build_warc
from transforms.readers import read_file
from transforms.readers.archive import Member, archive_format, clean_name, read_archive
from transforms.readers.compression import decompress, gzip_members

MB = 1_000_000


def story(i: int) -> bytes:
    return (f"Published: 2{i} February 2012\n\nLeaders meet in story {i}\n\n"
            f"Minister number {i} met his counterpart on Monday to discuss the crisis, officials said.\n\n"
            f"They agreed to meet again next month, a spokesman said in statement {i}.\n").encode()


STORIES = {"2012/a.txt": story(1), "2012/b.json": b'{"title": "B", "text": "The talks went on, officials said."}',
           "c.txt": story(3)}


def make_zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def make_tar(members: dict[str, bytes], mode: str = "w", extra: list[tarfile.TarInfo] = ()) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=mode) as t:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))
        for info in extra:
            t.addfile(info)
    return buf.getvalue()


TARS = {"c.tar": "w", "c.tar.gz": "w:gz", "c.tgz": "w:gz", "c.tar.bz2": "w:bz2", "c.tar.xz": "w:xz"}


def members(name: str, data: bytes, max_bytes: int = MB) -> tuple[str | None, list[Member]]:
    """(the archive's reason, its members) as the pipeline reads them."""
    fmt = archive_format(name, data[:65536])
    assert fmt, name
    read = read_archive(io.BytesIO(data), name, fmt, max_bytes)
    return read.reason, list(read.members)


def loaded(found: list[Member]) -> dict[str, bytes]:
    return {m.name: m.data for m in found if m.reason is None}


def test_zip_and_tar_in_every_compression_give_their_members_with_paths():
    for name, data in [("c.zip", make_zip(STORIES)), ("s.zip", make_zip(STORIES, zipfile.ZIP_STORED)),
                       ("x.zip", make_zip(STORIES, zipfile.ZIP_BZIP2)), ("l.zip", make_zip(STORIES, zipfile.ZIP_LZMA)),
                       *((n, make_tar(STORIES, m)) for n, m in TARS.items())]:
        reason, found = members(name, data)
        assert reason is None and loaded(found) == STORIES, name
        assert [m.path for m in found] == [f"{name}!/{n}" for n in STORIES]
        (article,) = read_file(found[0].path, found[0].data).articles
        assert article.title == "Leaders meet in story 1"


def test_archives_are_told_by_content_then_by_name():
    assert archive_format("download", make_zip(STORIES)) == ("zip", None)
    assert archive_format("dump", make_tar(STORIES, "w:gz")[:65536]) == ("tar", "gzip")
    assert archive_format("dump", make_tar(STORIES, "w:xz")[:65536]) == ("tar", "xz")
    assert archive_format("dump", make_tar(STORIES)) == ("tar", None)
    assert archive_format("c.tbz2", b"BZh9") == ("tar", "bz2")  # bzip2 inflates nothing from a file's head
    assert archive_format("report.docx", make_zip(STORIES)) is None  # a document, read (as binary) as a file
    assert archive_format("a.txt.gz", gzip.compress(story(1))) is None
    assert archive_format("notes.txt", b"PK is not a zip") is None
    reason, _ = members("fake.zip", b"not a zip at all")
    assert reason.startswith("the zip archive is truncated or corrupt")
    reason, _ = members("fake.tar.gz", gzip.compress(b"not a tar, only text " * 40))
    assert reason.startswith("the tar archive is truncated or corrupt")


def test_folders_are_skipped_and_an_empty_archive_is_a_reason():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("folder/", b"")
    assert members("e.zip", buf.getvalue())[0] == "the archive holds no files"
    assert members("e.tar", make_tar({}))[0] == "the archive holds no files"
    folder = tarfile.TarInfo("folder")
    folder.type = tarfile.DIRTYPE
    reason, found = members("d.tar", make_tar({"folder/a.txt": story(1)}, extra=[folder]))
    assert reason is None and [m.name for m in found] == ["folder/a.txt"]


def test_a_broken_zip_member_is_a_reason_and_the_others_load():
    data = bytearray(make_zip(STORIES))
    at = data.index(b"c.txt") + len("c.txt") + 10  # inside c.txt's compressed bytes
    data[at] ^= 0x04
    reason, found = members("c.zip", bytes(data))
    assert reason is None and loaded(found) == {k: v for k, v in STORIES.items() if k != "c.txt"}
    (broken,) = [m for m in found if m.reason]
    assert (broken.path, broken.index) == ("c.zip!/c.txt", 2)
    assert broken.reason.startswith("the zip member is truncated or corrupt")


def _patch_zip_field(data: bytes, name: bytes, local_offset: int, central_offset: int, fmt: str, value: int) -> bytes:
    """Set a field of ``name``'s local header and central directory entry."""
    out = bytearray(data)
    local = out.index(b"PK\x03\x04" + out[4:6])  # the first member's local header
    while out[local + 30: local + 30 + len(name)] != name:
        local = out.index(b"PK\x03\x04", local + 4)
    central = out.index(b"PK\x01\x02")
    while out[central + 46: central + 46 + len(name)] != name:
        central = out.index(b"PK\x01\x02", central + 4)
    if local_offset is not None:
        struct.pack_into(fmt, out, local + local_offset, value)
    struct.pack_into(fmt, out, central + central_offset, value)
    return bytes(out)


def test_zip_bombs_are_quarantined_counted_while_inflating_not_from_headers():
    zeros = b"\x00" * (3 * MB)
    # one member over the cap: its header says so
    reason, found = members("b.zip", make_zip({"bomb.txt": zeros, "c.txt": story(3)}), max_bytes=2 * MB)
    assert loaded(found) == {"c.txt": story(3)}
    assert found[0].reason == "the file is 3.0 MB, over the 2 MB cap (EVENTWIRE_MAX_FILE_MB)"
    # a header that lies (says 100 bytes): never more than it says is read, and then the CRC fails
    lying = _patch_zip_field(make_zip({"bomb.txt": zeros}), b"bomb.txt", 22, 24, "<I", 100)
    (member,) = members("l.zip", lying, max_bytes=2 * MB)[1]
    assert member.data == b"" and "truncated or corrupt" in member.reason
    # many small members, each under the cap, inflating 100-fold past the archive's size together
    many = make_zip({f"z{i}.txt": b"\x00" * MB for i in range(30)})
    assert len(many) * 100 < 10 * MB
    _, found = members("m.zip", many, max_bytes=10 * MB)
    assert 0 < len(loaded(found)) < 30
    assert all("past 100 times its size" in m.reason for m in found if m.reason)
    # a compressed tar that inflates past 100 times its size is a bomb as a whole
    reason, found = members("t.tar.gz", make_tar({"z.txt": b"\x00" * (20 * MB)}, "w:gz"), max_bytes=MB)
    assert "past 100 times its size" in reason and found == []


def test_path_tricks_encrypted_members_and_links_are_not_read():
    data = make_zip({"../escape.txt": story(1), "/etc/passwd": story(2), "C:\\win.txt": story(3), "ok.txt": story(4),
                     "secret.txt": story(5), "inner.zip": make_zip(STORIES), "ok.txt.gz": gzip.compress(story(6))})
    data = _patch_zip_field(data, b"secret.txt", 6, 8, "<H", 0x1)  # the "encrypted" flag
    reason, found = members("t.zip", data)
    why = {m.name: m.reason for m in found}
    assert "leads out of the archive" in why["../escape.txt"] and "absolute path" in why["etc/passwd"]
    assert "absolute path" in why["C:/win.txt"]
    assert why["secret.txt"] == "the member is encrypted"
    assert why["inner.zip"].startswith("an archive inside an archive")
    assert loaded(found) == {"ok.txt": story(4), "ok.txt.gz": gzip.compress(story(6))}  # nested gzip: a file
    link, device = tarfile.TarInfo("link.txt"), tarfile.TarInfo("dev")
    link.type, link.linkname, device.type = tarfile.SYMTYPE, "/etc/passwd", tarfile.CHRTYPE
    _, found = members("t.tar", make_tar({"a.txt": story(1)}, extra=[link, device]))
    why = {m.name: m.reason for m in found}
    assert why["link.txt"] == "the member is a link, not a file"
    assert why["dev"] == "the member is a device or a pipe, not a file"
    _, found = members("t.tar", make_tar({"./a.txt": story(1), "a.txt": story(2)}))
    assert [m.reason for m in found] == [None, "the archive holds an earlier member of this name"]


def test_a_zip_symlink_is_not_read():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        info = zipfile.ZipInfo("link.txt")
        info.external_attr = (0o120777 << 16)
        z.writestr(info, "/etc/passwd")
        z.writestr("a.txt", story(1))
    _, found = members("s.zip", buf.getvalue())
    assert [m.reason for m in found] == ["the member is a symbolic link, not a file", None]


def test_member_names_are_cleaned():
    assert clean_name("./a//b/./c.txt") == ("a/b/c.txt", None)
    assert clean_name("a\\b.txt") == ("a/b.txt", None)
    assert clean_name("a/../../b")[1] and clean_name("/abs")[1] and clean_name("D:/x")[1]


def test_a_truncated_plain_tar_gives_its_whole_members_and_says_where_it_was_cut():
    data = make_tar(STORIES)
    offset_c = data.index(b"c.txt")  # c.txt's header
    _, found = members("t.tar", data[: offset_c + 512 + 100])  # inside c.txt's bytes
    assert loaded(found) == {k: v for k, v in STORIES.items() if k != "c.txt"}
    assert found[-1].reason == "the member is cut short: the tar archive is truncated"
    _, found = members("t.tar", data[:offset_c])  # at a header: no end-of-archive marker
    assert found[-1].name == "" and "no end-of-archive marker" in found[-1].reason
    assert found[-1].path == "t.tar" and loaded(found) == {k: v for k, v in STORIES.items() if k != "c.txt"}
    bad = bytearray(data)
    bad[offset_c] ^= 0x01  # c.txt's header fails its checksum: the members after it are not silently lost
    _, found = members("t.tar", bytes(bad))
    assert "truncated or corrupt after entry 1" in found[-1].reason


@pytest.mark.parametrize("kind,pack", [("gzip", gzip.compress), ("bz2", bz2.compress), ("xz", lzma.compress)])
def test_a_truncated_or_corrupt_compressed_file_is_quarantined_never_half_read(kind, pack):
    data = pack(story(1) * 20)
    suffix = {"gzip": ".gz", "bz2": ".bz2", "xz": ".xz"}[kind]
    whole = read_file("a.txt" + suffix, data)
    assert whole.compression == kind and whole.articles[0].title == "Leaders meet in story 1"
    cut = read_file("a.txt" + suffix, data[: len(data) // 2])
    assert cut.reason == f"the {kind} stream is truncated or corrupt" and not cut.articles
    assert read_file("a.txt" + suffix, b"plain text").reason == f"the file is named {suffix} but is not {kind} data"


def test_a_gzip_that_fails_its_crc_is_corrupt():
    data = bytearray(gzip.compress(story(1)))
    data[-8] ^= 0xFF  # the CRC-32 in the trailer
    assert read_file("a.txt.gz", bytes(data)).reason == "the gzip stream is truncated or corrupt"
    with pytest.raises(ValueError):
        decompress(bytes(data), "gzip")
    assert gzip_members(gzip.compress(b"a") + bytes(data)) == (b"a", 1, True)


# --- random truncations and bit flips of every compressed format ---------------------------------------------------

ARCHIVES = {"c.zip": make_zip(STORIES), "c.tar.gz": make_tar(STORIES, "w:gz"),
            "c.tar.bz2": make_tar(STORIES, "w:bz2"), "c.tar.xz": make_tar(STORIES, "w:xz")}
FILES = {"a.txt.gz": gzip.compress(story(1)), "a.txt.bz2": bz2.compress(story(1)), "a.txt.xz": lzma.compress(story(1))}
ORIGINAL = read_file("a.txt", story(1)).articles


def damaged(data: bytes, where: float, bit: int, cut: bool) -> bytes:
    at = min(int(where * len(data)), len(data) - 1)
    if cut:
        return data[:at]
    out = bytearray(data)
    out[at] ^= 1 << bit
    return bytes(out)


DAMAGE = dict(where=st.floats(0, 1), bit=st.integers(0, 7), cut=st.booleans())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(sorted(ARCHIVES)), **DAMAGE)
def test_a_damaged_archive_gives_whole_members_or_reasons(name, where, bit, cut):
    data = damaged(ARCHIVES[name], where, bit, cut)
    fmt = archive_format(name, data[:65536])
    if fmt is None:  # the magic bytes themselves were hit: read as a file, which is binary
        assert read_file(name, data).reason
        return
    read = read_archive(io.BytesIO(data), name, fmt, MB)
    found = list(read.members)
    assert read.reason or found
    for member in found:
        assert (member.reason is None) != (member.data == b"" and member.reason is not None)
        if member.reason is None:  # never a partial or altered member
            assert STORIES.get(member.name) == member.data


@settings(max_examples=200, deadline=None)
@given(name=st.sampled_from(sorted(FILES)), **DAMAGE)
def test_a_damaged_compressed_file_gives_the_whole_article_or_a_reason(name, where, bit, cut):
    result = read_file(name, damaged(FILES[name], where, bit, cut))
    assert result.articles == ORIGINAL or (result.reason and not result.articles)


WARCS = {"per record": build_warc(True), "whole file": gzip.compress(build_warc(False))}
WARC_ARTICLES = read_file("crawl.warc", build_warc(False)).articles


@settings(max_examples=150, deadline=None)
@given(kind=st.sampled_from(sorted(WARCS)), **DAMAGE)
def test_a_damaged_warc_gz_gives_whole_records_or_reasons(kind, where, bit, cut):
    result = read_file("crawl.warc.gz", damaged(WARCS[kind], where, bit, cut))
    assert bool(result.articles) != bool(result.reason)
    assert all(a in WARC_ARTICLES for a in result.articles)


PLAIN_TAR = make_tar(STORIES)
MARKER = sum(512 + -(-len(d) // 512) * 512 for d in STORIES.values())  # where the end-of-archive marker starts


@settings(max_examples=100, deadline=None)
@given(where=st.floats(0, 1))
def test_a_truncated_plain_tar_gives_whole_members_or_reasons(where):
    data = damaged(PLAIN_TAR, where, 0, True)
    read = read_archive(io.BytesIO(data), "c.tar", ("tar", None), MB)
    found = list(read.members)
    assert read.reason or found
    assert all(STORIES[m.name] == m.data for m in found if m.reason is None)
    if len(data) >= MARKER + 512:  # cut in the padding after the marker: nothing lost
        assert loaded(found) == STORIES and not any(m.reason for m in found)
    elif not read.reason:  # every other cut is told: the last member is cut short, or the marker is missing
        assert found[-1].reason
