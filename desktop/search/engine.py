"""The search facade the UI and CLI call: ``SearchEngine.open(...).search(...)``.

Stages: citation look-up (``제8조제2항``, ``파주 8조``) first; then every word
must match (Whoosh BM25F over bigram terms, 조 제목 boosted); then, only if
fewer than ``limit`` places were found, ranked partial matches.  Candidates
are re-scored in Python for literal/phrase adjacency (cheaper than Whoosh
phrase queries) and grouped by article, so ten hits are ten places.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, Field
from whoosh import scoring
from whoosh.query import And, AndMaybe, Or, Query, Term

from desktop.search import citations
from desktop.search.highlight import find_spans, snippet
from desktop.search.indexer import check_fresh, open_whoosh, read_manifest
from desktop.search.query import ParsedQuery, Word, parse_query, squash

log = logging.getLogger(__name__)

BODY, HEADING, DOCNAME = "body", "heading", "docname"
HEADING_BOOST = 1.5
PREFIX_EXPANSION = 24
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

    def __init__(self, ix, manifest: dict) -> None:
        self.ix = ix
        self.manifest = manifest
        self.documents = [dict(d, forms=citations.name_forms(d["title"], d.get("municipality", ""), d["id"]))
                          for d in manifest["documents"]]
        self.doc_ids = {d["id"] for d in self.documents}
        self._lock = threading.RLock()
        self._searcher = ix.searcher(weighting=scoring.BM25F(B=0.75, K1=1.2))
        self._prefix_cache: dict[str, list[str]] = {}

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
        return cls(open_whoosh(index_dir), manifest)

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
            if pq.words:
                for tier in (self._strict_query, self._partial_query, self._loose_query):
                    if len(hits) >= limit:
                        break
                    q = tier(pq)
                    if q is None:
                        continue
                    for hit in self._ranked(q, pq, doc, limit):
                        key = (hit.doc_id, hit.article_eid)
                        if key not in seen:
                            seen.add(key)
                            hits.append(hit)
            return hits[:limit]

    # ------------------------------------------------------------ query building

    def _expand_prefix(self, prefix: str) -> list[str]:
        """Index terms starting with ``prefix`` (most frequent first), cached."""
        if prefix not in self._prefix_cache:
            reader = self._searcher.reader()
            terms = [t for t in reader.expand_prefix(BODY, prefix) if t != prefix]
            terms = [t.decode() if isinstance(t, bytes) else t for t in terms]
            terms.sort(key=lambda t: -reader.doc_frequency(BODY, t))
            if len(self._prefix_cache) > 2048:
                self._prefix_cache.clear()
            self._prefix_cache[prefix] = terms[:PREFIX_EXPANSION]
        return self._prefix_cache[prefix]

    def _word_query(self, w: Word) -> Query:
        alts: list[Query] = [_and([Term(BODY, t) for t in alt]) for alt in w.alts]
        if w.prefix:
            alts += [Term(BODY, t, boost=0.6) for t in self._expand_prefix(w.prefix)]
        if getattr(w, "docname", False):
            alts += [_and([Term(DOCNAME, t, boost=0.5) for t in alt]) for alt in w.alts]
        return alts[0] if len(alts) == 1 else Or(alts)

    def _boosts(self, pq: ParsedQuery) -> Query | None:
        qs: list[Query] = []
        for w in pq.words:
            for t in w.alts[0]:
                qs.append(Term(HEADING, t, boost=HEADING_BOOST))
            qs += [Term(BODY, t, boost=0.5) for t in w.optional]
            if w.soft:
                qs += [Term(BODY, t) for t in w.alts[0]]
        qs += [Term(BODY, t, boost=0.5) for t in pq.junctions]
        return Or(qs) if qs else None

    def _strict_query(self, pq: ParsedQuery) -> Query | None:
        required = [self._word_query(w) for w in pq.required]
        if not required:
            return None
        main = _and(required)
        boosts = self._boosts(pq)
        return AndMaybe(main, boosts) if boosts is not None else main

    def _partial_query(self, pq: ParsedQuery) -> Query | None:
        if len(pq.required) < 2:
            return None
        return Or([self._word_query(w) for w in pq.words])

    def _loose_query(self, pq: ParsedQuery) -> Query | None:
        terms = {t for w in pq.words for alt in w.alts for t in alt}
        multi = any(len(alt) > 1 for w in pq.words for alt in w.alts)
        if not multi and len(pq.required) < 2:
            return None
        return Or([Term(BODY, t) for t in sorted(terms)])

    def _attach_doc_names(self, pq: ParsedQuery) -> ParsedQuery:
        """Words naming a document (``파주``, ``여수시``) may also match through the document's name."""
        for w in pq.words:
            key = squash(strip_particle_word(w.raw))
            if len(key) >= 2 and any(key in d["forms"] for d in self.documents):
                w.docname = True  # type: ignore[attr-defined]
        return pq

    # ------------------------------------------------------------ ranking

    def _ranked(self, q: Query, pq: ParsedQuery, doc: str | None, limit: int) -> list[Hit]:
        mask = Or([self._word_query(w) for w in pq.excluded]) if pq.excluded else None
        flt = Term("doc_id", doc) if doc else None
        k = max(60, limit * 8)
        results = self._searcher.search(q, limit=k, filter=flt, mask=mask)
        groups: dict[tuple[str, str], list] = {}
        for r in results:
            f = r.fields()
            text, heading = f.get("text", ""), f.get("heading_text", "")
            flat = squash(heading + " " + text)
            if pq.phrases and not all(p in flat for p in pq.phrases):
                continue
            score = r.score * _literal_factor(pq, squash(heading), squash(text))
            groups.setdefault((f["doc_id"], f["article"]), []).append((score, f))
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
        cit = citations.parse_citation(pq.text)
        if cit is None:
            return []
        chosen, unused = citations.match_documents(cit.doc_words, self.documents)
        if doc:
            chosen = [doc]
        elif not chosen:
            chosen = [d["id"] for d in self.documents]
            if unused:  # "정의 제2조": keep the words as a search
                pass
        hits = []
        for doc_id in chosen:
            hit = self._unit_hit(doc_id, cit.eid)
            if hit is not None:
                hits.append(hit)
        # Words that named the document or the citation no longer need to match.
        rest = " ".join([*unused, cit.rest]).strip()
        consumed = parse_query(rest + (" " if pq.text.endswith(" ") else ""))
        pq.words, pq.junctions = consumed.words, consumed.junctions
        return hits

    def _unit_hit(self, doc_id: str, eid: str) -> Hit | None:
        """The unit a citation names (its first unit when it has several), else its article."""
        top = eid.split("__")[0]
        q = And([Term("doc_id", doc_id), Term("article", top)])
        rows = [self._searcher.stored_fields(n) for n in sorted(self._searcher.docs_for_query(q))]
        parts = eid.split("__")
        for depth in range(len(parts), 0, -1):
            target = "__".join(parts[:depth])
            if target == "suppl__art":
                continue
            inside = [r for r in rows if r["eid"] == target or r["eid"].startswith(target + "__")]
            if inside:
                f = inside[0]
                hit = self._hit(f, CITATION_SCORE, len({r["eid"] for r in inside}) - 1, ParsedQuery(text=""))
                hit.eid = target
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


