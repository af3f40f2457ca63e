#!/usr/bin/env bash
# Builds dist/ordinance-reader/ and smoke-tests a read-only copy of it with an empty HOME and no network
# (build/smoke_test.py says what is checked and how).  scripts/test.sh (and so .ci/run) runs this.
#   usage: build/smoke_test.sh [--clean]
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
bash build/build.sh "$@"
.venv/bin/python build/smoke_test.py
echo "bundle build + smoke test: $(( $(date +%s) - started )) s"
