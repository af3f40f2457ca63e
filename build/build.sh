#!/usr/bin/env bash
# Builds the one-folder bundle dist/ordinance-reader/ (PyInstaller, build/ordinance-reader.spec).
# PyInstaller's work folder is .pyinstaller/ (git-ignored; PYINSTALLER_WORK overrides), never build/.
#   usage: build/build.sh [--clean]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test >/dev/null
work="${PYINSTALLER_WORK:-.pyinstaller}"
clean=""
[ "${1:-}" = "--clean" ] && clean="--clean"
started=$(date +%s)
.venv/bin/python -m PyInstaller --noconfirm $clean --log-level WARN \
  --distpath dist --workpath "$work" build/ordinance-reader.spec
size=$(du -sm dist/ordinance-reader | cut -f1)
echo "build: dist/ordinance-reader/ ${size} MB in $(( $(date +%s) - started )) s"
