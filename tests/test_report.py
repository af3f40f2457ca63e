"""The seed review report (심사보고서) parses into the tree a council member navigates.

Expectations come from reading ``seeds/seoul-future-strategy-review.txt``.
Fidelity rule (see ``parsing/report.py``): footnotes and comparison tables are
the only units the parser moves; each one's words must be one contiguous run of
the source, and once they are cut out of both sides the remaining words must be
the source's, in order.
"""

from __future__ import annotations

import re

import pytest

from desktop.core.model import Document, Node, NodeKind
from desktop.core.parsing import ParseError, detect_format, parse_file
from desktop.core.parsing.errors import read_text
from desktop.core.parsing.fidelity import node_words, reconstruct, source_markup_free
from desktop.core.parsing.report import parse_report, parse_report_text
from desktop.core.text import skeleton
from tests.conftest import SEEDS

SEED = SEEDS / "seoul-future-strategy-review.txt"
TITLE = "서울특별시 미래전략과제 발굴 및 육성 조례 일부개정조례안 심사보고서"
MOVED = (NodeKind.FOOTNOTE, NodeKind.COMPARISON_TABLE)


@pytest.fixture(scope="module")
def raw() -> str:
    return read_text(SEED)


@pytest.fixture(scope="module")
def doc(raw) -> Document:
    return parse_report_text(raw, SEED, "seoul-future-strategy-review")


def kids(node: Node, kind: NodeKind) -> list[Node]:
    return [c for c in node.children if c.kind == kind]


def strings(document: Document) -> list[str]:
    return [s for n in document.walk() for s in (n.label, n.heading, n.text, *n.notes, *(c for r in n.rows for c in r))]


# -- fidelity ------------------------------------------------------------------
def moved_words(node: Node) -> str:
    """A moved unit's words in source order (a comparison table column by column)."""
    if node.kind == NodeKind.COMPARISON_TABLE and len(node.rows) > 1:
        body = [row[col] for col in range(len(node.rows[0])) for row in node.rows[1:]]
        return "\n".join([node.label, node.heading, node.text, *node.notes, *node.rows[0], *body])
    return "\n".join(w for n in node.walk() for w in node_words(n))


def fidelity_problems(document: Document, source: str) -> list[str]:
    """Empty when every word is kept and none invented, under the rule above."""
    src = skeleton(source_markup_free(source))
    moved: list[Node] = []

    def prune(nodes: list[Node]) -> list[Node]:
        kept = []
        for node in nodes:
            if node.kind in MOVED:
                moved.append(node)
            else:
                kept.append(node.model_copy(update={"children": prune(node.children)}))
        return kept

    rest = document.model_copy(update={"nodes": prune(document.nodes)})
    problems = []
    for node in moved:
        piece = skeleton(moved_words(node))
        if src.count(piece) != 1:
            problems.append(f"{node.eid}: words are not one run of the source")
        src = src.replace(piece, "", 1)
    have = skeleton(reconstruct(rest))
    if have != src:
        at = next((i for i, (a, b) in enumerate(zip(have, src, strict=False)) if a != b), min(len(have), len(src)))
        problems.append(f"differs at {at}: tree …{have[at - 20 : at + 20]}… source …{src[at - 20 : at + 20]}…")
    return problems


def test_every_word_kept_in_order_except_moved_units(doc, raw):
    assert fidelity_problems(doc, raw) == []
    assert sum(n.kind in MOVED for n in doc.walk()) == 4  # 3 footnotes, 1 comparison table


def test_fidelity_check_can_fail(doc, raw):
    lost = doc.model_copy(deep=True)
    lost.find("rpt_3__sub_1__p_1").text = lost.find("rpt_3__sub_1__p_1").text.replace("빌의됨", "")
    assert fidelity_problems(lost, raw)
    swapped = doc.model_copy(deep=True)
    subs = swapped.find("rpt_1").children
    subs[0], subs[1] = subs[1], subs[0]
    assert fidelity_problems(swapped, raw)
    footnote = doc.model_copy(deep=True)
    footnote.find("fn_2__item_2").text += " 추가"
    assert fidelity_problems(footnote, raw)


def test_no_markup_left(doc):
    for value in strings(doc):
        assert not re.search(r"</?(?:p|u)>", value), value
        assert not value.startswith(("- ", "-\t")), value
        assert "\t" not in value, value


def test_eids_unique(doc):
    all_eids = [n.eid for n in doc.walk()]
    assert len(all_eids) == len(set(all_eids))
    for node in doc.walk():  # every unit can be found and cited through its eid
        assert doc.path_to(node.eid)[-1] is node


