"""Line patterns of Korean legal texts, shared by every parser."""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.core.text import CIRCLED, circled_value

_NUM = r"\d+(?:\s*의\s*\d+)?"

#: 제8조(위원회 구성) …, 제7조의2(…) …, 제3조 대한민국은 … (untitled)
ARTICLE = re.compile(
    r"^제\s*(?P<num>\d+)\s*조(?:\s*의\s*(?P<branch>\d+))?"
    r"(?!\s*(?:부터|및|내지|중|·|,|~|에|의|제\s*\d|[를을와과는은로이가도만](?![가-힣])|까지))(?P<rest>.*)$"
)
#: ``제1조(목적) 이 조례는 …`` under an article heading: older ordinance exports restate the article in its
#: body (the heading may be shifted by one).  Not a body that opens with a reference to another article,
#: ``제5조(위원회의 구성)에 따른 위원회는 …``.  :mod:`statute_md` and :mod:`fidelity` share it.
RESTATED_LINE = (
    r"제[ \t]*\d+[ \t]*조(?:[ \t]*의[ \t]*\d+)?[ \t]*\("
    r"(?![^)\n]*\)[ \t]*(?:에서|에게|에|의|을|를|와|과|은|는|으로|로)(?![가-힣]))"
)
#: 제1장 총칙, 제2절 …, 제1관 …, 제1편 …
CONTAINER = re.compile(r"^제\s*(?P<num>\d+)\s*(?P<unit>[편장절관])(?:\s*의\s*(?P<branch>\d+))?(?:\s+(?P<heading>.*))?$")
#: 부칙, 부 칙, 부칙(2025. 9. 30. 조례 제2297호), 부칙 <제20676호,2025.1.21> 본문…
SUPPLEMENTARY = re.compile(r"^부\s*칙(?![가-힣])\s*(?P<rest>.*)$")
#: ① …, <16> … (circled numbers past ⑳ as the law site writes them)
PARAGRAPH = re.compile(rf"^(?P<mark>[{CIRCLED}]|<(?P<big>\d{{1,3}})>)\s*(?P<text>.*)$")
#: 1. …, 4의2. …, 1\. … (escaped in markdown); not "1. ~ 3." ranges handled by callers
ITEM = re.compile(rf"^(?P<num>{_NUM})\s*\\?\.(?!\d)\s*(?P<text>.*)$")
#: 가. …, 나. …
SUBITEM = re.compile(r"^(?P<letter>[가-하거너더러머버서어저처커터퍼허])\s*\.\s+(?P<text>.*)$")
#: <개정 2026.1.20>, <신설 2021. 1. 5.>, <전문개정 …>, <본조신설 …>, <삭제 …>, <단서삭제 …>,
#: [제목개정 …], 〔종전 제14조에서 이동 …〕
AMENDMENT = re.compile(
    r"[<\[〔]\s*(?P<note>(?:전문개정|본조신설|개정|신설|삭제|제목개정|종전|타법개정|시행일"
    r"|[가-힣]{1,4}\s?(?:개정|신설|삭제|이동))[^<>\[\]〔〕]*?)\s*[>\]〕]"
)
#: HTML left in texts (<img …>, <p>, <u>, tables pasted from word processors with <td style='…'>, <o:p>,
#: comments): markup, never words.  Only HTML element names: ``<개정 …>``, ``<16>`` are no tags.
HTML_TAG = re.compile(
    r"<!--.*?-->|<!\[[^\]<>]*\]>|</?(?:img|p|u|br|b|i|span|div|sup|sub|table|thead|tbody|tfoot|tr|td|th|caption"
    r"|colgroup|col|font|center|strong|em|a|hr|li|ul|ol|dl|dt|dd|h[1-6]|pre|small|big|strike|s|del|ins|blockquote"
    r"|label|nobr|wbr|o:p|[vw]:[a-z]+|st1:[a-z]+)\b[^<>]*>",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True)
class ArticleHead:
    """A recognised 제N조 line: number, title (may be empty) and the rest of the line."""

    number: str
    heading: str
    rest: str


def compact_number(raw: str) -> str:
    """``"7 의 2"`` → ``"7의2"``."""
    return re.sub(r"\s+", "", raw)


def match_article(line: str, *, require_title: bool = False) -> ArticleHead | None:
    """Recognise a 제N조 heading at the start of ``line``.

    The title is the balanced parenthesised group right after 조; untitled
    headings are accepted unless ``require_title`` is set.
    """
    m = ARTICLE.match(line)
    if not m:
        return None
    number, rest = m.group("num"), m.group("rest")
    if m.group("branch"):
        number = f"{number}의{m.group('branch')}"
    stripped = rest.lstrip()
    if stripped.startswith("("):
        depth = 0
        for pos, ch in enumerate(stripped):
            depth += ch == "("
            depth -= ch == ")"
            if depth == 0:
                return ArticleHead(number, stripped[1:pos].strip(), stripped[pos + 1 :].strip())
        return None  # unbalanced: not a heading
    if require_title:
        return None
    return ArticleHead(number, "", stripped.strip())


def paragraph_number(match: re.Match[str]) -> int:
    """The 항 number of a :data:`PARAGRAPH` match."""
    big = match.group("big")
    return int(big) if big else circled_value(match.group("mark"))


def split_notes(text: str) -> tuple[str, list[str]]:
    """Take ``<개정 …>``-style amendment tags out of ``text``: (text, notes)."""
    notes = [re.sub(r"\s+", " ", m.group("note")).strip() for m in AMENDMENT.finditer(text)]
    if not notes:
        return text, []
    return re.sub(r"\s{2,}", " ", AMENDMENT.sub(" ", text)).strip(), notes


_HASHES = re.compile(r"^\s*#{1,6}\s+")
_BULLET = re.compile(r"^\s*[-*+]\s+")
_ESCAPE = re.compile(r"\\([.\-*_#()\[\]<>])")


def strip_markup(line: str) -> str:
    """Remove markdown/HTML markup from one line, keeping every word."""
    if "<" in line:
        line = HTML_TAG.sub(" ", line)
    line = line.replace("**", "").replace("__", "")
    line = _HASHES.sub("", line)
    line = _BULLET.sub("", line)  # list bullets
    if "\\" in line:
        line = _ESCAPE.sub(r"\1", line)  # markdown escapes
    return line.strip()
