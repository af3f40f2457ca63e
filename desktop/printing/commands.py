"""``python -m desktop export-pdf DOC_ID EID [EID …] -o out.pdf`` (registered by :mod:`desktop.cli`).

Works without a display (Qt's offscreen platform).  Unknown documents or
units and an empty selection exit with code 2, a file that cannot be written
with code 1; in every error case no PDF (not even a partial one) is left.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from desktop import paths

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def _error(message: str) -> None:
    print(f"오류: {message}", file=sys.stderr)


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"날짜는 YYYY-MM-DD 형식이어야 합니다: {value}") from None


def cmd_export_pdf(args: argparse.Namespace) -> int:
    """Export the chosen units of one document as PDF."""
    from desktop.core.catalog import CatalogError
    from desktop.core.library import Library
    from desktop.core.parsing import ParseError
    from desktop.printing import annotations as notes
    from desktop.printing.compose import PrintOptions
    from desktop.printing.export import ExportError, check_target, export_units
    from desktop.printing.selection import SelectionError

    if not args.output:
        _error("저장할 PDF 파일을 -o 파일.pdf 로 지정해 주세요.")
        return EXIT_USAGE
    try:
        library = Library.load(args.seeds or paths.seeds_dir())
    except (CatalogError, ParseError, OSError) as exc:
        _error(f"문서를 읽을 수 없습니다: {exc}")
        return EXIT_ERROR
    if args.doc_id not in library:
        _error(f"문서 '{args.doc_id}'이(가) 없습니다. 목록: {', '.join(library.ids)}")
        return EXIT_USAGE
    wants_annotations = args.with_notes or args.with_highlights or args.bookmarks
    snapshot, warning = notes.load(args.data_dir) if wants_annotations else (notes.EMPTY, "")
    if warning:
        print(f"경고: {warning}", file=sys.stderr)
    refs = [(args.doc_id, eid) for eid in args.eids]
    if args.bookmarks:
        refs += [ref for ref in snapshot.bookmarks if ref[0] == args.doc_id]
    if not refs:
        _error("인쇄할 조문이 없습니다. 조문 eid 를 하나 이상 지정해 주세요 "
               f"(python -m desktop outline {args.doc_id} 로 확인).")
        return EXIT_USAGE
    options = PrintOptions(
        highlights=args.with_highlights, notes=args.with_notes, tables=not args.no_tables,
        note_style="footnote" if args.footnotes else "box", paper=args.paper, landscape=args.landscape,
    )
    try:
        check_target(args.output)
        pages = export_units(library, refs, args.output, options, snapshot, args.date)
    except SelectionError as exc:
        _error(str(exc))
        return EXIT_USAGE
    except ExportError as exc:
        _error(str(exc))
        return EXIT_ERROR
    print(f"{args.output}: {pages}쪽")
    return EXIT_OK


def register(subparsers, add_common: Callable[[argparse.ArgumentParser], None]) -> None:
    """Add ``export-pdf`` to the main parser."""
    p = subparsers.add_parser("export-pdf", help="조문 발췌를 PDF로 저장 (화면 없이도 동작)")
    p.add_argument("doc_id", help="문서 id (python -m desktop docs)")
    p.add_argument("eids", nargs="*", help="조문 eid (art_8, art_8__para_1 …); 상위 단위가 있으면 하위는 합쳐짐")
    p.add_argument("-o", "--output", type=Path, help="저장할 PDF 파일")
    p.add_argument("--with-notes", action="store_true", help="메모 포함 (단위 아래 상자)")
    p.add_argument("--footnotes", action="store_true", help="메모를 상자 대신 번호 붙은 각주로")
    p.add_argument("--with-highlights", action="store_true", help="형광펜 포함")
    p.add_argument("--bookmarks", action="store_true", help="이 문서의 책갈피한 조문도 포함")
    p.add_argument("--no-tables", action="store_true", help="신구조문대비표 등 표 생략")
    p.add_argument("--paper", choices=["A4", "B5", "Letter"], default="A4", help="용지 (기본 A4)")
    p.add_argument("--landscape", action="store_true", help="가로 방향")
    p.add_argument("--date", type=_date, default=None, help="바닥글의 인쇄일 (YYYY-MM-DD, 기본: 오늘)")
    p.add_argument("--data-dir", type=Path, default=None,
                   help="메모 저장 폴더 (기본: 사용자 데이터 폴더, 환경 변수 ORDINANCE_READER_DATA)")
    add_common(p)
    p.set_defaults(func=cmd_export_pdf)
