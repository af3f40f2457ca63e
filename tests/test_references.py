"""Cross-references in legal text resolve to units of the same document, or to other instruments."""

from __future__ import annotations

from desktop.core.parsing import parse_text
from desktop.core.references import find_references, law_title_index, resolve_law

SAMPLE = """시험 조례

제1조(목적) 이 조례는 시험용이다.

제2조(정의) ① 이 조례에서 쓰는 말의 뜻은 다음과 같다.
1. "가"란 첫째다.
2. "나"란 둘째다.
4의2. "다"란 셋째다.
② 제1항에 따른 정의 외에는 「시험 기본법」(이하 "법"이라 한다) 제2조제4호에 따른다.

제3조(위원회) ① 위원회를 둔다.
② 위원은 제2조제1항제2호에 해당하는 사람으로 한다. 같은 조 제2항에도 불구하고 제2항제4호의2를 따른다.
③ 법 제30조 제1항에 따른 검인증을 받은 제품을 우선한다.
"""


def refs(doc, eid):
    node = doc.find(eid)
    return [(node.text[r.start:r.end], r.eid, r.law) for r in find_references(doc, eid, node.text)]


def test_same_document_references():
    doc = parse_text(SAMPLE, "t.txt")
    found = refs(doc, "art_3__para_2")
    assert ("제2조제1항제2호", "art_2__para_1__item_2", None) in found
    # 같은 조 = the article named just before in the same sentence (제2조), not the current one
    assert ("같은 조 제2항", "art_2__para_2", None) in found
    # 제2항제4호의2 without an article: the current article's 항; 제4호의2 is not there, so the link
    # falls back to the nearest unit that exists (제3조제2항)
    assert ("제2항제4호의2", "art_3__para_2", None) in found


def test_paragraph_of_current_article():
    doc = parse_text(SAMPLE, "t.txt")
    assert refs(doc, "art_2__para_2")[0] == ("제1항", "art_2__para_1", None)


def test_item_with_branch_number_under_paragraph():
    doc = parse_text(SAMPLE.replace("제2항제4호의2를", "제2조제4호의2를"), "t.txt")
    found = refs(doc, "art_3__para_2")
    assert ("제2조제4호의2", "art_2__para_1__item_4-2", None) in found


def test_other_laws_are_not_same_document_links():
    doc = parse_text(SAMPLE, "t.txt")
    found = refs(doc, "art_2__para_2")
    assert ("「시험 기본법」", None, "시험 기본법") in found
    foreign = next(f for f in found if f[0] == "제2조제4호")
    assert foreign[2] == "시험 기본법" and foreign[1] == "art_2__item_4"  # an eid in *that* law
    third = refs(doc, "art_3__para_3")
    assert third and all(law == "other" for _t, _e, law in third)


def test_law_titles_match_with_any_spacing():
    index = law_title_index({"파주시 인공지능 기본 조례": "paju-ai-basic"})
    assert resolve_law("파주시 인공지능  기본조례", index) == "paju-ai-basic"
    assert resolve_law("다른 조례", index) is None


RUNS = """시험 조례

제1조(목적) ① 이 조례는 시험용이다.
② 제1항의 목적을 위하여 시장은 노력한다.

제2조(위원) ① 위원은 다음 각 호와 같다.
1. 공무원
2. 전문가
② 제1항제2호 각 목의 어느 하나에 해당하는 사람

제3조(준용) ① 제1조제1항 및 제2항을 준용한다.
② 법 제7조제4항에 따른 위원은 같은 조 제7항에 따른다.
"""


def test_words_after_a_reference_are_not_subitems():
    doc = parse_text(RUNS, "t.txt")
    assert refs(doc, "art_1__para_2")[0] == ("제1항", "art_1__para_1", None)  # "제1항의 목적": no 목 "의"
    assert refs(doc, "art_2__para_2")[0] == ("제1항제2호", "art_2__para_1__item_2", None)  # "각 목": no 목 "각"


def test_bare_paragraph_continues_the_article_named_before():
    doc = parse_text(RUNS, "t.txt")
    found = refs(doc, "art_3__para_1")
    assert found == [("제1조제1항", "art_1__para_1", None), ("제2항", "art_1__para_2", None)]


def test_same_article_after_another_law_stays_in_that_law():
    doc = parse_text(RUNS, "t.txt")
    found = refs(doc, "art_3__para_2")
    assert [(t, law) for t, _e, law in found] == [("제7조제4항", "other"), ("같은 조 제7항", "other")]
    assert found[1][1] == "art_7__para_7"
