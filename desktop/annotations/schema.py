"""The SQLite schema of the annotation store, its migrations and row mapping.

The schema version is SQLite's ``PRAGMA user_version``: 0 for a new file,
``len(MIGRATIONS)`` once up to date.  :func:`migrate` runs the missing
migrations in order inside one ``BEGIN IMMEDIATE`` transaction (the version
bump included), so a failed migration leaves the file exactly as it was and
two processes opening a new file at once migrate it once.  A file written by
a newer program (higher version) is refused with :class:`NewerSchema`, never
touched.

To change the schema, append a function to :data:`MIGRATIONS`; never edit a
released one.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from desktop.annotations.errors import NewerSchema
from desktop.annotations.models import Anchor, Annotation

SCHEMA_V1 = """
CREATE TABLE annotations (
    id             TEXT PRIMARY KEY CHECK (length(id) = 32),
    kind           TEXT NOT NULL CHECK (kind IN ('highlight', 'note', 'bookmark')),
    doc_id         TEXT NOT NULL,
    doc_hash       TEXT NOT NULL,
    eid            TEXT NOT NULL,
    start          INTEGER,
    "end"          INTEGER,
    exact          TEXT NOT NULL DEFAULT '',
    prefix         TEXT NOT NULL DEFAULT '',
    suffix         TEXT NOT NULL DEFAULT '',
    unit_before    TEXT NOT NULL DEFAULT '',
    unit_after     TEXT NOT NULL DEFAULT '',
    original_quote TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL DEFAULT 'exact'
                   CHECK (status IN ('exact', 'moved', 'fuzzy', 'orphan')),
    color          TEXT,
    note           TEXT NOT NULL DEFAULT '',
    tags           TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags)),
    created        TEXT NOT NULL,
    modified       TEXT NOT NULL,
    anchored       TEXT
);
CREATE INDEX annotations_unit ON annotations (doc_id, eid);
CREATE INDEX annotations_status ON annotations (status);
"""


def _migration_1(conn: sqlite3.Connection) -> None:
    """The first schema: one row per annotation, tags as a JSON array."""
    for statement in SCHEMA_V1.split(";"):
        if statement.strip():
            conn.execute(statement)


#: Migration ``i`` (1-based) brings a file from version ``i-1`` to ``i``.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_migration_1]


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(
    conn: sqlite3.Connection, path: Path, migrations: Sequence[Callable[[sqlite3.Connection], None]] | None = None
) -> tuple[int, int]:
    """Bring the file up to date; returns ``(version before, version after)``.

    ``conn`` must be in autocommit mode (``isolation_level=None``).
    """
    steps = list(MIGRATIONS if migrations is None else migrations)
    target = len(steps)
    if schema_version(conn) == target:  # the common case, without a write lock
        return target, target
    conn.execute("BEGIN IMMEDIATE")
    try:
        before = schema_version(conn)  # another process may have migrated meanwhile
        if before > target:
            raise NewerSchema(path, before, target)
        for step in steps[before:]:
            step(conn)
        conn.execute(f"PRAGMA user_version = {target:d}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return before, target


# --------------------------------------------------------------------------- rows

COLUMNS = (
    "id", "kind", "doc_id", "doc_hash", "eid", "start", '"end"', "exact", "prefix", "suffix",
    "unit_before", "unit_after", "original_quote", "status", "color", "note", "tags", "created", "modified", "anchored",
)
SELECT = f"SELECT {', '.join(COLUMNS)} FROM annotations"
UPSERT = (
    f"INSERT INTO annotations ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))}) "
    "ON CONFLICT (id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in COLUMNS if c != "id")
)
INSERT = f"INSERT INTO annotations ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"


def time_text(value: datetime) -> str:
    """UTC ISO 8601 with microseconds: sorts as text in time order."""
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def to_row(ann: Annotation, anchored: datetime | None = None) -> tuple:
    a = ann.anchor
    return (
        ann.id, ann.kind.value, a.doc_id, a.doc_hash, a.eid, a.start, a.end, a.exact, a.prefix, a.suffix,
        a.unit_before, a.unit_after, ann.original_quote, ann.status.value, ann.color.value if ann.color else None, ann.note,
        json.dumps(list(ann.tags), ensure_ascii=False), time_text(ann.created), time_text(ann.modified),
        time_text(anchored) if anchored else None,
    )


def from_row(row: Sequence) -> Annotation:
    (id_, kind, doc_id, doc_hash, eid, start, end, exact, prefix, suffix, unit_before, unit_after,
     original_quote, status, color, note, tags, created, modified, _anchored) = row
    anchor = Anchor(doc_id=doc_id, doc_hash=doc_hash, eid=eid, start=start, end=end,
                    exact=exact, prefix=prefix, suffix=suffix, unit_before=unit_before, unit_after=unit_after)
    return Annotation(
        id=id_, kind=kind, anchor=anchor, status=status, original_quote=original_quote, color=color,
        note=note, tags=json.loads(tags), created=datetime.fromisoformat(created),
        modified=datetime.fromisoformat(modified),
    )
