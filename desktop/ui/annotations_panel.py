"""The annotations panel: every highlight, note and bookmark; filter, jump, edit, delete."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

ID_ROLE = Qt.ItemDataRole.UserRole + 20
COLOURS = [("yellow", "노랑"), ("green", "초록"), ("blue", "파랑"), ("pink", "분홍"), ("orange", "주황")]
HEX = {"yellow": "#fff176", "green": "#aed581", "blue": "#81d4fa", "pink": "#f8bbd0", "orange": "#ffcc80"}


class NoteDialog(QDialog):
    """Edit a note's text, colour and tags (plain text only)."""

    def __init__(self, parent=None, *, title: str = "메모", text: str = "", colour: str | None = None,
                 tags: tuple[str, ...] = (), quote: str = "", show_colour: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("noteText")
        self.text.setPlainText(text)
        self.text.setTabChangesFocus(True)
        self.colour = QComboBox(self)
        self.colour.addItem("(없음)", "")
        for key, name in COLOURS:
            self.colour.addItem(name, key)
        self.colour.setCurrentIndex(max(0, self.colour.findData(colour or "")))
        self.tags = QLineEdit(", ".join(tags), self)
        self.tags.setPlaceholderText("쉼표로 구분 (예: 예산, 질의)")
        form = QFormLayout()
        if quote:
            form.addRow("인용", QLineEdit(quote, readOnly=True))
        form.addRow("메모", self.text)
        if show_colour:
            form.addRow("색", self.colour)
        form.addRow("태그", self.tags)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("저장")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("취소")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def values(self) -> dict:
        """``note``, ``color`` (None for none) and ``tags`` as the store's ``update`` takes them."""
        tags = tuple(t.strip() for t in self.tags.text().split(",") if t.strip())
        return {"note": self.text.toPlainText(), "color": self.colour.currentData() or None, "tags": tags}


class AnnotationsPanel(QWidget):
    """Lists annotations grouped by document, orphans apart; emits intents, changes nothing itself."""

    unitRequested = Signal(str, str)
    editRequested = Signal(str)
    deleteRequested = Signal(str)
    exportRequested = Signal()
    importRequested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("annotationsPanel")
        self.doc_filter = QComboBox(self, objectName="annDocFilter")
        self.colour_filter = QComboBox(self, objectName="annColourFilter")
        self.colour_filter.addItem("모든 색", "")
        for key, name in COLOURS:
            self.colour_filter.addItem(name, key)
        self.tag_filter = QComboBox(self, objectName="annTagFilter")
        self.text_filter = QLineEdit(self, objectName="annTextFilter", placeholderText="메모·인용 내용으로 거르기")
        self.text_filter.setClearButtonEnabled(True)
        self.tree = QTreeWidget(self, objectName="annotationsTree")
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName("메모 목록")
        self.tree.itemActivated.connect(self._jump)
        self.tree.itemDoubleClicked.connect(self._jump)
        edit = QPushButton("고치기", self)
        delete = QPushButton("삭제", self)
        export = QPushButton("내보내기…", self)
        imp = QPushButton("가져오기…", self)
        edit.clicked.connect(lambda: self._emit_current(self.editRequested))
        delete.clicked.connect(lambda: self._emit_current(self.deleteRequested))
        export.clicked.connect(self.exportRequested)
        imp.clicked.connect(self.importRequested)
        filters = QHBoxLayout()
        filters.addWidget(self.doc_filter, 2)
        filters.addWidget(self.colour_filter, 1)
        filters.addWidget(self.tag_filter, 1)
        buttons = QHBoxLayout()
        for b in (edit, delete, export, imp):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addWidget(self.text_filter)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        for combo in (self.doc_filter, self.colour_filter, self.tag_filter):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.text_filter.textChanged.connect(lambda _t: self.refresh())
        self._store = None
        self._library = None

    def set_sources(self, store, library) -> None:
        self._store, self._library = store, library
        self.doc_filter.blockSignals(True)
        self.doc_filter.clear()
        self.doc_filter.addItem("모든 문서", "")
        for doc in library or []:
            self.doc_filter.addItem(doc.title, doc.id)
        self.doc_filter.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        """Re-read the store and rebuild the list with the current filters."""
        self.tree.clear()
        if self._store is None:
            return
        self._refresh_tags()
        criteria = {}
        if self.doc_filter.currentData():
            criteria["doc_id"] = self.doc_filter.currentData()
        try:
            annotations = self._store.list(**criteria)
        except Exception:
            annotations = []
        colour, tag = self.colour_filter.currentData(), self.tag_filter.currentData()
        needle = self.text_filter.text().strip().lower()
        groups: dict[str, QTreeWidgetItem] = {}
        for ann in sorted(annotations, key=lambda a: (a.anchor.doc_id, a.anchor.eid, a.anchor.start or 0)):
            if colour and (ann.color is None or ann.color.value != colour):
                continue
            if tag and tag not in ann.tags:
                continue
            if needle and needle not in f"{ann.note} {ann.anchor.exact} {ann.original_quote}".lower():
                continue
            orphan = ann.status.value == "orphan"
            key = "__orphans__" if orphan else ann.anchor.doc_id
            group = groups.get(key)
            if group is None:
                title = "위치를 잃은 메모 (원문이 바뀜)" if orphan else self._title(ann.anchor.doc_id)
                group = QTreeWidgetItem(self.tree, [title])
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                groups[key] = group
            item = QTreeWidgetItem(group, [self._line(ann, orphan)])
            item.setData(0, ID_ROLE, ann.id)
            tip = ann.note or ann.anchor.exact or ann.original_quote
            item.setToolTip(0, "<p style='white-space:pre-wrap'>" + html.escape(tip) + "</p>")  # always literal
            if ann.color is not None:
                item.setBackground(0, QBrush(QColor(HEX.get(ann.color.value, "#fff176"))))
        self.tree.expandAll()

    def _refresh_tags(self) -> None:
        current = self.tag_filter.currentData()
        self.tag_filter.blockSignals(True)
        self.tag_filter.clear()
        self.tag_filter.addItem("모든 태그", "")
        try:
            tags = self._store.tags()
        except Exception:
            tags = []
        for tag in tags:
            self.tag_filter.addItem(tag, tag)
        self.tag_filter.setCurrentIndex(max(0, self.tag_filter.findData(current)))
        self.tag_filter.blockSignals(False)

    def _title(self, doc_id: str) -> str:
        try:
            return self._library.get(doc_id).title
        except Exception:
            return doc_id

    def _line(self, ann, orphan: bool) -> str:
        where = ann.anchor.eid
        try:
            doc = self._library.get(ann.anchor.doc_id)
            where = doc.citation(ann.anchor.eid).removeprefix(doc.title).strip() or doc.title
        except Exception:
            pass
        quote = ann.original_quote if orphan else ann.anchor.exact
        quote = "" if not ann.anchor.is_range else f"“{quote[:40]}{'…' if len(quote) > 40 else ''}”"
        note = f" — {ann.note[:60]}" if ann.note else ""
        return f"[{ann.kind.korean}] {where} {quote}{note}".strip()

    def _current_id(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, ID_ROLE) if item is not None else None

    def _emit_current(self, signal) -> None:
        ann_id = self._current_id()
        if ann_id:
            signal.emit(ann_id)

    def _jump(self, item: QTreeWidgetItem) -> None:
        ann_id = item.data(0, ID_ROLE)
        ann = self._store.get(ann_id) if ann_id and self._store is not None else None
        if ann is not None and ann.status.value != "orphan":
            self.unitRequested.emit(ann.anchor.doc_id, ann.anchor.eid)
