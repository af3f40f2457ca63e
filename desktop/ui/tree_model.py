"""A thin QAbstractItemModel over the plain document nodes: documents → 장/절 → 조 → 항 → 호 → 목."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

if TYPE_CHECKING:  # the model (pydantic) loads in the background, after the first paint
    from desktop.core.model import Document, Node

EID_ROLE = Qt.ItemDataRole.UserRole + 1
DOC_ROLE = Qt.ItemDataRole.UserRole + 2
KIND_ROLE = Qt.ItemDataRole.UserRole + 3
MARKED_ROLE = Qt.ItemDataRole.UserRole + 4

_KIND_NAMES = {"ordinance": "조례", "report": "심사보고서", "statute": "법령"}


class _Item:
    """One row: a document (node None) or a node, with lazily built children."""

    __slots__ = ("_children", "doc", "node", "parent", "row")

    def __init__(self, doc: Document, node: Node | None, parent: _Item | None, row: int) -> None:
        self.doc, self.node, self.parent, self.row = doc, node, parent, row
        self._children: list[_Item] | None = None

    @property
    def children(self) -> list[_Item]:
        if self._children is None:
            nodes = self.doc.nodes if self.node is None else self.node.children
            self._children = [_Item(self.doc, n, self, i) for i, n in enumerate(nodes)]
        return self._children

    def child_count(self) -> int:
        return len(self.doc.nodes if self.node is None else self.node.children)


def node_label(node: Node) -> str:
    """Tree label: ``제8조(위원회 구성)``, ``②``, ``1.``, a table's caption, a text's opening words."""
    if node.kind in ("paragraph", "item", "subitem", "footnote"):
        snippet = node.text[:24] + ("…" if len(node.text) > 24 else "")
        return f"{node.label} {snippet}".strip()
    if node.title:
        return node.title
    if node.kind in ("table", "comparison-table"):
        return "신·구조문대비표" if node.kind == "comparison-table" else "표"
    return node.text[:30] + ("…" if len(node.text) > 30 else "")


class DocumentTreeModel(QAbstractItemModel):
    """Documents and their units; ``EID_ROLE``/``DOC_ROLE`` give the location of a row."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._docs: list[_Item] = []
        self._marked: set[tuple[str, str]] = set()

    def set_documents(self, documents: list[Document]) -> None:
        """Replace the content (one reset)."""
        self.beginResetModel()
        self._docs = [_Item(doc, None, None, i) for i, doc in enumerate(documents)]
        self.endResetModel()

    def set_marked(self, marked: set[tuple[str, str]]) -> None:
        """Units ``(doc_id, eid)`` that carry annotations (shown with a marker)."""
        if set(marked) == self._marked:
            return
        self._marked = set(marked)
        # Marks sit on nested rows: tell views to repaint everything (expansion and selection are kept).
        self.layoutAboutToBeChanged.emit()
        self.layoutChanged.emit()

    # -- QAbstractItemModel ------------------------------------------------
    def _item(self, index: QModelIndex | QPersistentModelIndex) -> _Item | None:
        return index.internalPointer() if index.isValid() else None

    def index(self, row: int, column: int, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column != 0 or row < 0:
            return QModelIndex()
        siblings = self._item(parent).children if parent.isValid() else self._docs
        if row >= len(siblings):
            return QModelIndex()
        return self.createIndex(row, 0, siblings[row])

    def parent(self, index: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        item = self._item(index)
        if item is None or item.parent is None:
            return QModelIndex()
        return self.createIndex(item.parent.row, 0, item.parent)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.column() > 0:
            return 0
        item = self._item(parent)
        return len(self._docs) if item is None else item.child_count()

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 1

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        item = self._item(index)
        if item is None:
            return None
        node = item.node
        if role == Qt.ItemDataRole.DisplayRole:
            label = item.doc.title if node is None else node_label(node)
            if node is not None and (item.doc.id, node.eid) in self._marked:
                label = f"✎ {label}"
            return label
        if role == Qt.ItemDataRole.ToolTipRole:
            if node is None:
                return f"{item.doc.title} ({_KIND_NAMES.get(item.doc.kind.value, '')})"
            return item.doc.citation(node.eid)
        if role == DOC_ROLE:
            return item.doc.id
        if role == EID_ROLE:
            return node.eid if node is not None else ""
        if role == KIND_ROLE:
            return node.kind.value if node is not None else "document"
        if role == MARKED_ROLE:
            return node is not None and (item.doc.id, node.eid) in self._marked
        return None

    # -- look-up -----------------------------------------------------------
    def index_for(self, doc_id: str, eid: str | None = None) -> QModelIndex:
        """The index of a document or unit (building rows along the path only)."""
        doc_item = next((d for d in self._docs if d.doc.id == doc_id), None)
        if doc_item is None:
            return QModelIndex()
        if not eid:
            return self.createIndex(doc_item.row, 0, doc_item)
        item = doc_item
        for node in doc_item.doc.path_to(eid):
            item = next((c for c in item.children if c.node is node), None)
            if item is None:
                return QModelIndex()
        return self.createIndex(item.row, 0, item)
