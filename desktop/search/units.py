"""Searchable units: the finest citable pieces of a document (no Whoosh here).

One unit per node that has words of its own (항, 호, 목, an article's lead-in
or body, a report paragraph, a footnote), one per table row, and one for an
article or 부칙 that has a heading but no words anywhere below it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from desktop.core import eids
from desktop.core.model import CONTAINER_KINDS, Document, DocumentKind, Node, NodeKind

#: Kinds whose node is "the article" of the units below it (grouping key).
TOP_KINDS = frozenset({NodeKind.ARTICLE, NodeKind.SUPPLEMENTARY, NodeKind.APPENDIX, NodeKind.REPORT_SECTION})

ROW_SEP = " | "
_SECTION_KINDS = frozenset({NodeKind.REPORT_SECTION, NodeKind.TABLE, NodeKind.COMPARISON_TABLE})


@dataclass(frozen=True)
class Unit:
    """One indexed unit.  ``row`` is set for a table row (``text`` is its cells joined)."""

    doc_id: str
    eid: str
    kind: str
    article: str
    citation: str
    heading: str
    text: str
    path: str
    row: int = -1

    @property
    def key(self) -> str:
        """Unique id of the unit inside the index."""
        return f"{self.doc_id}#{self.eid}" + (f"@{self.row}" if self.row >= 0 else "")


def _article_node(trail: list[Node], report: bool = False) -> Node | None:
    """The node a unit is grouped under: its article (or 부칙/별표).

    In a review report, whose top sections are long, it is the second-level
    section or table (``rpt_3__sub_2``, ``ref__tbl_1``) when there is one.
    """
    legal = [node for node in trail if node.kind not in CONTAINER_KINDS]
    if not legal:
        return trail[-1] if trail else None
    if (report and legal[0].kind not in (NodeKind.ARTICLE, NodeKind.SUPPLEMENTARY) and len(legal) > 1
            and legal[1].kind in _SECTION_KINDS):
        return legal[1]
    return legal[0]


def _path_text(doc: Document, trail: list[Node]) -> str:
    parts = [doc.title]
    for node in trail:
        if node.kind in CONTAINER_KINDS or node.kind in TOP_KINDS:
            if node.title:
                parts.append(node.title)
    return " > ".join(parts)


def _has_words(node: Node) -> bool:
    return any(n.text.strip() or n.rows for n in node.walk())


def iter_units(doc: Document) -> Iterator[Unit]:
    """Every unit of ``doc`` in document order."""

    report = doc.kind is DocumentKind.REPORT

    def visit(nodes: list[Node], trail: list[Node]) -> Iterator[Unit]:
        for node in nodes:
            here = [*trail, node]
            if node.kind not in CONTAINER_KINDS:
                art = _article_node(here, report) or node
                heading = art.heading or (here[0].heading if report else "")
                common = {
                    "doc_id": doc.id,
                    "eid": node.eid,
                    "kind": node.kind.value,
                    "article": art.eid,
                    "citation": f"{doc.title} {eids.citation_suffix(node.eid, node.label, here)}".strip(),
                    "heading": heading,
                    "path": _path_text(doc, here),
                }
                if node.text.strip():
                    yield Unit(text=node.text, **common)
                for i, row in enumerate(node.rows):
                    line = ROW_SEP.join(cell.strip() for cell in row)
                    if line.strip(" |"):
                        yield Unit(text=line, row=i, **common)
                if node is art and not _has_words(node) and (node.heading or node.label):
                    yield Unit(text="", **common)
            yield from visit(node.children, here)

    yield from visit(doc.nodes, [])


def document_hash(doc: Document) -> str:
    """sha256 of what the index holds for ``doc`` (changes when parsing changes)."""
    h = hashlib.sha256()
    h.update(f"{doc.id}\n{doc.title}\n{doc.kind.value}\n".encode())
    for unit in iter_units(doc):
        h.update(repr((unit.eid, unit.row, unit.kind, unit.article, unit.citation, unit.heading,
                       unit.text, unit.path)).encode())
    return h.hexdigest()
