"""Export PDF: render a job to bytes, then write it atomically.

The PDF is rendered into memory first and written to a temporary file in the
target folder, flushed and renamed over the target: an error at any point
leaves no half-written file (and an existing file untouched).
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

from desktop.printing.annotations import AnnotationSnapshot
from desktop.printing.compose import ComposedJob, PrintOptions, compose
from desktop.printing.selection import Ref, collect

PDF_RESOLUTION = 600


class ExportError(OSError):
    """The PDF could not be written; ``str()`` is a Korean message."""


def check_target(path: str | Path) -> Path:
    """The absolute target path, or :class:`ExportError` if it cannot be written."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise ExportError(f"'{target}'은(는) 폴더입니다. PDF 파일 이름을 지정해 주세요.")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"폴더 '{folder}'이(가) 없습니다.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportError(f"폴더 '{folder}'에 쓸 수 없습니다 (권한 없음).")
    if target.exists() and not os.access(target, os.W_OK):
        raise ExportError(f"'{target}'을(를) 덮어쓸 수 없습니다 (읽기 전용).")
    return target.absolute()


def write_atomically(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename."""
    target = check_target(path)
    fd, tmp = -1, ""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".part", dir=target.parent)
        with os.fdopen(fd, "wb") as out:
            fd = -1
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if os.name != "nt":
            os.chmod(tmp, 0o644 & ~_umask())
        os.replace(tmp, target)
        tmp = ""
    except OSError as exc:
        raise ExportError(f"'{target}'에 저장할 수 없습니다: {exc.strerror or exc}") from exc
    finally:
        if fd >= 0:
            os.close(fd)
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return target


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def ensure_gui_application():
    """A QGuiApplication for rendering; offscreen when there is no display (CLI, CI)."""
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is None:
        app = QGuiApplication([sys.argv[0] if sys.argv else "ordinance-reader"])
    from desktop.ui.fonts import register_fonts

    register_fonts()
    return app


def pdf_bytes(job: ComposedJob, options: PrintOptions) -> tuple[bytes, int]:
    """The PDF of ``job`` and its page count (needs a Qt GUI application)."""
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QPdfWriter

    from desktop.printing.pages import page_layout, paint

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(PDF_RESOLUTION)
    writer.setPageLayout(page_layout(options))
    writer.setTitle(job.title)
    writer.setCreator("조례 열람기")
    pages = paint(job, writer, options)
    del writer  # flushes the trailer
    buffer.close()
    if pages == 0:
        raise ExportError("PDF를 만들 수 없습니다 (그리기 실패).")
    return bytes(buffer.data()), pages


def export_pdf(job: ComposedJob, path: str | Path, options: PrintOptions) -> int:
    """Render ``job`` and write it to ``path`` atomically; returns the page count."""
    check_target(path)
    ensure_gui_application()
    data, pages = pdf_bytes(job, options)
    write_atomically(path, data)
    return pages


def export_units(library, refs: list[Ref], path: str | Path, options: PrintOptions | None = None,
                 annotations: AnnotationSnapshot | None = None, printed: date | None = None) -> int:
    """Collect ``refs``, compose and export them (SelectionError / ExportError on failure)."""
    options = (options or PrintOptions()).normalised()
    job = compose(collect(library, refs), options, annotations, printed)
    return export_pdf(job, path, options)