# -- title block and sections -------------------------------------------------------
def test_detected_and_parsed_as_report(raw):
    assert detect_format(raw) == "report"
    assert parse_file(SEED).kind.value == "report"


def test_title_block(doc):
    assert doc.title == TITLE
    assert doc.metadata == {"의안번호": "1544", "일자": "2024-03-05", "위원회": "기획경제위원회"}
    assert doc.preamble.splitlines()[1:] == ["심사 보고서", "의안번호 1544", "2024. 3. 5.", "기획경제위원회"]


def test_seven_sections_with_headings(doc):
    sections = [n for n in doc.nodes if n.kind == NodeKind.REPORT_SECTION and n.eid.startswith("rpt_")]
    assert [(s.eid, s.label, s.heading) for s in sections] == [
        ("rpt_1", "I.", "심사경과"),
        ("rpt_2", "II.", "제안설명의 요지"),
        ("rpt_3", "III.", "검토의견 요지"),
        ("rpt_4", "IV.", "질의 및 답변요지"),
        ("rpt_5", "V.", "심사결과"),
        ("rpt_6", "VI.", "소수의견 요지"),
        ("rpt_7", "VII.", "기타 필요한 사항"),
    ]
    assert sections[1].notes == ["김동욱 의원"] and sections[2].notes == ["수석전문위원 이준석"]
    assert [s.text for s in sections[3:]] == ["「생략」", "원안가결(재석위원 전원 찬성)", "「없음」", "「없음」"]
    assert [len(kids(s, NodeKind.REPORT_SECTION)) for s in sections] == [3, 2, 3, 0, 0, 0, 0]


def test_subsection_heading_before_colon_text_after(doc):
    first = doc.find("rpt_1__sub_1")
    assert (first.label, first.heading, first.text) == ("가.", "발의일자 및 발의자", "2024년 2월 2일, 김동욱 의원 외 41명")
    assert doc.find("rpt_1__sub_3").text == "【서울특별시의회 제322회 임시회】"
    assert doc.find("rpt_1__sub_3__p_1").text.startswith("제4차 기획경제위원회(2024. 3. 5.) 상정")
    assert doc.find("rpt_3__sub_3").heading == "미래전략과제의 범위 확대 및 지원사업 추가(안 제3조 및 안 제7조제4호)"


def test_bullets_nested_and_lettered(doc):
    assert len(kids(doc.find("rpt_2__sub_1"), NodeKind.TEXT)) == 2
    lettered = kids(doc.find("rpt_2__sub_2"), NodeKind.TEXT)
    assert [b.label for b in lettered] == ["가.", "나."]
    assert lettered[0].text == "미래전략과제의 범위에 인공지능사업 신설(안 제3조)"
    bullets = kids(doc.find("rpt_3__sub_3"), NodeKind.TEXT)
    assert len(bullets) == 5
    nested = bullets[1].children
    assert len(nested) == 1 and nested[0].text.startswith("미래전략과제의 범위는 ▶환경보전사업")
    assert len(kids(doc.find("rpt_3__sub_2"), NodeKind.TEXT)) == 5


# -- footnotes ------------------------------------------------------------------
def test_three_footnotes_with_their_own_numbers(doc):
    notes = [n for n in doc.walk() if n.kind == NodeKind.FOOTNOTE]
    assert [(n.eid, n.label) for n in notes] == [("fn_1", "1)"), ("fn_2", "2)"), ("fn_3", "3)")]
    assert notes[0].text == "윤석열 정부 120대 국정과제 중 인공지능(AI) 정책 관련 내용 요약."
    assert notes[1].text == "제2조(정의) 이 조례에서 사용하는 용어의 뜻은 다음과 같다."
    items = notes[1].children
    assert [i.label for i in items] == ["1.", "2."]
    assert items[0].text.startswith('"미래전략과제"란 서울특별시(이하 "시"라 한다)의 지속가능한 발전')
    assert "「지속가능발전 기본법」 제2조제2호" in items[1].text
    assert notes[2].text.endswith("(서울신문, ‘서울시 AI 디지털 성범죄 삭제 지원, 정부 혁신 우수 사례 대상’, 2023. 11. 28.).")


def test_superscript_markers_stay_in_text(doc):
    assert doc.find("rpt_3__sub_2").heading.endswith("추진사업 현황¹⁾")
    assert "제2조²⁾에 따르면" in doc.find("rpt_3__sub_3__p_2").text
    assert "획기적인 성과³⁾를" in doc.find("rpt_3__sub_3__p_5").text


