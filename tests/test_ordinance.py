"""The seed ordinances parse into the structure a reader of the text sees."""

from __future__ import annotations

import pytest

from desktop.core.model import NodeKind
from desktop.core.parsing import ParseError, parse_file, parse_text
from desktop.core.parsing.errors import read_text
from desktop.core.parsing.fidelity import same_words_in_order
from tests.conftest import SEEDS

ORDINANCES = ["anyang-ai-basic", "paju-ai-basic", "yeosu-ai-society"]


def parse(doc_id):
    return parse_file(SEEDS / f"{doc_id}.txt")


def kids(node, kind):
    return [c for c in node.children if c.kind == kind]


@pytest.mark.parametrize("doc_id", ORDINANCES)
def test_every_word_kept_in_order(doc_id):
    raw = read_text(SEEDS / f"{doc_id}.txt")
    assert same_words_in_order(parse(doc_id), raw)


@pytest.mark.parametrize(("doc_id", "articles"), [("anyang-ai-basic", 16), ("paju-ai-basic", 20), ("yeosu-ai-society", 13)])
def test_article_count_matches_headings(doc_id, articles):
    doc = parse(doc_id)
    found = [n for n in doc.walk() if n.kind == NodeKind.ARTICLE]
    assert len(found) == articles
    assert [n.eid for n in found] == [f"art_{i}" for i in range(1, articles + 1)]


def test_no_markup_left_in_any_text():
    for doc_id in ORDINANCES:
        for node in parse(doc_id).walk():
            for value in (node.label, node.heading, node.text):
                assert "**" not in value and not value.startswith("- ") and "#" not in value, (doc_id, node.eid)


def test_paju_article_8_has_five_paragraphs_and_five_items():
    doc = parse("paju-ai-basic")
    art8 = doc.find("art_8")
    assert art8.heading == "위원회 구성"
    paras = kids(art8, NodeKind.PARAGRAPH)
    assert [p.label for p in paras] == ["①", "②", "③", "④", "⑤"]
    items = kids(paras[4], NodeKind.ITEM)
    assert [i.eid for i in items] == [f"art_8__para_5__item_{n}" for n in range(1, 6)]
    assert items[0].text == "파주시의회에서 추천하는 사람 2명"
    assert paras[0].text.endswith("10분의 6을 초과하지 않아야 한다.")


def test_paju_blank_line_inside_item_list_does_not_split_it():
    art7 = parse("paju-ai-basic").find("art_7")
    items = kids(art7.children[1], NodeKind.ITEM)
    assert len(items) == 7 and items[1].text == "정책 결정 및 추진의 인공지능 활용"


def test_paju_paragraph_counts():
    doc = parse("paju-ai-basic")
    expected = {3: 2, 4: 5, 5: 2, 6: 3, 7: 2, 9: 2, 10: 5, 12: 3, 13: 4, 14: 3, 15: 4, 17: 2, 18: 3, 19: 3, 20: 2}
    for number, count in expected.items():
        assert len(kids(doc.find(f"art_{number}"), NodeKind.PARAGRAPH)) == count, number
    assert len(kids(doc.find("art_15__para_2"), NodeKind.ITEM)) == 6
    assert doc.find("art_16").text.startswith("시장은 인공지능 활용 정책")


def test_paju_supplementary_with_dated_heading_and_metadata():
    doc = parse("paju-ai-basic")
    suppl = doc.find("suppl")
    assert suppl.kind == NodeKind.SUPPLEMENTARY
    assert suppl.heading == "2025. 9. 30. 조례 제2297호"
    assert suppl.text == "이 조례는 공포한 날부터 시행한다."
    assert doc.metadata["관리책임부서명"] == "정보통신과"
    assert doc.metadata["시행일"] == "2025-09-30"


def test_anyang_items_directly_under_article():
    doc = parse("anyang-ai-basic")
    art3 = doc.find("art_3")
    assert art3.text == "안양시의 인공지능 정책은 다음 각 호의 원칙에 따라 추진한다."
    assert [i.eid for i in art3.children] == [f"art_3__item_{n}" for n in range(1, 6)]
    assert len(kids(doc.find("art_6__para_2"), NodeKind.ITEM)) == 7
    assert len(kids(doc.find("art_16__para_1"), NodeKind.ITEM)) == 3
    assert doc.find("suppl").heading == ""


def test_yeosu_subitems_broken_heading_and_preamble():
    doc = parse("yeosu-ai-society")
    items = kids(doc.find("art_2"), NodeKind.ITEM)
    assert len(items) == 10
    subs = doc.find("art_2__item_8").children
    assert [s.eid for s in subs] == ["art_2__item_8__sub_1", "art_2__item_8__sub_2"]
    assert subs[1].text.startswith("인공지능이용사업자")
    art12 = doc.find("art_12")  # "- 제12조(구매 노력 등)** ① …" in the source
    assert art12.heading == "구매 노력 등" and len(art12.children) == 3
    assert len(kids(doc.find("art_8__para_3"), NodeKind.ITEM)) == 7
    assert len(kids(doc.find("art_7"), NodeKind.ITEM)) == 5
    assert "공포한다" in doc.preamble
    assert doc.metadata["공포일"] == "2025-04-08"
    assert doc.metadata["공포자"] == "여수시장 김기모"
    assert doc.title == "여수시 인공지능사회 구현 기본 조례"


def test_article_with_branch_number_and_glued_paragraphs():
    text = "테스트 조례\n\n제7조의2(특례) 이 조는 예외다.② 둘째 항이다.\n제7조의2(특례) 반복된 번호.\n"
    doc = parse_text(text, "t.txt")
    assert doc.nodes[0].eid == "art_7-2"
    assert doc.nodes[1].eid == "art_7-2_r2"
    assert doc.citation("art_7-2") == "테스트 조례 제7조의2"


def test_text_that_is_no_unit_is_kept_as_text_node():
    doc = parse_text("조례\n\n제1조(목적) 목적이다.\n\n별도 문장이 따로 있다.\n", "t.txt")
    texts = [n for n in doc.walk() if n.kind == NodeKind.TEXT]
    assert texts and texts[0].text == "별도 문장이 따로 있다."


def test_bad_input_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes("제1조(목적) 좋다\n둘째 줄\n".encode() + b"\xff\xfe broken\n")
    with pytest.raises(ParseError) as err:
        parse_file(bad)
    assert err.value.line == 3 and "bad.txt:3" in str(err.value) and "UTF-8" in str(err.value)
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n", encoding="utf-8")
    with pytest.raises(ParseError, match="빈 파일"):
        parse_file(empty)
    prose = tmp_path / "prose.txt"
    prose.write_text("\n오늘은 날씨가 좋다.\n조문이 없다.\n", encoding="utf-8")
    with pytest.raises(ParseError) as err:
        parse_file(prose)
    assert err.value.line == 2 and "prose.txt" in str(err.value)
