"""What the bundles leave out of Qt: shared by ``ordinance-reader.spec`` and the bare-window benchmark spec.

PyInstaller's Qt hooks collect every plugin type a used Qt module *may* load,
the plugins' own libraries (Network for ``tls``, Quick/QML for the virtual
keyboard, Svg, Pdf, Wayland …) and Qt's translations for every language.
The app uses QtCore, QtGui, QtWidgets and QtPrintSupport only (``grep -r
PySide6 desktop``), renders with the raster engine, loads no images but PNG
(built into QtGui) and installs no QTranslator, so the rules below keep:

- platforms: ``xcb`` (X11 and XWayland), ``offscreen`` (headless: CLI
  ``export-pdf``, tests), ``windows`` and ``cocoa`` for the other systems;
- ``xcbglintegrations`` (loaded by the xcb plugin), the ``compose`` and
  ``ibus`` input contexts (dead keys, Hangul input on Linux), ``printsupport``
  (CUPS, Windows spooler), ``styles`` (Windows 11 style);
- the Qt libraries Core, Gui, Widgets, PrintSupport, DBus (linked by Gui) and
  XcbQpa (the xcb plugin's library).

Everything else from Qt goes, and so do ``libcups`` and the libraries it pulls
in: Linux machines with printers have their own, matching their CUPS server
(without it the print dialog lists no printers; PDF export needs no CUPS).
On Linux, :func:`prune_unreferenced` then drops the system libraries only the
dropped plugins needed (GTK, Pango, Cairo … of the ``gtk3`` platform theme).
``ssl`` and ``_hashlib`` are left out too (Whoosh imports ``urllib.request``,
which does without them; ``hashlib`` falls back to its built-in hashes), which
also leaves out OpenSSL: the app has no TLS at all.
"""

from __future__ import annotations

import re
from pathlib import Path

#: Qt plugin folders kept, with the plugin names kept in each (None: all).
KEEP_PLUGINS: dict[str, set[str] | None] = {
    "platforms": {"qxcb", "qoffscreen", "qwindows", "qcocoa"},
    "xcbglintegrations": None,
    "platforminputcontexts": {"composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"},
    "printsupport": None,
    "styles": None,
}
#: Qt libraries kept (``libQt6Gui.so.6``, ``Qt6Gui.dll``, ``QtGui.framework`` → ``Gui``).
KEEP_QT_LIBS = {"Core", "Gui", "Widgets", "PrintSupport", "DBus", "XcbQpa"}
#: Python modules never bundled: the Qt bindings the app does not import, and stdlib parts it does not use.
EXCLUDES = [
    *(f"PySide6.{m}" for m in (
        "QtNetwork", "QtQml", "QtQmlFeatures", "QtQuick", "QtQuickControls2", "QtQuickTest", "QtQuickWidgets",
        "QtSql", "QtSvg", "QtSvgWidgets", "QtTest", "QtOpenGL", "QtOpenGLWidgets", "QtDesigner", "QtHelp",
        "QtUiTools", "QtXml", "QtConcurrent", "QtDBus", "QtLabsStyleKit", "Qt3DCore", "QtMultimedia",
        "QtWebEngineCore", "QtWebEngineWidgets", "QtPdf", "QtPdfWidgets", "QtCharts", "QtDataVisualization",
    )),
    "PyQt5", "PyQt6", "PySide2", "tkinter", "_tkinter", "unittest", "pydoc", "pydoc_data", "doctest",
    "lib2to3", "idlelib", "ensurepip", "venv", "distutils", "setuptools", "pip", "xmlrpc", "curses",
    "pytest", "hypothesis", "IPython", "numpy", "ssl", "_ssl", "_hashlib",
]
#: Other files left out (Windows: the software OpenGL renderer and the shader compiler of Qt Quick/RHI,
#: loaded on demand and never by a raster-painted widgets app).
DROP_FILES = {"opengl32sw.dll", "d3dcompiler_47.dll"}
#: System libraries left to the system (see above).
DROP_SYSTEM_LIBS = re.compile(
    r"^lib(cups|avahi-client|avahi-common|gnutls|nettle|hogweed|gmp|tasn1|p11-kit|idn2|unistring"
    r"|gssapi_krb5|krb5|k5crypto|krb5support|keyutils|com_err)\.so"
)

