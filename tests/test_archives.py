"""Archives through `eventwire run`: every file and member accounted for, nothing half-loaded, reruns idempotent,
and a changed archive read again member by member."""

from __future__ import annotations

import gzip
import io
import json
import tarfile
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app
from tests.helpers import make_corpus, q, snapshot


def run(folder: Path, tmp_path: Path):
    result = CliRunner().invoke(app, ["run", "--input", str(folder), "--db", str(tmp_path / "w.duckdb"),
                                      "--lake", str(tmp_path / "lake"), "--workers", "1"])
    assert result.exit_code == 0, result.output
    return result


def write_zip(path: Path, members: dict[str, bytes], flip: str | None = None) -> None:
    """A zip of ``members``; ``flip``: the member whose compressed bytes get one bit flipped."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    data = bytearray(buf.getvalue())
    if flip:
        data[data.index(flip.encode()) + len(flip) + 12] ^= 0x08
    path.write_bytes(bytes(data))


def write_tar_gz(path: Path, members: dict[str, bytes]) -> None:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as t:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))
    path.write_bytes(buf.getvalue())


@pytest.fixture
def mixed(tmp_path) -> Path:
    """Plain files, a zip with a broken member, a tar.gz with a JSON Lines member, a truncated gzip and a
    truncated tar.gz."""
    corpus = make_corpus(tmp_path / "corpus", n=9)
    story = {i: (corpus / f"story_{i:02d}.txt").read_bytes() for i in range(9)}
    d = tmp_path / "in"
    d.mkdir()
    (d / "plain.txt").write_bytes(story[0])
    (d / "cut.txt.gz").write_bytes(gzip.compress(story[1])[:-30])
    write_zip(d / "collection.zip", {"feb/two.txt": story[2], "feb/three.txt.gz": gzip.compress(story[3]),
                                     "feb/broken.txt": story[4], "copy_of_plain.txt": story[0],
                                     "../escape.txt": story[5]}, flip="feb/broken.txt")
    lines = [json.dumps({"title": f"Story {i}", "text": story[i].decode().split("\n\n", 2)[2]}) for i in (6, 7)]
    write_tar_gz(d / "more.tar.gz", {"x/six.jsonl": "\n".join([lines[0], "{not json", lines[1]]).encode(),
                                     "x/empty.txt": b""})
    write_tar_gz(d / "cut.tar.gz", {"eight.txt": story[8]})
    (d / "cut.tar.gz").write_bytes((d / "cut.tar.gz").read_bytes()[:-40])
    return d


def test_a_folder_of_archives_and_broken_files_is_accounted_for_and_reruns_idempotently(prefect_server, tmp_path,
                                                                                         mixed):
    run(mixed, tmp_path)
    db = tmp_path / "w.duckdb"
    files = {Path(p).name if "!/" not in p else p.split("/in/", 1)[1]: (s, r)
             for p, s, r in q(db, "SELECT path, status, reason FROM files")}
    assert files == {
        "plain.txt": ("duplicate", None),  # collection.zip!/copy_of_plain.txt comes first in path order
        "cut.txt.gz": ("quarantined", "the gzip stream is truncated or corrupt"),
        "collection.zip": ("loaded", None),
        "collection.zip!/feb/two.txt": ("loaded", None),
        "collection.zip!/feb/three.txt.gz": ("loaded", None),
        "collection.zip!/copy_of_plain.txt": ("loaded", None),
        "more.tar.gz": ("loaded", None),
        "more.tar.gz!/x/six.jsonl": ("loaded", None),
        "more.tar.gz!/x/empty.txt": ("quarantined", "the file is empty"),
        "cut.tar.gz": ("quarantined", "the gzip stream is truncated or corrupt"),
    }
    records = {(p.split("/in/", 1)[1], i): r for p, i, r in q(db, "SELECT path, record_index, reason "
                                                                  "FROM quarantined_records")}
    assert records.keys() == {("collection.zip!/feb/broken.txt", 2), ("collection.zip!/../escape.txt", 4),
                              ("more.tar.gz!/x/six.jsonl", 1)}
    assert records["collection.zip!/feb/broken.txt", 2].startswith("the zip member is truncated or corrupt")
    assert "path trick" in records["collection.zip!/../escape.txt", 4]
    # every member of every archive is a file row or a bad record of its archive
    for name in ("collection.zip", "more.tar.gz"):
        with (zipfile.ZipFile(mixed / name) if name.endswith(".zip") else tarfile.open(mixed / name)) as a:
            listed = a.namelist() if name.endswith(".zip") else a.getnames()
        assert {f"{name}!/{m}" for m in listed} <= files.keys() | {p for p, _ in records}
    # nothing half-loaded: each article is a whole story of the corpus, and none came from the broken files
    titles = sorted(t for (t,) in q(db, "SELECT title FROM articles"))
    assert len(titles) == 5 and {"Story 6", "Story 7"} <= set(titles)
    corpus = tmp_path / "corpus"
    bodies = {p.read_text().split("\n\n", 2)[2].strip() for p in corpus.glob("story_*.txt")}
    assert all(b in bodies for (b,) in q(db, "SELECT body FROM articles"))
    assert q(db, "SELECT count(*) FROM articles a JOIN files f USING (file_id) WHERE f.status <> 'loaded'") == [(0,)]

    before = snapshot(db)
    again = run(mixed, tmp_path)
    assert q(db, "SELECT status, count(*) FROM files WHERE last_run_id = (SELECT run_id FROM runs ORDER BY "
                 "started_at DESC LIMIT 1) GROUP BY 1 ORDER BY 1") == [
        ("duplicate", 1), ("quarantined", 3), ("unchanged", 6)]
    assert q(db, "SELECT files_loaded, articles FROM runs ORDER BY started_at DESC LIMIT 1") == [(0, 0)]
    assert snapshot(db) == before and "files unchanged" in again.output
    assert len(q(db, "SELECT * FROM quarantined_records")) == 3


def test_a_changed_archive_is_read_again_member_by_member(prefect_server, tmp_path):
    corpus = make_corpus(tmp_path / "corpus", n=4)
    story = {i: (corpus / f"story_{i:02d}.txt").read_bytes() for i in range(4)}
    d = tmp_path / "in"
    d.mkdir()
    write_zip(d / "c.zip", {"a.txt": story[0], "b.txt": story[1], "c.txt": story[2]})
    run(d, tmp_path)
    db = tmp_path / "w.duckdb"
    kept = q(db, "SELECT article_id FROM articles a JOIN files f USING (file_id) WHERE f.path LIKE '%!/a.txt'")
    # b.txt edited, c.txt gone, d.txt new: a.txt is unchanged and keeps its article
    write_zip(d / "c.zip", {"a.txt": story[0], "b.txt": story[1].replace(b"statement number 1", b"statement 1b"),
                            "d.txt": story[3]})
    run(d, tmp_path)
    rows = {p.rsplit("!/", 1)[-1] if "!/" in p else "c.zip": (s, present)
            for p, s, present in q(db, "SELECT path, status, present FROM files")}
    assert rows == {"c.zip": ("loaded", True), "a.txt": ("unchanged", True), "b.txt": ("loaded", True),
                    "c.txt": ("loaded", False), "d.txt": ("loaded", True)}
    assert q(db, "SELECT article_id FROM articles a JOIN files f USING (file_id) WHERE f.path LIKE '%!/a.txt'") == kept
    bodies = [b for (b,) in q(db, "SELECT body FROM articles a JOIN files f USING (file_id) "
                                  "WHERE f.path LIKE '%!/b.txt'")]
    assert len(bodies) == 1 and "statement 1b" in bodies[0]  # the old b.txt article is gone
    assert q(db, "SELECT count(*) FROM articles") == [(4,)]  # c.txt's article stays, its file no longer present
    # the archive removed from the input folder: its members are no longer present either
    (d / "c.zip").unlink()
    (d / "other.txt").write_bytes(story[3].replace(b"statement number 3", b"statement 3c"))
    run(d, tmp_path)
    assert q(db, "SELECT count(*) FROM files WHERE present") == [(1,)]


def test_recorded_members_are_present_while_their_archive_is(tmp_path):
    from flows.archives import Recorded, chunks
    from transforms.readers.archive import Member

    (tmp_path / "a!").mkdir()
    archive = tmp_path / "a!" / "c.zip"
    archive.write_bytes(b"PK\x05\x06" + bytes(18))
    rows = {str(archive): {"path": str(archive), "format": "zip", "status": "loaded"},
            f"{archive}!/x.txt": {"path": f"{archive}!/x.txt", "format": "txt", "status": "loaded"},
            f"{archive}!/y.txt": {"path": f"{archive}!/y.txt", "format": "txt", "status": "quarantined"},
            str(tmp_path / "a!" / "plain.txt"): {"path": "…", "format": "txt", "status": "loaded"}}
    recorded = Recorded(rows)
    assert [r["path"] for r in recorded.of(str(archive))] == [f"{archive}!/x.txt", f"{archive}!/y.txt"]
    assert [r["status"] for r in recorded.carried(str(archive), "run")] == ["unchanged", "quarantined"]
    # not in this run's input: present while the archive is on disk; read by this run and not found: not present
    assert recorded.present(f"{archive}!/x.txt", seen=set())
    assert not recorded.present(f"{archive}!/x.txt", seen={str(archive)})
    archive.unlink()
    assert not recorded.present(f"{archive}!/x.txt", seen=set())
    # chunks: by count, or sooner when the members' bytes reach the cap; each says whether another follows
    items = [Member("c.zip", f"{i}.txt", i, b"x" * 40) for i in range(5)]
    got = [([m.index for m in chunk], more) for chunk, more in chunks(iter(items), 2, 100)]
    assert got == [([0, 1], True), ([2, 3], True), ([4], False)]
    got = [([m.index for m in chunk], more) for chunk, more in chunks(iter(items), 10, 100)]
    assert got == [([0, 1, 2], True), ([3, 4], False)]
    assert list(chunks(iter([]), 2, 100)) == []
