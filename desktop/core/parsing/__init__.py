"""Parsers: ordinances (plain/markdown-like text), statutes (legalize-kr Markdown), review reports."""

from __future__ import annotations

import re
from pathlib import Path

from desktop.core.model import Document
from desktop.core.parsing.errors import ParseError, read_text

__all__ = ["ParseError", "detect_format", "parse_file", "parse_text"]


def detect_format(text: str) -> str:
    """``"statute-md"``, ``"report"`` or ``"ordinance"`` from a file's opening."""
    head = text.lstrip("\ufeff")[:3000]
    if (head.lstrip().startswith("---") and "#####" in text) or "\n##### 제" in text:
        return "statute-md"
    if head.lstrip().startswith("---") and re.search(r"^(?:자치법규명|법령구분|제목)\s*:", head, re.MULTILINE):
        return "statute-md"  # legalize-kr front matter, even without articles (본문은 첨부파일 …)
    first = "\n".join(line for line in head.splitlines()[:40] if line.strip())
    if "심사 보고서" in first or "심사보고서" in first or "검토보고서" in first or "검토 보고서" in first:
        return "report"
    return "ordinance"


def parse_text(text: str, path: str | Path, doc_id: str | None = None, fmt: str | None = None) -> Document:
    """Parse already-read text; ``fmt`` overrides detection."""
    fmt = fmt or detect_format(text)
    doc_id = doc_id or Path(path).stem
    if fmt == "statute-md":
        from desktop.core.parsing.statute_md import parse_statute_text

        return parse_statute_text(text, path, doc_id)
    if fmt == "report":
        from desktop.core.parsing.report import parse_report_text

        return parse_report_text(text, path, doc_id)
    from desktop.core.parsing.ordinance import parse_ordinance_text

    return parse_ordinance_text(text, path, doc_id)


def parse_file(path: str | Path, doc_id: str | None = None, fmt: str | None = None) -> Document:
    """Read and parse any supported file; raises :class:`ParseError` naming file and line."""
    return parse_text(read_text(path), path, doc_id, fmt)
