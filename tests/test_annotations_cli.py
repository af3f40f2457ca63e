"""``python -m desktop notes list|add|export|import``, with --data-dir and the environment variable."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import ROOT


def notes(*args, env=None):
    """Run ``notes …``; the caller's ORDINANCE_READER_DATA never leaks in (tests pass --data-dir or ``env``)."""
    full_env = {k: v for k, v in os.environ.items() if k != "ORDINANCE_READER_DATA"}
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "desktop", "notes", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env=full_env)


def test_add_list_export_import(tmp_path):
    d = ["--data-dir", str(tmp_path / "data")]
    out = notes("add", "paju-ai-basic", "art_8__para_1", "--text", "위원 수 <b>확인</b>",
                "--quote", "15명 이내의 위원으로", "--color", "노랑", "--tag", "예산", *d)
    assert out.returncode == 0, out.stderr
    note_id, kind, citation, quote = out.stdout.strip().split("\t")
    assert (kind, citation, quote) == ("메모", "파주시 인공지능 기본 조례 제8조제1항", "15명 이내의 위원으로")
    out = notes("add", "paju-ai-basic", "art_1", "--quote", "인공지능 기술", "--color", "blue", *d)
    assert out.returncode == 0 and "\t형광펜\t" in out.stdout
    out = notes("add", "paju-ai-basic", "art_6", *d)
    assert out.returncode == 0 and "\t책갈피\t" in out.stdout

    out = notes("list", *d)
    lines = out.stdout.strip().splitlines()
    assert out.returncode == 0 and len(lines) == 3 and lines[0].startswith(note_id)
    assert "위원 수 <b>확인</b>" in lines[0]  # verbatim
    listed = json.loads(notes("list", "--json", "--color", "파랑", *d).stdout)
    assert [a["kind"] for a in listed] == ["highlight"]

    export = tmp_path / "mine.json"
    out = notes("export", str(export), *d)
    assert out.returncode == 0 and "3개" in out.stderr
    assert json.loads(export.read_text(encoding="utf-8"))["total"] == 3
    md = notes("export", "-", "--format", "md", "--tag", "예산", *d).stdout
    assert "제8조제1항" in md and "\\<b\\>확인" in md and "인공지능 기술" not in md

    other = ["--data-dir", str(tmp_path / "colleague")]
    out = notes("import", str(export), *other)
    assert out.returncode == 0 and "새 주석 3개" in out.stdout
    out = notes("import", str(export), *other)
    assert "새 주석 0개" in out.stdout and "변경 없음 3개" in out.stdout
    assert len(notes("list", *other).stdout.strip().splitlines()) == 3


def test_environment_variable_selects_the_store(tmp_path):
    env = {"ORDINANCE_READER_DATA": str(tmp_path / "usb")}
    out = notes("add", "yeosu-ai-society", "art_1", "--text", "USB에 저장", env=env)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "usb" / "annotations.sqlite3").exists()
    assert "USB에 저장" in notes("list", env=env).stdout
    # --data-dir wins over the variable
    assert notes("list", "--data-dir", str(tmp_path / "other"), env=env).stdout == ""


def test_bad_input_exits_2_in_korean(tmp_path):
    d = ["--data-dir", str(tmp_path)]
    out = notes("add", "nope", "art_1", "--text", "x", *d)
    assert out.returncode == 2 and "문서 'nope'" in out.stderr
    out = notes("add", "paju-ai-basic", "art_99", "--text", "x", *d)
    assert out.returncode == 2 and "art_99" in out.stderr and "없습니다" in out.stderr
    out = notes("add", "paju-ai-basic", "art_1", "--quote", "조례에 없는 문구", "--text", "x", *d)
    assert out.returncode == 2 and "조례에 없는 문구" in out.stderr
    out = notes("add", "paju-ai-basic", "art_1", "--quote", "인공지능", "--color", "보라", *d)
    assert out.returncode == 2 and "알 수 없는 색" in out.stderr
    out = notes("delete", "0" * 32, *d)
    assert out.returncode == 2
    assert notes("list", *d).stdout == ""  # nothing was added by the failures


def test_bad_import_file_exits_1_and_changes_nothing(tmp_path):
    d = ["--data-dir", str(tmp_path / "data")]
    notes("add", "paju-ai-basic", "art_1", "--text", "원래 메모", *d)
    bad = tmp_path / "bad.json"
    bad.write_text('{"type": "Something"}', encoding="utf-8")
    out = notes("import", str(bad), *d)
    assert out.returncode == 1 and "가져오지 못했습니다" in out.stderr and "아무것도 바뀌지 않았습니다" in out.stderr
    assert len(notes("list", *d).stdout.strip().splitlines()) == 1


def test_unusable_data_dir_is_a_message_not_a_traceback(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    out = notes("list", "--data-dir", str(blocker / "sub"))
    assert out.returncode == 1 and "메모 저장소를 열 수 없습니다" in out.stderr and "Traceback" not in out.stderr
