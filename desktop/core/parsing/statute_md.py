"""Parser for statutes and ordinances in the legalize-kr Markdown format.

The exporters (legalize-kr ``laws``/``ordinances``) write YAML front matter,
``# 제목``, containers as ``#`` 편 / ``##`` 장 / ``###`` 절 / ``####`` 관,
articles as ``##### 제N조 (제목)``, 항 as ``**①**`` or plain ``①``, 호 as
``  1.``/``1\\.`` and 목 as ``    가.``, then ``## 부칙`` followed by the raw
부칙 texts (``부칙 <제20676호,2025.1.21>``, ``부칙(정부조직법) <…>``), whose
articles are plain ``제1조(시행일) …`` lines.

Rules chosen here (the tests rely on them):

- ``##### 제0조`` is the exporter's heading for blocks that are no article (the
  constitution's 전문).  Its lines become ``text`` nodes of the enclosing
  container or of the document (``txt_1``, ``txt_2`` …), except a ``제1장 …``
  line, which opens the chapter; the heading itself (and a title on it, which
  in shifted exports belongs to the next article) is exporter markup
  (:mod:`fidelity` drops it too).
- When the line under an article heading restates the article
  (``제1조(목적) 이 조례는 …``, older ordinance exports whose headings can be
  shifted by one), that line is the article and the heading is dropped.
- In the body, articles are the ``#####`` headings (any heading level is
  accepted: some exports use ``##``/``###``; ``#####제1조`` without a blank
  too).  Inside 부칙 blocks (and in files without any such heading) an article
  is a line at column 0 (or right after ``부칙``, ``부칙(…)``, ``부칙 <…>`` or
  ``부칙(…) <…>`` on the same line) reading ``제N조(…)`` or ``제N조 text``, with
  no blank inside ``제N조``/``제N조의M``, except references and edit instructions:
  ``제2조 부터 제6조까지 생략``, ``제2조 및 제3조 생략``, ``제5조 중 …``, ``제3조 4호를 …``,
  ``제19조 제목 외의 …``, a bare ``제5조`` (:mod:`statute_lines` has the details;
  they are the count rule of the tests).  Indented lines of a 부칙 are never
  articles; 호 indented by four or more spaces there are quoted text of another law.
- 부칙 headings keep their ``(…)``, ``<…>`` and ``〈…〉`` groups, in any order, as the heading.
- A column-0 line ``제2장 공정한 직무수행`` (some exports write chapters so, between
  articles) opens the chapter, unless it reads as a sentence (``제3장 및 제4장의 …다.``).
- A long line that stops mid-sentence and is followed directly (no blank line)
  by one that opens no unit was wrapped by hand (older ordinances): the second
  line continues the first one's unit.
- ``<16>`` / ``(51)`` are 항 only when they continue the 항 numbering of their
  unit (``<96>`` after ``①부터 <95>까지 생략`` stays text) or are bold
  (``**<16>** <16> …``, whose doubled mark is written once); ranges such as
  ``① 부터 ⑨ 까지 생략`` or ``1. 및 2. 생략`` stay text, and so does a 부칙 항
  whose number does not go past the last one (a quoted 항 of an amended law).
- Amendment tags at the end of a unit (``<개정 …>``, ``<신설 …>``) become its
  ``notes``; ``삭제 <2019. 12. 31>`` keeps ``삭제`` as text and the date as a note;
  a tag standing on its own line (``[본조신설 …]``, ``〔종전 제14조에서 이동 …〕``)
  becomes a ``note`` node, last in its article, where the source shows it.
- Lines that are no unit become ``text`` nodes; nothing is dropped.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from desktop.core.model import Document, DocumentKind, Node, NodeKind
from desktop.core.parsing import html_tables
from desktop.core.parsing import patterns as pt
from desktop.core.parsing import statute_lines as sl
from desktop.core.parsing.builder import TreeBuilder
from desktop.core.parsing.errors import ParseError, read_text
from desktop.core.parsing.frontmatter import metadata_from, read_front_matter
from desktop.core.parsing.statute_lines import suppl_article, trailing_notes
from desktop.core.text import CIRCLED, collapse_spaces, normalize

__all__ = ["parse_statute", "parse_statute_text", "suppl_article", "trailing_notes"]

#: ``##### 제1조 (목적)``; ``#####제1조`` (no blank) is read as a heading too
_HEADING = re.compile(r"^ {0,3}(?P<hashes>#{1,6})(?:[ \t]+|(?=제\s*\d))(?P<text>.*?)\s*#*\s*$")
_APPENDIX = re.compile(r"^\[?\s*(?P<kind>별표|별지)\s*(?:제\s*)?(?P<num>\d+(?:\s*의\s*\d+)?)?\s*(?:호\s*)?(?:서식\s*)?\]?\s*(?P<heading>.*)$")
_RANGE = re.compile(r"^\s*(?:부터|까지|및|내지|또는|,|·|~|∼|〜|～)")
_LINE_NOTE = re.compile(r"^[\[〔](?P<note>[^\[\]〔〕]*(?:개정|신설|삭제|이동|종전)[^\[\]〔〕]*)[\]〕]$")
_GLUED = re.compile(rf"(?<=[.다])\s*(?=[{CIRCLED}](?!\s*(?:부터|까지|및|내지)))")
_BIG_PARAGRAPH = re.compile(r"^\((?P<big>\d{1,3})\)\s*(?P<text>.*)$")
_BRANCH_SUBITEM = re.compile(r"^(?P<letter>[가-하거너더러머버서어저처커터퍼허])\s*의\s*(?P<branch>\d+)\s*\.\s+(?P<text>.*)$")  # 가의2.
_TIGHT_SUBITEM = re.compile(r"^(?P<letter>[가-하거너더러머버서어저처커터퍼허])\.(?P<text>[「“\"(].*)$")  # 가.「…」
_BRANCH_ITEM = re.compile(r"^(?P<main>\d+)\s*의\s*(?P<branch>\d+)\s*\.\s*(?P<text>.*)$")
#: ``**<16>** <16> …``: the exporter writes a 항 mark it could not strip twice (fidelity drops one too).
DOUBLE_MARK = re.compile(rf"^([ \t]*\*\*(<\d{{1,3}}>|[{CIRCLED}])\*\*)[ \t]*\2")
_BOLD_MARK = re.compile(rf"^[ \t]*\*\*(?:<\d{{1,3}}>|[{CIRCLED}])\*\*")
#: ``##### 제1조 (복무선서)`` above ``제1조(목적) 이 조례는 …``: older exports restate each article in its
#: body, and their headings may be shifted by one; the restatement is the article (fidelity drops the heading).
RESTATED = re.compile("^" + pt.RESTATED_LINE)
_RULE = re.compile(r"^[-*_=]{3,}$")
_FULL_DATE = re.compile(r"^\d{2,4}\s*\.\s*\d{1,2}\s*\.\s*\d{1,2}")
#: lines that open a unit of their own, never the tail of a wrapped line
_UNIT_START = re.compile(r"^(?:제\s*\d+\s*[조장절관편]|부\s*칙|\d+\s*\)|[가-하]\s*\)|[\[〔])")
#: a plain line that is a chapter heading, not a sentence about chapters ("제3장 및 제4장의 규정은 …다.")
_BARE_CONTAINER = re.compile(
    r"^제\s*\d+\s*[편장절관](?:\s*의\s*\d+)?(?:\s+(?!(?:및|또는|부터|까지|내지|중|에|의|을|를|와|과|은|는)(?![가-힣])|[,·~])"
    r"[^.]{1,60}?)?(?<![.다])\s*$"
)
#: an indented line that is only a 부칙 heading, inside the 부칙 part: "  부 칙(1976.07.23 훈령 제455호)"
_INDENTED_SUPPL = re.compile(r"^부\s*칙(?:\s*[(<〈][^()<>〈〉]*[)>〉])*\s*$")
_TAG_AT_END = re.compile(r"(?:\s*[<\[〔][^<>\[\]〔〕]*[>\]〕])+\s*$")
_TEXT_KINDS = frozenset({NodeKind.ARTICLE, NodeKind.PARAGRAPH, NodeKind.ITEM, NodeKind.SUBITEM, NodeKind.TEXT, NodeKind.SUPPLEMENTARY})
_CONTAINER_KIND = {"편": NodeKind.PART, "장": NodeKind.CHAPTER, "절": NodeKind.SECTION, "관": NodeKind.SUBSECTION}


class _Parser:
    """Feeds the lines of one body to a :class:`TreeBuilder`."""

    def __init__(self, plain_articles: bool, tables: list[list[list[str]]] | None = None) -> None:
        self.b = TreeBuilder()
        self.tables = tables or []  # HTML tables lifted out of the body (see html_tables)
        self.title = ""
        self.preamble: list[str] = []
        self.plain_articles = plain_articles  # no ##### articles: 제N조 lines are articles
        self.in_suppl = False
        self.zero = False  # inside a ##### 제0조 block
        self.restated = False  # the next line restates its article: "제1조(목적) …"
        self.appendix: Node | None = None
        self.para_no = 0  # last 항 number of the open unit
        self.previous = ""  # text of the line before, when it was body text (for wrapped lines)
        self.divider = False  # the line before was the "## 부칙" divider

    # -- lines -------------------------------------------------------------
    def line(self, raw: str, next_raw: str | None, adjacent: bool = False) -> None:
        """Read one non-blank line; ``adjacent`` when the line before it is not blank."""
        expanded = raw.expandtabs(4)
        indent = len(expanded) - len(expanded.lstrip())
        previous, self.previous = self.previous, ""
        divider, self.divider = self.divider, False
        if (index := html_tables.placeholder(raw)) is not None:
            self.b.table(self.tables[index], parent=self.appendix)
            return
        if m := _HEADING.match(raw):
            self.heading(len(m["hashes"]), pt.strip_markup(m["text"]), next_raw)
            return
        if "**" in raw:
            raw = DOUBLE_MARK.sub(r"\1", raw)
        bold = "**" in raw and bool(_BOLD_MARK.match(raw))
        text = pt.strip_markup(raw)
        if not text or _RULE.match(text):
            return  # blank or a markdown rule (---, ***): markup without words
        self.previous = text
        if self.restated:
            self.restated = False
            number = sl.ARTICLE_NUMBER.match(text)
            head = pt.match_article(text) or pt.ArticleHead(sl.number_of(number), "", text[number.end() :].strip())
            self.article(head.number, head.heading, head.rest)
        elif self.appendix is not None:
            self.b.text(text, parent=self.appendix)
        elif self.zero:
            if not self.container(text):
                self.b.text(text)
        elif indent == 0 and (sl.suppl_heading(text) or (divider and sl.SUPPL.match(text))):
            self.suppl_block(sl.SUPPL.match(text)["rest"])
        elif indent and self.in_suppl and _INDENTED_SUPPL.match(text):
            self.suppl_block(sl.SUPPL.match(text)["rest"], article_ok=False)  # "          부 칙(1976.07.23 훈령 제455호)"
        elif indent == 0 and (self.in_suppl or self.plain_articles) and (head := suppl_article(text)):
            self.article(head.number, head.heading, head.rest)
        elif indent == 0 and text[:1] == "제" and not self.in_suppl and self.bare_container(text):
            pass  # "제2장 공정한 직무수행" written as a plain line between articles
        elif not (adjacent and self.wrapped(previous, text)):
            self.unit(text, indent, bold)

    def bare_container(self, text: str) -> bool:
        """Open the chapter a plain ``제2장 공정한 직무수행`` line names (not a sentence about chapters)."""
        return bool(_BARE_CONTAINER.match(_TAG_AT_END.sub("", text) if text.endswith((">", "]", "〕")) else text)) and self.container(text)

    def wrapped(self, previous: str, text: str) -> bool:
        """Join a hand-wrapped line (``… 의원 배지`` / ``의 제식 및 …``) to the unit holding the line before it."""
        node = self.b.last
        if node is None or node.kind not in _TEXT_KINDS or node.notes or node.children or not node.text:
            return False
        if not sl.wraps(previous, text) or _UNIT_START.match(text) or pt.PARAGRAPH.match(text) or pt.ITEM.match(text):
            return False
        if pt.SUBITEM.match(text) or _TIGHT_SUBITEM.match(text) or _BRANCH_SUBITEM.match(text):
            return False
        if not collapse_spaces(node.text).endswith(collapse_spaces(previous)[-8:]):
            return False  # the line before went elsewhere (a note, a deleted mark)
        body, notes = trailing_notes(text)
        if not body or len(_GLUED.split(body)) > 1:
            return False
        node.text = f"{node.text} {collapse_spaces(body)}"
        node.notes.extend(notes)
        return True

    def heading(self, level: int, text: str, next_raw: str | None) -> None:
        self.zero, self.appendix = False, None
        if number := sl.ARTICLE_NUMBER.match(text):
            if next_raw is not None and RESTATED.match(next_raw):
                self.restated = True  # the heading is the exporter's label; the line below is the article
                return
            if number["num"] == "0" and not number["branch"]:
                self.zero = True  # exporter block that is no article; its heading is dropped
                self.b.end_unit()
                rest = text[number.end() :].strip()
                if rest and not (rest.startswith("(") and rest.endswith(")")):
                    self.b.text(rest)
                return
            head = pt.match_article(text) or pt.ArticleHead(sl.number_of(number), "", text[number.end() :].strip())
            title, notes = trailing_notes(head.heading)
            self.article(head.number, title, head.rest, notes)
        elif m := sl.SUPPL.match(text):
            nxt = pt.strip_markup(next_raw or "")
            # "## 부칙" above "부칙 <…>" lines is the exporter's divider (fidelity drops it too): the next line heads the block
            self.divider = not m["rest"].strip() and next_raw is not None and not next_raw[:1].isspace() and bool(sl.SUPPL.match(nxt))
            if not self.divider:
                self.suppl_block(m["rest"])
        elif self.container(text):
            pass
        elif level <= 4 and (m := _APPENDIX.match(text)) and (m["num"] or text.startswith("[")):
            label = f"{m['kind']} {compact(m['num'])}".strip() if m["num"] else m["kind"]
            self.appendix = self.b.appendix(compact(m["num"] or ""), label, m["heading"].strip())
            self.in_suppl = False
        elif level == 1 and not self.title:
            self.title = text
            self.preamble.append(text)
        else:
            self.b.text(text)

    def container(self, text: str) -> bool:
        """Open 편/장/절/관 from ``제1장 총칙 <개정 …>``; False when ``text`` is none."""
        body, notes = trailing_notes(text)
        m = pt.CONTAINER.match(body)
        if not m:
            return False
        heading, more = sl.deleted((m["heading"] or "").strip())
        branch = f"의{m['branch']}" if m["branch"] else ""
        label = f"제{m['num']}{m['unit']}{branch}"
        self.b.container(_CONTAINER_KIND[m["unit"]], m["num"] + branch, label, sl.letterspaced(heading), more + notes)
        self.in_suppl, self.zero, self.para_no = False, False, 0
        return True

    def suppl_block(self, rest: str, article_ok: bool = True) -> None:
        """Open a 부칙 block from what follows ``부칙`` (the line is one: see :func:`statute_lines.suppl_heading`)."""
        parts, rest, same_line = sl.split_suppl_heading(rest)
        article_ok = article_ok and same_line
        self.b.supplementary("부칙", collapse_spaces(" ".join(p for p in parts if p)))
        self.in_suppl, self.para_no = True, 0
        if rest:
            if article_ok and (head := suppl_article(rest)):
                self.article(head.number, head.heading, head.rest)
            else:
                self.unit(rest, 0)

    def article(self, number: str, heading: str, rest: str, notes: list[str] | None = None) -> None:
        main, _, branch = number.partition("의")
        label = f"제{main}조" + (f"의{branch}" if branch else "")
        self.b.article(number, label, heading, notes=notes)
        self.para_no = 0
        if rest:
            self.unit(rest, 0)

    # -- units -------------------------------------------------------------
    def unit(self, text: str, indent: int, bold: bool = False) -> None:
        if m := _LINE_NOTE.match(text):
            self.b.note(m["note"].strip())
            return
        for piece in _GLUED.split(text):
            if piece.strip():
                self.piece(piece.strip(), indent, bold)
            indent, bold = 0, False

    def piece(self, text: str, indent: int, bold: bool = False) -> None:
        body, notes = trailing_notes(text)
        if not body:
            self.b.add_notes(notes)
            return
        quoted = self.in_suppl and indent >= 4  # another law's text quoted in a 부칙
        if not quoted and (para := self.paragraph(body, bold)):
            number, label, rest = para
            rest, more = sl.deleted(rest)
            self.b.paragraph(number, rest, label=label)
            self.para_no = number
        elif not quoted and (item := self.item(body)):
            rest, more = sl.deleted(item[1])
            self.b.item(item[0], rest)
        elif not (self.in_suppl and indent >= 6) and (m := pt.SUBITEM.match(body) or _TIGHT_SUBITEM.match(body)):
            rest, more = sl.deleted(m["text"].strip())
            self.b.subitem(m["letter"], rest)
        elif not (self.in_suppl and indent >= 6) and (m := _BRANCH_SUBITEM.match(body)):
            rest, more = sl.deleted(m["text"].strip())
            self.b.subitem(m["letter"], rest, branch=m["branch"])
        else:
            body, more = sl.deleted(body)
            unit = self.b.current_unit
            if unit is not None and not (unit.text or unit.children or unit.notes):
                self.b.continue_text(body)
            else:
                self.b.text(body)
        self.b.add_notes(more + notes)

    def paragraph(self, text: str, bold: bool = False) -> tuple[int, str, str] | None:
        """(number, label, text) of a 항 line; ``bold`` marks (``**<16>**``) are 항 whatever their number."""
        m = pt.PARAGRAPH.match(text)
        if m and not _RANGE.match(m["text"]):
            number = pt.paragraph_number(m)
            if m["big"] and not bold and not (number >= 16 and number == self.para_no + 1):
                return None
            if self.in_suppl and number <= self.para_no:
                return None  # quoted 항 of an amended text (the unit's own numbering went past it)
            return number, m["mark"], m["text"].strip()
        m = _BIG_PARAGRAPH.match(text)
        if m and int(m["big"]) >= 16 and int(m["big"]) == self.para_no + 1 and not _RANGE.match(m["text"]):
            return int(m["big"]), f"({m['big']})", m["text"].strip()
        return None

    def item(self, text: str) -> tuple[str, str] | None:
        m = pt.ITEM.match(text)
        if not m or _RANGE.match(m["text"]) or _FULL_DATE.match(text):
            return None
        number, rest = compact(m["num"]), m["text"].strip()
        if (b := _BRANCH_ITEM.match(rest)) and int(b["main"]) == int(number):
            number, rest = f"{int(b['main'])}의{int(b['branch'])}", b["text"].strip()
        return number, rest


def compact(number: str) -> str:
    """``"4 의 2"`` → ``"4의2"``."""
    return re.sub(r"\s+", "", number)


def parse_statute_text(text: str, path: str | Path, doc_id: str | None = None) -> Document:
    """Parse legalize-kr Markdown into a :class:`Document`; raises :class:`ParseError` naming file and line."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ParseError(path, "빈 파일입니다")
    lines = text.split("\n")
    front = read_front_matter(lines)
    if not front.closed:
        raise ParseError(path, "머리말(---)이 닫히지 않았습니다", front.body_start + 1)
    lifted, tables = html_tables.lift_tables("\n".join(lines[front.body_start :]))
    body = normalize(html.unescape(html_tables.strip_tags(lifted))).split("\n")
    numbered = [(front.body_start + i + 1, line) for i, line in enumerate(body) if line.strip()]
    if not numbered:
        raise ParseError(path, "본문이 없습니다", front.body_start + 1)
    heads = [_HEADING.match(line) for _, line in numbered]
    hash_articles = any(h and sl.ARTICLE_NUMBER.match(h["text"]) for h in heads)
    plain = [n for n, line in numbered if not line[:1].isspace() and (suppl_article(line) or sl.SUPPL.match(line))]
    if not front.data and not any(heads) and not plain:
        raise ParseError(path, "조문 구조(# 제목, ##### 제N조, 부칙)를 찾을 수 없습니다: legalize-kr 마크다운이 아닙니다", numbered[0][0])
    parser = _Parser(plain_articles=not hash_articles, tables=tables)
    for i, (number, line) in enumerate(numbered):
        adjacent = i > 0 and numbered[i - 1][0] == number - 1
        parser.line(line, numbered[i + 1][1] if i + 1 < len(numbered) else None, adjacent)
    meta = metadata_from(front.data)
    title = parser.title or meta.get("제목") or meta.get("자치법규명") or Path(path).stem
    return Document(
        id=doc_id or Path(path).stem,
        title=title,
        kind=DocumentKind.ORDINANCE if "자치법규종류" in meta else DocumentKind.STATUTE,
        metadata=meta,
        preamble="\n".join(parser.preamble),
        nodes=parser.b.nodes,
    )


def parse_statute(path: str | Path, doc_id: str | None = None) -> Document:
    """Read and parse a legalize-kr Markdown file."""
    return parse_statute_text(read_text(path), path, doc_id)
