"""The benchmark scripts' pure helpers: halves, cuts, draws, alignment and scoring (no ../shared, no model)."""

from __future__ import annotations

import pytest

from benchmarks import news_sentences as news
from benchmarks import sample_events as sample
from benchmarks import stories
from benchmarks._coding import actor_of, top_event


def event(plover="ACCUSE", confidence=0.5, sentence="S.", **more) -> dict:
    base = {"plover_type": plover, "confidence": confidence, "sentence": sentence, "sentence_index": 0,
            "source_code": "GBRGOV", "source_country": "GBR", "target_code": None, "target_country": None,
            "cameo_code": "111", "trigger_text": "criticised"}
    return base | more


# --- shared -----------------------------------------------------------------------------------------------------

def test_top_event_takes_the_highest_confidence_and_the_first_of_a_tie():
    a, b, c = event("AGREE", 0.5), event("ACCUSE", 0.9), event("REJECT", 0.9)
    assert top_event([a, b, c]) is b
    assert top_event([]) is None


def test_actor_of_is_the_country_else_an_international_prefix():
    assert actor_of("GBRGOV", "GBR") == "GBR"
    assert actor_of("IGOEEC", None) == "IGO"
    assert actor_of("CVL", None) is None
    assert actor_of(None, None) is None


# --- stories ----------------------------------------------------------------------------------------------------

def test_half_of_is_fixed_by_the_text_and_splits_about_evenly():
    texts = [f"Story number {i} about a border dispute." for i in range(2000)]
    halves = [stories.half_of(t) for t in texts]
    assert halves == [stories.half_of(t) for t in texts]
    assert 0.45 < halves.count("A") / len(halves) < 0.55


def test_opening_cuts_after_the_nth_sentence_end_and_keeps_short_texts():
    text = 'One. Two! "Three?" Four. Five.'
    assert stories.opening(text, 3) == 'One. Two! "Three?"'
    assert stories.opening(text, 10) == text
    assert stories.opening("No end at all", 2) == "No end at all"


def test_select_filters_a_half_and_draws_the_same_subsample_in_row_order():
    pool = [{"id": f"s{i}", "half": "AB"[i % 2]} for i in range(100)]
    a = stories.select(pool, "A", 10)
    assert a == stories.select(pool, "A", 10)
    assert len(a) == 10 and {s["half"] for s in a} == {"A"}
    assert [s["id"] for s in a] == sorted((s["id"] for s in a), key=lambda k: int(k[1:]))
    assert len(stories.select(pool, "all", None)) == 100


def test_judge_and_summarise_count_hits_no_events_and_confusion():
    story = {"id": "s1", "row": 1, "half": "A", "label": "PROTEST", "mode": "RIOT"}
    hit = stories.judge(story, [event("ACCUSE", 0.9), event("PROTEST", 0.4)])
    miss = stories.judge(story | {"id": "s2", "label": "ASSAULT"}, [])
    assert hit["hit"] and hit["top"] == "ACCUSE"
    assert not miss["hit"] and miss["top"] == stories.NONE
    figures = stories.summarise([hit, miss])
    assert figures["hit_rate"] == 0.5 and figures["no_event"] == 0.5 and figures["mean_events"] == 1.0
    assert figures["per_label"] == {"PROTEST": (1, 1.0), "ASSAULT": (1, 0.0)}
    assert figures["confusion"][("PROTEST", "ACCUSE")] == 1 and figures["confusion"][("ASSAULT", "(none)")] == 1


# --- sample_events ----------------------------------------------------------------------------------------------

def test_draw_is_stable_whatever_the_order_of_the_events():
    events = [event(event_id=f"e{i:03d}") for i in range(200)]
    first = sample.draw(events, k=5)
    assert [e["event_id"] for e in first] == [e["event_id"] for e in sample.draw(events[::-1], k=5)]
    assert len(sample.draw(events[:3], k=5)) == 3


def judged(n, type_ok, source_ok, target_ok, target_code="") -> dict:
    row = dict.fromkeys(sample.FIELDS, "")
    return row | {"n": str(n), "type_ok": type_ok, "source_ok": source_ok, "target_ok": target_ok,
                  "target_code": target_code}


