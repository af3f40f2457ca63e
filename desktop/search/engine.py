"""The search facade the UI and CLI call: ``SearchEngine.open(...).search(...)``.

Stages: citation look-up (``제8조제2항``, ``파주 8조``) first; then every word
must match (BM25 over bigram terms, see :mod:`desktop.search.scorer`, 조 제목
boosted); then, only if fewer than ``limit`` places were found, ranked partial
matches.  Candidates are re-scored for literal adjacency (cheaper than Whoosh
phrase queries) and grouped by article, so ten hits are ten places.
"""

from __future__ import annotations

import heapq
import logging
import re
import threading
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, Field

from desktop.search import citations
from desktop.search.analysis import strip_particle
from desktop.search.highlight import find_spans, snippet
from desktop.search.indexer import (
    IndexCorrupt,
    IndexUnavailable,
    check_fresh,
    open_whoosh,
    read_lengths,
    read_manifest,
    release,
)
from desktop.search.query import ParsedQuery, Word, parse_query, squash
from desktop.search.scorer import Scorer

log = logging.getLogger(__name__)

BODY = "body"
PREFIX_EXPANSION = 16
CITATION_SCORE = 1000.0


class Hit(BaseModel):
    """One place in one document (the best matching unit of an article)."""

    doc_id: str
    eid: str
    article_eid: str
    citation: str
    heading: str = ""
    snippet: str = ""
    spans: list[tuple[int, int]] = Field(default_factory=list)  # in ``text``
    score: float = 0.0
    kind: str = ""
    more_in_article: int = 0
    row: int | None = None  # table row of ``eid`` when the unit is a row
    text: str = ""  # the unit's own text (what ``spans`` index)

    def brief(self) -> dict:
        """The CLI's ``--json`` fields."""
        return self.model_dump(include={"doc_id", "eid", "citation", "heading", "snippet", "spans", "score"})


