"""legalize-kr Markdown statutes and ordinances parse into the tree a reader of the text sees.

The corpus lives in ``/work/shared/corpus`` (``statutes/``: 24 laws and
ordinances, ``anyang/``: 140 안양시 ordinances).  Expectations below were
checked by reading the source files, not by running the parser.

Article count rule (the test's own reading of the raw text, independent of the
parser): an article is

1. a ``##### 제N조…`` heading (any number of ``#``) with N ≥ 1 (``##### 제0조`` is the exporter's
   heading for non-article blocks such as the constitution's 전문), or
2. inside a 부칙 block (from the first ``## 부칙`` or column-0 ``부칙`` line on),
   a line starting in column 0 — or right after its ``부칙 <…>``/``부칙(…)``
   heading — with ``제N조`` or ``제N조의M`` followed by ``(`` (a title, unless the
   title is followed by a particle such as ``중``/``를``: ``제9조(징수) 중 …``) or
   by blanks and a word that is no digit, no ``제…`` and no range/particle word
   (``부터 까지 및 내지 또는 중 를 을 의 에 와 과``).  So ``제8조 생략`` and
   ``제1조 이 헌법은 …`` count; ``제2조 부터 제6조까지 생략``, ``제5조 중 …``,
   ``제3조 4호를 …``, ``제19조 제목 외의 …`` and a bare ``제5조`` do not.
"""

from __future__ import annotations

import re
import time
from functools import cache
from pathlib import Path

import pytest

from desktop.core.model import Document, DocumentKind, NodeKind
from desktop.core.parsing import ParseError, parse_file
from desktop.core.parsing.errors import read_text
from desktop.core.parsing.fidelity import same_words_in_order
from desktop.core.parsing.statute_md import parse_statute, parse_statute_text
from tests.conftest import SHARED

CORPUS = SHARED / "corpus"
STATUTES = sorted((CORPUS / "statutes").glob("*.md"))
ANYANG = sorted((CORPUS / "anyang").glob("*.md"))
FILES = STATUTES + ANYANG

needs_corpus = pytest.mark.skipif(not FILES, reason="shared corpus not present")

# -- the article count rule (see the module docstring) -----------------------
_HASH_ARTICLE = re.compile(r"^#{1,6}\s*제\s*(\d+)\s*조")
_SUPPL_START = re.compile(r"^(?:##\s*)?부\s*칙(?![가-힣])")
_SUPPL_PREFIX = re.compile(r"^부\s*칙\s*(?:\([^)]*\)\s*)?(?:<[^>]*>\s*)?")
_SUPPL_ARTICLE = re.compile(
    r"^제\d+조(?:의\d+)?"
    r"(?:\s*\((?![^)]*\)\s*(?:중|[를을의에])(?![가-힣]))"
    r"|\s+(?![0-9제,·ㆍ~]|(?:부터|까지|및|내지|또는|중|[를을의에와과])(?![가-힣]))\S)"
)


def expected_articles(raw: str) -> int:
    """The number of articles in ``raw`` by the rule of the module docstring."""
    body = re.sub(r"\A\s*---\n.*?\n---\n", "", raw.replace("\r\n", "\n"), count=1, flags=re.DOTALL)
    count, in_suppl = 0, False
    for line in body.split("\n"):
        if m := _HASH_ARTICLE.match(line):
            count += int(m[1]) >= 1
            continue
        if _SUPPL_START.match(line):
            in_suppl = True
            line = _SUPPL_PREFIX.sub("", line)
        if in_suppl and _SUPPL_ARTICLE.match(line):
            count += 1
    return count


def articles(doc: Document):
    return [n for n in doc.walk() if n.kind == NodeKind.ARTICLE]


def kids(node, kind):
    return [c for c in node.children if c.kind == kind]


@cache
def load(name: str) -> tuple[str, Document]:
    path = CORPUS / name
    raw = read_text(path)
    return raw, parse_statute_text(raw, path, path.stem)


def doc_of(name: str) -> Document:
    return load(name)[1]


# -- every corpus file -------------------------------------------------------
@needs_corpus
def test_corpus_is_complete():
    assert len(STATUTES) == 24 and len(ANYANG) == 140


@needs_corpus
@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_word_kept_in_order(path: Path):
    raw, doc = load(f"{path.parent.name}/{path.name}")
    assert same_words_in_order(doc, raw)


@needs_corpus
@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_article_count_matches_headings(path: Path):
    raw, doc = load(f"{path.parent.name}/{path.name}")
    assert len(articles(doc)) == expected_articles(raw)


@needs_corpus
def test_every_eid_unique_and_no_markup_left():
    for path in FILES:
        doc = doc_of(f"{path.parent.name}/{path.name}")
        eids = [n.eid for n in doc.walk()]
        assert len(eids) == len(set(eids)), path
        for node in doc.walk():
            for value in (node.label, node.heading, node.text, *node.notes):
                assert "**" not in value and "#####" not in value and "&#" not in value, (path, node.eid)


@needs_corpus
def test_all_files_parse_quickly():
    raws = [(p, read_text(p)) for p in FILES]
    start = time.perf_counter()
    for path, raw in raws:
        parse_statute_text(raw, path)
    assert time.perf_counter() - start < 2.0


