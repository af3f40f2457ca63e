"""The annotation store: SQLite (WAL), every change committed at once.

Usage (UI or CLI)::

    store = AnnotationStore(data_dir)          # StoreUnavailable → show str(exc)
    if store.recovery: ...                     # corrupt file was moved aside: show .message,
                                               # offer store.restore_backup()
    store.reanchor_all(library)                # after loading documents
    ann = store.add_highlight(doc, "art_8__para_1", 10, 24, Color.YELLOW)  # undo: delete(ann.id)
    removed = store.delete(ann.id)             # undo: store.insert(removed)
    before, after = store.update(ann.id, note="…")   # undo: store.revert(before)

Every write is one ``BEGIN IMMEDIATE … COMMIT`` with ``synchronous=FULL``:
when a method returns, the change is on disk; when it raises
:class:`WriteFailed`, nothing changed.  Several processes may use the same
file at once (WAL + busy timeout); :meth:`external_change` tells a UI that
another instance wrote, so it can refresh.

Robustness: a file SQLite reports as corrupt is moved aside and replaced
(see :mod:`.database`) and :attr:`recovery` says so; rolling backups (see
:mod:`.backups`) are made at open, at most every ``backup_interval`` seconds
while writing, and at :meth:`close`.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from desktop.annotations import anchoring, schema
from desktop.annotations.backups import BackupFile, Backups
from desktop.annotations.database import BACKUP_DIR, DB_NAME, Recovery, open_database, resolve_data_dir
from desktop.annotations.errors import AnnotationError, DuplicateId, NotFound, WriteFailed
from desktop.annotations.models import Anchor, AnchorStatus, Annotation, AnnotationFilter, Color, Kind, NoteText, now
from desktop.core.model import Document

_UNSET: Any = object()


class Reanchored:
    """One annotation whose anchor changed during :meth:`AnnotationStore.reanchor`."""

    __slots__ = ("after", "before", "score")

    def __init__(self, before: Annotation, after: Annotation, score: float) -> None:
        self.before, self.after, self.score = before, after, score

    @property
    def status(self) -> AnchorStatus:
        return self.after.status

    def __repr__(self) -> str:
        a, b = self.before.anchor, self.after.anchor
        return f"<Reanchored {self.after.id[:8]} {self.status.value} {a.eid}:{a.start} → {b.eid}:{b.start}>"


class AnnotationStore:
    """Annotations of one data folder.  Not Qt-aware; safe to share between threads (one lock)."""

    def __init__(
        self,
        data_dir: str | os.PathLike | None = None,
        *,
        backup_interval: float = 600.0,
        keep_backups: int = 5,
        timeout: float = 15.0,
    ) -> None:
        self.data_dir = resolve_data_dir(data_dir)
        self.path = self.data_dir / DB_NAME
        self.backups = Backups(self.data_dir / BACKUP_DIR, keep_backups)
        self.backup_interval = backup_interval
        self.timeout = timeout
        self._lock = threading.RLock()
        self._dirty = False
        self._last_backup = time.monotonic()
        self._data_version: int | None = None
        self.conn: sqlite3.Connection
        #: Set when the file was found corrupt at open; the UI shows ``recovery.message``.
        self.recovery: Recovery | None
        self.conn, self.recovery = open_database(self.path, self.timeout, self.backups)
        self._auto_backup(at_open=True)
        self.external_change()  # start watching other instances' writes from here

    def close(self) -> None:
        """Back up if anything changed since the last backup, then close."""
        with self._lock:
            if self.conn is None:
                return
            if self._dirty:
                with contextlib.suppress(sqlite3.Error, OSError):
                    self.backups.make(self.conn)
            self.conn.close()
            self.conn = None  # type: ignore[assignment]

    def __enter__(self) -> AnnotationStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ----------------------------------------------------------------- writing

    def _write(self, fn: Callable[[sqlite3.Connection], Any]) -> Any:
        """Run ``fn`` in one immediate transaction; any failure rolls back and raises WriteFailed."""
        with self._lock:
            conn = self.conn
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise WriteFailed(self.path, str(exc)) from exc
            try:
                result = fn(conn)
                conn.execute("COMMIT")
            except BaseException as exc:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise WriteFailed(self.path, str(exc)) from exc
                raise
            self._dirty = True
            self._auto_backup()
            return result

    def _auto_backup(self, at_open: bool = False) -> None:
        """A backup at open and then at most every ``backup_interval`` seconds (across instances)."""
        if not at_open and time.monotonic() - self._last_backup < self.backup_interval:
            return
        age = self.backups.age()
        if age is not None and age < self.backup_interval:
            return
        self.backup_now()

    def backup_now(self) -> BackupFile | None:
        """Make a backup now (unless the store is empty or unchanged since the newest one)."""
        with self._lock:
            self._last_backup = time.monotonic()
            try:
                made = self.backups.make(self.conn)
            except (sqlite3.Error, OSError):
                return None  # a failed backup must never stop the user's work
            self._dirty = False
            return made

    def insert(self, ann: Annotation) -> Annotation:
        """Store a complete annotation with its own id (for undoing a delete); DuplicateId if present."""

        def run(conn):
            try:
                conn.execute(schema.INSERT, schema.to_row(ann))
            except sqlite3.IntegrityError as exc:
                raise DuplicateId(ann.id) from exc

        self._write(run)
        return ann

    def replace(self, ann: Annotation, *, touch: bool = True) -> Annotation:
        """Write ``ann`` whole (insert or overwrite), ``modified`` set to now unless ``touch=False``.

        For undoing an edit prefer :meth:`revert`, which keeps the current anchor.
        """
        if touch:
            ann = ann.model_copy(update={"modified": now()})
        self._write(lambda conn: conn.execute(schema.UPSERT, schema.to_row(ann)))
        return ann

    def update(
        self, annotation_id: str, *, note: str = _UNSET, color: Color | str | None = _UNSET,
        tags: Iterable[str] = _UNSET, kind: Kind = _UNSET,
    ) -> tuple[Annotation, Annotation]:
        """Change the given fields only; returns ``(before, after)``.  NotFound, ValueError (Korean)."""
        changes: dict[str, Any] = {}
        if note is not _UNSET:
            changes["note"] = note
        if color is not _UNSET:
            changes["color"] = Color.parse(color) if color is not None else None
        if tags is not _UNSET:
            changes["tags"] = list(tags)
        if kind is not _UNSET:
            changes["kind"] = Kind(kind)

        def run(conn):
            before = self._get(conn, annotation_id)
            if before is None:
                raise NotFound(annotation_id)
            try:
                after = before.with_changes(**changes, modified=now())
            except ValidationError as exc:
                raise ValueError(_first_error(exc)) from None
            conn.execute(schema.UPSERT, schema.to_row(after))
            return before, after

        return self._write(run)

    def revert(self, version: Annotation) -> tuple[Annotation, Annotation]:
        """Set the user's fields (note, colour, tags, kind) back to those of ``version``.

        Undo/redo of an edit: ``before, after = store.update(…)``; undo is
        ``store.revert(before)``, redo ``store.revert(after)``.  The anchor is
        left alone, so an undo never drags an annotation back to where it was
        before re-anchoring.
        """
        return self.update(version.id, note=version.note, color=version.color, tags=version.tags, kind=version.kind)

    def delete(self, annotation_id: str) -> Annotation:
        """Remove an annotation; returns it (undo: :meth:`insert`).  NotFound if absent."""

        def run(conn):
            before = self._get(conn, annotation_id)
            if before is None:
                raise NotFound(annotation_id)
            conn.execute("DELETE FROM annotations WHERE id = ?", (annotation_id,))
            return before

        return self._write(run)

    # ----------------------------------------------------------------- making

    def add_highlight(
        self, doc: Document, eid: str, start: int, end: int, color: Color | str = Color.YELLOW,
        *, note: str = "", tags: Iterable[str] = (),
    ) -> Annotation:
        """Highlight ``text[start:end]`` of unit ``eid``.  AnchorError (Korean) for a bad unit/range."""
        anchor = anchoring.anchor_range(doc, eid, start, end)
        return self.insert(_new(Kind.HIGHLIGHT, anchor, color=Color.parse(color), note=note, tags=tags))

    def add_note(
        self, doc: Document, eid: str, text: str, *, start: int | None = None, end: int | None = None,
        quote: str | None = None, occurrence: int = 1, color: Color | str | None = None, tags: Iterable[str] = (),
    ) -> Annotation:
        """A note on a range (``start``/``end`` or ``quote``) or, with neither, on the whole unit."""
        if quote is not None:
            anchor = anchoring.anchor_quote(doc, eid, quote, occurrence)
        elif start is not None and end is not None:
            anchor = anchoring.anchor_range(doc, eid, start, end)
        else:
            anchor = anchoring.anchor_unit(doc, eid)
        return self.insert(
            _new(Kind.NOTE, anchor, color=Color.parse(color) if color else None, note=text, tags=tags)
        )

    def add_bookmark(self, doc: Document, eid: str, *, note: str = "", tags: Iterable[str] = ()) -> Annotation:
        """Bookmark the whole unit ``eid``."""
        return self.insert(_new(Kind.BOOKMARK, anchoring.anchor_unit(doc, eid), note=note, tags=tags))

    # ----------------------------------------------------------------- reading

    def _get(self, conn: sqlite3.Connection, annotation_id: str) -> Annotation | None:
        row = conn.execute(schema.SELECT + " WHERE id = ?", (annotation_id,)).fetchone()
        return schema.from_row(row) if row else None

    def get(self, annotation_id: str) -> Annotation | None:
        with self._lock:
            return self._get(self.conn, annotation_id)

    def __contains__(self, annotation_id: object) -> bool:
        return isinstance(annotation_id, str) and self.get(annotation_id) is not None

    def list(self, filter: AnnotationFilter | None = None, **criteria) -> list[Annotation]:
        """Annotations (oldest first) matching ``filter`` or the same fields as keywords."""
        if filter is None:
            filter = AnnotationFilter(**criteria)
        sql, params = schema.SELECT, []
        if filter.doc_id is not None:
            sql, params = sql + " WHERE doc_id = ?", [filter.doc_id]
        with self._lock:
            rows = self.conn.execute(sql + " ORDER BY created, id", params).fetchall()
        return [ann for ann in map(schema.from_row, rows) if filter.matches(ann)]

    def count(self) -> int:
        with self._lock:
            return int(self.conn.execute("SELECT count(*) FROM annotations").fetchone()[0])

    def ids(self) -> set[str]:
        with self._lock:
            return {r[0] for r in self.conn.execute("SELECT id FROM annotations")}

    def orphans(self) -> list[Annotation]:
        return self.list(status=AnchorStatus.ORPHAN)

    def tags(self) -> list[str]:
        """Every tag in use, sorted."""
        return sorted({t for ann in self.list() for t in ann.tags})

    def by_unit(self, doc_id: str) -> dict[str, list[Annotation]]:
        """A document's annotations (orphans left out) grouped by eid: for painting and tree marks."""
        units: dict[str, list[Annotation]] = {}
        for ann in self.list(doc_id=doc_id):
            if not ann.is_orphan:
                units.setdefault(ann.anchor.eid, []).append(ann)
        return units

    def iter_note_texts(self) -> Iterator[NoteText]:
        """Text of every annotation that has a note, for the search index (hits marked 메모)."""
        for ann in self.list():
            if ann.note.strip():
                yield NoteText(id=ann.id, doc_id=ann.anchor.doc_id, eid=ann.anchor.eid, kind=ann.kind,
                               text=ann.note, quote=ann.quote, tags=ann.tags)

    def external_change(self) -> bool:
        """True when another connection (another instance) committed since the last call."""
        with self._lock:
            version = int(self.conn.execute("PRAGMA data_version").fetchone()[0])
            changed = self._data_version is not None and version != self._data_version
            self._data_version = version
            return changed

    def integrity_ok(self) -> bool:
        with self._lock:
            return self.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    # ----------------------------------------------------------------- anchoring

    def reanchor(self, doc: Document | anchoring.DocumentText, *, force: bool = False) -> list[Reanchored]:
        """Re-attach this document's annotations made on another version (and its orphans).

        Changed anchors are written in one transaction; ``created``/``modified``
        are left alone (re-attaching is not an edit).  Returns what changed.
        """
        dt = anchoring.document_text(doc)
        todo = [a for a in self.list(doc_id=dt.doc.id) if force or a.is_orphan or a.anchor.doc_hash != dt.hash]
        changes = []
        for ann in todo:
            result = anchoring.reanchor(ann.anchor, dt)
            after = ann.model_copy(update={"anchor": result.anchor, "status": result.status})
            if after != ann:
                changes.append(Reanchored(ann, after, result.score))
        if changes:
            stamp = now()
            self._write(lambda conn: conn.executemany(
                schema.UPSERT, [schema.to_row(c.after, anchored=stamp) for c in changes]
            ))
        return changes

    def reanchor_all(self, documents: Iterable[Document]) -> list[Reanchored]:
        """:meth:`reanchor` for each document (annotations of other documents are untouched)."""
        changes: list[Reanchored] = []
        for doc in documents:
            changes.extend(self.reanchor(doc))
        return changes

    # ----------------------------------------------------------------- merging

    def merge(self, incoming: Iterable[Annotation]) -> tuple[list[Annotation], list[Annotation]]:
        """Insert unknown ids, overwrite known ones that are older; one transaction.

        Returns ``(added, updated)``.  Used by import and by :meth:`restore_backup`.
        """
        def run(conn):
            added, updated = [], []
            for ann in incoming:
                current = self._get(conn, ann.id)
                if current is None:
                    conn.execute(schema.INSERT, schema.to_row(ann))
                    added.append(ann)
                elif ann.modified > current.modified:
                    conn.execute(schema.UPSERT, schema.to_row(ann))
                    updated.append(ann)
            return added, updated

        return self._write(run)

    def restore_backup(self, backup: BackupFile | Path | None = None) -> int:
        """Bring back every annotation of a backup (default: the newest readable one).

        Nothing current is lost: annotations changed since the backup keep
        their newer form.  Returns how many were added or updated.
        """
        if backup is None:
            readable = self.backups.readable()
            if not readable:
                raise AnnotationError("복원할 수 있는 자동 백업이 없습니다.")
            backup = readable[0]
        path = backup.path if isinstance(backup, BackupFile) else Path(backup)
        try:
            src = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
            try:
                rows = src.execute(schema.SELECT).fetchall()
            finally:
                src.close()
        except sqlite3.Error as exc:
            raise AnnotationError(f"백업 '{path.name}'을(를) 읽을 수 없습니다: {exc}") from exc
        added, updated = self.merge(schema.from_row(r) for r in rows)
        if self.recovery is not None:
            self.recovery = None
        return len(added) + len(updated)


def _new(kind: Kind, anchor: Anchor, *, color: Color | None = None, note: str = "",
         tags: Iterable[str] = ()) -> Annotation:
    stamp = now()
    try:
        return Annotation(kind=kind, anchor=anchor, color=color, note=note, tags=list(tags),
                          original_quote=anchor.exact if anchor.is_range else "", created=stamp, modified=stamp)
    except ValidationError as exc:
        raise ValueError(_first_error(exc)) from None


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    msg = str(err.get("msg", ""))
    return msg.removeprefix("Value error, ")
