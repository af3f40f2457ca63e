"""The plain document model: pydantic nodes with Akoma-Ntoso-style eIds.

Everything else in the app (search hits, annotations, links, printing) refers
to units by ``(document id, eid)``.  This module has no Qt and no Whoosh.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from desktop.core import eids


class NodeKind(StrEnum):
    """What a node is.  Values are the stable strings used in JSON output."""

    PART = "part"  # 편
    CHAPTER = "chapter"  # 장
    SECTION = "section"  # 절
    SUBSECTION = "subsection"  # 관
    ARTICLE = "article"  # 조
    PARAGRAPH = "paragraph"  # 항 ①②
    ITEM = "item"  # 호 1. 2.
    SUBITEM = "subitem"  # 목 가. 나.
    SUPPLEMENTARY = "supplementary"  # 부칙
    APPENDIX = "appendix"  # 별표 / 서식
    REPORT_SECTION = "report-section"
    TABLE = "table"
    COMPARISON_TABLE = "comparison-table"
    NOTE = "note"
    FOOTNOTE = "footnote"
    TEXT = "text"


#: Kinds that group other units and carry no citable text of their own.
CONTAINER_KINDS = frozenset(
    {NodeKind.PART, NodeKind.CHAPTER, NodeKind.SECTION, NodeKind.SUBSECTION}
)


class DocumentKind(StrEnum):
    """What a document is: 조례 (ordinance), 심사보고서 (report) or a national statute."""

    ORDINANCE = "ordinance"
    REPORT = "report"
    STATUTE = "statute"


class Mark(BaseModel):
    """A marked span (for example an underlined change in a 신구조문대비표).

    ``start``/``end`` are character offsets into the node's ``text``, or into
    the cell ``rows[row][col]`` when ``row`` and ``col`` are set.
    """

    model_config = ConfigDict(frozen=True)

    start: int
    end: int
    kind: str = "change"
    row: int | None = None
    col: int | None = None


class Node(BaseModel):
    """One unit of a document.  ``text`` holds the node's own words only."""

    eid: str
    kind: NodeKind
    label: str = ""
    heading: str = ""
    text: str = ""
    rows: list[list[str]] = Field(default_factory=list)
    marks: list[Mark] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    children: list[Node] = Field(default_factory=list)

    def walk(self) -> Iterator[Node]:
        """This node and every descendant, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def title(self) -> str:
        """Label and heading as a reader would show them: ``제8조(위원회 구성)``."""
        if self.heading and self.kind in (NodeKind.ARTICLE, NodeKind.SUPPLEMENTARY):
            return f"{self.label}({self.heading})" if self.label else self.heading
        if self.heading:
            return f"{self.label} {self.heading}".strip()
        return self.label

    def full_text(self) -> str:
        """The node's own text followed by that of its descendants (for display/search)."""
        parts: list[str] = []
        for node in self.walk():
            line = " ".join(p for p in (node.label, node.heading, node.text) if p)
            if line:
                parts.append(line)
            for row in node.rows:
                parts.append(" | ".join(row))
        return "\n".join(parts)


class Document(BaseModel):
    """A parsed document: its header (preamble, metadata) and its tree of nodes."""

    id: str
    title: str
    kind: DocumentKind = DocumentKind.ORDINANCE
    metadata: dict[str, str] = Field(default_factory=dict)
    preamble: str = ""
    nodes: list[Node] = Field(default_factory=list)

    def walk(self) -> Iterator[Node]:
        """Every node in document order."""
        for node in self.nodes:
            yield from node.walk()

    def index(self) -> dict[str, Node]:
        """A map from eid to node (built on demand; cache it if you call often)."""
        return {node.eid: node for node in self.walk()}

    def find(self, eid: str) -> Node | None:
        """The node with this eid, or None."""
        for node in self.walk():
            if node.eid == eid:
                return node
        return None

    def path_to(self, eid: str) -> list[Node]:
        """The chain of nodes from a top-level node down to ``eid`` (empty if absent)."""

        def search(nodes: list[Node], trail: list[Node]) -> list[Node]:
            for node in nodes:
                here = [*trail, node]
                if node.eid == eid:
                    return here
                if eid.startswith(node.eid) or node.kind in CONTAINER_KINDS:
                    found = search(node.children, here)
                    if found:
                        return found
            return []

        return search(self.nodes, [])

    def article_of(self, eid: str) -> Node | None:
        """The article (or other top citable unit) that contains ``eid``."""
        path = self.path_to(eid)
        for node in path:
            if node.kind not in CONTAINER_KINDS:
                return node
        return path[-1] if path else None

    @property
    def short_name(self) -> str:
        """The municipality or issuer, for compact labels (``파주시``)."""
        return self.metadata.get("municipality") or self.title.split()[0]

    def citation(self, eid: str | None = None) -> str:
        """The official citation of a unit: ``파주시 인공지능 기본 조례 제8조제1항제2호``."""
        if not eid:
            return self.title
        path = self.path_to(eid)
        if not path:
            return self.title
        local = eids.citation_suffix(path[-1].eid, path[-1].label, path)
        return f"{self.title} {local}".strip()


Node.model_rebuild()
