"""Command line of 조례 열람기: ``python -m desktop [COMMAND] …``.

Without a command the window opens.  Commands are stable (scripts and tests
use them); unknown documents or units exit with code 2 and a Korean message.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from desktop import paths

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
#: Options of the window that take a value (their value is no sub-command).
GUI_OPTIONS = ("--open", "--search", "--screenshot", "--seeds", "--index", "--settings", "--data-dir", "--exit-after")


def _print_error(message: str) -> None:
    print(f"오류: {message}", file=sys.stderr)


def _load_library(args: argparse.Namespace):
    from desktop.core.catalog import CatalogError
    from desktop.core.library import Library
    from desktop.core.parsing import ParseError

    try:
        return Library.load(args.seeds or paths.seeds_dir())
    except (CatalogError, ParseError) as exc:
        _print_error(str(exc))
        raise SystemExit(EXIT_ERROR) from None


def _get_document(library, doc_id: str):
    from desktop.core.library import UnknownDocument

    try:
        return library.get(doc_id)
    except UnknownDocument:
        _print_error(f"문서 '{doc_id}'이(가) 없습니다. 목록: {', '.join(library.ids)}")
        raise SystemExit(EXIT_USAGE) from None


def cmd_docs(args: argparse.Namespace) -> int:
    """List the library's documents."""
    library = _load_library(args)
    for doc in library:
        articles = sum(1 for n in doc.walk() if n.kind.value == "article")
        print(f"{doc.id}\t{doc.kind.value}\t{doc.title}\t조문 {articles}개")
    return EXIT_OK


def _outline_lines(nodes, depth: int = 0):
    for node in nodes:
        head = node.title
        text = node.text if len(node.text) <= 60 else node.text[:59] + "…"
        line = " ".join(p for p in (head, text) if p)
        if node.rows:
            line += f" [표 {len(node.rows)}행]"
        yield f"{'  ' * depth}{line}  ⟨{node.eid}⟩"
        yield from _outline_lines(node.children, depth + 1)


def cmd_outline(args: argparse.Namespace) -> int:
    """Print a document's tree (``--json`` for the full model)."""
    if args.file:
        from desktop.core.parsing import ParseError, parse_file

        try:
            doc = parse_file(args.file)
        except ParseError as exc:
            _print_error(str(exc))
            return EXIT_ERROR
    elif args.doc_id:
        doc = _get_document(_load_library(args), args.doc_id)
    else:
        _print_error("문서 id 또는 --file PATH 를 지정해 주세요")
        return EXIT_USAGE
    if args.json:
        print(json.dumps(doc.model_dump(mode="json"), ensure_ascii=False, indent=1))
        return EXIT_OK
    print(f"{doc.title}  ({doc.id}, {doc.kind.value})")
    for line in _outline_lines(doc.nodes, 1):
        print(line)
    return EXIT_OK


def render_unit(doc, node) -> str:
    """A unit as plain text: citation line, then the unit with its sub-units indented."""
    lines = [doc.citation(node.eid), ""]

    def visit(n, depth):
        indent = "  " * max(depth, 0)
        head = n.title
        body = " ".join(p for p in (head, n.text) if p)
        if n.notes:
            body += " " + " ".join(f"<{note}>" for note in n.notes)
        if body:
            lines.append(indent + body)
        for row in n.rows:
            lines.append(indent + "  " + " | ".join(row))
        for child in n.children:
            visit(child, depth + 1)

    visit(node, 0)
    return "\n".join(lines)


def cmd_show(args: argparse.Namespace) -> int:
    """Print one unit with its citation."""
    library = _load_library(args)
    doc = _get_document(library, args.doc_id)
    node = doc.find(args.eid)
    if node is None:
        _print_error(f"'{args.doc_id}'에 단위 '{args.eid}'이(가) 없습니다 (outline {args.doc_id} 로 확인)")
        return EXIT_USAGE
    print(render_unit(doc, node))
    return EXIT_OK


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--seeds", type=Path, default=None, help=argparse.SUPPRESS)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also used by tests)."""
    parser = argparse.ArgumentParser(prog="python -m desktop", description="조례 열람기")
    _add_common(parser)
    sub = parser.add_subparsers(dest="command")

    p = sub.add_parser("docs", help="문서 목록")
    _add_common(p)
    p.set_defaults(func=cmd_docs)

    p = sub.add_parser("outline", help="문서 구조 출력")
    p.add_argument("doc_id", nargs="?")
    p.add_argument("--file", type=Path, help="라이브러리에 추가하지 않고 파일을 분석")
    p.add_argument("--json", action="store_true")
    _add_common(p)
    p.set_defaults(func=cmd_outline)

    p = sub.add_parser("show", help="한 단위를 인용과 함께 출력")
    p.add_argument("doc_id")
    p.add_argument("eid")
    _add_common(p)
    p.set_defaults(func=cmd_show)

    for register in _extension_commands():
        register(sub, _add_common)
    return parser


def _extension_commands() -> list[Callable]:
    """Sub-command registrars of other packages (search, notes, printing)."""
    found = []
    for module in ("desktop.search.commands", "desktop.annotations.commands", "desktop.printing.commands"):
        try:
            mod = __import__(module, fromlist=["register"])
        except ImportError:
            continue
        if hasattr(mod, "register"):
            found.append(mod.register)
    return found


def _utf8_stdio() -> None:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(encoding="utf-8")
            except (ValueError, OSError):  # pragma: no cover - exotic streams
                pass


def _command_word(argv: list[str]) -> int | None:
    """Index of the first word that is no option and no option's value (the sub-command), if any."""
    skip = False
    for i, arg in enumerate(argv):
        if skip:
            skip = False
        elif arg in GUI_OPTIONS:
            skip = True  # its value follows
        elif not arg.startswith("-"):
            return i
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Console entry point."""
    _utf8_stdio()
    argv = list(argv) if argv is not None else sys.argv[1:]
    pos = _command_word(argv)
    wants_help = any(a in ("-h", "--help") for a in argv)
    if pos is None and not wants_help:
        return gui_main(argv)  # the window, without building the parser (it imports every command's package)
    parser = build_parser()
    if pos is not None:
        commands = next(a.choices for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        if argv[pos] not in commands:
            parser.error(f"알 수 없는 명령: {argv[pos]} (명령: {', '.join(commands)})")
        # options written before the command (--data-dir D notes list) belong to it
        argv = [argv[pos], *argv[:pos], *argv[pos + 1 :]]
    args, rest = parser.parse_known_args(argv)
    if rest:
        parser.error(f"알 수 없는 인수: {' '.join(rest)}")
    try:
        return int(args.func(args) or 0)
    except BrokenPipeError:  # pragma: no cover - `| head`
        return EXIT_OK


def gui_main(argv: Sequence[str] | None = None) -> int:
    """GUI entry point (the window; see ``desktop/ui``)."""
    import os

    if sys.platform.startswith("linux") and not any(
        os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    ):
        _print_error("화면(DISPLAY)이 없어 창을 열 수 없습니다. 명령줄 기능은 'python -m desktop --help' 를 보세요 "
                     "(화면 없이 창을 그리려면 QT_QPA_PLATFORM=offscreen).")
        return EXIT_ERROR
    try:
        from desktop.ui.app import run
    except ImportError as exc:
        _print_error(f"화면을 열 수 없습니다: {exc}")
        return EXIT_ERROR
    return run(list(argv) if argv is not None else sys.argv[1:])
