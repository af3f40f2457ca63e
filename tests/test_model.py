"""eIds and official citations."""

from __future__ import annotations

import pytest

from desktop.core import eids
from desktop.core.text import normalize, skeleton


@pytest.mark.parametrize(
    ("doc_id", "eid", "citation"),
    [
        ("paju-ai-basic", "art_8", "파주시 인공지능 기본 조례 제8조"),
        ("paju-ai-basic", "art_8__para_5__item_2", "파주시 인공지능 기본 조례 제8조제5항제2호"),
        ("yeosu-ai-society", "art_2__item_8__sub_1", "여수시 인공지능사회 구현 기본 조례 제2조제8호가목"),
        ("anyang-ai-basic", "art_3__item_1", "안양시 인공지능 기본 조례 제3조제1호"),
        ("paju-ai-basic", "suppl", "파주시 인공지능 기본 조례 부칙(2025. 9. 30. 조례 제2297호)"),
    ],
)
def test_citations(library, doc_id, eid, citation):
    assert library.get(doc_id).citation(eid) == citation


def test_eids_unique_in_every_document(library):
    for doc in library:
        seen = [n.eid for n in doc.walk()]
        assert len(seen) == len(set(seen)), doc.id


def test_segment_citations():
    assert eids.number_token("7의2") == "7-2"
    assert eids.segment_citation("art_7-2") == "제7조의2"
    assert eids.segment_citation("item_4-2") == "제4호의2"
    assert eids.segment_citation("sub_3") == "다목"
    assert eids.segment_citation("art_5_r2") == "제5조"
    assert eids.subitem_index("나") == 2
    with pytest.raises(ValueError):
        eids.number_token("x")


def test_normalize_unifies_middle_dots_and_spaces():
    assert normalize("관리ㆍ감독\u3000등") == "관리·감독 등"
    assert skeleton("**제1조(목적)** ①  이 조례는") == "제1조목적1이조례는"


def test_path_and_article_of(library):
    doc = library.get("paju-ai-basic")
    assert [n.eid for n in doc.path_to("art_8__para_5__item_2")] == ["art_8", "art_8__para_5", "art_8__para_5__item_2"]
    assert doc.article_of("art_8__para_5__item_2").eid == "art_8"
    assert doc.path_to("art_99") == []
