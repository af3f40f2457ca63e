"""Printing without Qt: what is printed, in which order, with which notes, and the remembered options."""

from __future__ import annotations

import re
from datetime import date
from types import SimpleNamespace

import pytest

from desktop.printing import annotations as print_annotations
from desktop.printing.annotations import AnnotationSnapshot, PrintNote, snapshot
from desktop.printing.compose import PrintOptions, compose, korean_date, superscript
from desktop.printing.selection import (
    SelectionError,
    collect,
    count_units,
    current_ref,
    refs_from_hits,
    unit_citation,
)
from desktop.render.html import RenderOptions

PAJU, YEOSU, REPORT = "paju-ai-basic", "yeosu-ai-society", "seoul-future-strategy-review"


def eids(groups):
    return [(g.doc.id, [u.eid for u in g.units]) for g in groups]


def test_document_order_grouped_by_document_in_library_order(library):
    groups = collect(library, [(REPORT, "cmp"), (PAJU, "art_10"), (YEOSU, "art_2"), (PAJU, "art_3")])
    assert eids(groups) == [(PAJU, ["art_3", "art_10"]), (YEOSU, ["art_2"]), (REPORT, ["cmp"])]


def test_nested_and_duplicate_units_fold_into_the_outer_one(library):
    refs = [(PAJU, "art_8__para_5__item_1"), (PAJU, "art_8"), (PAJU, "art_8__para_1"), (PAJU, "art_8"),
            (PAJU, "art_9__para_2"), (PAJU, "art_9__para_2")]
    groups = collect(library, refs)
    assert eids(groups) == [(PAJU, ["art_8", "art_9__para_2"])]
    assert count_units(groups) == 2


def test_a_paragraph_then_its_item_keeps_the_paragraph(library):
    groups = collect(library, [(PAJU, "art_8__para_5__item_2"), (PAJU, "art_8__para_5")])
    assert eids(groups) == [(PAJU, ["art_8__para_5"])]
    unit = groups[0].units[0]
    assert unit.citation == "파주시 인공지능 기본 조례 제8조제5항"
    assert unit.context == "제8조(위원회 구성)"


def test_whole_document_selection_covers_its_units(library):
    doc = library.get(PAJU)
    groups = collect(library, [(PAJU, "art_8"), (PAJU, "")])
    assert [u.eid for u in groups[0].units] == [n.eid for n in doc.nodes]


def test_citations_carry_the_article_heading(library):
    doc = library.get(PAJU)
    assert unit_citation(doc, doc.find("art_8")) == "파주시 인공지능 기본 조례 제8조(위원회 구성)"
    assert unit_citation(doc, doc.find("art_8__para_1")) == "파주시 인공지능 기본 조례 제8조제1항"
    assert unit_citation(doc, doc.find("suppl")).startswith("파주시 인공지능 기본 조례 부칙(2025. 9. 30.")


def test_unknown_units_and_documents_are_named_in_korean(library):
    with pytest.raises(SelectionError) as err:
        collect(library, [(PAJU, "art_8"), (PAJU, "art_99"), ("nowhere", "art_1")])
    message = str(err.value)
    assert "paju-ai-basic#art_99" in message and "nowhere" in message and "없는 단위" in message
    # lenient mode (search results, tree) skips them
    assert eids(collect(library, [(PAJU, "art_99"), (PAJU, "art_8")], strict=False)) == [(PAJU, ["art_8"])]


def test_empty_selection_is_an_error(library):
    with pytest.raises(SelectionError, match="인쇄할 조문이 없습니다"):
        collect(library, [])
    with pytest.raises(SelectionError):
        collect(library, [(PAJU, "art_99")], strict=False)


def test_sources_search_hits_and_current_unit(library):
    hits = [SimpleNamespace(doc_id=PAJU, eid="art_9__para_1"), SimpleNamespace(doc_id=PAJU, eid="art_3"),
            SimpleNamespace(doc_id=PAJU, eid="art_9")]
    assert eids(collect(library, refs_from_hits(hits))) == [(PAJU, ["art_3", "art_9"])]
    assert current_ref(library, PAJU, "art_8__para_5__item_1") == [(PAJU, "art_8")]
    assert current_ref(library, PAJU, None) == [(PAJU, "")]
    assert current_ref(library, "nowhere", "art_1") == []


class FakeStore:
    """Shaped like AnnotationStore.list(): only what the adapter reads."""

    def __init__(self, items):
        self.items = items

    def list(self):
        return self.items


def ann(kind, eid, start=None, end=None, exact="", note="", color=None, orphan=False, doc=PAJU):
    anchor = SimpleNamespace(doc_id=doc, eid=eid, start=start, end=end, exact=exact)
    colour = SimpleNamespace(value=color) if color else None
    return SimpleNamespace(kind=SimpleNamespace(value=kind), anchor=anchor, color=colour, note=note, is_orphan=orphan)


