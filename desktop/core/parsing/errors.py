"""Errors a parser raises: always naming the file and, where known, the line."""

from __future__ import annotations

from pathlib import Path


class ParseError(ValueError):
    """A document could not be read or has no recognisable structure."""

    def __init__(self, path: str | Path, message: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.reason = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


def read_text(path: str | Path) -> str:
    """Read a UTF-8 file (BOM allowed) or raise :class:`ParseError` naming the bad line."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ParseError(path, f"파일을 읽을 수 없습니다 ({exc.strerror or exc})") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ParseError(path, "UTF-8 텍스트가 아닙니다 (인코딩을 UTF-8로 바꿔 주세요)", line) from exc
    if not text.strip():
        raise ParseError(path, "빈 파일입니다")
    if "\x00" in text:
        raise ParseError(path, "텍스트 파일이 아닙니다 (NUL 문자)", text[: text.index("\x00")].count("\n") + 1)
    return text
