"""Fidelity checks: the nodes of a parsed document hold every word of its source.

``reconstruct`` puts a document's words back together in tree order;
``source_skeleton`` strips a source file of what is markup (front matter,
HTML tags, markdown marks).  Comparing the two with :func:`text.skeleton`
shows that no word was lost and none invented.
"""

from __future__ import annotations

import re

from desktop.core.model import Document, Node
from desktop.core.parsing.patterns import HTML_TAG
from desktop.core.text import skeleton, words

_FRONT_MATTER = re.compile(r"\A\s*---\n.*?\n---\n", re.DOTALL)
#: ``## 부칙`` is the exporter's divider before dated 부칙 blocks that repeat the word.
_SUPPL_DIVIDER = re.compile(r"^##\s*부\s*칙\s*$\n(?=(?:\s*\n)*부\s*칙)", re.MULTILINE)


def node_words(node: Node) -> list[str]:
    """The strings a node contributes, in source order (label, heading, text, notes, rows)."""
    out = [node.label, node.heading, node.text, *node.notes]
    for row in node.rows:
        out.extend(row)
    return [s for s in out if s]


def reconstruct(document: Document) -> str:
    """Preamble and every node's words, in document order."""
    parts = [document.preamble]
    for node in document.walk():
        parts.extend(node_words(node))
    return "\n".join(parts)


def source_markup_free(raw: str) -> str:
    """Source text without front matter, HTML tags and the 부칙 divider."""
    raw = _FRONT_MATTER.sub("", raw.replace("\r\n", "\n"), count=1)
    raw = _SUPPL_DIVIDER.sub("", raw)
    return HTML_TAG.sub(" ", raw)


def same_words_in_order(document: Document, raw: str) -> bool:
    """True when the document's skeleton equals its source's."""
    return skeleton(reconstruct(document)) == skeleton(source_markup_free(raw))


def word_difference(document: Document, raw: str) -> tuple[list[str], list[str]]:
    """(words lost, words invented) as multisets, for error messages and reports."""
    from collections import Counter

    have = Counter(words(reconstruct(document)))
    want = Counter(words(source_markup_free(raw)))
    return sorted((want - have).elements()), sorted((have - want).elements())
