"""Pydantic models at the boundary of the annotation store.

An :class:`Annotation` is a highlight, a note or a bookmark.  Where it sits is
its :class:`Anchor`: the document, a hash of the document version it was made
(or last re-attached) on, the unit's eid and, for a text range, offsets into
that unit's ``text`` together with the quote and 32 characters of context on
each side (the W3C Web Annotation ``TextQuoteSelector``).  Whole-unit anchors
(bookmarks, notes on a unit) keep a snapshot of the unit's text instead, so
they can find the unit again after articles are renumbered.

Everything here is plain data: no SQLite, no Qt.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


def new_id() -> str:
    """A fresh, stable annotation id (uuid4, 32 lowercase hex digits)."""
    return uuid.uuid4().hex


def now() -> datetime:
    """The current time in UTC, to the microsecond (what the store records)."""
    return datetime.now(UTC)


class Kind(StrEnum):
    """What an annotation is.  Values are the strings stored and exported."""

    HIGHLIGHT = "highlight"
    NOTE = "note"
    BOOKMARK = "bookmark"

    @property
    def korean(self) -> str:
        return {"highlight": "형광펜", "note": "메모", "bookmark": "책갈피"}[self.value]

    @property
    def motivation(self) -> str:
        """The W3C Web Annotation motivation."""
        return {"highlight": "highlighting", "note": "commenting", "bookmark": "bookmarking"}[self.value]


class Color(StrEnum):
    """The highlight palette.  ``Color.parse`` accepts English or Korean names."""

    YELLOW = "yellow"
    GREEN = "green"
    BLUE = "blue"
    PINK = "pink"
    ORANGE = "orange"

    @property
    def korean(self) -> str:
        return _KOREAN_COLORS[self]

    @property
    def hex(self) -> str:
        """A light tint suitable for painting behind black text."""
        return _HEX_COLORS[self]

    @classmethod
    def parse(cls, name: str | Color) -> Color:
        """``"노랑"``, ``"yellow"`` or ``Color.YELLOW`` → ``Color.YELLOW``; ValueError (Korean) otherwise."""
        if isinstance(name, Color):
            return name
        key = str(name).strip().lower()
        for color in cls:
            if key in (color.value, color.korean):
                return color
        names = ", ".join(f"{c.korean}({c.value})" for c in cls)
        raise ValueError(f"알 수 없는 색 '{name}' — 사용할 수 있는 색: {names}")


_KOREAN_COLORS = {
    Color.YELLOW: "노랑",
    Color.GREEN: "초록",
    Color.BLUE: "파랑",
    Color.PINK: "분홍",
    Color.ORANGE: "주황",
}
_HEX_COLORS = {
    Color.YELLOW: "#fff176",
    Color.GREEN: "#aed581",
    Color.BLUE: "#81d4fa",
    Color.PINK: "#f8bbd0",
    Color.ORANGE: "#ffcc80",
}


class AnchorStatus(StrEnum):
    """How an annotation's anchor was last re-attached.

    ``exact``: same unit, same offsets, same text.  ``moved``: the same text
    found at another offset or in another unit.  ``fuzzy``: the text was
    edited; attached to the most similar passage.  ``orphan``: not found; the
    annotation keeps its last anchor and is listed apart, never deleted.
    """

    EXACT = "exact"
    MOVED = "moved"
    FUZZY = "fuzzy"
    ORPHAN = "orphan"

    @property
    def korean(self) -> str:
        return {"exact": "정확", "moved": "위치 이동", "fuzzy": "문구 변경", "orphan": "위치 잃음"}[self.value]


#: How many characters of context a TextQuoteSelector keeps on each side.
CONTEXT_CHARS = 32


class Anchor(BaseModel):
    """Where an annotation sits.  ``start``/``end`` are None for a whole unit.

    For a range, ``exact`` is the quoted text (``text[start:end]`` of the unit
    on the version ``doc_hash``) and ``prefix``/``suffix`` the up-to-32
    characters around it in the document's reading text (units joined by
    newlines).  For a whole unit, ``exact`` is a snapshot of the unit's text
    (see :func:`desktop.annotations.anchoring.unit_text`).

    ``unit_before``/``unit_after`` (not part of the W3C selector) hold the end
    of the previous unit's text and the start of the next one's: where the
    unit sits.  Moving an annotation to another unit requires one of them to
    agree, so deleting one of two word-for-word identical items does not send
    its annotations to the twin.
    """

    model_config = ConfigDict(frozen=True)

    doc_id: str = Field(min_length=1)
    doc_hash: str = ""
    eid: str = Field(min_length=1)
    start: int | None = Field(default=None, ge=0)
    end: int | None = Field(default=None, ge=0)
    exact: str = ""
    prefix: str = ""
    suffix: str = ""
    unit_before: str = ""
    unit_after: str = ""

    @model_validator(mode="after")
    def _range_is_consistent(self) -> Anchor:
        if (self.start is None) != (self.end is None):
            raise ValueError("start 와 end 는 함께 주어야 합니다")
        if self.start is not None:
            if self.end < self.start:  # type: ignore[operator]
                raise ValueError("end 가 start 보다 앞설 수 없습니다")
            if self.end - self.start != len(self.exact):  # type: ignore[operator]
                raise ValueError("인용문 길이가 start/end 범위와 다릅니다")
            if not self.exact:
                raise ValueError("빈 범위에는 주석을 달 수 없습니다")
        return self

    @property
    def is_range(self) -> bool:
        """True for a text range, False for a whole unit."""
        return self.start is not None

    @property
    def source(self) -> str:
        """``doc_id#eid``: the W3C target source."""
        return f"{self.doc_id}#{self.eid}"