def test_count_rule_itself():
    raw = "\n".join([
        "##### 제0조", "전문", "##### 제1조 (목적)", "목적", "##### 제1조의2", "x",
        "## 부칙", "부칙 <제1호,2020.1.1> 제1조(시행일) 시행한다.", "제2조 부터 제6조까지 생략", "제5조 중 “가”를 “나”로 한다.",
        "제3조 4호를 제5호로 한다.", "제7조 이 법은 …", "  제8조(인용) 들여쓴 줄", "제8조 생략", "제9조",
    ])
    assert expected_articles(raw) == 5  # 제1조, 제1조의2, 부칙 제1조, 제7조, 제8조 생략


# -- hand-written expectations ----------------------------------------------
@needs_corpus
def test_ai_act_article_6_paragraph_2_items_with_branches():
    doc = doc_of("statutes/ai-basic-act.md")
    art6 = doc.find("art_6")
    assert art6.heading == "인공지능 기본계획의 수립" and art6.label == "제6조"
    assert [p.label for p in kids(art6, NodeKind.PARAGRAPH)] == list("①②③④⑤⑥⑦")
    para2 = doc.find("art_6__para_2")
    assert para2.text == "기본계획에는 다음 각 호의 사항이 포함되어야 한다." and para2.notes == ["개정 2026.1.20"]
    items = kids(para2, NodeKind.ITEM)
    assert [i.label for i in items] == ["1.", "2.", "3.", "4.", "4의2.", "5.", "6.", "6의2.", "7.", "8."]
    branch = doc.find("art_6__para_2__item_4-2")
    assert branch.text.startswith("「공공데이터의 제공 및 이용 활성화에 관한 법률」에 따른 공공데이터를")
    assert doc.citation(branch.eid) == "인공지능 발전과 신뢰 기반 조성 등에 관한 기본법 제6조제2항제4호의2"
    assert doc.find("art_3__para_5").notes == ["신설 2026.1.20"]
    assert doc.find("art_2").notes == ["개정 2026.1.20"] and doc.find("art_2").text.endswith("다음과 같다.")
    assert doc.find("art_2__item_12").text.startswith('"학습용데이터"란')


@needs_corpus
def test_ai_act_metadata_and_chapters():
    doc = doc_of("statutes/ai-basic-act.md")
    assert doc.kind == DocumentKind.STATUTE and doc.title == "인공지능 발전과 신뢰 기반 조성 등에 관한 기본법"
    meta = doc.metadata
    assert (meta["공포일자"], meta["시행일자"], meta["번호"]) == ("2026-01-20", "2026-01-22", "법률 제21311호")
    assert meta["소관부처"] == "과학기술정보통신부" and meta["법령구분"] == "법률"
    assert doc.preamble == doc.title
    chp3 = doc.find("chp_3")
    assert chp3.heading == "인공지능기술 개발 및 산업 육성"
    assert [s.eid for s in kids(chp3, NodeKind.SECTION)] == ["chp_3__sec_1", "chp_3__sec_2"]
    assert doc.find("art_13") in kids(doc.find("chp_3__sec_1"), NodeKind.ARTICLE)


@needs_corpus
def test_ai_act_three_supplementary_blocks():
    doc = doc_of("statutes/ai-basic-act.md")
    suppl = [n for n in doc.nodes if n.kind == NodeKind.SUPPLEMENTARY]
    assert [s.eid for s in suppl] == ["suppl", "suppl_2", "suppl_3"]
    assert [s.heading for s in suppl] == ["제20676호,2025.1.21", "정부조직법 제21065호,2025.10.1", "제21311호,2026.1.20"]
    assert [a.eid for a in kids(suppl[0], NodeKind.ARTICLE)] == ["suppl__art_1", "suppl__art_2", "suppl__art_3"]
    assert doc.find("suppl__art_1").heading == "시행일"
    assert doc.find("suppl__art_1").text.startswith("이 법은 공포 후 1년이 경과한 날부터 시행한다.")
    # 부칙(정부조직법): 제1조, 제7조, 제8조 생략; ranges and the 96th amendment stay text
    assert [a.label for a in kids(suppl[1], NodeKind.ARTICLE)] == ["제1조", "제7조", "제8조"]
    assert doc.find("suppl_2__art_8").text == "생략"
    art1_texts = [t.text for t in kids(doc.find("suppl_2__art_1"), NodeKind.TEXT)]
    assert art1_texts == ["1. 및 2. 생략", "제2조 부터 제6조까지 생략"]
    art7 = doc.find("suppl_2__art_7")
    assert art7.heading == "다른 법률의 개정" and art7.text == "①부터 <95>까지 생략"
    assert [c.kind for c in art7.children] == [NodeKind.TEXT] * 3
    assert art7.children[0].text.startswith("<96> 인공지능 발전과")
    assert not kids(suppl[2], NodeKind.ARTICLE)
    assert suppl[2].text.startswith("이 법은 2026년 1월 22일부터 시행한다.")
    assert doc.citation("suppl_2__art_7") == f"{doc.title} 부칙(정부조직법 제21065호,2025.10.1) 제7조"