def strip_particle_word(raw: str) -> str:
    from desktop.search.analysis import strip_particle

    return strip_particle(raw)[0]


def _and(qs: list[Query]) -> Query:
    return qs[0] if len(qs) == 1 else And(qs)


def _literal_factor(pq: ParsedQuery, heading: str, text: str) -> float:
    """Bonus for words present literally (adjacent), the whole query as a phrase, and 조 제목 hits."""
    words = pq.required or pq.words
    if not words:
        return 1.0
    both = heading + text
    lit = sum(1 for w in words if any(lit and lit in both for lit in w.literals)) / len(words)
    factor = 1 + 0.4 * lit
    if len(words) > 1:
        for combo in _joined_literals(words):
            if combo in both:
                factor += 0.5
                break
    if heading:
        in_head = sum(1 for w in words if any(lit and lit in heading for lit in w.literals)) / len(words)
        factor += 0.6 * in_head
        if any(heading == combo for combo in _joined_literals(words)):
            factor += 0.6
    return factor


def _text_words(pq: ParsedQuery, text: str) -> int:
    return sum(1 for w in pq.words if any(lit and lit in text for lit in w.literals))


def _joined_literals(words: list[Word]) -> list[str]:
    """The query's words joined without spaces (first literal of each), plus the stems' join."""
    first = "".join(w.literals[0] if w.literals else squash(w.raw) for w in words)
    raw = "".join(squash(w.raw) for w in words)
    return [first] if first == raw else [first, raw]
