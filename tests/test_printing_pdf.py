"""``python -m desktop export-pdf`` end to end: pages, embedded fonts and the text poppler reads back.

Runs the real command in a subprocess without a display (the command picks
Qt's offscreen platform itself) and checks the PDF with poppler's pdfinfo,
pdffonts and pdftotext.  Error cases must leave no file behind.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
POPPLER = all(shutil.which(tool) for tool in ("pdfinfo", "pdffonts", "pdftotext"))
pytestmark = pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdfinfo, pdffonts, pdftotext) not installed")

PAJU, REPORT = "paju-ai-basic", "seoul-future-strategy-review"


def export(*args: str, data_dir: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["ORDINANCE_READER_DATA"] = str(data_dir or Path("/nonexistent-printing-test-data"))
    return subprocess.run([sys.executable, "-m", "desktop", "export-pdf", *args, "--date", "2026-05-01"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "595 x 842 pts (A4)" in info
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def fonts(pdf: Path) -> list[tuple[str, str]]:
    """(font name, emb column) of every font in the PDF."""
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        cols = line.split()
        emb = next(c for c in cols[1:] if c in ("yes", "no"))
        rows.append((cols[0], emb))
    return rows


def text(pdf: Path, *extra: str) -> str:
    return subprocess.run(["pdftotext", *extra, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def body_text(pdf: Path, header: str) -> str:
    """Content-stream text without the running header and footer (a cell may continue on the next page)."""
    lines = text(pdf, "-raw").splitlines()
    return "\n".join(line for line in lines if line.strip() != header and not line.startswith("인쇄일 "))


def squeeze(s: str) -> str:
    return re.sub(r"\s+", "", s)


def flat(s: str) -> str:
    return " ".join(s.split())


@pytest.fixture(scope="module")
def article_pdf(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pdf") / "제8조 발췌.pdf"
    result = export(PAJU, "art_8__para_5__item_1", "art_8", "art_8__para_1", "art_3", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("1쪽")
    return out


def test_article_excerpt_one_page_serif_font_embedded(article_pdf):
    assert pages(article_pdf) == 1
    found = fonts(article_pdf)
    assert found, "no fonts at all?"
    assert all(emb == "yes" for _name, emb in found), found
    assert any("NotoSerifKR" in name for name, _emb in found), found
    assert not any("Sans" in name for name, _emb in found)


def test_article_text_comes_back_exactly(article_pdf, library):
    raw = text(article_pdf)
    lines = flat(raw)
    assert "파주시 인공지능 기본 조례 제8조(위원회 구성)" in lines
    assert "파주시 인공지능 기본 조례 제3조(기본원칙)" in lines
    # nested selections folded: one heading for 제8조, and 제3조 before 제8조 (document order)
    assert lines.count("기본 조례 제8조(위원회 구성)") == 1
    assert lines.index("제3조(기본원칙)") < lines.index("제8조(위원회 구성)")
    for needle in ("제8조(위원회 구성)", "15명", "10분의 6", "성별(性別)", "2025. 9. 30.", "조례 제2297호",
                   "인쇄일 2026. 5. 1.", "쪽 1 / 1"):
        assert needle in lines, needle
    # every word of every printed unit, digits and parentheses included (Noto KR without locl)
    doc = library.get(PAJU)
    squeezed = squeeze(raw)
    for eid in ("art_3", "art_8"):
        for node in doc.find(eid).walk():
            assert squeeze(node.label + node.text) in squeezed, node.eid


def test_report_tables_are_printed_as_tables(tmp_path, library):
    out = tmp_path / "report.pdf"
    result = export(REPORT, "cost__pt_3__sub_1__tbl_1", "cmp", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert pages(out) == 1
    layout = text(out, "-layout")
    assert "신·구조문대비표" in layout
    # cells side by side on one line: a table, not a list
    assert re.search(r"현\s?행\s{3,}개\s?정\s?안", layout)
    assert re.search(r"계\s{3,}1,013,234", layout)
    assert re.search(r"시스템 운영\(대시민 챗봇 유지관리 등\)\s{3,}738,738", layout)
    squeezed = squeeze(body_text(out, library.get(REPORT).title))
    node = library.get(REPORT).find("cost__pt_3__sub_1__tbl_1")
    for row in node.rows:
        for cell in row:
            assert squeeze(cell) in squeezed, cell
    assert squeeze("신기술 및 인공지능을 활용한 시책 개발 및 보급을 위한 사업") in squeezed


def test_no_tables_option_omits_them(tmp_path):
    out = tmp_path / "no-tables.pdf"
    assert export(REPORT, "cost__pt_3__sub_1__tbl_1", "--no-tables", "-o", str(out)).returncode == 0
    body = flat(text(out))
    assert "(표 생략)" in body and "1,013,234" not in body


def test_long_selection_paginates_with_page_numbers(tmp_path, library):
    out = tmp_path / "whole.pdf"
    eids = [n.eid for n in library.get(PAJU).nodes]
    assert export(PAJU, *eids, "-o", str(out)).returncode == 0
    n = pages(out)
    assert n == 5
    body = flat(text(out))
    for page in range(1, n + 1):
        assert f"쪽 {page} / {n}" in body
    assert body.count("인쇄일 2026. 5. 1.") == n
    squeezed = squeeze(body)
    assert squeeze("파주시 인공지능 기본 조례 부칙(2025. 9. 30. 조례 제2297호)") in squeezed
    for node in library.get(PAJU).walk():  # no unit lost between pages
        assert squeeze(node.text) in squeezed, node.eid


@pytest.fixture
def data_dir(tmp_path, library) -> Path:
    from desktop.annotations import AnnotationStore

    folder = tmp_path / "data"
    doc = library.get(PAJU)
    store = AnnotationStore(folder)
    try:
        text_ = doc.find("art_8__para_1").text
        start = text_.index("15명 이내")
        store.add_highlight(doc, "art_8__para_1", start, start + len("15명 이내"), "yellow")
        store.add_note(doc, "art_8__para_1", "위촉직 성비 기준은 2026년 개정 검토 대상")
        store.add_note(doc, "art_8__para_5__item_1", "시의회 추천 2명: 상임위 협의", quote="2명")
        store.add_bookmark(doc, "art_10")
    finally:
        store.close()
    return folder


def test_notes_boxed_under_the_unit(tmp_path, data_dir):
    out = tmp_path / "notes.pdf"
    result = export(PAJU, "art_8", "--with-notes", "--with-highlights", "--data-dir", str(data_dir), "-o", str(out))
    assert result.returncode == 0, result.stderr
    body = flat(text(out))
    assert "메모 위촉직 성비 기준은 2026년 개정 검토 대상" in body
    assert "메모 “2명” — 시의회 추천 2명: 상임위 협의" in body
    plain = tmp_path / "plain.pdf"
    assert export(PAJU, "art_8", "--data-dir", str(data_dir), "-o", str(plain)).returncode == 0
    assert "성비 기준" not in text(plain)


def test_notes_as_footnotes_and_bookmarks(tmp_path, data_dir):
    out = tmp_path / "footnotes.pdf"
    result = export(PAJU, "art_8", "--bookmarks", "--with-notes", "--footnotes", "--data-dir", str(data_dir),
                    "-o", str(out))
    assert result.returncode == 0, result.stderr
    body = flat(text(out))
    assert "1) 위촉직 성비 기준은 2026년 개정 검토 대상" in body
    assert "2) “2명” — 시의회 추천 2명: 상임위 협의" in body
    from desktop.render.html import RenderOptions

    if "markers" in RenderOptions.__dataclass_fields__:  # marks after the text need the renderer's support
        assert "¹⁾" in body and "²⁾" in body
    assert "파주시 인공지능 기본 조례 제10조(위원회 운영)" in body  # the bookmarked article


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        ((PAJU, "art_99"), 2, "없는 단위: paju-ai-basic#art_99"),
        (("no-such-doc", "art_1"), 2, "문서 'no-such-doc'이(가) 없습니다"),
        ((PAJU,), 2, "인쇄할 조문이 없습니다"),
    ],
)
def test_bad_selections_exit_2_and_leave_no_file(tmp_path, args, code, message):
    out = tmp_path / "out.pdf"
    result = export(*args, "-o", str(out))
    assert result.returncode == code
    assert message in result.stderr and result.stderr.startswith("오류: ")
    assert list(tmp_path.iterdir()) == []


def test_unwritable_targets_exit_1_and_leave_no_file(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    result = export(PAJU, "art_8", "-o", str(blocker / "out.pdf"))
    assert result.returncode == 1 and "오류: " in result.stderr
    result = export(PAJU, "art_8", "-o", str(tmp_path))
    assert result.returncode == 1 and "폴더입니다" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_failed_rename_leaves_no_temporary_file_and_keeps_the_old_pdf(tmp_path, monkeypatch):
    from desktop.printing import export as export_module

    target = tmp_path / "handout.pdf"
    target.write_bytes(b"old")

    def fail(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export_module.os, "replace", fail)
    with pytest.raises(export_module.ExportError, match="저장할 수 없습니다"):
        export_module.write_atomically(target, b"%PDF-new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["handout.pdf"]


def test_report_excerpt_spanning_pages_loses_and_repeats_nothing(tmp_path, library):
    out = tmp_path / "report-long.pdf"
    result = export(REPORT, "rpt_3", "cmp", "ref", "cost", "-o", str(out))
    assert result.returncode == 0, result.stderr
    n = pages(out)
    assert n == 7
    doc = library.get(REPORT)
    body = body_text(out, doc.title)
    squeezed = squeeze(body)
    for eid in ("rpt_3", "cmp", "ref", "cost"):
        for node in doc.find(eid).walk():
            assert squeeze(node.text) in squeezed, node.eid
            for row in node.rows:  # a cell may continue on the next page: check its words
                for cell in row:
                    assert all(squeeze(word) in squeezed for word in cell.split()), (node.eid, cell)
    # nor drawn twice: Qt also paints the line above the clip; a paragraph split by a page break would leave an
    # invisible copy of its last line on the next page (pdftotext reads it)
    per_page = [[ln for ln in text(out, "-raw", "-f", str(p), "-l", str(p)).splitlines()
                 if ln.strip() and ln.strip() != doc.title and not ln.startswith("인쇄일 ")] for p in range(1, n + 1)]
    for page, (before, after) in enumerate(itertools.pairwise(per_page), start=2):
        assert before[-1] not in after[:3], (page, before[-1], after[:3])