@needs_corpus
def test_repeated_article_numbers_get_a_suffix():
    doc = doc_of("statutes/ai-basic-act.md")  # 제17조 and 제22조 (three times) as exported
    assert doc.find("art_17").heading == "중소기업등을 위한 특별지원"
    assert doc.find("art_17_r2").heading == "인공지능제품 및 인공지능서비스 이용비용의 지원"
    assert doc.find("art_17_r2__para_2").text.startswith("제1항에 따른 비용 지원의 요건과")
    assert doc.find("art_22_r2").heading == "인공지능연구소의 설립 및 지원 등"
    assert doc.find("art_22_r2").label == "제22조"
    assert doc_of("statutes/family-litigation-act.md").find("art_10_r2").heading == "기록의 열람 등"


@needs_corpus
def test_constitution_preamble_blocks_are_text_not_articles():
    doc = doc_of("statutes/constitution.md")
    first = doc.nodes[:3]
    assert [n.kind for n in first] == [NodeKind.TEXT] * 3
    assert [n.eid for n in first] == ["txt_1", "txt_2", "txt_3"]
    assert first[0].text == "전문" and first[1].text.startswith("유구한 역사와 전통에 빛나는 우리 대한국민은")
    assert first[2].text == "1987년 10월 29일"
    assert all(a.label != "제0조" for a in articles(doc))
    art1 = doc.find("art_1")  # untitled
    assert art1.heading == "" and art1.title == "제1조"
    assert doc.find("art_1__para_1").text == "대한민국은 민주공화국이다."
    assert doc.find("art_3").text == "대한민국의 영토는 한반도와 그 부속도서로 한다."
    assert doc.find("chp_4__sec_2__subsec_1").heading == "국무총리와 국무위원"


@needs_corpus
def test_constitution_untitled_supplementary_articles():
    doc = doc_of("statutes/constitution.md")
    suppl = doc.find("suppl")
    assert suppl.heading == "제10호,1987.10.29"
    assert [a.eid for a in kids(suppl, NodeKind.ARTICLE)] == [f"suppl__art_{i}" for i in range(1, 7)]
    assert doc.find("suppl__art_1").text.startswith("이 헌법은 1988년 2월 25일부터 시행한다.")
    # "제2조 ①이 헌법에 …" then "  ②이 헌법에 …": paragraphs glued to the mark
    assert doc.find("suppl__art_2__para_1").text.startswith("이 헌법에 의한 최초의 대통령선거는")
    assert doc.find("suppl__art_2__para_2").text.startswith("이 헌법에 의한 최초의 대통령의 임기는")
    assert [p.label for p in kids(doc.find("suppl__art_4"), NodeKind.PARAGRAPH)] == ["①", "②", "③"]


@needs_corpus
def test_deleted_article_and_chapter():
    doc = doc_of("anyang/003.md")
    art6 = doc.find("art_6")  # "##### 제6조" + "삭제 <2019. 12. 31>"
    assert (art6.text, art6.notes, art6.children) == ("삭제", ["2019. 12. 31"], [])
    family = doc_of("statutes/family-litigation-act.md")
    chp = family.find("part_2__chp_4")  # "## 제4장 삭제 <2005.3.31>"
    assert (chp.label, chp.heading, chp.notes) == ("제4장", "삭제", ["2005.3.31"])
    part1 = family.find("part_1")  # "# 제1편 총칙 <개정 2010.3.31>"
    assert (part1.kind, part1.heading, part1.notes) == (NodeKind.PART, "총칙", ["개정 2010.3.31"])
    assert family.find("art_1") in part1.children


@needs_corpus
def test_paragraphs_past_circled_numbers():
    decree = doc_of("statutes/consumer-basic-act-decree.md")  # ⑮ then "  <16>환경친화적 …"
    para16 = decree.find("suppl__art_7__para_16")
    assert para16.label == "<16>" and para16.text.startswith("환경친화적 산업구조로의 전환촉진에 관한 법률 시행령")
    assert decree.find("suppl__art_7__para_15").label == "⑮"
    ordinance = doc_of("anyang/005.md")  # "&#x246f; …" (⑯) … "&#x32bf; …" (㊿), then "(51) …"
    assert ordinance.find("suppl__art_2__para_16").label == "⑯"
    assert ordinance.find("suppl__art_2__para_16").text.startswith("안양시 기부자 예우에 관한 조례 일부를")
    para51 = ordinance.find("suppl__art_2__para_51")
    assert para51.label == "(51)" and para51.text.startswith("안양시 시책일몰제 운영 조례 일부를")


@needs_corpus
def test_quoted_paragraphs_of_amended_texts_stay_text():
    doc = doc_of("anyang/132.md")  # "② 위원회의 기능은 …" twice, quoted inside 부칙 제3조
    art3 = doc.find("suppl__art_3")
    assert [p.label for p in kids(art3, NodeKind.PARAGRAPH)] == list("①②③④⑤⑥")
    quoted = [t for p in kids(art3, NodeKind.PARAGRAPH) for t in kids(p, NodeKind.TEXT) if t.text.startswith("② 위원회의")]
    assert len(quoted) == 2


