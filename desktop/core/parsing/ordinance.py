"""Parser for ordinances as plain or markdown-like text (the seed files).

Handles ``**제1조(목적)**`` headings, paragraphs led by ``- ②``, broken
``- 제12조(구매 노력 등)**`` lines, blank lines inside item lists, indented
items and ``- 가.`` sub-items, a 공포문 preamble with date and 시장 name,
metadata lines (관리책임부서명 …) and 부칙 with or without a dated heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core.model import Document, DocumentKind, NodeKind
from desktop.core.parsing import patterns as pt
from desktop.core.parsing.builder import TreeBuilder
from desktop.core.parsing.errors import ParseError
from desktop.core.text import collapse_spaces, normalize

_TITLE_END = re.compile(r"(조례|규칙|법|법률|시행령|시행규칙|령|규정)(안)?$")
_KEY_VALUE = re.compile(r"^(?P<key>[가-힣A-Za-z ]{2,20}?)\s*:\s*(?P<value>.+)$")
_ENFORCED = re.compile(r"\[\s*시행\s*(?P<date>[\d.\s]+?)\s*\]")
_NUMBER = re.compile(r"(?P<kind>조례|규칙)\s*제\s*(?P<no>\d+)\s*호")
_DOTTED_DATE = re.compile(r"(?P<y>\d{4})\s*[.-]\s*(?P<m>\d{1,2})\s*[.-]\s*(?P<d>\d{1,2})")
_KOREAN_DATE = re.compile(r"(?P<y>\d{4})\s*년\s*(?P<m>\d{1,2})\s*월\s*(?P<d>\d{1,2})\s*일")
_ENACTED = re.compile(r"(?:제정|개정|전부개정|일부개정)")


@dataclass
class Line:
    """One source line: its 1-based number and the text with markup removed."""

    number: int
    text: str


@dataclass
class Header:
    """What precedes the first article: title, preamble lines, metadata."""

    title: str = ""
    lines: list[str] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)


def iso_date(text: str) -> str | None:
    """First date in ``text`` as ``YYYY-MM-DD`` (dotted or 년월일 form)."""
    m = _DOTTED_DATE.search(text) or _KOREAN_DATE.search(text)
    if not m:
        return None
    return f"{int(m['y']):04d}-{int(m['m']):02d}-{int(m['d']):02d}"


def _is_body_start(text: str) -> bool:
    return bool(pt.match_article(text, require_title=True) or pt.CONTAINER.match(text))


def _read_header(lines: list[Line], raw_title: str | None) -> Header:
    header = Header()
    texts = [ln.text for ln in lines if ln.text]
    header.lines = texts
    if raw_title:
        header.title = raw_title
    else:
        candidates = [t for t in texts if _TITLE_END.search(t) and not t.startswith(("붙임", "제정", "개정"))
                      and "공포" not in t and not _NUMBER.search(t)]
        header.title = candidates[-1] if candidates else (texts[0] if texts else "")
    meta = header.metadata
    joined = "\n".join(texts)
    for text in texts:
        kv = _KEY_VALUE.match(text)
        if kv and not _DOTTED_DATE.search(kv["key"]):
            meta[collapse_spaces(kv["key"])] = kv["value"].strip()
    if m := _ENFORCED.search(joined):
        meta["시행일"] = iso_date(m["date"]) or m["date"].strip()
    if m := _NUMBER.search(joined):
        meta["조례번호"] = f"제{m['no']}호"
    for text in texts:
        if _ENACTED.search(text) and (date := iso_date(text)):
            meta.setdefault("공포일", date)
    for i, text in enumerate(texts):
        if "공포한다" in text or "공포합니다" in text:
            for later in texts[i + 1 :]:
                if (date := iso_date(later)) and "공포일" not in meta:
                    meta["공포일"] = date
                squashed = later.replace(" ", "")
                if squashed.endswith("장") and len(squashed) <= 8 and "공포자" not in meta:
                    nxt = texts[texts.index(later) + 1] if texts.index(later) + 1 < len(texts) else ""
                    meta["공포자"] = f"{squashed} {nxt.replace(' ', '')}".strip()
    return header


def _split_glued_paragraphs(text: str) -> list[str]:
    """``"…한다.② …"`` → ``["…한다.", "② …"]`` (a circled number after a sentence end)."""
    parts = re.split(rf"(?<=[.다])\s*(?=[{pt.CIRCLED}]\s)", text)
    return [p for p in parts if p]


def parse_body(lines: list[Line], builder: TreeBuilder, path: str | Path) -> None:
    """Feed body lines to ``builder``; text that is no unit becomes a ``text`` node."""
    after_blank = True
    for ln in lines:
        text = ln.text
        if not text:
            after_blank = True
            continue
        text, notes = pt.split_notes(text)
        if head := pt.match_article(text, require_title=not builder.nodes):
            builder.article(head.number, f"제{head.number}조", head.heading)
            rest = head.rest
            if rest:
                _feed_unit(rest, builder)
        elif m := pt.CONTAINER.match(text):
            number = m["num"] + (f"의{m['branch']}" if m["branch"] else "")
            kind = {"편": NodeKind.PART, "장": NodeKind.CHAPTER, "절": NodeKind.SECTION, "관": NodeKind.SUBSECTION}[m["unit"]]
            label = f"제{m['num']}{m['unit']}" + (f"의{m['branch']}" if m["branch"] else "")
            builder.container(kind, number, label, (m["heading"] or "").strip())
        elif m := pt.SUPPLEMENTARY.match(text):
            rest = m["rest"].strip()
            heading = ""
            if rest.startswith(("(", "<")):
                close = ")" if rest[0] == "(" else ">"
                end = rest.find(close)
                if end > 0:
                    heading, rest = rest[1:end].strip(), rest[end + 1 :].strip()
            builder.supplementary("부칙", heading, rest)
        elif not _feed_unit(text, builder, continuation=not after_blank):
            raise ParseError(path, "구조를 알아볼 수 없는 줄입니다", ln.number)  # pragma: no cover - _feed_unit always places text
        builder.add_notes(notes)
        after_blank = False


def _feed_unit(text: str, builder: TreeBuilder, continuation: bool = False) -> bool:
    """Place a paragraph/item/subitem line, or text; returns True once placed."""
    for piece in _split_glued_paragraphs(text):
        if m := pt.PARAGRAPH.match(piece):
            builder.paragraph(pt.paragraph_number(m), m["text"].strip(), label=m["mark"] if not m["big"] else None)
        elif m := pt.ITEM.match(piece):
            builder.item(pt.compact_number(m["num"]), m["text"].strip())
        elif m := pt.SUBITEM.match(piece):
            builder.subitem(m["letter"], m["text"].strip())
        elif continuation:
            builder.continue_text(piece)
        elif (unit := builder.current_unit) is not None and not unit.children and not unit.text:
            builder.continue_text(piece)
        else:
            builder.text(piece)
    return True


def parse_ordinance_text(text: str, path: str | Path, doc_id: str | None = None) -> Document:
    """Parse ordinance text into a :class:`Document`."""
    raw_lines = normalize(text).splitlines()
    raw_title = None
    lines: list[Line] = []
    for number, raw in enumerate(raw_lines, start=1):
        if re.match(r"^\s*#\s+\S", raw) and raw_title is None:
            raw_title = pt.strip_markup(raw)
        lines.append(Line(number, pt.strip_markup(raw)))
    start = next((i for i, ln in enumerate(lines) if _is_body_start(ln.text)), None)
    if start is None:
        first = next((ln.number for ln in lines if ln.text), 1)
        raise ParseError(path, "조문(제1조 …)을 찾을 수 없습니다: 조례 형식이 아닙니다", first)
    header = _read_header(lines[:start], raw_title)
    builder = TreeBuilder()
    parse_body(lines[start:], builder, path)
    return Document(
        id=doc_id or Path(path).stem,
        title=header.title,
        kind=DocumentKind.ORDINANCE,
        metadata=header.metadata,
        preamble="\n".join(header.lines),
        nodes=builder.nodes,
    )


def parse_ordinance(path: str | Path, doc_id: str | None = None) -> Document:
    """Read and parse an ordinance file."""
    from desktop.core.parsing.errors import read_text

    return parse_ordinance_text(read_text(path), path, doc_id)
