"""The reader: one article (or report section) at a time, laid out like the official text."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QUrl, Signal
from PySide6.QtGui import QGuiApplication, QMouseEvent, Qt, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QTextBrowser,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.text_map import TextMap

if TYPE_CHECKING:  # the model (pydantic) loads in the background, after the first paint
    from desktop.core.model import Document, Node

#: Kinds that only group articles (kept as strings so this module imports no pydantic).
CONTAINER_KINDS = frozenset({"part", "chapter", "section", "subsection"})

BASE_POINT_SIZE = 11.0
ZOOM_STEP = 1.0


def view_unit(doc: Document, eid: str | None) -> Node | None:
    """The unit the reader shows for ``eid``: its article/section, or the container itself."""
    if not eid:
        return None
    path = doc.path_to(eid)
    for node in path:
        if node.kind not in CONTAINER_KINDS:
            return node
    return path[-1] if path else None


def reading_units(doc: Document) -> list[Node]:
    """Article-level units in document order (for previous / next)."""
    out: list[Node] = []

    def visit(nodes: list[Node]) -> None:
        for node in nodes:
            if node.kind in CONTAINER_KINDS:
                visit(node.children)
            else:
                out.append(node)

    visit(doc.nodes)
    return out


class _Browser(QTextBrowser):
    backRequested = Signal()
    forwardRequested = Signal()
    note_lookup = None  # set by the panel: viewport pos -> note text

    def viewportEvent(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip and self.note_lookup is not None:
            note = self.note_lookup(event.pos())
            if note:
                # Escaped and wrapped so Qt shows the note literally, never as HTML.
                QToolTip.showText(event.globalPos(), "<p style='white-space:pre-wrap'>" + html.escape(note) + "</p>", self)
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    zoomRequested = Signal(int)

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            delta = event.angleDelta().y()
            if delta:
                self.zoomRequested.emit(1 if delta > 0 else -1)
            event.accept()
            return
        super().wheelEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.BackButton:
            self.backRequested.emit()
            return
        if event.button() == Qt.MouseButton.ForwardButton:
            self.forwardRequested.emit()
            return
        super().mousePressEvent(event)


class ReaderPanel(QWidget):
    """Renders units; link clicks ask for navigation through ``unitRequested``."""

    unitRequested = Signal(str, str)  # doc_id, eid
    noteClicked = Signal(str)  # annotation id of a ✎/★ marker
    lawRequested = Signal(str)  # a 「…」 name that is not in the library
    backRequested = Signal()
    forwardRequested = Signal()
    zoomChanged = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("readerPanel")
        self.doc: Document | None = None
        self.unit: Node | None = None
        self.focus_eid: str | None = None
        self._zoom = 0
        self._titles: dict[str, str] = {}  # document title -> id, for 「…」 links
        self.text_map: TextMap | None = None
        self._notes: dict[str, str] = {}
        self._range_notes: dict[str, list[tuple[int, int, str]]] = {}
        self._law_spans: dict[str, list[tuple[int, int, str]]] = {}
        self._indexes: dict[str, tuple[Document, dict, list]] = {}
        self.breadcrumb = QLabel(self)
        self.breadcrumb.setObjectName("breadcrumb")
        self.breadcrumb.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.breadcrumb.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.prev_button = QToolButton(self, text="◀ 이전 조", toolTip="이전 조 (Alt+PgUp)")
        self.next_button = QToolButton(self, text="다음 조 ▶", toolTip="다음 조 (Alt+PgDown)")
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.browser = _Browser(self)
        self.browser.setObjectName("readerBrowser")
        self.browser.setOpenLinks(False)
        self.browser.setAccessibleName("본문")
        self.browser.anchorClicked.connect(self._on_anchor)
        self.browser.note_lookup = self.note_at
        self.browser.zoomRequested.connect(lambda step: self.set_zoom(self._zoom + step))
        self.browser.backRequested.connect(self.backRequested)
        self.browser.forwardRequested.connect(self.forwardRequested)
        top = QHBoxLayout()
        top.addWidget(self.breadcrumb, 1)
        top.addWidget(self.prev_button)
        top.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addLayout(top)
        layout.addWidget(self.browser, 1)
        self._apply_zoom()
        self.show_welcome()

    # -- content -----------------------------------------------------------
    def set_library_titles(self, titles: dict[str, str]) -> None:
        """Document titles → ids, so 「…」 citations of library documents become links."""
        from desktop.core.references import law_title_index

        self._titles = law_title_index(titles)

    def show_welcome(self, message: str = "문서를 불러오는 중입니다…") -> None:
        self.doc = self.unit = self.text_map = None
        self.breadcrumb.setText("조례 열람기")
        self.browser.setHtml(f"<p style='color:#607d8b'>{message}</p>")
        self._update_buttons()

    def show_location(self, doc: Document, eid: str | None, terms: dict[str, list[tuple[int, int]]] | None = None,
                      annotations: dict[str, list] | None = None) -> None:
        """Show ``eid`` of ``doc`` (its article): search ``terms`` and ``annotations`` painted, scrolled to it."""
        from desktop.core.references import find_references, resolve_law
        from desktop.render.html import Decoration, RenderOptions, document_cover_html, unit_html

        self.doc, self.focus_eid = doc, eid
        unit = view_unit(doc, eid)
        self.unit = unit
        if unit is None:
            self.text_map = None
            self.browser.setHtml(document_cover_html(doc))
            self.breadcrumb.setText(doc.title)
            self._update_buttons()
            return
        decorations: dict[str, list[Decoration]] = {}
        self._law_spans = {}
        index = self.unit_index(doc)
        for node in unit.walk():
            decs = decorations.setdefault(node.eid, [])
            for ref in find_references(doc, node.eid, node.text, index):
                if ref.law:
                    target = resolve_law(ref.law, self._titles) if ref.law != "other" else None
                    if target:
                        href = f"unit:{target}#{ref.eid or ''}"
                        decs.append(Decoration(ref.start, ref.end, "link", href=href, title=ref.law))
                    else:
                        decs.append(Decoration(ref.start, ref.end, "law", title=ref.law))
                        self._law_spans.setdefault(node.eid, []).append((ref.start, ref.end, ref.law))
                elif ref.eid:
                    decs.append(Decoration(ref.start, ref.end, "link", href=f"unit:{doc.id}#{ref.eid}"))
            for start, end in (terms or {}).get(node.eid, []):
                decs.append(Decoration(start, end, "search"))
        opts = RenderOptions(decorations=decorations, focus=eid, note_style="box")
        self._add_annotations(unit, annotations or {}, opts)
        self.browser.setHtml(unit_html(doc, unit, opts))
        self.text_map = TextMap(self.browser.document(), [(n.eid, n.text) for n in unit.walk() if not n.rows])
        self._set_breadcrumb(doc, eid or unit.eid)
        if eid and eid != unit.eid:
            self.browser.scrollToAnchor(eid)
        else:
            self.browser.moveCursor(QTextCursor.MoveOperation.Start)
        self._update_buttons()

    def _add_annotations(self, unit: Node, annotations: dict[str, list], opts) -> None:
        """Highlights as colour, range notes underlined with a ✎ marker, unit notes boxed, bookmarks ★."""
        from desktop.render.html import Decoration

        self._notes = {}
        self._range_notes = {}
        for node in unit.walk():
            for ann in annotations.get(node.eid, []):
                kind = ann.kind.value
                rng = ann.anchor.is_range
                if kind == "highlight" and rng:
                    opts.decorations.setdefault(node.eid, []).append(
                        Decoration(ann.anchor.start, ann.anchor.end, (ann.color.value if ann.color else "yellow")))
                if kind == "note" and rng:
                    opts.decorations.setdefault(node.eid, []).append(
                        Decoration(ann.anchor.start, ann.anchor.end, "note", title=ann.note))
                    self._range_notes.setdefault(node.eid, []).append((ann.anchor.start, ann.anchor.end, ann.id))
                if ann.note:
                    self._notes[ann.id] = ann.note
                    opts.markers.setdefault(node.eid, []).append((f"note:{ann.id}", "✎"))
                    if kind == "note" and not rng:
                        opts.notes.setdefault(node.eid, []).append(ann.note)
                if kind == "bookmark":
                    opts.markers.setdefault(node.eid, []).append((f"note:{ann.id}", "★"))

    def note_at(self, pos) -> str | None:
        """The note text under a viewport position (marker or underlined range), if any."""
        href = self.browser.anchorAt(pos)
        if href.startswith("note:"):
            return self._notes.get(href[5:], "책갈피")
        if self.text_map is None:
            return None
        located = self.text_map.locate(self.browser.cursorForPosition(pos).position())
        if located:
            eid, offset = located
            for start, end, ann_id in self._range_notes.get(eid, []):
                if start <= offset < end:
                    return self._notes.get(ann_id)
            for start, end, law in self._law_spans.get(eid, []):
                if start <= offset < end:
                    return "다른 법령의 조문입니다" if law == "other" else f"「{law}」 — 이 열람기에 없는 법령입니다"
        return None

    def selection_anchor(self) -> tuple[str, int, int] | None:
        """``(eid, start, end)`` of the current selection within one unit's text."""
        return self.text_map.selection(self.browser.textCursor()) if self.text_map else None

    def unit_index(self, doc: Document) -> dict[str, Node]:
        """``eid → node`` of a document, built once per document object (not on every navigation)."""
        cached = self._indexes.get(doc.id)
        if cached is None or cached[0] is not doc:
            cached = self._indexes[doc.id] = (doc, doc.index(), reading_units(doc))
        return cached[1]

    def _reading_units(self, doc: Document) -> list[Node]:
        self.unit_index(doc)
        return self._indexes[doc.id][2]

    def _set_breadcrumb(self, doc: Document, eid: str) -> None:
        parts = [doc.title] + [n.title or n.label for n in doc.path_to(eid) if (n.title or n.label)]
        self.breadcrumb.setText(" › ".join(parts))
        self.breadcrumb.setToolTip(doc.citation(eid))

    # -- navigation --------------------------------------------------------
    def _on_anchor(self, url: QUrl) -> None:
        text = url.toString()
        if text.startswith("unit:"):
            doc_id, _, eid = text[5:].partition("#")
            self.unitRequested.emit(doc_id, eid)
            return
        if text.startswith("note:"):
            self.noteClicked.emit(text[5:])

    def step(self, delta: int) -> None:
        """Go to the previous (-1) or next (+1) article."""
        if self.doc is None:
            return
        units = self._reading_units(self.doc)
        if not units:
            return
        if self.unit is None:
            target = units[0] if delta > 0 else None
        else:
            pos = next((i for i, n in enumerate(units) if n is self.unit), -1)
            new = pos + delta
            target = units[new] if 0 <= new < len(units) else None
        if target is not None:
            self.unitRequested.emit(self.doc.id, target.eid)

    def _update_buttons(self) -> None:
        units = self._reading_units(self.doc) if self.doc else []
        pos = next((i for i, n in enumerate(units) if n is self.unit), -1)
        self.prev_button.setEnabled(self.doc is not None and pos > 0)
        self.next_button.setEnabled(self.doc is not None and pos < len(units) - 1)

    # -- zoom and copy -----------------------------------------------------
    @property
    def zoom(self) -> int:
        return self._zoom

    def set_zoom(self, level: int) -> None:
        level = max(-5, min(10, int(level)))
        if level != self._zoom:
            self._zoom = level
            self._apply_zoom()
            self.zoomChanged.emit(level)

    def _apply_zoom(self) -> None:
        font = self.browser.font()
        font.setPointSizeF(BASE_POINT_SIZE + ZOOM_STEP * self._zoom)
        self.browser.document().setDefaultFont(font)
        self.browser.setFont(font)

    def copy_with_citation(self) -> str:
        """Copy the selection (or the current unit) followed by its citation; returns the text."""
        if self.doc is None:
            return ""
        cursor = self.browser.textCursor()
        selected = cursor.selectedText().replace("\u2029", "\n").strip()
        eid = self.focus_eid or (self.unit.eid if self.unit else None)
        if selected and self.text_map is not None:
            eid = self._selection_unit(cursor) or eid
        if not selected:
            node = self.doc.find(eid) if eid else None
            selected = node.full_text() if node else self.doc.title
        text = f"{selected}\n— {self.doc.citation(eid)}"
        QGuiApplication.clipboard().setText(text)
        return text

    def _selection_unit(self, cursor) -> str | None:
        """The unit a selection lies in; the closest unit holding both ends when it spans several."""
        a = self.text_map.locate(cursor.selectionStart())
        b = self.text_map.locate(max(cursor.selectionStart(), cursor.selectionEnd() - 1))
        if a is None or b is None:
            return self.unit.eid if self.unit else None
        first, last = a[0].split("__"), b[0].split("__")
        common = []
        for x, y in zip(first, last, strict=False):
            if x != y:
                break
            common.append(x)
        return "__".join(common) or (self.unit.eid if self.unit else None)
