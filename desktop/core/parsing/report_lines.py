"""Line patterns and text helpers of review reports (see ``report.py``)."""

from __future__ import annotations

import re

from desktop.core import eids
from desktop.core.parsing.ordinance import iso_date
from desktop.core.text import collapse_spaces

LETTERS = eids.SUBITEM_LETTERS
UNICODE_ROMAN = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ"
#: (prefix, pattern, label format) per heading style, outermost first.
STYLES = [
    ("rpt", re.compile(rf"^(?P<num>[IVX]{{1,5}}|[{UNICODE_ROMAN}])\s*\.\s+(?P<rest>\S.*)$"), "{}."),
    ("pt", re.compile(r"^(?P<num>\d{1,2})\.\s+(?P<rest>[^~\s].*)$"), "{}."),
    ("sub", re.compile(rf"^(?P<num>[{LETTERS}])\.\s+(?P<rest>\S.*)$"), "{}."),
    ("num", re.compile(r"^(?P<num>\d{1,2})\)\s+(?P<rest>\S.*)$"), "{})"),
    ("pnum", re.compile(r"^\((?P<num>\d{1,2})\)\s+(?P<rest>\S.*)$"), "({})"),
    ("plet", re.compile(rf"^\((?P<num>[{LETTERS}])\)\s+(?P<rest>\S.*)$"), "({})"),
]
REPORT_KIND = re.compile(r"^(?:심\s*사|검\s*토)\s*보\s*고\s*서$")
BILL_NO = re.compile(r"^의\s*안\s*번\s*호\s*[:\t ]\s*(?P<no>[\w-]+)")
COMMITTEE = re.compile(r"^(?P<name>\S+위원회)(?:\s+\S+)?$")
DATE_ONLY = re.compile(r"^(?:\d{4}\s*\.\s*\d{1,2}\s*\.\s*\d{1,2}\s*\.?|\d{4}\s*년\s*\d{1,2}\s*월\s*\d{1,2}\s*일)$")
BULLET = re.compile(r"^(?P<indent>[ \t]*)(?P<mark>[-–―•◦○●□■▪◇◆◎ㅇ·∙])\s+(?P<text>\S.*)$")
MARK_RANK = {"□": 0, "■": 0, "◎": 0, "○": 1, "ㅇ": 1, "◦": 1, "●": 1, "•": 1, "◇": 1, "◆": 1, "▪": 3, "·": 3, "∙": 3}
LIST_LABEL = re.compile(rf"^(?P<label>[{LETTERS}]\.|\d{{1,2}}[.)]|\(\d{{1,2}}\)|\([{LETTERS}]\))\s+(?P<text>\S.*)$")
NOTE = re.compile(r"^(?P<mark>※|\*)\s*(?P<text>\S.*)$")
SOURCE = re.compile(r"^(?:자료|출처)\s*[:：]")
CAPTION = re.compile(r"^(?:[<〈]\s*(?P<angle>.+?)\s*[>〉]|※\s*(?P<ref>.+)|\[(?P<square>[^\]]+)\])$")
UNIT = re.compile(r"^\(\s*(?P<unit>단위\s*[:：][^)]*?)\s*\)$")
KEY_VALUE = re.compile(r"^(?P<key>[가-힣A-Za-z][가-힣A-Za-z \-]{0,14}?)\s*[:：]\s*(?P<value>\S.*)$")
COLON_HEAD = re.compile(r"^(?P<head>[^:：]{1,40}?)\s+[:：]\s*(?P<text>\S.*)$|^(?P<head2>[^:：\d]{1,40}?)[:：]\s+(?P<text2>\S.*)$")
SPEAKER = re.compile(r"^(?P<head>.+?)\s*\((?P<who>[^()]*(?:의원|위원|시장|국장|실장|과장|담당관)[^()]*)\)$")
FOOTNOTE = re.compile(r"^(?P<num>\d{1,2})\)\s*(?P<text>\S.*)$")
SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
FOOTNOTE_REF = re.compile(r"(?P<sup>[⁰¹²³⁴⁵⁶⁷⁸⁹]+)⁾|(?<=[가-힣A-Za-z」’”])(?<!의)(?P<num>\d{1,2})\)")
LIST_INTRO = re.compile(r"(?:다음과\s*같다|다음\s*각\s*호.*|:)\s*\.?$")
ITEM = re.compile(rf"^(?P<num>\d{{1,2}}|[{LETTERS}])\.\s+(?P<text>\S.*)$")
REF_ATTACHMENT = re.compile(r"^【\s*(?P<name>참고\s*자료|붙\s*임|별\s*첨)[^】]*】\s*(?P<rest>.*)$")
COMPARISON = re.compile(r"^신\s*[·ㆍ]?\s*구\s*조\s*문\s*대\s*비\s*표$")
COST = re.compile(r"비용\s*추계")
AMEND_START = re.compile(r"^\S*?\s*(?:조례|규칙)\s*제\s*\d*\s*호$")
ENACTING = re.compile(r"(?:개정|제정|다음과\s*같이).*한다\.$")
#: A table-of-contents line: ``Ⅱ. 검토의견 ········ 3`` (kept in the preamble, never a section).
TOC_LINE = re.compile(r"(?:[.·…]{3,}|-{3,})\s*\d+\s*$")
#: One-syllable endings that continue a word broken by a page break (``속하`` + ``는``).
PARTICLES = set("는은을를의에와과도로고며서면게지다야여요해함됨음")


