"""Export to W3C JSON and Markdown; import merges by id, re-anchors, and a bad file changes nothing."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from desktop.annotations import (
    AnchorStatus,
    AnnotationStore,
    ImportFailed,
    export_json,
    export_markdown,
    import_annotations,
)
from desktop.core.parsing import parse_file
from tests.conftest import SEEDS

SCRIPT = '<script>alert(1)</script> *별표* [링크](x)'


@pytest.fixture(scope="module")
def paju():
    return parse_file(SEEDS / "paju-ai-basic.txt", doc_id="paju-ai-basic")


@pytest.fixture
def filled(tmp_path, paju):
    store = AnnotationStore(tmp_path / "mine")
    store.add_highlight(paju, "art_8__para_1", 26, 38, "주황", note="위원 수", tags=["위원회"])
    store.add_note(paju, "art_4__para_3", SCRIPT, quote="생성형 인공지능", tags=["질의", "AI"])
    store.add_note(paju, "art_6", "조직 규정 전체 검토")
    store.add_bookmark(paju, "art_8")
    yield store
    store.close()


def _snapshot(store):
    return [a.model_dump() for a in store.list()]


def test_json_is_w3c_web_annotation(filled, paju):
    data = json.loads(export_json(filled.list(), [paju]))
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld" and data["type"] == "AnnotationCollection"
    items = data["first"]["items"]
    assert data["total"] == len(items) == 4
    hl, note, _, mark = items
    assert hl["type"] == "Annotation" and hl["id"].startswith("urn:uuid:")
    assert [i["motivation"] for i in items] == ["highlighting", "commenting", "commenting", "bookmarking"]
    assert hl["target"]["source"] == "paju-ai-basic#art_8__para_1"
    quote, pos = hl["target"]["selector"]
    assert quote == {"type": "TextQuoteSelector", "exact": "15명 이내의 위원으로",
                     "prefix": quote["prefix"], "suffix": quote["suffix"]}
    assert quote["prefix"].endswith("포함하여 ") and pos == {"type": "TextPositionSelector", "start": 26, "end": 38}
    bodies = {(b["purpose"], b["value"]) for b in hl["body"]}
    assert bodies == {("commenting", "위원 수"), ("tagging", "위원회"), ("classifying", "orange")}
    assert hl["ordinanceReader"]["citation"] == "파주시 인공지능 기본 조례 제8조제1항"
    assert next(b["value"] for b in note["body"] if b["purpose"] == "commenting") == SCRIPT
    assert "selector" not in mark["target"] and mark["ordinanceReader"]["unitText"]
    assert "created" in hl and "modified" in hl


def test_markdown_for_reading(filled, paju):
    md = export_markdown(filled.list(), [paju])
    assert "## 파주시 인공지능 기본 조례" in md
    assert "### 파주시 인공지능 기본 조례 제8조제1항" in md and "> 15명 이내의 위원으로" in md
    assert "형광펜 · 주황 · #위원회" in md and "위원 수" in md
    assert md.index("제4조제3항") < md.index("제6조") < md.index("제8조\n")  # document order
    # HTML in a note is escaped so a Markdown viewer shows it literally
    assert "<script>" not in md and r"\<script\>alert(1)\</script\>" in md and r"\*별표\*" in md


def test_round_trip_and_idempotent_merge(tmp_path, filled, paju):
    path = tmp_path / "export.json"
    path.write_text(export_json(filled.list(), [paju]), encoding="utf-8")
    with AnnotationStore(tmp_path / "colleague") as other:
        report = import_annotations(other, path, [paju])
        assert len(report.added) == 4 and not report.updated and "새 주석 4개" in report.message
        assert _snapshot(other) == _snapshot(filled)  # ids, anchors, times, tags, colours, verbatim text
        again = import_annotations(other, path, [paju])
        assert not again.added and not again.updated and again.unchanged == 4
        assert other.count() == 4


def test_newer_modified_wins(tmp_path, filled, paju):
    first = filled.list()[0]
    old_file = tmp_path / "old.json"
    old_file.write_text(export_json(filled.list(), [paju]), encoding="utf-8")
    _, edited = filled.update(first.id, note="내가 나중에 고친 메모")
    new_file = tmp_path / "new.json"
    new_file.write_text(export_json(filled.list(), [paju]), encoding="utf-8")
    with AnnotationStore(tmp_path / "colleague") as other:
        import_annotations(other, old_file, [paju])
        report = import_annotations(other, new_file, [paju])
        assert [a.id for a in report.updated] == [first.id]
        assert other.get(first.id).note == "내가 나중에 고친 메모"
        report = import_annotations(other, old_file, [paju])  # an older copy never overwrites
        assert not report.updated and other.get(first.id).note == "내가 나중에 고친 메모"
    assert edited.modified - first.modified < timedelta(minutes=1)


def test_import_reanchors_against_current_documents(tmp_path, filled, paju):
    path = tmp_path / "export.json"
    path.write_text(export_json(filled.list(), [paju]), encoding="utf-8")
    text = (SEEDS / "paju-ai-basic.txt").read_text(encoding="utf-8")
    text = text.replace("15명 이내의 위원으로", "20명 이내의 위원으로")
    text = text.replace("③ 시장은 생성형 인공지능을 이용한 행정서비스를 제공하는 경우 이용자에게 사전에 고지하고, 해당 서비스의 결과물이 생성형 인공지능에 의하여 생성되었다는 사실을 표시하는 등 공정성과 투명성, 비차별성 확보를 위해 노력해야 한다.\n\n", "")
    edited = tmp_path / "paju-ai-basic.txt"
    edited.write_text(text, encoding="utf-8")
    current = parse_file(edited, doc_id="paju-ai-basic")
    with AnnotationStore(tmp_path / "colleague") as other:
        report = import_annotations(other, path, [current])
        statuses = {a.note: a.status for a in other.list()}
        assert statuses["위원 수"] is AnchorStatus.FUZZY
        assert other.list(text="위원 수")[0].quote == "20명 이내의 위원으로"
        assert statuses[SCRIPT] is AnchorStatus.ORPHAN and len(report.orphans) == 1
        assert "위치 잃음" in report.message
        md = export_markdown(other.list(), [current])
        orphans = md[md.index("### 위치를 잃은 주석") :]
        assert "> 생성형 인공지능" in orphans and "paju-ai-basic#art_4__para_3" in orphans


def test_unknown_documents_are_kept(tmp_path, filled, paju):
    path = tmp_path / "export.json"
    path.write_text(export_json(filled.list(), [paju]), encoding="utf-8")
    with AnnotationStore(tmp_path / "colleague") as other:
        report = import_annotations(other, path, [])
        assert len(report.added) == 4 and report.unknown_documents == {"paju-ai-basic"}
        assert "paju-ai-basic" in report.message


def _valid_collection(filled, paju) -> dict:
    return json.loads(export_json(filled.list(), [paju]))


BAD_FILES = {
    "not json": (b"{ this is not json", "JSON 형식이 아닙니다"),
    "not utf-8": ("메모".encode("cp949") * 10, "UTF-8"),
    "foreign json": (json.dumps({"name": "다른 프로그램", "items": [1, 2]}).encode(), "W3C 웹 주석"),
    "hypothesis-like": (json.dumps({
        "@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation", "id": "https://hyp.is/abc",
        "motivation": "commenting", "target": {"source": "https://example.org/page"},
        "body": [{"type": "TextualBody", "value": "hi"}]}).encode(), "조례 열람기에서 내보낸 주석이 아닙니다"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_malformed_or_foreign_file_changes_nothing(tmp_path, filled, case):
    content, expected = BAD_FILES[case]
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    before = _snapshot(filled)
    with pytest.raises(ImportFailed) as exc:
        import_annotations(filled, path, [])
    assert expected in str(exc.value) and "아무것도 바뀌지 않았습니다" in str(exc.value)
    assert _snapshot(filled) == before


def test_one_bad_item_among_good_ones_imports_nothing(tmp_path, filled, paju):
    data = _valid_collection(filled, paju)
    good = data["first"]["items"]
    for i, item in enumerate(good):  # fresh ids so they would all be new
        item["id"] = f"urn:uuid:00000000-0000-4000-8000-{i:012d}"
    broken = json.loads(json.dumps(good[0]))
    broken["id"] = "urn:uuid:00000000-0000-4000-8000-999999999999"
    broken["target"]["selector"][1]["end"] = 999  # offsets no longer match the quote
    data["first"]["items"] = [*good, broken]
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with AnnotationStore(tmp_path / "colleague") as other:
        other.add_note(paju, "art_1", "원래 있던 메모")
        before = _snapshot(other)
        with pytest.raises(ImportFailed) as exc:
            import_annotations(other, path, [paju])
        assert "5번째 주석" in str(exc.value)
        assert _snapshot(other) == before


def test_missing_file(tmp_path, filled):
    with pytest.raises(ImportFailed, match="읽을 수 없습니다"):
        import_annotations(filled, tmp_path / "nope.json", [])
