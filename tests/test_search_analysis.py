"""The Korean analyzer and query parsing (no index needed)."""

from __future__ import annotations

import re

from desktop.search.analysis import analyzer, strip_particle, tokenize
from desktop.search.query import parse_query
from tests.conftest import ROOT


def terms(text: str, junctions: bool = True) -> list[str]:
    return [t.text for t in tokenize(text, junctions)]


def test_hangul_runs_become_bigrams():
    assert terms("위원회") == ["위원", "원회"]


def test_single_syllables_stay_searchable():
    assert terms("제12조") == ["제", "12", "조"]
    assert "시" in terms("시 내부 규정")
    assert "법" in terms("이 법에 따른")  # one syllable before a particle


def test_latin_and_digits_are_lower_cased_words():
    assert terms("AI챗봇 sLLM CCTV 119") == ["ai", "챗봇", "sllm", "cctv", "119"]
    assert terms("ＡＩ") == ["ai"]  # full-width letters


def test_junction_bigram_only_in_junction_design():
    assert "능위" in terms("인공지능 위원회", junctions=True)
    assert "능위" not in terms("인공지능 위원회", junctions=False)
    assert "능위" in terms("인공지능위원회", junctions=False)


def test_spans_are_character_offsets():
    text = "위원회는 AI를"
    for tok in tokenize(text):
        if not tok.junction:
            assert text[tok.start:tok.end].lower() == tok.text


def test_whoosh_tokenizer_matches_function():
    ana = analyzer("bigram-junction")
    assert [t.text for t in ana("인공지능 위원회")] == terms("인공지능 위원회")


def test_particles():
    assert strip_particle("시장은") == ("시장", "은")
    assert strip_particle("위원회의") == ("위원회", "의")
    assert strip_particle("정의")[0] == "정"  # parse_query keeps 정의 itself (see below)
    assert strip_particle("위원회") == ("위원회", "")


def test_query_particles_become_optional():
    (w,) = parse_query("시장은").words
    assert w.alts == [["시장"]] and "장은" in w.optional


def test_query_keeps_words_ending_like_particles():
    (w,) = parse_query("평가").words
    assert ["평가"] in w.alts
    (w,) = parse_query("전문가").words
    assert w.alts == [["전문", "문가"]] and w.fallback == [["전문"]]
    (w,) = parse_query("정의").words
    assert ["정의"] in w.alts and ["정"] not in w.alts


def test_query_syntax():
    pq = parse_query('포상 -부칙 "재적위원 3분의 1" doc:paju-ai-basic')
    assert pq.doc == "paju-ai-basic"
    assert [w.raw for w in pq.excluded] == ["부칙"]
    assert pq.phrases == ["재적위원3분의1"]
    assert pq.words[0].raw == "포상"


def test_operators_and_stray_marks_are_ignored():
    assert [w.raw for w in parse_query('AND 위원회 - " OR').words] == ["위원회"]


def test_last_syllable_is_a_prefix_while_typing():
    assert parse_query("위원회 구").words[-1].prefix == "구"
    assert parse_query("위원회 구 ").words[-1].prefix == ""


def test_one_syllable_words_only_boost_among_longer_words():
    words = parse_query("교육 및 홍보").words
    assert [w.soft for w in words] == [False, True, False]


def test_whoosh_is_imported_only_in_desktop_search():
    offenders = []
    for path in (ROOT / "desktop").rglob("*.py"):
        if path.parent.name == "search" and path.parent.parent.name == "desktop":
            continue
        if re.search(r"^\s*(from|import)\s+whoosh", path.read_text(encoding="utf-8"), re.M):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
