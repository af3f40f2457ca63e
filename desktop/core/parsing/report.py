"""Parser for council review reports (심사보고서 / 검토보고서) exported to text.

The genre: a title block (의안명, "심사 보고서", 의안번호, date, committee),
Roman-numeral sections (``I. 심사경과``) with ``가.`` subsections (``가. 회부일자 :
2024년 2월 7일`` → heading before the colon, text after), ``-`` bullets nested
by indent or marker, ``N)`` footnotes referenced by superscripts (``¹⁾``),
tab-separated tables under ``< caption >`` / ``※`` / ``(단위: …)`` lines, and
attachments: 【참고자료】, the bill (제안이유 …, 개정문, 부칙), the
신·구조문대비표 and the 비용추계서.  Headings use the first of these styles they
meet, outermost first: ``I.`` ``1.`` ``가.`` ``1)`` ``(1)`` ``(가)``.

eIds come from the document's own numbering, or count siblings within their
parent only, so editing one unit never renumbers another section:

- sections ``rpt_3`` (III.); headings below: ``pt_2`` (2.), ``sub_2`` (나.),
  ``num_1`` (1) that is no footnote), ``pnum_1`` ((1)), ``plet_1`` ((가));
- within a parent: paragraphs and bullets ``p_N``, tables ``tbl_N``, notes
  (※, *, 자료:) ``note_N``, comparison tables ``cmp_N``; a bullet's sub-bullets
  hang under it (``rpt_3__sub_3__p_2__p_1``);
- footnotes ``fn_N`` by their own number, at top level right after the unit
  they occur in; the items they quote ``fn_2__item_1``;
- attachments ``ref`` (【참고자료】), ``bill`` (its 개정문 ``bill__amend`` with
  ``…__p_N``, quoted new items ``…__p_2__item_4``, ``…__suppl``), ``cmp``
  (신·구조문대비표), ``cost`` (비용추계서); repeats get ``_r2``.

Fidelity rule: the words of the tree, in tree order, equal the source's
(:func:`fidelity.source_markup_free`, compared as :func:`text.skeleton`) once
two deliberately moved kinds of unit are taken out of both sides: footnotes
(moved out of the sentence they interrupt, which is rejoined) and comparison
tables (re-paired per article; their column-major words are contiguous in the source).

A file without section headings, or with an unbalanced ``<u>`` in a table, is
a :class:`ParseError` naming the file and line; other unrecognised lines stay
as ``p`` paragraphs, never dropped.
"""

from __future__ import annotations

import re
from pathlib import Path

from desktop.core import eids
from desktop.core.model import Document, DocumentKind, Node, NodeKind
from desktop.core.parsing import patterns as pt
from desktop.core.parsing import report_lines as rl
from desktop.core.parsing.errors import ParseError
from desktop.core.parsing.report_tables import TableBuffer
from desktop.core.text import collapse_spaces, normalize


