"""Line-level readings for :mod:`statute_md`: 부칙 headings and articles, notes, wrapped lines.

Kept apart from the tree-building parser so each rule can be read (and
tested) on its own.  The 부칙 rules follow the article-count rule of
``tests/test_statute_md.py`` exactly, because that rule is how a reader
counts the articles of a file:

- a 부칙 article line starts ``제N조`` or ``제N조의M`` with no blank inside
  the number (``제 1 조``, ``제3조의 2`` are quoted text, not articles);
- on the 부칙 heading line itself an article may follow only
  ``부칙``, ``부칙(…)``, ``부칙 <…>`` or ``부칙(…) <…>``; after other
  headings (``부칙 <…>(…)``, ``부칙 〈…〉``) the rest of the line is text.
"""

from __future__ import annotations

import re

from desktop.core.parsing import patterns as pt
from desktop.core.text import collapse_spaces

#: the lenient 제N조 number (``제 3 조의 2``): article headings and restated lines
ARTICLE_NUMBER = re.compile(r"^제\s*(?P<num>\d+)\s*조(?:\s*의\s*(?P<branch>\d+))?")
#: the strict 제N조 number of a 부칙 article line
_SUPPL_NUMBER = re.compile(r"^제(?P<num>\d+)조(?:의(?P<branch>\d+))?")
SUPPL = re.compile(r"^부\s*칙(?![가-힣])\s*(?P<rest>.*)$")
#: ``제5조(징수) 중 …``: the title is followed by a particle (up to the first ``)``, as the count rule reads it)
_TITLE_THEN_PARTICLE = re.compile(r"^\s*\([^)]*\)\s*(?:중|[를을의에])(?![가-힣])")
_PARTICLE = re.compile(r"^(?:중|[를을의에])(?![가-힣])")
_UNTITLED_NOT = re.compile(r"^(?:(?:부터|까지|및|내지|또는|중|[를을의에와과])(?![가-힣])|[,·~])")
#: what may stand between ``부칙`` and an article on the same line (the count rule's prefix)
_SAME_LINE_PREFIX = re.compile(r"^(?:\([^)]*\)\s*)?(?:<[^>]*>\s*)?")
_DELETED = re.compile(r"^(?P<word>삭\s*제)\s*<(?P<note>[^<>]+)>$")
_TRAILING_NOTE = re.compile(pt.AMENDMENT.pattern + r"\s*$")
_COMMA_AFTER_TAG = re.compile(r"(?<=[>\]〕])\s*,$")
_CLOSERS = {"(": ")", "<": ">〉", "〈": "〉>"}  # mixed pairs occur: 〈개정, 2023.5.31. 규칙 제1406호>

#: a line ends a sentence or a unit: the next line starts afresh
_LINE_END = re.compile(r"(?:[.。:;>」)\]〕》』”\"]|다|생략|삭제)\s*$")
#: lines that open something of their own (bullets, tables, references to annexes)
_OWN_LINE = re.compile(r"^[※○●◎□■◇◆▶▷►•*ㅇ<\[〔(（\-\u2500-\u257f]")
_TABLE = re.compile(r"[\u2500-\u257f]| {4,}|\t")
WRAP_MIN = 25  # a line this long that stops mid-sentence was wrapped by hand


def number_of(m: re.Match[str]) -> str:
    """``"7"`` or ``"7의2"`` from an article-number match."""
    return m["num"] + (f"의{m['branch']}" if m["branch"] else "")


def letterspaced(heading: str) -> str:
    """``"총     칙"`` → ``"총칙"``, ``"일 반 운 영"`` → ``"일반운영"``: a heading spread out letter by letter."""
    words = heading.split()
    if len(words) >= 2 and all(len(w) == 1 and "가" <= w <= "힣" for w in words):
        return "".join(words)
    return " ".join(words)


def trailing_notes(text: str) -> tuple[str, list[str]]:
    """Take amendment tags off the end of ``text``: (text, notes in source order)."""
    notes: list[str] = []
    while m := _TRAILING_NOTE.search(text):
        notes.insert(0, collapse_spaces(m["note"]))
        text = _COMMA_AFTER_TAG.sub("", text[: m.start()].rstrip())  # "<신설 2018. 2. 7>, <개정 …>"
    return text, notes


