"""Candidate retrieval and BM25 scoring over Whoosh posting lists, in plain Python.

Whoosh's own matcher trees cost ~0.1 s per query on a few thousand units
(block-quality bookkeeping dominates), so the index is used for storage only:
posting lists are read whole, block by block, cached as ``{docnum: tf}``
dicts, intersected with set operations and scored here.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Iterable

from whoosh.codec.whoosh3 import W3LeafMatcher

from desktop.search.query import ParsedQuery, Word

K1, B = 1.2, 0.75
HEADING_BOOST = 1.5
OPTIONAL_BOOST = 0.5
PREFIX_WEIGHT = 0.6
DOCNAME_WEIGHT = 0.5
CACHE_TERMS = 3000
CACHE_POSTINGS = 1_000_000  # about 100 MB of cached {docnum: tf} entries at most

Postings = dict[int, float]


class PostingCache:
    """Posting lists of one field, read whole and kept in an LRU cache."""

    def __init__(self, reader, field: str, size: int = CACHE_TERMS) -> None:
        self.reader, self.field, self.size = reader, field, size
        self.doc_count = max(1, reader.doc_count_all())
        self._cache: OrderedDict[str, Postings] = OrderedDict()
        self._postings = 0

    def get(self, term: str) -> Postings:
        hit = self._cache.get(term)
        if hit is not None:
            self._cache.move_to_end(term)
            return hit
        plist = self._read(term)
        self._cache[term] = plist
        self._postings += len(plist)
        while len(self._cache) > 1 and (len(self._cache) > self.size or self._postings > CACHE_POSTINGS):
            self._postings -= len(self._cache.popitem(last=False)[1])
        return plist

    def _read(self, term: str) -> Postings:
        if not self.reader.__contains__((self.field, term)):
            return {}
        m = self.reader.postings(self.field, term)
        if isinstance(m, W3LeafMatcher):  # fast path: whole blocks (whoosh-reloaded 2.7.5 internals)
            ids: list[int] = []
            weights: list[float] = []
            while True:
                m._read_ids()
                m._read_weights()
                ids.extend(m._ids)
                weights.extend(m._weights)
                if m._lastblock:
                    break
                m._goto(m._nextoffset)
            return dict(zip(ids, weights, strict=True))
        out: Postings = {}
        while m.is_active():
            out[m.id()] = m.weight()
            m.next()
        return out

    def idf(self, plist: Postings) -> float:
        df = len(plist)
        return math.log(1 + (self.doc_count - df + 0.5) / (df + 0.5))


class Scorer:
    """BM25 over the ``body`` field (heading + text), boosts from ``heading``."""

    def __init__(self, reader, lengths: list[int]) -> None:
        self.body = PostingCache(reader, "body")
        self.heading = PostingCache(reader, "heading")
        self.docname = PostingCache(reader, "docname", size=256)
        self.ids = PostingCache(reader, "doc_id", size=512)
        self.articles = PostingCache(reader, "article", size=512)
        self.lengths = lengths
        self.avg = (sum(lengths) / len(lengths)) if lengths else 1.0

    # -------------------------------------------------------------- per term

    def term_scores(self, term: str, docs: Iterable[int] | None = None, weight: float = 1.0) -> dict[int, float]:
        """BM25 of ``term`` for every doc in its postings (or only ``docs``)."""
        plist = self.body.get(term)
        if not plist:
            return {}
        idf = self.body.idf(plist) * weight
        lengths, avg = self.lengths, self.avg
        norm = K1 * (1 - B)
        scale = K1 * B / avg
        items = plist.items() if docs is None else ((d, plist[d]) for d in docs if d in plist)
        return {d: idf * tf * (K1 + 1) / (tf + norm + scale * lengths[d]) for d, tf in items}

    def _boost(self, cache: PostingCache, term: str, docs: Iterable[int], weight: float) -> dict[int, float]:
        plist = cache.get(term)
        if not plist:
            return {}
        idf = cache.idf(plist) * weight
        return {d: idf * plist[d] * (K1 + 1) / (plist[d] + K1) for d in docs if d in plist}

    # -------------------------------------------------------------- per word

    def word_scores(self, w: Word, prefix_terms: list[str], docname: bool) -> dict[int, float]:
        """Docs matching ``w`` (any alternative) with the best alternative's score."""
        best = self._alternatives(w.alts)
        if not best and w.fallback:
            best = self._alternatives(w.fallback)
        for t in prefix_terms:
            _keep_max(best, self.term_scores(t, weight=PREFIX_WEIGHT))
        if docname:
            for alt in w.alts:
                plists = [self.docname.get(t) for t in alt]
                if all(plists):
                    docs = set(plists[0]).intersection(*plists[1:])
                    _keep_max(best, dict.fromkeys(docs, DOCNAME_WEIGHT))
        return best

    def _alternatives(self, alts: list[list[str]]) -> dict[int, float]:
        best: dict[int, float] = {}
        for alt in alts:
            plists = [self.body.get(t) for t in alt]
            if not all(plists):
                continue
            order = sorted(range(len(alt)), key=lambda i: len(plists[i]))
            docs = set(plists[order[0]])
            for i in order[1:]:
                docs.intersection_update(plists[i])
                if not docs:
                    break
            if not docs:
                continue
            total: dict[int, float] = dict.fromkeys(docs, 0.0)
            for t in alt:
                for d, s in self.term_scores(t, docs).items():
                    total[d] += s
            _keep_max(best, total)
        return best

    def boosts(self, pq: ParsedQuery, docs: set[int]) -> dict[int, float]:
        """Extra score from 조 제목 terms, particles, junction bigrams and one-syllable words."""
        extra: dict[int, float] = {}
        for w in pq.words:
            for t in w.alts[0]:
                _add(extra, self._boost(self.heading, t, docs, HEADING_BOOST))
            for t in w.optional:
                _add(extra, self.term_scores(t, docs, OPTIONAL_BOOST))
            if w.soft:
                for t in w.alts[0]:
                    _add(extra, self.term_scores(t, docs))
        for t in pq.junctions:
            _add(extra, self.term_scores(t, docs, OPTIONAL_BOOST))
        return extra

    def doc_units(self, doc_id: str) -> set[int]:
        return set(self.ids.get(doc_id))


def _keep_max(into: dict[int, float], scores: dict[int, float]) -> None:
    for d, s in scores.items():
        if s > into.get(d, 0.0):
            into[d] = s


def _add(into: dict[int, float], scores: dict[int, float]) -> None:
    for d, s in scores.items():
        into[d] = into.get(d, 0.0) + s
