"""Index build, manifest, staleness and corruption messages, the shipped index, the CLI."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from desktop.search.engine import SearchEngine
from desktop.search.indexer import (
    MANIFEST,
    IndexCorrupt,
    IndexMissing,
    IndexStale,
    IndexUnavailable,
    build_index,
    read_manifest,
    source_hashes,
)
from tests.conftest import ROOT, SEEDS


@pytest.fixture()
def built(library, tmp_path):
    path = tmp_path / "index"
    build_index(list(library), path, sources=source_hashes(SEEDS))
    return path


def test_manifest_records_versions_and_hashes(built, library):
    m = read_manifest(built)
    assert m["schema_version"] and m["analyzer_version"] and m["design"] == "bigram-junction"
    assert {d["id"] for d in m["documents"]} == set(library.ids)
    assert "catalog.toml" in m["sources"] and len(m["sources"]) == len(library) + 1


def test_build_is_deterministic(library, built, tmp_path):
    again = tmp_path / "again"
    build_index(list(library), again, sources=source_hashes(SEEDS))
    files = sorted(p.name for p in built.iterdir())
    assert files == sorted(p.name for p in again.iterdir())
    for name in files:
        assert (built / name).read_bytes() == (again / name).read_bytes(), name


def test_missing_index_has_a_korean_message(tmp_path):
    with pytest.raises(IndexMissing) as exc:
        SearchEngine.open(tmp_path / "nowhere")
    assert "검색 색인이 없습니다" in str(exc.value) and "build-index" in str(exc.value)


def test_stale_index_when_documents_change(built, library):
    doc = library.get("paju-ai-basic").model_copy(deep=True)
    doc.nodes[0].text += " 바뀜"
    changed = [doc if d.id == doc.id else d for d in library]
    with pytest.raises(IndexStale) as exc:
        SearchEngine.open(built, changed)
    assert "paju-ai-basic" in str(exc.value)


def test_stale_index_when_a_source_file_changes(built, tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    with open(seeds / "paju-ai-basic.txt", "a", encoding="utf-8") as f:
        f.write("\n")
    with pytest.raises(IndexStale):
        SearchEngine.open(built, sources_dir=seeds)
    SearchEngine.open(built, sources_dir=SEEDS).close()


def test_stale_index_from_another_version(built):
    m = json.loads((built / MANIFEST).read_text(encoding="utf-8"))
    m["analyzer_version"] = -1
    (built / MANIFEST).write_text(json.dumps(m), encoding="utf-8")
    with pytest.raises(IndexStale):
        SearchEngine.open(built)


@pytest.mark.parametrize("damage", ["manifest", "segment", "lengths", "toc"])
def test_corrupt_index_is_reported(built, damage):
    if damage == "manifest":
        (built / MANIFEST).write_text("{not json", encoding="utf-8")
    elif damage == "lengths":
        (built / "lengths.bin").write_bytes(b"\x00")
    else:
        suffix = ".toc" if damage == "toc" else ".trm"
        target = next(p for p in built.iterdir() if p.name.endswith(suffix))
        target.write_bytes(b"\x00garbage" * 3)
    with pytest.raises(IndexUnavailable) as exc:
        SearchEngine.open(built).search_strict("위원회")
    assert isinstance(exc.value, IndexCorrupt | IndexMissing)
    assert "색인" in str(exc.value)


def test_index_opens_read_only(built):
    for p in built.iterdir():
        p.chmod(0o444)
    built.chmod(0o555)
    try:
        engine = SearchEngine.open(built)
        assert engine.search_strict("위원회")
        engine.close()
    finally:
        built.chmod(0o755)


def test_shipped_index_matches_the_seeds(library):
    """index/ in the repository (and the bundle) is what build-index makes from seeds/."""
    engine = SearchEngine.open(ROOT / "index", library, sources_dir=SEEDS)
    assert engine.search_strict("인공지능위원회")[0].article_eid == "art_7"
    engine.close()


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "desktop", *args], cwd=ROOT, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)


def test_cli_search_json():
    out = run_cli("search", "파주", "8조", "--json")
    assert out.returncode == 0, out.stderr
    hits = json.loads(out.stdout)
    assert hits[0]["doc_id"] == "paju-ai-basic" and hits[0]["eid"] == "art_8"
    assert set(hits[0]) == {"doc_id", "eid", "citation", "heading", "snippet", "spans", "score"}


def test_cli_search_text_and_doc_filter():
    out = run_cli("search", "위원회", "구성", "--doc", "yeosu-ai-society", "--limit", "2")
    assert out.returncode == 0 and "여수시" in out.stdout and "파주시" not in out.stdout
    bad = run_cli("search", "위원회", "--doc", "nope")
    assert bad.returncode == 2 and "nope" in bad.stderr


def test_cli_build_index(tmp_path):
    out = run_cli("build-index", "--index", str(tmp_path / "ix"))
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "ix" / MANIFEST).exists()
    assert run_cli("check-index", "--index", str(tmp_path / "ix")).returncode == 0
    assert run_cli("check-index", "--index", str(tmp_path / "none")).returncode == 1
