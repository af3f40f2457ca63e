"""Starts the GUI: fonts, window, background loading, ``--screenshot`` mode."""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from pathlib import Path

from PySide6.QtCore import QThread, QTimer, Signal
from PySide6.QtWidgets import QApplication

from desktop import paths
from desktop.core.navigation import Location

STARTED = time.perf_counter()


class Loader(QThread):
    """Parses the library and opens the search index off the GUI thread."""

    libraryLoaded = Signal(object)
    libraryFailed = Signal(str)
    engineReady = Signal(object)
    engineFailed = Signal(str)
    storeReady = Signal(object)
    storeFailed = Signal(str)

    def __init__(self, seeds: Path, index: Path, parent=None, data_dir: Path | None = None) -> None:
        super().__init__(parent)
        self.seeds, self.index, self.data_dir = seeds, index, data_dir
        self.library_shown = threading.Event()

    def run(self) -> None:
        from desktop.core.catalog import CatalogError
        from desktop.core.library import Library
        from desktop.core.parsing import ParseError

        try:
            library = Library.load(self.seeds)
        except (CatalogError, ParseError, OSError) as exc:
            self.libraryFailed.emit(f"문서를 읽을 수 없습니다: {exc}")
            return
        except Exception as exc:  # never leave the window waiting forever
            self.libraryFailed.emit(f"문서를 읽는 중 오류가 발생했습니다: {exc!r}")
            return
        import desktop.core.references
        import desktop.render.html  # noqa: F401  (warm imports the GUI thread would otherwise pay)

        try:
            from desktop.ui.annotation_actions import open_store

            store = open_store(self.data_dir)
            try:
                store.reanchor_all(list(library))  # heavy: keep it off the GUI thread
            except Exception:  # keep anchors as they are; nothing is lost
                pass
            self.storeReady.emit(store)
        except Exception as exc:  # unwritable folder, newer format: reading still works
            self.storeFailed.emit(str(exc))
        self.libraryLoaded.emit(library)  # after the store, so the first page is drawn once, with annotations
        # Let the GUI thread draw the documents before competing with it for the GIL again.
        self.library_shown.wait(timeout=3.0)
        try:
            from desktop.search.engine import SearchEngine
            from desktop.search.indexer import IndexUnavailable
        except ImportError as exc:  # pragma: no cover - broken install
            self.engineFailed.emit(f"검색을 사용할 수 없습니다: {exc}")
            return
        try:
            engine = SearchEngine.open(self.index, library)
        except IndexUnavailable as exc:
            self.engineFailed.emit(str(exc))
            return
        except Exception as exc:
            self.engineFailed.emit(f"검색 색인을 열 수 없습니다: {exc}")
            return
        self.engineReady.emit(engine)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m desktop", description="조례 열람기")
    parser.add_argument("--open", metavar="DOC_ID[#EID]", help="이 문서/조문을 열어서 시작")
    parser.add_argument("--search", metavar="QUERY", help="이 검색어로 검색한 상태로 시작")
    parser.add_argument("--screenshot", metavar="OUT.png", type=Path, help="준비되면 창을 PNG로 저장하고 끝냄")
    parser.add_argument("--seeds", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--index", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--settings", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", type=Path, default=None, help="메모·설정 저장 폴더 (USB 휴대 사용)")
    parser.add_argument("--exit-after", choices=["paint", "ready"], default=None, help=argparse.SUPPRESS)
    args, _unknown = parser.parse_known_args(argv)
    return args


def make_application(argv: list[str] | None = None, *, fonts: bool = True) -> QApplication:
    """The QApplication with the bundled Korean font as the UI font (``fonts=False``: later)."""

    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setApplicationName("ordinance-reader")
    app.setApplicationDisplayName("조례 열람기")
    app.setOrganizationName("ordinance-reader")
    icon = paths.resources_dir() / "icons" / "app.png"
    if icon.is_file():  # scripts/make_icon.py; the Windows .exe carries app.ico as well
        from PySide6.QtGui import QIcon

        app.setWindowIcon(QIcon(str(icon)))
    if fonts:
        use_bundled_fonts(app)
    return app


def use_bundled_fonts(app: QApplication) -> None:
    """Register the bundled Korean fonts and make the sans one the UI font."""
    from desktop.ui.fonts import register_fonts, ui_font

    register_fonts()
    app.setFont(ui_font())


def make_frame(args: argparse.Namespace):
    """The main window's frame only (panels come after the first paint, see :func:`complete_window`)."""
    from desktop.ui.main_window import MainWindow
    from desktop.ui.settings import Settings

    settings_path = args.settings
    if settings_path is None and args.data_dir is not None:
        settings_path = Path(args.data_dir) / "settings.ini"
    window = MainWindow(Settings(settings_path), deferred=True)
    window.restore_geometry()
    return window


def build_window(args: argparse.Namespace):
    """A complete main window wired to a loader (not started)."""
    return complete_window(make_frame(args), args)


def complete_window(window, args: argparse.Namespace):
    """Add the panels to a frame and wire it to a loader (not started)."""
    from desktop.ui.annotation_actions import AnnotationUi

    window.build_ui()
    window.annotation_ui = AnnotationUi(window)
    window.restore_state()
    loader = Loader(args.seeds or paths.seeds_dir(), args.index or paths.index_dir(), window, data_dir=args.data_dir)
    loader.libraryLoaded.connect(window.set_library)
    loader.libraryLoaded.connect(lambda _l: QTimer.singleShot(0, loader.library_shown.set))
    loader.libraryFailed.connect(window.reader.show_welcome)
    loader.storeReady.connect(window.annotation_ui.attach_store)
    loader.storeFailed.connect(window.annotation_ui.store_failed)
    loader.engineReady.connect(window.set_engine)
    loader.engineFailed.connect(window.set_search_unavailable)
    window.loader = loader
    if args.open:
        window.open_location(Location.parse(args.open))
    if args.search:
        window.set_start_query(args.search)
    _wire_ready(window, loader, bool(args.search))
    return window


def _wire_ready(window, loader, wants_search: bool) -> None:
    """Emit ``window.ready`` once the library is shown and search answered (or failed)."""
    state = {"library": False, "engine": False, "search": not wants_search}

    def check() -> None:
        if all(state.values()) and not getattr(window, "_ready_sent", False):
            window._ready_sent = True
            window.ready.emit()

    def mark(key: str) -> None:
        state[key] = True
        check()

    loader.libraryLoaded.connect(lambda _l: mark("library"))
    loader.libraryFailed.connect(lambda _m: (mark("library"), mark("engine"), mark("search")))
    loader.engineReady.connect(lambda _e: mark("engine"))
    loader.engineFailed.connect(lambda _m: (mark("engine"), mark("search")))
    window.search.resultsShown.connect(lambda _q, _n: mark("search"))


def run(argv: list[str]) -> int:
    """Open the window (and, with ``--screenshot``, save it as PNG and exit)."""
    args = parse_args(argv)
    if args.data_dir is not None:
        os.environ.setdefault("ORDINANCE_READER_DATA", str(args.data_dir))
    sys.setswitchinterval(0.002)  # let the GUI thread in often while the loader parses
    app = make_application([sys.argv[0]], fonts=False)
    window = make_frame(args)
    window.show()
    if args.screenshot is not None:
        out = args.screenshot

        def shoot() -> None:
            app.processEvents()
            ok = window.grab().save(str(out))
            print(f"screenshot: {out}" if ok else f"오류: {out} 에 저장할 수 없습니다", file=sys.stderr if not ok else sys.stdout)
            app.exit(0 if ok else 1)

        window.ready.connect(lambda: QTimer.singleShot(300, shoot))
        QTimer.singleShot(60_000, lambda: (print("오류: 60초 안에 준비되지 않았습니다", file=sys.stderr), app.exit(1)))
    if args.exit_after:
        _install_timing_probe(app, window, args.exit_after)
    app.aboutToQuit.connect(window.shutdown)
    after_first_paint(window, lambda: _complete_and_load(app, window, args))
    code = app.exec()
    window.release()  # the store and index the loader opened for this window
    return code


def _complete_and_load(app: QApplication, window, args: argparse.Namespace) -> None:
    """Finish the window in short steps so no single step holds the GUI thread for long."""

    def fonts_and_modules() -> None:
        use_bundled_fonts(app)
        import desktop.ui.reader_panel
        import desktop.ui.search_panel
        import desktop.ui.tree_panel  # noqa: F401

        QTimer.singleShot(0, panels)

    def panels() -> None:
        complete_window(window, args)
        QTimer.singleShot(0, window.loader.start)

    fonts_and_modules()


def after_first_paint(window, then) -> None:
    """Run ``then`` once, right after the window's first paint (or after 1 s if it never paints)."""
    from PySide6.QtCore import QEvent, QObject

    done = {"ran": False}

    def run_once() -> None:
        if not done["ran"]:
            done["ran"] = True
            then()

    class FirstPaint(QObject):
        def eventFilter(self, obj, event) -> bool:
            if event.type() == QEvent.Type.Paint:
                window.removeEventFilter(self)
                QTimer.singleShot(0, run_once)
            return False

    window._first_paint = FirstPaint(window)
    window.installEventFilter(window._first_paint)
    QTimer.singleShot(1000, run_once)  # a window that never paints (minimised) still loads


def _install_timing_probe(app: QApplication, window, until: str) -> None:
    """Benchmarks and smoke tests: print start-up timings and the longest GUI stall, then quit."""
    from PySide6.QtCore import QEvent, QObject

    marks: dict[str, float] = {}
    stall = {"last": time.perf_counter(), "max": 0.0, "at": 0.0}

    def beat() -> None:
        now = time.perf_counter()
        if now - stall["last"] > stall["max"]:
            stall["max"], stall["at"] = now - stall["last"], stall["last"] - STARTED
        stall["last"] = now

    heartbeat = QTimer(window, interval=5)
    heartbeat.timeout.connect(beat)
    heartbeat.start()

    def finish() -> None:
        beat()
        parts = [f"{k}_ms={v * 1000:.1f}" for k, v in marks.items()]
        print("timing " + " ".join([*parts, f"max_stall_ms={stall['max'] * 1000:.1f}",
                                    f"stall_at_ms={stall['at'] * 1000:.0f}"]), flush=True)
        app.exit(0)

    class PaintWatcher(QObject):
        def eventFilter(self, obj, event) -> bool:
            if event.type() == QEvent.Type.Paint and "painted" not in marks:
                marks["painted"] = time.perf_counter() - STARTED
                if until == "paint":
                    QTimer.singleShot(0, finish)
            return False

    watcher = PaintWatcher(window)
    window.installEventFilter(watcher)

    def on_ready() -> None:
        marks["ready"] = time.perf_counter() - STARTED
        if until == "ready":
            QTimer.singleShot(50, finish)

    window.ready.connect(on_ready)
