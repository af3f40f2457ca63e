"""Regenerate ``resources/fonts/`` from the Noto KR fonts of the ``pylopdf-fonts-ko`` package.

The bundled fonts are subsets (Hangul, KS X 1001 hanja, Latin, legal symbols)
with the OpenType ``locl`` feature removed: with ``locl`` on, Noto KR
substitutes localized digit glyphs that PDF text extraction cannot map back,
so ``pdftotext`` loses digits.  Needs ``fonttools`` (a developer tool only):

    pip install fonttools pylopdf-fonts-ko && python scripts/make_fonts.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset

OUT = Path(__file__).resolve().parent.parent / "resources" / "fonts"

RANGES = [
    (0x20, 0x7E), (0xA0, 0x17F),  # Latin
    (0x2000, 0x206F), (0x2070, 0x209F), (0x20A9, 0x20A9),  # punctuation, super/subscripts, ₩
    (0x2100, 0x218F), (0x2190, 0x21FF), (0x2200, 0x22FF), (0x2460, 0x24FF),  # symbols, arrows, ①
    (0x2500, 0x257F), (0x25A0, 0x25FF), (0x2600, 0x26FF), (0x2700, 0x27BF),  # boxes, shapes, ☎ ※
    (0x3000, 0x303F), (0x3130, 0x318F), (0x3200, 0x32FF), (0x3300, 0x33FF),  # CJK punct, jamo, ㉑, ㎡
    (0x1100, 0x11FF), (0xAC00, 0xD7A3), (0xFF00, 0xFFEF),  # jamo, syllables, full width
]


def ksx1001_hanja() -> set[int]:
    """The 4,888 hanja of KS X 1001 (the set Korean statutes use)."""
    found = set()
    for lead in range(0xCA, 0xFE):
        for trail in range(0xA1, 0xFF):
            try:
                ch = bytes([lead, trail]).decode("euc-kr")
            except UnicodeDecodeError:
                continue
            found.add(ord(ch))
    return found


def build(source: Path, target: Path) -> None:
    codepoints = set(ksx1001_hanja())
    for lo, hi in RANGES:
        codepoints.update(range(lo, hi + 1))
    options = subset.Options()
    options.layout_features = ["*"]
    options.layout_features_remove = ["locl"] if hasattr(options, "layout_features_remove") else []
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.drop_tables += ["DSIG"]
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)
    if "GSUB" in font:  # belt and braces: no locl feature record survives
        table = font["GSUB"].table
        keep = [r for r in table.FeatureList.FeatureRecord if r.FeatureTag != "locl"]
        removed = {i for i, r in enumerate(table.FeatureList.FeatureRecord) if r.FeatureTag == "locl"}
        if removed:
            remap = {}
            for new, (old, _rec) in enumerate((i, r) for i, r in enumerate(table.FeatureList.FeatureRecord) if i not in removed):
                remap[old] = new
            table.FeatureList.FeatureRecord = keep
            table.FeatureList.FeatureCount = len(keep)
            for script in table.ScriptList.ScriptRecord:
                systems = [script.Script.DefaultLangSys] + [r.LangSys for r in script.Script.LangSysRecord]
                for lang in filter(None, systems):
                    lang.FeatureIndex = [remap[i] for i in lang.FeatureIndex if i in remap]
                    lang.FeatureCount = len(lang.FeatureIndex)
    target.parent.mkdir(parents=True, exist_ok=True)
    subset.save_font(font, str(target), options)
    print(f"{target.name}: {target.stat().st_size / 1e6:.1f} MB")


def main() -> int:
    import pylopdf_fonts_ko

    src = Path(pylopdf_fonts_ko.__file__).parent
    for name in ("NotoSansKR-Regular.otf", "NotoSerifKR-Regular.otf"):
        build(src / name, OUT / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
