"""Rolling backups of the annotation store.

Backups are whole copies made with SQLite's online backup API (consistent
even while another instance writes) into ``backups/``.  Each is written under
a temporary name and renamed when complete, so a crash mid-backup never
leaves a half file that looks like a backup.  The file name carries the time
and a fingerprint of the contents, so an unchanged store is not backed up
again and the rolling set keeps distinct versions.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path


def fingerprint(conn: sqlite3.Connection) -> str:
    """A short hash of every annotation's identity and version (empty store: ``"empty"``)."""
    h = hashlib.sha256()
    n = 0
    for row in conn.execute(
        'SELECT id, modified, status, doc_hash, eid, start, "end" FROM annotations ORDER BY id'
    ):
        h.update(repr(row).encode())
        n += 1
    return h.hexdigest()[:12] if n else "empty"


def stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S-%f")


@dataclass(frozen=True)
class BackupFile:
    """One automatic backup: ``backups/annotations-YYYYmmdd-HHMMSS-ffffff-FINGERPRINT.sqlite3``."""

    path: Path

    @property
    def fingerprint(self) -> str:
        return self.path.stem.rsplit("-", 1)[-1]

    @property
    def taken(self) -> datetime:
        parts = self.path.stem.split("-")
        return datetime.strptime("-".join(parts[1:4]), "%Y%m%d-%H%M%S-%f")

    @property
    def label(self) -> str:
        """``2025-09-30 14:05`` for messages."""
        return self.taken.strftime("%Y-%m-%d %H:%M")


class Backups:
    """The rolling set of backups in ``folder`` (newest first)."""

    def __init__(self, folder: Path, keep: int = 5) -> None:
        self.folder = folder
        self.keep = keep

    def list(self) -> list[BackupFile]:
        if not self.folder.is_dir():
            return []
        files = [BackupFile(p) for p in self.folder.glob("annotations-*.sqlite3")]
        return sorted(files, key=lambda b: b.path.name, reverse=True)

    def newest(self) -> BackupFile | None:
        found = self.list()
        return found[0] if found else None

    def age(self) -> float | None:
        """Seconds since the newest backup was written (any instance), or None."""
        newest = self.newest()
        if newest is None:
            return None
        with contextlib.suppress(OSError):
            return max(0.0, time.time() - newest.path.stat().st_mtime)
        return None

    def make(self, conn: sqlite3.Connection) -> BackupFile | None:
        """Back up ``conn`` unless it is empty or unchanged since the newest backup."""
        fp = fingerprint(conn)
        newest = self.newest()
        if fp == "empty" or (newest is not None and newest.fingerprint == fp):
            return None
        self.folder.mkdir(parents=True, exist_ok=True)
        final = self.folder / f"annotations-{stamp()}-{fp}.sqlite3"
        tmp = self.folder / f".tmp-{os.getpid()}-{stamp()}.sqlite3"
        try:
            dst = sqlite3.connect(tmp)
            try:
                conn.backup(dst)
            finally:
                dst.close()
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, final)
        finally:
            with contextlib.suppress(OSError):
                tmp.unlink()
        self.prune()
        return BackupFile(final)

    def prune(self) -> None:
        """Keep the newest ``keep`` backups; remove stale temporary files (older than an hour)."""
        for old in self.list()[self.keep :]:
            with contextlib.suppress(OSError):
                old.path.unlink()
        for tmp in self.folder.glob(".tmp-*.sqlite3"):
            with contextlib.suppress(OSError):
                if time.time() - tmp.stat().st_mtime > 3600:
                    tmp.unlink()

    def readable(self) -> list[BackupFile]:
        """Backups that open and pass ``PRAGMA integrity_check`` (newest first)."""
        good = []
        for backup in self.list():
            try:
                conn = sqlite3.connect(f"{backup.path.as_uri()}?mode=ro", uri=True)
                try:
                    ok = conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                    conn.execute("SELECT count(*) FROM annotations").fetchone()
                finally:
                    conn.close()
            except sqlite3.Error:
                continue
            if ok:
                good.append(backup)
        return good
