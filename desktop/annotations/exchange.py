"""Export annotations to W3C Web Annotation JSON and Markdown; import them back.

JSON is an ``AnnotationCollection`` whose items are W3C ``Annotation``\\ s::

    {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "urn:uuid:…", "type": "Annotation",
     "motivation": "highlighting" | "commenting" | "bookmarking",
     "created": "…", "modified": "…",
     "body": [{"type": "TextualBody", "purpose": "commenting", "value": "note", "format": "text/plain"},
              {"type": "TextualBody", "purpose": "tagging", "value": "예산"},
              {"type": "TextualBody", "purpose": "classifying", "value": "yellow"}],
     "target": {"source": "paju-ai-basic#art_8__para_1",
                "selector": [{"type": "TextQuoteSelector", "exact": …, "prefix": …, "suffix": …},
                             {"type": "TextPositionSelector", "start": 10, "end": 24}]},
     "ordinanceReader": {"kind": …, "docHash": …, "status": …, "originalQuote": …, "unitText": …,
                         "unitBefore": …, "unitAfter": …, "citation": …}}

Positions are offsets in the unit's text (the target source is the unit).
The ``ordinanceReader`` member carries what the W3C vocabulary lacks; a file
whose items lack it is "foreign" and refused.  Import validates the whole
file first, re-anchors against the current documents, and merges in one
transaction: a bad file changes nothing.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from desktop.annotations import anchoring
from desktop.annotations.errors import ImportFailed
from desktop.annotations.models import AnchorStatus, Annotation, Kind, now

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
EXT = "ordinanceReader"
FORMAT_VERSION = 1
MAX_IMPORT_BYTES = 50 * 1024 * 1024
_MOTIVATIONS = {k.motivation: k for k in Kind}


def _docs_map(documents) -> dict:
    if documents is None:
        return {}
    if isinstance(documents, Mapping):
        return dict(documents)
    return {doc.id: doc for doc in documents}


# --------------------------------------------------------------------------- JSON out


def to_w3c(ann: Annotation, doc=None) -> dict[str, Any]:
    """One annotation in W3C Web Annotation shape (``doc`` adds a human citation)."""
    a = ann.anchor
    body: list[dict[str, Any]] = []
    if ann.note:
        body.append({"type": "TextualBody", "purpose": "commenting", "value": ann.note,
                     "format": "text/plain", "language": "ko"})
    body += [{"type": "TextualBody", "purpose": "tagging", "value": t} for t in ann.tags]
    if ann.color is not None:
        body.append({"type": "TextualBody", "purpose": "classifying", "value": ann.color.value})
    target: dict[str, Any] = {"source": a.source}
    if a.is_range:
        target["selector"] = [
            {"type": "TextQuoteSelector", "exact": a.exact, "prefix": a.prefix, "suffix": a.suffix},
            {"type": "TextPositionSelector", "start": a.start, "end": a.end},
        ]
    ext: dict[str, Any] = {"kind": ann.kind.value, "docHash": a.doc_hash, "status": ann.status.value,
                           "unitBefore": a.unit_before, "unitAfter": a.unit_after}
    if a.is_range:
        ext["originalQuote"] = ann.original_quote
    else:
        ext["unitText"] = a.exact
    if doc is not None:
        ext["citation"] = doc.citation(a.eid)
    return {
        "@context": W3C_CONTEXT, "id": f"urn:uuid:{uuid.UUID(hex=ann.id)}", "type": "Annotation",
        "motivation": ann.kind.motivation, "created": ann.created.isoformat(), "modified": ann.modified.isoformat(),
        "body": body, "target": target, EXT: ext,
    }


def export_json(annotations: Iterable[Annotation], documents=None) -> str:
    """An ``AnnotationCollection`` (pretty JSON text, UTF-8 safe)."""
    docs = _docs_map(documents)
    items = [to_w3c(a, docs.get(a.anchor.doc_id)) for a in annotations]
    collection = {
        "@context": W3C_CONTEXT, "type": "AnnotationCollection", "label": "조례 열람기 주석",
        "generator": {"type": "Software", "name": "조례 열람기 (ordinance-reader)", "formatVersion": FORMAT_VERSION},
        "generated": now().isoformat(), "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }
    return json.dumps(collection, ensure_ascii=False, indent=1) + "\n"


# --------------------------------------------------------------------------- Markdown out

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~!])")


def md_escape(text: str) -> str:
    """Backslash-escape Markdown/HTML punctuation so a note shows literally in any viewer."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def _md_lines(ann: Annotation, quote: str | None = None) -> list[str]:
    out = []
    quote = ann.quote if quote is None else quote
    if quote:
        out += [f"> {md_escape(line)}" for line in quote.splitlines() or [""]]
        out.append("")
    meta = [ann.kind.korean]
    if ann.color is not None:
        meta.append(ann.color.korean)
    meta += [f"#{md_escape(t)}" for t in ann.tags]
    if ann.status is not AnchorStatus.EXACT:
        meta.append(f"({ann.status.korean})")
    out.append(" · ".join(meta))
    if ann.note:
        out.append("")
        out += [md_escape(line) + "  " for line in ann.note.splitlines()]
    out.append("")
    return out


