"""Building, checking and opening the Whoosh index, with its manifest.

The index folder holds Whoosh's files and ``manifest.json``: schema and
analyzer versions, the analyzer design, every document's content hash and
the sha256 of every source file (and the catalog).  Builds are
deterministic: the same documents give the same files.
"""

from __future__ import annotations

import gc
import hashlib
import json
import random
import shutil
import sys
import tempfile
import warnings
from array import array
from collections.abc import Iterable
from pathlib import Path

from whoosh import index as windex
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage

from desktop.core.model import Document
from desktop.search.analysis import ANALYZER_VERSION, DEFAULT_DESIGN, analyzer, tokenize
from desktop.search.units import document_hash, iter_units

SCHEMA_VERSION = 2
MANIFEST = "manifest.json"
LENGTHS = "lengths.bin"  # body length (terms) of every unit, in docnum order, uint32 little-endian
INDEX_NAME = "units"


class IndexUnavailable(Exception):
    """The index cannot be used; ``str(exc)`` is a Korean message for the user."""

    hint = "개발 환경에서는 'python -m desktop build-index' 로 다시 만들 수 있습니다."

    def __init__(self, message: str) -> None:
        super().__init__(f"{message} {self.hint}")


class IndexMissing(IndexUnavailable):
    """No index (or no manifest) in the folder."""


class IndexStale(IndexUnavailable):
    """The index was built from other documents, or by another version of the search code."""


class IndexCorrupt(IndexUnavailable):
    """The index files cannot be read."""


def make_schema(design: str = DEFAULT_DESIGN) -> Schema:
    """Fields of one unit.  ``body`` = heading + text (all matching), ``heading`` boosts."""
    ana = analyzer(design)
    return Schema(
        key=ID(unique=True),
        doc_id=ID(stored=True),
        eid=ID(stored=True),
        article=ID(stored=True),
        kind=STORED,
        row=STORED,
        citation=STORED,
        heading_text=STORED,
        text=STORED,
        path=STORED,
        body=TEXT(analyzer=ana, phrase=False),
        heading=TEXT(analyzer=ana, phrase=False),
        docname=TEXT(analyzer=ana, phrase=False),
    )


def sha256_file(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def source_hashes(folder: Path) -> dict[str, str]:
    """sha256 of the catalog and every file it names (``folder`` = a seeds folder)."""
    from desktop.core.catalog import CATALOG_NAME, load_catalog

    folder = Path(folder)
    out = {CATALOG_NAME: sha256_file(folder / CATALOG_NAME)}
    for entry in load_catalog(folder):
        path = entry.path(folder)
        out[path.name] = sha256_file(path)
    return dict(sorted(out.items()))


def documents_manifest(documents: Iterable[Document]) -> list[dict]:
    return [
        {
            "id": doc.id,
            "title": doc.title,
            "kind": doc.kind.value,
            "municipality": doc.metadata.get("municipality", ""),
            "hash": document_hash(doc),
        }
        for doc in documents
    ]


def build_index(documents: list[Document], index_dir: str | Path, *, sources: dict[str, str] | None = None,
                design: str = DEFAULT_DESIGN) -> dict:
    """(Re)write ``index_dir`` with every unit of ``documents``; returns the manifest."""
    index_dir = Path(index_dir)
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".index-", dir=index_dir.parent))
    state = random.getstate()
    random.seed(20240305)  # Whoosh names segments with random ids: keep builds byte-identical
    try:
        ix = windex.create_in(str(tmp), make_schema(design), indexname=INDEX_NAME)
        writer = ix.writer(limitmb=256, compound=False)  # compound files record mtimes: not reproducible
        units = 0
        lengths = array("I")
        junctions = design == "bigram-junction"
        for doc in documents:
            docname = " ".join(filter(None, [doc.title, doc.metadata.get("municipality", ""), doc.id]))
            for unit in iter_units(doc):
                writer.add_document(
                    key=unit.key, doc_id=unit.doc_id, eid=unit.eid, article=unit.article, kind=unit.kind,
                    row=unit.row, citation=unit.citation, heading_text=unit.heading, text=unit.text,
                    path=unit.path, body=f"{unit.heading}\n{unit.text}", heading=unit.heading, docname=docname,
                )
                units += 1
                lengths.append(len(tokenize(f"{unit.heading}\n{unit.text}", junctions)))
        writer.commit()
        ix.close()
        for lock in tmp.glob("*_WRITELOCK"):
            lock.unlink()
    finally:
        random.setstate(state)
    manifest = {
        "schema_version": SCHEMA_VERSION,
        "analyzer_version": ANALYZER_VERSION,
        "design": design,
        "units": units,
        "documents": documents_manifest(documents),
        "sources": sources or {},
    }
    if sys.byteorder != "little":  # pragma: no cover
        lengths.byteswap()
    (tmp / LENGTHS).write_bytes(lengths.tobytes())
    (tmp / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                encoding="utf-8")
    _replace_dir(tmp, index_dir)
    return manifest


