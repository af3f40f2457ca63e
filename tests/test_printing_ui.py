"""Printing in the window: actions and shortcuts, the options dialog, scopes, export and preview painting."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog

from desktop.printing.compose import PrintOptions
from desktop.printing.dialog import PrintOptionsDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.print_actions import EXPORT_SHORTCUT, PREVIEW_SHORTCUT, PRINT_SHORTCUT
from desktop.ui.settings import Settings

PAJU = "paju-ai-basic"


@pytest.fixture
def window(qtbot, library, tmp_path, monkeypatch):
    monkeypatch.setenv("ORDINANCE_READER_DATA", str(tmp_path / "no-data"))
    win = MainWindow(Settings(tmp_path / "settings.ini"))
    qtbot.addWidget(win)
    win.set_library(library)
    win.navigate(PAJU, "art_8__para_5")
    yield win
    win.shutdown()


def test_actions_in_the_file_menu_with_unique_shortcuts(window):
    actions = window.print_actions
    assert actions.print_action.shortcut() == QKeySequence(PRINT_SHORTCUT)
    assert actions.preview_action.shortcut() == QKeySequence(PREVIEW_SHORTCUT)
    assert actions.export_action.shortcut() == QKeySequence(EXPORT_SHORTCUT)
    texts = [a.text() for a in window.file_menu.actions()]
    assert texts.index("인쇄…") < texts.index("끝내기")
    assert {"인쇄 미리 보기…", "PDF로 내보내기…"} <= set(texts)
    seen: dict[str, str] = {}
    for action in window.findChildren(type(actions.print_action)):
        for key in action.shortcuts():
            name = key.toString()
            assert name not in seen or seen[name] == action.text(), (name, seen.get(name), action.text())
            seen[name] = action.text()
    for taken in ("Ctrl+Shift+C", "Ctrl+F", "Ctrl+T"):
        assert seen[taken] not in ("인쇄…", "인쇄 미리 보기…", "PDF로 내보내기…")


def test_scopes_gather_current_unit_tree_selection_and_results(window, library):
    from types import SimpleNamespace

    from desktop.printing.annotations import AnnotationSnapshot

    window.tree.reveal(PAJU, "art_3")
    window.search.hits = [SimpleNamespace(doc_id=PAJU, eid="art_10"), SimpleNamespace(doc_id=PAJU, eid="art_2")]
    snap = AnnotationSnapshot(bookmarks=[(PAJU, "art_12")])
    scopes = window.print_actions.scopes(snap)
    assert scopes["current"] == [(PAJU, "art_8")]
    assert scopes["selection"] == [(PAJU, "art_3")]
    assert scopes["results"] == [(PAJU, "art_10"), (PAJU, "art_2")]
    assert scopes["bookmarks"] == [(PAJU, "art_12")]
    described = window.print_actions._describe(scopes)
    assert described["current"] == ("파주시 인공지능 기본 조례 제8조(위원회 구성)", 1)
    assert described["results"] == ("2개 단위", 2)


def test_options_dialog_shows_and_returns_options(qtbot):
    scopes = {"current": ("제8조", 1), "selection": ("", 0), "results": ("3개 단위", 3), "bookmarks": ("없음", 0)}
    chosen = PrintOptions(notes=False, note_style="footnote", tables=False, landscape=True, scope="bookmarks")
    dialog = PrintOptionsDialog(chosen, scopes, "인쇄")
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "인쇄 설정"
    assert not dialog.scope_buttons["bookmarks"].isEnabled()
    assert dialog.scope_buttons["current"].isChecked()  # bookmarks unavailable → first available
    assert not dialog.note_style.isEnabled()
    dialog.scope_buttons["results"].setChecked(True)
    dialog.notes.setChecked(True)
    assert dialog.note_style.isEnabled()
    got = dialog.options()
    assert (got.scope, got.notes, got.note_style, got.tables, got.landscape) == ("results", True, "footnote", False, True)


def test_options_are_remembered_in_the_window_settings(window):
    PrintOptions(tables=False, note_style="footnote", scope="results").save(window.settings)
    window.settings.sync()
    again = Settings(window.settings.path)
    loaded = PrintOptions.load(again)
    assert (loaded.tables, loaded.note_style, loaded.scope) == (False, "footnote", "results")


def test_export_from_the_window_writes_a_pdf(window, tmp_path, monkeypatch):
    target = tmp_path / "out" / "발췌.pdf"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target.with_suffix("")), "")))
    ok = window.print_actions.output("export", [(PAJU, "art_8"), (PAJU, "art_3")], PrintOptions(), None)
    assert ok and target.exists() and target.read_bytes().startswith(b"%PDF")
    assert window.settings.value("print/folder") == str(target.parent)
    if shutil.which("pdftotext"):
        body = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True).stdout
        assert "파주시 인공지능 기본 조례 제8조(위원회 구성)" in body


def test_preview_paints_on_a_printer(qtbot, library, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    from desktop.printing.compose import compose
    from desktop.printing.dialog import _printer
    from desktop.printing.pages import paint
    from desktop.printing.selection import collect

    options = PrintOptions(landscape=True)
    printer = _printer(options)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printer.pdf"))
    job = compose(collect(library, [(PAJU, "")]), options)
    assert paint(job, printer, options) >= 5
    assert (tmp_path / "printer.pdf").stat().st_size > 10_000
