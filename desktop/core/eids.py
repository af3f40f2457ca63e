"""Akoma-Ntoso-style eIds and the official citations they stand for.

Scheme (also in the README's design notes):

- ``art_8``; 제7조의2 is ``art_7-2``; a repeated article number in one file
  gets ``_r2``, ``_r3`` … on its later occurrences (``art_5_r2``).
- ``art_8__para_2`` (항), ``art_8__para_2__item_3`` (호), ``…__item_4-2`` (4의2),
  ``art_2__item_8__sub_2`` (목, 가=1, 나=2 …); items directly under an
  article: ``art_3__item_1``.
- 부칙: the first block is ``suppl``, later blocks ``suppl_2``, ``suppl_3`` …;
  their articles are ``suppl__art_1``.
- containers: ``part_1`` (편), ``chp_1`` (장), ``chp_1__sec_2`` (절),
  ``chp_1__sec_2__subsec_1`` (관); 제1장의2 is ``chp_1-2``.
- appendices (별표): ``annex_1``.
- review reports: ``rpt_1`` (I.), ``rpt_1__sub_2`` (나.), paragraphs
  ``…__p_3``, footnotes ``fn_1``, tables ``…__tbl_1``; attachments ``ref``,
  ``bill``, ``cmp``, ``cost``; the full scheme is in ``parsing/report.py``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from desktop.core.model import Node

SEP = "__"

#: 목 letters in official order; index 0 is 가 (sub_1).
SUBITEM_LETTERS = "가나다라마바사아자차카타파하거너더러머버서어저처커터퍼허"

_NUM = re.compile(r"^(\d+)(?:의(\d+))?$")


def number_token(number: str) -> str:
    """``"7의2"`` → ``"7-2"``, ``"12"`` → ``"12"``."""
    m = _NUM.match(number.strip())
    if not m:
        raise ValueError(f"not an article/item number: {number!r}")
    main, branch = m.groups()
    return f"{int(main)}-{int(branch)}" if branch else str(int(main))


def subitem_index(letter: str) -> int:
    """``"가"`` → 1, ``"나"`` → 2 …; 0 when the letter is not a 목 letter."""
    pos = SUBITEM_LETTERS.find(letter)
    return pos + 1 if pos >= 0 else 0


def join(parent: str | None, segment: str) -> str:
    """Append a segment to a parent eid."""
    return f"{parent}{SEP}{segment}" if parent else segment


def segments(eid: str) -> list[str]:
    """``"art_8__para_2"`` → ``["art_8", "para_2"]``."""
    return eid.split(SEP) if eid else []


def _strip_repeat(value: str) -> str:
    return re.sub(r"_r\d+$", "", value)


def _korean_number(token: str, unit: str) -> str:
    """``("7-2", "조")`` → ``"제7조의2"``."""
    main, _, branch = token.partition("-")
    return f"제{main}{unit}의{branch}" if branch else f"제{main}{unit}"


def segment_citation(segment: str) -> str:
    """Citation text for one legal segment; empty for non-legal segments."""
    name, _, value = segment.partition("_")
    value = _strip_repeat(value)
    if name == "art":
        return _korean_number(value, "조")
    if name == "para":
        return _korean_number(value, "항")
    if name == "item":
        return _korean_number(value, "호")
    if name == "sub" and value.replace("-", "", 1).isdigit():
        main, _, branch = value.partition("-")  # sub_1-2: 가목의2
        idx = int(main)
        if 1 <= idx <= len(SUBITEM_LETTERS):
            return f"{SUBITEM_LETTERS[idx - 1]}목" + (f"의{branch}" if branch else "")
    if name == "chp":
        return _korean_number(value, "장")
    if name == "sec":
        return _korean_number(value, "절")
    if name == "subsec":
        return _korean_number(value, "관")
    if name == "part":
        return _korean_number(value, "편")
    return ""


_LEGAL = {"art", "para", "item", "sub", "chp", "sec", "subsec", "part"}


def citation_suffix(eid: str, label: str, path: list[Node]) -> str:
    """The part of a citation after the document title.

    Legal units become ``제8조제1항제2호``; 부칙 units ``부칙 제1조``; other units
    (report sections, tables) are cited by the titles along their path.
    """
    segs = segments(eid)
    if not segs:
        return ""
    heads = [s.partition("_")[0] for s in segs]
    if all(h in _LEGAL for h in heads):
        # An article below a chapter is cited without the chapter.
        legal = [s for s in segs if s.partition("_")[0] in {"art", "para", "item", "sub"}]
        chosen = legal or segs
        return "".join(segment_citation(s) for s in chosen)
    if heads[0] == "suppl":
        suppl = path[0] if path else None
        head = "부칙"
        if suppl is not None and suppl.heading:
            head = f"부칙({suppl.heading})"
        rest = "".join(segment_citation(s) for s in segs[1:])
        return f"{head} {rest}".strip()
    if heads[0] in _REPORT_ROOTS:
        return report_citation(path) or label
    titles = [node.title for node in path if node.title]
    return " ".join(titles) or label


_REPORT_ROOTS = {"rpt", "fn", "ref", "bill", "cmp", "cost"}
_ENUMERATOR = re.compile(r"^(?:[IVX]+\.|[Ⅰ-Ⅻ]\.|\d{1,2}[.)]|[가-힣][.)]|\(\d{1,2}\)|\([가-힣]\))$")


def report_citation(path: list[Node]) -> str:
    """How a clerk cites a unit of a review report: ``III. 검토의견 요지 나.``, ``각주 2)``.

    The first numbered heading on the path is cited with its heading, deeper
    ones by number only; attachments by their heading; tables by caption;
    other paragraphs and notes by their position (``문단 3``, ``주 1``).
    """
    parts: list[str] = []
    numbered = False
    for node in path:
        name, _, value = segments(node.eid)[-1].partition("_")
        value = _strip_repeat(value)
        if name == "fn":
            piece = f"각주 {node.label}"
        elif _ENUMERATOR.match(node.label):
            piece = node.label if numbered else f"{node.label} {node.heading}".strip()
            numbered = True
        elif name in ("tbl", "cmp") and parts:
            piece = f"표 〈{node.heading}〉" if node.heading else f"표 {value}"
        elif name in ("p", "note") and value.isdigit():
            piece = f"{'문단' if name == 'p' else '주'} {value}"
        else:
            piece = node.heading or node.label
        if piece and (not parts or parts[-1] != piece):
            parts.append(piece)
    return " ".join(parts)
