from tests.conftest import make_article
from transforms.dedupe import mark_duplicates


def row(path, sha, status="loaded"):
    return {"file_id": f"id-{path}", "path": path, "sha256": sha, "status": status, "n_articles": 1}


def article(body, file_id, index=0):
    a = make_article(body, index=index)
    return a.__class__(**{**a.__dict__, "file_id": file_id, "article_id": f"{file_id}-{index}"})


def test_same_bytes_under_another_path_is_a_duplicate_and_its_articles_are_dropped():
    files = [row("a.txt", "s1"), row("b.txt", "s1"), row("c.txt", "s2"), row("d.txt", "s3", "quarantined")]
    arts = [article("Story one.", "id-a.txt"), article("Story one.", "id-b.txt"), article("Story two.", "id-c.txt")]
    out_files, out_arts = mark_duplicates(files, arts)
    assert [f["status"] for f in out_files] == ["loaded", "duplicate", "loaded", "quarantined"]
    assert out_files[1]["n_articles"] == 0 and files[1]["status"] == "loaded"  # inputs untouched
    assert out_files[1]["duplicate_of"] == "a.txt" and "duplicate_of" not in out_files[0]
    assert [a.article_id for a in out_arts] == ["id-a.txt-0", "id-c.txt-0"]
    assert all(a.duplicate_of is None for a in out_arts)


def test_same_story_in_another_file_points_at_the_first_copy():
    files = [row("a.txt", "s1"), row("b.txt", "s2")]
    arts = [article("Same story.", "id-a.txt"), article("Same story.", "id-b.txt")]
    _, out = mark_duplicates(files, arts)
    assert out[0].duplicate_of is None and out[1].duplicate_of == "id-a.txt-0"


def test_earlier_runs_count_as_earlier():
    files = [row("new/a.txt", "s1")]
    arts = [article("Old story.", "id-new/a.txt")]
    out_files, out = mark_duplicates(files, arts, known_files={"s1": "old/a.txt"})
    assert out_files[0]["status"] == "duplicate" and out == []
    content = arts[0].content_hash
    _, out = mark_duplicates([row("x.txt", "s9")], [article("Old story.", "id-x.txt")],
                             known_articles={content: "earlier-article"})
    assert out[0].duplicate_of == "earlier-article"
    _, out = mark_duplicates([row("old/a.txt", "s1")], [article("Old story.", "id-old/a.txt")],
                             known_files={"s1": "old/a.txt"})
    assert out[0].duplicate_of is None  # the same path again is not its own duplicate


STORY = (
    "Russia and China on Thursday rejected pressure to change their position on Syria after vetoing a "
    "United Nations resolution condemning the Damascus regime for its bloody crackdown on the opposition. "
    "Russian Foreign Minister Sergei Lavrov called his Chinese counterpart Yang Jiechi to discuss the two "
    "powers' future strategy on the crisis, less than a month after the UN Security Council vote."
)


def test_near_copies_point_at_the_first_copy_and_other_stories_do_not():
    from transforms.dedupe import NearDuplicateIndex, mark_near_duplicates

    edited = STORY.replace("Thursday", "Thursday,").replace("bloody ", "") + " Read more: subscribe to our newsletter."
    respaced = STORY.replace(" ", "  ").upper()
    other = ("The Bank of England held interest rates at 0.5% on Thursday as policymakers weighed signs that the "
             "recovery was losing pace, with manufacturing output falling for a third month in a row and "
             "retailers reporting weak sales over the Christmas period.")
    arts = [article(STORY, "f1"), article(edited, "f2"), article(respaced, "f3"), article(other, "f4"),
            article("Too short to compare.", "f5")]
    index = NearDuplicateIndex()
    out = mark_near_duplicates(arts, index)
    assert [a.duplicate_of for a in out] == [None, "f1-0", "f1-0", None, None]
    assert set(index.added) == {"f1-0", "f4-0"}
    # a later run that loads the stored signatures still finds the first copy
    later = NearDuplicateIndex()
    for article_id, sig in index.added.items():
        later.load(article_id, sig)
    (again,) = mark_near_duplicates([article(edited, "f9")], later)
    assert again.duplicate_of == "f1-0" and later.added == {}


def test_signature_is_deterministic():
    from transforms.dedupe import signature

    assert (signature(STORY) == signature(STORY)).all()
    assert signature("a b c") is None


def test_the_index_finds_the_earliest_close_signature_among_thousands():
    """Past the unsorted tail (merged into sorted arrays every TAIL rows), loaded in bulk or one by one."""
    import numpy as np

    from transforms.dedupe import NUM_PERM, NearDuplicateIndex

    rng = np.random.default_rng(7)
    sigs = rng.integers(0, 2**32, size=(NearDuplicateIndex.TAIL * 2 + 300, NUM_PERM), dtype=np.uint64)
    ids = [f"a{i}" for i in range(len(sigs))]
    one_by_one, bulk = NearDuplicateIndex(), NearDuplicateIndex()
    for i, sig in zip(ids, sigs, strict=True):
        one_by_one.add(i, sig)
    bulk.load_many(ids + ids[:5], np.concatenate([sigs, sigs[:5]]))  # ids seen before are skipped
    assert len(one_by_one) == len(bulk) == len(sigs)

    def near_copy(sig, changed):  # the same signature with ``changed`` of its values replaced
        copy = sig.copy()
        copy[rng.choice(NUM_PERM, changed, replace=False)] = rng.integers(0, 2**32, changed, dtype=np.uint64)
        return copy

    for index in (one_by_one, bulk):
        for row in (3, NearDuplicateIndex.TAIL + 11, len(sigs) - 2):  # in the sorted arrays, and in the tail
            assert index.find(near_copy(sigs[row], 20)) == ids[row]  # ~0.84 similar
            assert index.find(near_copy(sigs[row], 60)) is None  # ~0.53: not a near copy
        assert index.find(rng.integers(0, 2**32, NUM_PERM, dtype=np.uint64)) is None
    later = near_copy(sigs[7], 10)
    one_by_one.add("late", later)
    assert one_by_one.find(later) == "a7"  # the earliest of two close ones
