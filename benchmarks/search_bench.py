"""Search benchmark: quality per analyzer design, latency per corpus, SQLite FTS5 baseline.

    .venv/bin/python benchmarks/search_bench.py [--quick] [--designs bigram,bigram-junction]

Quality: MRR and recall@10 at article level on ``shared/eval/dev-queries.json``
and ``benchmarks/queries/hard-queries.json``.  Latency: p50/p95 of the dev
queries and of their as-you-type prefixes on (a) the seeds, (b) seeds + every
statute in ``shared/corpus/statutes``, (c) ≥10,000 articles replicated from
``shared/corpus``; the same units indexed in SQLite FTS5 (trigram) in the
same run.  Prints a report and writes it to ``benchmarks/results/search.md``.
No assertions: numbers only.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_support import (  # noqa: E402
    Fts5Baseline,
    dir_size,
    evaluate,
    latency,
    load_queries,
    load_seeds,
    parse_corpus,
    prefixes,
    scale_corpus,
)

from desktop.search.analysis import DESIGNS  # noqa: E402
from desktop.search.engine import SearchEngine  # noqa: E402
from desktop.search.indexer import build_index  # noqa: E402

SHARED = ROOT.parent / "shared"
OUT = ROOT / "benchmarks" / "out"
RESULTS = ROOT / "benchmarks" / "results" / "search.md"


def build(docs, name: str, design: str) -> tuple[SearchEngine, float, int, Path]:
    path = OUT / f"{name}-{design}"
    t = time.perf_counter()
    build_index(docs, path, design=design)
    secs = time.perf_counter() - t
    return SearchEngine.open(path), secs, dir_size(path), path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="skip the 10,000-article corpus")
    ap.add_argument("--designs", default=",".join(DESIGNS))
    ap.add_argument("--min-articles", type=int, default=10_000)
    args = ap.parse_args(argv)
    designs = [d for d in args.designs.split(",") if d]
    lines: list[str] = []

    def out(text: str = "") -> None:
        print(text, flush=True)
        lines.append(text)

    seeds = load_seeds(ROOT / "seeds")
    dev = load_queries(SHARED / "eval" / "dev-queries.json")
    hard = load_queries(ROOT / "benchmarks" / "queries" / "hard-queries.json")
    typing = prefixes([q["q"] for q in dev])
    out("# Search benchmark")
    out()
    out(f"Seeds: {len(seeds)} documents; dev queries {len(dev)}, own harder queries {len(hard)}, "
        f"as-you-type prefixes {len(typing)}.")
    out()
    out("## Quality (article level), per analyzer design, corpus (a)")
    out()
    out("| design | dev MRR | dev R@10 | hard MRR | hard R@10 | build s | size KB |")
    out("|---|---|---|---|---|---|---|")
    failures: dict[str, list[str]] = {}
    engines = {}
    for design in designs:
        eng, secs, size, _ = build(seeds, "a", design)
        engines[design] = eng
        d = evaluate(eng.search, dev)
        h = evaluate(eng.search, hard)
        failures[design] = d["misses"] + h["misses"]
        out(f"| {design} | {d['mrr']:.3f} | {d['recall']:.3f} | {h['mrr']:.3f} | {h['recall']:.3f} | "
            f"{secs:.2f} | {size // 1024} |")
    fts = Fts5Baseline(seeds)
    d, h = evaluate(fts.search, dev), evaluate(fts.search, hard)
    out(f"| SQLite FTS5 trigram | {d['mrr']:.3f} | {d['recall']:.3f} | {h['mrr']:.3f} | {h['recall']:.3f} | "
        f"{fts.build_secs:.2f} | {fts.size // 1024} |")
    out()
    for design, misses in failures.items():
        if misses:
            out(f"Imperfect queries ({design}): " + "; ".join(misses))
            out()

    statutes = parse_corpus(sorted((SHARED / "corpus" / "statutes").glob("*.md")))
    out("## Quality with distractors: corpus (b) = seeds + statutes (same queries and targets)")
    out()
    out("Targets are judged on the seeds only, so statute articles that answer a query just as well count as "
        "misses for every system: compare the rows, not the absolute numbers.")
    out()
    out("| design | dev MRR | dev R@10 | hard MRR | hard R@10 |")
    out("|---|---|---|---|---|")
    misses_b = {}
    for design in designs:
        eng, _, _, _ = build(seeds + statutes, "b", design)
        d, h = evaluate(eng.search, dev), evaluate(eng.search, hard)
        out(f"| {design} | {d['mrr']:.3f} | {d['recall']:.3f} | {h['mrr']:.3f} | {h['recall']:.3f} |")
        misses_b[design] = d["misses"] + h["misses"]
        eng.close()
    fts = Fts5Baseline(seeds + statutes)
    d, h = evaluate(fts.search, dev), evaluate(fts.search, hard)
    out(f"| SQLite FTS5 trigram | {d['mrr']:.3f} | {d['recall']:.3f} | {h['mrr']:.3f} | {h['recall']:.3f} |")
    out()
    for design, misses in misses_b.items():
        out(f"Imperfect on (b), {design}: " + "; ".join(misses))
        out()

    corpora = [("a", "seeds", seeds), ("b", "seeds + statutes", seeds + statutes)]
    if not args.quick:
        anyang = parse_corpus(sorted((SHARED / "corpus" / "anyang").glob("*.md")))
        corpora.append(("c", f"≥{args.min_articles:,} articles", scale_corpus(statutes + anyang, args.min_articles)))

    out("## Latency (ms), p50 / p95, this 2-core machine (shared with other work while it ran)")
    out()
    out("Warm = after one pass over the same queries (posting lists cached); cold = that first pass on a "
        "freshly opened engine (typing prefixes in typing order).")
    out()
    out("| corpus | design | docs | articles | units | build s | size MB | dev p50 | dev p95 | typing p50 | "
        "typing p95 | cold dev p50/p95 | cold typing p50/p95 | FTS5 dev p50/p95 | FTS5 typing p50/p95 | "
        "ratio p95 dev / typing |")
    out("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for tag, label, docs in corpora:
        articles = sum(1 for doc in docs for n in doc.walk() if n.kind.value == "article")
        fts = Fts5Baseline(docs)
        fd, ft = latency(fts.search, [q["q"] for q in dev]), latency(fts.search, typing)
        for design in designs:
            eng, secs, size, path = build(docs, tag, design)
            ld = latency(eng.search, [q["q"] for q in dev])
            eng.close()
            eng = SearchEngine.open(path)  # cold again for the typing pass
            lt = latency(eng.search, typing)
            out(f"| ({tag}) {label} | {design} | {len(docs)} | {articles} | {eng.manifest['units']} | {secs:.1f} | "
                f"{size / 1e6:.1f} | {ld['p50']:.1f} | {ld['p95']:.1f} | {lt['p50']:.1f} | {lt['p95']:.1f} | "
                f"{ld['cold_p50']:.1f}/{ld['cold_p95']:.1f} | {lt['cold_p50']:.1f}/{lt['cold_p95']:.1f} | "
                f"{fd['p50']:.1f}/{fd['p95']:.1f} | {ft['p50']:.1f}/{ft['p95']:.1f} | "
                f"{ld['p95'] / max(fd['p95'], 1e-3):.1f}× / {lt['p95'] / max(ft['p95'], 1e-3):.1f}× |")
            eng.close()
        out(f"FTS5 ({tag}): build {fts.build_secs:.1f} s, {fts.size / 1e6:.1f} MB")
        out()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"\nwritten to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
