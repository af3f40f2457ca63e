#!/usr/bin/env bash
# Sets up everything the app and its tests need, on a fresh Debian with Python 3.11:
# the Debian packages Qt and the tests use (when run as root or with sudo), and a
# virtual environment in .venv with the project installed.  Safe to run again.
#   usage: scripts/setup.sh [--test]
set -euo pipefail
cd "$(dirname "$0")/.."
extras=""
[ "${1:-}" = "--test" ] && extras="[test,build]"

# Debian packages: Qt's xcb platform libraries, Xvfb for screenshots, poppler for PDF checks,
# strace (the bundle smoke test watches for network sockets) and binutils (the bundle's trimmed ICU data).
pkgs="xvfb xauth libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-xkb1
      libxkbcommon-x11-0 libxcb-cursor0 libxcb-shape0 libxcb-randr0 libxcb-xinerama0 libegl1 libgl1
      libfontconfig1 libdbus-1-3 poppler-utils strace binutils"
missing=""
for p in $pkgs; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ] && command -v apt-get >/dev/null; then
  sudo=""; [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && sudo="sudo"
  if [ "$(id -u)" -eq 0 ] || [ -n "$sudo" ]; then
    echo "setup: installing Debian packages:$missing"
    $sudo apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
  else
    echo "setup: please install these Debian packages:$missing" >&2
  fi
fi

# Python environment.
py=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$py" -m venv .venv
stamp=".venv/.installed$(echo "$extras" | tr -c 'a-z' '_')"
want="$(cat pyproject.toml | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: installing Python packages into .venv"
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".$extras"
  echo "$want" > "$stamp"
fi

# The shipped search index (index/) must match seeds/: rebuild it when it is missing or stale.
.venv/bin/python -m desktop check-index --rebuild >/dev/null || .venv/bin/python -m desktop build-index
