"""Helpers of ``search_bench.py``: corpora, scoring, timing, the SQLite FTS5 baseline."""

from __future__ import annotations

import json
import math
import sqlite3
import statistics
import sys
import time
from pathlib import Path

from desktop.core.model import Document
from desktop.search.units import iter_units

K = 10


def load_queries(path: Path) -> list[dict]:
    return json.loads(Path(path).read_text(encoding="utf-8"))["queries"]


def load_seeds(folder: Path) -> list[Document]:
    """The seeds as the app loads them (the catalog's titles and metadata)."""
    from desktop.core.catalog import load_catalog
    from desktop.core.library import Library
    from desktop.core.parsing import parse_file

    try:
        return list(Library.load(folder))
    except Exception as exc:  # a parser still being written: use what parses
        print(f"  library load failed ({type(exc).__name__}); loading documents one by one", file=sys.stderr)
    docs = []
    for entry in load_catalog(folder):
        try:
            doc = parse_file(entry.path(folder), doc_id=entry.id)
        except Exception as exc:
            print(f"  skipped {entry.id}: {type(exc).__name__}", file=sys.stderr)
            continue
        doc.title, doc.kind, doc.metadata = entry.title, entry.kind, {**doc.metadata, **entry.metadata()}
        docs.append(doc)
    return docs


def parse_corpus(paths: list[Path]) -> list[Document]:
    """Parse corpus files; files the parsers reject are reported and skipped."""
    from desktop.core.parsing import parse_file

    docs, failed = [], []
    for path in paths:
        prefix = "" if path.parent.name == "statutes" else f"{path.parent.name}-"
        try:
            docs.append(parse_file(path, doc_id=f"{prefix}{path.stem}"))
        except Exception as exc:
            failed.append(f"{path.name}: {type(exc).__name__}")
    if failed:
        print(f"  skipped {len(failed)} files: {', '.join(failed[:5])}", file=sys.stderr)
    return docs


def scale_corpus(docs: list[Document], min_articles: int) -> list[Document]:
    """Copies of ``docs`` under new ids until there are at least ``min_articles`` articles."""
    per_round = sum(1 for d in docs for n in d.walk() if n.kind.value == "article") or 1
    rounds = max(1, math.ceil(min_articles / per_round))
    return [d.model_copy(update={"id": f"{d.id}-x{k}", "title": f"{d.title} 사본{k}" if k else d.title})
            for k in range(rounds) for d in docs]


def matches(hit, target: str) -> bool:
    doc, _, art = target.partition("#")
    return hit.doc_id == doc and (not art or hit.eid == art or hit.eid.startswith(art + "__"))


def evaluate(search, queries: list[dict]) -> dict:
    """MRR and recall@10 at article level; ``misses`` lists imperfect queries."""
    rr, recall, misses = [], [], []
    for q in queries:
        hits = search(q["q"], limit=K)
        rank = next((i + 1 for i, h in enumerate(hits) if any(matches(h, t) for t in q["rel"])), None)
        rr.append(1 / rank if rank else 0.0)
        found = sum(1 for t in q["rel"] if any(matches(h, t) for h in hits[:K]))
        recall.append(found / len(q["rel"]))
        if rank != 1 or found < len(q["rel"]):
            misses.append(f"{q['q']} (rank {rank}, {found}/{len(q['rel'])})")
    return {"mrr": statistics.fmean(rr), "recall": statistics.fmean(recall), "misses": misses}


def prefixes(queries: list[str]) -> list[str]:
    """Every as-you-type prefix of every query: 위, 위원, 위원회, 위원회 구 …"""
    out: list[str] = []
    for q in queries:
        for i in range(1, len(q) + 1):
            p = q[:i]
            if p.strip() and not p.endswith(" ") and p not in out:
                out.append(p)
    return out


def latency(search, queries: list[str], rounds: int = 3) -> dict:
    """p50/p95 in ms: ``cold`` = the first pass on a fresh engine, then ``rounds`` warm passes."""
    def pct(times: list[float]) -> tuple[float, float]:
        times = sorted(times)
        return times[len(times) // 2], times[min(len(times) - 1, int(len(times) * 0.95))]

    cold, warm = [], []
    for q in queries:
        t = time.perf_counter()
        search(q, limit=K)
        cold.append((time.perf_counter() - t) * 1000)
    for _ in range(rounds):
        for q in queries:
            t = time.perf_counter()
            search(q, limit=K)
            warm.append((time.perf_counter() - t) * 1000)
    (p50, p95), (c50, c95) = pct(warm), pct(cold)
    return {"p50": p50, "p95": p95, "cold_p50": c50, "cold_p95": c95}


def dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())


class _Hit:
    __slots__ = ("doc_id", "eid")

    def __init__(self, doc_id: str, eid: str) -> None:
        self.doc_id, self.eid = doc_id, eid


class Fts5Baseline:
    """The same units in SQLite FTS5 (trigram tokenizer), bm25-ranked, grouped by article."""

    def __init__(self, docs: list[Document]) -> None:
        t = time.perf_counter()
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE u USING fts5(doc_id UNINDEXED, eid UNINDEXED, article UNINDEXED, "
                        "heading, text, tokenize='trigram')")
        rows = ((u.doc_id, u.eid, u.article, u.heading, u.text) for d in docs for u in iter_units(d))
        self.db.executemany("INSERT INTO u VALUES (?,?,?,?,?)", rows)
        self.db.commit()
        self.build_secs = time.perf_counter() - t
        pages = self.db.execute("PRAGMA page_count").fetchone()[0]
        self.size = pages * self.db.execute("PRAGMA page_size").fetchone()[0]

    def search(self, query: str, limit: int = K) -> list[_Hit]:
        words = [w.strip('"') for w in query.split() if w.strip('"') and w not in ("AND", "OR", "NOT", "-")]
        long = [w for w in words if len(w) >= 3]
        short = [w for w in words if len(w) < 3]
        where, params = [], []
        if long:
            where.append("u MATCH ?")
            params.append(" AND ".join('"' + w.replace('"', '""') + '"' for w in long))
        for w in short:
            where.append("(heading || ' ' || text) LIKE ?")
            params.append(f"%{w}%")
        if not where:
            return []
        order = "ORDER BY bm25(u)" if long else ""
        sql = f"SELECT doc_id, eid, article FROM u WHERE {' AND '.join(where)} {order} LIMIT 200"
        try:
            rows = self.db.execute(sql, params).fetchall()
        except sqlite3.Error:
            return []
        seen, hits = set(), []
        for doc_id, eid, article in rows:
            if (doc_id, article) not in seen:
                seen.add((doc_id, article))
                hits.append(_Hit(doc_id, eid))
                if len(hits) == limit:
                    break
        return hits