@needs_corpus
def test_escaped_items_subitems_and_heading_notes():
    doc = doc_of("statutes/e-signature-act-rule.md")
    assert [i.label for i in kids(doc.find("art_4-2"), NodeKind.ITEM)] == ["1.", "2."]
    assert doc.find("art_4-2__item_1__sub_2").text == "지정일자"
    assert doc.find("art_4-2__item_2__sub_5").label == "마."
    art7 = doc.find("art_7")  # "##### 제7조 (인증업무의 휴지·폐지의 신고<개정 2002.7.11>)"
    assert art7.heading == "인증업무의 휴지·폐지의 신고" and art7.notes == ["개정 2002.7.11"]
    assert (doc.find("art_7__item_1").text, doc.find("art_7__item_1").notes) == ("삭제", ["2002.7.11"])


@needs_corpus
def test_note_lines_become_note_nodes_at_the_end_of_their_article():
    doc = doc_of("statutes/ord-seoul-4ir-promotion.md")
    art2 = doc.find("art_2")
    assert art2.children[-1].kind == NodeKind.NOTE and art2.children[-1].text == "전문개정 2021.9.30"
    assert doc.find("art_2__item_2__sub_6").label == "바."
    art6_notes = [n.text for n in kids(doc.find("art_6"), NodeKind.NOTE)]
    assert art6_notes == ["제목개정 2026.1.5", "제10조에서 이동, 종전 제6조는 제15조로 이동, <2026.1.5>"]


@needs_corpus
def test_ordinance_metadata_and_plain_marks():
    doc = doc_of("anyang/001.md")
    assert doc.kind == DocumentKind.ORDINANCE and doc.title == "안양시 인공지능 기본 조례"
    meta = doc.metadata
    assert (meta["municipality"], meta["공포일자"], meta["담당부서"], meta["번호"]) == ("안양시", "2026-03-31", "AI정책과", "조례 제3847호")
    assert doc.short_name == "안양시"
    assert [i.eid for i in kids(doc.find("art_3"), NodeKind.ITEM)] == [f"art_3__item_{n}" for n in range(1, 6)]
    assert [i.label for i in kids(doc.find("art_6__para_2"), NodeKind.ITEM)] == [f"{n}." for n in range(1, 8)]
    assert doc.find("suppl").text == "이 조례는 공포한 날부터 시행한다."
    assert doc_of("anyang/003.md").metadata["첨부파일수"] == "8"
    assert doc_of("statutes/ord-gangnam-dong-names.md").metadata["municipality"] == "강남구"
    jeju = doc_of("statutes/ord-jeju-small-school-committee-rule.md")  # "구성&#8228;운영" in the source
    assert jeju.title == "제주특별자치도 소규모학교지원심사위원회 구성·운영에 관한 규칙"


@needs_corpus
def test_one_line_supplementary_entries():
    doc = doc_of("statutes/ord-gangnam-dong-names.md")  # no articles, seven one-line 부칙
    assert not articles(doc)
    assert [n.eid for n in doc.nodes] == ["suppl"] + [f"suppl_{i}" for i in range(2, 8)]
    assert [n.heading for n in doc.nodes[:3]] == ["", "1988.7.1", "1988.12.26"]
    assert doc.nodes[1].text == "이 조례는 1988년 7월 1일부터 시행한다."
    old = doc_of("anyang/140.md")  # "부칙 <94. 10. 12. 조례 제1331호 전문개정> ①(시행일) …"
    assert old.find("suppl").heading == "94. 10. 12. 조례 제1331호 전문개정"
    assert old.find("suppl__para_1").text == "(시행일) 이 조례는 공포한 날부터 시행한다."


@needs_corpus
def test_unstructured_lines_are_text_nodes():
    holidays = doc_of("statutes/national-holidays-act.md")  # tabs and U+3000 before "3ㆍ1절 3월 1일"
    assert [t.text for t in kids(holidays.find("art_2"), NodeKind.TEXT)] == [
        "3·1절 3월 1일", "제헌절 7월 17일", "광복절 8월 15일", "개천절 10월 3일"]
    no_body = parse_file(CORPUS / "anyang" / "128.md")  # dispatch by front matter, no articles
    assert no_body.kind == DocumentKind.ORDINANCE
    assert [(n.eid, n.text) for n in no_body.nodes] == [("txt_1", "본문은 첨부파일 또는 원문을 참조하세요.")]


# -- synthetic text: glued paragraphs, odd lines, images ----------------------
SAMPLE = """---
제목: 시험법
법령구분: 법률
공포일자: '2025-01-02'
공포번호: '00123'
소관부처:
- 행정안전부
- 법무부
---

# 시험법

## 제1장 총칙 <신설 2025.1.2>

##### 제1조 (목적)

**①** 첫째 문장이다.② 둘째 문장이다. <개정 2025.1.2>

※ 어느 단위도 아닌 줄 <img src="x.png" alt="그림">

##### 제2조의3 (정의)

  1\\. 첫째
    가\\. 가목
  2. 2의2. 가지 호

## 부칙

부칙 <제123호,2025.1.2>

제1조(시행일) 이 법은 공포한 날부터 시행한다.
"""


