"""Text normalisation shared by the parsers, search and annotations."""

from __future__ import annotations

import re
import unicodedata

#: Middle-dot look-alikes unified to U+00B7 (법령 files use U+318D "ㆍ", HWP-made titles U+2024 "․").
_MIDDLE_DOTS = str.maketrans({"\u318d": "·", "\u30fb": "·", "\u2027": "·", "\u2219": "·", "\u22c5": "·", "\uff65": "·", "\u2024": "·"})

#: Space look-alikes (tabs are kept: the report's tables are tab-separated).
_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff]")

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳㉑㉒㉓㉔㉕㉖㉗㉘㉙㉚㉛㉜㉝㉞㉟㊱㊲㊳㊴㊵㊶㊷㊸㊹㊺㊻㊼㊽㊾㊿"


def normalize(text: str) -> str:
    """NFC, one middle dot, plain spaces, no zero-width characters."""
    text = unicodedata.normalize("NFC", text)
    text = text.translate(_MIDDLE_DOTS)
    text = _SPACES.sub(" ", text)
    return _ZERO_WIDTH.sub("", text)


def circled_value(char: str) -> int:
    """``"②"`` → 2; 0 when ``char`` is not a circled number."""
    pos = CIRCLED.find(char)
    return pos + 1 if pos >= 0 else 0


def circled(number: int) -> str:
    """2 → ``"②"``; numbers past ㊿ are written ``<51>`` as the law sites do."""
    return CIRCLED[number - 1] if 1 <= number <= len(CIRCLED) else f"<{number}>"


def collapse_spaces(text: str) -> str:
    """Runs of blanks become one space; ends are trimmed."""
    return re.sub(r"[ \t]+", " ", text).strip()


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines of one paragraph with single spaces."""
    return collapse_spaces(" ".join(line.strip() for line in lines if line.strip()))


_SKELETON_DROP = re.compile(r"[^0-9A-Za-z\uac00-\ud7a3\u3131-\u318e\u4e00-\u9fff\u3400-\u4dbf]")


def skeleton(text: str) -> str:
    """Letters and digits only, circled numbers as digits: for fidelity checks.

    Two texts with the same skeleton have the same words in the same order,
    whatever their markup, punctuation or spacing.
    """
    text = normalize(text)
    text = "".join(str(circled_value(c)) if circled_value(c) else c for c in text)
    return _SKELETON_DROP.sub("", text)


def words(text: str) -> list[str]:
    """Maximal runs of letters/digits (see :func:`skeleton`)."""
    text = normalize(text)
    text = "".join(f" {circled_value(c)} " if circled_value(c) else c for c in text)
    return [w for w in _SKELETON_DROP.split(text) if w]