class _ReportParser:
    """Reads body lines in order and hangs each unit where the reader sees it."""

    def __init__(self, lines: list[str], path: str | Path, subject: str, section_rank: int) -> None:
        self.lines, self.path, self.section_rank = lines, path, section_rank
        self.subject_key = subject.replace(" ", "")
        self.nodes: list[Node] = []
        self.pending_notes: list[Node] = []  # footnotes waiting for the next top-level unit
        self.used: set[str] = set()
        self.counts: dict[tuple[str, str], int] = {}
        self.root: Node | None = None  # the open attachment; None in the report body
        self.stack: list[tuple[int, Node]] = []  # open headings (rank, node)
        self.bullets: list[tuple[int, int, Node]] = []  # open bullets (indent, marker rank, node)
        self.last: Node | None = None  # where a wrapped line goes
        self.last_table: Node | None = None  # a table nothing has followed yet
        self.table: TableBuffer | None = None
        self.table_parent: Node | None = None
        self.caption: tuple[str, list[str]] = ("", [])
        self.footnote: Node | None = None
        self.interrupted: Node | None = None  # the sentence a footnote broke off
        self.referenced: set[int] = set()
        self.amend: Node | None = None  # an open 개정문
        self.amend_title = False
        self.amend_para: Node | None = None
        self.suppl: Node | None = None

    # -- ids and placement ---------------------------------------------------
    def _eid(self, parent: Node | None, segment: str) -> str:
        eid = eids.join(parent.eid if parent else None, segment)
        n, candidate = 2, eid
        while candidate in self.used:
            candidate, n = f"{eid}_r{n}", n + 1
        self.used.add(candidate)
        return candidate

    def _next(self, parent: Node | None, prefix: str) -> str:
        key = (parent.eid if parent else "", prefix)
        self.counts[key] = self.counts.get(key, 0) + 1
        return self._eid(parent, f"{prefix}_{self.counts[key]}")

    def _parent(self) -> Node | None:
        if self.amend is not None:
            return self.suppl or self.amend
        return self.stack[-1][1] if self.stack else self.root

    def _emit(self, node: Node, parent: Node | None, keep_table: bool = False) -> Node:
        if parent is None:
            self.nodes.extend(self.pending_notes)
            self.pending_notes = []
            self.nodes.append(node)
        else:
            parent.children.append(node)
        self.footnote = self.interrupted = None
        if not keep_table:
            self.last_table = None
        self.last = node
        return node

    def _next_nonblank(self, i: int) -> int | None:
        return next((j for j in range(i + 1, len(self.lines)) if self.lines[j].strip()), None)

    # -- the loop ------------------------------------------------------------
    def run(self, start: int) -> list[Node]:
        after_blank, i = True, start
        while i < len(self.lines):
            raw = self.lines[i]
            if not raw.strip():
                after_blank, i = True, i + 1
                continue
            for m in rl.FOOTNOTE_REF.finditer(raw):
                self.referenced.add(int((m["sup"] or "").translate(rl.SUPERSCRIPT) or m["num"]))
            i += self._line(i, raw, collapse_spaces(raw), after_blank)
            after_blank = False
        self._close_table()
        self.nodes.extend(self.pending_notes)
        return self.nodes

    def _line(self, i: int, raw: str, line: str, after_blank: bool) -> int:
        if self.table is not None:
            if "\t" in raw:
                self.table.add(i + 1, raw)
                return 1
            if self._group_line(i, line):
                self.table.add_group(i + 1, line)
                return 1
            self._close_table()
        if self.amend is not None and self.amend_title:
            self._amend_line(line, after_blank)
            return 1
        if consumed := self._attachment(i, line):
            return consumed
        if "\t" in raw:
            self.table = TableBuffer(i + 1, self.caption[0], self.caption[1])
            self.table_parent, self.caption = self._parent(), ("", [])
            self.table.add(i + 1, raw)
        elif self.root is not None and self.amend is None and rl.AMEND_START.match(line):
            self.stack, self.bullets, self.suppl, self.amend_para = [], [], None, None
            self.amend = self._emit(Node(eid=self._eid(self.root, "amend"), kind=NodeKind.REPORT_SECTION, label=line), self.root)
            self.amend_title = True
        elif self.amend is not None:
            self._amend_line(line, after_blank)
        elif not (self._caption(i, line) or self._footnote(line) or self._heading(line)):
            self._other(raw, line, after_blank)
        return 1

    # -- tables --------------------------------------------------------------
    def _group_line(self, i: int, line: str) -> bool:
        """``3. AI 안전망 조성`` between blank lines inside a table with group rows."""
        if self.table is None or len(line) > 40 or rl.BULLET.match(line) or not self.table.has_group_rows:
            return False
        j = self._next_nonblank(i)
        return j is not None and "\t" in self.lines[j] and len(self.lines[j].split("\t")) == self.table.width

    def _close_table(self) -> None:
        buf, parent, self.table = self.table, self.table_parent, None
        if buf is None or not buf.lines:
            return
        if buf.is_comparison():
            rows, marks = buf.build_comparison(self.path)
            root = self.root
            if root is not None and root.kind == NodeKind.COMPARISON_TABLE and not root.rows and parent is root:
                root.rows, root.marks = rows, marks
                root.notes.extend(buf.notes)
                self.last_table, self.last = root, None
                return
            node = Node(eid=self._next(parent, "cmp"), kind=NodeKind.COMPARISON_TABLE, heading=buf.heading,
                        notes=buf.notes, rows=rows, marks=marks)
        else:
            rows, marks = buf.build(self.path)
            if len(rows) == 1 and len(rows[0]) == 2 and not (buf.heading or buf.notes or marks):
                self._emit(Node(eid=self._next(parent, "p"), kind=NodeKind.TEXT, heading=rows[0][0], text=rows[0][1]), parent)
                return
            node = Node(eid=self._next(parent, "tbl"), kind=NodeKind.TABLE, heading=buf.heading, notes=buf.notes,
                        rows=rows, marks=marks)
        self._emit(node, parent)
        self.last_table, self.last = node, None

    def _caption(self, i: int, line: str) -> bool:
        """A caption or unit line kept for the table that follows it."""
        caption, unit = rl.CAPTION.match(line), rl.UNIT.match(line)
        if not (caption or unit):
            return False
        j = self._next_nonblank(i)
        while j is not None and rl.UNIT.match(self.lines[j].strip()):
            j = self._next_nonblank(j)
        if j is None or "\t" not in self.lines[j]:
            return False
        heading, notes = self.caption
        if caption:
            heading = collapse_spaces(caption["angle"] or caption["ref"] or caption["square"])
        else:
            notes = [*notes, collapse_spaces(unit["unit"])]
        self.caption = (heading, notes)
        return True

    # -- units ---------------------------------------------------------------
    def _attachment(self, i: int, line: str) -> int:
        """Start 【참고자료】, the bill, the 신·구조문대비표 or the 비용추계서; lines consumed."""
        if line.replace(" ", "") == self.subject_key:
            j = self._next_nonblank(i)
            if j is not None and rl.COST.search(self.lines[j]) and len(self.lines[j].strip()) <= 30:
                self._open_attachment("cost", NodeKind.REPORT_SECTION, collapse_spaces(self.lines[j]), label=line)
                return j - i + 1
            self._open_attachment("bill", NodeKind.REPORT_SECTION, line)
            return 1
        if rl.COMPARISON.match(line):
            self._open_attachment("cmp", NodeKind.COMPARISON_TABLE, line)
            return 1
        if m := rl.REF_ATTACHMENT.match(line):
            self._open_attachment("ref", NodeKind.REPORT_SECTION, m["name"])
            rest = m["rest"].strip()
            if rest and not self._caption(i, rest):
                self._other(rest, rest, True)
            return 1
        return 0

    def _open_attachment(self, segment: str, kind: NodeKind, heading: str, label: str = "") -> None:
        self._close_table()
        self.stack, self.bullets, self.amend = [], [], None
        self.root = self._emit(Node(eid=self._eid(None, segment), kind=kind, label=label, heading=heading), None)
        self.last = None

    def _footnote(self, line: str) -> bool:
        m = rl.FOOTNOTE.match(line)
        if not m or int(m["num"]) not in self.referenced:
            return False
        number = int(m["num"])
        self.referenced.discard(number)
        if self.footnote is None:
            last = self.last
            self.interrupted = last if last is not None and last.kind != NodeKind.FOOTNOTE and rl.is_open(last.text) else None
        node = Node(eid=self._eid(None, f"fn_{number}"), kind=NodeKind.FOOTNOTE, label=f"{number})", text=m["text"])
        self.pending_notes.append(node)
        self.footnote = self.last = node
        return True

    def _heading(self, line: str) -> bool:
        if self.footnote is not None and rl.LIST_INTRO.search(self.footnote.text) and (item := rl.ITEM.match(line)):
            self._footnote_item(item)
            return True
        for rank, (prefix, pattern, fmt) in enumerate(rl.STYLES):
            m = pattern.match(line)
            if m is None or (rank < self.section_rank and self.root is None):
                continue
            heading, text = rl.split_heading(m["rest"])
            notes: list[str] = []
            top = rank == self.section_rank and self.root is None
            if top and not text and (s := rl.SPEAKER.match(heading)):
                heading, notes = s["head"], [s["who"].strip()]
            while self.stack and self.stack[-1][0] >= rank:
                self.stack.pop()
            parent = None if top else self._parent()
            if top:
                self.stack = []
                prefix = "rpt"
            node = Node(eid=self._eid(parent, f"{prefix}_{rl.token(prefix, m['num'])}"), kind=NodeKind.REPORT_SECTION,
                        label=fmt.format(m["num"]), heading=heading, text=text, notes=notes)
            self._emit(node, parent)
            self.stack.append((rank, node))
            self.bullets = []
            self.last = node if text else None
            return True
        return False

    def _footnote_item(self, m: re.Match[str]) -> None:
        fn = self.footnote
        assert fn is not None
        num = m["num"]
        kind, seg = (NodeKind.SUBITEM, f"sub_{eids.subitem_index(num)}") if num in rl.LETTERS else (NodeKind.ITEM, f"item_{int(num)}")
        item = Node(eid=self._eid(fn, seg), kind=kind, label=f"{num}.", text=m["text"])
        fn.children.append(item)
        self.last = item

    def _other(self, raw: str, line: str, after_blank: bool) -> None:
        """Bullets, notes, source lines and plain paragraphs."""
        if m := rl.BULLET.match(raw):
            indent, rank = len(m["indent"].expandtabs(4)), rl.MARK_RANK.get(m["mark"], 2)
            while self.bullets and not (self.bullets[-1][0] < indent or (self.bullets[-1][0] == indent and self.bullets[-1][1] < rank)):
                self.bullets.pop()
            parent = self.bullets[-1][2] if self.bullets else self._parent()
            text, label = collapse_spaces(m["text"]), ""
            if lm := rl.LIST_LABEL.match(text):
                label, text = lm["label"], lm["text"]
            node = self._emit(Node(eid=self._next(parent, "p"), kind=NodeKind.TEXT, label=label, text=text), parent)
            self.bullets.append((indent, rank, node))
        elif (m := rl.NOTE.match(line)) or (self.last_table is not None and rl.SOURCE.match(line)):
            table = self.last_table
            parent = table or self._parent()
            label, text = (m["mark"], m["text"]) if m else ("", line)
            self._emit(Node(eid=self._next(parent, "note"), kind=NodeKind.NOTE, label=label, text=text), parent, keep_table=True)
        elif self.footnote is not None and after_blank and self.interrupted is not None:
            node = self.interrupted
            node.text = rl.joined(node.text, line)
            self.footnote = self.interrupted = None
            self.last = node
        elif (kv := rl.KEY_VALUE.match(line)) and not line.startswith(("(", "「")):
            parent = self._parent()
            self._emit(Node(eid=self._next(parent, "p"), kind=NodeKind.TEXT, heading=kv["key"].strip(), text=kv["value"]), parent)
        elif not after_blank and self.last is not None:
            self.last.text = rl.joined(self.last.text, line) if self.last.text else line
        elif (root := self.root) is not None and not (root.children or root.text) and re.fullmatch(r"\(.+\)", line):
            root.text = line
        else:
            parent = self._parent()
            self._emit(Node(eid=self._next(parent, "p"), kind=NodeKind.TEXT, text=line), parent)

    def _amend_line(self, line: str, after_blank: bool) -> None:
        """A line of the bill's 개정문: title, enacting clause, instructions, new items, 부칙."""
        amend = self.amend
        assert amend is not None
        if self.amend_title:
            if rl.ENACTING.search(line) or len(amend.heading) > 80:
                self.amend_title = False
                amend.text = line
                self.last = amend
            else:
                amend.heading = f"{amend.heading} {line}".strip()
            return
        if m := pt.SUPPLEMENTARY.match(line):
            self.amend_para = self.suppl = self._emit(
                Node(eid=self._eid(amend, "suppl"), kind=NodeKind.SUPPLEMENTARY, label="부칙", text=m["rest"].strip()), amend)
        elif (m := pt.ITEM.match(line) or pt.SUBITEM.match(line)) and self.amend_para is not None:
            if "letter" in m.groupdict():
                kind, seg, label = NodeKind.SUBITEM, f"sub_{eids.subitem_index(m['letter'])}", f"{m['letter']}."
            else:
                kind, seg, label = NodeKind.ITEM, f"item_{eids.number_token(pt.compact_number(m['num']))}", f"{pt.compact_number(m['num'])}."
            self._emit(Node(eid=self._eid(self.amend_para, seg), kind=kind, label=label, text=m["text"].strip()), self.amend_para)
        elif not after_blank and self.last is not None:
            self.last.text = rl.joined(self.last.text, line) if self.last.text else line
        elif self.suppl is not None and not (self.suppl.text or self.suppl.children):
            self.suppl.text = line
            self.last = self.suppl
        else:
            parent = self.suppl or amend
            self.amend_para = self._emit(Node(eid=self._next(parent, "p"), kind=NodeKind.TEXT, text=line), parent)