def test_glued_paragraphs_branches_and_odd_lines():
    doc = parse_statute_text(SAMPLE, "sample.md")
    assert same_words_in_order(doc, SAMPLE)
    assert doc.metadata["소관부처"] == "행정안전부, 법무부" and doc.metadata["번호"] == "법률 제123호"
    assert doc.find("chp_1").notes == ["신설 2025.1.2"]
    assert [(p.label, p.text) for p in kids(doc.find("art_1"), NodeKind.PARAGRAPH)] == [
        ("①", "첫째 문장이다."), ("②", "둘째 문장이다.")]
    assert doc.find("art_1__para_2").notes == ["개정 2025.1.2"]
    odd = doc.find("art_1__para_2__txt_1")
    assert odd.kind == NodeKind.TEXT and odd.text == "※ 어느 단위도 아닌 줄"
    assert doc.find("art_2-3").label == "제2조의3"
    assert doc.find("art_2-3__item_1__sub_1").text == "가목"
    assert doc.find("art_2-3__item_2-2").text == "가지 호"
    assert doc.find("suppl__art_1").text == "이 법은 공포한 날부터 시행한다."


def test_fidelity_check_can_fail():
    doc = parse_statute_text(SAMPLE, "sample.md")
    doc.find("art_2-3__item_2-2").text = ""
    assert not same_words_in_order(doc, SAMPLE)
    assert expected_articles(SAMPLE) == len(articles(doc)) == 3


SHIFTED = """---
자치법규명: '테스트시 복무 조례'
자치법규종류: '조례'
지자체기관명: '경상북도 테스트시'
---

# 테스트시 복무 조례

##### 제0조 (목적)

제1장 총칙

##### 제1조 (복무선서)

제1조(목적) 이 조례는 목적을 규정한다.

##### 제2조 (책임완수)

제2조(복무선서) 공무원은 선서를 한다.

##### 제302조 (근무기강확립)

제3조의 2(비밀엄수) 비밀을 지킨다.
"""


def test_restated_articles_win_over_shifted_headings():
    """Older ordinance exports restate each article in its body, under headings shifted by one."""
    doc = parse_statute_text(SHIFTED, "shifted.md")
    assert same_words_in_order(doc, SHIFTED)
    assert doc.nodes[0].eid == "chp_1" and doc.nodes[0].heading == "총칙"
    assert [(a.eid, a.heading, a.text) for a in articles(doc)] == [
        ("art_1", "목적", "이 조례는 목적을 규정한다."),
        ("art_2", "복무선서", "공무원은 선서를 한다."),
        ("art_3-2", "비밀엄수", "비밀을 지킨다."),
    ]
    assert expected_articles(SHIFTED) == 3 and doc.metadata["municipality"] == "테스트시"


def test_doubled_marks_other_heading_levels_and_plain_articles():
    text = """---
제목: 시험법
법령구분: 법률
---

## 제1조 (목적)

**⑮** 열다섯째 항이다.
**<16>** <16> 열여섯째 항이다.
**<18>** 열여덟째 항이다.

### 제7조

삭제 <2020.3.24>
"""
    doc = parse_statute_text(text, "levels.md")
    assert same_words_in_order(doc, text)
    assert [(p.label, p.text) for p in kids(doc.find("art_1"), NodeKind.PARAGRAPH)] == [
        ("⑮", "열다섯째 항이다."), ("<16>", "열여섯째 항이다."), ("<18>", "열여덟째 항이다.")]
    assert (doc.find("art_7").text, doc.find("art_7").notes) == ("삭제", ["2020.3.24"])
    plain = "# 시험 조례\n\n제1조(목적) 이 조례는 목적을 정한다.\n제2조(정의) ① 용어는 다음과 같다.\n1. 첫째\n"
    doc = parse_statute_text(plain, "plain.md")  # no ##### headings: 제N조 lines are the articles
    assert [a.eid for a in articles(doc)] == ["art_1", "art_2"]
    assert doc.find("art_2__para_1__item_1").text == "첫째"


# -- bad input -----------------------------------------------------------------
def test_non_utf8_bytes_name_file_and_line(tmp_path):
    path = tmp_path / "bad.md"
    path.write_bytes("---\n제목: 시험\n---\n# 시험\n".encode() + b"\xff\xfe\n")
    with pytest.raises(ParseError) as err:
        parse_statute(path)
    assert err.value.line == 5 and "bad.md:5" in str(err.value)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.md"
    path.write_text("  \n\n", encoding="utf-8")
    with pytest.raises(ParseError, match=r"empty\.md"):
        parse_statute(path)
    with pytest.raises(ParseError, match="빈 파일"):
        parse_statute_text("", "empty.md")


def test_no_recognisable_structure_names_file_and_line():
    with pytest.raises(ParseError) as err:
        parse_statute_text("\n\n그냥 메모입니다.\n둘째 줄도 메모.\n", "memo.md")
    assert err.value.line == 3 and str(err.value).startswith("memo.md:3:")


def test_unclosed_front_matter():
    with pytest.raises(ParseError) as err:
        parse_statute_text("---\n제목: 시험\n# 시험\n##### 제1조 (목적)\n", "open.md")
    assert err.value.line == 1


