"""A plain Whoosh pipeline over any analyzer: the yardstick of ``benchmarks/analyzer_compare.py``.

Not used by the app.  Every analyzer gets the same treatment (BM25F; all
terms AND-ed, OR-ed when that finds fewer than ``limit`` places; grouped by
article), so a comparison measures the analyzer alone.  Kept here because
Whoosh is imported only inside ``desktop.search``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from whoosh import index as windex
from whoosh.analysis import StandardAnalyzer, Token, Tokenizer
from whoosh.fields import ID, TEXT, Schema
from whoosh.query import And, Or, Term

from desktop.search.analysis import analyzer as app_analyzer
from desktop.search.units import iter_units


class TermsTokenizer(Tokenizer):
    """Wraps ``fn(text) -> [(term, start, end)]`` (an importable function) as a Whoosh tokenizer."""

    def __init__(self, fn: Callable[[str], list[tuple[str, int, int]]]) -> None:
        self.fn = fn

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for n, (term, start, end) in enumerate(self.fn(value)):
            t.text, t.boost, t.stopped = term, 1.0, False
            if positions:
                t.pos = start_pos + n
            if chars:
                t.startchar, t.endchar = start_char + start, start_char + end
            yield t


def named_analyzer(name: str):
    """``standard`` (Whoosh's StandardAnalyzer) or an app design (``bigram``, ``bigram-junction``)."""
    return StandardAnalyzer() if name == "standard" else app_analyzer(name)


class _Hit:
    __slots__ = ("doc_id", "eid")

    def __init__(self, doc_id: str, eid: str) -> None:
        self.doc_id, self.eid = doc_id, eid


class PlainSearch:
    """The units of ``docs`` indexed with ``ana`` in ``folder``, searched the plain way."""

    def __init__(self, docs, ana, folder: str | Path) -> None:
        self.ana = ana
        schema = Schema(doc_id=ID(stored=True), eid=ID(stored=True), article=ID(stored=True),
                        body=TEXT(analyzer=ana, phrase=False))
        t = time.perf_counter()
        ix = windex.create_in(str(folder), schema)
        writer = ix.writer(limitmb=256)
        for doc in docs:
            for u in iter_units(doc):
                writer.add_document(doc_id=u.doc_id, eid=u.eid, article=u.article, body=f"{u.heading}\n{u.text}")
        writer.commit()
        self.build_secs = time.perf_counter() - t
        self.searcher = ix.searcher()

    def terms(self, query: str) -> list[str]:
        return list(dict.fromkeys(t.text for t in self.ana(query)))

    def search(self, query: str, limit: int = 10) -> list[_Hit]:
        qs = [Term("body", t) for t in self.terms(query)]
        if not qs:
            return []
        hits: list[_Hit] = []
        seen: set[tuple[str, str]] = set()
        for q in [And(qs), Or(qs)] if len(qs) > 1 else qs:
            for r in self.searcher.search(q, limit=200):
                f = r.fields()
                if (f["doc_id"], f["article"]) not in seen:
                    seen.add((f["doc_id"], f["article"]))
                    hits.append(_Hit(f["doc_id"], f["eid"]))
            if len(hits) >= limit:
                break
        return hits[:limit]

    def close(self) -> None:
        self.searcher.close()
