"""Bad input never raises: random strings through the whole query path."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.search.citations import parse_citation
from desktop.search.query import parse_query
from tests import search_fixtures

engine = search_fixtures.engine  # the session fixture

NASTY = [
    "", " ", "은", "의 는 을", '"', '"위원회', '위원회"', '""', "-", "- -", "AND", "OR NOT", "-위원회",
    "doc:", "doc:없음 위원회", "위" * 10_000, "\x00\x01\x1b[31m위원회", "🙂🙃 위원회 🚀", "ㅇㅇㅇ", "ㅎ",
    "위원회ㄱ", "AI人工知能 위원회 комитет", "제999999조", "제8조제2항제3호가목", "부칙 제1조", "(((", "*?[]",
    "\u200b위원회\ufeff", "\ud7a3\uac00", "１２３ ＡＩ", "제 조", "8조 8조 8조", "여수시 조례", "「」",
]


@pytest.mark.parametrize("query", NASTY)
def test_nasty_queries(engine, query):
    assert isinstance(engine.search_strict(query), list)
    assert isinstance(engine.search(query, limit=3), list)
    engine.spans(query, "위원회는 AI를")


korean = st.characters(min_codepoint=0xAC00, max_codepoint=0xAC00 + 400)
mixed = st.one_of(korean, st.characters(), st.sampled_from(list(' "-:()제조항호목의은는AIai0123456789\t\n')))


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(mixed, max_size=40))
def test_random_queries_never_raise(engine, query):
    hits = engine.search_strict(query, limit=5)
    assert len(hits) <= 5
    for h in hits:
        assert all(0 <= s < e <= len(h.text) for s, e in h.spans)


@settings(max_examples=1500, deadline=None)
@given(st.text(max_size=200))
def test_parsing_never_raises(text):
    parse_query(text)
    parse_citation(text)


@settings(max_examples=300, deadline=None)
@given(st.text(mixed, min_size=1, max_size=12), st.integers(min_value=-5, max_value=500))
def test_limits_are_respected(engine, query, limit):
    assert len(engine.search(query, limit=limit)) <= max(1, min(limit, 200))
