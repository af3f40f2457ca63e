"""``python -m desktop notes list|add|delete|export|import|reanchor``.

Registered by :mod:`desktop.cli` through :func:`register`.  Every command
honours ``--data-dir`` (and the ``ORDINANCE_READER_DATA`` environment
variable).  Unknown documents or units, a quote not in the unit and an
unknown colour exit with code 2 and a Korean message; an unusable store or a
bad import file exits with code 1.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from desktop import paths
from desktop.annotations.errors import AnchorError, AnnotationError, NotFound
from desktop.annotations.models import AnchorStatus, AnnotationFilter, Color, Kind

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def _error(message: str) -> None:
    print(f"오류: {message}", file=sys.stderr)


def _open_store(args: argparse.Namespace):
    from desktop.annotations.store import AnnotationStore

    store = AnnotationStore(getattr(args, "data_dir", None))
    if store.recovery is not None:
        print(store.recovery.message, file=sys.stderr)
        print("복원하려면: python -m desktop notes restore", file=sys.stderr)
    return store


def load_documents(args: argparse.Namespace, only: str | None = None) -> dict:
    """The library's documents by id.  A document that fails to parse is skipped with a warning."""
    from desktop.core.catalog import CatalogError, load_catalog
    from desktop.core.library import Library
    from desktop.core.parsing import parse_file

    folder = Path(getattr(args, "seeds", None) or paths.seeds_dir())
    try:
        return {doc.id: doc for doc in Library.load(folder)}
    except CatalogError as exc:
        _error(str(exc))
        raise SystemExit(EXIT_ERROR) from None
    except Exception:  # one unreadable document must not block notes on the others
        pass
    docs = {}
    for entry in load_catalog(folder):
        if only is not None and entry.id != only:
            continue
        try:
            doc = parse_file(entry.path(folder), doc_id=entry.id)
        except Exception as exc:
            print(f"경고: 문서 '{entry.id}'을(를) 읽지 못해 건너뜁니다: {exc}", file=sys.stderr)
            continue
        doc.title, doc.kind = entry.title, entry.kind
        doc.metadata = {**doc.metadata, **entry.metadata()}
        docs[doc.id] = doc
    return docs


def _filter(args: argparse.Namespace) -> AnnotationFilter:
    colors = frozenset({Color.parse(args.color)}) if getattr(args, "color", None) else None
    kinds = frozenset({Kind(args.kind)}) if getattr(args, "kind", None) else None
    return AnnotationFilter(
        doc_id=args.doc, eid=getattr(args, "eid", None), kinds=kinds, colors=colors, tag=args.tag,
        text=args.text, status=AnchorStatus.ORPHAN if args.orphans else None,
    )