# -- patterns met in legalize-kr files outside the corpus (synthetic snippets) ----------
def _doc(body: str, front: str = "자치법규명: '시험 규칙'\n자치법규종류: '규칙'\n지자체기관명: '시험도 시험군'") -> tuple[str, Document]:
    raw = f"---\n{front}\n---\n\n# 시험 규칙\n\n{body}"
    return raw, parse_statute_text(raw, "unseen.md")


def test_supplementary_heading_forms_follow_the_count_rule():
    """``부칙 <…> (…) 제1조(…)``: the count rule reads no article after ``<…>(…)``, so neither does the parser."""
    raw, doc = _doc("""##### 제1조 (목적)

목적이다.

## 부칙

부칙 <규칙 제5호, 2020.4.10.> (시험 규칙) 제1조(시행일) 이 규칙은 공포한 날부터 시행한다.
제2조 (다른 규칙의 개정) ①부터 ⑫까지 생략
부칙 <제6호,2021.1.1>(다른 규칙) 제1조(시행일) 이 규칙은 시행한다.
부칙 <제7호,2022.1.1> 제1조(시행일) 이 규칙은 시행한다.
부    칙 〈2023. 3. 30. 규칙 제8호〉 이 규칙은 의결한 날부터 시행한다.
부      칙 〈개정, 2024.5.31. 규칙 제9호> 이 규칙은 공포한 날부터 시행한다.
""")
    assert same_words_in_order(doc, raw)
    assert len(articles(doc)) == expected_articles(raw) == 3
    suppl = [n for n in doc.nodes if n.kind == NodeKind.SUPPLEMENTARY]
    assert [s.heading for s in suppl] == [
        "규칙 제5호, 2020.4.10. 시험 규칙", "제6호,2021.1.1 다른 규칙", "제7호,2022.1.1",
        "2023. 3. 30. 규칙 제8호", "개정, 2024.5.31. 규칙 제9호"]
    assert suppl[0].text == "제1조(시행일) 이 규칙은 공포한 날부터 시행한다." and kids(suppl[0], NodeKind.ARTICLE)[0].label == "제2조"
    assert suppl[1].text.startswith("제1조(시행일)") and not kids(suppl[1], NodeKind.ARTICLE)
    assert doc.find("suppl_3__art_1").heading == "시행일"
    assert suppl[3].text == "이 규칙은 의결한 날부터 시행한다."


def test_supplementary_article_numbers_are_read_as_the_count_rule_reads_them():
    """No blank inside 제N조 (``제 2 조``, ``제2조의 2`` are quoted text); an unclosed title is no title."""
    raw, doc = _doc("""## 부칙

부칙 <제1호,2020.1.1>
제1조(시행일) 이 규칙은 시행한다.
제 2 조(경과조치) 종전의 예에 따른다.
제2조의 2(특례) 종전의 예에 따른다.
제3조(경과조치 이 규칙 시행 전의 행위는 종전의 예에 따른다.
제4조 ∼ 제6조 생략
""")
    assert same_words_in_order(doc, raw)
    assert [a.label for a in articles(doc)] == ["제1조", "제3조", "제4조"] and expected_articles(raw) == 3
    art1 = doc.find("suppl__art_1")
    assert [t.text for t in kids(art1, NodeKind.TEXT)] == ["제 2 조(경과조치) 종전의 예에 따른다.", "제2조의 2(특례) 종전의 예에 따른다."]
    assert (doc.find("suppl__art_3").heading, doc.find("suppl__art_3").text) == ("", "(경과조치 이 규칙 시행 전의 행위는 종전의 예에 따른다.")


def test_hand_wrapped_lines_continue_their_unit():
    """Older ordinances break lines mid-sentence (even mid-word); the pieces are one unit's text."""
    raw, doc = _doc("""##### 제1조 (목적)

이 규칙은 시험군의회를 상징하는 의회기에 관한 사항과 의원 배지
의 제식 및 패용에 관한 사항을 규정함을 목적으로 한다.

##### 제2조 (규격)

의회기의 규격은 다음과 같다.
  1. 기면은 청색으로 하고 가로와 세로는 3과 2의 비례로 하되 표준규격은  가로
120㎝, 세로80㎝로 한다.
2. 기면에는 “시
험군의회”라 표시한다.<개정 2015.3.30.>
가. 글씨는 예서체로 한다
나. 색은 흰색으로 한다

##### 제3조 (게양)

① 의회기는 의회청사와 의장실에 게양한다. 다만, 이동식의회기는
금실로 된 수술을 부착한다.
② 국기와 같이 게양할 때에는 왼편에 게양한다.
③ 제2조제1항부터 제3항까지의 규정에도 불구하고 의장이 정하는
①부터 ③까지의 기준은 생략한다.
""")
    assert same_words_in_order(doc, raw)
    assert doc.find("art_1").text == (
        "이 규칙은 시험군의회를 상징하는 의회기에 관한 사항과 의원 배지 의 제식 및 패용에 관한 사항을 규정함을 목적으로 한다.")
    assert not doc.find("art_1").children
    assert doc.find("art_2__item_1").text.endswith("표준규격은 가로 120㎝, 세로80㎝로 한다.")
    item2 = doc.find("art_2__item_2")  # a short line is not joined; the note goes to the unit
    assert (item2.text, item2.notes) == ("기면에는 “시", []) and kids(item2, NodeKind.TEXT)[0].notes == ["개정 2015.3.30."]
    assert [s.label for s in kids(doc.find("art_2__item_2"), NodeKind.SUBITEM)] == ["가.", "나."]
    assert doc.find("art_3__para_1").text.endswith("다만, 이동식의회기는 금실로 된 수술을 부착한다.")
    assert kids(doc.find("art_3__para_3"), NodeKind.TEXT)[0].text == "①부터 ③까지의 기준은 생략한다."  # a 항 mark opens a line


