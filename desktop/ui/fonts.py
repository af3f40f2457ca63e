"""Registers the bundled Korean fonts so Hangul renders on machines without any."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase

from desktop import paths

UI_FONT_FILE = "NotoSansKR-Regular.otf"
PRINT_FONT_FILE = "NotoSerifKR-Regular.otf"
_registered: dict[str, str] = {}


def register_fonts() -> dict[str, str]:
    """Add the bundled fonts to Qt's database; returns ``{file name: family}``."""
    if _registered:
        return dict(_registered)
    folder = paths.resources_dir() / "fonts"
    for name in (UI_FONT_FILE, PRINT_FONT_FILE):
        font_id = QFontDatabase.addApplicationFont(str(folder / name))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if families:
            _registered[name] = families[0]
    return dict(_registered)


def ui_font(point_size: float = 10.5) -> QFont:
    """The bundled sans-serif Korean font (falls back to the system font)."""
    family = register_fonts().get(UI_FONT_FILE)
    font = QFont(family) if family else QFont()
    font.setPointSizeF(point_size)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


def print_font_family() -> str:
    """The bundled serif family for printing."""
    return register_fonts().get(PRINT_FONT_FILE, "serif")