def test_scores_count_type_source_and_targets():
    rows = [judged(1, "1", "1", "1", "USA"), judged(2, "1", "0", "0", "FRA"), judged(3, "0", "1", "na"),
            judged(4, "1", "1", "0")]
    figures = sample.scores(rows)
    assert figures["type right"] == (3, 4)
    assert figures["source right"] == (3, 4)
    assert figures["type AND source right"] == (2, 4)
    assert figures["target right (coded target)"] == (1, 2)
    assert figures["target missing (none coded, one named)"] == (1, 2)


def test_scores_refuse_an_unjudged_row():
    with pytest.raises(ValueError, match="row 2"):
        sample.scores([judged(1, "1", "1", "na"), judged(2, "", "1", "na")])


def test_reuse_copies_the_judgements_of_the_same_event_only():
    rows = sample.to_rows([event(event_id="a", source_text="Britain", target_text=None, location_text=None,
                                 location_country=None, article_row=3)])
    same = rows[0] | {"type_ok": "1", "source_ok": "1", "target_ok": "na", "note": "fine"}
    other = same | {"plover_type": "REJECT", "type_ok": "0"}
    assert sample.reuse(rows, [{k: str(v) for k, v in other.items()}]) == 0
    assert sample.reuse(rows, [{k: str(v) for k, v in same.items()}]) == 1
    assert rows[0]["type_ok"] == "1" and rows[0]["note"] == "reused: fine"


def test_reuse_takes_the_first_of_several_judgements_and_marks_a_reused_note_once():
    rows = sample.to_rows([event(event_id="a", source_text="Britain", target_text=None, location_text=None,
                                 location_country=None, article_row=3)])
    first = {k: str(v) for k, v in rows[0].items()} | {"type_ok": "0", "source_ok": "1", "target_ok": "na",
                                                       "note": "reused: background"}
    later = first | {"type_ok": "1", "note": "fine"}
    assert sample.reuse(rows, [first, later]) == 1
    assert rows[0]["type_ok"] == "0" and rows[0]["note"] == "reused: background"


def test_still_coded_keeps_the_judged_events_the_coder_still_codes():
    judged = sample.to_rows([event(event_id="a", trigger_text="banned", target_code="CHN"),
                             event(event_id="b", trigger_text="imposed")])
    coded = [event(event_id="x", trigger_text="banned", target_code="CHN"), event(event_id="y")]
    assert [j["trigger_text"] for j in sample.still_coded(judged, coded)] == ["banned"]
    assert sample.still_coded(judged, [event(trigger_text="banned", target_code="RUS")]) == []
    # --any-target: the same event with another target is still coded
    assert len(sample.still_coded(judged, [event(trigger_text="banned", target_code="RUS")],
                                  sample.SAME_EVENT_ANY_TARGET)) == 1


# --- news_sentences ---------------------------------------------------------------------------------------------

def test_align_matches_whitespace_normalised_sentences_and_reports_missing_ones():
    sentences = ["Labour MPs  criticised\nBlair.", "Brown smiled."]
    events = [event(sentence="Labour MPs criticised Blair."), event(sentence="Brown smiled.")]
    assert news.align("Labour MPs criticised Blair.", sentences, events) == [events[0]]
    assert news.align("Brown smiled.", sentences, []) == []
    assert news.align("Not in the article.", sentences, events) is None


def gold(reports=True, plover="ACCUSE", source="GBR", target=None) -> dict:
    return {"reports_event": reports, "plover_type": plover if reports else None, "source": source if reports else None,
            "target": target}


def test_verdict_and_figures_score_detection_type_source_and_precision():
    verdicts = [
        news.verdict(gold(), [event("ACCUSE", 0.9), event("AGREE", 0.3)]),           # right
        news.verdict(gold(plover="REQUEST|AGREE", source="NGO|GBR"), [event("AGREE")]),  # right, by alternatives
        news.verdict(gold(source="FRA", target="USA"), [event("ACCUSE", target_country="USA")]),  # wrong source
        news.verdict(gold(), []),                                                     # missed
        news.verdict(gold(reports=False), [event("REJECT")]),                         # false alarm
        news.verdict(gold(reports=False), None),                                      # not aligned
    ]
    figures = news.figures(verdicts)
    assert figures["report an event (gold)"] == (4, 6)
    assert figures["not aligned"] == (1, 6)
    assert figures["detected"] == (3, 4)
    assert figures["right type"] == (3, 4)
    assert figures["right source"] == (2, 4)
    assert figures["right type and source"] == (2, 4)
    assert figures["right target (gold target)"] == (1, 1)
    assert figures["detection precision"] == (3, 4)