def parse_report_text(text: str, path: str | Path, doc_id: str | None = None) -> Document:
    """Parse a review report's text into a :class:`Document` (raises :class:`ParseError`)."""
    lines = normalize(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not any(ln.strip() for ln in lines):
        raise ParseError(path, "빈 파일입니다")
    starts = {
        rank: next((i for i, ln in enumerate(lines) if rl.STYLES[rank][1].match(ln.strip()) and not rl.TOC_LINE.search(ln)), None)
        for rank in (0, 1)
    }
    rank = 0 if starts[0] is not None else 1
    start = starts[rank]
    if start is None:
        first = next(i for i, ln in enumerate(lines) if ln.strip()) + 1
        raise ParseError(path, "보고서의 장(I. 심사경과 …)을 찾을 수 없습니다: 심사·검토보고서 형식이 아닙니다", first)
    title, subject, metadata, preamble = rl.header(lines[:start])
    nodes = _ReportParser(lines, path, subject or title, rank).run(start)
    return Document(id=doc_id or Path(path).stem, title=title or Path(path).stem, kind=DocumentKind.REPORT,
                    metadata=metadata, preamble=preamble, nodes=nodes)


def parse_report(path: str | Path, doc_id: str | None = None) -> Document:
    """Read and parse a review report file."""
    from desktop.core.parsing.errors import read_text

    return parse_report_text(read_text(path), path, doc_id)
