"""Annotations as a user makes them in the window: highlight, note, bookmark, undo, panel, search."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtTest import QTest

from desktop.annotations.store import AnnotationStore
from desktop.ui.annotation_actions import AnnotationUi
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import Settings


@pytest.fixture
def store(tmp_path):
    s = AnnotationStore(tmp_path / "data")
    yield s
    s.close()


@pytest.fixture
def window(qtbot, library, store, tmp_path):
    win = MainWindow(Settings(tmp_path / "settings.ini"))
    qtbot.addWidget(win)
    win.annotation_ui = AnnotationUi(win)
    win.set_library(library)
    win.annotation_ui.attach_store(store)
    win.show()
    yield win
    win.shutdown()


def select(window, needle: str) -> None:
    browser = window.reader.browser
    found = browser.document().find(needle, 0, QTextDocument.FindFlag.FindCaseSensitively)
    assert not found.isNull(), needle
    browser.setTextCursor(found)


def search_in_window(qtbot, window, library, tmp_path, query: str) -> list:
    """Build an index of the library, search ``query`` in the window's panel, return the hits shown."""
    from desktop.search.engine import SearchEngine
    from desktop.search.indexer import build_index

    build_index(list(library), tmp_path / "idx")
    engine = SearchEngine.open(tmp_path / "idx", library)
    window.set_engine(engine)
    with qtbot.waitSignal(window.search.resultsShown, timeout=5000):
        window.search.set_query(query)
    window.search.shutdown()
    engine.close()
    return window.search.hits


def test_highlight_selection_undo_redo(qtbot, window, store):
    window.navigate("paju-ai-basic", "art_8")
    select(window, "15명 이내의 위원")
    window.annotation_ui.highlight_actions[2].trigger()  # 파랑
    [ann] = store.list()
    assert (ann.anchor.eid, ann.anchor.exact, ann.color.value) == ("art_8__para_1", "15명 이내의 위원", "blue")
    assert "#81d4fa" in window.reader.browser.toHtml()
    marked = window.tree.model.index_for("paju-ai-basic", "art_8__para_1")
    assert marked.data().startswith("✎")
    window.annotation_ui.undo_action.trigger()
    assert store.list() == [] and "#81d4fa" not in window.reader.browser.toHtml()
    window.annotation_ui.redo_action.trigger()
    assert [a.id for a in store.list()] == [ann.id]


def test_selection_across_units_is_refused(qtbot, window, store):
    window.navigate("paju-ai-basic", "art_8")
    browser = window.reader.browser
    cursor = browser.document().find("위원장과 부위원장")
    end = browser.document().find("부시장이 되고")
    cursor.setPosition(end.selectionEnd(), QTextCursor.MoveMode.KeepAnchor)
    browser.setTextCursor(cursor)
    window.annotation_ui.highlight_actions[0].trigger()
    assert store.list() == []
    assert "한 항·호 안에서" in window.statusBar().currentMessage()


def test_note_text_is_shown_literally(qtbot, window, store, library):
    doc = library.get("paju-ai-basic")
    store.add_note(doc, "art_8", "<b>굵게</b> <script>alert(1)</script> 예산 확인")
    window.annotation_ui.ctl.changed.emit()
    window.navigate("paju-ai-basic", "art_8")
    plain = window.reader.browser.toPlainText()
    assert "<b>굵게</b> <script>alert(1)</script> 예산 확인" in plain
    panel_text = window.annotation_ui.panel.tree.topLevelItem(0).child(0).text(0)
    assert "<script>" in panel_text


def test_bookmark_from_tree_and_toggle(qtbot, window, store):
    window.navigate("yeosu-ai-society", "art_10")
    window.annotation_ui.bookmark_action.trigger()
    [ann] = store.list()
    assert ann.kind.value == "bookmark" and ann.anchor.eid == "art_10"
    assert "★" in window.reader.browser.toPlainText()
    window.annotation_ui.bookmark_action.trigger()
    assert store.list() == []


