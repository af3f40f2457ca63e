"""The window as a user drives it: tree, search-as-you-type, links, history, zoom, settings."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt, QUrl
from PySide6.QtGui import QKeyEvent, QTextDocument
from PySide6.QtTest import QAbstractItemModelTester, QTest

from desktop.ui.main_window import MainWindow
from desktop.ui.settings import Settings
from desktop.ui.tree_model import DOC_ROLE, EID_ROLE, DocumentTreeModel


@pytest.fixture(scope="session")
def engine(library, tmp_path_factory):
    from desktop.search.engine import SearchEngine
    from desktop.search.indexer import build_index

    folder = tmp_path_factory.mktemp("index") / "index"
    build_index(list(library), folder)
    engine = SearchEngine.open(folder, library)
    yield engine
    engine.close()


@pytest.fixture
def window(qtbot, library, engine, tmp_path):
    win = MainWindow(Settings(tmp_path / "settings.ini"))
    qtbot.addWidget(win)
    win.set_library(library)
    win.set_engine(engine)
    win.show()
    yield win
    win.shutdown()


def type_text(widget, text: str) -> None:
    """Send text as key events carrying the text (keyClicks aborts on Hangul)."""
    for ch in text:
        QTest.qWait(0)
        press = QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, ch)
        widget.event(press)


def key(widget, k) -> None:
    QTest.keyClick(widget, k)


def test_tree_model_is_consistent(qtbot, library):
    model = DocumentTreeModel()
    model.set_documents(list(library))
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    paju = model.index_for("paju-ai-basic")
    assert paju.data() == "파주시 인공지능 기본 조례"
    art8 = model.index_for("paju-ai-basic", "art_8")
    assert art8.data() == "제8조(위원회 구성)" and art8.data(EID_ROLE) == "art_8"
    assert model.rowCount(art8) == 5
    para2 = model.index(1, 0, art8)
    assert para2.data().startswith("② ") and para2.data(DOC_ROLE) == "paju-ai-basic"
    item = model.index_for("paju-ai-basic", "art_8__para_5__item_1")
    assert item.data().startswith("1. ") and item.parent() == model.index(4, 0, art8)


def test_tree_click_opens_unit_and_reveals(qtbot, window):
    index = window.tree.model.index_for("yeosu-ai-society", "art_10")
    window.tree.view.scrollTo(index)
    with qtbot.waitSignal(window.locationShown, timeout=3000) as blocker:
        rect = window.tree.view.visualRect(index)
        QTest.mouseClick(window.tree.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == ["yeosu-ai-society", "art_10"]
    assert "제10조(위원회의 운영)" in window.reader.browser.toPlainText()
    assert "여수시 인공지능사회 구현 기본 조례 › 제10조(위원회의 운영)" == window.reader.breadcrumb.text()


def test_type_query_enter_opens_unit_with_highlights(qtbot, window):
    window.search_focus()
    box = window.search.box
    with qtbot.waitSignal(window.search.resultsShown, timeout=5000) as shown:
        type_text(box, "위원회 구성")
    assert shown.args[1] > 0
    first = window.search.hits[0]
    with qtbot.waitSignal(window.locationShown, timeout=3000) as opened:
        key(box, Qt.Key.Key_Return)
    assert opened.args == [first.doc_id, first.eid]
    html = window.reader.browser.toHtml()
    assert "#ffe066" in html  # matched terms are painted
    assert window.reader.doc.id == first.doc_id


def test_arrow_keys_move_through_results(qtbot, window):
    with qtbot.waitSignal(window.search.resultsShown, timeout=5000):
        window.search.set_query("포상")
    hits = window.search.hits
    assert len(hits) >= 3
    key(window.search.box, Qt.Key.Key_Down)
    with qtbot.waitSignal(window.locationShown, timeout=3000) as opened:
        key(window.search.box, Qt.Key.Key_Enter)
    assert opened.args == [hits[1].doc_id, hits[1].eid]
    key(window.search.box, Qt.Key.Key_Escape)
    assert window.search.box.text() == "" and window.search.results.topLevelItemCount() == 0


def test_citation_query_jumps(qtbot, window):
    with qtbot.waitSignal(window.search.resultsShown, timeout=5000):
        window.search.set_query("파주 8조")
    top = window.search.hits[0]
    assert (top.doc_id, top.eid) == ("paju-ai-basic", "art_8")
    with qtbot.waitSignal(window.locationShown, timeout=3000):
        key(window.search.box, Qt.Key.Key_Return)
    assert window.reader.unit.eid == "art_8"


def _click_text(qtbot, browser, needle: str) -> None:
    found = browser.document().find(needle, 0, QTextDocument.FindFlag.FindCaseSensitively)
    assert not found.isNull(), needle
    found.setPosition(found.selectionStart() + 1)
    rect = browser.cursorRect(found)
    point = QPoint(rect.center().x() + 2, rect.center().y())
    QTest.mouseClick(browser.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_reference_link_click_and_back_forward(qtbot, window):
    window.navigate("paju-ai-basic", "art_6")
    html = window.reader.browser.toHtml()
    assert "unit:paju-ai-basic#art_6__para_1" in html  # "제1항의 전담조직" is a link
    with qtbot.waitSignal(window.locationShown, timeout=3000) as opened:
        _click_text(qtbot, window.reader.browser, "제1항")
    assert opened.args == ["paju-ai-basic", "art_6__para_1"]
    window.navigate("paju-ai-basic", "art_12")
    assert window.back_action.isEnabled()
    window.back_action.trigger()
    assert window.history.current.eid == "art_6__para_1"
    window.back_action.trigger()
    assert window.history.current.eid == "art_6"
    assert window.forward_action.isEnabled()
    QTest.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.history.current.eid == "art_6__para_1"


def test_external_law_is_not_a_same_document_link(qtbot, window):
    window.navigate("yeosu-ai-society", "art_2__item_5")
    assert "unit:yeosu-ai-society#art_2__item_4" not in window.reader.browser.toHtml()


def test_prev_next_article(qtbot, window):
    window.navigate("anyang-ai-basic", "art_2")
    window.next_action.trigger()
    assert window.reader.unit.eid == "art_3"
    window.prev_action.trigger()
    window.prev_action.trigger()
    assert window.reader.unit.eid == "art_1"
    assert not window.reader.prev_button.isEnabled()


def test_zoom_persists_across_restart(qtbot, library, engine, tmp_path):
    path = tmp_path / "s.ini"
    first = MainWindow(Settings(path))
    qtbot.addWidget(first)
    first.restore_state()
    first.set_library(library)
    first.navigate("paju-ai-basic", "art_8")
    first.show()
    qtbot.waitExposed(first)
    first.activateWindow()
    qtbot.waitUntil(first.isActiveWindow, timeout=2000)
    first.reader.browser.setFocus()
    size0 = first.reader.browser.document().defaultFont().pointSizeF()
    QTest.keyClick(first.reader.browser, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(first.reader.browser, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert first.reader.zoom == 2
    assert first.reader.browser.document().defaultFont().pointSizeF() > size0
    first.close()
    second = MainWindow(Settings(path))
    qtbot.addWidget(second)
    second.restore_state()
    second.set_library(library)
    assert second.reader.zoom == 2
    assert second.history.current.eid == "art_8"  # the last opened unit comes back
    second.shutdown()


def test_corrupt_settings_fall_back_to_defaults(qtbot, library, tmp_path):
    path = tmp_path / "bad.ini"
    path.write_bytes(b"\x00\xff[window]\ngeometry=@ByteArray(garbage\nzoom=lots\n[reader]\nzoom=abc\nlast=nope#x\n")
    win = MainWindow(Settings(path))
    qtbot.addWidget(win)
    win.restore_state()
    win.set_library(library)
    win.show()
    assert win.reader.zoom == 0
    assert win.reader.doc is not None  # opened the first document instead of the unknown one
    win.shutdown()


def test_copy_with_citation(qtbot, window):
    window.navigate("paju-ai-basic", "art_8__para_2")
    text = window.reader.copy_with_citation()
    assert text.endswith("— 파주시 인공지능 기본 조례 제8조제2항")
    assert "부위원장은 위원 중에서 호선한다" in text
    from PySide6.QtGui import QGuiApplication

    assert QGuiApplication.clipboard().text() == text


def test_unit_link_url_for_unknown_unit_changes_nothing(qtbot, window):
    window.navigate("paju-ai-basic", "art_8")
    window.reader.browser.anchorClicked.emit(QUrl("unit:paju-ai-basic#art_99"))
    assert window.reader.unit.eid == "art_8"


def test_snippet_markup_is_escaped():
    from desktop.ui.search_panel import snippet_html

    out = snippet_html("<script>x</script> «위원회» 구성")
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert '<b style="background-color:#ffe066">위원회</b>' in out


def test_copy_cites_the_unit_the_selection_is_in(qtbot, window):
    window.navigate("paju-ai-basic", "art_8__para_5__item_2")
    browser = window.reader.browser
    found = browser.document().find("15명 이내의 위원")  # in ①, not in the focused 호
    browser.setTextCursor(found)
    text = window.reader.copy_with_citation()
    assert text == "15명 이내의 위원\n— 파주시 인공지능 기본 조례 제8조제1항"


def test_enter_in_empty_box_opens_nothing_later(qtbot, window):
    window.navigate("anyang-ai-basic", "art_1")
    key(window.search.box, Qt.Key.Key_Return)  # nothing typed yet
    with qtbot.waitSignal(window.search.resultsShown, timeout=5000):
        window.search.set_query("위원회")
    qtbot.wait(50)
    assert (window.reader.doc.id, window.reader.unit.eid) == ("anyang-ai-basic", "art_1")


def test_ctrl_click_keeps_a_multi_selection_in_the_tree(qtbot, window):
    view = window.tree.view
    first = window.tree.model.index_for("paju-ai-basic", "art_5")
    second = window.tree.model.index_for("paju-ai-basic", "art_8")
    view.scrollTo(first)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(first).center())
    view.scrollTo(second)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier,
                     view.visualRect(second).center())
    assert window.tree.selected_units() == [("paju-ai-basic", "art_5"), ("paju-ai-basic", "art_8")]


def test_unknown_start_location_shows_the_document(qtbot, library, tmp_path):
    win = MainWindow(Settings(tmp_path / "s.ini"))
    qtbot.addWidget(win)
    from desktop.core.navigation import Location

    win.open_location(Location("paju-ai-basic", "art_99"))
    win.set_library(library)
    assert win.reader.doc is not None and win.reader.doc.id == "paju-ai-basic"
    assert "문서를 불러오는 중" not in win.reader.browser.toPlainText()
    win.shutdown()


def test_other_law_citation_has_a_tooltip(qtbot, window):
    window.navigate("yeosu-ai-society", "art_9")
    browser = window.reader.browser
    found = browser.document().find("여수시 각종 위원회")
    rect = browser.cursorRect(found)
    assert "「여수시 각종 위원회 구성 및 운영 조례」" in (window.reader.note_at(rect.center()) or "")
