"""Bundle benchmark: size, cold and warm start against a frozen bare PySide6 window, peak memory.

    python benchmarks/bundle_bench.py [--build] [--runs 7] [--cold-runs 5] [--xvfb] [--out FILE.md]

- Size of ``dist/ordinance-reader/`` (``--build`` runs ``build/build.sh`` first):
  total, the ten largest files and a breakdown by kind.
- Start-up to the first painted window, as a ratio to a bare PySide6 window
  (a ``QMainWindow`` with a label, 1280×820) frozen in the same run with the
  same PyInstaller, the same one-folder layout and the same rules
  (``build/bundle_rules.py``: Qt trimming, ICU data, strip).  Wall clock from
  spawning the executable to its ``timing`` line (printed at the first paint).
  *Cold*: the page cache is dropped before every run (``/proc/sys/vm/drop_caches``
  as root; otherwise each bundle file is evicted with ``posix_fadvise(DONTNEED)``,
  which leaves system libraries cached).  *Warm*: repeated runs, median.
- Peak resident memory (``ru_maxrss`` from ``wait4``, the same number as
  ``VmHWM``) of the app started with ``--open paju-ai-basic#art_8 --search
  "위원회 구성" --exit-after ready``: document shown and search answered.

Qt runs offscreen unless ``--xvfb`` (then a private Xvfb and the xcb plugin).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
NAME = "ordinance-reader"
QUERY = "위원회 구성"
OPEN = "paju-ai-basic#art_8"

BARE_SCRIPT = r'''
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

app = QApplication(sys.argv)
window = QMainWindow()
window.setCentralWidget(QLabel("hello"))
window.resize(1280, 820)


class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print("timing painted", flush=True)
            QTimer.singleShot(0, app.quit)
        return False


watcher = FirstPaint()
window.installEventFilter(watcher)
window.show()
sys.exit(app.exec())
'''

BARE_SPEC = r'''
import sys
from pathlib import Path

sys.path.insert(0, {build!r})
import bundle_rules

a = Analysis([{script!r}], excludes=bundle_rules.EXCLUDES)
print(bundle_rules.apply(a, workpath))
pyz = PYZ(a.pure)
exe = EXE(pyz, a.scripts, [], exclude_binaries=True, name="bare-window", strip=True, upx=False, console=True,
          contents_directory="_internal")
coll = COLLECT(exe, a.binaries, a.datas, strip=True, upx=False, name="bare-window")
'''


# -- size ---------------------------------------------------------------------------------------------------
def _kind(rel: str) -> str:
    name = rel.rsplit("/", 1)[-1]
    if "/" not in rel:
        return "executables"
    if "libicu" in name:
        return "ICU (Qt's Unicode library and data)"
    if "/Qt/lib/" in rel or name.startswith("libQt6"):
        return "Qt libraries"
    if "/plugins/" in rel:
        return "Qt plugins"
    if rel.startswith("_internal/PySide6/") or rel.startswith("_internal/shiboken6/") or "pyside6" in name \
            or "shiboken6" in name:
        return "PySide6/shiboken6 bindings"
    if rel.startswith("_internal/resources/fonts/"):
        return "fonts"
    if rel.startswith(("_internal/index/", "_internal/seeds/", "_internal/resources/")):
        return "documents, index, other resources"
    if rel.startswith(("_internal/rapidfuzz/", "_internal/pydantic_core/")):
        return "rapidfuzz, pydantic_core (compiled)"
    if name.startswith("libpython") or rel.startswith("_internal/python3") or name == "base_library.zip":
        return "Python runtime and stdlib"
    if name.startswith("lib") and ".so" in name:
        return "system libraries (X11/xcb, glib, fontconfig, …)"
    return "other"


def sizes(bundle: Path) -> dict:
    files = []
    for path in bundle.rglob("*"):
        if path.is_file() and not path.is_symlink():
            files.append((path.stat().st_size, path.relative_to(bundle).as_posix()))
    files.sort(reverse=True)
    kinds: dict[str, int] = defaultdict(int)
    for size, rel in files:
        kinds[_kind(rel)] += size
    return {"total": sum(s for s, _ in files), "count": len(files), "top": files[:10],
            "kinds": sorted(kinds.items(), key=lambda kv: -kv[1])}


# -- building -----------------------------------------------------------------------------------------------
def build_bare(work: Path) -> tuple[Path, float]:
    """Freeze the bare window with the bundle's rules; returns its executable and the build time."""
    script, spec = work / "bare_window.py", work / "bare-window.spec"
    script.write_text(BARE_SCRIPT, encoding="utf-8")
    spec.write_text(BARE_SPEC.format(build=str(BUILD), script=str(script)), encoding="utf-8")
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                    "--distpath", str(work / "dist"), "--workpath", str(work / "work"), str(spec)],
                   check=True, cwd=work, stdout=subprocess.DEVNULL)
    return work / "dist" / "bare-window" / "bare-window", time.perf_counter() - started


