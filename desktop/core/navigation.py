"""Back/forward history of visited units (Qt-free; the reader drives it)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """A place in the library: a document and optionally a unit."""

    doc_id: str
    eid: str | None = None

    def __str__(self) -> str:
        return f"{self.doc_id}#{self.eid}" if self.eid else self.doc_id

    @classmethod
    def parse(cls, text: str) -> Location:
        """``"paju-ai-basic#art_8"`` → Location."""
        doc_id, _, eid = text.partition("#")
        return cls(doc_id.strip(), eid.strip() or None)


class History:
    """A browser-style history: visiting after going back drops the forward entries."""

    def __init__(self, limit: int = 200) -> None:
        self._items: list[Location] = []
        self._pos = -1
        self._limit = limit

    @property
    def current(self) -> Location | None:
        return self._items[self._pos] if self._pos >= 0 else None

    def visit(self, location: Location) -> None:
        """Record a new location (ignored when it is the current one)."""
        if self.current == location:
            return
        del self._items[self._pos + 1 :]
        self._items.append(location)
        if len(self._items) > self._limit:
            del self._items[0]
        self._pos = len(self._items) - 1

    def can_back(self) -> bool:
        return self._pos > 0

    def can_forward(self) -> bool:
        return self._pos < len(self._items) - 1

    def back(self) -> Location | None:
        """Step back; returns the new current location or None at the start."""
        if not self.can_back():
            return None
        self._pos -= 1
        return self.current

    def forward(self) -> Location | None:
        """Step forward; returns the new current location or None at the end."""
        if not self.can_forward():
            return None
        self._pos += 1
        return self.current
