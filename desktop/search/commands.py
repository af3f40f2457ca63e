"""Search commands of the CLI: ``search`` and ``build-index`` (also ``check-index``).

Functions take plain arguments, print, and return exit codes; :func:`register`
adds them to the argparse sub-commands of :mod:`desktop.cli`.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def _err(message: str) -> None:
    print(f"오류: {message}", file=sys.stderr)


def _load_library(seeds: Path):
    from desktop.core.library import Library

    return Library.load(seeds)


def build_index_command(seeds: str | Path | None = None, index: str | Path | None = None, *,
                        quiet: bool = False) -> int:
    """Rebuild the index from the seeds (catalog + files); prints a one-line summary."""
    from desktop import paths
    from desktop.search.indexer import build_index, source_hashes

    seeds = Path(seeds) if seeds else paths.seeds_dir()
    index = Path(index) if index else paths.index_dir()
    t = time.perf_counter()
    try:
        library = _load_library(seeds)
        manifest = build_index(list(library), index, sources=source_hashes(seeds))
    except Exception as exc:
        _err(f"검색 색인을 만들 수 없습니다: {exc}")
        return EXIT_ERROR
    if not quiet:
        print(f"검색 색인을 만들었습니다: {index} (문서 {len(manifest['documents'])}개, "
              f"단위 {manifest['units']}개, {time.perf_counter() - t:.1f}초)")
    return EXIT_OK


def check_index_command(seeds: str | Path | None = None, index: str | Path | None = None, *,
                        rebuild: bool = False) -> int:
    """Exit 0 when the index matches the seeds; with ``rebuild``, rebuild it when it does not."""
    from desktop import paths
    from desktop.search.indexer import IndexUnavailable, check_fresh, open_whoosh, read_manifest

    seeds = Path(seeds) if seeds else paths.seeds_dir()
    index = Path(index) if index else paths.index_dir()
    try:
        manifest = read_manifest(index)
        check_fresh(manifest, sources_dir=seeds)
        check_fresh(manifest, documents=list(_load_library(seeds)))
        open_whoosh(index).close()
    except IndexUnavailable as exc:
        if rebuild:
            print(f"{exc} — 다시 만듭니다.")
            return build_index_command(seeds, index)
        _err(str(exc))
        return EXIT_ERROR
    except Exception as exc:
        _err(f"문서를 읽을 수 없습니다: {exc}")
        return EXIT_ERROR
    print(f"검색 색인이 최신입니다: {index}")
    return EXIT_OK


def search_command(query: str, doc: str | None = None, limit: int = 10, as_json: bool = False,
                   seeds: str | Path | None = None, index: str | Path | None = None) -> int:
    """Print the best places for ``query`` (``as_json``: a list of hit objects, best first)."""
    from desktop import paths
    from desktop.search.engine import SearchEngine
    from desktop.search.indexer import IndexUnavailable

    try:
        engine = SearchEngine.open(Path(index) if index else paths.index_dir(),
                                   sources_dir=Path(seeds) if seeds else paths.seeds_dir())
    except IndexUnavailable as exc:
        _err(str(exc))
        return EXIT_ERROR
    if doc and doc not in engine.doc_ids:
        _err(f"문서 '{doc}'이(가) 없습니다. 목록: {', '.join(sorted(engine.doc_ids))}")
        return EXIT_USAGE
    hits = engine.search(query, doc=doc, limit=limit)
    if as_json:
        print(json.dumps([h.brief() for h in hits], ensure_ascii=False, indent=1))
        return EXIT_OK
    if not hits:
        print("검색 결과가 없습니다.")
        return EXIT_OK
    for i, hit in enumerate(hits, 1):
        more = f"  (이 조에 {hit.more_in_article}곳 더)" if hit.more_in_article else ""
        print(f"{i:2}. {hit.citation}{more}  ⟨{hit.doc_id}#{hit.eid}⟩")
        if hit.snippet:
            print(f"    {hit.snippet}")
    return EXIT_OK


def register(sub, add_common) -> None:
    """Add ``search``, ``build-index`` and ``check-index`` to :mod:`desktop.cli`'s sub-parsers."""
    p = sub.add_parser("search", help="전문 검색")
    p.add_argument("query", nargs="+", help="검색어 (\"구절\", -제외어, doc:ID 사용 가능)")
    p.add_argument("--doc", help="이 문서 안에서만 검색")
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--json", action="store_true", help="JSON 목록으로 출력")
    p.add_argument("--index", type=Path, default=None, help="색인 폴더 (기본: 설치된 index/)")
    add_common(p)
    p.set_defaults(func=lambda a: search_command(" ".join(a.query), a.doc, a.limit, a.json, a.seeds, a.index))

    p = sub.add_parser("build-index", help="seeds/ 로부터 검색 색인(index/)을 다시 만듦")
    p.add_argument("--index", type=Path, default=None)
    add_common(p)
    p.set_defaults(func=lambda a: build_index_command(a.seeds, a.index))

    p = sub.add_parser("check-index", help="검색 색인이 문서와 맞는지 확인")
    p.add_argument("--index", type=Path, default=None)
    p.add_argument("--rebuild", action="store_true", help="맞지 않으면 다시 만듦")
    add_common(p)
    p.set_defaults(func=lambda a: check_index_command(a.seeds, a.index, rebuild=a.rebuild))