class SearchEngine:
    """Read-only search over a prebuilt index; thread-safe; ``search`` never raises."""

    def __init__(self, ix, manifest: dict, lengths: list[int]) -> None:
        self.ix = ix
        self.manifest = manifest
        self.documents = [dict(d, forms=citations.name_forms(d["title"], d.get("municipality", ""), d["id"]))
                          for d in manifest["documents"]]
        self.doc_ids = {d["id"] for d in self.documents}
        self._lock = threading.RLock()
        self._searcher = ix.searcher()
        self._reader = self._searcher.reader()
        self._scorer = Scorer(self._reader, lengths)
        self._prefix_cache: dict[str, list[str]] = {}
        self._fields: dict[int, dict] = {}

    @classmethod
    def open(cls, index_dir: str | Path | None = None, library: Iterable | None = None, *,
             sources_dir: str | Path | None = None) -> SearchEngine:
        """Open ``index_dir`` (default: the shipped ``index/``), checking it against ``library``/sources.

        Raises :class:`~desktop.search.indexer.IndexUnavailable` (missing, stale
        or corrupt) with a Korean message.
        """
        from desktop import paths

        index_dir = Path(index_dir) if index_dir else paths.index_dir()
        manifest = read_manifest(index_dir)
        check_fresh(manifest, documents=list(library) if library is not None else None, sources_dir=sources_dir)
        ix = open_whoosh(index_dir)
        try:
            return cls(ix, manifest, read_lengths(index_dir, ix.doc_count_all()))
        except IndexUnavailable as exc:
            error: IndexUnavailable = exc
        except Exception as exc:
            error = IndexCorrupt(f"검색 색인을 읽을 수 없습니다 ({type(exc).__name__}: {exc}).")
        release(ix)
        raise error

    def close(self) -> None:
        with self._lock:
            self._searcher.close()

    # ------------------------------------------------------------ public

    def search(self, query: str, doc: str | None = None, limit: int = 10) -> list[Hit]:
        """Best places for ``query`` (optionally in one document), best first; ``[]`` on any problem."""
        try:
            return self.search_strict(query, doc=doc, limit=limit)
        except Exception:  # pragma: no cover - a bug must not take the window down
            log.exception("search failed for %r", query)
            return []

    def search_strict(self, query: str, doc: str | None = None, limit: int = 10) -> list[Hit]:
        """:meth:`search` without the safety net (tests use it to see errors)."""
        limit = max(1, min(int(limit), 200))
        pq = parse_query(query)
        doc = doc or pq.doc
        if doc is not None and doc not in self.doc_ids:
            return []
        with self._lock:
            hits = self._citation_hits(pq, doc)
            pq = self._attach_doc_names(pq)
            seen = {(h.doc_id, h.article_eid) for h in hits}
            if not pq.words and not hits and pq.text.strip():
                pq = self._attach_doc_names(parse_query(query))  # a citation that named nothing: plain search
            if pq.words:
                allowed = self._scorer.doc_units(doc) if doc else None
                excluded = self._excluded(pq)
                for tier in (self._strict, self._partial, self._loose):
                    if len(hits) >= limit:
                        break
                    scores = tier(pq)
                    if not scores:
                        continue
                    for hit in self._ranked(scores, pq, limit - len(hits), allowed, excluded, seen):
                        seen.add((hit.doc_id, hit.article_eid))
                        hits.append(hit)
            return hits[:limit]

    def spans(self, query: str, text: str) -> list[tuple[int, int]]:
        """Where ``query``'s words occur in any ``text`` (for highlighting a whole article)."""
        try:
            pq = parse_query(query)
            with self._lock:
                prefix_terms = {w.prefix: self._expand_prefix(w.prefix) for w in pq.words if w.prefix}
            return find_spans(text or "", pq.words, prefix_terms, pq.phrases)
        except Exception:  # pragma: no cover
            log.exception("spans failed for %r", query)
            return []

    # ------------------------------------------------------------ candidates

    def _expand_prefix(self, prefix: str) -> list[str]:
        """Index terms starting with ``prefix`` (most frequent first), cached."""
        if prefix not in self._prefix_cache:
            terms = [t.decode() if isinstance(t, bytes) else t for t in self._reader.expand_prefix(BODY, prefix)]
            terms = [t for t in terms if t != prefix]
            terms.sort(key=lambda t: -self._reader.doc_frequency(BODY, t))
            if len(self._prefix_cache) > 2048:
                self._prefix_cache.clear()
            self._prefix_cache[prefix] = terms[:PREFIX_EXPANSION]
        return self._prefix_cache[prefix]

    def _word(self, w: Word) -> dict[int, float]:
        return self._scorer.word_scores(w, self._expand_prefix(w.prefix) if w.prefix else [], w.docname)

    def _excluded(self, pq: ParsedQuery) -> set[int]:
        out: set[int] = set()
        for w in pq.excluded:
            out.update(self._word(w))
        return out

    def _strict(self, pq: ParsedQuery) -> dict[int, float]:
        """Units matching every (non-soft) word, BM25 summed, plus boosts."""
        per_word = sorted((self._word(w) for w in pq.required), key=len)
        if not per_word or not per_word[0]:
            return {}
        docs = set(per_word[0])
        for scores in per_word[1:]:
            docs.intersection_update(scores)
        total = {d: sum(scores[d] for scores in per_word) for d in docs}
        for d, s in self._scorer.boosts(pq, docs).items():
            total[d] += s
        return total

    def _partial(self, pq: ParsedQuery) -> dict[int, float]:
        """Units matching some words, scaled by the share of words matched."""
        if len(pq.required) < 2:
            return {}
        per_word = [self._word(w) for w in pq.words]
        total: dict[int, float] = {}
        count: dict[int, int] = {}
        for scores in per_word:
            for d, s in scores.items():
                total[d] = total.get(d, 0.0) + s
                count[d] = count.get(d, 0) + 1
        n = len(per_word)
        return {d: s * count[d] / n for d, s in total.items()}

    def _loose(self, pq: ParsedQuery) -> dict[int, float]:
        """Units sharing any term (typos, half words), scaled by the share of terms matched."""
        terms = sorted({t for w in pq.words for t in w.alts[0]})
        if len(terms) < 2:
            return {}
        total: dict[int, float] = {}
        count: dict[int, int] = {}
        for t in terms:
            for d, s in self._scorer.term_scores(t).items():
                total[d] = total.get(d, 0.0) + s
                count[d] = count.get(d, 0) + 1
        n = len(terms)
        return {d: s * (count[d] / n) ** 2 for d, s in total.items() if count[d] > 1 or n <= 2}

    def _attach_doc_names(self, pq: ParsedQuery) -> ParsedQuery:
        """Words naming a document (``파주``, ``여수시``) may also match through the document's name."""
        for w in pq.words:
            key = squash(strip_particle(w.raw)[0])
            if len(key) >= 2 and any(key in d["forms"] for d in self.documents):
                w.docname = True
        return pq

    # ------------------------------------------------------------ ranking

    def _stored(self, docnum: int) -> dict:
        f = self._fields.get(docnum)
        if f is None:
            if len(self._fields) > 20000:
                self._fields.clear()
            f = self._fields[docnum] = self._searcher.stored_fields(docnum)
        return f

    def _ranked(self, scores: dict[int, float], pq: ParsedQuery, limit: int, allowed: set[int] | None,
                excluded: set[int], seen: set[tuple[str, str]]) -> list[Hit]:
        """The best ``limit`` new places among scored units (re-scored, grouped by article)."""
        if allowed is not None or excluded:
            scores = {d: s for d, s in scores.items() if (allowed is None or d in allowed) and d not in excluded}
        groups: dict[tuple[str, str], list] = {}
        k = max(60, limit * 8)
        checked = 0
        while True:
            top = heapq.nlargest(k, scores.items(), key=lambda x: x[1])
            for d, score in top[checked:]:
                f = self._stored(d)
                key = (f["doc_id"], f["article"])
                if key in seen:
                    continue
                text, heading = f.get("text", ""), f.get("heading_text", "")
                if pq.phrases and not all(p in squash(heading + " " + text) for p in pq.phrases):
                    continue
                score *= _literal_factor(pq, squash(heading), squash(text))
                if pq.boost_article and f["article"] == pq.boost_article:
                    score *= 2
                groups.setdefault(key, []).append((score, f))
            checked = len(top)
            if len(groups) >= limit * 2 or checked >= len(scores) or k >= 20000:
                break
            k *= 4
        ranked = []
        for units in groups.values():
            best = max(u[0] for u in units)
            # Show the unit whose own text holds most of the words (not a short item under a matching 제목).
            f = max(units, key=lambda u: (_text_words(pq, squash(u[1].get("text", ""))), u[0]))[1]
            ranked.append((best * (1 + 0.04 * min(len(units) - 1, 5)), f, len(units) - 1))
        ranked.sort(key=lambda x: (-x[0], x[1]["doc_id"], x[1]["eid"]))
        return [self._hit(f, score, more, pq) for score, f, more in ranked[:limit]]

    def _hit(self, f: dict, score: float, more: int, pq: ParsedQuery) -> Hit:
        text = f.get("text", "")
        prefix_terms = {w.prefix: self._expand_prefix(w.prefix) for w in pq.words if w.prefix}
        spans = find_spans(text, pq.words, prefix_terms, pq.phrases)
        row = f.get("row", -1)
        return Hit(doc_id=f["doc_id"], eid=f["eid"], article_eid=f["article"], citation=f.get("citation", ""),
                   heading=f.get("heading_text", ""), snippet=snippet(text, spans), spans=spans,
                   score=round(float(score), 4), kind=f.get("kind", ""), more_in_article=more,
                   row=row if row is not None and row >= 0 else None, text=text)

    # ------------------------------------------------------------ citations

    def _citation_hits(self, pq: ParsedQuery, doc: str | None) -> list[Hit]:
        """Units a citation names, first; the words it used up are removed from ``pq``."""
        cit = citations.parse_citation(pq.text)
        if cit is None:
            return []
        chosen, unused = citations.match_documents(cit.doc_words, self.documents)
        if doc:
            chosen = [doc]
        if not chosen and (unused or cit.rest or cit.doc_words):
            # "법 제30조", "제8조 위원회": no document named, so a text search that favours that article.
            pq.boost_article = cit.eid.split("__")[0]
            return []
        hits = []
        for doc_id in chosen or [d["id"] for d in self.documents]:
            # With no document named, only documents that have that very unit (not just its article).
            hit = self._unit_hit(doc_id, cit.eid, exact=not chosen)
            if hit is not None:
                hits.append(hit)
        rest = " ".join([*unused, cit.rest]).strip()
        if not rest and cit.text != "부칙":  # then list where the citation is mentioned (안 제7조제4호 …)
            rest = f'"{cit.text}"'
        consumed = parse_query(rest + (" " if pq.text.endswith(" ") else ""))
        pq.words, pq.junctions, pq.phrases = consumed.words, consumed.junctions, consumed.phrases
        return hits

    def _unit_hit(self, doc_id: str, eid: str, exact: bool = False) -> Hit | None:
        """The unit a citation names (its first unit when it has several), else (unless ``exact``) its article."""
        top = eid.split("__")[0]
        docs = self._scorer.doc_units(doc_id)
        rows = [self._stored(n) for n in sorted(docs & set(self._scorer.articles.get(top)))]
        parts = eid.split("__")
        for depth in range(len(parts), len(parts) - 1 if exact else 0, -1):
            target = "__".join(parts[:depth])
            if target == "suppl__art":
                continue
            inside = [r for r in rows if r["eid"] == target or r["eid"].startswith(target + "__")]
            if inside:
                f = inside[0]
                hit = self._hit(f, CITATION_SCORE, 0, ParsedQuery(text=""))
                hit.eid, hit.kind = target, "citation"
                if f["eid"] != target:
                    hit.citation = _cut_citation(f["citation"], f["eid"], target)
                return hit
        return None


