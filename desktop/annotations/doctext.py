"""A document's reading text: units with text joined by newlines, mapped back to units.

Anchors take their prefix/suffix from this text and their version hash from
:attr:`DocumentText.hash`.  Build one per document version and reuse it: it
indexes every unit once.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from functools import cached_property

from desktop.annotations.models import CONTEXT_CHARS
from desktop.core.model import Document, Node

#: Longest unit-text snapshot kept for whole-unit anchors.
UNIT_SNAPSHOT_CHARS = 4000


def unit_text(node: Node) -> str:
    """What identifies a whole unit: its heading and text and its sub-units', without its own label.

    The label (``제3조``) is left out so the text survives renumbering; the
    labels of sub-units (``①``, ``1.``) are kept.
    """
    lines = [p for p in (node.heading, node.text) if p]
    for row in node.rows:
        lines.append(" | ".join(row))
    for child in node.children:
        for sub in child.walk():
            line = " ".join(p for p in (sub.label, sub.heading, sub.text) if p)
            if line:
                lines.append(line)
            for row in sub.rows:
                lines.append(" | ".join(row))
    return "\n".join(lines)[:UNIT_SNAPSHOT_CHARS]


def eid_kind(eid: str) -> str:
    """``"art_8__para_2"`` → ``"para"``: the kind of unit an eid names."""
    last = eid.rsplit("__", 1)[-1]
    m = re.match(r"[a-z]+", last)
    return m.group(0) if m else last


class DocumentText:
    """A document's reading text with a map from offsets to units (build once per document version)."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.nodes: dict[str, Node] = {}
        self.order: dict[str, int] = {}
        self.spans: list[tuple[int, int, str]] = []  # (flat start, flat end, eid) of units with text
        self.subtree_end: dict[str, int] = {}  # walk index just past a unit's last descendant
        self._span_walk: list[int] = []  # walk index of each span's unit
        parts: list[str] = []
        pos = 0
        for i, node in enumerate(doc.walk()):
            self.nodes.setdefault(node.eid, node)
            self.order.setdefault(node.eid, i)
            self.subtree_end.setdefault(node.eid, i + sum(1 for _ in node.walk()))
            if node.text:
                self.spans.append((pos, pos + len(node.text), node.eid))
                self._span_walk.append(i)
                parts.append(node.text)
                pos += len(node.text) + 1
        self.flat = "\n".join(parts)
        self._span_starts = [s for s, _, _ in self.spans]
        self._unit_start = {eid: s for s, _, eid in self.spans}

    @cached_property
    def hash(self) -> str:
        """sha256 of the canonical text: every unit's eid, label, heading, text and table rows."""
        h = hashlib.sha256()
        for node in self.doc.walk():
            rows = "\x1e".join("\x1f".join(row) for row in node.rows)
            h.update("\x1d".join((node.eid, node.label, node.heading, node.text, rows)).encode("utf-8"))
            h.update(b"\n")
        return h.hexdigest()

    def node(self, eid: str) -> Node | None:
        return self.nodes.get(eid)

    def flat_offset(self, eid: str, offset: int) -> int | None:
        base = self._unit_start.get(eid)
        return None if base is None else base + offset

    def context(self, eid: str, start: int, end: int) -> tuple[str, str]:
        """The prefix and suffix (up to 32 characters each) around a range of a unit."""
        fs = self.flat_offset(eid, start)
        if fs is None:  # a unit without text has no range
            return "", ""
        fe = fs + (end - start)
        return self.flat[max(0, fs - CONTEXT_CHARS) : fs], self.flat[fe : fe + CONTEXT_CHARS]

    def neighbours(self, eid: str, whole: bool = False) -> tuple[str, str]:
        """The end of the previous unit's text and the start of the next one's (32 characters each).

        With ``whole`` the unit's sub-units are skipped: the neighbours of an
        article are the units around the whole article.
        """
        i = self.order.get(eid)
        if i is None:
            return "", ""
        j = self.subtree_end[eid] if whole else i + 1
        k = bisect.bisect_left(self._span_walk, i) - 1
        m = bisect.bisect_left(self._span_walk, j)
        before = self.nodes[self.spans[k][2]].text[-CONTEXT_CHARS:] if k >= 0 else ""
        after = self.nodes[self.spans[m][2]].text[:CONTEXT_CHARS] if m < len(self.spans) else ""
        return before, after

    def unit_at(self, flat_pos: int) -> tuple[int, int, str] | None:
        i = bisect.bisect_right(self._span_starts, flat_pos) - 1
        if i < 0:
            return None
        span = self.spans[i]
        return span if flat_pos <= span[1] else None

    def occurrences(self, quote: str) -> list[tuple[str, int]]:
        """Every ``(eid, start)`` where ``quote`` occurs inside one unit's text."""
        found = []
        pos = self.flat.find(quote)
        while pos >= 0 and quote:
            span = self.unit_at(pos)
            if span and pos + len(quote) <= span[1]:
                found.append((span[2], pos - span[0]))
            pos = self.flat.find(quote, pos + 1)
        return found

    @cached_property
    def unit_texts(self) -> dict[str, str]:
        return {eid: unit_text(node) for eid, node in self.nodes.items()}


def document_text(doc: Document | DocumentText) -> DocumentText:
    return doc if isinstance(doc, DocumentText) else DocumentText(doc)


def document_hash(doc: Document | DocumentText) -> str:
    """The version hash stored in anchors (sha256 hex of the canonical text)."""
    return document_text(doc).hash
