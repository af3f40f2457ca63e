"""The library: every document the app knows, parsed from the catalog's files."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from desktop.core.catalog import CatalogEntry, load_catalog
from desktop.core.model import Document, Node
from desktop.core.parsing import parse_file


class UnknownDocument(KeyError):
    """No document with that id."""


class UnknownUnit(KeyError):
    """No unit with that eid in the document."""


class Library:
    """Documents by id, in catalog order, with cached eid look-ups."""

    def __init__(self, documents: list[Document], entries: list[CatalogEntry] | None = None) -> None:
        self._docs = {doc.id: doc for doc in documents}
        self.entries = {e.id: e for e in entries or []}
        self._indexes: dict[str, dict[str, Node]] = {}

    @classmethod
    def load(cls, folder: str | Path) -> Library:
        """Parse every catalogued file of ``folder`` (catalog metadata wins over parsed)."""
        folder = Path(folder)
        entries = load_catalog(folder)
        docs = []
        for entry in entries:
            doc = parse_file(entry.path(folder), doc_id=entry.id)
            doc.title = entry.title
            doc.kind = entry.kind
            doc.metadata = {**doc.metadata, **entry.metadata()}
            docs.append(doc)
        return cls(docs, entries)

    @cached_property
    def ids(self) -> list[str]:
        """Document ids in catalog order."""
        return list(self._docs)

    def __iter__(self):
        return iter(self._docs.values())

    def __len__(self) -> int:
        return len(self._docs)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._docs

    def get(self, doc_id: str) -> Document:
        """The document, or :class:`UnknownDocument`."""
        try:
            return self._docs[doc_id]
        except KeyError:
            raise UnknownDocument(doc_id) from None

    def node(self, doc_id: str, eid: str) -> Node:
        """The unit ``eid`` of ``doc_id``, or :class:`UnknownUnit`."""
        doc = self.get(doc_id)
        index = self._indexes.get(doc_id)
        if index is None:
            index = self._indexes[doc_id] = doc.index()
        try:
            return index[eid]
        except KeyError:
            raise UnknownUnit(f"{doc_id}#{eid}") from None