def _one_line(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def cmd_list(args: argparse.Namespace) -> int:
    """One line per annotation (tab-separated), or ``--json``."""
    with _open_store(args) as store:
        anns = store.list(_filter(args))
    if args.json:
        print(json.dumps([a.model_dump(mode="json") for a in anns], ensure_ascii=False, indent=1))
        return EXIT_OK
    for a in anns:
        color = a.color.korean if a.color else "-"
        where = a.quote or "(단위 전체)"
        print("\t".join((a.id, a.kind.korean, color, a.anchor.source, a.status.korean,
                         _one_line(where), _one_line(a.note), ",".join(a.tags))))
    if not anns:
        print("주석이 없습니다.", file=sys.stderr)
    return EXIT_OK


def cmd_add(args: argparse.Namespace) -> int:
    """Add a note (``--text``), a highlight (``--quote`` and no text) or a bookmark (neither, or --kind)."""
    docs = load_documents(args, only=args.doc_id)
    doc = docs.get(args.doc_id)
    if doc is None:
        _error(f"문서 '{args.doc_id}'이(가) 없습니다. 목록: {', '.join(docs)}")
        return EXIT_USAGE
    kind = Kind(args.kind) if args.kind else (
        Kind.NOTE if args.text else Kind.HIGHLIGHT if args.quote else Kind.BOOKMARK
    )
    try:
        color = Color.parse(args.color) if args.color else None
    except ValueError as exc:
        _error(str(exc))
        return EXIT_USAGE
    with _open_store(args) as store:
        try:
            if kind is Kind.HIGHLIGHT:
                if not args.quote:
                    _error("형광펜에는 --quote 로 칠할 문구를 지정해 주세요")
                    return EXIT_USAGE
                from desktop.annotations import anchoring

                anchor = anchoring.anchor_quote(doc, args.eid, args.quote, args.occurrence)
                ann = store.add_highlight(doc, args.eid, anchor.start, anchor.end, color or Color.YELLOW,
                                          note=args.text, tags=args.tag)
            elif kind is Kind.NOTE:
                if not args.text.strip():
                    _error("메모 내용을 --text 로 지정해 주세요")
                    return EXIT_USAGE
                ann = store.add_note(doc, args.eid, args.text, quote=args.quote, occurrence=args.occurrence,
                                     color=color, tags=args.tag)
            else:
                if args.quote:
                    _error("책갈피는 단위 전체에 답니다 (--quote 없이 지정해 주세요)")
                    return EXIT_USAGE
                ann = store.add_bookmark(doc, args.eid, note=args.text, tags=args.tag)
        except AnchorError as exc:
            _error(str(exc))
            return EXIT_USAGE
    print(f"{ann.id}\t{ann.kind.korean}\t{doc.citation(ann.anchor.eid)}\t{ann.quote or '(단위 전체)'}")
    return EXIT_OK


def cmd_delete(args: argparse.Namespace) -> int:
    with _open_store(args) as store:
        try:
            removed = store.delete(args.id)
        except NotFound as exc:
            _error(str(exc))
            return EXIT_USAGE
    print(f"지웠습니다: {removed.id}\t{removed.kind.korean}\t{removed.anchor.source}")
    return EXIT_OK


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def cmd_export(args: argparse.Namespace) -> int:
    """Export to W3C JSON (default) or Markdown (``--format md`` or a ``.md`` path); ``-`` is stdout."""
    from desktop.annotations.exchange import export_json, export_markdown

    fmt = args.format or ("md" if str(args.path).lower().endswith(".md") else "json")
    with _open_store(args) as store:
        anns = store.list(_filter(args))
    docs = load_documents(args)
    text = export_markdown(anns, docs) if fmt == "md" else export_json(anns, docs)
    if str(args.path) == "-":
        sys.stdout.write(text)
        return EXIT_OK
    try:
        _write_atomically(Path(args.path), text)
    except OSError as exc:
        _error(f"'{args.path}'에 쓸 수 없습니다: {exc.strerror or exc}")
        return EXIT_ERROR
    print(f"주석 {len(anns)}개를 {args.path} 에 내보냈습니다.", file=sys.stderr)
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from desktop.annotations.exchange import import_annotations

    docs = load_documents(args)
    with _open_store(args) as store:
        report = import_annotations(store, args.path, docs)
    print(report.message)
    return EXIT_OK


def cmd_reanchor(args: argparse.Namespace) -> int:
    """Re-attach every annotation to the current documents and report what moved."""
    docs = load_documents(args)
    with _open_store(args) as store:
        changes = store.reanchor_all(docs.values())
    for c in changes:
        doc = docs[c.after.anchor.doc_id]
        print(f"{c.after.id}\t{c.status.korean}\t{doc.citation(c.before.anchor.eid)} → {doc.citation(c.after.anchor.eid)}")
    print(f"위치를 다시 맞춘 주석 {len(changes)}개", file=sys.stderr)
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    """Bring back the annotations of the newest automatic backup (current ones are kept)."""
    with _open_store(args) as store:
        n = store.restore_backup()
    print(f"백업에서 주석 {n}개를 되살렸습니다.")
    return EXIT_OK


def _guard(func: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Turn store errors into a Korean message and exit code 1 (2 for bad input)."""

    def run(args: argparse.Namespace) -> int:
        try:
            return func(args)
        except ValueError as exc:
            _error(str(exc))
            return EXIT_USAGE
        except AnnotationError as exc:
            _error(str(exc))
            return EXIT_ERROR

    run.__doc__ = func.__doc__
    return run


def _filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--doc", help="이 문서의 주석만")
    p.add_argument("--kind", choices=[k.value for k in Kind])
    p.add_argument("--color", help="색 (노랑/초록/파랑/분홍/주황)")
    p.add_argument("--tag")
    p.add_argument("--text", help="메모·인용문·태그에 이 글자가 있는 것만")
    p.add_argument("--orphans", action="store_true", help="위치를 잃은 주석만")


def register(subparsers, add_common: Callable[[argparse.ArgumentParser], None]) -> None:
    """Add ``notes`` and its sub-commands to the main parser."""
    notes = subparsers.add_parser("notes", help="형광펜·메모·책갈피")
    notes.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS,
                       help="저장 폴더 (기본: 사용자 데이터 폴더, 환경 변수 ORDINANCE_READER_DATA)")
    notes.set_defaults(func=lambda args: (notes.print_help(sys.stderr), EXIT_USAGE)[1])
    sub = notes.add_subparsers(dest="notes_command")

    def leaf(name: str, func, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text)
        add_common(p)
        p.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS, help="저장 폴더")
        p.set_defaults(func=_guard(func))
        return p

    p = leaf("list", cmd_list, "주석 목록")
    _filters(p)
    p.add_argument("--json", action="store_true")

    p = leaf("add", cmd_add, "주석 추가")
    p.add_argument("doc_id")
    p.add_argument("eid")
    p.add_argument("--text", default="", help="메모 내용")
    p.add_argument("--quote", help="단위 본문 안의 문구 (없으면 단위 전체)")
    p.add_argument("--occurrence", type=int, default=1, help="문구가 여러 번 나오면 몇 번째인지")
    p.add_argument("--color", help="색 (노랑/초록/파랑/분홍/주황)")
    p.add_argument("--tag", action="append", default=[], help="태그 (여러 번 가능)")
    p.add_argument("--kind", choices=[k.value for k in Kind], help="종류 (기본: 내용에 따라)")

    p = leaf("delete", cmd_delete, "주석 삭제")
    p.add_argument("id")

    p = leaf("export", cmd_export, "주석 내보내기 (W3C JSON 또는 Markdown)")
    p.add_argument("path", help="파일 경로 ('-' 이면 화면에)")
    p.add_argument("--format", choices=["json", "md"])
    _filters(p)

    p = leaf("import", cmd_import, "주석 가져오기 (합치기)")
    p.add_argument("path")

    leaf("reanchor", cmd_reanchor, "현재 문서에 맞춰 주석 위치 다시 맞추기")
    leaf("restore", cmd_restore, "가장 최근 자동 백업에서 되살리기")
