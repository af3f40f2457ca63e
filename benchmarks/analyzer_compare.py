"""Analyzer-only comparison on a plain Whoosh pipeline (benchmark only, not the app's engine).

    .venv/bin/python benchmarks/analyzer_compare.py

Every design indexes the same units into Whoosh and answers with the same
simple pipeline (BM25F; all terms AND-ed, OR-ed when that finds fewer than
ten places; grouped by article), so only the analyzer differs:

- ``standard``: Whoosh's StandardAnalyzer (whitespace/word tokens);
- ``bigram`` / ``bigram-junction``: the app's analyzers;
- ``kiwi``: kiwipiepy morphemes (nouns, roots, Latin, numbers) with a small
  user dictionary — only if kiwipiepy is installed under
  ``benchmarks/out/kiwi-pkgs`` (``pip install --target benchmarks/out/kiwi-pkgs
  kiwipiepy``); its ~100 MB model rules it out of the 120 MB bundle, so it is
  never an app dependency.

Writes ``benchmarks/results/analyzers.md``.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
KIWI_DIR = ROOT / "benchmarks" / "out" / "kiwi-pkgs"

from bench_support import evaluate, load_queries, load_seeds, parse_corpus  # noqa: E402

from desktop.search.plain import PlainSearch, TermsTokenizer, named_analyzer  # noqa: E402

SHARED = ROOT.parent / "shared"
USER_WORDS = ["인공지능", "위원회", "고영향", "생성형", "재적위원", "위촉직", "심의위원회", "서울톡", "챗봇", "부시장"]
KEEP_TAGS = ("NNG", "NNP", "NNB", "NR", "SL", "SN", "SH", "XR", "VV", "VA")


_KIWI = None


def kiwi():
    global _KIWI
    if _KIWI is None:
        sys.path.insert(0, str(KIWI_DIR))
        from kiwipiepy import Kiwi

        _KIWI = Kiwi()
        for word in USER_WORDS:
            _KIWI.add_user_word(word, "NNP", 10.0)
    return _KIWI


def kiwi_terms(text: str) -> list[tuple[str, int, int]]:
    """Kiwi morphemes worth indexing (nouns, roots, verb/adjective stems, Latin, numbers)."""
    if not text.strip():
        return []
    return [(t.form.lower(), t.start, t.start + t.len) for t in kiwi().tokenize(text) if t.tag.startswith(KEEP_TAGS)]


def analyzers() -> dict:
    out = {name: named_analyzer(name) for name in ("standard", "bigram", "bigram-junction")}
    try:
        kiwi()
        out["kiwi"] = TermsTokenizer(kiwi_terms)
    except Exception as exc:
        print(f"kiwi: not available ({type(exc).__name__}: {exc})", file=sys.stderr)
    return out


def timed(fn, queries):
    times = []
    for q in queries:
        t = time.perf_counter()
        fn(q)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))]


def main() -> int:
    seeds = load_seeds(ROOT / "seeds")
    statutes = parse_corpus(sorted((SHARED / "corpus" / "statutes").glob("*.md")))
    dev = load_queries(SHARED / "eval" / "dev-queries.json")
    hard = load_queries(ROOT / "benchmarks" / "queries" / "hard-queries.json")
    lines = ["# Analyzer-only comparison (plain Whoosh pipeline)", "",
             "Same units, same pipeline (BM25F, AND then OR, grouped by article); only the analyzer differs. "
             "(b) adds the statutes as distractors (targets judged on the seeds only).", "",
             "| analyzer | corpus | dev MRR | dev R@10 | hard MRR | hard R@10 | build s | dev p50/p95 ms | "
             "analysis ms/query |", "|---|---|---|---|---|---|---|---|---|"]
    for name, ana in analyzers().items():
        for tag, docs in (("a", seeds), ("b", seeds + statutes)):
            with tempfile.TemporaryDirectory() as tmp:
                plain = PlainSearch(docs, ana, Path(tmp))
                d, h = evaluate(plain.search, dev), evaluate(plain.search, hard)
                p50, p95 = timed(plain.search, [q["q"] for q in dev])
                a50, _ = timed(lambda q, ana=ana: list(ana(q)), [q["q"] for q in dev + hard])
                plain.close()
            line = (f"| {name} | ({tag}) | {d['mrr']:.3f} | {d['recall']:.3f} | {h['mrr']:.3f} | {h['recall']:.3f} | "
                    f"{plain.build_secs:.1f} | {p50:.1f}/{p95:.1f} | {a50:.2f} |")
            print(line, flush=True)
            lines.append(line)
    out = ROOT / "benchmarks" / "results" / "analyzers.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"written to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