def test_panel_filters_jumps_and_lists_orphans(qtbot, window, store, library):
    paju = library.get("paju-ai-basic")
    store.add_highlight(paju, "art_8__para_1", 0, 3, "green", tags=["예산"])
    store.add_highlight(paju, "art_5__para_1", 0, 3, "pink")
    store.add_note(library.get("yeosu-ai-society"), "art_2", "정의 조항 다시 보기")
    window.annotation_ui.ctl.changed.emit()
    panel = window.annotation_ui.panel
    assert panel.tree.topLevelItemCount() == 2  # two documents
    panel.colour_filter.setCurrentIndex(panel.colour_filter.findData("green"))
    assert panel.tree.topLevelItemCount() == 1 and panel.tree.topLevelItem(0).childCount() == 1
    item = panel.tree.topLevelItem(0).child(0)
    with qtbot.waitSignal(window.locationShown, timeout=2000) as shown:
        panel.tree.itemActivated.emit(item, 0)
    assert shown.args == ["paju-ai-basic", "art_8__para_1"]
    panel.colour_filter.setCurrentIndex(0)
    panel.text_filter.setText("다시 보기")
    assert panel.tree.topLevelItemCount() == 1


def test_delete_from_panel_and_undo(qtbot, window, store, library):
    ann = store.add_highlight(library.get("anyang-ai-basic"), "art_7", 0, 2)
    window.annotation_ui.ctl.changed.emit()
    window.annotation_ui.panel.deleteRequested.emit(ann.id)
    assert store.get(ann.id) is None
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    window.reader.browser.setFocus()
    QTest.keyClick(window.reader.browser, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Z
    assert store.get(ann.id) is not None


def test_note_hits_in_search(qtbot, window, store, library, tmp_path):
    store.add_note(library.get("paju-ai-basic"), "art_10__para_3", "정족수 문제 질의할 것")
    top = search_in_window(qtbot, window, library, tmp_path, "정족수")[0]
    assert top.kind == "note" and (top.doc_id, top.eid) == ("paju-ai-basic", "art_10__para_3")
    assert "[메모]" in window.search._hit_html(top)


def test_export_and_import_round_trip(qtbot, window, store, library, tmp_path):
    store.add_highlight(library.get("paju-ai-basic"), "art_8__para_1", 0, 3, "yellow")
    out = tmp_path / "notes.json"
    assert window.annotation_ui.export_to(out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["type"] == "AnnotationCollection" and len(data["items"] if "items" in data else data["first"]["items"]) == 1
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    before = [a.id for a in store.list()]
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.warning = staticmethod(lambda *a, **k: None)  # no modal box in tests
    message = window.annotation_ui.import_from(bad)
    assert message and [a.id for a in store.list()] == before


def test_corrupt_store_is_reported_and_backup_offered(qtbot, library, tmp_path):
    data = tmp_path / "data"
    first = AnnotationStore(data)
    first.add_note(library.get("paju-ai-basic"), "art_8", "백업될 메모")
    first.backup_now()
    first.close()
    (data / "annotations.sqlite3").write_bytes(b"this is not a database" * 100)
    store = AnnotationStore(data)
    assert store.recovery is not None
    win = MainWindow(Settings(tmp_path / "s.ini"))
    qtbot.addWidget(win)
    win.annotation_ui = AnnotationUi(win)
    win.set_library(library)
    win.annotation_ui.attach_store(store)
    box = win.annotation_ui.recovery_box
    assert "메모" in box.text()
    restore = next(b for b in box.buttons() if b.text() == "최근 자동 백업에서 복원")
    restore.click()
    assert any(a.note == "백업될 메모" for a in store.list())
    assert list(data.glob("*.corrupt"))  # the bad file was moved aside, not deleted
    win.shutdown()
    store.close()


def test_second_instance_writes_show_up(qtbot, window, store, library, tmp_path):
    other = AnnotationStore(store.data_dir)
    other.add_note(library.get("anyang-ai-basic"), "art_3", "다른 창에서 쓴 메모")
    panel = window.annotation_ui.panel

    def listed() -> bool:
        return any(
            "다른 창에서 쓴 메모" in panel.tree.topLevelItem(i).child(j).text(0)
            for i in range(panel.tree.topLevelItemCount())
            for j in range(panel.tree.topLevelItem(i).childCount())
        )

    qtbot.waitUntil(listed, timeout=5000)
    other.close()


def test_citation_jump_stays_before_note_hits(qtbot, window, store, library, tmp_path):
    store.add_note(library.get("paju-ai-basic"), "art_3", "파주 8조 관련 질의 준비")
    hits = search_in_window(qtbot, window, library, tmp_path, "파주 8조")
    kinds = [(h.kind, h.eid) for h in hits[:2]]
    assert kinds[0] == ("citation", "art_8") and kinds[1] == ("note", "art_3")
