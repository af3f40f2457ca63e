"""A smaller ``libicudata`` for the Linux bundle: ICU's data without what Qt never asks for.

PySide6's Linux wheels link QtCore against ICU 73, whose data library is 31 MB,
a quarter of the bundle.  QtCore calls ICU only for collation (``ucol_*``,
QCollator), time-zone names (``ucal_*``), case mapping and legacy codecs
(``ucnv_*``); no other Qt library of the bundle links ICU (``nm -D
--undefined-only``).  So the rebuilt data keeps the core properties and
normalization data, the converter alias table, collation and time-zone data for
the root, Korean and English locales and all locale-independent tables, and
leaves out break iterators, transliterators, unit/currency/language/region
names, number spell-out rules, other locales and the legacy codec tables
(the app reads and writes UTF-8 only: a legacy codec is reported unavailable, as
Qt does without ICU).  Locales other than ko/en fall back to root data.

The data is ICU's "common data" package (``CmnD``): a header, a table of
contents (name and data offsets, sorted by name) and 16-byte aligned items.
It is read out of the wheel's library, filtered, and linked into a new
``libicudata.so.73`` exporting the same symbol (``icudt73_dat``) with binutils
(``as``, ``ld``).  Without binutils (or with ``ORDINANCE_READER_FULL_ICU=1``)
the bundle keeps the original library (29 MB more).

    python build/icu_trim.py LIBICUDATA OUT_DIR    # build and list what was kept
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

KEEP_LOCALES = {"root", "ko", "ko_KR", "en", "en_US", "en_US_POSIX", "en_001", "en_150"}
#: Trees of ICU data Qt does not read.
DROP_TREES = {"brkitr", "translit", "rbnf", "unit", "curr", "lang", "region"}
#: Top-level items Qt does not read: legacy codecs, StringPrep, spoof checks, character names.
DROP_SUFFIXES = (".cnv", ".spp", ".cfu")
DROP_NAMES = {"unames.icu"}
_LOCALE = re.compile(r"^[a-z]{2,3}(?:_[A-Z][a-z]{3})?(?:_(?:[A-Z]{2}|\d{3}))?(?:_[A-Z0-9]+)?$")
_ALIGN = 16


def keep(item: str) -> bool:
    """Whether the data item ``icudt73l/coll/ko.res`` (name without package prefix) stays."""
    parts = item.split("/")
    if len(parts) > 1 and parts[0] in DROP_TREES:
        return False
    name = parts[-1]
    if name.endswith(DROP_SUFFIXES) or name in DROP_NAMES:
        return False
    stem = name.rsplit(".", 1)[0]
    return not _LOCALE.match(stem) or stem in KEEP_LOCALES


def read_package(blob: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """The header and the ``(name, data)`` items of an ICU common data package."""
    header_size = struct.unpack_from("<H", blob, 0)[0]
    if blob[2:4] != b"\xda\x27" or blob[12:16] != b"CmnD":
        raise ValueError("not an ICU common data package")
    (count,) = struct.unpack_from("<I", blob, header_size)
    toc = [struct.unpack_from("<II", blob, header_size + 4 + 8 * i) for i in range(count)]
    starts = [*sorted(header_size + data for _name, data in toc), len(blob)]
    ends = dict(itertools.pairwise(starts))
    items = []
    for name_offset, data_offset in toc:
        at = header_size + name_offset
        name = blob[at:blob.index(b"\0", at)].decode("ascii")
        start = header_size + data_offset
        items.append((name, blob[start:ends[start]]))
    return blob[:header_size], items


def write_package(header: bytes, items: list[tuple[str, bytes]]) -> bytes:
    """An ICU common data package of ``items`` (kept in the given, name-sorted order)."""
    names = b"".join(name.encode("ascii") + b"\0" for name, _data in items)
    toc_size = 4 + 8 * len(items)
    data_start = _pad(toc_size + len(names), len(header))
    offsets, data = [], bytearray()
    for _name, item in items:
        offsets.append(data_start + len(data))
        data += item + b"\0" * (_pad(len(item), 0) - len(item))
    name_offsets, at = [], toc_size
    for name, _data in items:
        name_offsets.append(at)
        at += len(name) + 1
    toc = struct.pack("<I", len(items)) + b"".join(
        struct.pack("<II", n, d) for n, d in zip(name_offsets, offsets, strict=True))
    body = toc + names
    body += b"\0" * (data_start - len(body))
    return header + body + bytes(data)


def _pad(size: int, base: int) -> int:
    """``size`` rounded up so that ``base + size`` is a multiple of the item alignment."""
    return size + (-(base + size)) % _ALIGN


def _symbol(lib: Path) -> tuple[str, int, int]:
    """Name, address and size of the data symbol (``icudt73_dat``) from ``nm``."""
    out = subprocess.run(["nm", "-D", "-S", "--defined-only", str(lib)], check=True, capture_output=True,
                         text=True).stdout
    for line in out.splitlines():
        fields = line.split()
        if len(fields) == 4 and re.fullmatch(r"icudt\d+_dat", fields[3]):
            return fields[3], int(fields[0], 16), int(fields[1], 16)
    raise ValueError(f"no icudt*_dat symbol in {lib}")


def _file_offset(lib: Path, address: int) -> int:
    """The file offset of a virtual address (from the ELF program headers)."""
    data = lib.read_bytes()[:4096]
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise ValueError(f"{lib} is not a little-endian 64-bit ELF file")
    phoff, = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    for i in range(phnum):
        p_type, _flags, p_offset, p_vaddr, _paddr, p_filesz = struct.unpack_from("<IIQQQQ", data, phoff + i * phentsize)
        if p_type == 1 and p_vaddr <= address < p_vaddr + p_filesz:
            return address - p_vaddr + p_offset
    raise ValueError(f"address {address:#x} is in no loaded segment of {lib}")


def build(lib: Path, out_dir: Path) -> tuple[Path, dict]:
    """Write the trimmed library (same file name) into ``out_dir``; returns it and a summary."""
    tools = {tool: shutil.which(tool) for tool in ("nm", "as", "ld")}
    if not all(tools.values()):
        raise RuntimeError("binutils (nm, as, ld) not installed")
    symbol, address, size = _symbol(lib)
    offset = _file_offset(lib, address)
    with lib.open("rb") as f:
        f.seek(offset)
        blob = f.read(size)
    header, items = read_package(blob)
    package = items[0][0].split("/", 1)[0] + "/"  # "icudt73l/"
    kept = [(name, data) for name, data in items if keep(name.removeprefix(package))]
    trimmed = write_package(header, kept)
    check_header, check_items = read_package(trimmed)  # round trip
    if check_header != header or [n for n, _ in check_items] != [n for n, _ in kept]:
        raise RuntimeError("trimmed ICU package does not read back")
    out_dir.mkdir(parents=True, exist_ok=True)
    dat = out_dir / f"{symbol.removesuffix('_dat')}l.dat"
    dat.write_bytes(trimmed)
    asm = out_dir / "icudata.S"
    asm.write_text(
        f'\t.section .note.GNU-stack,"",@progbits\n\t.section .rodata\n\t.globl {symbol}\n'
        f'\t.type {symbol}, @object\n\t.balign 16\n{symbol}:\n\t.incbin "{dat.name}"\n'
        f"\t.size {symbol}, .-{symbol}\n",
        encoding="ascii")
    target = out_dir / lib.name
    subprocess.run([tools["as"], "-o", "icudata.o", asm.name], check=True, cwd=out_dir)
    subprocess.run([tools["ld"], "-shared", "-soname", lib.name, "-z", "noexecstack", "-o", str(target), "icudata.o"],
                   check=True, cwd=out_dir)
    summary = {"items": len(items), "kept": len(kept), "before": lib.stat().st_size, "after": target.stat().st_size}
    return target, summary


def replace_in_toc(binaries: list, out_dir: Path) -> list:
    """``binaries`` with ``libicudata`` swapped for the trimmed build (unchanged if that cannot be built)."""
    if os.environ.get("ORDINANCE_READER_FULL_ICU") == "1":
        print("icu_trim: ORDINANCE_READER_FULL_ICU=1, keeping the full ICU data")
        return binaries
    out = []
    for dest, src, typecode in binaries:
        if Path(dest).name.startswith("libicudata.so"):
            try:
                trimmed, summary = build(Path(src), out_dir)
            except (OSError, RuntimeError, ValueError, subprocess.CalledProcessError) as exc:
                print(f"icu_trim: keeping the full ICU data ({exc})")
            else:
                print(f"icu_trim: {Path(dest).name}: {summary['kept']} of {summary['items']} items, "
                      f"{summary['before'] / 1e6:.1f} MB → {summary['after'] / 1e6:.1f} MB")
                src = str(trimmed)
        out.append((dest, src, typecode))
    return out


def main(argv: list[str]) -> int:
    target, summary = build(Path(argv[0]), Path(argv[1]))
    print(f"{target}: {summary['kept']} of {summary['items']} ICU data items, "
          f"{summary['before'] / 1e6:.1f} MB → {summary['after'] / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
