"""Start-up benchmark: process start → first painted main window, against a bare PySide6 window.

Both are measured the same way in the same run (wall clock from spawning the
process to the child's report of its first paint), so the ratio is what
matters, not the absolute numbers.  Also reports the time until the app is
ready (documents shown, search usable) and the longest GUI-thread stall seen
by a 5 ms heartbeat during start-up.

    python benchmarks/startup_bench.py [--runs 7] [--frozen dist/ordinance-reader/ordinance-reader]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BARE = r"""
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
app = QApplication(sys.argv)
w = QMainWindow(); w.setCentralWidget(QLabel("hello")); w.resize(1280, 820)
class F(QObject):
    def eventFilter(self, o, e):
        if e.type() == QEvent.Type.Paint:
            print("timing painted", flush=True); QTimer.singleShot(0, app.quit)
        return False
f = F(); w.installEventFilter(f); w.show(); app.exec()
"""


def _run(cmd: list[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=ROOT)
    line = ""
    for raw in proc.stdout:
        if raw.startswith("timing"):
            line = raw.strip()
            elapsed = time.perf_counter() - started
            break
    else:
        elapsed = float("nan")
    proc.wait(timeout=60)
    return elapsed * 1000, line


def _fields(line: str) -> dict[str, float]:
    out = {}
    for part in line.split()[1:]:
        key, _, value = part.partition("=")
        if value:
            out[key] = float(value)
    return out


def measure(runs: int, app_cmd: list[str], bare_cmd: list[str]) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    with tempfile.TemporaryDirectory() as tmp:
        env["HOME"] = tmp
        settings = str(Path(tmp) / "settings.ini")
        _run(bare_cmd, env)  # warm the file cache once for both
        _run([*app_cmd, "--settings", settings, "--exit-after", "paint"], env)
        bare, app, ready, stalls = [], [], [], []
        for _ in range(runs):
            bare.append(_run(bare_cmd, env)[0])
            app.append(_run([*app_cmd, "--settings", settings, "--exit-after", "paint"], env)[0])
            ms, line = _run([*app_cmd, "--settings", settings, "--exit-after", "ready"], env)
            ready.append(ms)
            stalls.append(_fields(line).get("max_stall_ms", float("nan")))
    return {
        "bare_ms": statistics.median(bare),
        "app_ms": statistics.median(app),
        "ratio": statistics.median(app) / statistics.median(bare),
        "ready_ms": statistics.median(ready),
        "max_stall_ms": max(stalls),
        "median_stall_ms": statistics.median(stalls),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--frozen", type=Path, help="a frozen app executable to measure instead of python -m desktop")
    parser.add_argument("--frozen-bare", type=Path, help="a frozen bare PySide6 window built the same way")
    args = parser.parse_args(argv)
    if args.frozen:
        app_cmd = [str(args.frozen)]
        bare_cmd = [str(args.frozen_bare)] if args.frozen_bare else [sys.executable, "-c", BARE]
    else:
        app_cmd = [sys.executable, "-m", "desktop"]
        bare_cmd = [sys.executable, "-c", BARE]
    result = measure(args.runs, app_cmd, bare_cmd)
    print(f"first paint: app {result['app_ms']:.0f} ms, bare PySide6 window {result['bare_ms']:.0f} ms, "
          f"ratio {result['ratio']:.2f}x (median of {args.runs})")
    print(f"ready (documents shown, search usable): {result['ready_ms']:.0f} ms")
    print(f"longest GUI-thread stall during start-up: {result['max_stall_ms']:.0f} ms "
          f"(median over runs {result['median_stall_ms']:.0f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
