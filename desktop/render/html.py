"""HTML for units, in the subset of HTML/CSS that Qt's rich text understands.

Used by the reader and by printing; no Qt here.  Text is escaped, then
decorated with spans (search terms, highlights, marked changes) and links
(cross-references) by character offsets into each node's ``text``.
"""

from __future__ import annotations

import html
import itertools
from dataclasses import dataclass, field

from desktop.core.model import Document, Node, NodeKind

#: Indentation in em, the way official 조례 texts are laid out.
INDENT = {
    NodeKind.PARAGRAPH: (1.0, 1.0),
    NodeKind.ITEM: (2.4, 1.2),
    NodeKind.SUBITEM: (3.8, 1.2),
}

HIGHLIGHT_COLOURS = {
    "search": "#ffe066",
    "yellow": "#fff176",
    "green": "#aed581",
    "blue": "#81d4fa",
    "pink": "#f8bbd0",
    "orange": "#ffcc80",
}


@dataclass(frozen=True)
class Decoration:
    """Something drawn over ``text[start:end]`` of one node.

    ``kind`` is ``"search"``, a highlight colour name, ``"change"`` (marked
    change), ``"link"`` (``href`` set), ``"law"`` (a citation of another
    instrument not in the library) or ``"note"`` (``title`` holds the note).
    """

    start: int
    end: int
    kind: str
    href: str = ""
    title: str = ""


@dataclass
class RenderOptions:
    """What to draw: decorations per eid, note markers, tables, the focused unit."""

    decorations: dict[str, list[Decoration]] = field(default_factory=dict)
    notes: dict[str, list[str]] = field(default_factory=dict)  # eid -> whole-unit notes
    focus: str | None = None
    include_tables: bool = True
    heading_links: bool = False
    note_style: str = "box"  # "box" (under the unit) or "footnote" (numbered, printing)
    markers: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # eid -> (href, symbol) after the text


def _open_tag(dec: Decoration) -> str:
    if dec.kind == "link":
        return f'<a href="{html.escape(dec.href, quote=True)}">'
    if dec.kind == "change":
        return '<u style="color:#b71c1c">'
    if dec.kind == "law":
        return '<span style="color:#283593">'
    if dec.kind == "note":
        return '<span style="text-decoration:underline; color:#4e342e; background-color:#efe6dd">'
    colour = HIGHLIGHT_COLOURS.get(dec.kind, HIGHLIGHT_COLOURS["yellow"])
    return f'<span style="background-color:{colour}">'


def _close_tag(dec: Decoration) -> str:
    return {"link": "</a>", "change": "</u>"}.get(dec.kind, "</span>")


def decorate(text: str, decorations: list[Decoration]) -> str:
    """Escape ``text`` and wrap the decorated ranges (overlaps are split, never broken)."""
    valid = [d for d in decorations if 0 <= d.start < d.end <= len(text)]
    if not valid:
        return html.escape(text)
    cuts = sorted({0, len(text), *(d.start for d in valid), *(d.end for d in valid)})
    out: list[str] = []
    for a, b in itertools.pairwise(cuts):
        active = [d for d in valid if d.start <= a and b <= d.end]
        # links outermost so a link's text can also be highlighted
        active.sort(key=lambda d: (d.kind != "link", d.kind != "change"))
        piece = html.escape(text[a:b])
        out.append("".join(_open_tag(d) for d in active) + piece + "".join(_close_tag(d) for d in reversed(active)))
    return "".join(out)


def _notes_html(notes: list[str]) -> str:
    boxes = []
    for note in notes:
        body = html.escape(note).replace("\n", "<br>")
        boxes.append(
            '<table width="100%" cellpadding="4" style="border:1px solid #8d6e63; background-color:#fbf7f2; '
            f'margin-left:1em"><tr><td><b>메모</b> {body}</td></tr></table>'
        )
    return "".join(boxes)


