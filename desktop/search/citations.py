"""Citation queries: ``제8조제2항``, ``파주 8조``, ``여수시 조례 제12조``, ``부칙 제1조``.

A citation is turned into the eid it names; words before it that name a
document (municipality, title, id) select that document.  No Whoosh here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from desktop.core.eids import SUBITEM_LETTERS, subitem_index
from desktop.search.query import squash

_N = r"(\d{1,4})"
CITATION = re.compile(
    rf"(?:(?P<suppl>부\s*칙)\s*)?"
    rf"(?:제\s*)?{_N}\s*조(?:\s*의\s*{_N})?"
    rf"(?:\s*(?:제\s*)?{_N}\s*항)?"
    rf"(?:\s*(?:제\s*)?{_N}\s*호(?:\s*의\s*{_N})?)?"
    rf"(?:\s*(?P<mok>[{SUBITEM_LETTERS}])\s*목)?"
)
SUPPL_ONLY = re.compile(r"(?:^|\s)부\s*칙(?:\s|$)")
#: Words that say "a law/ordinance" without naming one.
GENERIC = frozenset({"조례", "조례안", "규칙", "법", "법률", "시행령", "시행규칙", "기본", "의", "에", "의회", "본"})
_ADMIN_SUFFIX = re.compile(r"(특별자치시|특별자치도|특별시|광역시|시|군|구|도)$")


@dataclass
class Citation:
    """A parsed citation: the eid it names and the words around it."""

    eid: str
    doc_words: list[str] = field(default_factory=list)
    rest: str = ""  # the query without the citation and document words
    text: str = ""  # the citation as typed (``제8조제2항``)


def citation_eid(m: re.Match) -> str:
    art, art_b, para, item, item_b = m.group(2, 3, 4, 5, 6)
    eid = f"art_{int(art)}" + (f"-{int(art_b)}" if art_b else "")
    if m.group("suppl"):
        eid = f"suppl__{eid}"
    if para:
        eid += f"__para_{int(para)}"
    if item:
        eid += f"__item_{int(item)}" + (f"-{int(item_b)}" if item_b else "")
    if m.group("mok") and item:
        eid += f"__sub_{subitem_index(m.group('mok'))}"
    return eid


def parse_citation(text: str) -> Citation | None:
    """The first citation in ``text`` (``None`` when there is none)."""
    m = None
    for cand in CITATION.finditer(text):
        after = text[cand.end():cand.end() + 1]
        if after == "례":  # 조례 after a number: "제2297호 조례" is not a citation
            continue
        if not _standalone(text, cand.start()):
            continue
        m = cand
        break
    if m is None:
        s = SUPPL_ONLY.search(text)
        if not s:
            return None
        before, rest = text[:s.start()], text[s.end():]
        return Citation(eid="suppl", doc_words=before.split(), rest=rest.strip(), text="부칙")
    before = text[:m.start()].split()
    rest = text[m.end():].strip()
    return Citation(eid=citation_eid(m), doc_words=before, rest=rest, text=m.group(0).strip())


def _standalone(text: str, start: int) -> bool:
    """The citation starts a word (not ``2297호`` glued to a longer token)."""
    return start == 0 or not text[start - 1].isalnum()


def name_forms(title: str, municipality: str, doc_id: str) -> set[str]:
    """Squashed names that select a document: ``파주시``, ``파주``, its title, its id."""
    forms = {squash(title), squash(doc_id), doc_id.lower()}
    for name in filter(None, [municipality, title.split()[0] if title.split() else ""]):
        name = squash(name)
        base = _ADMIN_SUFFIX.sub("", name)
        forms |= {name}
        if len(base) >= 2:
            forms |= {base, base + "시"}
    return {f for f in forms if f}


def match_documents(words: list[str], docs: list[dict]) -> tuple[list[str], list[str]]:
    """Documents named by ``words`` (manifest entries) and the words that named none."""
    joined = squash("".join(words))
    if len(joined) >= 2:
        whole = [d["id"] for d in docs if squash(d["title"]).startswith(joined) or joined in d["forms"]]
        if whole:
            return whole, []
    chosen: list[str] = []
    unused: list[str] = []
    for word in words:
        key = squash(word)
        if not key or key in GENERIC:
            continue
        hits = [d["id"] for d in docs if key in d["forms"] or (len(key) >= 2 and squash(d["title"]).startswith(key))]
        if hits:
            chosen += [h for h in hits if h not in chosen]
        else:
            unused.append(word)
    return chosen, unused
