"""The seeds catalog (``seeds/catalog.toml``), validated with pydantic."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from desktop.core.model import DocumentKind

CATALOG_NAME = "catalog.toml"


class CatalogError(ValueError):
    """The catalog is missing, malformed, or an entry is invalid (names file and field)."""


class CatalogEntry(BaseModel):
    """One document of the library as the catalog describes it."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=1)
    kind: DocumentKind
    municipality: str = ""
    promulgated: dt.date | None = None  # 공포일
    effective: dt.date | None = None  # 시행일
    number: str = ""  # 조례 번호, e.g. "조례 제2297호"
    date: dt.date | None = None  # a report's date
    bill_number: str = ""  # 의안번호
    committee: str = ""
    department: str = ""
    file: str = ""  # defaults to "<id>.txt"

    @field_validator("title", "municipality", "number")
    @classmethod
    def _strip(cls, value: str) -> str:
        return value.strip()

    def path(self, folder: Path) -> Path:
        """The source file of this entry."""
        return folder / (self.file or f"{self.id}.txt")

    def metadata(self) -> dict[str, str]:
        """The entry as display metadata (Korean keys, ISO dates)."""
        names = {
            "municipality": "municipality",
            "promulgated": "공포일",
            "effective": "시행일",
            "number": "번호",
            "date": "일자",
            "bill_number": "의안번호",
            "committee": "위원회",
            "department": "담당부서",
        }
        out: dict[str, str] = {}
        for field, key in names.items():
            value = getattr(self, field)
            if value:
                out[key] = value.isoformat() if isinstance(value, dt.date) else str(value)
        return out


class Catalog(BaseModel):
    """All entries of one catalog file."""

    model_config = ConfigDict(extra="forbid")

    document: list[CatalogEntry] = Field(default_factory=list)


def load_catalog(folder: str | Path) -> list[CatalogEntry]:
    """Read and validate ``folder/catalog.toml``; also checks ids are unique and files exist."""
    path = Path(folder) / CATALOG_NAME
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise CatalogError(f"{path}: 카탈로그 파일이 없습니다") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CatalogError(f"{path}: 카탈로그 형식 오류: {exc}") from exc
    try:
        catalog = Catalog.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = first["loc"]
        where = f"document[{loc[1]}]." + ".".join(str(p) for p in loc[2:]) if len(loc) > 2 else ".".join(map(str, loc))
        entry_id = ""
        if len(loc) > 1 and isinstance(loc[1], int) and loc[1] < len(raw.get("document", [])):
            entry_id = f" (id={raw['document'][loc[1]].get('id', '?')})"
        raise CatalogError(f"{path}: {where}{entry_id}: {first['msg']}") from exc
    seen: set[str] = set()
    for i, entry in enumerate(catalog.document):
        if entry.id in seen:
            raise CatalogError(f"{path}: document[{i}].id: 중복된 id {entry.id!r}")
        seen.add(entry.id)
        if not entry.path(Path(folder)).is_file():
            raise CatalogError(f"{path}: document[{i}].file: 파일이 없습니다: {entry.path(Path(folder)).name}")
    return catalog.document
