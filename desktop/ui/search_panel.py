"""The search panel: as-you-type results grouped by document, keyboard-driven."""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.search_worker import SearchWorker

DEBOUNCE_MS = 120
HIT_ROLE = Qt.ItemDataRole.UserRole + 10


class _HtmlDelegate(QStyledItemDelegate):
    """Draws result rows as small rich text (citation line + snippet with marked terms)."""

    def _doc(self, option: QStyleOptionViewItem, index: QModelIndex) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setHtml(index.data(Qt.ItemDataRole.DisplayRole + 100) or html.escape(index.data() or ""))
        doc.setTextWidth(max(option.rect.width() - 4, 80))
        return doc

    def paint(self, painter, option, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        rich = index.data(Qt.ItemDataRole.DisplayRole + 100)
        if not rich:
            super().paint(painter, option, index)
            return
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        doc = self._doc(opt, index)
        painter.save()
        painter.translate(opt.rect.topLeft())
        doc.drawContents(painter, QRectF(0, 0, opt.rect.width(), opt.rect.height()))
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        if not index.data(Qt.ItemDataRole.DisplayRole + 100):
            return super().sizeHint(option, index)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        view = opt.widget
        depth = 1 if index.parent().isValid() else 0
        width = view.viewport().width() - depth * view.indentation() if view else 300
        opt.rect.setWidth(max(width, 120))
        doc = self._doc(opt, index)
        return QSize(int(doc.idealWidth()), int(doc.size().height()) + 4)


class _ResultTree(QTreeWidget):
    """Result list whose rich-text rows re-wrap when the panel is resized."""

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.doItemsLayout()


def snippet_html(snippet: str) -> str:
    """The engine's snippet (matches between « and ») as HTML with the matches marked."""
    escaped = html.escape(snippet)
    return escaped.replace("«", '<b style="background-color:#ffe066">').replace("»", "</b>")


class SearchBox(QLineEdit):
    """A line edit that passes ↑/↓/Enter/Esc to the panel."""

    navigate = Signal(int)
    accepted = Signal()
    cleared = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self.navigate.emit(1 if key == Qt.Key.Key_Down else -1)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.accepted.emit()
            return
        if key == Qt.Key.Key_Escape:
            self.clear()
            self.cleared.emit()
            return
        super().keyPressEvent(event)


class SearchPanel(QWidget):
    """Type → results appear (debounced, searched in a worker thread) → Enter opens one."""

    hitActivated = Signal(str, str, str)  # doc_id, eid, query
    resultsShown = Signal(str, int)  # query, number of hits

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("searchPanel")
        self.box = SearchBox(self)
        self.box.setObjectName("searchBox")
        self.box.setPlaceholderText("검색어 또는 조문 (예: 위원회 구성, 파주 8조)  Ctrl+F")
        self.box.setClearButtonEnabled(True)
        self.box.setAccessibleName("검색어")
        self.doc_filter = QComboBox(self)
        self.doc_filter.setObjectName("docFilter")
        self.doc_filter.setAccessibleName("문서 범위")
        self.doc_filter.addItem("모든 문서", "")
        self.status = QLabel(self)
        self.status.setObjectName("searchStatus")
        self.status.setWordWrap(True)
        self.results = _ResultTree(self)
        self.results.setObjectName("searchResults")
        self.results.setHeaderHidden(True)
        self.results.setRootIsDecorated(False)
        self.results.setItemDelegate(_HtmlDelegate(self.results))
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setWordWrap(True)
        self.results.itemActivated.connect(self._activate_item)
        self.results.itemClicked.connect(self._activate_item)
        row = QHBoxLayout()
        row.addWidget(self.box, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.doc_filter)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)

        self._seq = 0
        self._shown_seq = 0
        self.hits: list = []
        self.activated_hit = None
        self._open_when_shown = 0  # seq whose results Enter asked to open
        self.worker = SearchWorker(self)
        self.worker.finished.connect(self._on_finished)
        self.worker.start()
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self._fire)
        self.box.textChanged.connect(lambda _t: self._timer.start())
        self.doc_filter.currentIndexChanged.connect(lambda _i: self._fire())
        self.box.navigate.connect(self._move)
        self.box.accepted.connect(self._accept)
        self.box.cleared.connect(self._clear_results)
        self.ready = False
        self.status.setText("색인을 여는 중…")

    # -- wiring --------------------------------------------------------------
    def set_engine(self, engine, documents: list[tuple[str, str]]) -> None:
        """Start answering queries with ``engine``; ``documents`` are (id, title) for the filter."""
        current = self.doc_filter.currentData()
        self.doc_filter.blockSignals(True)
        self.doc_filter.clear()
        self.doc_filter.addItem("모든 문서", "")
        for doc_id, title in documents:
            self.doc_filter.addItem(title, doc_id)
        pos = self.doc_filter.findData(current)
        self.doc_filter.setCurrentIndex(max(pos, 0))
        self.doc_filter.blockSignals(False)
        self.worker.set_engine(engine)
        self.ready = True
        self.status.setText("")
        if self.box.text().strip():
            self._fire()

    def set_unavailable(self, message: str) -> None:
        """Show why search cannot run (missing or broken index)."""
        self.ready = False
        self.status.setText(message)

    def focus_search(self) -> None:
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()

    def set_query(self, text: str) -> None:
        self.box.setText(text)
        self._fire()

    def shutdown(self) -> None:
        self.worker.stop()

    # -- searching -----------------------------------------------------------
    def _fire(self) -> None:
        self._timer.stop()
        query = self.box.text()
        if not query.strip():
            self._clear_results()
            return
        self._seq += 1
        self.worker.request(self._seq, query, self.doc_filter.currentData() or None)

    def _clear_results(self) -> None:
        self._seq += 1
        self._open_when_shown = 0
        self.hits = []
        self.results.clear()
        if self.ready:
            self.status.setText("")

    def _on_finished(self, seq: int, query: str, hits: list, error: str) -> None:
        if seq != self._seq:
            return  # superseded while it ran
        self._shown_seq = seq
        self.hits = list(hits)
        self.results.clear()
        if error:
            self.status.setText(error)
            return
        groups: dict[str, QTreeWidgetItem] = {}
        first_leaf = None
        for hit in self.hits:
            group = groups.get(hit.doc_id)
            if group is None:
                group = QTreeWidgetItem(self.results, [self._doc_title(hit.doc_id)])
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                groups[hit.doc_id] = group
            item = QTreeWidgetItem(group)
            item.setData(0, HIT_ROLE, hit)
            item.setData(0, Qt.ItemDataRole.DisplayRole, hit.citation)
            item.setData(0, Qt.ItemDataRole.DisplayRole + 100, self._hit_html(hit))
            item.setToolTip(0, hit.citation)
            first_leaf = first_leaf or item
        self.results.expandAll()
        if first_leaf is not None:
            self.results.setCurrentItem(first_leaf)
        count = len(self.hits)
        self.status.setText(f"{count}곳" if count else "찾는 내용이 없습니다. 다른 낱말이나 띄어쓰기로 찾아 보세요.")
        self.resultsShown.emit(query, count)
        self._open_pending()

    def _doc_title(self, doc_id: str) -> str:
        pos = self.doc_filter.findData(doc_id)
        return self.doc_filter.itemText(pos) if pos >= 0 else doc_id

    @staticmethod
    def _hit_html(hit) -> str:
        head = html.escape(hit.citation)
        if getattr(hit, "kind", "") == "citation":
            head = f"<span style='color:#1565c0'>바로 가기 ▸</span> {head}"
        if getattr(hit, "kind", "") == "note":
            head = f"<span style='color:#6d4c41'>[메모]</span> {head}"
        more = getattr(hit, "more_in_article", 0)
        extra = f" <span style='color:#78909c'>(이 조에 {more}곳 더)</span>" if more else ""
        snippet = snippet_html(hit.snippet or "")
        return f"<b>{head}</b>{extra}<br><span style='color:#37474f'>{snippet}</span>"

    # -- keyboard --------------------------------------------------------------
    def _leaves(self) -> list[QTreeWidgetItem]:
        out = []
        for i in range(self.results.topLevelItemCount()):
            group = self.results.topLevelItem(i)
            out.extend(group.child(j) for j in range(group.childCount()))
        return out

    def _move(self, delta: int) -> None:
        leaves = self._leaves()
        if not leaves:
            return
        current = self.results.currentItem()
        pos = leaves.index(current) if current in leaves else -1
        pos = max(0, min(len(leaves) - 1, pos + delta))
        self.results.setCurrentItem(leaves[pos])
        self.results.scrollToItem(leaves[pos])

    def _accept(self) -> None:
        if not self.box.text().strip():
            return
        if self._timer.isActive() or self._shown_seq != self._seq:
            self._fire_and_open()
            return
        item = self.results.currentItem()
        if item is None or item.data(0, HIT_ROLE) is None:
            leaves = self._leaves()
            item = leaves[0] if leaves else None
        if item is not None:
            self._activate_item(item)

    def _fire_and_open(self) -> None:
        """Enter pressed before the results arrived: open the first hit when *those* results come."""
        self._fire()
        self._open_when_shown = self._seq

    def _open_pending(self) -> None:
        if self._open_when_shown and self._open_when_shown == self._shown_seq:
            self._open_when_shown = 0
            leaves = self._leaves()
            if leaves:
                self._activate_item(leaves[0])

    def _activate_item(self, item: QTreeWidgetItem) -> None:
        hit = item.data(0, HIT_ROLE)
        if hit is not None:
            self.activated_hit = hit
            self.hitActivated.emit(hit.doc_id, hit.eid, self.box.text())