def deleted(text: str) -> tuple[str, list[str]]:
    """``"삭제 <2019. 12. 31>"`` → ``("삭제", ["2019. 12. 31"])``."""
    m = _DELETED.match(text)
    return (m["word"], [collapse_spaces(m["note"])]) if m else (text, [])


def _untitled(number: str, after: str) -> pt.ArticleHead | None:
    rest = after.strip()
    if not after[:1].isspace() or not rest or rest[0] in "0123456789" or rest.startswith("제") or _UNTITLED_NOT.match(rest):
        return None
    return pt.ArticleHead(number, "", rest)


def suppl_article(text: str) -> pt.ArticleHead | None:
    """A 부칙 article line (``제1조(시행일) …``, ``제1조 이 법은 …``, ``제8조 생략``).

    Not a reference or edit instruction: ``제2조 부터 제6조까지 생략``, ``제5조 중 …``,
    ``제3조 4호를 …``, ``제19조 제목 외의 …``, ``제5조(징수) 중 …``, a bare ``제5조``;
    nor quoted text whose number has blanks (``제 2 조``, ``제2조의 2``).  A title
    left open (``제2조(경과조치 종전 …``) is no title: the line is the article's text.
    """
    m = _SUPPL_NUMBER.match(text)
    if not m:
        return None
    number, after = number_of(m), text[m.end() :]
    if not after.lstrip().startswith("("):
        return _untitled(number, after)
    if _TITLE_THEN_PARTICLE.match(after):
        return None
    head = pt.match_article(text)
    return pt.ArticleHead(number, head.heading, head.rest) if head else pt.ArticleHead(number, "", after.strip())


def looks_like_article(text: str) -> bool:
    """A 제N조 line read leniently (blanks allowed): ``부칙 제 1 조(시행일) …`` heads a 부칙 block."""
    m = ARTICLE_NUMBER.match(text)
    if not m:
        return False
    after = text[m.end() :]
    if after.lstrip().startswith("("):
        head = pt.match_article(text)
        return head is not None and not _PARTICLE.match(head.rest)
    return _untitled("", after) is not None


def split_suppl_heading(rest: str) -> tuple[list[str], str, bool]:
    """What follows ``부칙`` → (heading parts, the rest of the line, may the rest open an article).

    Parts are the ``(…)``, ``<…>`` and ``〈…〉`` groups in any order (nested
    brackets allowed, ``〈…>`` too): ``<제646호,2012.12.20>(…법 시행규칙)`` gives both.
    """
    rest, parts = rest.strip(), []
    full = rest
    while rest[:1] in _CLOSERS:
        opener, close, depth, end = rest[0], _CLOSERS[rest[0]], 0, -1
        for pos, ch in enumerate(rest):
            depth += (ch == opener) - (ch in close)
            if depth == 0:
                end = pos
                break
        if end < 0:
            break
        parts.append(rest[1:end].strip())
        rest = rest[end + 1 :].strip()
    article_ok = rest == full[_SAME_LINE_PREFIX.match(full).end() :].strip()
    return parts, rest, article_ok


def suppl_heading(text: str) -> bool:
    """True when ``text`` heads a 부칙 block: ``부칙``, ``부칙 <…> …``; not ``부칙 제3조를 …`` (a sentence)."""
    m = SUPPL.match(text)
    if not m:
        return False
    parts, rest, _ = split_suppl_heading(m["rest"])
    return bool(parts) or not (ARTICLE_NUMBER.match(rest) and not looks_like_article(rest))


def wraps(previous: str, line: str) -> bool:
    """True when ``line`` continues ``previous`` (a hand-wrapped line), judged by the two texts alone.

    ``previous`` must be long and stop mid-sentence; ``line`` must not open a
    unit of its own (callers check 항/호/목/조 marks) nor look like a table row.
    """
    return (
        len(previous) >= WRAP_MIN
        and not _LINE_END.search(previous)
        and not _OWN_LINE.match(line)
        and not _TABLE.search(previous)
        and not _TABLE.search(line)
    )
