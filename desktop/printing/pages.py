"""Pagination and painting of a composed job with QPainter (Qt).

The job's HTML is laid out in a ``QTextDocument`` on the target device (a
``QPdfWriter`` or a ``QPrinter``) with the page height of the body area, so
Qt breaks lines and table rows between pages; each page is then painted with
a running header (document title, number) and a footer (print date,
``쪽 N / M``).  Citation headings are kept with the first lines of their unit.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPen,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)

from desktop.printing.compose import ComposedJob, PrintOptions
from desktop.ui.fonts import print_font_family

PAGE_SIZES = {"A4": QPageSize.PageSizeId.A4, "B5": QPageSize.PageSizeId.JisB5, "Letter": QPageSize.PageSizeId.Letter}
#: Device margins (left, top, right, bottom) in mm; header and footer sit inside them.
MARGINS_MM = (20.0, 12.0, 20.0, 12.0)
HEADER_MM = 11.0
FOOTER_MM = 10.0


def page_layout(options: PrintOptions) -> QPageLayout:
    """The page size, orientation and margins of ``options``."""
    size = QPageSize(PAGE_SIZES.get(options.paper, QPageSize.PageSizeId.A4))
    orientation = QPageLayout.Orientation.Landscape if options.landscape else QPageLayout.Orientation.Portrait
    return QPageLayout(size, orientation, QMarginsF(*MARGINS_MM), QPageLayout.Unit.Millimeter)


def print_font(point_size: float) -> QFont:
    """The bundled serif Korean font at ``point_size``."""
    font = QFont(print_font_family())
    font.setPointSizeF(point_size)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


@dataclass
class Layout:
    """A job laid out for one device: the text, the body rectangle and where groups start."""

    text: QTextDocument
    body: QRectF
    pages: int
    group_tops: list[float]  # y of each group's title block, in document coordinates

    def titles_on(self, page: int, job: ComposedJob) -> list[int]:
        """Indexes of the groups shown on ``page`` (the one in effect at its top, then new ones)."""
        height = self.body.height()
        top, bottom = page * height, (page + 1) * height
        current = [g for g, y in enumerate(self.group_tops) if y <= top + 1]
        shown = current[-1:]
        shown += [g for g, y in enumerate(self.group_tops) if top + 1 < y < bottom and g not in shown]
        return shown or [0]


def page_label(page: int, pages: int) -> str:
    """``쪽 1 / 5`` with en spaces: wide enough for text extraction to keep the words apart."""
    return f"쪽\u2002{page}\u2002/\u2002{pages}"


def _mm(device: QPagedPaintDevice, mm: float) -> float:
    return mm / 25.4 * device.logicalDpiY()


def _anchor_blocks(text: QTextDocument) -> dict[str, object]:
    found = {}
    block = text.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            for name in it.fragment().charFormat().anchorNames():
                found[name] = block
            it += 1
        block = block.next()
    return found


def _keep_with_next(text: QTextDocument, page_height: float, blocks: list[tuple[object, float]]) -> None:
    """Move a heading to the next page when fewer than ``lines`` lines of room follow it."""
    layout = text.documentLayout()
    for block, lines in blocks:
        rect = layout.blockBoundingRect(block)
        page = int(rect.top() // page_height)
        offset = rect.top() - page * page_height
        room = (page + 1) * page_height - rect.bottom()
        line = rect.height() or 1.0
        if offset > 1 and room < lines * line:
            fmt = QTextBlockFormat(block.blockFormat())
            fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
            QTextCursor(block).setBlockFormat(fmt)
            # Qt's incremental relayout can drop the lines of later blocks: lay them out afresh
            text.markContentsDirty(block.position(), text.characterCount() - block.position())


def _is_heading(block) -> bool:
    """A one-line block in bold: a heading to keep with what follows."""
    if block is None or not block.isValid() or block.layout().lineCount() != 1:
        return False
    it = block.begin()
    return not it.atEnd() and it.fragment().charFormat().fontWeight() >= QFont.Weight.Bold


def _keep_together(text: QTextDocument, page_height: float) -> None:
    """Move a short paragraph or small table (a 항, a note box) that straddles a page break to the next page.

    Besides looking better, this keeps text out of the PDF twice: Qt's QTextLayout::draw also paints
    the last line above the clip, so a split block leaves an invisible copy of a line for pdftotext.
    """
    layout = text.documentLayout()
    limit = page_height / 4
    seen_tables: set[int] = set()
    previous = None
    block = text.begin()
    while block.isValid():
        table = QTextCursor(block).currentTable()
        if table is not None and table.parentFrame() is not text.rootFrame():
            block = block.next()
            continue
        if table is not None:
            key = table.firstPosition()
            if key in seen_tables:
                block = block.next()
                continue
            seen_tables.add(key)
            rect = layout.frameBoundingRect(table)
        else:
            rect = layout.blockBoundingRect(block)
        top_page = int(rect.top() // page_height)
        straddles = rect.height() < limit and int((rect.bottom() - 1) // page_height) != top_page
        if straddles and rect.top() - top_page * page_height > 1:
            if _is_heading(previous):  # take a bold one-line heading (가. …) along
                table, block = None, previous
            if table is not None:
                fmt = table.format()
                fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                table.setFormat(fmt)
                start = table.firstPosition() - 1
            else:
                fmt = QTextBlockFormat(block.blockFormat())
                fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                QTextCursor(block).setBlockFormat(fmt)
                start = block.position()
            text.markContentsDirty(max(0, start), text.characterCount() - max(0, start))
        previous = block if table is None else None
        block = block.next()


def _ensure_laid_out(text: QTextDocument) -> None:
    """Relayout everything if any non-empty block was left without lines (never print a gap)."""
    text.documentLayout().documentSize()
    block = text.begin()
    while block.isValid():
        if block.length() > 1 and block.layout().lineCount() == 0:
            text.markContentsDirty(0, text.characterCount())
            text.documentLayout().documentSize()
            return
        block = block.next()


def lay_out(job: ComposedJob, device: QPagedPaintDevice, options: PrintOptions) -> Layout:
    """Lay ``job`` out on pages of ``device`` (its current page layout)."""
    rect = device.pageLayout().paintRectPixels(device.logicalDpiY())
    header, footer = _mm(device, HEADER_MM), _mm(device, FOOTER_MM)
    body = QRectF(0, header, rect.width(), rect.height() - header - footer)
    text = QTextDocument()
    text.documentLayout().setPaintDevice(device)
    text.setDefaultFont(print_font(options.font_size))
    text.setDocumentMargin(0)
    text.setHtml(job.html)
    text.setPageSize(QSizeF(body.width(), body.height()))
    anchors = _anchor_blocks(text)
    heads = [(anchors[f"head-{i}"], 3.5) for i in range(job.headings) if f"head-{i}" in anchors]
    groups = [anchors.get(f"grp-{g}") for g in range(len(job.titles))]
    _keep_with_next(text, body.height(), sorted([*((b, 7.0) for b in groups if b), *heads],
                                                 key=lambda item: item[0].position()))
    _keep_together(text, body.height())
    _ensure_laid_out(text)
    layout = text.documentLayout()
    tops = [layout.blockBoundingRect(b).top() if b else 0.0 for b in groups]
    return Layout(text, body, max(1, text.pageCount()), tops)


def paint(job: ComposedJob, device: QPagedPaintDevice, options: PrintOptions) -> int:
    """Paint every page of ``job`` on ``device``; returns the page count (0 if painting failed)."""
    layout = lay_out(job, device, options)
    painter = QPainter()
    if not painter.begin(device):
        return 0
    try:
        for page in range(layout.pages):
            if page and not device.newPage():
                return 0
            _paint_page(painter, device, job, layout, page)
    finally:
        painter.end()
    return layout.pages


def _paint_page(painter: QPainter, device: QPagedPaintDevice, job: ComposedJob, layout: Layout, page: int) -> None:
    """The body slice of ``page`` first (so extracted text reads in order), then header and footer."""
    body = layout.body
    width, height = body.width(), body.height()
    painter.save()
    painter.translate(body.left(), body.top() - page * height)
    clip = QRectF(0, page * height, width, height)
    painter.setClipRect(clip)
    context = QAbstractTextDocumentLayout.PaintContext()
    # Qt draws every line that touches the clip; a line moved to the next page starts exactly on the
    # boundary, so a hair narrower clip keeps it (and its text for pdftotext) off this page.
    context.clip = clip.adjusted(0, 1, 0, -1)
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Text, QColor("black"))
    context.palette = palette
    layout.text.documentLayout().draw(painter, context)
    painter.restore()

    small = print_font(8.5)
    grey = QColor("#455a64")
    painter.save()
    painter.setFont(small)
    painter.setPen(grey)
    metrics = painter.fontMetrics()
    groups = layout.titles_on(page, job)
    title = " · ".join(job.titles[g] for g in groups)
    number = job.numbers[groups[0]] if len(groups) == 1 else ""
    number_w = metrics.horizontalAdvance(number) + _mm(device, 4) if number else 0
    line_h = metrics.height()
    header_base = body.top() - _mm(device, 3)
    title_rect = QRectF(0, header_base - line_h, width - number_w, line_h)
    painter.drawText(title_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
                     metrics.elidedText(title, Qt.TextElideMode.ElideRight, int(title_rect.width())))
    if number:
        painter.drawText(QRectF(0, header_base - line_h, width, line_h),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom, number)
    pen = QPen(QColor("#90a4ae"))
    pen.setWidthF(_mm(device, 0.2))
    painter.setPen(pen)
    rule_y = header_base + _mm(device, 1)
    painter.drawLine(0, int(rule_y), int(width), int(rule_y))
    foot_y = body.bottom() + _mm(device, 3)
    painter.drawLine(0, int(foot_y), int(width), int(foot_y))
    painter.setPen(grey)
    foot = QRectF(0, foot_y + _mm(device, 1), width, line_h)
    painter.drawText(foot, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, f"인쇄일 {job.date_text}")
    painter.drawText(foot, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, page_label(page + 1, layout.pages))
    painter.restore()
