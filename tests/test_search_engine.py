"""Search behaviour on the seeds: what a council member types lands on the right 항/호."""

from __future__ import annotations

import json
import statistics

import pytest

from tests import search_fixtures
from tests.conftest import ROOT, SHARED

engine = search_fixtures.engine  # the session fixture

P, Y, A, R = "paju-ai-basic", "yeosu-ai-society", "anyang-ai-basic", "seoul-future-strategy-review"


def top(engine, query, n=1, **kw):
    return [(h.doc_id, h.article_eid) for h in engine.search_strict(query, **kw)[:n]]


def places(engine, query, n=10, **kw):
    return {(h.doc_id, h.article_eid) for h in engine.search_strict(query, limit=n, **kw)}


def test_compound_finds_its_article(engine):
    assert top(engine, "인공지능위원회") == [(P, "art_7")]


def test_spacing_variants_find_the_same_places(engine):
    for a, b in [("인재양성", "인재 양성"), ("위원회구성", "위원회 구성"), ("재적위원 과반수", "재적 위원 과반수")]:
        assert top(engine, a, 2) == top(engine, b, 2) or set(top(engine, a, 2)) == set(top(engine, b, 2)), (a, b)
    assert (P, "art_10") in places(engine, "재적위원 과반수", 3)  # the text says 재적 위원


def test_particles_do_not_stop_a_match(engine):
    assert (P, "art_8") in places(engine, "위원회의 위원장은 부시장", 2)
    assert (Y, "art_8") in places(engine, "위원회의 위원장은 부시장", 2)
    hits = engine.search_strict("시장은")
    assert hits and all("시장" in h.text for h in hits)


def test_heading_match_ranks_first(engine):
    assert top(engine, "위원회 구성", 2) == [(P, "art_8"), (Y, "art_8")]
    assert top(engine, "포상", 3) and set(top(engine, "포상", 3)) == {(A, "art_16"), (P, "art_17"), (Y, "art_13")}


def test_latin_and_digits_case_insensitive(engine):
    assert top(engine, "mou") == top(engine, "MOU") == [(P, "art_19")]
    assert top(engine, "SLLM")[0][0] == R
    assert top(engine, "119 종합상황")[0][0] == R
    assert top(engine, "1544")[0][0] == R


def test_single_syllable_words(engine):
    assert (P, "art_6") in places(engine, "시 내부 규정", 1)
    hits = engine.search_strict("법 제30조")
    assert (hits[0].doc_id, hits[0].article_eid) == (Y, "art_12")


@pytest.mark.parametrize(("query", "doc", "eid"), [
    ("제8조제2항", A, "art_8__para_2"),
    ("파주 8조", P, "art_8"),
    ("파주시 8조 2항", P, "art_8__para_2"),
    ("여수시 조례 제12조", Y, "art_12"),
    ("안양시 인공지능 기본 조례 제16조 제1항 제2호", A, "art_16__para_1__item_2"),
    ("여수 제2조제8호 가목", Y, "art_2__item_8__sub_1"),
    ("부칙", A, "suppl"),
])
def test_citations_put_the_unit_first(engine, query, doc, eid):
    hit = engine.search_strict(query)[0]
    assert (hit.doc_id, hit.eid, hit.kind) == (doc, eid, "citation")
    assert hit.citation.endswith(("부칙", ")")) or hit.citation.split()[-1].startswith("제")


def test_citation_of_a_missing_unit_falls_back_to_its_article(engine):
    assert engine.search_strict("제8조제9항") == [] or engine.search_strict("제8조제9항")[0].kind != "citation"
    hit = engine.search_strict("파주 제8조제9항")[0]
    assert (hit.doc_id, hit.eid) == (P, "art_8")
    assert hit.citation == "파주시 인공지능 기본 조례 제8조"


def test_citation_with_document_filter(engine):
    assert [(h.doc_id, h.eid) for h in engine.search_strict("제8조", doc=Y)][:1] == [(Y, "art_8")]


def test_report_content(engine):
    for q in ["서울톡", "원안가결", "AI 챗봇 서울톡", "서우리 주무관", "김동욱 의원"]:
        assert top(engine, q)[0][0] == R, q


def test_results_are_grouped_by_article(engine):
    hits = engine.search_strict("위원", limit=10)
    keys = [(h.doc_id, h.article_eid) for h in hits]
    assert len(keys) == len(set(keys)) == 10
    assert any(h.more_in_article for h in hits)


