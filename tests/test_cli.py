"""The command line: docs, outline, show; unknown ids exit 2 with a Korean message."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT, SEEDS


def run(*args):
    return subprocess.run([sys.executable, "-m", "desktop", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_docs_lists_all_documents():
    out = run("docs")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().splitlines()
    assert {line.split("\t")[0] for line in lines} == {p.stem for p in SEEDS.glob("*.txt")}


def test_outline_json_shape():
    out = run("outline", "paju-ai-basic", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert {"id", "title", "kind", "metadata", "preamble", "nodes"} <= set(data)
    node = data["nodes"][7]
    assert {"eid", "kind", "label", "heading", "text", "rows", "children"} <= set(node)
    assert node["eid"] == "art_8" and len(node["children"]) == 5


def test_outline_text_and_file_preview(tmp_path):
    out = run("outline", "yeosu-ai-society")
    assert "제8조(위원회의 구성)" in out.stdout and "⟨art_8__para_3__item_2⟩" in out.stdout
    sample = tmp_path / "sample.txt"
    sample.write_text("샘플 조례\n\n제1조(목적) 이 조례는 시험용이다.\n", encoding="utf-8")
    out = run("outline", "--file", str(sample), "--json")
    assert out.returncode == 0 and json.loads(out.stdout)["nodes"][0]["eid"] == "art_1"


def test_show_prints_unit_with_citation():
    out = run("show", "paju-ai-basic", "art_8__para_5")
    assert out.returncode == 0
    lines = out.stdout.splitlines()
    assert lines[0] == "파주시 인공지능 기본 조례 제8조제5항"
    assert any(line.strip().startswith("1. 파주시의회에서 추천하는 사람 2명") for line in lines)


def test_unknown_ids_exit_2():
    out = run("show", "nope", "art_1")
    assert out.returncode == 2 and "문서 'nope'" in out.stderr
    out = run("show", "paju-ai-basic", "art_99")
    assert out.returncode == 2 and "art_99" in out.stderr
    out = run("outline", "nope")
    assert out.returncode == 2


def test_unparseable_file_is_an_error_naming_it(tmp_path):
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("제1조(목적)".encode("cp949"))
    out = run("outline", "--file", str(bad))
    assert out.returncode == 1 and "latin1.txt:1" in out.stderr