_QT_LIB = re.compile(r"^(?:lib)?Qt6(\w+?)(?:\.so(?:\.\d+)*|\.dll|\.dylib)$|^Qt(\w+)$")
_PLUGIN_FOLDER = re.compile(r"(?:^|/)plugins/([^/]+)/(?:lib)?([^/.]+)[^/]*$")
_TRANSLATION = re.compile(r"(?:^|/)translations/[^/]+\.qm$")


def _keep(dest: str) -> bool:
    path = dest.replace("\\", "/")
    name = path.rsplit("/", 1)[-1]
    if not (path.startswith("PySide6/") or "Qt" in name or name.startswith("lib")):
        return True
    if path.startswith("PySide6/"):
        plugin = _PLUGIN_FOLDER.search(path)
        if plugin:
            folder, plugin_name = plugin.groups()
            if folder not in KEEP_PLUGINS:
                return False
            kept = KEEP_PLUGINS[folder]
            return kept is None or plugin_name in kept
        if _TRANSLATION.search(path):
            return False
    if name.lower() in DROP_FILES:
        return False
    lib = _QT_LIB.match(name)
    if lib and not path.endswith((".py", ".pyi")):
        return (lib.group(1) or lib.group(2)) in KEEP_QT_LIBS
    return not DROP_SYSTEM_LIBS.match(name)


def apply(analysis, workpath: str) -> str:
    """Apply every rule to a PyInstaller ``Analysis`` in place; returns a line for the build log.

    Qt rules (:func:`trim`) everywhere; on Linux also :func:`prune_unreferenced`
    and the trimmed ICU data (``icu_trim.py``).
    """
    import sys

    before = analysis.binaries + analysis.datas
    binaries, datas = trim(analysis.binaries), trim(analysis.datas)
    if sys.platform.startswith("linux"):
        import icu_trim  # build/icu_trim.py, next to this file

        binaries = icu_trim.replace_in_toc(prune_unreferenced(binaries), Path(workpath) / "icu")
    analysis.binaries, analysis.datas = binaries, datas
    return report(before, binaries + datas, Path(workpath) / "left-out.txt")


def trim(toc: list) -> list:
    """The entries of a PyInstaller TOC (``a.binaries``, ``a.datas``) the bundle keeps."""
    return [entry for entry in toc if _keep(entry[0])]


def prune_unreferenced(binaries: list) -> list:
    """Linux: keep only shared libraries that a kept extension module, Qt plugin or libpython links to.

    Roots are the Python extension modules, the Qt plugins and libpython; ``ldd``
    (PyInstaller's ``get_imports``) lists each root's libraries transitively.
    """
    from PyInstaller.depend.bindepend import get_imports

    def base(dest: str) -> str:
        return dest.replace("\\", "/").rsplit("/", 1)[-1]

    def is_root(dest: str, typecode: str) -> bool:
        return typecode == "EXTENSION" or "/plugins/" in dest.replace("\\", "/") or base(dest).startswith("libpython")

    needed: set[str] = set()
    for dest, src, typecode in binaries:
        if is_root(dest, typecode):
            needed.update(base(name) for name, _path in get_imports(src))
    return [entry for entry in binaries if is_root(entry[0], entry[2]) or base(entry[0]) in needed]


def report(before: list, after: list, list_file: Path | None = None) -> str:
    """One line for the build log: how much the rules left out (the names go to ``list_file``)."""
    left_out = sorted({entry[0] for entry in before} - {entry[0] for entry in after})
    kinds = {"translations": 0, "plugins": 0, "Qt libraries": 0, "other libraries": 0}
    for dest in left_out:
        path = dest.replace("\\", "/")
        kind = ("translations" if "/translations/" in path else "plugins" if "/plugins/" in path
                else "Qt libraries" if _QT_LIB.match(path.rsplit("/", 1)[-1]) else "other libraries")
        kinds[kind] += 1
    line = f"bundle_rules: left out {len(left_out)} files (" + ", ".join(f"{n} {k}" for k, n in kinds.items()) + ")"
    if list_file is not None:
        list_file.parent.mkdir(parents=True, exist_ok=True)
        list_file.write_text("\n".join(left_out) + "\n", encoding="utf-8")
        line += f"; list: {list_file}"
    return line
