"""The bundle's file rules (build/bundle_rules.py) and the ICU data trimming (build/icu_trim.py).

The Windows names are checked here because the Windows build is not run in CI.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

import pytest

BUILD = Path(__file__).resolve().parent.parent / "build"
sys.path.insert(0, str(BUILD))

import bundle_rules  # noqa: E402
import icu_trim  # noqa: E402


def kept(*dests: str) -> list[str]:
    return [d for d, _s, _t in bundle_rules.trim([(d, "/src/" + d, "BINARY") for d in dests])]


@pytest.mark.parametrize("dest", [
    "PySide6/Qt/lib/libQt6Core.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Widgets.so.6",
    "PySide6/Qt/lib/libQt6PrintSupport.so.6", "PySide6/Qt/lib/libQt6DBus.so.6", "PySide6/Qt/lib/libQt6XcbQpa.so.6",
    "PySide6/Qt/plugins/platforms/libqxcb.so", "PySide6/Qt/plugins/platforms/libqoffscreen.so",
    "PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so",
    "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
    "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
    "PySide6/QtCore.abi3.so", "PySide6/QtPrintSupport.abi3.so", "libpyside6.abi3.so.6.12",
    "PySide6/Qt/lib/libicudata.so.73", "libxcb-cursor.so.0", "libfontconfig.so.1", "libsqlite3.so.0",
    # Windows
    "PySide6/Qt6Core.dll", "PySide6/Qt6Gui.dll", "PySide6/Qt6Widgets.dll", "PySide6/Qt6PrintSupport.dll",
    "PySide6/plugins/platforms/qwindows.dll", "PySide6/plugins/styles/qmodernwindowsstyle.dll",
    "PySide6/plugins/printsupport/windowsprintersupport.dll", "PySide6/msvcp140.dll", "PySide6/QtGui.pyd",
    "PySide6\\plugins\\platforms\\qwindows.dll",
])
def test_kept(dest):
    assert kept(dest) == [dest]


@pytest.mark.parametrize("dest", [
    "PySide6/Qt/lib/libQt6Network.so.6", "PySide6/Qt/lib/libQt6Qml.so.6", "PySide6/Qt/lib/libQt6Svg.so.6",
    "PySide6/Qt/lib/libQt6WaylandClient.so.6", "PySide6/Qt/lib/libQt6Pdf.so.6", "libQt6OpenGL.so.6",
    "PySide6/Qt/plugins/platforms/libqwayland.so", "PySide6/Qt/plugins/platforms/libqvnc.so",
    "PySide6/Qt/plugins/platformthemes/libqgtk3.so", "PySide6/Qt/plugins/imageformats/libqjpeg.so",
    "PySide6/Qt/plugins/tls/libqopensslbackend.so", "PySide6/Qt/plugins/generic/libqtuiotouchplugin.so",
    "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
    "PySide6/Qt/translations/qtbase_ko.qm", "libcups.so.2", "libavahi-client.so.3", "libgnutls.so.30",
    # Windows
    "PySide6/Qt6Network.dll", "PySide6/Qt6Qml.dll", "PySide6/opengl32sw.dll", "PySide6/d3dcompiler_47.dll",
    "PySide6/plugins/imageformats/qjpeg.dll", "PySide6/plugins/tls/qschannelbackend.dll",
    "PySide6/translations/qtbase_de.qm", "PySide6\\translations\\qt_ko.qm",
])
def test_left_out(dest):
    assert kept(dest) == []


def test_report_counts_and_lists(tmp_path):
    before = [(d, d, "BINARY") for d in ("a.so", "PySide6/Qt/translations/qt_de.qm", "libQt6Svg.so.6")]
    line = bundle_rules.report(before, before[:1], tmp_path / "left-out.txt")
    assert "left out 2 files" in line and "1 translations" in line and "1 Qt libraries" in line
    assert (tmp_path / "left-out.txt").read_text(encoding="utf-8").split() == ["PySide6/Qt/translations/qt_de.qm",
                                                                               "libQt6Svg.so.6"]


@pytest.mark.parametrize(("item", "keep"), [
    ("cnvalias.icu", True), ("uprops.icu", True), ("nfkc.nrm", True), ("root.res", True), ("ko.res", True),
    ("en_US_POSIX.res", True), ("supplementalData.res", True), ("zoneinfo64.res", True), ("pool.res", True),
    ("coll/ucadata.icu", True), ("coll/ko.res", True), ("coll/root.res", True), ("zone/ko.res", True),
    ("de.res", False), ("zh_Hant_TW.res", False), ("es_419.res", False), ("coll/ja.res", False),
    ("ibm-949_P110-1999.cnv", False), ("brkitr/char.brk", False), ("translit/root.res", False),
    ("unit/ko.res", False), ("lang/ko.res", False), ("unames.icu", False), ("rfc3491.spp", False),
])
def test_icu_items(item, keep):
    assert icu_trim.keep(item) is keep


def _package(items: list[tuple[str, bytes]]) -> bytes:
    """A minimal ICU common data package (header, TOC, names, 16-byte aligned items)."""
    header = bytearray(32)
    struct.pack_into("<H", header, 0, 32)
    header[2:4] = b"\xda\x27"
    header[12:16] = b"CmnD"
    return icu_trim.write_package(bytes(header), items)


def test_icu_package_round_trip():
    items = [("icudt73l/a.res", b"\x01" * 5), ("icudt73l/coll/ko.res", b"\x02" * 40), ("icudt73l/ko.res", b"x")]
    blob = _package(items)
    header, read = icu_trim.read_package(blob)
    assert header[12:16] == b"CmnD"
    assert [(name, data[:len(orig)]) for (name, data), (_n, orig) in zip(read, items, strict=True)] == items
    (count,) = struct.unpack_from("<I", blob, 32)
    offsets = [struct.unpack_from("<II", blob, 36 + 8 * i)[1] for i in range(count)]
    assert all((32 + offset) % 16 == 0 for offset in offsets)


def test_icu_rejects_other_data():
    with pytest.raises(ValueError):
        icu_trim.read_package(b"\0" * 64)
