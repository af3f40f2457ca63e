"""Runs searches off the GUI thread; only the newest query is answered."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QThread, Signal


class SearchWorker(QThread):
    """A background thread that answers ``request`` with ``finished(seq, query, hits, error)``.

    Typing fast queues nothing: a request replaces the one still waiting, and
    answers to superseded requests are dropped by the panel using ``seq``.
    """

    finished = Signal(int, str, object, str)  # seq, query, hits (list), error message

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._engine = None
        self.notes = None  # callable () -> (notes iterable, library), for 메모 hits
        self._cond = threading.Condition()
        self._pending: tuple[int, str, str | None, int] | None = None
        self._stop = False
        self.last_duration_ms = 0.0

    def set_engine(self, engine) -> None:
        """Use ``engine`` (anything with ``search(query, doc=None, limit=…)``)."""
        with self._cond:
            self._engine = engine
            self._cond.notify()

    def request(self, seq: int, query: str, doc: str | None, limit: int = 50) -> None:
        """Ask for a search; replaces any request not yet started."""
        with self._cond:
            self._pending = (seq, query, doc, limit)
            self._cond.notify()

    def stop(self) -> None:
        """End the thread (waits for a running search)."""
        with self._cond:
            self._stop = True
            self._cond.notify()
        self.wait(5000)

    def _note_hits(self, query: str, doc: str | None, limit: int) -> list:
        if self.notes is None:
            return []
        try:
            from desktop.search.note_search import search_notes

            notes, library = self.notes()
            return search_notes(query, notes, library, doc=doc, limit=min(limit, 20))
        except Exception:  # the notes must never break searching the documents
            return []

    def run(self) -> None:
        while True:
            with self._cond:
                while not self._stop and (self._pending is None or self._engine is None):
                    self._cond.wait()
                if self._stop:
                    return
                seq, query, doc, limit = self._pending
                self._pending = None
                engine = self._engine
            started = time.perf_counter()
            try:
                hits = list(engine.search(query, doc=doc, limit=limit))
                jumps = [h for h in hits if getattr(h, "kind", "") == "citation"]
                rest = [h for h in hits if getattr(h, "kind", "") != "citation"]
                hits = jumps + self._note_hits(query, doc, limit) + rest  # a 바로 가기 stays first
                error = ""
            except Exception as exc:  # a search must never take the app down
                hits, error = [], f"검색 중 오류가 발생했습니다: {exc}"
            self.last_duration_ms = (time.perf_counter() - started) * 1000
            self.finished.emit(seq, query, hits, error)
