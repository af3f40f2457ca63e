"""The navigator: documents → 장/절 → 조 → 항 → 호 → 목 in a QTreeView."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QTreeView, QVBoxLayout, QWidget

from desktop.ui.tree_model import DOC_ROLE, EID_ROLE, DocumentTreeModel


class TreePanel(QWidget):
    """Shows the library as a tree; emits ``unitRequested`` when a row is activated."""

    unitRequested = Signal(str, str)  # doc_id, eid ("" for the document itself)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("treePanel")
        self.model = DocumentTreeModel(self)
        self.view = QTreeView(self)
        self.view.setObjectName("treeView")
        self.view.setModel(self.model)
        self.view.setHeaderHidden(True)
        self.view.setUniformRowHeights(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setAccessibleName("문서 목차")
        self.view.activated.connect(self._on_activated)
        self.view.clicked.connect(self._on_activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def set_documents(self, documents: list) -> None:
        """Fill the tree and expand the documents' first level."""
        self.model.set_documents(documents)
        for row in range(self.model.rowCount()):
            self.view.expand(self.model.index(row, 0))

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.unitRequested.emit(index.data(DOC_ROLE), index.data(EID_ROLE) or "")

    def reveal(self, doc_id: str, eid: str | None) -> None:
        """Expand to, select and scroll to a unit without emitting ``unitRequested``."""
        index = self.model.index_for(doc_id, eid)
        if not index.isValid():
            return
        parent = index.parent()
        while parent.isValid():
            self.view.expand(parent)
            parent = parent.parent()
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    def selected_units(self) -> list[tuple[str, str]]:
        """``(doc_id, eid)`` of the selected rows, in tree order."""
        rows = sorted(self.view.selectionModel().selectedRows(), key=self._order_key)
        return [(i.data(DOC_ROLE), i.data(EID_ROLE) or "") for i in rows]

    def _order_key(self, index: QModelIndex) -> list[int]:
        key = []
        while index.isValid():
            key.insert(0, index.row())
            index = index.parent()
        return key

    def focus_tree(self) -> None:
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
