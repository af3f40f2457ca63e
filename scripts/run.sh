#!/usr/bin/env bash
# Sets everything up and starts 조례 열람기.  Extra arguments go to the app.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m desktop "$@"
