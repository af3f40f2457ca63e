#!/usr/bin/env bash
# Sets everything up and runs every check: ruff, the pytest suite (Qt offscreen).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
echo "== ruff"
.venv/bin/ruff check desktop tests benchmarks build scripts
echo "== pytest"
QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest -q "$@"
echo "== bundle: PyInstaller build + offline smoke test (SKIP_BUNDLE=1 skips)"
[ "${SKIP_BUNDLE:-}" = 1 ] || bash build/smoke_test.sh
