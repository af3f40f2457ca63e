"""HTML tables inside legalize-kr texts (``<table><tr><td style='…'>…``), read as rows of cells.

Some ordinance and law texts carry a table pasted from a word processor,
markup and all.  :func:`lift_tables` takes each ``<table>…</table>`` out of
the body and leaves a one-line placeholder (plus the newlines the table
spanned, so line numbers stay right); the parser turns the placeholder into
a ``table`` node whose ``rows`` hold the cell texts, in source order.
"""

from __future__ import annotations

import html
import re

from desktop.core.parsing.patterns import HTML_TAG
from desktop.core.text import collapse_spaces, normalize

#: the line standing for a lifted table: MARK + its index
MARK = "\ue000table:"
_TABLE = re.compile(r"<table\b[^<>]*>(?P<body>.*?)</table\s*>", re.IGNORECASE | re.DOTALL)
_ROW = re.compile(r"<tr\b[^<>]*>(?P<body>.*?)(?:</tr\s*>|(?=<tr\b)|$)", re.IGNORECASE | re.DOTALL)
_CELL = re.compile(r"<t[dh]\b[^<>]*>(?P<body>.*?)(?:</t[dh]\s*>|(?=<t[dh]\b)|$)", re.IGNORECASE | re.DOTALL)
_PLACEHOLDER = re.compile("^" + re.escape(MARK) + r"(?P<index>\d+)$")


def strip_tags(text: str) -> str:
    """``text`` without HTML tags (each becomes a blank; the newlines inside a tag are kept)."""
    return HTML_TAG.sub(lambda m: " " + "\n" * m.group().count("\n"), text)


def _cell_text(body: str) -> str:
    return collapse_spaces(normalize(html.unescape(strip_tags(body))).replace("\n", " "))


def _rows(body: str) -> list[list[str]]:
    rows = []
    for row in _ROW.finditer(body):
        cells = [_cell_text(cell["body"]) for cell in _CELL.finditer(row["body"])]
        if any(cells):
            rows.append(cells)
    return rows


def lift_tables(text: str) -> tuple[str, list[list[list[str]]]]:
    """(text with each table replaced by a placeholder line, the tables' rows)."""
    tables: list[list[list[str]]] = []

    def replace(m: re.Match[str]) -> str:
        rows = _rows(m["body"])
        if not rows:
            return " " + "\n" * m.group().count("\n")
        tables.append(rows)
        return f"\n{MARK}{len(tables) - 1}\n" + "\n" * max(m.group().count("\n") - 2, 0)

    return _TABLE.sub(replace, text), tables


def placeholder(line: str) -> int | None:
    """The table index a placeholder line stands for, else None."""
    m = _PLACEHOLDER.match(line.strip())
    return int(m["index"]) if m else None