def test_headings_without_a_blank_and_ranges_with_wave_dashes():
    raw, doc = _doc("""#####제1조 (목적)

목적이다.

##### 제2조 (개정)

① ∼ ④ (생략)
⑤ 시험 규칙 일부를 다음과 같이 개정한다.
""")
    assert same_words_in_order(doc, raw)
    assert [a.heading for a in articles(doc)] == ["목적", "개정"] and expected_articles(raw) == 2
    art2 = doc.find("art_2")
    assert art2.text == "① ∼ ④ (생략)" and [p.label for p in kids(art2, NodeKind.PARAGRAPH)] == ["⑤"]


def test_plain_chapter_lines_open_chapters_and_texts_hang_under_their_subitem():
    """Some exports write ``제2장 …`` as a plain line between articles, not as ``## 제2장``."""
    raw, doc = _doc("""제1장 총칙

##### 제1조 (정의)

이 규칙에서 사용하는 용어의 뜻은 다음과 같다.
  1. “직무관련자”란 다음 각 목의 어느 하나에 해당하는 자를 말한다.
    가. 민원을 신청하는 자
     1) 법정민원
     2) 질의민원
    나. 계약을 체결하는 자

제2장 공정한 직무수행

##### 제2조 (지시)

제3장 및 제4장의 규정은 교육감에게 적용하지 아니한다.

제4장 삭제 <2020.1.1>

## 부칙

부칙 <제1호,2020.1.1>
이 규칙은 공포한 날부터 시행한다.
""")
    assert same_words_in_order(doc, raw)
    assert [(n.eid, n.heading) for n in doc.nodes[:3]] == [("chp_1", "총칙"), ("chp_2", "공정한 직무수행"), ("chp_4", "삭제")]
    assert doc.find("chp_4").notes == ["2020.1.1"]
    assert doc.find("art_1") in kids(doc.find("chp_1"), NodeKind.ARTICLE)
    assert doc.find("art_2").text == "제3장 및 제4장의 규정은 교육감에게 적용하지 아니한다."
    sub1 = doc.find("art_1__item_1__sub_1")
    assert [t.text for t in kids(sub1, NodeKind.TEXT)] == ["1) 법정민원", "2) 질의민원"]
    assert doc.find("art_1__item_1__sub_2").text == "계약을 체결하는 자"


def test_amendment_tags_separated_by_commas_are_all_notes():
    raw, doc = _doc("""##### 제5조 (당직의 편성)

② 그 사유가 소멸한 때에는 이를 즉시 알려야 한다.<신설 2018. 2. 7>, <개정 2024. 6. 26.>
③ <삭제 2021.12.29.>
""")
    assert same_words_in_order(doc, raw)
    para2 = doc.find("art_5__para_2")
    assert (para2.text, para2.notes) == ("그 사유가 소멸한 때에는 이를 즉시 알려야 한다.", ["신설 2018. 2. 7", "개정 2024. 6. 26."])
    assert (doc.find("art_5__para_3").text, doc.find("art_5__para_3").notes) == ("", ["삭제 2021.12.29."])


def test_letterspaced_chapter_titles_and_spaced_supplementary_headings():
    raw, doc = _doc("""## 제 1 장  총     칙

##### 제1조 (목적)

목적이다.

## 제 2 장  일 반 운 영

##### 제2조 (운영)

운영한다.

## 부칙

부      칙 (1997.  3.  6 규칙 제898호) 이 규칙은 공포한 날부터 시행한다.
""")
    assert same_words_in_order(doc, raw)
    assert [(c.label, c.heading) for c in doc.nodes[:2]] == [("제1장", "총칙"), ("제2장", "일반운영")]
    assert doc.find("suppl").heading == "1997. 3. 6 규칙 제898호"


def test_a_body_opening_with_a_reference_is_no_restatement():
    """``제5조(위원회의 구성)에 따른 …`` under ``##### 제7조`` cites another article: the heading stays the article."""
    raw, doc = _doc("""##### 제7조 (준용)

제5조(위원회의 구성)에 따른 위원회에 관하여는 이 조례를 준용한다.

## 부칙

부칙 제3조를 다음과 같이 한다.
제2조(경과조치) 종전의 예에 따른다.
""")
    assert same_words_in_order(doc, raw)
    art7 = doc.find("art_7")
    assert (art7.heading, art7.text) == ("준용", "제5조(위원회의 구성)에 따른 위원회에 관하여는 이 조례를 준용한다.")
    assert len(articles(doc)) == expected_articles(raw) == 2  # the 부칙 opened by a sentence still holds 제2조
    assert doc.find("suppl").text == "제3조를 다음과 같이 한다." and doc.find("suppl__art_2").heading == "경과조치"


