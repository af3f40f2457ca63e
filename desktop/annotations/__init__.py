"""Highlights, notes and bookmarks: a Qt-free store that never loses them.

- :mod:`.models` — pydantic models (:class:`Annotation`, :class:`Anchor`, colours, statuses);
- :mod:`.anchoring` — W3C TextQuoteSelector anchors and re-attaching them to changed documents;
- :mod:`.store` — the store: add/edit/delete with undo data, filters, re-anchoring, merging;
- :mod:`.database`, :mod:`.schema`, :mod:`.backups` — the SQLite file, migrations, backups, recovery;
- :mod:`.exchange` — W3C Web Annotation JSON and Markdown export, merging import;
- :mod:`.commands` — ``python -m desktop notes …``.
"""

from desktop.annotations.anchoring import AnchorResult, DocumentText, document_hash, reanchor
from desktop.annotations.backups import BackupFile
from desktop.annotations.database import ENV_DATA_DIR, Recovery, resolve_data_dir
from desktop.annotations.errors import (
    AnchorError,
    AnnotationError,
    DuplicateId,
    ImportFailed,
    NewerSchema,
    NotFound,
    QuoteNotFound,
    StoreUnavailable,
    UnitNotFound,
    WriteFailed,
)
from desktop.annotations.exchange import ImportReport, export_json, export_markdown, import_annotations
from desktop.annotations.models import (
    Anchor,
    AnchorStatus,
    Annotation,
    AnnotationFilter,
    Color,
    Kind,
    NoteText,
)
from desktop.annotations.store import AnnotationStore, Reanchored

__all__ = [
    "ENV_DATA_DIR", "Anchor", "AnchorError", "AnchorResult", "AnchorStatus", "Annotation", "AnnotationError",
    "AnnotationFilter", "AnnotationStore", "BackupFile", "Color", "DocumentText", "DuplicateId", "ImportFailed",
    "ImportReport", "Kind", "NewerSchema", "NotFound", "NoteText", "QuoteNotFound", "Reanchored", "Recovery",
    "StoreUnavailable", "UnitNotFound", "WriteFailed", "document_hash", "export_json", "export_markdown",
    "import_annotations", "reanchor", "resolve_data_dir",
]
