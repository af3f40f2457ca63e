"""Draws the app icon with QPainter: ``resources/icons/app.png`` (256 px) and ``app.ico`` (16–256 px).

The icon is a dark-blue rounded square holding a white page with a folded corner,
"조" in the bundled Noto Sans KR and three text lines.  The .ico holds one PNG
image per size (the format Windows Vista and later read; PyInstaller copies it
into the .exe).  Run again after changing the drawing and commit both files:

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/make_icon.py
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)
FONT = ROOT / "resources" / "fonts" / "NotoSansKR-Regular.otf"


def draw(size: int):
    """The icon as a QImage of ``size`` × ``size`` pixels (drawn at that size, not scaled)."""
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QPainter, QPainterPath, QPen, QPolygonF

    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    p.scale(size / 256, size / 256)  # draw in a 256-unit square

    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#1f3a68"))
    p.drawRoundedRect(QRectF(8, 8, 240, 240), 44, 44)

    fold = 40
    page = QPolygonF([QPointF(60, 34), QPointF(196 - fold, 34), QPointF(196, 34 + fold),
                      QPointF(196, 222), QPointF(60, 222)])
    p.setBrush(QColor("#fbfaf5"))
    p.drawPolygon(page)
    corner = QPainterPath(QPointF(196 - fold, 34))
    corner.lineTo(196 - fold, 34 + fold)
    corner.lineTo(196, 34 + fold)
    corner.closeSubpath()
    p.setBrush(QColor("#c9d3e3"))
    p.drawPath(corner)

    font_id = QFontDatabase.addApplicationFont(str(FONT))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    font = QFont(families[0] if families else "sans-serif")
    font.setPixelSize(96)
    font.setWeight(QFont.Weight.Bold)
    p.setFont(font)
    p.setPen(QColor("#1f3a68"))
    p.drawText(QRectF(60, 44, 136, 112), Qt.AlignmentFlag.AlignCenter, "조")

    if size >= 32:  # text lines only where they stay visible
        pen = QPen(QColor("#8a9bb8"), 10, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        for y, right in ((168, 172), (190, 172), (212 - 4, 136)):
            p.drawLine(QPointF(84, y), QPointF(right, y))
    p.end()
    return image


def png_bytes(image) -> bytes:
    from PySide6.QtCore import QBuffer, QIODevice

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data())


def ico_bytes(images: list[tuple[int, bytes]]) -> bytes:
    """An .ico file of PNG-compressed images: ICONDIR, one ICONDIRENTRY per size, then the PNGs."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, data in images:
        dim = 0 if size >= 256 else size  # 0 means 256
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        blobs += data
        offset += len(data)
    return header + entries + blobs


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    images = [(size, png_bytes(draw(size))) for size in SIZES]
    (OUT / "app.png").write_bytes(images[-1][1])
    (OUT / "app.ico").write_bytes(ico_bytes(images))
    print(f"{OUT / 'app.png'}, {OUT / 'app.ico'} ({', '.join(str(s) for s in SIZES)} px)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