def export_markdown(annotations: Iterable[Annotation], documents=None) -> str:
    """A reading copy: per document, per unit in document order: citation, quote, note."""
    docs = _docs_map(documents)
    anns = list(annotations)
    by_doc: dict[str, list[Annotation]] = {}
    for ann in anns:
        by_doc.setdefault(ann.anchor.doc_id, []).append(ann)
    order = [d for d in docs if d in by_doc] + sorted(d for d in by_doc if d not in docs)
    lines = [f"# 조례 열람기 주석 ({len(anns)}개, {now().astimezone().strftime('%Y-%m-%d')} 내보냄)", ""]
    for doc_id in order:
        doc = docs.get(doc_id)
        lines += [f"## {md_escape(doc.title if doc else doc_id)}", ""]
        dt = anchoring.DocumentText(doc) if doc else None
        placed = [a for a in by_doc[doc_id] if not a.is_orphan]
        placed.sort(key=lambda a: (dt.order.get(a.anchor.eid, 1 << 30) if dt else 0, a.anchor.eid,
                                   a.anchor.start or 0))
        last = None
        for ann in placed:
            if ann.anchor.eid != last:  # one heading per unit
                cite = doc.citation(ann.anchor.eid) if doc else ann.anchor.source
                lines += [f"### {md_escape(cite)}", ""]
                last = ann.anchor.eid
            lines += _md_lines(ann)
        orphans = [a for a in by_doc[doc_id] if a.is_orphan]
        if orphans:
            lines += ["### 위치를 잃은 주석", "", "문서가 바뀌어 원래 자리를 찾지 못했습니다. 처음 인용한 문구:", ""]
            for ann in orphans:
                was = f"(원래 위치: {ann.anchor.source})"
                lines += [*_md_lines(ann, ann.original_quote or ann.anchor.exact[:80]), was, ""]
    return "\n".join(lines).rstrip() + "\n"


# --------------------------------------------------------------------------- JSON in


def _items(data: Any) -> list[Any]:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        kind = data.get("type")
        if kind == "AnnotationCollection":
            page = data.get("first")
            if isinstance(page, dict) and isinstance(page.get("items"), list):
                return page["items"]
            raise ValueError("AnnotationCollection 에 first.items 목록이 없습니다")
        if kind == "AnnotationPage" and isinstance(data.get("items"), list):
            return data["items"]
        if kind == "Annotation":
            return [data]
    raise ValueError("W3C 웹 주석(Web Annotation) JSON 파일이 아닙니다")


def _parse_id(value: Any) -> str:
    text = str(value or "")
    text = text.removeprefix("urn:uuid:")
    return uuid.UUID(text).hex


def from_w3c(item: Any) -> Annotation:
    """One W3C annotation written by this program → :class:`Annotation` (ValueError in Korean)."""
    if not isinstance(item, dict) or item.get("type") != "Annotation":
        raise ValueError("type 이 'Annotation' 인 객체가 아닙니다")
    ext = item.get(EXT)
    if not isinstance(ext, dict):
        raise ValueError("조례 열람기에서 내보낸 주석이 아닙니다 (ordinanceReader 정보 없음)")
    try:
        ann_id = _parse_id(item.get("id"))
    except ValueError:
        raise ValueError(f"id '{item.get('id')}' 가 올바르지 않습니다") from None
    kind = Kind(ext.get("kind"))
    if _MOTIVATIONS.get(item.get("motivation")) is not kind:
        raise ValueError(f"motivation '{item.get('motivation')}' 이(가) 종류 '{kind.value}'와 맞지 않습니다")
    target = item.get("target")
    if not isinstance(target, dict) or "#" not in str(target.get("source", "")):
        raise ValueError("target.source 가 '문서id#단위eid' 형태가 아닙니다")
    doc_id, eid = str(target["source"]).split("#", 1)
    selectors = {s.get("type"): s for s in target.get("selector") or [] if isinstance(s, dict)}
    anchor: dict[str, Any] = {"doc_id": doc_id, "eid": eid, "doc_hash": str(ext.get("docHash", "")),
                              "unit_before": str(ext.get("unitBefore", "")), "unit_after": str(ext.get("unitAfter", ""))}
    if "TextQuoteSelector" in selectors or "TextPositionSelector" in selectors:
        quote, pos = selectors.get("TextQuoteSelector"), selectors.get("TextPositionSelector")
        if quote is None or pos is None:
            raise ValueError("TextQuoteSelector 와 TextPositionSelector 가 함께 있어야 합니다")
        anchor.update(exact=quote.get("exact"), prefix=quote.get("prefix", ""), suffix=quote.get("suffix", ""),
                      start=pos.get("start"), end=pos.get("end"))
    else:
        anchor["exact"] = str(ext.get("unitText", ""))
    note, tags, color = "", [], None
    for body in item.get("body") or []:
        if not isinstance(body, dict):
            raise ValueError("body 항목이 객체가 아닙니다")
        purpose, value = body.get("purpose"), body.get("value")
        if purpose == "commenting":
            note = str(value)
        elif purpose == "tagging":
            tags.append(str(value))
        elif purpose == "classifying":
            color = value
    return Annotation.model_validate({
        "id": ann_id, "kind": kind, "anchor": anchor, "status": ext.get("status", "exact"),
        "original_quote": ext.get("originalQuote", "") or "", "color": color, "note": note, "tags": tags,
        "created": datetime.fromisoformat(str(item.get("created"))),
        "modified": datetime.fromisoformat(str(item.get("modified"))),
    })


