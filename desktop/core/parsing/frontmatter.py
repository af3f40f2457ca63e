"""A small reader for the YAML front matter of legalize-kr Markdown files (no PyYAML).

It understands the shapes those exporters write: ``key: value`` with plain,
single- or double-quoted scalars (quoted ones may run over several lines),
flow ``[]``/``{}``, block lists (``- x``, also at the key's own indent), nested
mappings and lists of mappings.  Anything else is skipped, never fatal: the
front matter is metadata, the body is what must not be lost.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from desktop.core.text import normalize

_KEY = re.compile(r"^(?P<key>'[^']*'|\"[^\"]*\"|[^\s:#'\"\-][^:]*?)\s*:(?:\s+(?P<value>.*)|\s*)$")
_FENCE = re.compile(r"^---\s*$")
_ISO = re.compile(r"^(\d{4})[.-]?\s*(\d{1,2})[.-]?\s*(\d{1,2})\.?$")

Value = str | list | dict


@dataclass
class FrontMatter:
    """The parsed mapping and the index of the first body line (0 when there is none)."""

    data: dict[str, Value]
    body_start: int
    closed: bool = True


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _scalar(raw: str) -> str:
    """Unquote one complete scalar; ``[]``/``{}``/``~``/``null`` become empty."""
    raw = raw.strip()
    if raw in ("[]", "{}", "~", "null", "''", '""'):
        return ""
    if len(raw) >= 2 and raw[0] == raw[-1] == "'":
        return raw[1:-1].replace("''", "'")
    if len(raw) >= 2 and raw[0] == raw[-1] == '"':
        return raw[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    return re.sub(r"\s+#.*$", "", raw)


def _is_open_quote(raw: str) -> bool:
    """True when ``raw`` starts a quoted scalar that does not end on this line."""
    raw = raw.strip()
    if not raw or raw[0] not in "'\"":
        return False
    q = raw[0]
    body = raw[1:]
    if q == "'":
        body = body.replace("''", "")
    else:
        body = body.replace('\\"', "")
    return q not in body


class _Reader:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.pos = 0

    def _skip_blank(self) -> None:
        while self.pos < len(self.lines) and (not self.lines[self.pos].strip() or self.lines[self.pos].lstrip().startswith("#")):
            self.pos += 1

    def _value_text(self, first: str, indent: int) -> str:
        """``first`` plus continuation lines (quoted scalars or more-indented plain text)."""
        parts = [first]
        if _is_open_quote(first):
            while self.pos < len(self.lines):
                line = self.lines[self.pos]
                self.pos += 1
                parts.append(line.strip())
                if not _is_open_quote(" ".join(parts)):
                    break
            return _scalar(" ".join(parts))
        while self.pos < len(self.lines):
            line = self.lines[self.pos]
            if not line.strip() or _indent(line) <= indent or _KEY.match(line.strip()) or line.strip().startswith("- "):
                break
            parts.append(line.strip())
            self.pos += 1
        return _scalar(" ".join(parts))

    def block(self, indent: int) -> Value:
        """Read the mapping or list whose lines are indented by ``indent``."""
        self._skip_blank()
        if self.pos >= len(self.lines):
            return ""
        first = self.lines[self.pos]
        if first.strip().startswith("-"):
            return self._list(_indent(first))
        return self._mapping(indent)

    def _mapping(self, indent: int) -> dict[str, Value]:
        out: dict[str, Value] = {}
        while True:
            self._skip_blank()
            if self.pos >= len(self.lines):
                return out
            line = self.lines[self.pos]
            here, stripped = _indent(line), line.strip()
            if here < indent or (here == indent and stripped.startswith("-")):
                return out
            m = _KEY.match(stripped)
            self.pos += 1
            if here > indent or not m:
                continue  # not understood: skipped
            key, value = m["key"].strip().strip("'\""), (m["value"] or "").strip()
            if value:
                out[key] = self._value_text(value, here)
                continue
            self._skip_blank()
            nxt = self.lines[self.pos] if self.pos < len(self.lines) else ""
            deeper = _indent(nxt) > here or (_indent(nxt) == here and nxt.strip().startswith("-"))
            out[key] = self.block(_indent(nxt)) if nxt.strip() and deeper else ""

    def _list(self, indent: int) -> list[Value]:
        out: list[Value] = []
        while True:
            self._skip_blank()
            if self.pos >= len(self.lines):
                return out
            line = self.lines[self.pos]
            stripped = line.strip()
            if _indent(line) != indent or not stripped.startswith("-"):
                return out
            rest = stripped[1:].strip()
            if not rest:
                self.pos += 1
                out.append(self.block(indent + 2))
            elif _KEY.match(rest) and not _is_open_quote(rest):
                # "- key: value" starts a mapping whose keys sit under "key".
                self.lines[self.pos] = " " * (indent + 2) + rest
                out.append(self._mapping(indent + 2))
            else:
                self.pos += 1
                out.append(self._value_text(rest, indent))


def read_front_matter(lines: list[str]) -> FrontMatter:
    """Parse the ``---`` fenced block at the top of ``lines`` (if any)."""
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start >= len(lines) or not _FENCE.match(lines[start]):
        return FrontMatter({}, 0)
    end = next((i for i in range(start + 1, len(lines)) if _FENCE.match(lines[i])), None)
    if end is None:
        return FrontMatter({}, start, closed=False)
    reader = _Reader([line.replace("\t", "    ") for line in lines[start + 1 : end]])
    data = reader.block(0)
    return FrontMatter(data if isinstance(data, dict) else {}, end + 1)


def flatten(data: dict[str, Value]) -> dict[str, str]:
    """Front matter as display strings: lists joined with ", ", nested keys as ``a.b``.

    Lists of mappings (``첨부파일``) become a count (``첨부파일수``) and their
    ``제목`` values, one a line.
    """
    out: dict[str, str] = {}
    for key, value in data.items():
        if isinstance(value, str):
            out[key] = value
        elif isinstance(value, dict):
            for sub, inner in value.items():
                if isinstance(inner, str):
                    out[f"{key}.{sub}"] = inner
        elif value and all(isinstance(v, dict) for v in value):
            out[f"{key}수"] = str(len(value))
            titles = [v.get("제목", "") for v in value if isinstance(v.get("제목", ""), str)]
            out[key] = "\n".join(t for t in titles if t)
        else:
            out[key] = ", ".join(v for v in value if isinstance(v, str) and v)
    return out


def _iso(value: str) -> str:
    """``"2024.1.5"`` → ``"2024-01-05"``; anything that is no date (``"202330"``) stays as written."""
    m = _ISO.match(value.strip())
    if not m or not (1 <= int(m[2]) <= 12 and 1 <= int(m[3]) <= 31):
        return value
    return f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}"


def metadata_from(data: dict) -> dict[str, str]:
    """Front matter as Document.metadata: strings, ISO dates, plus ``municipality``/공포일/시행일/번호."""
    meta = {key: normalize(html.unescape(value)).strip() for key, value in flatten(data).items()}
    for key in meta:
        if key.endswith("일자"):
            meta[key] = _iso(meta[key])
    if org := meta.get("지자체기관명"):
        meta["municipality"] = org.split()[-1]
    for alias, key in (("공포일", "공포일자"), ("시행일", "시행일자")):
        if meta.get(key):
            meta.setdefault(alias, meta[key])
    kind, number = meta.get("자치법규종류") or meta.get("법령구분"), meta.get("공포번호", "")
    if kind and number.isdigit():
        meta.setdefault("번호", f"{kind} 제{int(number)}호")
    return meta
