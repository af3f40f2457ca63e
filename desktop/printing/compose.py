"""Print options and the HTML of a print job (Qt-free).

:func:`compose` turns :class:`~desktop.printing.selection.PrintGroup` lists
into one HTML document for ``QTextDocument``: per document a title block,
per unit a citation heading, the unit as :func:`desktop.render.html.unit_html`
draws it (official indentation, tables, highlights, boxed notes) and, for
footnote-style notes, numbered notes after the unit.  Anchors ``grp-N`` and
``head-N`` let the paginator find the titles and keep headings with their text.
"""

from __future__ import annotations

import html
import re
from dataclasses import asdict, dataclass, field, fields
from datetime import date

from desktop.printing.annotations import EMPTY, AnnotationSnapshot
from desktop.printing.selection import PrintGroup
from desktop.render.html import RenderOptions, unit_html

NOTE_STYLES = ("box", "footnote")
#: Whether unit_html can put footnote marks after a unit's text (RenderOptions.markers).
MARKERS = "markers" in RenderOptions.__dataclass_fields__
PAPERS = ("A4", "B5", "Letter")
SETTINGS_PREFIX = "print/"


def _as_bool(value, default: bool) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "1", "yes", "false", "0", "no"):
        return value.lower() in ("true", "1", "yes")
    if isinstance(value, int):
        return bool(value)
    return default


@dataclass
class PrintOptions:
    """How to print.  ``scope`` is the UI's last choice of what to print."""

    highlights: bool = True
    notes: bool = True
    note_style: str = "box"  # "box": under the unit; "footnote": numbered after the unit
    tables: bool = True  # 신구조문대비표 and other tables
    paper: str = "A4"
    landscape: bool = False
    font_size: float = 10.5
    scope: str = "current"

    def normalised(self) -> PrintOptions:
        """A copy with every field in range (unknown values → defaults)."""
        default = PrintOptions()
        out = PrintOptions(**asdict(self))
        if out.note_style not in NOTE_STYLES:
            out.note_style = default.note_style
        if out.paper not in PAPERS:
            out.paper = default.paper
        try:
            out.font_size = min(16.0, max(7.0, float(out.font_size)))
        except (TypeError, ValueError):
            out.font_size = default.font_size
        return out

    @classmethod
    def load(cls, settings) -> PrintOptions:
        """The last used options from a settings object (``value(key, default)``)."""
        default = cls()
        values = {}
        for f in fields(cls):
            raw = settings.value(SETTINGS_PREFIX + f.name, getattr(default, f.name))
            values[f.name] = _as_bool(raw, getattr(default, f.name)) if isinstance(f.default, bool) else raw
        return cls(**values).normalised()

    def save(self, settings) -> None:
        """Remember these options (``set_value(key, value)``)."""
        for name, value in asdict(self.normalised()).items():
            settings.set_value(SETTINGS_PREFIX + name, value)


@dataclass
class ComposedJob:
    """The HTML of a job and what the paginator draws around it."""

    html: str
    titles: list[str]  # document title per group (running header)
    numbers: list[str]  # document number per group ("조례 제2297호"), may be ""
    date_text: str  # "2026. 5. 1."
    headings: int  # how many ``head-N`` anchors there are
    units: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def title(self) -> str:
        """A title for the PDF's metadata."""
        return self.titles[0] + (f" 외 {len(self.titles) - 1}건" if len(self.titles) > 1 else "") + " 발췌"


def korean_date(value: date | str) -> str:
    """``2025-09-30`` or a date → ``2025. 9. 30.`` (anything else unchanged)."""
    if isinstance(value, str):
        m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value.strip())
        if not m:
            return value
        value = date(int(m[1]), int(m[2]), int(m[3]))
    return f"{value.year}. {value.month}. {value.day}."


def superscript(number: int) -> str:
    """``12`` → ``¹²⁾``: a footnote mark as Korean reports write them."""
    return str(number).translate(SUPERSCRIPT_DIGITS) + "⁾"


SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _meta_line(metadata: dict[str, str]) -> str:
    parts = []
    for key, label in (("번호", ""), ("위원회", ""), ("의안번호", "의안번호 "), ("일자", ""),
                       ("공포일", "공포 "), ("시행일", "시행 ")):
        value = metadata.get(key)
        if value:
            parts.append(label + korean_date(value))
    return " · ".join(parts)


def _heading(index: int, text: str, style: str) -> str:
    return f'<p style="{style}"><a name="head-{index}"></a><b>{html.escape(text)}</b></p>'


CITATION_STYLE = "margin-top:16px; margin-bottom:6px; background-color:#eceff1; font-size:large"
NOTE_STYLE = "margin-top:1px; margin-bottom:1px; margin-left:1.2em; font-size:small; color:#37474f"


def compose(groups: list[PrintGroup], options: PrintOptions | None = None,
            annotations: AnnotationSnapshot | None = None, printed: date | None = None) -> ComposedJob:
    """The HTML body of a print job."""
    opts = (options or PrintOptions()).normalised()
    notes_src = annotations if annotations is not None and opts.notes else EMPTY
    marks_src = annotations if annotations is not None and opts.highlights else EMPTY
    parts: list[str] = []
    heads = 0
    footnote_no = 0
    for g, group in enumerate(groups):
        doc = group.doc
        parts.append(
            f'<p style="margin-top:{18 if g else 0}px; margin-bottom:2px; font-size:x-large">'
            f'<a name="grp-{g}"></a><b>{html.escape(doc.title)}</b></p>'
        )
        meta = _meta_line(doc.metadata)
        parts.append(f'<p style="margin-top:0; margin-bottom:4px; color:#546e7a">{html.escape(meta)}</p><hr>')
        texts = {n.eid: n.text for n in doc.walk()}
        decorations = marks_src.decorations(doc.id, texts)
        doc_notes = notes_src.notes_for(doc.id)
        for unit in group.units:
            parts.append(_heading(heads, unit.citation, CITATION_STYLE))
            heads += 1
            if unit.context:
                parts.append(f'<p style="margin-top:2px; margin-bottom:4px"><b>{html.escape(unit.context)}</b></p>')
            inside = [n.eid for n in unit.node.walk() if n.eid in doc_notes]
            render = RenderOptions(
                decorations=decorations,
                include_tables=opts.tables,
                note_style=opts.note_style,
            )
            footnotes: list[str] = []
            for eid in inside:
                if opts.note_style == "box":
                    render.notes[eid] = [n.as_text() for n in doc_notes[eid]]
                    continue
                for note in doc_notes[eid]:
                    footnote_no += 1
                    if MARKERS:  # the reader's note markers (href, symbol) after the unit's text
                        render.markers.setdefault(eid, []).append((f"#note-{footnote_no}", superscript(footnote_no)))
                    footnotes.append(f'<p style="{NOTE_STYLE}"><a name="note-{footnote_no}"></a>{footnote_no}) {html.escape(note.as_text())}</p>')
            parts.append(unit_html(doc, unit.node, render))
            if footnotes:
                parts.append(f'<p style="{NOTE_STYLE}; margin-top:8px"><b>메모</b></p>' + "".join(footnotes))
    stamp = printed or date.today()
    return ComposedJob(
        html="".join(parts),
        titles=[g.doc.title for g in groups],
        numbers=[g.doc.metadata.get("번호", "") for g in groups],
        date_text=korean_date(stamp),
        headings=heads,
        units=sum(len(g.units) for g in groups),
    )
