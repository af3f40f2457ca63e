"""Maps positions in the reader's QTextDocument to ``(eid, offset)`` in a unit's text and back."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QTextCursor, QTextDocument


@dataclass(frozen=True)
class Span:
    """Where one unit's ``text`` sits in the rendered document."""

    eid: str
    start: int  # absolute document position of text[0]
    length: int

    @property
    def end(self) -> int:
        return self.start + self.length


class TextMap:
    """Built after each render by finding every unit's text, in order, in the document's blocks."""

    def __init__(self, document: QTextDocument, units: list[tuple[str, str]]) -> None:
        self.spans: list[Span] = []
        block = document.begin()
        for eid, text in units:
            if not text:
                continue
            probe = block
            while probe.isValid():
                found = probe.text().find(text)
                if found >= 0:
                    self.spans.append(Span(eid, probe.position() + found, len(text)))
                    block = probe.next()
                    break
                probe = probe.next()

    def locate(self, position: int) -> tuple[str, int] | None:
        """The unit and offset at a document position (None outside unit text)."""
        for span in self.spans:
            if span.start <= position <= span.end:
                return span.eid, position - span.start
        return None

    def selection(self, cursor: QTextCursor) -> tuple[str, int, int] | None:
        """``(eid, start, end)`` of a selection inside one unit's text, trimmed of blanks; else None."""
        if not cursor.hasSelection():
            return None
        a, b = sorted((cursor.selectionStart(), cursor.selectionEnd()))
        for span in self.spans:
            if span.start <= a < span.end:
                start, end = a - span.start, min(b, span.end) - span.start
                if b > span.end and b - span.end > 1:
                    return None  # crosses into another unit
                return (span.eid, start, end) if end > start else None
        return None

    def span_of(self, eid: str) -> Span | None:
        return next((s for s in self.spans if s.eid == eid), None)