def test_sentence_broken_by_footnote_is_rejoined(doc):
    third = doc.find("rpt_3__sub_2__p_3")
    assert "비전·전략 수립과 체계적인 정책 추진을 하고자" in third.text
    assert third.text.endswith("앞두고 있음(‘24. 3월 예정).")
    fourth = doc.find("rpt_3__sub_3__p_4")
    assert "미래전략과제 범위에 속하는 모든 사업을 포함하는 것으로" in fourth.text
    assert fourth.text.endswith("포괄하는 개념이라 할 수 있음.")
    assert not any(n.text.startswith(("체계적인", "는 모든")) for n in doc.walk())


# -- tables -------------------------------------------------------------------------
def shape(node: Node) -> tuple[int, int]:
    widths = {len(r) for r in node.rows}
    assert len(widths) == 1, node.eid
    return len(node.rows), widths.pop()


def test_department_table(doc):
    table = doc.find("rpt_3__sub_2__tbl_1")
    assert table.kind == NodeKind.TABLE
    assert table.heading == "서울시 인공지능(AI) 관련 사업추진 부서 현황"
    assert shape(table) == (4, 2)
    assert table.rows[0] == ["구 분", "기 능"]
    assert table.rows[3][0] == "서울특별시립과학관 (서울로봇인공지능과학관)"


def test_reference_table_with_group_rows(doc):
    ref = doc.find("ref")
    assert ref.heading == "참고자료"
    (table,) = kids(ref, NodeKind.TABLE)
    assert table.heading == "인공지능(AI) 관련 서울시 주요 추진사업 현황"
    assert shape(table) == (1 + 4 + 18, 5)
    assert table.rows[0] == ["연번", "사업명", "사업 개요", "주관부서", "추진부서"]
    groups = [r[0] for r in table.rows if r[0] and not any(r[1:])]
    assert groups == ["1. AI 약자 동행", "2. AI 매력서비스", "3. AI 안전망 조성", "4. AI 업무방식 혁신"]
    assert [r[0] for r in table.rows[1:] if r[1]] == [str(i) for i in range(1, 19)]
    assert table.rows[-1][1] == "개인정보 유출 및 오남용 방지 AI 대응시스템 운영"
    assert [c.text for c in table.children] == ["자료: 디지털정책관 정보시스템담당관 작성자료"]


def test_budget_table_in_cost_statement(doc):
    tables = [n for n in doc.find("cost").walk() if n.kind == NodeKind.TABLE]
    assert len(tables) == 1
    table = tables[0]
    assert table.heading == "「2024년 서울시 인공지능(AI) 종합 계획」에 따른 기추진 사업현황"
    assert table.notes == ["단위:천원"]
    assert shape(table) == (7, 3)
    assert table.rows[0] == ["사업명(부서명)", "사업내용", "2024년 예산"]
    assert table.rows[1] == ["", "계", "1,013,234"]
    assert table.rows[2][2] == "162,400 (50,000)"
    assert [r[0] for r in table.rows[3:]] == ["", "", "", ""]
    assert table.children[0].text.startswith("서울시 디지털정책관 정보시스템담당관은 지능형 서비스")


def test_one_comparison_table_paired_by_article(doc):
    tables = [n for n in doc.walk() if n.kind == NodeKind.COMPARISON_TABLE]
    assert len(tables) == 1
    cmp = tables[0]
    assert cmp.heading == "신·구조문대비표"
    assert shape(cmp) == (3, 2)
    assert cmp.rows[0] == ["현 행", "개 정 안"]
    assert all(cell.startswith("제3조(미래전략과제의 범위)") for cell in cmp.rows[1])
    assert all(cell.startswith("제7조(지원사업)") for cell in cmp.rows[2])
    assert cmp.rows[2][0].endswith("4. (생 략)") and cmp.rows[2][1].endswith("5. (현행 제4호와 같음)")
    marked = sorted((m.row, m.col, cmp.rows[m.row][m.col][m.start : m.end]) for m in cmp.marks)
    assert marked == [
        (1, 0, "신기술기반사업"),
        (1, 1, "신기술기반사업"),
        (1, 1, "인공지능사업"),
        (2, 0, "<신 설>"),
        (2, 1, "신기술 및 인공지능을 활용한 시책 개발 및 보급을 위한 사업"),
    ]
    assert all(m.kind == "change" for m in cmp.marks)