def _table_html(node: Node, opts: RenderOptions) -> str:
    marks = {}
    for mark in node.marks:
        if mark.row is not None and mark.col is not None:
            marks.setdefault((mark.row, mark.col), []).append(Decoration(mark.start, mark.end, "change"))
    rows = []
    for r, row in enumerate(node.rows):
        tag = "th" if r == 0 else "td"
        cells = []
        for c, cell in enumerate(row):
            content = decorate(cell, marks.get((r, c), [])).replace("\n", "<br>")
            bg = ' style="background-color:#eceff1"' if r == 0 else ""
            cells.append(f'<{tag} valign="top"{bg}>{content}</{tag}>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    width = ' width="100%"' if node.kind == NodeKind.COMPARISON_TABLE else ""
    return f'<table border="1" cellspacing="0" cellpadding="4"{width} style="border-collapse:collapse; margin:6px 0">{"".join(rows)}</table>'


def _node_html(doc: Document, node: Node, opts: RenderOptions, depth: int) -> list[str]:
    out: list[str] = [f'<a name="{node.eid}"></a>']
    decorations = list(opts.decorations.get(node.eid, []))
    text = decorate(node.text, decorations)
    for href, symbol in opts.markers.get(node.eid, []):
        text += f' <a href="{html.escape(href, quote=True)}" style="text-decoration:none; color:#6d4c41">{html.escape(symbol)}</a>'

    bracket = "({})" if node.kind == NodeKind.REPORT_SECTION else "<{}>"
    notes = "".join(
        f' <span style="color:#78909c">{html.escape(bracket.format(n))}</span>' for n in node.notes
    )
    focus = ' style="background-color:#f1f8e9"' if opts.focus == node.eid and node.kind != NodeKind.ARTICLE else ""
    if node.kind in (NodeKind.ARTICLE, NodeKind.SUPPLEMENTARY):
        head = html.escape(node.title)
        out.append(f'<p style="margin-top:10px; margin-bottom:4px"><b>{head}</b> {text}{notes}</p>')
    elif node.kind in INDENT:
        # A two-cell table gives the hanging indent of official texts (Qt ignores negative text-indent).
        left = INDENT[node.kind][0] - 1.0
        label = html.escape(node.label)
        bg = ' bgcolor="#f1f8e9"' if focus else ""
        out.append(
            f'<table cellspacing="0" cellpadding="1" style="margin-left:{left:.1f}em; margin-top:1px; margin-bottom:1px"{bg}>'
            f'<tr><td valign="top" style="padding-right:5px">{label}</td><td valign="top">{text}{notes}</td></tr></table>'
        )
    elif node.kind in (NodeKind.TABLE, NodeKind.COMPARISON_TABLE):
        if node.title:
            out.append(f'<p style="margin-bottom:2px"><b>{html.escape(node.title)}</b></p>')
        if node.text:
            out.append(f"<p>{text}</p>")
        if opts.include_tables:
            out.append(_table_html(node, opts))
        else:
            out.append('<p style="color:#78909c">(표 생략)</p>')
    elif node.kind in (NodeKind.FOOTNOTE, NodeKind.NOTE):
        out.append(f'<p style="font-size:small; color:#455a64; margin-left:1em"{focus}>{html.escape(node.label)} {text}</p>')
    elif node.kind in (NodeKind.REPORT_SECTION, NodeKind.CHAPTER, NodeKind.SECTION, NodeKind.SUBSECTION, NodeKind.PART, NodeKind.APPENDIX):
        size = "large" if depth == 0 else "medium"
        out.append(f'<p style="margin-top:12px; font-size:{size}"><b>{html.escape(node.title)}</b>{notes}</p>')
        if node.text:
            out.append(f'<p style="margin-left:{0.6 * depth}em"{focus}>{text}</p>')
    else:
        label = f"{html.escape(node.label)} " if node.label else ""
        out.append(f'<p style="margin-left:{0.6 * depth}em; margin-top:3px; margin-bottom:3px"{focus}>{label}{text}{notes}</p>')
    if node.eid in opts.notes and opts.note_style == "box":
        out.append(_notes_html(opts.notes[node.eid]))
    for child in node.children:
        out.extend(_node_html(doc, child, opts, depth + 1))
    return out


def unit_html(doc: Document, node: Node, opts: RenderOptions | None = None) -> str:
    """The HTML body of one unit and everything below it."""
    return "".join(_node_html(doc, node, opts or RenderOptions(), 0))


def document_cover_html(doc: Document) -> str:
    """A document's first page: title, metadata, preamble and a linked table of contents."""
    meta = "".join(
        f"<tr><td style='color:#546e7a'>{html.escape(k)}</td><td>{html.escape(v)}</td></tr>"
        for k, v in doc.metadata.items() if k != "municipality"
    )
    preamble = html.escape(doc.preamble).replace("\n", "<br>")
    toc = []
    for node in doc.nodes:
        toc.append(f'<li><a href="unit:{doc.id}#{node.eid}">{html.escape(node.title or node.text[:40])}</a></li>')
        for child in node.children:
            if child.kind in (NodeKind.ARTICLE, NodeKind.SECTION, NodeKind.SUBSECTION, NodeKind.REPORT_SECTION):
                toc.append(f'<li style="margin-left:1.2em"><a href="unit:{doc.id}#{child.eid}">{html.escape(child.title)}</a></li>')
    return (
        f'<h2>{html.escape(doc.title)}</h2><table cellpadding="2">{meta}</table>'
        f'<p style="color:#455a64">{preamble}</p><h3>목차</h3><ul>{"".join(toc)}</ul>'
    )
