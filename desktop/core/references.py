"""Cross-references inside legal text: ``제1항에 따른``, ``제7조제4호``, ``같은 조 제2항``, 「…」.

:func:`find_references` returns spans of a unit's text and what they point
to, resolved against the document that contains the unit.  References that
belong to another law (``「…법」 제2조``, ``법 제30조``) are marked external.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.core import eids
from desktop.core.model import Document

_REF = re.compile(
    r"(?P<same>같은\s*조\s*)?"
    r"(?:제\s*(?P<art>\d+)\s*조(?:\s*의\s*(?P<artb>\d+))?)?"
    r"(?:\s*제\s*(?P<para>\d+)\s*항)?"
    r"(?:\s*제\s*(?P<item>\d+)\s*호(?:\s*의\s*(?P<itemb>\d+))?)?"
    r"(?:\s*(?P<sub>[가나다라마바사아자차카타파하])\s*목(?![가-힣]))?"
)
#: What joins a bare 항/호 to the article named just before it: ``제5조제1항 및 제2항``.
_SAME_RUN = re.compile(r"^\s*(?:및|또는|·|,|과|와|부터|내지|~)\s*$")
_NAME = re.compile(r"「(?P<name>[^「」]{2,80})」")
#: Words before a reference that make it point into another instrument.
_FOREIGN_LEAD = re.compile(
    r"(?:「[^」]*」\s*(?:\([^()]*\))?|(?<![가-힣])(?:같은\s*)?(?:법|영|규칙|시행령|시행규칙|헌법|조례안|안))\s*$"
)


@dataclass(frozen=True)
class Reference:
    """A span ``[start, end)`` of text and its target.

    ``eid`` is set when the target is a unit of the same document, or, when
    ``law`` is set too, the unit of that other instrument; ``law`` names the
    other instrument (from 「…」, ``"other"`` when only ``법``/``영`` says so).
    """

    start: int
    end: int
    eid: str | None = None
    law: str | None = None


def _eid_for(art: str | None, para: str | None, item: str | None, sub: str | None, context_article: str | None) -> str | None:
    parts: list[str] = []
    if art:
        parts.append(f"art_{art}")
    elif context_article:
        parts.append(context_article)
    else:
        return None
    if para:
        parts.append(f"para_{para}")
    if item:
        parts.append(f"item_{item}")
    if sub:
        parts.append(f"sub_{eids.subitem_index(sub)}")
    return eids.SEP.join(parts)


def closest_existing(document_index: dict[str, object], eid: str, context_eid: str | None) -> str | None:
    """``art_8__item_2`` may live under a 항: find ``art_8__para_N__item_2``, preferring the context 항.

    A target that does not exist falls back to its nearest existing ancestor
    (``제8조제5항제2호 가목`` with no 목 links to the 호); None when even the article is missing.
    """
    found = _closest(document_index, eid, context_eid)
    if found:
        return found
    segs = eid.split(eids.SEP)
    while len(segs) > 1:
        segs = segs[:-1]
        found = _closest(document_index, eids.SEP.join(segs), context_eid)
        if found:
            return found
    return None


def _closest(document_index: dict[str, object], eid: str, context_eid: str | None) -> str | None:
    if eid in document_index:
        return eid
    segs = eid.split(eids.SEP)
    if len(segs) >= 2 and segs[1].startswith("item_"):
        if context_eid:
            para = next((s for s in context_eid.split(eids.SEP) if s.startswith("para_")), None)
            if para:
                guess = eids.SEP.join([segs[0], para, *segs[1:]])
                if guess in document_index:
                    return guess
        for key in document_index:
            parts = key.split(eids.SEP)
            if len(parts) == len(segs) + 1 and parts[0] == segs[0] and parts[1].startswith("para_") and parts[2:] == segs[1:]:
                return key
    return None


def find_references(document: Document, eid: str, text: str, index: dict[str, object] | None = None) -> list[Reference]:
    """References in ``text`` (the text of unit ``eid`` of ``document``)."""
    index = index if index is not None else document.index()
    article = document.article_of(eid)
    current_article = article.eid.split(eids.SEP)[0] if article is not None and article.eid.startswith("art_") else None
    if article is not None and article.eid.startswith("suppl"):
        current_article = eids.SEP.join(article.eid.split(eids.SEP)[:2])
    refs: list[Reference] = []
    for m in _NAME.finditer(text):
        refs.append(Reference(m.start(), m.end(), law=m["name"].strip()))
    last_article = current_article
    last_law: str | None = None  # the instrument the previous reference pointed into
    prev_end = -1
    for m in _REF.finditer(text):
        if m.end() == m.start() or not (m["art"] or m["para"] or m["item"]):
            continue
        if m["same"] and not (m["para"] or m["item"]):
            continue
        art = m["art"] + (f"-{m['artb']}" if m["artb"] else "") if m["art"] else None
        item = m["item"] + (f"-{m['itemb']}" if m["itemb"] else "") if m["item"] else None
        before = text[: m.start()]
        start = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
        # "제5조제1항 및 제2항": a bare 항/호 right after a reference continues its article (and law).
        continues = not art and prev_end >= 0 and bool(_SAME_RUN.match(text[prev_end:start]))
        foreign = None if continues or m["same"] else _FOREIGN_LEAD.search(before[-160:])
        if foreign:
            name = _NAME.search(foreign.group(0))
            last_law = name["name"].strip() if name else "other"
        elif art and not m["same"]:
            last_law = None
        if (foreign or ((continues or m["same"]) and last_law)) and last_law:
            context = last_article if (continues or m["same"]) and not art else None
            if art:
                last_article = f"art_{art}"
            target = _eid_for(art, m["para"], item, m["sub"], context)
            refs.append(Reference(start, m.end(), eid=target, law=last_law))
            prev_end = m.end()
            continue
        context = last_article if (m["same"] or continues) else (current_article if not art else None)
        target = _eid_for(art, m["para"], item, m["sub"], context)
        if art:
            last_article = f"art_{art}"
        if target:
            target = closest_existing(index, target, eid if not (art or continues or m["same"]) else None)
        refs.append(Reference(start, m.end(), eid=target))
        prev_end = m.end()
    refs.sort(key=lambda r: (r.start, -r.end))
    return [r for r in refs if r.eid or r.law]


def law_title_index(titles: dict[str, str]) -> dict[str, str]:
    """Map 「…」 names to document ids, tolerant of spacing (``「파주시 인공지능 기본 조례」``)."""
    return {re.sub(r"\s+", "", title): doc_id for title, doc_id in titles.items()}


def resolve_law(name: str, index: dict[str, str]) -> str | None:
    """The library document a 「…」 name refers to, if any."""
    return index.get(re.sub(r"\s+", "", name))