# -- attachments --------------------------------------------------------------------
def test_bill_subtree(doc):
    bill = doc.find("bill")
    assert bill.heading == "서울특별시 미래전략과제 발굴 및 육성 조례 일부개정조례안"
    assert bill.text == "(김동욱 의원 발의)"
    parts = kids(bill, NodeKind.REPORT_SECTION)
    assert [p.title for p in parts[:3]] == ["1. 제안이유", "2. 주요내용", "3. 참고사항"]
    assert [s.title for s in parts[2].children] == ["나. 예산조치", "다. 기타"]
    supporters = next(c for c in bill.children if c.heading == "찬성자").text
    assert len(supporters.split(", ")) == 41 and supporters.endswith("황철규 의원(41명)")
    amend = doc.find("bill__amend")
    assert amend.heading == "서울특별시 미래전략과제 발굴 및 육성 조례 일부개정조례안"
    assert amend.text == "서울특별시 미래전략과제 발굴 및 육성 조례 일부를 다음과 같이 개정한다."
    steps = kids(amend, NodeKind.TEXT)
    assert steps[0].text == "제3조 중 “신기술기반사업”을 “신기술기반사업, 인공지능사업”으로 한다."
    (item,) = steps[1].children
    assert (item.kind, item.label, item.text) == (NodeKind.ITEM, "4.", "신기술 및 인공지능을 활용한 시책 개발 및 보급을 위한 사업")
    (suppl,) = kids(amend, NodeKind.SUPPLEMENTARY)
    assert (suppl.label, suppl.text) == ("부칙", "이 조례는 공포한 날부터 시행한다.")


def test_cost_statement(doc):
    cost = doc.find("cost")
    assert cost.heading == "비용추계서 미첨부 사유서"
    parts = kids(cost, NodeKind.REPORT_SECTION)
    assert [p.title for p in parts] == ["1. 비용발생 요인", "2. 미첨부 근거 규정", "3. 미첨부 사유", "4. 작성자"]
    assert parts[1].children[0].text == "「서울특별시 의안의 비용 추계에 관한 조례」 제3조제2항"
    assert parts[2].children[0].label == "가."
    author = parts[3].children
    assert author[0].text == "시의회사무처 재정분석담당관"
    assert (author[-2].heading, author[-2].text) == ("e-mail", "hong1004@seoul.go.kr")


def test_top_level_order(doc):
    assert [n.eid for n in doc.nodes] == [
        "rpt_1", "rpt_2", "rpt_3", "fn_1", "fn_2", "fn_3", "rpt_4", "rpt_5", "rpt_6", "rpt_7",
        "ref", "bill", "cmp", "cost",
    ]


# -- eids and citations --------------------------------------------------------------
def _units_outside(document: Document, prefix: str) -> dict[str, tuple]:
    return {
        n.eid: (n.kind, n.label, n.heading, n.text, n.rows)
        for n in document.walk()
        if not n.eid.startswith(prefix)
    }


def test_eids_stable_when_a_bullet_is_added_to_section_2(doc, raw):
    anchor = "- 이에 서울특별시 미래전략추진을 위한 인공지능사업의 계획 및 시행 근거를 마련함으로써"
    line = next(ln for ln in raw.splitlines() if ln.startswith(anchor))
    edited_raw = raw.replace(line, "- 새로 추가된 설명 문단임.\n\n" + line, 1)
    assert edited_raw != raw
    edited = parse_report_text(edited_raw, SEED, "seoul-future-strategy-review")
    assert edited.find("rpt_2__sub_1__p_2").text == "새로 추가된 설명 문단임."
    assert edited.find("rpt_2__sub_1__p_3").text == doc.find("rpt_2__sub_1__p_2").text
    assert _units_outside(edited, "rpt_2") == _units_outside(doc, "rpt_2")
    tables = [n.eid for n in doc.walk() if n.rows]
    assert tables and all(edited.find(e).rows == doc.find(e).rows for e in tables)


def test_eids_stable_when_text_before_a_unit_changes(doc, raw):
    edited_raw = raw.replace("빌의됨.", "발의됨. 덧붙여 긴 설명을 여러 줄에 걸쳐 추가함.", 1)
    edited = parse_report_text(edited_raw, SEED, "x")
    before = {n.eid for n in doc.walk()}
    assert {n.eid for n in edited.walk()} == before
    assert edited.find("rpt_3__sub_2__p_1").text == doc.find("rpt_3__sub_2__p_1").text


def test_citations_read_like_a_clerks(doc):
    assert doc.citation("rpt_3") == f"{TITLE} III. 검토의견 요지"
    assert doc.citation("rpt_3__sub_2") == f"{TITLE} III. 검토의견 요지 나."
    assert doc.citation("rpt_2__sub_2__p_1") == f"{TITLE} II. 제안설명의 요지 나. 가."
    assert doc.citation("fn_2") == f"{TITLE} 각주 2)"
    assert doc.citation("cmp") == f"{TITLE} 신·구조문대비표"
    assert doc.citation("cost__pt_3__sub_1") == f"{TITLE} 비용추계서 미첨부 사유서 3. 미첨부 사유 가."
    assert doc.citation("rpt_3__sub_2__tbl_1") == f"{TITLE} III. 검토의견 요지 나. 표 〈서울시 인공지능(AI) 관련 사업추진 부서 현황〉"


