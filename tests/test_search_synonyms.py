"""Every line of resources/search/synonyms.txt: each variant expands to the others."""

from __future__ import annotations

import pytest

from desktop.search.query import load_synonyms, parse_query, squash, squash_key
from tests import search_fixtures
from tests.conftest import ROOT

engine = search_fixtures.engine  # the session fixture

LINES = [
    [v.strip() for v in line.split("#", 1)[0].split("=") if v.strip()]
    for line in (ROOT / "resources" / "search" / "synonyms.txt").read_text(encoding="utf-8").splitlines()
    if line.split("#", 1)[0].strip()
]


def literals(query: str) -> set[str]:
    return {lit for w in parse_query(query + " ").words for lit in w.literals}


def test_the_list_is_loaded():
    groups = load_synonyms()
    assert len(LINES) >= 10
    for line in LINES:
        assert squash_key(line[0]) in groups


@pytest.mark.parametrize("group", LINES, ids=[g[0] for g in LINES])
def test_each_variant_reaches_every_other(group):
    for variant in group:
        got = literals(variant)
        for other in group:
            assert squash(other) in got, (variant, other, got)


def test_synonym_inside_a_compound():
    assert {"생성형인공지능", "생성형ai"} <= literals("생성형AI")
    assert "인공지능위원회" in literals("AI위원회")


def test_latin_synonym_needs_word_boundary():
    assert literals("said") == {"said"}


# Search behaviour of the entries that occur in the seeds: the other wording is found.
@pytest.mark.parametrize(("query", "wording"), [
    ("AI 윤리", "인공지능윤리"),
    ("인공지능 챗봇", "AI 챗봇"),
    ("생성형 AI", "생성형 인공지능"),
    ("업무협약", "MOU"),
    ("mou", "업무협약"),
    ("소규모 언어모델", "sLLM"),
    ("영상정보처리기기 실종자", "CCTV"),
    ("사물인터넷", "IoT"),
    ("연구개발", "R&D"),
    ("정보통신기술 산불", "ICT"),
    ("채팅로봇", "챗봇"),
    ("위원 해촉", "위촉 해제"),
])
def test_synonyms_find_the_other_wording(engine, query, wording):
    hits = engine.search_strict(query)
    assert any(wording.lower() in (h.heading + " " + h.text).lower() for h in hits[:3]), [h.text[:40] for h in hits[:3]]
