"""The print options dialog and the preview / print / Export PDF steps (Qt widgets).

:class:`PrintOptionsDialog` asks what to print (the scopes the caller offers,
with their unit counts) and how (highlights, notes as boxes or footnotes,
tables, paper).  :func:`show_preview`, :func:`print_with_dialog` and
:func:`export_with_dialog` then paint a composed job on a ``QPrinter`` or
write it as PDF; all return False when the user cancels or an error was shown.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.printing.compose import PAPERS, ComposedJob, PrintOptions

#: Scope keys in the order the dialog lists them, with their Korean names.
SCOPES = {
    "current": "현재 조문",
    "selection": "목차에서 고른 단위",
    "results": "검색 결과 전체",
    "bookmarks": "책갈피한 조문 전체",
}
NOTE_STYLE_NAMES = {"box": "단위 아래 상자로", "footnote": "번호 붙은 각주로"}


class PrintOptionsDialog(QDialog):
    """What and how to print.  ``scopes``: key → (description, unit count); 0 disables a choice."""

    def __init__(self, options: PrintOptions, scopes: dict[str, tuple[str, int]], action: str = "인쇄",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printOptionsDialog")
        self.setWindowTitle(f"{action} 설정")
        layout = QVBoxLayout(self)

        what = QGroupBox("인쇄할 범위", self)
        what_layout = QVBoxLayout(what)
        self.scope_group = QButtonGroup(self)
        self.scope_buttons: dict[str, QRadioButton] = {}
        for key, name in SCOPES.items():
            detail, count = scopes.get(key, ("", 0))
            text = f"{name} ({detail})" if detail else name
            button = QRadioButton(text, what)
            button.setObjectName(f"scope_{key}")
            button.setEnabled(count > 0)
            self.scope_group.addButton(button)
            self.scope_buttons[key] = button
            what_layout.addWidget(button)
        layout.addWidget(what)

        content = QGroupBox("포함할 내용", self)
        form = QFormLayout(content)
        self.highlights = QCheckBox("형광펜을 색칠한 채로", content)
        self.notes = QCheckBox("메모", content)
        self.note_style = QComboBox(content)
        for key, name in NOTE_STYLE_NAMES.items():
            self.note_style.addItem(name, key)
        self.tables = QCheckBox("신구조문대비표 등 표", content)
        form.addRow(self.highlights)
        form.addRow(self.notes, self.note_style)
        form.addRow(self.tables)
        self.notes.toggled.connect(self.note_style.setEnabled)
        layout.addWidget(content)

        page = QGroupBox("용지", self)
        page_form = QFormLayout(page)
        self.paper = QComboBox(page)
        self.paper.addItems(list(PAPERS))
        self.landscape = QCheckBox("가로 방향", page)
        self.font_size = QDoubleSpinBox(page)
        self.font_size.setRange(7.0, 16.0)
        self.font_size.setSingleStep(0.5)
        self.font_size.setSuffix(" pt")
        page_form.addRow("용지 크기", self.paper)
        page_form.addRow("", self.landscape)
        page_form.addRow("글자 크기", self.font_size)
        layout.addWidget(page)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(action)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("취소")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.set_options(options)

    def set_options(self, options: PrintOptions) -> None:
        """Show ``options``; an unavailable scope falls back to the first available one."""
        options = options.normalised()
        button = self.scope_buttons.get(options.scope)
        if button is None or not button.isEnabled():
            button = next((b for b in self.scope_buttons.values() if b.isEnabled()), None)
        if button is not None:
            button.setChecked(True)
        self.highlights.setChecked(options.highlights)
        self.notes.setChecked(options.notes)
        self.note_style.setCurrentIndex(max(0, self.note_style.findData(options.note_style)))
        self.note_style.setEnabled(options.notes)
        self.tables.setChecked(options.tables)
        self.paper.setCurrentText(options.paper)
        self.landscape.setChecked(options.landscape)
        self.font_size.setValue(options.font_size)

    def options(self) -> PrintOptions:
        """The options as chosen."""
        scope = next((k for k, b in self.scope_buttons.items() if b.isChecked()), "current")
        return PrintOptions(
            highlights=self.highlights.isChecked(), notes=self.notes.isChecked(),
            note_style=self.note_style.currentData(), tables=self.tables.isChecked(),
            paper=self.paper.currentText(), landscape=self.landscape.isChecked(),
            font_size=self.font_size.value(), scope=scope,
        ).normalised()


def _printer(options: PrintOptions):
    from PySide6.QtPrintSupport import QPrinter

    from desktop.printing.pages import page_layout

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(page_layout(options))
    return printer


def _paint_or_warn(parent: QWidget | None, job: ComposedJob, printer, options: PrintOptions) -> bool:
    from desktop.printing.pages import paint

    if paint(job, printer, options) == 0:
        QMessageBox.warning(parent, "인쇄", "인쇄하지 못했습니다. 프린터 설정을 확인해 주세요.")
        return False
    return True


def show_preview(parent: QWidget | None, job: ComposedJob, options: PrintOptions) -> bool:
    """The print preview (from which the user can also print)."""
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    printer = _printer(options)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(f"인쇄 미리 보기 — {job.title}")
    dialog.paintRequested.connect(lambda p: _paint_or_warn(dialog, job, p, options))
    dialog.resize(900, 1000)
    return dialog.exec() == QDialog.DialogCode.Accepted


def print_with_dialog(parent: QWidget | None, job: ComposedJob, options: PrintOptions) -> bool:
    """The system print dialog, then printing."""
    from PySide6.QtPrintSupport import QPrintDialog

    printer = _printer(options)
    printer.setDocName(job.title)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("인쇄")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    return _paint_or_warn(parent, job, printer, options)


def suggested_file_name(job: ComposedJob) -> str:
    """``파주시 인공지능 기본 조례 발췌.pdf`` (characters Windows forbids replaced)."""
    name = "".join("_" if ch in '\\/:*?"<>|' else ch for ch in job.title)
    return f"{name}.pdf"


def export_with_dialog(parent: QWidget | None, job: ComposedJob, options: PrintOptions, folder: str = "") -> str:
    """Ask for a file name and export; returns the path written ('' if cancelled or failed)."""
    from desktop.printing.export import ExportError, export_pdf

    start = str(Path(folder or Path.home()) / suggested_file_name(job))
    path, _filter = QFileDialog.getSaveFileName(parent, "PDF로 내보내기", start, "PDF 파일 (*.pdf)")
    if not path:
        return ""
    if not path.lower().endswith(".pdf"):
        path += ".pdf"
    try:
        export_pdf(job, path, options)
    except ExportError as exc:
        QMessageBox.warning(parent, "PDF로 내보내기", str(exc))
        return ""
    return path
