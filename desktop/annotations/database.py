"""The SQLite file: where it lives, opening it safely, and recovering from corruption.

The data folder is, in order: an explicit ``--data-dir``, the environment
variable ``ORDINANCE_READER_DATA`` (portable use from a USB stick), or the
user's local data folder from ``platformdirs`` (``~/.local/share/ordinance-reader``,
``%LOCALAPPDATA%\\ordinance-reader``, …): never the install folder.

:func:`open_database` checks the folder is writable, refuses a file from a
newer program untouched, runs ``PRAGMA quick_check``, switches to WAL with
``synchronous=FULL`` and migrates.  A file SQLite reports as corrupt is moved
aside (``annotations.<time>.corrupt``), whatever rows can still be read are
salvaged into a fresh file, and a :class:`Recovery` says what happened.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

import platformdirs
from pydantic import ValidationError

from desktop.annotations import schema
from desktop.annotations.backups import BackupFile, Backups, stamp
from desktop.annotations.errors import NewerSchema, StoreUnavailable

APP_NAME = "ordinance-reader"
ENV_DATA_DIR = "ORDINANCE_READER_DATA"
DB_NAME = "annotations.sqlite3"
BACKUP_DIR = "backups"
SQLITE_CORRUPT, SQLITE_NOTADB = 11, 26


def resolve_data_dir(explicit: str | os.PathLike | None = None) -> Path:
    """The folder holding the annotation store (see the module docstring)."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))


def is_corruption(exc: BaseException) -> bool:
    """True for SQLite's 'malformed' / 'not a database' errors (not for locks or permissions)."""
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (SQLITE_CORRUPT, SQLITE_NOTADB)
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text


def move_aside(path: Path) -> Path:
    """Rename a corrupt database (and its -wal/-shm files) to ``annotations.<time>.corrupt``."""
    target = path.with_name(f"{path.stem}.{stamp()}.corrupt")
    os.replace(path, target)
    for suffix in ("-wal", "-shm"):
        side = Path(f"{path}{suffix}")
        if side.exists():
            with contextlib.suppress(OSError):
                os.replace(side, Path(f"{target}{suffix}"))
    return target


def salvage_rows(path: Path) -> list[tuple]:
    """Whatever annotation rows can still be read from a corrupt file (best effort, may be none)."""
    rows: list[tuple] = []
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error:
        return rows
    try:
        cursor = conn.execute(schema.SELECT)
        while True:
            try:
                row = cursor.fetchone()
            except sqlite3.Error:
                break
            if row is None:
                break
            rows.append(tuple(row))
    except sqlite3.Error:
        pass
    finally:
        conn.close()
    return rows


@dataclass(frozen=True)
class Recovery:
    """What happened when the store found its file corrupt (``AnnotationStore.recovery``)."""

    moved_to: Path
    salvaged: int
    backup: BackupFile | None

    @property
    def message(self) -> str:
        """A Korean message for the user."""
        lines = [
            "메모 저장 파일이 손상되어 열 수 없었습니다.",
            f"손상된 파일은 '{self.moved_to.name}'(으)로 옮겨 두고 새 파일로 시작했습니다.",
        ]
        if self.salvaged:
            lines.append(f"손상된 파일에서 주석 {self.salvaged}개를 되살렸습니다.")
        if self.backup is not None:
            lines.append(f"가장 최근 자동 백업({self.backup.label})을 복원할 수 있습니다.")
        else:
            lines.append("복원할 자동 백업이 없습니다.")
        return "\n".join(lines)


class _Corrupt(Exception):
    """``quick_check`` found problems."""


def check_folder(data_dir: Path) -> None:
    """Create the data folder and prove it is writable (StoreUnavailable otherwise)."""
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".write-test-", dir=data_dir)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise StoreUnavailable(data_dir, f"폴더에 쓸 수 없습니다: {exc.strerror or exc}") from exc


def connect(path: Path, timeout: float) -> sqlite3.Connection:
    """An autocommit connection to an up-to-date, checked file (may raise _Corrupt / sqlite3 errors)."""
    conn = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        version = schema.schema_version(conn)
        if version > len(schema.MIGRATIONS):  # a newer program's file: touch nothing
            raise NewerSchema(path, version, len(schema.MIGRATIONS))
        rows = conn.execute("PRAGMA quick_check").fetchall()
        if [r[0] for r in rows] != ["ok"]:
            raise _Corrupt("; ".join(str(r[0]) for r in rows[:3]))
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        schema.migrate(conn, path)
        conn.execute(schema.SELECT + " LIMIT 1").fetchall()
    except BaseException:
        conn.close()
        raise
    return conn


def open_database(path: Path, timeout: float, backups: Backups) -> tuple[sqlite3.Connection, Recovery | None]:
    """Open the store's file; a corrupt one is moved aside and replaced (see the module docstring)."""
    check_folder(path.parent)
    try:
        return connect(path, timeout), None
    except _Corrupt:
        pass
    except sqlite3.DatabaseError as exc:
        if not is_corruption(exc):
            raise StoreUnavailable(path, str(exc)) from exc
    try:
        moved = move_aside(path)
    except OSError as exc:
        raise StoreUnavailable(path, f"손상된 파일을 옮길 수 없습니다: {exc.strerror or exc}") from exc
    conn = connect(path, timeout)
    rows = []
    for row in salvage_rows(moved):
        try:
            rows.append(schema.to_row(schema.from_row(row)))
        except (ValidationError, ValueError, TypeError):
            continue
    if rows:
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(schema.UPSERT, rows)
        conn.execute("COMMIT")
    readable = backups.readable()
    return conn, Recovery(moved, len(rows), readable[0] if readable else None)
