"""The main window: assembles the panels and connects their signals; nothing more."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QToolBar

from desktop.core.navigation import History, Location
from desktop.ui.settings import Settings


class MainWindow(QMainWindow):
    """조례 열람기's window.  ``ready`` fires once documents and search are usable."""

    ready = Signal()
    locationShown = Signal(str, str)  # doc_id, eid

    def __init__(self, settings: Settings, parent=None, *, deferred: bool = False) -> None:
        """Build the window; with ``deferred`` only the frame, :meth:`build_ui` adds the panels later."""
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle("조례 열람기")
        self.settings = settings
        self.library = None
        self.engine = None
        self.history = History()
        self.annotations = None  # AnnotationsController, set by annotation_actions.install
        self.annotation_ui = None
        self._query = ""
        self._pending_location: Location | None = None
        self.built = False
        self.resize(1280, 820)
        if not deferred:
            self.build_ui()

    def build_ui(self) -> None:
        """Create the panels, docks, menus and actions (after the first paint when started by the app)."""
        if self.built:
            return
        from desktop.ui.reader_panel import ReaderPanel
        from desktop.ui.search_panel import SearchPanel
        from desktop.ui.tree_panel import TreePanel

        self.built = True
        self.reader = ReaderPanel(self)
        self.setCentralWidget(self.reader)
        self.tree = TreePanel(self)
        self.search = SearchPanel(self)
        self.tree_dock = self._dock("목차", "treeDock", self.tree, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.search_dock = self._dock("검색", "searchDock", self.search, Qt.DockWidgetArea.RightDockWidgetArea)
        self._build_actions()
        self._connect()
        self.resizeDocks([self.tree_dock, self.search_dock], [300, 380], Qt.Orientation.Horizontal)

    # -- assembly ----------------------------------------------------------
    def _dock(self, title: str, name: str, widget, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable | QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        return dock

    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            shortcuts = shortcut if isinstance(shortcut, list) else [shortcut]
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.setToolTip(f"{tip or text} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
                          if shortcut is not None else tip or text)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.back_action = self._action("◀ 뒤로", self.go_back, "Alt+Left")
        self.forward_action = self._action("앞으로 ▶", self.go_forward, "Alt+Right")
        self.prev_action = self._action("이전 조", lambda: self.reader.step(-1), "Alt+PgUp")
        self.next_action = self._action("다음 조", lambda: self.reader.step(1), "Alt+PgDown")
        self.zoom_in_action = self._action("확대", lambda: self.reader.set_zoom(self.reader.zoom + 1), ["Ctrl+=", "Ctrl++"])
        self.zoom_out_action = self._action("축소", lambda: self.reader.set_zoom(self.reader.zoom - 1), "Ctrl+-")
        self.zoom_reset_action = self._action("원래 크기", lambda: self.reader.set_zoom(0), "Ctrl+0")
        self.find_action = self._action("찾기", self.search_focus, "Ctrl+F")
        self.copy_action = self._action("인용과 함께 복사", self.reader.copy_with_citation, "Ctrl+Shift+C")
        self.tree_focus_action = self._action("목차로 이동", self.tree.focus_tree, "Ctrl+T")
        quit_action = self._action("끝내기", self.close, "Ctrl+Q")

        menu = self.menuBar()
        file_menu = menu.addMenu("파일(&F)")
        self.file_menu = file_menu
        file_menu.addAction(quit_action)
        edit = menu.addMenu("편집(&E)")
        edit.addActions([self.copy_action, self.find_action])
        self.edit_menu = edit
        go = menu.addMenu("이동(&G)")
        go.addActions([self.back_action, self.forward_action, self.prev_action, self.next_action, self.tree_focus_action])
        view = menu.addMenu("보기(&V)")
        view.addActions([self.zoom_in_action, self.zoom_out_action, self.zoom_reset_action])
        view.addSeparator()
        view.addAction(self.tree_dock.toggleViewAction())
        view.addAction(self.search_dock.toggleViewAction())
        self.view_menu = view

        bar = QToolBar("도구 모음", self)
        bar.setObjectName("mainToolbar")
        bar.addActions([self.back_action, self.forward_action])
        bar.addSeparator()
        bar.addActions([self.prev_action, self.next_action])
        bar.addSeparator()
        bar.addActions([self.zoom_out_action, self.zoom_in_action])
        self.toolbar = bar
        self.addToolBar(bar)
        from desktop.ui.print_actions import install_print_actions

        install_print_actions(self)
        self._update_history_actions()

    def _connect(self) -> None:
        self.tree.unitRequested.connect(lambda d, e: self.navigate(d, e or None, from_tree=True))
        self.reader.unitRequested.connect(lambda d, e: self.navigate(d, e or None))
        self.reader.backRequested.connect(self.go_back)
        self.reader.forwardRequested.connect(self.go_forward)
        self.reader.zoomChanged.connect(self.settings.set_zoom)
        self.search.hitActivated.connect(self._open_hit)
        self.search.box.cleared.connect(self.clear_highlights)

    # -- loading -----------------------------------------------------------
    def set_library(self, library) -> None:
        """Documents are parsed: fill the tree, show the pending or last location."""
        self.library = library
        self.tree.set_documents(list(library))
        if self.annotation_ui is not None:
            self.annotation_ui.set_library(library)
        self.reader.set_library_titles({doc.title: doc.id for doc in library})
        target = self._pending_location or Location.parse(self.settings.last_location() or "")
        shown = target.doc_id in library and self.navigate(target.doc_id, target.eid)
        if not shown and target.doc_id in library:  # the unit is gone (document updated): its cover
            shown = self.navigate(target.doc_id, None)
        if not shown:
            first = next(iter(library), None)
            if first is not None:
                self.navigate(first.id, None)

    def set_engine(self, engine) -> None:
        self.engine = engine
        if self._query:
            self.refresh_reader()
        self.search.set_engine(engine, [(d.id, d.title) for d in self.library] if self.library else [])

    def set_search_unavailable(self, message: str) -> None:
        self.search.set_unavailable(message)

    def set_start_query(self, query: str) -> None:
        """Start with ``query`` typed in the search box and its terms marked in the reader."""
        self._query = query
        self.search.box.setText(query)

    def open_location(self, location: Location) -> None:
        """Show ``location`` now, or as soon as the library is loaded."""
        if self.library is None:
            self._pending_location = location
        else:
            self.navigate(location.doc_id, location.eid)

    # -- navigation --------------------------------------------------------
    def navigate(self, doc_id: str, eid: str | None, *, record: bool = True, query: str | None = None,
                 from_tree: bool = False) -> bool:
        """Show a unit in the reader, sync the tree, remember it in history."""
        if self.library is None:
            return False
        if doc_id not in self.library:
            self.statusBar().showMessage(f"문서 '{doc_id}'이(가) 라이브러리에 없습니다.", 8000)
            return False
        doc = self.library.get(doc_id)
        if eid and doc.find(eid) is None:
            eid = self._nearest_unit(doc, eid)
        if eid and doc.find(eid) is None:
            self.statusBar().showMessage(f"'{doc.title}'에 해당 조문({eid})이 없습니다.", 8000)
            return False
        if query is not None:
            self._query = query
        terms = self._term_spans(doc, eid) if self._query else None
        anns = self.annotations.for_document(doc_id) if self.annotations is not None else None
        self.reader.show_location(doc, eid, terms=terms, annotations=anns)
        if not from_tree:  # a click in the tree keeps the user's (multi-)selection there
            self.tree.reveal(doc_id, eid)
        if record:
            self.history.visit(Location(doc_id, eid))
        self.settings.set_last_location(str(Location(doc_id, eid)))
        self._update_history_actions()
        self.locationShown.emit(doc_id, eid or "")
        return True

    def _nearest_unit(self, doc, eid: str) -> str:
        """A cross-document reference may name 제2조제4호 where the 호 sits under a 항: find it."""
        from desktop.core.references import closest_existing

        index = self.reader.unit_index(doc)
        found = closest_existing(index, eid, None)
        if found:
            return found
        article = eid.split("__")[0]
        return article if article in index else eid

    def _term_spans(self, doc, eid):
        """Spans of the current query's terms in every unit shown with ``eid``."""
        from desktop.ui.reader_panel import view_unit

        spans: dict[str, list[tuple[int, int]]] = {}
        unit = view_unit(doc, eid)
        if unit is not None and self.engine is not None and hasattr(self.engine, "spans"):
            query = self._query[:200]  # highlighting a pasted page would only cost time
            texts = [(node.eid, node.text) for node in unit.walk() if node.text]
            joined = "\n".join(text for _eid, text in texts)
            found = self.engine.spans(query, joined)  # one parse and one look-up for the whole unit
            offset = 0
            for node_eid, text in texts:
                end = offset + len(text)
                spans[node_eid] = [(a - offset, b - offset) for a, b in found if offset <= a and b <= end]
                offset = end + 1
        hit = self.search.activated_hit
        if hit is not None and hit.doc_id == doc.id and hit.eid == eid and hit.spans and not spans.get(eid):
            spans[eid] = [tuple(s) for s in hit.spans]
        return spans

    def refresh_reader(self) -> None:
        """Redraw the unit shown (after annotations changed), keeping the scroll position."""
        current = self.history.current
        if current is None or self.library is None or current.doc_id not in self.library:
            return
        bar = self.reader.browser.verticalScrollBar()
        pos = bar.value()
        doc = self.library.get(current.doc_id)
        terms = self._term_spans(doc, current.eid) if self._query else None
        anns = self.annotations.for_document(current.doc_id) if self.annotations is not None else None
        self.reader.show_location(doc, current.eid, terms=terms, annotations=anns)
        bar.setValue(pos)

    def clear_highlights(self) -> None:
        """Forget the last query's highlights and redraw the current unit."""
        self._query = ""
        self.search.activated_hit = None
        current = self.history.current
        if current is not None and self.library is not None:
            self.navigate(current.doc_id, current.eid, record=False)

    def _open_hit(self, doc_id: str, eid: str, query: str) -> None:
        self.navigate(doc_id, eid, query=query)
        self.reader.browser.setFocus()

    def go_back(self) -> None:
        loc = self.history.back()
        if loc is not None:
            self.navigate(loc.doc_id, loc.eid, record=False)

    def go_forward(self) -> None:
        loc = self.history.forward()
        if loc is not None:
            self.navigate(loc.doc_id, loc.eid, record=False)

    def _update_history_actions(self) -> None:
        self.back_action.setEnabled(self.history.can_back())
        self.forward_action.setEnabled(self.history.can_forward())

    def search_focus(self) -> None:
        self.search_dock.show()
        self.search_dock.raise_()
        self.search.focus_search()

    # -- state -------------------------------------------------------------
    def restore_geometry(self) -> None:
        """Window size and place from the settings (before the first paint)."""
        geometry = self.settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)

    def restore_state(self) -> None:
        """Geometry, dock layout and zoom from the settings (defaults if unreadable)."""
        self.restore_geometry()
        state = self.settings.window_state()
        if state is not None and not self.restoreState(state):
            self.settings.reset()
        self.reader.set_zoom(self.settings.zoom())

    def save_state(self) -> None:
        self.settings.save_window(self.saveGeometry(), self.saveState())
        self.settings.set_zoom(self.reader.zoom)
        self.settings.sync()

    def shutdown(self) -> None:
        """Save state and stop background threads (safe to call twice)."""
        if getattr(self, "_shut", False) or not self.built:
            return
        self._shut = True
        self.save_state()
        self.search.shutdown()
        loader = getattr(self, "loader", None)
        if loader is not None:
            loader.wait(10000)


    def release(self) -> None:
        """Close what the app opened for this window: the annotation store (its at-close backup) and the index."""
        self.shutdown()
        for closing in (getattr(self.annotations, "store", None), self.engine):
            try:
                if closing is not None and hasattr(closing, "close"):
                    closing.close()
            except Exception:  # already closed elsewhere: nothing left to release
                pass

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
