"""Print, print preview and Export PDF in the main window (File menu, shortcuts).

``install_print_actions(window)`` is all the window calls.  The printing
package (and with it the document model) is imported only when an action is
used, so start-up stays as fast as before.  What can be printed is gathered
from the window: the unit shown in the reader, the rows chosen in the tree,
the current search results and the bookmarks (from the annotation store when
one is attached, else from the data folder, else none).
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

PRINT_SHORTCUT = "Ctrl+P"
PREVIEW_SHORTCUT = "Ctrl+Shift+P"
EXPORT_SHORTCUT = "Ctrl+Shift+E"


class PrintActions:
    """The three actions and what they do; ``window.print_actions`` after install."""

    def __init__(self, window) -> None:
        self.window = window
        self.print_action = window._action("인쇄…", lambda: self.run("print"), PRINT_SHORTCUT)
        self.preview_action = window._action("인쇄 미리 보기…", lambda: self.run("preview"), PREVIEW_SHORTCUT)
        self.export_action = window._action("PDF로 내보내기…", lambda: self.run("export"), EXPORT_SHORTCUT)
        menu = window.file_menu
        first = menu.actions()[0] if menu.actions() else None
        menu.insertActions(first, [self.preview_action, self.print_action, self.export_action])
        if first is not None:
            menu.insertSeparator(first)

    # -- what can be printed -------------------------------------------------------
    def annotations(self):
        """An :class:`AnnotationSnapshot` of the window's store (or of the data folder)."""
        from desktop.printing import annotations as printing_annotations

        controller = getattr(self.window, "annotations", None)
        store = getattr(controller, "store", None) if controller is not None else None
        if store is not None and hasattr(store, "list"):
            try:
                return printing_annotations.snapshot(store)
            except Exception:  # a store in trouble must not stop printing
                return printing_annotations.EMPTY
        snap, _warning = printing_annotations.load()
        return snap

    def scopes(self, annotations) -> dict[str, list[tuple[str, str]]]:
        """Refs for each scope: ``current``, ``selection``, ``results``, ``bookmarks``."""
        from desktop.printing.selection import current_ref, refs_from_hits

        w = self.window
        here = w.history.current
        return {
            "current": current_ref(w.library, here.doc_id, here.eid) if here is not None else [],
            "selection": list(w.tree.selected_units()),
            "results": refs_from_hits(getattr(w.search, "hits", [])),
            "bookmarks": list(annotations.bookmarks),
        }

    def _describe(self, scopes) -> dict[str, tuple[str, int]]:
        from desktop.printing.selection import SelectionError, collect, count_units

        out = {}
        for key, refs in scopes.items():
            try:
                groups = collect(self.window.library, refs, strict=False)
            except SelectionError:
                out[key] = ("없음", 0)
                continue
            n = count_units(groups)
            if key == "current" and n == 1:
                out[key] = (groups[0].units[0].citation, 1)
            else:
                out[key] = (f"{n}개 단위" + (f", 문서 {len(groups)}개" if len(groups) > 1 else ""), n)
        return out

    # -- running -------------------------------------------------------------------
    def run(self, purpose: str) -> bool:
        """Ask for options, then preview (``preview``), print (``print``) or export (``export``)."""
        w = self.window
        if w.library is None:
            w.statusBar().showMessage("문서를 읽는 중입니다. 잠시 후 다시 시도해 주세요.", 5000)
            return False
        from desktop.printing.compose import PrintOptions
        from desktop.printing.dialog import PrintOptionsDialog

        annotations = self.annotations()
        scopes = self.scopes(annotations)
        described = self._describe(scopes)
        if not any(count for _d, count in described.values()):
            QMessageBox.information(w, "인쇄", "인쇄할 조문이 없습니다. 조문을 열거나 목차에서 고르세요.")
            return False
        options = PrintOptions.load(w.settings)
        if purpose == "print" and w.tree.view.hasFocus() and len(scopes["selection"]) > 1:
            options.scope = "selection"
        label = {"print": "인쇄", "preview": "미리 보기", "export": "PDF로 내보내기"}[purpose]
        dialog = PrintOptionsDialog(options, described, label, w)
        if dialog.exec() != PrintOptionsDialog.DialogCode.Accepted:
            return False
        options = dialog.options()
        options.save(w.settings)
        return self.output(purpose, scopes[options.scope], options, annotations)

    def output(self, purpose: str, refs, options, annotations) -> bool:
        """Compose ``refs`` and send them to the preview, the printer or a PDF file."""
        from desktop.printing import dialog as print_dialog
        from desktop.printing.compose import compose
        from desktop.printing.selection import SelectionError, collect

        w = self.window
        try:
            job = compose(collect(w.library, refs, strict=False), options, annotations)
        except SelectionError as exc:
            QMessageBox.information(w, "인쇄", str(exc))
            return False
        if purpose == "preview":
            return print_dialog.show_preview(w, job, options)
        if purpose == "print":
            return print_dialog.print_with_dialog(w, job, options)
        folder = str(w.settings.value("print/folder", "") or "")
        path = print_dialog.export_with_dialog(w, job, options, folder)
        if path:
            from pathlib import Path

            w.settings.set_value("print/folder", str(Path(path).parent))
            w.statusBar().showMessage(f"PDF로 저장했습니다: {path}", 8000)
        return bool(path)


def install_print_actions(window) -> PrintActions:
    """Add 인쇄 / 인쇄 미리 보기 / PDF로 내보내기 to ``window`` (File menu and shortcuts)."""
    actions = PrintActions(window)
    window.print_actions = actions
    return actions