# -- bad input ------------------------------------------------------------------------
def test_no_sections_is_a_parse_error_naming_file_and_line(tmp_path):
    bad = "\n\n어느 조례안\n\n심사 보고서\n\n본문만 있고 장이 없음.\n"
    with pytest.raises(ParseError) as err:
        parse_report_text(bad, tmp_path / "bad.txt", "bad")
    assert err.value.line == 3 and "bad.txt:3" in str(err.value)


def test_unclosed_underline_is_a_parse_error_naming_the_line(raw, tmp_path):
    broken = raw.replace("<u>인공지능사업</u>", "<u>인공지능사업", 1)
    line = next(i for i, ln in enumerate(broken.splitlines(), 1) if "<u>인공지능사업-" in ln)
    with pytest.raises(ParseError) as err:
        parse_report_text(broken, tmp_path / "broken.txt", "broken")
    assert err.value.line == line and f"broken.txt:{line}" in str(err.value)


def test_unreadable_file_is_a_parse_error(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes("I. 심사경과\n".encode() + b"\xff\xfe broken\n")
    with pytest.raises(ParseError) as err:
        parse_report(path)
    assert err.value.line == 2 and "report.txt:2" in str(err.value)


# -- another report of the genre ---------------------------------------------------------
OTHER = """부산광역시 공공데이터 개방 및 활용 조례 일부개정조례안
검토보고서

2025. 5. 12.
행정문화위원회 수석전문위원

목 차
Ⅰ. 제안경위 ·········· 1
Ⅱ. 검토의견 ·········· 2

Ⅰ. 제안경위

○ 2025. 4. 30. 홍길동 의원 대표발의
○ 2025. 5. 2. 행정문화위원회 회부

Ⅱ. 검토의견

1. 개정안의 개요

○ 개정안은 공공데이터 개방 목록을 매년 공개하도록 하려는 것으로,
  공개 주기와 방법을 명시하고 있음.
  - 공개 목록은 누리집에 게시
  - 활용 실적은 의회에 보고
○ 시행에 따른 추가 비용은 크지 않음.

2. 타 시·도 사례

< 시·도별 공공데이터 조례 현황 >
(단위: 건)
구분\t조례 수\t개방 건수
서울\t2\t1,200
부산\t1\t800
자료: 행정안전부(2024)

1) 공개 주기

○ 연 1회 공개는 타 시·도와 비슷한 수준임1)

1) 행정안전부, 공공데이터 개방 현황(2024).

2) 종합의견

○ 개정안은 타당함.
"""


def test_another_report_of_the_genre():
    other = parse_report_text(OTHER, "other.txt", "other")
    assert other.title == "부산광역시 공공데이터 개방 및 활용 조례 일부개정조례안 검토보고서"
    assert other.metadata == {"일자": "2025-05-12", "위원회": "행정문화위원회"}
    assert other.preamble.splitlines()[-3:] == ["목 차", "Ⅰ. 제안경위 ·········· 1", "Ⅱ. 검토의견 ·········· 2"]
    assert [(n.eid, n.title) for n in other.nodes] == [("rpt_1", "Ⅰ. 제안경위"), ("rpt_2", "Ⅱ. 검토의견"), ("fn_1", "1)")]
    assert len(kids(other.find("rpt_1"), NodeKind.TEXT)) == 2
    first = other.find("rpt_2__pt_1__p_1")
    assert first.text.endswith("하려는 것으로, 공개 주기와 방법을 명시하고 있음.")
    assert [c.text for c in first.children] == ["공개 목록은 누리집에 게시", "활용 실적은 의회에 보고"]
    assert other.find("rpt_2__pt_1__p_2").text == "시행에 따른 추가 비용은 크지 않음."
    table = other.find("rpt_2__pt_2__tbl_1")
    assert (table.heading, table.notes, shape(table)) == ("시·도별 공공데이터 조례 현황", ["단위: 건"], (3, 3))
    assert table.children[0].text == "자료: 행정안전부(2024)"
    assert [other.find(e).heading for e in ("rpt_2__pt_2__num_1", "rpt_2__pt_2__num_2")] == ["공개 주기", "종합의견"]
    assert other.find("fn_1").text == "행정안전부, 공공데이터 개방 현황(2024)."
    assert fidelity_problems(other, OTHER) == []