def test_supplementary_divider_only_before_a_supplementary_heading():
    raw, doc = _doc("##### 제1조 (목적)\n\n목적이다.\n\n## 부칙\n\n부칙은 공포한 날부터 시행한다.\n")
    assert same_words_in_order(doc, raw)
    assert (doc.find("suppl").label, doc.find("suppl").text) == ("부칙", "부칙은 공포한 날부터 시행한다.")


def test_html_tables_become_table_nodes_and_leave_no_markup():
    """A table pasted with its markup (``<td style='border-top: #000000 …'>``) is a ``table`` node of cell texts."""
    raw, doc = _doc("""## 부칙

부칙 <제1호, 2013.7.26> 제1조(시행일) 이 조례는 공포한 날부터 시행한다.
제2조(다른 조례의 개정) ① 시험 조례 일부를 다음과 같이 개정한다. 별표 중 자연재난란을 다음과 같이 한다.
<table style='border-top: #000000 0.28pt solid; border-collapse: collapse'>
<tbody>
<tr>
<td style='border-top: #000000 0.25pt solid; width: 45pt' valign=middle>
<p class=바탕글 style='text-align: center'><span style='font-size: 11pt; font-family: 굴림'>자연재난</span></p></td>
<td style='width: 254.25pt' valign=middle>
<p class=바탕글><span lang=en-us>1.태풍 관련 피해 </span></p>
<p class=바탕글><span lang=en-us>2.가뭄 관련 피해</span><o:p></o:p></p></td></tr>
<tr><td>사회재난</td><td>3.화재 관련 피해</td></tr></tbody></table>
② 시험 규칙 일부를 다음과 같이 개정한다.<!-- 주석 -->
""")
    assert same_words_in_order(doc, raw)
    assert len(articles(doc)) == expected_articles(raw) == 2
    table = doc.find("suppl__art_2__para_1__tbl_1")
    assert table.kind == NodeKind.TABLE
    assert table.rows == [["자연재난", "1.태풍 관련 피해 2.가뭄 관련 피해"], ["사회재난", "3.화재 관련 피해"]]
    assert doc.find("suppl__art_2__para_2").text == "시험 규칙 일부를 다음과 같이 개정한다."
    for node in doc.walk():
        for value in (node.label, node.heading, node.text, *node.notes, *(c for row in node.rows for c in row)):
            assert "<" not in value and "#" not in value, (node.eid, value)


def test_front_matter_quirks_of_the_exporters():
    """Quoted scalars wrapped over lines (also inside 첨부파일), an invalid date kept as written."""
    _raw, doc = _doc("##### 제1조 (목적)\n\n목적이다.\n", front="""자치법규명: 'Ordinance of Dalseo-gu for Attraction of and Support
  for Business'
자치법규종류: '조례'
지자체기관명: '(구)전라남도교육청'
시행일자: '202330  '
공포일자: 2021-09-30
첨부파일:
  - 별표번호: '0001'
    제목: '[별표 8] 전직시험이 면제되는 자격증 구분표(서울특별시 테스트
      조례)'
    파일링크: 'http://www.law.go.kr/flDownload.do?flNm=a---b'""")
    meta = doc.metadata
    assert meta["자치법규명"] == "Ordinance of Dalseo-gu for Attraction of and Support for Business"
    assert (meta["시행일자"], meta["공포일자"]) == ("202330", "2021-09-30")
    assert meta["첨부파일"] == "[별표 8] 전직시험이 면제되는 자격증 구분표(서울특별시 테스트 조례)" and meta["첨부파일수"] == "1"


def test_branch_subitems_get_their_own_unit():
    raw, doc = _doc("""##### 제2조 (정의)

**①** 용어의 뜻은 다음과 같다.

  1\\. 시설
    가\\. 건물
    가의2\\. 부속 건물
    나\\. 토지
""", front="제목: 시험법\n법령구분: 법률")
    assert same_words_in_order(doc, raw)
    item = doc.find("art_2__para_1__item_1")
    assert [(s.eid.rsplit("__", 1)[1], s.label) for s in kids(item, NodeKind.SUBITEM)] == [
        ("sub_1", "가."), ("sub_1-2", "가의2."), ("sub_2", "나.")]
    assert doc.citation("art_2__para_1__item_1__sub_1-2") == "시험 규칙 제2조제1항제1호가목의2"


def test_indented_supplementary_headings_open_their_own_block():
    raw, doc = _doc("""##### 제1조 (목적)

목적이다.

## 부칙

부 칙

이 규정은 발령한 날로부터 시행한다.


          부 칙(1976.07.23 훈령 제455호)

이 규정은 발령한 날로부터 시행한다.

          부 칙(1979.11.01 훈령 제514호) 제1조(시행일) 이 규정은 발령한 날부터 시행한다.
""")
    assert same_words_in_order(doc, raw)
    suppl = [n for n in doc.nodes if n.kind == NodeKind.SUPPLEMENTARY]
    assert [s.heading for s in suppl] == ["", "1976.07.23 훈령 제455호"]
    assert suppl[1].children[-1].text == "부 칙(1979.11.01 훈령 제514호) 제1조(시행일) 이 규정은 발령한 날부터 시행한다."
    assert len(articles(doc)) == expected_articles(raw) == 1