def test_snapshot_adapter_reads_highlights_notes_and_bookmarks(library):
    text = library.get(PAJU).find("art_8__para_1").text
    start = text.index("15명")
    store = FakeStore([
        ann("highlight", "art_8__para_1", start, start + 3, "15명", color="green"),
        ann("highlight", "art_8__para_1", 0, 3, "엉뚱한", color="pink"),  # stale quote: skipped
        ann("note", "art_8__para_1", note="성비 기준 검토"),
        ann("bookmark", "art_10"),
        ann("bookmark", "art_3", orphan=True),
    ])
    snap = snapshot(store)
    assert snap.bookmarks == [(PAJU, "art_10")]
    decorations = snap.decorations(PAJU, {"art_8__para_1": text})
    assert [(d.start, d.end, d.kind) for d in decorations["art_8__para_1"]] == [(start, start + 3, "green")]
    assert snap.notes_for(PAJU) == {"art_8__para_1": [PrintNote("성비 기준 검토")]}
    assert not print_annotations.EMPTY


def test_load_from_a_folder_without_a_store_creates_nothing(tmp_path):
    snap, warning = print_annotations.load(tmp_path / "nothing-here")
    assert not snap and warning == ""
    assert not (tmp_path / "nothing-here").exists()


def test_compose_boxes_notes_and_marks_highlights(library):
    text = library.get(PAJU).find("art_8__para_1").text
    start = text.index("15명")
    snap = AnnotationSnapshot(
        highlights={(PAJU, "art_8__para_1"): [(start, start + 3, "yellow", "15명")]},
        notes={(PAJU, "art_8__para_1"): [PrintNote("성비 <검토>")], (PAJU, "art_9"): [PrintNote("다른 조")]},
    )
    job = compose(collect(library, [(PAJU, "art_8")]), PrintOptions(), snap, date(2026, 5, 1))
    assert job.titles == ["파주시 인공지능 기본 조례"] and job.numbers == ["조례 제2297호"]
    assert job.date_text == "2026. 5. 1." and job.headings == 1
    assert "<b>파주시 인공지능 기본 조례 제8조(위원회 구성)</b>" in job.html
    assert re.search(r'background-color:#[0-9a-f]{6}">15명</span>', job.html)
    assert "성비 &lt;검토&gt;" in job.html and "다른 조" not in job.html
    plain = compose(collect(library, [(PAJU, "art_8")]), PrintOptions(highlights=False, notes=False), snap)
    assert "15명</span>" not in plain.html and "성비" not in plain.html


def test_compose_footnotes_are_numbered_across_units(library):
    snap = AnnotationSnapshot(notes={
        (PAJU, "art_8__para_1"): [PrintNote("첫째")],
        (PAJU, "art_10"): [PrintNote("둘째", quote="위원장")],
    })
    job = compose(collect(library, [(PAJU, "art_10"), (PAJU, "art_8")]),
                  PrintOptions(note_style="footnote"), snap)
    assert job.html.index("1) 첫째") < job.html.index("2) “위원장” — 둘째")
    if "markers" in RenderOptions.__dataclass_fields__:
        assert "¹⁾" in job.html and "²⁾" in job.html
    assert superscript(12) == "¹²⁾"


def test_compose_can_leave_tables_out(library):
    refs = [(REPORT, "cmp")]
    assert "<table border=\"1\"" in compose(collect(library, refs)).html
    assert "(표 생략)" in compose(collect(library, refs), PrintOptions(tables=False)).html


class DictSettings(dict):
    def value(self, key, default=None):
        return self.get(key, default)

    def set_value(self, key, value):
        self[key] = value


def test_options_round_trip_and_survive_bad_values():
    settings = DictSettings()
    PrintOptions(notes=False, note_style="footnote", tables=False, landscape=True, font_size=12,
                 scope="results").save(settings)
    assert PrintOptions.load(settings) == PrintOptions(
        notes=False, note_style="footnote", tables=False, landscape=True, font_size=12.0, scope="results")
    ini_like = DictSettings({"print/notes": "false", "print/highlights": "true", "print/paper": "A0",
                             "print/note_style": "??", "print/font_size": "huge"})
    loaded = PrintOptions.load(ini_like)
    assert loaded.notes is False and loaded.highlights is True
    assert (loaded.paper, loaded.note_style, loaded.font_size) == ("A4", "box", 10.5)


def test_korean_dates():
    assert korean_date("2025-09-30") == "2025. 9. 30."
    assert korean_date(date(2026, 1, 2)) == "2026. 1. 2."
    assert korean_date("2025년") == "2025년"


def test_selection_options_and_cli_modules_import_no_qt():
    import subprocess
    import sys

    from tests.conftest import ROOT

    probe = (
        "import sys\n"
        "import desktop.printing.selection, desktop.printing.annotations, desktop.printing.compose\n"
        "import desktop.printing.export, desktop.printing.commands\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]", out