def _replace_dir(new: Path, target: Path) -> None:
    """Move ``new``'s files into ``target`` (keeping a ``.gitkeep``), removing old index files."""
    target.mkdir(parents=True, exist_ok=True)
    for old in target.iterdir():
        if old.name != ".gitkeep":
            shutil.rmtree(old) if old.is_dir() else old.unlink()
    for f in sorted(new.iterdir()):
        shutil.move(str(f), target / f.name)
    new.rmdir()


def read_manifest(index_dir: str | Path) -> dict:
    """The manifest, or :class:`IndexMissing` / :class:`IndexCorrupt` / :class:`IndexStale`."""
    path = Path(index_dir) / MANIFEST
    if not path.is_file():
        raise IndexMissing(f"검색 색인이 없습니다 ({Path(index_dir)}).")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        versions = (manifest["schema_version"], manifest["analyzer_version"])
        manifest["documents"], manifest["design"]  # presence check
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise IndexCorrupt(f"검색 색인 목록(manifest)이 손상되었습니다: {exc}") from exc
    if versions != (SCHEMA_VERSION, ANALYZER_VERSION):
        raise IndexStale(f"검색 색인이 이전 버전의 프로그램으로 만들어졌습니다 (버전 {versions[0]}/{versions[1]}).")
    return manifest


def check_fresh(manifest: dict, *, documents: Iterable[Document] | None = None,
                sources_dir: str | Path | None = None) -> None:
    """:class:`IndexStale` when the manifest does not describe these documents/sources."""
    if documents is not None:
        want = {d["id"]: d["hash"] for d in documents_manifest(documents)}
        have = {d["id"]: d["hash"] for d in manifest["documents"]}
        if want != have:
            changed = sorted(set(want) ^ set(have) | {k for k in want.keys() & have.keys() if want[k] != have[k]})
            raise IndexStale(f"검색 색인이 현재 문서와 다릅니다 (바뀐 문서: {', '.join(changed[:5])}).")
    if sources_dir is not None:
        try:
            current = source_hashes(Path(sources_dir))
        except Exception as exc:  # catalog errors are reported by the library itself
            raise IndexStale(f"원본 문서를 확인할 수 없습니다: {exc}") from exc
        if current != manifest.get("sources"):
            raise IndexStale("검색 색인이 현재 원본 파일과 다릅니다.")


def read_lengths(index_dir: str | Path, doc_count: int) -> list[int]:
    """The per-unit body lengths written by :func:`build_index`, or :class:`IndexCorrupt`."""
    try:
        lengths = array("I")
        lengths.frombytes((Path(index_dir) / LENGTHS).read_bytes())
    except (OSError, ValueError) as exc:
        raise IndexCorrupt(f"검색 색인의 길이 정보를 읽을 수 없습니다: {exc}") from exc
    if sys.byteorder != "little":  # pragma: no cover
        lengths.byteswap()
    if len(lengths) != doc_count:
        raise IndexCorrupt(f"검색 색인의 길이 정보가 맞지 않습니다 ({len(lengths)} ≠ {doc_count}).")
    return lengths.tolist()


def open_whoosh(index_dir: str | Path):
    """Open the Whoosh index read-only, or :class:`IndexCorrupt`."""
    with warnings.catch_warnings():  # a broken index makes Whoosh drop open files
        warnings.simplefilter("ignore", ResourceWarning)
        ix = None
        try:
            storage = FileStorage(str(index_dir), readonly=True)
            ix = storage.open_index(indexname=INDEX_NAME)
            with ix.reader() as reader:  # touches the term, posting and stored-field files
                reader.doc_count_all()
                next(iter(reader.all_terms()), None)
                if reader.doc_count_all():
                    reader.stored_fields(0)
            return ix
        except windex.EmptyIndexError:
            error: IndexUnavailable = IndexMissing(f"검색 색인 파일이 없습니다 ({index_dir}).")
        except Exception as exc:
            error = IndexCorrupt(f"검색 색인을 읽을 수 없습니다 ({type(exc).__name__}: {exc}).")
        release(ix)
    raise error


def release(ix) -> None:
    """Close a half-opened index and collect the files Whoosh left open, quietly."""
    try:
        if ix is not None:
            ix.close()
    except Exception:
        pass
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()
