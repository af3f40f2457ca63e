"""Tab-separated tables of review reports, and the 신·구조문대비표.

A table is a run of lines holding tabs.  Cells may carry ``<p>…</p>`` blocks
and ``<u>…</u>`` underlines (the changes of a 신·구조문대비표): the tags are
removed from the text and the underlined spans kept as :class:`Mark` spans.
A 신·구조문대비표 exported as one row per column of ``<p>`` blocks is re-paired
into one row per article (제N조), header row first.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core.model import Mark
from desktop.core.parsing import patterns as pt
from desktop.core.parsing.errors import ParseError

_TAG = re.compile(r"<(?P<close>/?)(?P<name>[a-zA-Z]+)\b[^>]*>")
_KNOWN_TAGS = {"p", "u", "br", "b", "i", "span", "div", "sup", "sub", "img"}
_SEPARATOR_CELL = re.compile(r"^[\s:]*[-=]{2,}[\s:]*$")
#: Header cells of a 신·구조문대비표 (spaces removed).
_COMPARISON_HEADERS = {("현행", "개정안"), ("현행", "개정(안)"), ("개정전", "개정후"), ("현행", "개정")}

#: A cell block: its text and the (start, end) spans underlined in it.
Block = tuple[str, list[tuple[int, int]]]


def is_separator_row(cells: list[str]) -> bool:
    """``------\\t------``: a markdown-style rule under a header, not content."""
    filled = [c for c in cells if c.strip()]
    return bool(filled) and all(_SEPARATOR_CELL.match(c) for c in filled)


def cell_blocks(raw: str, path: str | Path, line: int) -> list[Block]:
    """Split a raw cell into ``<p>`` blocks, dropping tags and keeping ``<u>`` spans.

    Runs of blanks become one space.  An unbalanced ``<u>`` is a :class:`ParseError`.
    """
    blocks: list[Block] = []
    buf: list[str] = []
    spans: list[tuple[int, int]] = []
    open_u: int | None = None

    def text_len() -> int:
        return sum(len(s) for s in buf)

    def finish() -> None:
        nonlocal buf, spans
        text = "".join(buf)
        lead = len(text) - len(text.lstrip())
        stripped = text.strip()
        trimmed = []
        for start, end in spans:
            start, end = max(start - lead, 0), min(end - lead, len(stripped))
            while start < end and stripped[start] == " ":
                start += 1
            while end > start and stripped[end - 1] == " ":
                end -= 1
            if end > start:
                trimmed.append((start, end))
        if stripped:
            blocks.append((stripped, trimmed))
        buf, spans = [], []

    def add(piece: str) -> None:
        piece = re.sub(r"\s+", " ", html.unescape(piece))
        if piece.startswith(" ") and (not buf or "".join(buf).endswith(" ")):
            piece = piece[1:]
        buf.append(piece)

    pos = 0
    for m in _TAG.finditer(raw):
        if m["name"].lower() not in _KNOWN_TAGS:
            continue  # "<신 설>" and the like are words, not markup
        add(raw[pos : m.start()])
        pos = m.end()
        name, closing = m["name"].lower(), bool(m["close"])
        if name == "u":
            if closing == (open_u is None):
                raise ParseError(path, f"표 칸의 밑줄 표시({m.group(0)})가 짝이 맞지 않습니다", line)
            if closing:
                spans.append((open_u, text_len()))
                open_u = None
            else:
                open_u = text_len()
        elif name == "p":
            if open_u is not None:
                raise ParseError(path, "밑줄 표시(<u>)가 문단(<p>) 안에서 닫히지 않았습니다", line)
            finish()
        else:
            add(" ")
    add(raw[pos:])
    if open_u is not None:
        raise ParseError(path, "표 칸의 밑줄 표시(<u>)가 닫히지 않았습니다", line)
    finish()
    return blocks


def join_blocks(blocks: list[Block], sep: str = "\n") -> Block:
    """Blocks as one cell text, spans shifted accordingly."""
    text, spans = "", []
    for body, marks in blocks:
        if text:
            text += sep
        offset = len(text)
        spans.extend((offset + s, offset + e) for s, e in marks)
        text += body
    return text, spans


@dataclass
class TableBuffer:
    """The lines of one table as they are read: raw cells with their line numbers."""

    first_line: int
    heading: str = ""
    notes: list[str] = field(default_factory=list)
    lines: list[tuple[int, list[str]]] = field(default_factory=list)

    def add(self, number: int, raw: str) -> None:
        """Add a tab-separated line (rules under headers are dropped)."""
        cells = raw.split("\t")
        if not is_separator_row(cells):
            self.lines.append((number, cells))

    def add_group(self, number: int, text: str) -> None:
        """A group heading line without tabs inside the table (``3. AI 안전망 조성``)."""
        self.lines.append((number, [text] + [""] * (self.width - 1)))

    @property
    def width(self) -> int:
        return max((len(c) for _, c in self.lines), default=0)

    @property
    def has_group_rows(self) -> bool:
        """True when a row fills only its first cell (a group heading row)."""
        return any(c[0].strip() and not any(x.strip() for x in c[1:]) for _, c in self.lines if len(c) > 1)

    def is_comparison(self) -> bool:
        """Header cells 현행 / 개정안, or ``<p>`` blocks in the cells."""
        if not self.lines:
            return False
        head = tuple(re.sub(r"\s+", "", c) for c in self.lines[0][1] if c.strip())
        return head in _COMPARISON_HEADERS or any("<p>" in c for _, cells in self.lines for c in cells)

    def build(self, path: str | Path) -> tuple[list[list[str]], list[Mark]]:
        """Rows (header first, padded to one width) and underline marks."""
        width = self.width
        rows: list[list[str]] = []
        marks: list[Mark] = []
        for number, cells in self.lines:
            row = []
            for col, raw in enumerate(cells + [""] * (width - len(cells))):
                text, spans = join_blocks(cell_blocks(raw, path, number))
                marks.extend(Mark(start=s, end=e, row=len(rows), col=col) for s, e in spans)
                row.append(text)
            rows.append(row)
        return rows, marks

    def build_comparison(self, path: str | Path) -> tuple[list[list[str]], list[Mark]]:
        """A 신·구조문대비표: header row, then one row per article of either column."""
        if len(self.lines) < 2:
            return self.build(path)
        width = self.width
        number, head = self.lines[0]
        header = [join_blocks(cell_blocks(c, path, number))[0] for c in head + [""] * (width - len(head))]
        columns: list[list[tuple[str, list[Block]]]] = []
        for col in range(width):
            groups: list[tuple[str, list[Block]]] = []
            for number, cells in self.lines[1:]:
                for block in cell_blocks(cells[col] if col < len(cells) else "", path, number):
                    art = pt.match_article(block[0])
                    if art is not None or not groups:
                        groups.append((art.number if art else "", []))
                    groups[-1][1].append(block)
            columns.append(groups)
        keys = _ordered_keys([[k for k, _ in groups] for groups in columns])
        if keys == [""]:
            return self.build(path)
        rows, marks = [header], []
        for key in keys:
            row = []
            for col, groups in enumerate(columns):
                blocks = [b for k, bs in groups if k == key for b in bs]
                text, spans = join_blocks(blocks)
                marks.extend(Mark(start=s, end=e, row=len(rows), col=col) for s, e in spans)
                row.append(text)
            rows.append(row)
        return rows, marks


def _ordered_keys(columns: list[list[str]]) -> list[str]:
    """Article keys of all columns in reading order; keys new in a later column follow their predecessor."""
    order: list[str] = []
    for keys in columns:
        previous = None
        for key in keys:
            if key not in order:
                order.insert(order.index(previous) + 1 if previous is not None else 0, key)
            previous = key
    return order
