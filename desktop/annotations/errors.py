"""Errors of the annotation store.  ``str(error)`` is a Korean message fit for the user."""

from __future__ import annotations

from pathlib import Path


class AnnotationError(Exception):
    """Base class; the message is Korean and can be shown as it is."""


class AnchorError(AnnotationError, LookupError):
    """An anchor could not be made (unknown unit, quote not in the unit, bad range)."""


class UnitNotFound(AnchorError):
    def __init__(self, doc_id: str, eid: str) -> None:
        self.doc_id, self.eid = doc_id, eid
        super().__init__(f"'{doc_id}'에 단위 '{eid}'이(가) 없습니다 (outline {doc_id} 로 확인)")


class QuoteNotFound(AnchorError):
    def __init__(self, doc_id: str, eid: str, quote: str, found: int = 0) -> None:
        self.doc_id, self.eid, self.quote = doc_id, eid, quote
        if found:
            msg = f"'{doc_id}#{eid}'에서 '{quote}'은(는) {found}번만 나옵니다"
        else:
            msg = f"'{doc_id}#{eid}'의 본문에 '{quote}'이(가) 없습니다 (show {doc_id} {eid} 로 확인)"
        super().__init__(msg)


class RangeInvalid(AnchorError):
    def __init__(self, doc_id: str, eid: str, start: int, end: int, length: int) -> None:
        super().__init__(f"'{doc_id}#{eid}'의 범위 {start}–{end}이(가) 본문({length}자) 밖이거나 비어 있습니다")


class NotFound(AnnotationError, KeyError):
    """No annotation with that id."""

    def __init__(self, annotation_id: str) -> None:
        self.annotation_id = annotation_id
        super().__init__(f"주석 '{annotation_id}'이(가) 없습니다 (이미 지워졌을 수 있습니다)")

    def __str__(self) -> str:  # KeyError would quote the message
        return self.args[0]


class DuplicateId(AnnotationError):
    def __init__(self, annotation_id: str) -> None:
        super().__init__(f"주석 '{annotation_id}'이(가) 이미 있습니다")


class StoreUnavailable(AnnotationError):
    """The data folder or database cannot be created, opened or written."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path, self.reason = path, reason
        super().__init__(
            f"메모 저장소를 열 수 없습니다: {path}\n({reason})\n"
            "쓰기가 가능한 폴더를 --data-dir 옵션이나 ORDINANCE_READER_DATA 환경 변수로 지정해 주세요. "
            "형광펜·메모·책갈피는 저장되지 않습니다."
        )


class WriteFailed(AnnotationError):
    """A change could not be saved (disk full, folder removed, …).  Nothing was changed."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path, self.reason = path, reason
        super().__init__(f"변경 내용을 저장하지 못했습니다: {reason}\n({path}) 저장소는 바뀌지 않았습니다.")


class NewerSchema(AnnotationError):
    def __init__(self, path: Path, found: int, known: int) -> None:
        super().__init__(
            f"메모 저장소 {path} 는 더 새로운 버전의 프로그램(형식 {found})으로 만들어졌습니다. "
            f"이 프로그램은 형식 {known}까지만 읽습니다. 프로그램을 업데이트해 주세요."
        )


class ImportFailed(AnnotationError):
    """A file to import is malformed or not ours.  Nothing was imported."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path, self.reason = path, reason
        super().__init__(f"'{Path(path).name}'을(를) 가져오지 못했습니다: {reason}\n아무것도 바뀌지 않았습니다.")