def roman_value(token: str) -> int:
    """``"VII"`` → 7, ``"Ⅲ"`` → 3."""
    if token in UNICODE_ROMAN:
        return UNICODE_ROMAN.index(token) + 1
    values, total, highest = {"I": 1, "V": 5, "X": 10}, 0, 0
    for ch in reversed(token):
        value = values[ch]
        total += value if value >= highest else -value
        highest = max(highest, value)
    return total


def token(prefix: str, num: str) -> str:
    if prefix == "rpt":
        return str(roman_value(num))
    return str(eids.subitem_index(num)) if num in LETTERS else str(int(num))


def is_open(text: str) -> bool:
    """True when ``text`` stops mid-sentence (no final punctuation, no ㅁ/다 ending)."""
    text = text.rstrip()
    if not text or text[-1] in ".!?。:;)」』”’":
        return False
    last = text[-1]
    if "가" <= last <= "힣":
        return last != "다" and (ord(last) - 0xAC00) % 28 != 16
    return last == ","


def joined(head: str, tail: str) -> str:
    """Rejoin text split by a page break; no space when the tail starts with an ending."""
    first = tail.split(" ", 1)[0]
    glue = "" if len(first) == 1 and first in PARTICLES and "가" <= head[-1:] <= "힣" else " "
    return f"{head}{glue}{tail}"


def split_heading(rest: str) -> tuple[str, str]:
    """``"회부일자 : 2024년 2월 7일"`` → (heading, text); no colon → (rest, "")."""
    if m := COLON_HEAD.match(rest):
        head, text = (m["head"], m["text"]) if m["head"] else (m["head2"], m["text2"])
        if not re.search(r"[.\d]$", head.strip()):
            return head.strip(), text.strip()
    return rest.strip(), ""


def header(lines: list[str]) -> tuple[str, str, dict[str, str], str]:
    """Title, subject (의안명), metadata and preamble of the title block."""
    kept = [collapse_spaces(ln.replace("\t", " ")) for ln in lines if ln.strip() and not re.fullmatch(r"[-=\s:]+", ln)]
    kind_at = next((i for i, k in enumerate(kept) if REPORT_KIND.match(k)), None)
    subject_lines = kept[:kind_at] if kind_at else kept[:1]
    joined = " ".join(subject_lines)
    subject = re.sub(r"\s*(?:심사|검토)\s*보\s*고\s*서$", "", joined)
    title = f"{joined} {kept[kind_at].replace(' ', '')}" if kind_at else joined
    meta: dict[str, str] = {}
    for k in kept[len(subject_lines):]:
        if m := BILL_NO.match(k):
            meta["의안번호"] = m["no"]
        elif DATE_ONLY.match(k) and "일자" not in meta:
            meta["일자"] = iso_date(k) or k
        elif (m := COMMITTEE.match(k)) and "위원회" not in meta:
            meta["위원회"] = m["name"]
    return title, subject, meta, "\n".join(kept)
