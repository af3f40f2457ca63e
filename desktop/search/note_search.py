"""Search over the user's own note text (hits are marked 메모 in the result list).

Notes are few and change all the time, so they are matched directly rather
than indexed: every query word (particles stripped, case and spacing
ignored) must occur in the note, its quote or its tags.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from desktop.search.analysis import strip_particle
from desktop.search.engine import Hit
from desktop.search.highlight import snippet

_WORD = re.compile(r'[^\s"]+')


def _squash(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _stems(query: str) -> list[str]:
    stems = []
    for raw in _WORD.findall(query):
        if raw.startswith("-") or raw.lower().startswith("doc:") or raw.upper() in ("AND", "OR", "NOT"):
            continue
        stem = _squash(strip_particle(raw)[0])
        if stem:
            stems.append(stem)
    return stems


def _spans(text: str, stems: list[str]) -> list[tuple[int, int]]:
    low = text.lower()
    spans = []
    for stem in stems:
        pos = low.find(stem)
        if pos >= 0:
            spans.append((pos, pos + len(stem)))
    return sorted(spans)


def search_notes(query: str, notes: Iterable, library, *, doc: str | None = None, limit: int = 10) -> list[Hit]:
    """Notes (``NoteText``-like: id, doc_id, eid, text, quote, tags) matching every word of ``query``."""
    stems = _stems(query)
    if not stems:
        return []
    hits: list[Hit] = []
    for note in notes:
        if doc and note.doc_id != doc:
            continue
        haystack = _squash(f"{note.text} {note.quote} {' '.join(note.tags)}")
        if not all(stem in haystack for stem in stems):
            continue
        try:
            document = library.get(note.doc_id)
            citation = document.citation(note.eid)
            article = document.article_of(note.eid)
        except Exception:
            continue
        shown = note.text or note.quote
        hits.append(Hit(
            doc_id=note.doc_id, eid=note.eid, article_eid=article.eid if article else note.eid,
            citation=citation, snippet=snippet(shown, _spans(shown, stems)), kind="note", score=0.0, text=shown,
        ))
        if len(hits) >= limit:
            break
    return hits