_CITE_PIECE = re.compile(r"(?:제\d+(?:조|항|호)(?:의\d+)?|[가-하]목)")


def _cut_citation(citation: str, eid: str, target: str) -> str:
    """``…제8조제1항`` (unit ``art_8__para_1``) → ``…제8조`` (``art_8``)."""
    drop = eid.count("__") - target.count("__")
    for _ in range(drop):
        pieces = list(_CITE_PIECE.finditer(citation))
        if not pieces or pieces[-1].end() != len(citation):
            break
        citation = citation[: pieces[-1].start()].rstrip()
    return citation


def _presence(w: Word, text: str) -> float:
    """1 when the word occurs literally in ``text``, less when only in pieces or as its stem, else 0."""
    if any(lit and lit in text for lit in w.literals):
        return 1.0
    if any(alt and all(p in text for p in alt) for alt in w.pieces + w.loose_pieces):
        return 0.6  # a synonym split in two, or the compound cut in two (위원회의 구성)
    return 0.5 if any(lit and lit in text for lit in w.weak_literals) else 0.0


def _fragmented(w: Word) -> bool:
    """A word whose terms are mostly single characters/numbers (``제30조``, ``15명``)."""
    terms = w.alts[0]
    return len(terms) > 1 and sum(1 for t in terms if len(t) == 1 or t.isdigit()) * 2 >= len(terms)


