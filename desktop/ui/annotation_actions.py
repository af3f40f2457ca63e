"""Installs annotations into the main window: actions, context menus, the 메모 dock, undo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from desktop.ui.annotations_controller import AnnotationsController
from desktop.ui.annotations_panel import COLOURS, AnnotationsPanel, NoteDialog


class AnnotationUi:
    """Everything annotation-related the window shows; ``window.annotations`` is the controller."""

    def __init__(self, window) -> None:
        self.window = window
        self.ctl = AnnotationsController(None, window)
        self.panel = AnnotationsPanel(window)
        self.dock = window._dock("메모", "annotationsDock", self.panel, Qt.DockWidgetArea.RightDockWidgetArea)
        window.tabifyDockWidget(window.search_dock, self.dock)
        window.search_dock.raise_()
        window.view_menu.addAction(self.dock.toggleViewAction())
        self._actions()
        self._connect()

    def attach_store(self, store) -> None:
        """The store is open (off the GUI thread): start using it."""
        self.ctl.set_store(store)
        self.window.annotations = self.ctl
        self.window.search.worker.notes = lambda: (list(store.iter_note_texts()), self.window.library)
        if self.window.library is not None:  # documents came first: mark and repaint once
            self.set_library(self.window.library)
            self.window.refresh_reader()
        self._show_recovery(store)

    def store_failed(self, message: str) -> None:
        """The store cannot be opened: reading works, annotating is off, the user is told why."""
        for action in [*self.highlight_actions, self.highlight_button_action, self.note_action,
                       self.bookmark_action, self.import_action]:
            action.setEnabled(False)
        self.window.statusBar().showMessage(message, 0)
        QMessageBox.warning(self.window, "메모를 사용할 수 없습니다", message)

    # -- assembly ----------------------------------------------------------
    def _actions(self) -> None:
        w = self.window
        menu = w.menuBar().addMenu("메모(&M)")
        self.menu = menu
        self.highlight_actions: list[QAction] = []
        for i, (key, name) in enumerate(COLOURS):
            action = QAction(f"형광펜 — {name}", w)
            if i == 0:
                action.setShortcut(QKeySequence("Ctrl+H"))
            action.triggered.connect(lambda _c=False, k=key: self.highlight_selection(k))
            w.addAction(action)
            self.highlight_actions.append(action)
        highlight_menu = menu.addMenu("형광펜")
        highlight_menu.addActions(self.highlight_actions)
        self.note_action = w._action("메모 달기…", self.note_selection, "Ctrl+M")
        self.bookmark_action = w._action("책갈피 꽂기/빼기", lambda: self.toggle_bookmark(), "Ctrl+B")
        self.undo_action = self.ctl.undo_stack.createUndoAction(w, "실행 취소")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.ctl.undo_stack.createRedoAction(w, "다시 실행")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        w.addActions([self.undo_action, self.redo_action])
        self.export_action = w._action("메모 내보내기…", self.export)
        self.import_action = w._action("메모 가져오기…", self.import_)
        menu.addActions([self.note_action, self.bookmark_action])
        menu.addSeparator()
        menu.addActions([self.undo_action, self.redo_action])
        menu.addSeparator()
        menu.addActions([self.export_action, self.import_action])
        self.highlight_button_action = QAction("형광펜", w)
        self.highlight_button_action.setToolTip("선택한 글에 형광펜 (Ctrl+H; 색은 ▾)")
        self.highlight_button_action.triggered.connect(lambda: self.highlight_selection("yellow"))
        self.highlight_button_action.setMenu(highlight_menu)
        w.toolbar.addSeparator()
        w.toolbar.addActions([self.highlight_button_action, self.note_action, self.bookmark_action])
        w.edit_menu.insertActions(w.edit_menu.actions()[0] if w.edit_menu.actions() else None,
                                  [self.undo_action, self.redo_action])

    def _connect(self) -> None:
        w = self.window
        self.ctl.changed.connect(self.refresh)
        self.ctl.failed.connect(lambda msg: w.statusBar().showMessage(msg, 10000))
        self.panel.unitRequested.connect(lambda d, e: w.navigate(d, e))
        self.panel.editRequested.connect(self.edit)
        self.panel.deleteRequested.connect(self.ctl.delete)
        self.panel.exportRequested.connect(self.export)
        self.panel.importRequested.connect(self.import_)
        browser = w.reader.browser
        browser.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        browser.customContextMenuRequested.connect(self._reader_menu)
        view = w.tree.view
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._tree_menu)
        w.reader.noteClicked.connect(self.edit)

    def _show_recovery(self, store) -> None:
        recovery = getattr(store, "recovery", None)
        if recovery is None:
            return
        box = QMessageBox(QMessageBox.Icon.Warning, "메모 저장소 복구", recovery.message, parent=self.window)
        restore = None
        if recovery.backup is not None:
            restore = box.addButton("최근 자동 백업에서 복원", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("그대로 계속", QMessageBox.ButtonRole.RejectRole)
        box.setModal(True)
        self.recovery_box = box
        box.buttonClicked.connect(lambda b: self._restore() if b is restore else None)
        box.open()

    def _restore(self) -> None:
        try:
            count = self.ctl.store.restore_backup()
        except Exception as exc:
            QMessageBox.warning(self.window, "복원 실패", f"백업에서 복원하지 못했습니다: {exc}")
            return
        self.window.statusBar().showMessage(f"백업에서 메모 {count}개를 되살렸습니다.", 10000)
        self.refresh()

    # -- library -----------------------------------------------------------
    def set_library(self, library) -> None:
        """Documents are known: fill the list and the tree marks (the window draws the reader)."""
        if self.ctl.store is None:
            return
        self.ctl.library = library
        self.panel.set_sources(self.ctl.store, library)
        self.window.tree.model.set_marked(self.ctl.marked_units())

    def refresh(self) -> None:
        """Repaint the reader, the tree marks and the list after any change."""
        w = self.window
        self.panel.refresh()
        w.tree.model.set_marked(self.ctl.marked_units())
        w.refresh_reader()

    # -- making ------------------------------------------------------------
    def _where(self):
        w = self.window
        if w.reader.doc is None or self.ctl.store is None:
            return None
        return w.reader.doc.id, w.reader.selection_anchor()

    def highlight_selection(self, colour: str) -> None:
        where = self._where()
        if where is None or where[1] is None:
            self.window.statusBar().showMessage("형광펜을 칠할 글자를 한 항·호 안에서 선택해 주세요.", 6000)
            return
        doc_id, (eid, start, end) = where
        self.ctl.highlight(doc_id, eid, start, end, colour)

    def note_selection(self) -> None:
        w = self.window
        where = self._where()
        if where is None:
            return
        doc_id, selection = where
        if selection is None:  # no selection: a note on the unit shown
            eid = w.reader.focus_eid or (w.reader.unit.eid if w.reader.unit else None)
            if eid:
                self.note_unit(doc_id, eid)
            return
        eid, start, end = selection
        quote = w.reader.doc.find(eid).text[start:end]
        dialog = NoteDialog(w, title="메모 달기", quote=quote, show_colour=False)
        if dialog.exec():
            values = dialog.values()
            ann = self.ctl.note(doc_id, eid, values["note"], start, end)
            if ann is not None and values["tags"]:
                self.ctl.edit(ann.id, tags=values["tags"])

    def note_unit(self, doc_id: str, eid: str) -> None:
        dialog = NoteDialog(self.window, title=f"메모 — {self.window.library.get(doc_id).citation(eid)}", show_colour=False)
        if dialog.exec():
            values = dialog.values()
            ann = self.ctl.note(doc_id, eid, values["note"])
            if ann is not None and values["tags"]:
                self.ctl.edit(ann.id, tags=values["tags"])

    def toggle_bookmark(self, doc_id: str | None = None, eid: str | None = None) -> None:
        w = self.window
        if self.ctl.store is None:
            return
        if doc_id is None:
            if w.reader.doc is None or w.reader.unit is None:
                return
            doc_id, eid = w.reader.doc.id, w.reader.focus_eid or w.reader.unit.eid
        existing = [a for a in self.ctl.bookmarks() if a.anchor.doc_id == doc_id and a.anchor.eid == eid]
        if existing:
            self.ctl.delete(existing[0].id)
        else:
            self.ctl.bookmark(doc_id, eid)

    def edit(self, annotation_id: str) -> None:
        ann = self.ctl.store.get(annotation_id) if self.ctl.store is not None else None
        if ann is None:
            return
        dialog = NoteDialog(self.window, title=f"{ann.kind.korean} 고치기", text=ann.note,
                            colour=ann.color.value if ann.color else None, tags=ann.tags,
                            quote=ann.anchor.exact if ann.anchor.is_range else "")
        if dialog.exec():
            self.ctl.edit(annotation_id, **dialog.values())

    # -- menus -------------------------------------------------------------
    def _reader_menu(self, pos: QPoint) -> None:
        w = self.window
        menu = w.reader.browser.createStandardContextMenu(pos)
        menu.addSeparator()
        colours = menu.addMenu("형광펜")
        colours.addActions(self.highlight_actions)
        menu.addAction(self.note_action)
        menu.addAction(self.bookmark_action)
        menu.addAction(w.copy_action)
        menu.exec(w.reader.browser.viewport().mapToGlobal(pos))

    def _tree_menu(self, pos: QPoint) -> None:
        w = self.window
        index = w.tree.view.indexAt(pos)
        if not index.isValid():
            return
        from desktop.ui.tree_model import DOC_ROLE, EID_ROLE

        doc_id, eid = index.data(DOC_ROLE), index.data(EID_ROLE)
        if not eid:
            return
        menu = QMenu(w.tree.view)
        menu.addAction("책갈피 꽂기/빼기", lambda: self.toggle_bookmark(doc_id, eid))
        menu.addAction("이 단위에 메모 달기…", lambda: self.note_unit(doc_id, eid))
        menu.exec(w.tree.view.viewport().mapToGlobal(pos))

    # -- exchange ----------------------------------------------------------
    def export(self) -> None:
        w = self.window
        path, chosen = QFileDialog.getSaveFileName(w, "메모 내보내기", str(Path.home() / "메모.json"),
                                                   "W3C 주석 JSON (*.json);;Markdown (*.md)")
        if path:
            self.export_to(Path(path), markdown=chosen.startswith("Markdown") or path.endswith(".md"))

    def export_to(self, path: Path, *, markdown: bool = False) -> bool:
        from desktop.annotations.exchange import export_json, export_markdown

        if self.ctl.store is None:
            return False
        anns = self.ctl.store.list()
        docs = list(self.window.library or [])
        text = export_markdown(anns, docs) if markdown else export_json(anns, docs)
        tmp = path.with_name(f".{path.name}.tmp")
        try:
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(path)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            QMessageBox.warning(self.window, "내보내기 실패", f"{path} 에 쓸 수 없습니다: {exc.strerror or exc}")
            return False
        self.window.statusBar().showMessage(f"메모 {len(anns)}개를 {path.name} 로 내보냈습니다.", 8000)
        return True

    def import_(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, "메모 가져오기", str(Path.home()), "W3C 주석 JSON (*.json)")
        if path:
            self.import_from(Path(path))

    def import_from(self, path: Path) -> str:
        from desktop.annotations.exchange import import_annotations

        if self.ctl.store is None:
            return ""
        try:
            report = import_annotations(self.ctl.store, path, list(self.window.library or []))
        except Exception as exc:  # ImportFailed: Korean message, nothing changed
            QMessageBox.warning(self.window, "가져오기 실패", str(exc))
            return str(exc)
        self.ctl.changed.emit()
        self.window.statusBar().showMessage(report.message, 10000)
        return report.message


def open_store(data_dir=None):
    """Open the annotation store (call off the GUI thread); raises with a Korean message."""
    from desktop.annotations.store import AnnotationStore

    return AnnotationStore(data_dir)