class Annotation(BaseModel):
    """One highlight, note or bookmark, as stored.

    ``original_quote`` is the text quoted when the annotation was made; it
    never changes, while ``anchor.exact`` follows the text as the document is
    edited.  ``note`` is plain text and is stored verbatim (HTML or script
    typed into a note is kept as typed; the UI must show it literally).
    """

    model_config = ConfigDict(frozen=True)

    id: str = Field(default_factory=new_id, pattern=r"^[0-9a-f]{32}$")
    kind: Kind
    anchor: Anchor
    status: AnchorStatus = AnchorStatus.EXACT
    original_quote: str = ""
    color: Color | None = None
    note: str = ""
    tags: tuple[str, ...] = ()
    created: datetime = Field(default_factory=now)
    modified: datetime = Field(default_factory=now)

    @field_validator("tags", mode="before")
    @classmethod
    def _clean_tags(cls, value):
        if isinstance(value, str):
            value = [value]
        seen: list[str] = []
        for tag in value or ():
            tag = str(tag).strip()
            if tag and tag not in seen:
                seen.append(tag)
        return tuple(seen)

    @field_validator("created", "modified")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        return value if value.tzinfo else value.replace(tzinfo=UTC)

    @model_validator(mode="after")
    def _kind_rules(self) -> Annotation:
        if self.kind is Kind.HIGHLIGHT:
            if not self.anchor.is_range:
                raise ValueError("형광펜은 본문의 글자 범위에만 칠할 수 있습니다")
            if self.color is None:
                raise ValueError("형광펜에는 색이 필요합니다")
        elif self.kind is Kind.BOOKMARK and self.anchor.is_range:
            raise ValueError("책갈피는 단위(조·항·호) 전체에만 달 수 있습니다")
        return self

    @property
    def quote(self) -> str:
        """The current quoted text ('' for a whole-unit annotation)."""
        return self.anchor.exact if self.anchor.is_range else ""

    @property
    def is_orphan(self) -> bool:
        return self.status is AnchorStatus.ORPHAN

    def with_changes(self, **changes) -> Annotation:
        """A validated copy with ``changes`` applied (``model_copy`` skips validation)."""
        data = self.model_dump()
        data.update(changes)
        return Annotation.model_validate(data)


class AnnotationFilter(BaseModel):
    """What :meth:`AnnotationStore.list` returns; every field narrows the set.

    ``text`` matches (case-insensitively) the note, the quote, the original
    quote and the tags.  ``status`` narrows to one anchor status (for example
    ``orphan`` for the orphans group).
    """

    doc_id: str | None = None
    eid: str | None = None
    kinds: frozenset[Kind] | None = None
    colors: frozenset[Color] | None = None
    tag: str | None = None
    text: str | None = None
    status: AnchorStatus | None = None
    ids: frozenset[str] | None = None

    def matches(self, ann: Annotation) -> bool:
        if self.doc_id is not None and ann.anchor.doc_id != self.doc_id:
            return False
        if self.eid is not None and ann.anchor.eid != self.eid:
            return False
        if self.kinds is not None and ann.kind not in self.kinds:
            return False
        if self.colors is not None and ann.color not in self.colors:
            return False
        if self.tag is not None and self.tag not in ann.tags:
            return False
        if self.status is not None and ann.status is not self.status:
            return False
        if self.ids is not None and ann.id not in self.ids:
            return False
        if self.text:
            needle = self.text.casefold()
            hay = "\n".join((ann.note, ann.quote, ann.original_quote, *ann.tags)).casefold()
            if needle not in hay:
                return False
        return True


class NoteText(BaseModel):
    """Searchable text of one annotation (for the search index; hits are marked 메모)."""

    model_config = ConfigDict(frozen=True)

    id: str
    doc_id: str
    eid: str
    kind: Kind
    text: str
    quote: str = ""
    tags: tuple[str, ...] = ()