def _literal_factor(pq: ParsedQuery, heading: str, text: str) -> float:
    """Bonus for words present literally (adjacent), the whole query as a phrase, and 조 제목 hits."""
    words = pq.required or pq.words
    if not words:
        return 1.0
    both = heading + text
    presence = [_presence(w, both) for w in words]
    factor = 1 + 0.4 * sum(presence) / len(words)
    for w, p in zip(words, presence, strict=True):
        if not p and _fragmented(w):  # 제30조, 3분의, 15명: their pieces alone say little
            factor *= 0.3
    if len(words) > 1:
        for combo in _joined_literals(words):
            if combo in both:
                factor += 0.5
                break
    if heading:
        factor += 0.6 * sum(_presence(w, heading) for w in words) / len(words)
        if any(heading == combo for combo in _joined_literals(words)):
            factor += 0.6
    return factor


def _text_words(pq: ParsedQuery, text: str) -> float:
    return sum(_presence(w, text) for w in pq.words)


def _joined_literals(words: list[Word]) -> list[str]:
    """The query's words joined without spaces (first literal of each), plus the stems' join."""
    first = "".join(w.literals[0] if w.literals else squash(w.raw) for w in words)
    raw = "".join(squash(w.raw) for w in words)
    return [first] if first == raw else [first, raw]