# -- running ------------------------------------------------------------------------------------------------
def drop_caches(folders: list[Path]) -> str:
    """Make the next start cold; returns the method used."""
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return "drop_caches"
    except OSError:
        pass
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file() and not path.is_symlink():
                fd = os.open(path, os.O_RDONLY)
                try:
                    os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
                finally:
                    os.close(fd)
    return "posix_fadvise(DONTNEED) on the bundle files"


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, str, int]:
    """Milliseconds to the ``timing`` line, that line, and the peak RSS in KiB (``wait4``)."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    elapsed, line = float("nan"), ""
    for raw in proc.stdout:
        if raw.startswith("timing") and not line:
            elapsed, line = (time.perf_counter() - started) * 1000, raw.strip()
    proc.stdout.close()
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0 or not line:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode} without a timing line")
    return elapsed, line, usage.ru_maxrss


def start_xvfb() -> tuple[subprocess.Popen, str]:
    display = ":97"
    proc = subprocess.Popen(["Xvfb", display, "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    return proc, display


def fields(line: str) -> dict[str, float]:
    out = {}
    for part in line.split()[1:]:
        key, _, value = part.partition("=")
        if value:
            out[key] = float(value.removesuffix("ms"))
    return out


def measure(app: Path, bare: Path, runs: int, cold_runs: int, env: dict[str, str], home: Path) -> dict:
    settings = str(home / "settings.ini")
    app_paint = [str(app), "--settings", settings, "--exit-after", "paint"]
    bare_cmd = [str(bare)]
    folders = [app.parent, bare.parent]
    for _ in range(2):  # first runs ever (font caches in HOME …) are not what is measured
        run(app_paint, env), run(bare_cmd, env)
    cold_app, cold_bare, method = [], [], ""
    for _ in range(cold_runs):
        method = drop_caches(folders)
        cold_app.append(run(app_paint, env)[0])
        drop_caches(folders)
        cold_bare.append(run(bare_cmd, env)[0])
    warm_app, warm_bare, ready, bare_rss, inside = [], [], [], [], []
    for _ in range(runs):
        ms, line, _rss = run(app_paint, env)
        warm_app.append(ms)
        inside.append(fields(line).get("painted_ms", float("nan")))
        ms, _line, rss = run(bare_cmd, env)
        warm_bare.append(ms)
        bare_rss.append(rss)
    app_rss, ready_lines = [], []
    for _ in range(max(3, runs // 2)):
        ms, line, rss = run([str(app), "--settings", settings, "--open", OPEN, "--search", QUERY,
                             "--exit-after", "ready"], env)
        ready.append(ms)
        app_rss.append(rss)
        ready_lines.append(fields(line))
    med = statistics.median
    return {
        "cold_method": method,
        "cold_app_ms": med(cold_app), "cold_bare_ms": med(cold_bare), "cold_ratio": med(cold_app) / med(cold_bare),
        "warm_app_ms": med(warm_app), "warm_bare_ms": med(warm_bare), "warm_ratio": med(warm_app) / med(warm_bare),
        "cold_min_ratio": min(cold_app) / min(cold_bare), "warm_min_ratio": min(warm_app) / min(warm_bare),
        "cold_min": (min(cold_app), min(cold_bare)), "warm_min": (min(warm_app), min(warm_bare)),
        "ready_ms": med(ready), "inside_ms": med(inside),
        "rss_mb": max(app_rss) / 1024, "rss_median_mb": med(app_rss) / 1024, "bare_rss_mb": med(bare_rss) / 1024,
        "max_stall_ms": max(f.get("max_stall_ms", 0.0) for f in ready_lines),
        "runs": runs, "cold_runs": cold_runs,
    }


def report(size: dict, timing: dict, build_s: float | None, bare_build_s: float, platform: str) -> str:
    mb = 1024 * 1024
    lines = [
        "# Bundle benchmark (`benchmarks/bundle_bench.py`)",
        "",
        f"Linux x86_64, {os.cpu_count()} cores, Qt platform `{platform}`; {time.strftime('%Y-%m-%d')}.",
        "",
        "## Size of `dist/ordinance-reader/`",
        "",
        f"**{size['total'] / mb:.1f} MiB** in {size['count']} files (goal ≤ 120 MB)"
        + (f"; build {build_s:.0f} s" if build_s is not None else "") + ".",
        "",
        "| kind | MiB |",
        "| --- | ---: |",
        *(f"| {kind} | {value / mb:.1f} |" for kind, value in size["kinds"]),
        "",
        "| largest files | MiB |",
        "| --- | ---: |",
        *(f"| `{rel}` | {value / mb:.1f} |" for value, rel in size["top"]),
        "",
        "## Start-up to the first painted window",
        "",
        f"Against a bare PySide6 window frozen the same way (built in {bare_build_s:.0f} s). "
        f"Cold: caches dropped before every run ({timing['cold_method']}), median of {timing['cold_runs']}; "
        f"warm: median of {timing['runs']}.",
        "",
        "| | app | bare window | ratio of medians (goal ≤ 1.5×) | fastest runs: app / bare, ratio |",
        "| --- | ---: | ---: | ---: | ---: |",
        *(f"| {kind} | {timing[kind + '_app_ms']:.0f} ms | {timing[kind + '_bare_ms']:.0f} ms | "
          f"{timing[kind + '_ratio']:.2f}× | {timing[kind + '_min'][0]:.0f} / {timing[kind + '_min'][1]:.0f} ms, "
          f"{timing[kind + '_min_ratio']:.2f}× |" for kind in ("cold", "warm")),
        "",
        f"Of the app's warm start, {timing['inside_ms']:.0f} ms (median) pass between importing `desktop.ui.app` "
        "(after PySide6) and the first paint: the window's own work (UI modules, PySide6 creating the Python "
        "enums of every Qt class and namespace they touch, bundled fonts, widgets, first paint with a CJK font).",
        "",
        f"Ready (document shown, search answered, warm): {timing['ready_ms']:.0f} ms; "
        f"longest GUI-thread stall until then: {timing['max_stall_ms']:.0f} ms.",
        "",
        "## Memory",
        "",
        f"Peak resident memory after opening `{OPEN}` and searching \"{QUERY}\": "
        f"**{timing['rss_mb']:.0f} MiB** (max; median {timing['rss_median_mb']:.0f} MiB; goal ≤ 250 MB); "
        f"the bare window: {timing['bare_rss_mb']:.0f} MiB.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / NAME)
    parser.add_argument("--build", action="store_true", help="build the bundle first (build/build.sh)")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--cold-runs", type=int, default=5)
    parser.add_argument("--xvfb", action="store_true", help="run under a private Xvfb (xcb) instead of offscreen")
    parser.add_argument("--out", type=Path, help="also write the report (Markdown) here")
    args = parser.parse_args(argv)

    build_s = None
    if args.build or not (args.bundle / NAME).is_file():
        started = time.perf_counter()
        subprocess.run(["bash", str(BUILD / "build.sh")], check=True, stdout=subprocess.DEVNULL)
        build_s = time.perf_counter() - started
    size = sizes(args.bundle)
    xvfb = None
    with tempfile.TemporaryDirectory(prefix="bundle-bench-") as tmp:
        work = Path(tmp)
        bare, bare_build_s = build_bare(work)
        home = work / "home"
        home.mkdir()
        env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
        if args.xvfb:
            if not shutil.which("Xvfb"):
                parser.error("Xvfb is not installed")
            xvfb, env["DISPLAY"] = start_xvfb()
            env["QT_QPA_PLATFORM"] = "xcb"
        else:
            env["QT_QPA_PLATFORM"] = "offscreen"
        try:
            timing = measure(args.bundle / NAME, bare, args.runs, args.cold_runs, env, home)
        finally:
            if xvfb is not None:
                xvfb.terminate()
                xvfb.wait()
    text = report(size, timing, build_s, bare_build_s, env["QT_QPA_PLATFORM"])
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
