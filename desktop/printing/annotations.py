"""The annotations printing needs, read once into plain data (Qt-free).

Printing never talks to the annotation store directly: :func:`snapshot`
copies highlights, notes and bookmarks out of any object shaped like
:class:`desktop.annotations.AnnotationStore` (``list()`` returning
annotations with ``kind``, ``anchor``, ``color``, ``note``, ``is_orphan``)
into an :class:`AnnotationSnapshot`.  Without a store, :data:`EMPTY` prints
plain text.  :func:`load` opens the store of a data folder read-only in
spirit (it is closed at once and never written to) and never raises.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from desktop.render.html import Decoration


@dataclass(frozen=True)
class PrintNote:
    """A note to print: its text and, for a note on a range, the quoted words."""

    text: str
    quote: str = ""

    def as_text(self) -> str:
        return f"“{self.quote}” — {self.text}" if self.quote else self.text


@dataclass
class AnnotationSnapshot:
    """Highlights and notes per ``(doc_id, eid)`` and the bookmarked units, in store order."""

    highlights: dict[tuple[str, str], list[tuple[int, int, str, str]]] = field(default_factory=dict)
    notes: dict[tuple[str, str], list[PrintNote]] = field(default_factory=dict)
    bookmarks: list[tuple[str, str]] = field(default_factory=list)

    def decorations(self, doc_id: str, nodes_text: dict[str, str]) -> dict[str, list[Decoration]]:
        """Highlight decorations of one document's units (stale quotes are skipped)."""
        out: dict[str, list[Decoration]] = {}
        for (d, eid), items in self.highlights.items():
            text = nodes_text.get(eid)
            if d != doc_id or text is None:
                continue
            for start, end, colour, quote in items:
                if text[start:end] == quote:
                    out.setdefault(eid, []).append(Decoration(start, end, colour))
        return out

    def notes_for(self, doc_id: str) -> dict[str, list[PrintNote]]:
        """Notes of one document's units by eid."""
        return {eid: list(items) for (d, eid), items in self.notes.items() if d == doc_id}

    def __bool__(self) -> bool:
        return bool(self.highlights or self.notes or self.bookmarks)


EMPTY = AnnotationSnapshot()


def snapshot(store) -> AnnotationSnapshot:
    """Copy what printing needs out of an annotation store (orphans are left out)."""
    snap = AnnotationSnapshot()
    for ann in store.list():
        if getattr(ann, "is_orphan", False):
            continue
        anchor = ann.anchor
        key = (anchor.doc_id, anchor.eid)
        kind = getattr(ann.kind, "value", ann.kind)
        ranged = anchor.start is not None and anchor.end is not None
        if kind == "highlight" and ranged:
            colour = getattr(ann.color, "value", None) or "yellow"
            snap.highlights.setdefault(key, []).append((anchor.start, anchor.end, colour, anchor.exact))
        elif kind == "note" and ranged:  # a note on words: underlined (in its colour, if any)
            colour = getattr(ann.color, "value", None) or "note"
            snap.highlights.setdefault(key, []).append((anchor.start, anchor.end, colour, anchor.exact))
        elif kind == "bookmark" and key not in snap.bookmarks:
            snap.bookmarks.append(key)
        if ann.note.strip():
            quote = anchor.exact if ranged else ""
            snap.notes.setdefault(key, []).append(PrintNote(ann.note.strip(), quote))
    return snap


def load(data_dir: str | Path | None = None) -> tuple[AnnotationSnapshot, str]:
    """The annotations of a data folder and a warning ('' when all is well).

    A folder without a store gives :data:`EMPTY` without creating one.
    """
    try:
        from desktop.annotations import AnnotationStore, resolve_data_dir
        from desktop.annotations import store as store_module
    except ImportError as exc:  # pragma: no cover - annotations not installed
        return EMPTY, f"메모를 읽을 수 없습니다: {exc}"
    folder = resolve_data_dir(data_dir)
    db_name = getattr(store_module, "DB_NAME", None)
    if not folder.is_dir() or (db_name and not (folder / db_name).exists()):
        return EMPTY, ""
    try:
        store = AnnotationStore(folder)
    except Exception as exc:
        return EMPTY, f"메모를 읽을 수 없습니다: {exc}"
    try:
        return snapshot(store), ""
    except Exception as exc:
        return EMPTY, f"메모를 읽을 수 없습니다: {exc}"
    finally:
        store.close()
