"""What to print: units gathered from any source, in document order, grouped by document.

Qt-free.  Every source (the current unit, tree selection, search results,
bookmarks, the command line) is reduced to ``(doc_id, eid)`` pairs and then
to :class:`PrintGroup` lists by :func:`collect`: documents in library order,
units in document order, duplicates dropped and units nested inside another
selected unit folded into it (an article and one of its 항 → the article).
An empty eid stands for the whole document.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from desktop.core.model import CONTAINER_KINDS, Document, Node, NodeKind

Ref = tuple[str, str]


class SelectionError(ValueError):
    """A selection that cannot be printed; ``str()`` is a Korean message for the user."""


@dataclass(frozen=True)
class PrintUnit:
    """One unit to print: its heading (citation) and, below an article, the article's title."""

    node: Node
    citation: str
    context: str = ""  # "제8조(위원회 구성)" when printing 제8조제5항

    @property
    def eid(self) -> str:
        return self.node.eid


@dataclass
class PrintGroup:
    """The units of one document, in document order."""

    doc: Document
    units: list[PrintUnit] = field(default_factory=list)


def unit_citation(doc: Document, node: Node) -> str:
    """Heading of a printed unit: ``파주시 인공지능 기본 조례 제8조(위원회 구성)``."""
    citation = doc.citation(node.eid)
    heading = node.heading.strip()
    if heading and heading not in citation:
        citation += f"({heading})" if node.kind == NodeKind.ARTICLE else f" {heading}"
    return citation


def _context(doc: Document, node: Node) -> str:
    """The title of the article (or section) above ``node``, if ``node`` is below one."""
    top = doc.article_of(node.eid)
    if top is None or top.eid == node.eid or not top.title:
        return ""
    return top.title


def _whole_document(doc: Document) -> list[Node]:
    return list(doc.nodes)


def collect(library, refs: Iterable[Ref], *, strict: bool = True) -> list[PrintGroup]:
    """Group, order and de-duplicate ``refs`` (``(doc_id, eid)``; eid ``""`` = whole document).

    ``strict``: unknown documents or units raise :class:`SelectionError`
    naming them all; otherwise they are skipped.  An empty result raises
    :class:`SelectionError` either way.
    """
    wanted: dict[str, set[str]] = {}
    unknown_docs: list[str] = []
    unknown_units: list[str] = []
    for doc_id, eid in refs:
        if doc_id not in library:
            if doc_id not in unknown_docs:
                unknown_docs.append(doc_id)
            continue
        wanted.setdefault(doc_id, set()).add(eid or "")
    indexes = {doc_id: _positions(library.get(doc_id)) for doc_id in wanted}
    for doc_id, eids in wanted.items():
        for eid in sorted(eids):
            if eid and eid not in indexes[doc_id]:
                unknown_units.append(f"{doc_id}#{eid}")
                eids.discard(eid)
    if strict and (unknown_docs or unknown_units):
        parts = []
        if unknown_docs:
            parts.append(f"없는 문서: {', '.join(unknown_docs)} (목록: {', '.join(library.ids)})")
        if unknown_units:
            parts.append(f"없는 단위: {', '.join(unknown_units)} (python -m desktop outline 문서id 로 확인)")
        raise SelectionError("; ".join(parts))
    groups = []
    for doc_id in library.ids:
        if not wanted.get(doc_id):
            continue
        doc = library.get(doc_id)
        group = PrintGroup(doc, _fold(doc, wanted[doc_id], indexes[doc_id]))
        if group.units:
            groups.append(group)
    if not groups:
        raise SelectionError("인쇄할 조문이 없습니다. 조문을 하나 이상 고르세요.")
    return groups


def _positions(doc: Document) -> dict[str, tuple[int, Node]]:
    return {node.eid: (i, node) for i, node in enumerate(doc.walk())}


def _fold(doc: Document, eids: set[str], positions: dict[str, tuple[int, Node]]) -> list[PrintUnit]:
    if "" in eids:
        nodes = _whole_document(doc)
    else:
        nodes = [positions[eid][1] for eid in sorted(eids, key=lambda e: positions[e][0])]
    covered: set[str] = set()
    units = []
    for node in nodes:
        if node.eid in covered:
            continue
        covered.update(n.eid for n in node.walk())
        if node.kind in CONTAINER_KINDS and not node.children:
            continue
        units.append(PrintUnit(node, unit_citation(doc, node), _context(doc, node)))
    return units


def count_units(groups: list[PrintGroup]) -> int:
    """How many units a job prints (after folding)."""
    return sum(len(g.units) for g in groups)


# -- sources ---------------------------------------------------------------------------


def refs_from_hits(hits: Iterable) -> list[Ref]:
    """Search results (anything with ``doc_id``/``eid``) as refs, in result order."""
    return [(hit.doc_id, hit.eid) for hit in hits if getattr(hit, "doc_id", None)]


def current_ref(library, doc_id: str | None, eid: str | None) -> list[Ref]:
    """The unit the reader shows for a location: its article (or the document)."""
    if not doc_id or doc_id not in library:
        return []
    if not eid:
        return [(doc_id, "")]
    unit = library.get(doc_id).article_of(eid)
    return [(doc_id, unit.eid if unit is not None else eid)]