def _describe(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err.get("loc", ()))
        msg = str(err.get("msg", "")).removeprefix("Value error, ")
        return f"{where}: {msg}" if where else msg
    return str(exc)


def parse_json(text: str, path: Path | str = "<text>") -> list[Annotation]:
    """Every annotation of an exported file, or ImportFailed naming the first problem."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFailed(path, f"JSON 형식이 아닙니다 ({exc.lineno}행 {exc.colno}열: {exc.msg})") from None
    try:
        items = _items(data)
    except ValueError as exc:
        raise ImportFailed(path, f"{exc}. 조례 열람기에서 내보낸 주석 파일만 가져올 수 있습니다") from None
    found: dict[str, Annotation] = {}
    for n, item in enumerate(items, 1):
        try:
            ann = from_w3c(item)
        except (ValueError, TypeError, ValidationError) as exc:
            raise ImportFailed(path, f"{n}번째 주석이 올바르지 않습니다 — {_describe(exc)}") from None
        if ann.id not in found or ann.modified > found[ann.id].modified:
            found[ann.id] = ann
    return list(found.values())


def read_file(path: Path | str) -> list[Annotation]:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise ImportFailed(path, "파일이 너무 큽니다 (50MB 초과)")
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportFailed(path, f"파일을 읽을 수 없습니다 ({exc.strerror or exc})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed(path, "UTF-8 텍스트 파일이 아닙니다") from None
    return parse_json(text, path)


@dataclass
class ImportReport:
    """What an import did.  ``message`` is a Korean summary."""

    added: list[Annotation] = field(default_factory=list)
    updated: list[Annotation] = field(default_factory=list)
    unchanged: int = 0
    orphans: list[Annotation] = field(default_factory=list)
    unknown_documents: set[str] = field(default_factory=set)

    @property
    def message(self) -> str:
        parts = [f"새 주석 {len(self.added)}개", f"갱신 {len(self.updated)}개", f"변경 없음 {self.unchanged}개"]
        msg = "가져오기 완료: " + ", ".join(parts)
        if self.orphans:
            msg += f"\n현재 문서에서 자리를 찾지 못한 주석 {len(self.orphans)}개는 '위치 잃음'으로 보관했습니다."
        if self.unknown_documents:
            msg += f"\n이 프로그램에 없는 문서의 주석도 보관했습니다: {', '.join(sorted(self.unknown_documents))}"
        return msg


def import_annotations(store, path: Path | str, documents=None) -> ImportReport:
    """Validate ``path`` whole, re-anchor against ``documents``, merge into ``store`` (one transaction)."""
    incoming = read_file(path)
    docs = _docs_map(documents)
    texts: dict[str, anchoring.DocumentText] = {}
    ready: list[Annotation] = []
    report = ImportReport()
    for ann in incoming:
        doc = docs.get(ann.anchor.doc_id)
        if doc is None:
            report.unknown_documents.add(ann.anchor.doc_id)
            ready.append(ann)
            continue
        dt = texts.setdefault(doc.id, anchoring.DocumentText(doc))
        if ann.anchor.doc_hash != dt.hash or ann.is_orphan:
            result = anchoring.reanchor(ann.anchor, dt)
            ann = ann.model_copy(update={"anchor": result.anchor, "status": result.status})
        ready.append(ann)
    report.added, report.updated = store.merge(ready)
    report.unchanged = len(ready) - len(report.added) - len(report.updated)
    merged = {a.id for a in report.added + report.updated}
    report.orphans = [a for a in ready if a.is_orphan and a.id in merged]
    return report
