"""Annotations in the window: the store behind a QUndoStack, and what the reader paints."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack


class _AddCommand(QUndoCommand):
    def __init__(self, ctl: AnnotationsController, annotation, text: str) -> None:
        super().__init__(text)
        self.ctl, self.annotation, self.first = ctl, annotation, True

    def redo(self) -> None:
        if self.first:  # already written by the caller
            self.first = False
        else:
            self.ctl._run(lambda: self.ctl.store.insert(self.annotation), "다시 실행할 수 없습니다")
        self.ctl.changed.emit()

    def undo(self) -> None:
        self.ctl._run(lambda: self.ctl.store.delete(self.annotation.id), "실행 취소할 수 없습니다")
        self.ctl.changed.emit()


class _DeleteCommand(QUndoCommand):
    def __init__(self, ctl: AnnotationsController, annotation_id: str) -> None:
        super().__init__("메모 삭제")
        self.ctl, self.annotation_id, self.removed = ctl, annotation_id, None

    def redo(self) -> None:
        removed = self.ctl._run(lambda: self.ctl.store.delete(self.annotation_id), "삭제할 수 없습니다")
        self.removed = removed or self.removed
        self.ctl.changed.emit()

    def undo(self) -> None:
        if self.removed is not None:
            self.ctl._run(lambda: self.ctl.store.insert(self.removed), "실행 취소할 수 없습니다")
        self.ctl.changed.emit()


class _EditCommand(QUndoCommand):
    def __init__(self, ctl: AnnotationsController, before, after) -> None:
        super().__init__("메모 고치기")
        self.ctl, self.before, self.after, self.first = ctl, before, after, True

    def redo(self) -> None:
        if self.first:
            self.first = False
        else:
            self.ctl._run(lambda: self.ctl.store.revert(self.after), "다시 실행할 수 없습니다")
        self.ctl.changed.emit()

    def undo(self) -> None:
        self.ctl._run(lambda: self.ctl.store.revert(self.before), "실행 취소할 수 없습니다")
        self.ctl.changed.emit()


class AnnotationsController(QObject):
    """Owns the store and the undo stack; every change emits ``changed``."""

    changed = Signal()
    failed = Signal(str)  # a Korean message for the status bar

    def __init__(self, store, parent=None) -> None:
        super().__init__(parent)
        self.store = store
        self.undo_stack = QUndoStack(self)
        self.library = None
        self._poll = QTimer(self, interval=2000)
        self._poll.timeout.connect(self._check_external)

    def set_store(self, store) -> None:
        """Start using an opened store (and watching other instances' writes)."""
        self.store = store
        self._poll.start()

    def _check_external(self) -> None:
        if self.store is None:
            return
        try:
            if self.store.external_change():
                self.changed.emit()
        except Exception:  # the other instance may be mid-write; try again later
            return

    def _run(self, fn, label: str):
        try:
            return fn()
        except Exception as exc:
            self.failed.emit(f"{label}: {exc}")
            return None

    # -- making ------------------------------------------------------------
    def highlight(self, doc_id: str, eid: str, start: int, end: int, color) -> object | None:
        doc = self.library.get(doc_id)
        ann = self._run(lambda: self.store.add_highlight(doc, eid, start, end, color), "형광펜을 칠할 수 없습니다")
        if ann is not None:
            self.undo_stack.push(_AddCommand(self, ann, f"형광펜 ({ann.color.korean})"))
        return ann

    def note(self, doc_id: str, eid: str, text: str, start: int | None = None, end: int | None = None) -> object | None:
        doc = self.library.get(doc_id)
        ann = self._run(lambda: self.store.add_note(doc, eid, text, start=start, end=end), "메모를 달 수 없습니다")
        if ann is not None:
            self.undo_stack.push(_AddCommand(self, ann, "메모 달기"))
        return ann

    def bookmark(self, doc_id: str, eid: str) -> object | None:
        doc = self.library.get(doc_id)
        ann = self._run(lambda: self.store.add_bookmark(doc, eid), "책갈피를 꽂을 수 없습니다")
        if ann is not None:
            self.undo_stack.push(_AddCommand(self, ann, "책갈피"))
        return ann

    def delete(self, annotation_id: str) -> None:
        self.undo_stack.push(_DeleteCommand(self, annotation_id))

    def edit(self, annotation_id: str, **changes) -> None:
        result = self._run(lambda: self.store.update(annotation_id, **changes), "메모를 고칠 수 없습니다")
        if result is not None:
            before, after = result
            self.undo_stack.push(_EditCommand(self, before, after))

    # -- reading -----------------------------------------------------------
    def for_document(self, doc_id: str) -> dict[str, list]:
        """Attached annotations of a document by eid (orphans left out)."""
        try:
            return self.store.by_unit(doc_id)
        except Exception:
            return {}

    def marked_units(self) -> set[tuple[str, str]]:
        """``(doc_id, eid)`` of every unit carrying an attached annotation."""
        try:
            return {(a.anchor.doc_id, a.anchor.eid) for a in self.store.list() if a.status.value != "orphan"}
        except Exception:
            return set()

    def bookmarks(self) -> list:
        try:
            return [a for a in self.store.list() if a.kind.value == "bookmark" and a.status.value != "orphan"]
        except Exception:
            return []
