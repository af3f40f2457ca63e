"""The catalog is validated; a bad entry names the file and the field."""

from __future__ import annotations

import shutil

import pytest

from desktop.core.catalog import CatalogError, load_catalog
from tests.conftest import SEEDS


def test_seed_catalog_lists_every_seed():
    entries = load_catalog(SEEDS)
    assert sorted(e.id for e in entries) == sorted(p.stem for p in SEEDS.glob("*.txt"))
    paju = next(e for e in entries if e.id == "paju-ai-basic")
    assert paju.kind.value == "ordinance" and paju.number == "조례 제2297호"
    assert str(paju.promulgated) == "2025-09-30"
    report = next(e for e in entries if e.id == "seoul-future-strategy-review")
    assert report.kind.value == "report" and report.bill_number == "1544"


def test_catalog_agrees_with_the_texts(library):
    for doc in library:
        entry = library.entries[doc.id]
        if entry.kind.value == "ordinance":
            assert doc.metadata["조례번호"] in entry.number
            assert doc.metadata["공포일"] == entry.promulgated.isoformat()


def _copy(tmp_path, text):
    for p in SEEDS.glob("*.txt"):
        shutil.copy(p, tmp_path)
    (tmp_path / "catalog.toml").write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ('id = "paju-ai-basic"\ntitle = "x"\nkind = "law"\n', r"document\[0\]\.kind"),
        ('id = "paju-ai-basic"\ntitle = "x"\nkind = "ordinance"\npromulgated = "2025-13-40"\n', r"document\[0\]\.promulgated"),
        ('id = "nope"\ntitle = "x"\nkind = "ordinance"\n', r"document\[0\]\.file"),
        ('id = "paju-ai-basic"\ntitle = "x"\nkind = "ordinance"\ncolour = "red"\n', r"document\[0\]\.colour"),
    ],
)
def test_bad_entry_names_file_and_field(tmp_path, entry, expected):
    folder = _copy(tmp_path, "[[document]]\n" + entry)
    with pytest.raises(CatalogError, match=expected) as err:
        load_catalog(folder)
    assert "catalog.toml" in str(err.value)


def test_duplicate_id_and_broken_toml(tmp_path):
    folder = _copy(tmp_path, '[[document]]\nid="paju-ai-basic"\ntitle="a"\nkind="ordinance"\n' * 2)
    with pytest.raises(CatalogError, match="중복"):
        load_catalog(folder)
    (folder / "catalog.toml").write_text("[[document]\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="형식 오류"):
        load_catalog(folder)
