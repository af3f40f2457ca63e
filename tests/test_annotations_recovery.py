"""Schema migrations, corrupt files, rolling backups and restoring them."""

from __future__ import annotations

import sqlite3

import pytest

from desktop.annotations import AnnotationStore, NewerSchema, schema
from desktop.annotations.backups import Backups
from desktop.core.parsing import parse_file
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def paju():
    return parse_file(SEEDS / "paju-ai-basic.txt", doc_id="paju-ai-basic")


def _version(path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


# --------------------------------------------------------------------------- migrations


def test_new_file_is_at_the_latest_version(tmp_path):
    with AnnotationStore(tmp_path) as s:
        assert schema.schema_version(s.conn) == len(schema.MIGRATIONS) >= 1


def test_version_0_file_is_migrated(tmp_path):
    """An old file (version 0: made before the schema, holding something else) gets the schema."""
    path = tmp_path / "annotations.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE unrelated (x)")
    conn.execute("INSERT INTO unrelated VALUES (1)")
    conn.commit()
    conn.close()
    with AnnotationStore(tmp_path) as s:
        assert schema.schema_version(s.conn) == len(schema.MIGRATIONS)
        assert s.count() == 0
        assert s.conn.execute("SELECT x FROM unrelated").fetchone() == (1,)  # nothing else touched


def _add_column_migration(conn):
    conn.execute("ALTER TABLE annotations ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0")


def test_old_version_with_data_is_migrated(tmp_path, paju, monkeypatch):
    with AnnotationStore(tmp_path) as s:
        ann = s.add_note(paju, "art_1", "옛 형식에서 쓴 메모")
    assert _version(tmp_path / "annotations.sqlite3") == 1
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, _add_column_migration])
    with AnnotationStore(tmp_path) as s:
        assert schema.schema_version(s.conn) == 2
        assert s.get(ann.id) == ann
        assert s.conn.execute("SELECT pinned FROM annotations").fetchone() == (0,)


def test_failed_migration_changes_nothing(tmp_path, paju, monkeypatch):
    with AnnotationStore(tmp_path) as s:
        ann = s.add_note(paju, "art_1", "그대로 남아야 한다")

    def broken(conn):
        conn.execute("ALTER TABLE annotations ADD COLUMN half_done INTEGER")
        raise RuntimeError("migration bug")

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, broken])
    with pytest.raises(RuntimeError):
        AnnotationStore(tmp_path)
    monkeypatch.undo()
    assert _version(tmp_path / "annotations.sqlite3") == 1
    with AnnotationStore(tmp_path) as s:
        columns = {r[1] for r in s.conn.execute("PRAGMA table_info(annotations)")}
        assert "half_done" not in columns and s.get(ann.id) == ann


def test_newer_file_is_refused_untouched(tmp_path):
    path = tmp_path / "annotations.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NewerSchema) as exc:
        AnnotationStore(tmp_path)
    assert "업데이트" in str(exc.value)
    assert path.read_bytes() == before and not list(tmp_path.glob("*.corrupt"))


# --------------------------------------------------------------------------- corruption


def _fill(tmp_path, paju, n):
    with AnnotationStore(tmp_path) as s:
        return [s.add_note(paju, "art_8__para_1", f"메모 {i} " + "가" * 200) for i in range(n)]


def test_garbage_file_is_moved_aside_and_backup_restored(tmp_path, paju):
    made = _fill(tmp_path, paju, 3)  # closing made a backup
    path = tmp_path / "annotations.sqlite3"
    path.write_bytes(b"this is not an SQLite database at all " * 200)
    with AnnotationStore(tmp_path) as s:
        assert s.recovery is not None
        moved = s.recovery.moved_to
        assert moved.exists() and moved.name.startswith("annotations.") and moved.suffix == ".corrupt"
        assert moved.read_bytes().startswith(b"this is not")
        assert "손상" in s.recovery.message and "백업" in s.recovery.message
        assert s.count() == 0 and s.recovery.backup is not None
        added_after = s.add_note(paju, "art_1", "복구 전에 새로 쓴 메모")
        assert s.restore_backup() == 3
        assert {a.id for a in s.list()} == {a.id for a in made} | {added_after.id}
        assert s.recovery is None and s.integrity_ok()


def test_damaged_pages_are_detected_and_rows_salvaged(tmp_path, paju):
    made = _fill(tmp_path, paju, 60)
    path = tmp_path / "annotations.sqlite3"
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 6 * page
    data[3 * page : 4 * page] = b"\xff" * page  # wreck one page in the middle
    path.write_bytes(bytes(data))
    with AnnotationStore(tmp_path) as s:
        assert s.recovery is not None and s.integrity_ok()
        assert 0 <= s.recovery.salvaged <= 60 and s.count() == s.recovery.salvaged
        assert all(a.note.startswith("메모 ") for a in s.list())
        s.restore_backup()
        assert {a.id for a in made} <= s.ids()


def test_no_backup_message(tmp_path):
    (tmp_path / "annotations.sqlite3").write_bytes(b"\x00garbage" * 100)
    with AnnotationStore(tmp_path) as s:
        assert s.recovery.backup is None and "복원할 자동 백업이 없습니다" in s.recovery.message
        with pytest.raises(Exception, match="백업이 없습니다"):
            s.restore_backup()


# --------------------------------------------------------------------------- backups


def test_rolling_backups(tmp_path, paju):
    s = AnnotationStore(tmp_path, keep_backups=3)
    assert s.backups.list() == []  # an empty store is not backed up
    for i in range(5):
        s.add_note(paju, "art_1", f"메모 {i}")
        assert s.backup_now() is not None
        assert s.backup_now() is None  # unchanged since the newest backup
    kept = s.backups.list()
    assert len(kept) == 3 and kept == sorted(kept, key=lambda b: b.path.name, reverse=True)
    newest = sqlite3.connect(kept[0].path)
    assert newest.execute("SELECT count(*) FROM annotations").fetchone()[0] == 5
    assert newest.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    newest.close()
    s.close()


def test_backup_at_open_only_after_interval(tmp_path, paju):
    with AnnotationStore(tmp_path, backup_interval=3600) as s:
        s.add_note(paju, "art_1", "하나")
    assert len(Backups(tmp_path / "backups").list()) == 1  # made at close
    with AnnotationStore(tmp_path, backup_interval=3600) as s:
        s.add_note(paju, "art_1", "둘")
        assert len(s.backups.list()) == 1  # no backup at open or write within the interval
    with AnnotationStore(tmp_path, backup_interval=0) as s:
        assert len(s.backups.list()) == 2  # made at the last close; unchanged since, so none at open
        s.add_note(paju, "art_1", "셋")
        assert len(s.backups.list()) == 3  # and after a write once the interval has passed


def test_half_written_backup_is_ignored(tmp_path, paju):
    _fill(tmp_path, paju, 2)
    backups = Backups(tmp_path / "backups")
    (tmp_path / "backups" / ".tmp-123-20990101-000000-000000.sqlite3").write_bytes(b"partial")
    (tmp_path / "backups" / "annotations-20990101-000000-000000-deadbeef0000.sqlite3").write_bytes(b"broken")
    assert len(backups.list()) == 2  # the broken one is listed (by name) …
    readable = backups.readable()
    assert len(readable) == 1 and "deadbeef" not in readable[0].path.name  # … but never restored from
