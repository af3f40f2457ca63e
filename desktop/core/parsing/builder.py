"""Builds the legal tree (편/장/절/관 → 조 → 항 → 호 → 목, 부칙) from parser events.

Parsers recognise lines; this class decides where each unit hangs and which
eid it gets, so every format produces the same shapes and ids.
"""

from __future__ import annotations

from desktop.core import eids
from desktop.core.model import CONTAINER_KINDS, Node, NodeKind
from desktop.core.text import circled, collapse_spaces

_CONTAINER_ORDER = [NodeKind.PART, NodeKind.CHAPTER, NodeKind.SECTION, NodeKind.SUBSECTION]
_CONTAINER_PREFIX = {
    NodeKind.PART: "part",
    NodeKind.CHAPTER: "chp",
    NodeKind.SECTION: "sec",
    NodeKind.SUBSECTION: "subsec",
}


def _tidy(text: str) -> str:
    """A unit's text with runs of blanks collapsed (cheap when there are none)."""
    return collapse_spaces(text) if "  " in text or "\t" in text else text.strip()


class TreeBuilder:
    """Receives units in document order and assembles nodes with unique eids."""

    def __init__(self) -> None:
        self.nodes: list[Node] = []
        self._containers: list[Node] = []  # open 편/장/절/관, outermost first
        self._suppl: Node | None = None
        self._article: Node | None = None
        self._paragraph: Node | None = None
        self._item: Node | None = None
        self._subitem: Node | None = None
        self._last: Node | None = None  # the node continuation text goes to
        self._used: set[str] = set()
        self._suppl_count = 0
        self._text_count: dict[str, int] = {}

    # -- helpers -----------------------------------------------------------
    def _unique(self, eid: str) -> str:
        if eid not in self._used:
            self._used.add(eid)
            return eid
        n = 2
        while f"{eid}_r{n}" in self._used:
            n += 1
        self._used.add(f"{eid}_r{n}")
        return f"{eid}_r{n}"

    def _attach(self, node: Node, parent: Node | None) -> Node:
        (parent.children if parent is not None else self.nodes).append(node)
        self._last = node
        return node

    def _body_parent(self) -> Node | None:
        """Where an article or loose text goes: the open 부칙 or innermost container."""
        if self._suppl is not None:
            return self._suppl
        return self._containers[-1] if self._containers else None

    def _close_units(self) -> None:
        self._article = self._paragraph = self._item = self._subitem = None

    # -- events ------------------------------------------------------------
    def container(self, kind: NodeKind, number: str, label: str, heading: str = "", notes: list[str] | None = None) -> Node:
        """Open a 편/장/절/관; closes any open container of the same or lower rank."""
        rank = _CONTAINER_ORDER.index(kind)
        while self._containers and _CONTAINER_ORDER.index(self._containers[-1].kind) >= rank:
            self._containers.pop()
        self._suppl = None
        self._close_units()
        parent = self._containers[-1] if self._containers else None
        eid = self._unique(eids.join(parent.eid if parent else None, f"{_CONTAINER_PREFIX[kind]}_{eids.number_token(number)}"))
        node = Node(eid=eid, kind=kind, label=label, heading=heading, notes=notes or [])
        self._containers.append(node)
        return self._attach(node, parent)

    def supplementary(self, label: str = "부칙", heading: str = "", text: str = "", notes: list[str] | None = None) -> Node:
        """Open a 부칙 block (``suppl``, then ``suppl_2`` …) at top level."""
        self._containers = []
        self._close_units()
        self._suppl_count += 1
        eid = "suppl" if self._suppl_count == 1 else f"suppl_{self._suppl_count}"
        node = Node(eid=self._unique(eid), kind=NodeKind.SUPPLEMENTARY, label=label, heading=heading, text=text, notes=notes or [])
        self._suppl = node
        return self._attach(node, None)

    def article(self, number: str, label: str, heading: str = "", text: str = "", notes: list[str] | None = None) -> Node:
        """Start 제N조 (``number`` like ``"7"`` or ``"7의2"``)."""
        parent = self._body_parent()
        prefix = self._suppl.eid if self._suppl is not None else None
        eid = self._unique(eids.join(prefix, f"art_{eids.number_token(number)}"))
        node = Node(eid=eid, kind=NodeKind.ARTICLE, label=label, heading=heading, text=_tidy(text), notes=notes or [])
        self._close_units()
        self._article = node
        return self._attach(node, parent)

    def paragraph(self, number: int, text: str = "", label: str | None = None, notes: list[str] | None = None) -> Node:
        """Add 항 ``number`` (①=1) to the current article (or 부칙)."""
        parent = self._article or self._suppl
        if parent is None:
            return self.text(f"{label or circled(number)} {text}".strip())
        eid = self._unique(eids.join(parent.eid, f"para_{number}"))
        node = Node(eid=eid, kind=NodeKind.PARAGRAPH, label=label or circled(number), text=_tidy(text), notes=notes or [])
        self._paragraph, self._item, self._subitem = node, None, None
        return self._attach(node, parent)

    def item(self, number: str, text: str = "", label: str | None = None, notes: list[str] | None = None) -> Node:
        """Add 호 ``number`` (``"4"`` or ``"4의2"``) to the current 항, article or 부칙."""
        parent = self._paragraph or self._article or self._suppl
        label = label or f"{number}."
        if parent is None:
            return self.text(f"{label} {text}".strip())
        eid = self._unique(eids.join(parent.eid, f"item_{eids.number_token(number)}"))
        node = Node(eid=eid, kind=NodeKind.ITEM, label=label, text=_tidy(text), notes=notes or [])
        self._item, self._subitem = node, None
        return self._attach(node, parent)

    def subitem(
        self, letter: str, text: str = "", label: str | None = None, notes: list[str] | None = None, branch: str = ""
    ) -> Node:
        """Add 목 ``letter`` (가, 나 …; ``branch`` "2" for 가의2) to the current 호."""
        label = label or (f"{letter}의{branch}." if branch else f"{letter}.")
        index = eids.subitem_index(letter)
        if self._item is None or index == 0:
            return self.text(f"{label} {text}".strip())
        eid = self._unique(eids.join(self._item.eid, f"sub_{index}" + (f"-{int(branch)}" if branch else "")))
        node = Node(eid=eid, kind=NodeKind.SUBITEM, label=label, text=_tidy(text), notes=notes or [])
        self._subitem = node
        return self._attach(node, self._item)

    def appendix(self, number: str, label: str, heading: str = "", text: str = "") -> Node:
        """Add 별표/서식 ``number`` at top level."""
        self._containers = []
        self._suppl = None
        self._close_units()
        try:
            token = eids.number_token(number)
        except ValueError:
            token = str(len([n for n in self.nodes if n.kind == NodeKind.APPENDIX]) + 1)
        node = Node(eid=self._unique(f"annex_{token}"), kind=NodeKind.APPENDIX, label=label, heading=heading, text=text)
        return self._attach(node, None)

    def text(self, text: str, parent: Node | None = None) -> Node:
        """Keep text that is no recognisable unit as a ``text`` node (never drop it)."""
        if parent is None:
            parent = self._subitem or self._item or self._paragraph or self._article or self._body_parent()
        key = parent.eid if parent is not None else ""
        self._text_count[key] = self._text_count.get(key, 0) + 1
        eid = self._unique(eids.join(parent.eid if parent else None, f"txt_{self._text_count[key]}"))
        return self._attach(Node(eid=eid, kind=NodeKind.TEXT, text=_tidy(text)), parent)

    def table(self, rows: list[list[str]], parent: Node | None = None) -> Node:
        """Add a table (``rows`` of cell texts) where a text line would go; eids ``…__tbl_1`` …."""
        if parent is None:
            parent = self._subitem or self._item or self._paragraph or self._article or self._body_parent()
        key = f"{parent.eid if parent is not None else ''}#tbl"
        self._text_count[key] = self._text_count.get(key, 0) + 1
        eid = self._unique(eids.join(parent.eid if parent else None, f"tbl_{self._text_count[key]}"))
        node = self._attach(Node(eid=eid, kind=NodeKind.TABLE, rows=rows), parent)
        self._last = None  # text that follows is no continuation of the table
        return node

    def note(self, text: str, parent: Node | None = None) -> Node:
        """Keep a note standing on its own line (``[본조신설 …]``) as a ``note`` node.

        It hangs last under ``parent`` (default: the open article or 부칙), where
        the source shows it; eids are ``…__note_1``, ``…__note_2`` ….
        """
        parent = parent if parent is not None else self.current_unit or self._body_parent()
        key = f"{parent.eid if parent is not None else ''}#note"
        self._text_count[key] = self._text_count.get(key, 0) + 1
        eid = self._unique(eids.join(parent.eid if parent else None, f"note_{self._text_count[key]}"))
        return self._attach(Node(eid=eid, kind=NodeKind.NOTE, text=_tidy(text)), parent)

    def end_unit(self) -> None:
        """Close the open article/항/호: text that follows hangs on the container (or 부칙)."""
        self._close_units()
        self._last = None

    def continue_text(self, text: str) -> Node | None:
        """Append a wrapped line to the unit last added; a text node if there is none."""
        text = collapse_spaces(text)
        if not text:
            return self._last
        node = self._last
        if node is None or node.kind in CONTAINER_KINDS:
            return self.text(text)
        node.text = f"{node.text} {text}".strip() if node.text else text
        return node

    def add_notes(self, notes: list[str]) -> None:
        """Attach amendment notes (``<개정 …>``) to the unit last added."""
        if notes and self._last is not None:
            self._last.notes.extend(notes)

    @property
    def last(self) -> Node | None:
        """The node text continues in: the unit or text node added last."""
        return self._last

    @property
    def current_article(self) -> Node | None:
        """The article units are being added to, if any."""
        return self._article

    @property
    def current_unit(self) -> Node | None:
        """The open article, else the open 부칙 block."""
        return self._article or self._suppl
