"""Fidelity checks: the nodes of a parsed document hold every word of its source.

``reconstruct`` puts a document's words back together in tree order;
``source_skeleton`` strips a source file of what is markup (front matter,
HTML tags, markdown marks).  Comparing the two with :func:`text.skeleton`
shows that no word was lost and none invented.
"""

from __future__ import annotations

import html
import re

from desktop.core.model import Document, Node
from desktop.core.parsing.patterns import HTML_TAG, RESTATED_LINE
from desktop.core.text import CIRCLED, skeleton, words

_FRONT_MATTER = re.compile(r"\A\s*---\n.*?\n---\n", re.DOTALL)
#: ``## 부칙`` is the exporter's divider before dated 부칙 blocks that repeat the word.
_SUPPL_DIVIDER = re.compile(r"^##\s*부\s*칙\s*$\n(?=(?:\s*\n)*부\s*칙(?![가-힣]))", re.MULTILINE)
#: ``##### 제0조`` is the legalize-kr exporter's heading for blocks that are no article (전문); a title on it
#: belongs to the next article (shifted exports) and is dropped with it.
_ZERO_ARTICLE = re.compile(r"^#{1,6}[ \t]*제[ \t]*0[ \t]*조(?:[ \t]*\(.*\))?[ \t]*$", re.MULTILINE)
#: An exporter heading above a line that restates the article (``제1조(목적) …``): the line is the article.
_RESTATED_HEADING = re.compile(
    r"^#{1,6}[ \t]*제[ \t]*\d+[ \t]*조.*\n(?=(?:[ \t]*\n)*" + RESTATED_LINE + ")", re.MULTILINE
)
#: ``**<16>** <16>``: a 항 mark the exporter wrote twice.
_DOUBLE_MARK = re.compile(rf"^([ \t]*\*\*(<\d{{1,3}}>|[{CIRCLED}])\*\*)[ \t]*\2", re.MULTILINE)
#: ``  4. 4의2. …``: the exporter repeats the main number before a branch item (4의2).
_BRANCH_PREFIX = re.compile(r"^([ \t]*)(\d+)\s*\\?\.[ \t]+(?=\2\s*의\s*\d+\s*\\?\.)", re.MULTILINE)


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
    """Source text without front matter, HTML tags and entities, the 부칙 divider and exporter marks.

    Exporter marks are ``##### 제0조`` headings, headings above a line that
    restates the article, the repeated number of ``4. 4의2.`` branch items and
    doubled 항 marks (see the patterns above).
    """
    raw = _FRONT_MATTER.sub("", raw.replace("\r\n", "\n"), count=1)
    raw = _SUPPL_DIVIDER.sub("", raw)
    raw = _RESTATED_HEADING.sub("", raw)
    raw = _ZERO_ARTICLE.sub("", raw)
    raw = _BRANCH_PREFIX.sub(r"\1", raw)
    raw = _DOUBLE_MARK.sub(r"\1", raw)
    return html.unescape(HTML_TAG.sub(" ", raw))


def same_words_in_order(document: Document, raw: str) -> bool:
    """True when the document's skeleton equals its source's."""
    return skeleton(reconstruct(document)) == skeleton(source_markup_free(raw))


def word_difference(document: Document, raw: str) -> tuple[list[str], list[str]]:
    """(words lost, words invented) as multisets, for error messages and reports."""
    from collections import Counter

    have = Counter(words(reconstruct(document)))
    want = Counter(words(source_markup_free(raw)))
    return sorted((want - have).elements()), sorted((have - want).elements())