def test_document_filter(engine):
    hits = engine.search_strict("위원회", doc=Y)
    assert hits and {h.doc_id for h in hits} == {Y}
    assert engine.search_strict("위원회 doc:paju-ai-basic")[0].doc_id == P
    assert engine.search_strict("위원회", doc="no-such-doc") == []


def test_exclusion(engine):
    with_ = engine.search_strict("포상")
    without = engine.search_strict("포상 -조례")
    assert any("조례" in h.text for h in with_)
    assert without and not any("조례" in h.text for h in without)


def test_quoted_phrase_requires_adjacency(engine):
    hits = engine.search_strict('"재적위원 3분의 1"')
    assert {(h.doc_id, h.article_eid) for h in hits[:2]} == {(Y, "art_10"), (P, "art_10")}
    loose = engine.search_strict('"위원 3분의"')
    assert loose and all("위원3분의" in h.text.replace(" ", "") for h in loose[:2])


def test_all_terms_first_then_partial(engine):
    hits = engine.search_strict("위원 임기 몇 년")  # 몇 년 occurs nowhere
    assert {(h.doc_id, h.article_eid) for h in hits[:2]} == {(P, "art_9"), (Y, "art_8")}
    assert engine.search_strict("인공지응")  # a typo still finds something


def test_spans_point_at_the_matched_text(engine):
    for query, expect in [("인공지능위원회", "인공지능위원회"), ("재적위원", "재적위원"), ("MOU", "MOU"),
                          ("위원회 구성", "위원회")]:
        hit = engine.search_strict(query)[0]
        found = [hit.text[s:e] for s, e in hit.spans]
        assert expect in found, (query, found)
        assert "«" in hit.snippet and "»" in hit.snippet


def test_spans_mark_whole_words_not_fragments(engine):
    hit = engine.search_strict("재적위원 3분의 1")[0]
    marked = [hit.text[s:e] for s, e in hit.spans]
    assert "재적위원" in marked and "위원" not in marked  # 위원회 / 위원장 stay unmarked
    hit = engine.search_strict("위원회구성")[0]  # the text says 위원회는 … 구성한다
    assert {"위원회", "구성"} <= {hit.text[s:e] for s, e in hit.spans}
    assert engine.spans("시 내부", "시장은 시 내부 규정") == [(4, 5), (6, 8)]


def test_spans_ignore_partial_bigrams(engine):
    hit = engine.search_strict("AI 챗봇 서울톡")[0]
    assert all(hit.text[s:e] not in ("지능", "공지") for s, e in hit.spans)


def test_engine_spans_for_any_text(engine):
    assert engine.spans("위원회", "이 위원회는") == [(2, 5)]
    assert engine.spans("", "이 위원회는") == []


def test_prefix_while_typing(engine):
    for q in ["위", "위원", "위원회", "위원회 구", "위원회 구성"]:
        assert engine.search_strict(q), q
    assert (P, "art_8") in places(engine, "위원회 구", 3)


def test_json_brief_fields(engine):
    hit = engine.search_strict("포상")[0]
    assert set(hit.brief()) == {"doc_id", "eid", "citation", "heading", "snippet", "spans", "score"}
    json.dumps(hit.brief(), ensure_ascii=False)


def _matches(hit, target):
    doc, _, art = target.partition("#")
    return hit.doc_id == doc and (not art or hit.eid == art or hit.eid.startswith(art + "__"))


@pytest.mark.parametrize("name", ["dev", "hard"])
def test_quality_on_query_sets(engine, name):
    path = SHARED / "eval" / "dev-queries.json" if name == "dev" else ROOT / "benchmarks" / "queries" / "hard-queries.json"
    if not path.exists():
        pytest.skip(f"{path} not present")
    queries = json.loads(path.read_text(encoding="utf-8"))["queries"]
    rr, recall = [], []
    for q in queries:
        hits = engine.search_strict(q["q"], limit=10)
        rank = next((i + 1 for i, h in enumerate(hits) if any(_matches(h, t) for t in q["rel"])), None)
        rr.append(1 / rank if rank else 0)
        recall.append(sum(any(_matches(h, t) for h in hits) for t in q["rel"]) / len(q["rel"]))
    assert statistics.fmean(rr) >= 0.95
    assert statistics.fmean(recall) == 1.0
