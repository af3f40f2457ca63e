"""The annotation store: adding, editing and deleting with undo data, filters, data folder, failures."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop import paths
from desktop.annotations import (
    AnchorError,
    AnchorStatus,
    AnnotationFilter,
    AnnotationStore,
    Color,
    DuplicateId,
    Kind,
    NotFound,
    StoreUnavailable,
    WriteFailed,
    resolve_data_dir,
)
from desktop.core.parsing import parse_file
from tests.conftest import SEEDS

SCRIPT = '<script>alert("x")</script> <b>굵게</b> & 메모'


@pytest.fixture(scope="module")
def paju():
    return parse_file(SEEDS / "paju-ai-basic.txt", doc_id="paju-ai-basic")


@pytest.fixture(scope="module")
def yeosu():
    return parse_file(SEEDS / "yeosu-ai-society.txt", doc_id="yeosu-ai-society")


@pytest.fixture
def store(tmp_path):
    s = AnnotationStore(tmp_path / "data")
    yield s
    s.close()


def test_add_kinds_and_read_back(store, paju):
    hl = store.add_highlight(paju, "art_8__para_1", 26, 38, "초록", tags=["예산", "예산", " 질의 "])
    note = store.add_note(paju, "art_4__para_3", SCRIPT, quote="생성형 인공지능")
    unit_note = store.add_note(paju, "art_6", "조직 규정 확인")
    mark = store.add_bookmark(paju, "art_8")
    assert hl.color is Color.GREEN and hl.tags == ("예산", "질의") and hl.quote == "15명 이내의 위원으로"
    assert len(hl.id) == 32 and hl.created == hl.modified
    assert note.anchor.is_range and note.kind is Kind.NOTE
    assert not unit_note.anchor.is_range and mark.kind is Kind.BOOKMARK
    assert store.get(hl.id) == hl and store.get(note.id) == note
    assert [a.id for a in store.list()] == [hl.id, note.id, unit_note.id, mark.id]
    # Note text is stored verbatim: HTML/script is data, not markup.
    assert store.get(note.id).note == SCRIPT
    raw = store.conn.execute("SELECT note FROM annotations WHERE id = ?", (note.id,)).fetchone()[0]
    assert raw == SCRIPT


def test_changes_survive_reopening(tmp_path, paju):
    with AnnotationStore(tmp_path) as s:
        ann = s.add_note(paju, "art_1", "다시 열어도 남는다")
    with AnnotationStore(tmp_path) as s:
        assert s.get(ann.id) == ann


def test_undo_data_for_add_update_delete(store, paju):
    ann = store.add_highlight(paju, "art_1", 0, 6, Color.YELLOW)
    before, after = store.update(ann.id, note="첫 메모", color="파랑", tags=["질의"])
    assert before == ann and after.note == "첫 메모" and after.color is Color.BLUE and after.tags == ("질의",)
    assert after.modified > ann.modified and after.created == ann.created
    assert store.get(ann.id) == after
    # undo the edit: the user's fields go back, the anchor stays as it is now
    undone, current = store.revert(before)
    assert undone == after and current.note == "" and current.color is Color.YELLOW and current.tags == ()
    assert store.get(ann.id) == current and current.anchor == ann.anchor
    store.revert(after)  # redo
    assert store.get(ann.id).note == "첫 메모"
    store.replace(before)  # or write a whole record back
    assert store.get(ann.id).note == "" and store.get(ann.id).modified > after.modified
    # delete returns everything needed to restore it with the same id
    removed = store.delete(ann.id)
    assert store.get(ann.id) is None and removed.id == ann.id
    store.insert(removed)
    assert store.get(ann.id) == removed
    with pytest.raises(DuplicateId):
        store.insert(removed)
    # undo of "add": delete; redo: insert the same annotation again
    store.delete(ann.id)
    store.insert(removed)
    assert store.count() == 1
    with pytest.raises(NotFound) as exc:
        store.delete("0" * 32)
    assert "없습니다" in str(exc.value)


def test_invalid_changes_are_refused_in_korean(store, paju):
    hl = store.add_highlight(paju, "art_1", 0, 6)
    with pytest.raises(ValueError, match="색"):
        store.update(hl.id, color=None)  # a highlight needs a colour
    with pytest.raises(ValueError, match="알 수 없는 색"):
        store.update(hl.id, color="보라")
    with pytest.raises(AnchorError, match="범위"):
        store.add_highlight(paju, "art_1", 5, 5)
    mark = store.add_bookmark(paju, "art_2")
    with pytest.raises(ValueError, match="형광펜"):
        store.update(mark.id, kind=Kind.HIGHLIGHT, color="노랑")
    assert store.get(hl.id) == hl and store.get(mark.id) == mark


def test_filters(store, paju, yeosu):
    a = store.add_highlight(paju, "art_8__para_1", 26, 38, "노랑", tags=["예산"])
    b = store.add_highlight(paju, "art_1", 0, 6, "분홍", note="목적 조항")
    c = store.add_note(yeosu, "art_1", "여수 메모", tags=["예산", "비교"])
    d = store.add_bookmark(yeosu, "art_2")

    def ids(**kw):
        return [x.id for x in store.list(**kw)]

    assert ids(doc_id="paju-ai-basic") == [a.id, b.id]
    assert ids(colors=frozenset({Color.PINK})) == [b.id]
    assert ids(tag="예산") == [a.id, c.id]
    assert ids(text="목적") == [b.id]
    assert ids(text="15명") == [a.id]  # the quote counts too
    assert ids(kinds=frozenset({Kind.BOOKMARK})) == [d.id]
    assert ids(doc_id="yeosu-ai-society", eid="art_1") == [c.id]
    assert [x.id for x in store.list(AnnotationFilter(ids=frozenset({a.id, d.id})))] == [a.id, d.id]
    assert store.tags() == ["비교", "예산"]
    assert set(store.by_unit("paju-ai-basic")) == {"art_8__para_1", "art_1"}
    texts = list(store.iter_note_texts())
    assert {(t.id, t.text) for t in texts} == {(b.id, "목적 조항"), (c.id, "여수 메모")}
    assert next(t for t in texts if t.id == b.id).quote == paju.find("art_1").text[:6]
    assert ids(status=AnchorStatus.ORPHAN) == []


def test_sqlite_settings(store):
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert store.integrity_ok()


def test_external_change_seen_by_other_instance(tmp_path, paju):
    a, b = AnnotationStore(tmp_path), AnnotationStore(tmp_path)
    try:
        assert not b.external_change()
        ann = a.add_note(paju, "art_1", "다른 창에서")
        assert b.external_change() and b.get(ann.id) == ann
        assert not b.external_change()
        b.add_note(paju, "art_2", "내가 쓴 것")  # own writes are not "external"
        assert not b.external_change()
    finally:
        a.close()
        b.close()


def test_data_dir_resolution(tmp_path, monkeypatch):
    monkeypatch.delenv("ORDINANCE_READER_DATA", raising=False)
    default = resolve_data_dir()
    assert "ordinance-reader" in str(default)
    root = paths.install_root().resolve()
    assert root not in default.resolve().parents and default.resolve() != root
    monkeypatch.setenv("ORDINANCE_READER_DATA", str(tmp_path / "usb"))
    assert resolve_data_dir() == tmp_path / "usb"
    assert resolve_data_dir(tmp_path / "explicit") == tmp_path / "explicit"  # the option wins
    with AnnotationStore() as s:
        assert s.path == tmp_path / "usb" / "annotations.sqlite3" and s.path.exists()


def test_unwritable_data_folder_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreUnavailable) as exc:
        AnnotationStore(blocker / "data")
    message = str(exc.value)
    assert "메모 저장소를 열 수 없습니다" in message and "--data-dir" in message


def test_read_only_folder(tmp_path):
    import os

    if os.geteuid() == 0:
        pytest.skip("root can write anywhere; the not-a-folder case above covers the error path")
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(StoreUnavailable):
            AnnotationStore(folder)
    finally:
        folder.chmod(0o700)


class _FailingConnection:
    """Wraps a connection; any write statement fails like a full disk would."""

    def __init__(self, conn):
        self._conn = conn

    def execute(self, sql, *args):
        if sql.lstrip().upper().startswith(("INSERT", "DELETE", "UPDATE")):
            raise sqlite3.OperationalError("database or disk is full")
        return self._conn.execute(sql, *args)

    def executemany(self, sql, *args):
        raise sqlite3.OperationalError("database or disk is full")

    def __getattr__(self, name):
        return getattr(self._conn, name)


def test_failed_write_raises_and_changes_nothing(store, paju):
    ann = store.add_note(paju, "art_1", "원래 메모")
    real = store.conn
    store.conn = _FailingConnection(real)
    try:
        with pytest.raises(WriteFailed) as exc:
            store.update(ann.id, note="바뀐 메모")
        assert "저장하지 못했습니다" in str(exc.value)
        with pytest.raises(WriteFailed):
            store.add_bookmark(paju, "art_2")
    finally:
        store.conn = real
    assert store.get(ann.id).note == "원래 메모" and store.count() == 1
    assert not real.in_transaction


def test_store_file_lives_in_data_dir(store):
    assert store.path.parent == store.data_dir and Path(store.path).name == "annotations.sqlite3"
