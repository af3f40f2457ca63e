"""Smoke test of the built bundle: a read-only copy, an empty HOME, no network.

    python build/smoke_test.py [--bundle dist/ordinance-reader] [--keep]

(``build/smoke_test.sh`` builds the bundle first and runs this.)  On a fresh
copy of the bundle, with ``HOME`` pointed at an empty folder and a bare
environment (no venv, no PYTHONPATH, no DISPLAY), it runs

1. ``ordinance-reader-cli docs`` and ``ordinance-reader docs`` (both executables);
2. ``search "위원회 구성" --json``: the first hit must be 파주시 … 제8조;
3. ``notes add`` (a note on 제8조제1항): the annotation store must appear under
   ``$HOME/.local/share/ordinance-reader``;
4. ``export-pdf paju-ai-basic art_8 --with-notes``: ``pdftotext`` must find the
   article heading, its citation and the note;
5. the window, offscreen, with ``--exit-after ready --open … --search …`` (must
   print its ``timing`` line and exit 0) and with ``--screenshot`` (a PNG);
6. the same window on a private X server (Xvfb, Qt's xcb platform), if installed.

No network: every run is in a new network namespace (``unshare --net``: only
a loopback interface that is down) and under ``strace -f``, which records every
``socket()``/``connect()``/``bind()``/``sendto()`` and every file opened for
writing.  The test fails on any AF_INET/AF_INET6/AF_PACKET socket, even one
that failed: "no network" means the app never tries.  AF_UNIX and AF_NETLINK
sockets are local IPC (X11, D-Bus, the kernel) and are only reported.

Read-only: the copy is ``chmod -R a-w`` and, as root (who ignores file modes),
also bind-mounted read-only inside the namespace (``unshare --mount``); the
test fails on any attempt to open a file for writing, create, rename or remove
anything inside the bundle, and on any change of the copy's files.  Writes
elsewhere are listed (they should all be under ``HOME``).

Without ``unshare`` or ``strace`` the test fails unless ``SMOKE_ALLOW_UNSANDBOXED=1``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAME = "ordinance-reader"
QUERY = "위원회 구성"
NOTE = "스모크 시험 메모"
TIMEOUT = 120
TRACED = "socket,socketpair,connect,bind,sendto,sendmsg,open,openat,creat,mkdir,mkdirat,rename,renameat,renameat2,unlink,unlinkat,rmdir,truncate,link,linkat,symlink,symlinkat"
BAD_FAMILIES = ("AF_INET", "AF_INET6", "AF_PACKET")
WRITE_FLAGS = ("O_WRONLY", "O_RDWR", "O_CREAT", "O_TRUNC", "O_APPEND")
#: Mounts the bundle read-only inside the new mount namespace, then runs the command.
RO_MOUNT = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"'


class Failure(AssertionError):
    pass


def check(condition: bool, message: str) -> None:
    if not condition:
        raise Failure(message)


class Sandbox:
    """Runs commands of the bundle copy with no network, a read-only bundle and strace."""

    def __init__(self, bundle: Path, home: Path, logs: Path) -> None:
        self.bundle, self.home, self.logs = bundle, home, logs
        self.strace = shutil.which("strace")
        self.namespace = self._namespace()
        self.runs = 0
        self.local_sockets: set[str] = set()
        self.writes_outside_home: set[str] = set()
        if not (self.strace and self.namespace) and os.environ.get("SMOKE_ALLOW_UNSANDBOXED") != "1":
            missing = " and ".join(x for x, ok in (("strace", self.strace), ("unshare --net", self.namespace)) if not ok)
            raise Failure(f"cannot block/observe the network here ({missing} unavailable); "
                          "set SMOKE_ALLOW_UNSANDBOXED=1 to run without")

    @staticmethod
    def _namespace() -> list[str] | None:
        """The unshare prefix that works here: as root ``--net --mount``, else with a user namespace."""
        if not shutil.which("unshare"):
            return None
        for prefix in (["unshare", "--net", "--mount"], ["unshare", "--map-root-user", "--net", "--mount"]):
            probe = subprocess.run([*prefix, "sh", "-c", RO_MOUNT, "/", "true"], capture_output=True)
            if probe.returncode == 0:
                return prefix
        return None

    def env(self, **extra: str) -> dict[str, str]:
        env = {
            "HOME": str(self.home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
            "TMPDIR": str(self.home / "tmp"),
        }
        env.update(extra)
        return env

    def run(self, exe: str, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        self.runs += 1
        trace = self.logs / f"strace-{self.runs}.log"
        cmd = [str(self.bundle / exe), *args]
        if self.strace:
            cmd = [self.strace, "-f", "-qq", "-s", "256", "-o", str(trace), "-e", f"trace={TRACED}", *cmd]
        if self.namespace:
            cmd = [*self.namespace, "sh", "-c", RO_MOUNT, str(self.bundle), *cmd]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT, cwd=self.home,
                              env=env or self.env())
        if self.strace:
            self._audit(trace, f"{exe} {' '.join(args)}")
        return proc

    def _audit(self, trace: Path, what: str) -> None:
        """Fail on internet sockets and on writes into the bundle; collect the rest for the report."""
        bundle = str(self.bundle)
        for line in trace.read_text(encoding="utf-8", errors="replace").splitlines():
            call = re.match(r"\d+\s+(?:<\.\.\. )?(\w+)", line)
            if not call:
                continue
            name = call.group(1)
            if name in ("socket", "socketpair", "connect", "bind", "sendto", "sendmsg"):
                family = re.search(r"\b(AF_\w+|PF_\w+)", line)
                fam = family.group(1).replace("PF_", "AF_") if family else "?"
                check(fam not in BAD_FAMILIES, f"{what}: network socket call: {line}")
                if name in ("connect", "bind") and fam == "AF_UNIX":
                    path = re.search(r'sun_path=@?"([^"]*)"', line)
                    self.local_sockets.add(path.group(1) if path else line)
                elif name == "socket":
                    self.local_sockets.add(f"socket({fam})")
                continue
            path = re.search(r'"([^"]*)"', line)
            if not path:
                continue
            target = os.path.normpath(os.path.join(self.home, path.group(1)))
            writes = name not in ("open", "openat") or any(flag in line for flag in WRITE_FLAGS)
            if not writes:
                continue
            check(not target.startswith(bundle + os.sep) and target != bundle,
                  f"{what}: tried to write inside the bundle: {line}")
            if not target.startswith(str(self.home) + os.sep) and not target.startswith(("/dev/", "/proc/")):
                self.writes_outside_home.add(target)


def snapshot(folder: Path) -> dict[str, tuple[int, int, int]]:
    """Every path of ``folder`` with its size, mode and mtime (symlinks not followed)."""
    out = {}
    for path in sorted(folder.rglob("*")):
        st = path.lstat()
        out[str(path.relative_to(folder))] = (st.st_size, st.st_mode, st.st_mtime_ns)
    return out


@contextlib.contextmanager
def xvfb():
    """A private X server (no TCP) on a free display; yields ``:N``."""
    number = next(n for n in range(91, 200) if not Path(f"/tmp/.X11-unix/X{n}").exists()
                  and not Path(f"/tmp/.X{n}-lock").exists())
    server = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while not Path(f"/tmp/.X11-unix/X{number}").exists():
            check(server.poll() is None and time.monotonic() < deadline, "Xvfb did not start")
            time.sleep(0.05)
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def make_read_only(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        if not path.is_symlink():
            mode = path.stat().st_mode
            path.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def pdf_text(pdf: Path) -> str | None:
    if not shutil.which("pdftotext"):
        return None
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def check_libraries(bundle: Path) -> list[str]:
    """Every ELF file of the bundle resolves its libraries (libcups is left to the system); returns warnings."""
    if not shutil.which("ldd"):
        return ["ldd unavailable: library check skipped"]
    warnings = []
    for path in sorted(bundle.rglob("*")):
        if path.is_symlink() or not path.is_file() or path.read_bytes()[:4] != b"\x7fELF":
            continue
        out = subprocess.run(["ldd", str(path)], capture_output=True, text=True).stdout
        missing = [line.split()[0] for line in out.splitlines() if "not found" in line]
        if missing == ["libcups.so.2"]:
            warnings.append(f"{path.name}: system libcups.so.2 not installed (printing to printers unavailable)")
        else:
            check(not missing, f"{path.relative_to(bundle)}: missing libraries {missing}")
    return warnings


def smoke(bundle_src: Path, keep: bool) -> int:
    started = time.perf_counter()
    check((bundle_src / NAME).is_file(), f"no bundle at {bundle_src} (run build/build.sh)")
    work = Path(tempfile.mkdtemp(prefix="ordinance-smoke-"))
    bundle, home, logs = work / "app" / NAME, work / "home", work / "logs"
    for folder in (home / "tmp", logs):
        folder.mkdir(parents=True)
    timings: dict[str, float] = {}

    def step(label: str):
        class Step:
            def __enter__(self):
                self.t = time.perf_counter()

            def __exit__(self, *exc):
                timings[label] = time.perf_counter() - self.t
                if exc[0] is None:
                    print(f"  ok  {label} ({timings[label]:.1f} s)", flush=True)
        return Step()

    try:
        with step("copy bundle, make it read-only"):
            shutil.copytree(bundle_src, bundle, symlinks=True)
            make_read_only(bundle)
            before = snapshot(bundle)
        with step("libraries resolve"):
            notes = check_libraries(bundle)
        box = Sandbox(bundle, home, logs)
        print(f"  sandbox: {' '.join(box.namespace or ['(no namespace)'])}, "
              f"strace {'on' if box.strace else 'OFF'}, HOME={home}", flush=True)

        with step("docs (both executables)"):
            for exe in (f"{NAME}-cli", NAME):
                proc = box.run(exe, "docs")
                check(proc.returncode == 0, f"{exe} docs exited {proc.returncode}: {proc.stderr}")
                check("paju-ai-basic" in proc.stdout and "심사보고서" in proc.stdout, f"{exe} docs: {proc.stdout!r}")

        with step(f"search {QUERY!r}"):
            proc = box.run(f"{NAME}-cli", "search", QUERY, "--json", "--limit", "5")
            check(proc.returncode == 0, f"search exited {proc.returncode}: {proc.stderr}")
            hits = json.loads(proc.stdout)
            check(bool(hits), "search found nothing")
            first = hits[0]
            check(first["doc_id"] == "paju-ai-basic" and first["eid"].split("__")[0] == "art_8",
                  f"first hit is {first['doc_id']}#{first['eid']}, expected paju-ai-basic#art_8…")
            check("«위원회»" in first["snippet"] and "«구성»" in first["snippet"], f"snippet: {first['snippet']}")

        with step("notes add (user data under HOME)"):
            proc = box.run(f"{NAME}-cli", "notes", "add", "paju-ai-basic", "art_8__para_1",
                           "--quote", "15명 이내의 위원", "--text", NOTE)
            check(proc.returncode == 0, f"notes add exited {proc.returncode}: {proc.stderr}")
            data = home / ".local" / "share" / NAME
            check(data.is_dir() and any(data.iterdir()), f"no annotation store in {data}")

        pdf = home / "out" / "제8조.pdf"
        pdf.parent.mkdir()
        with step("export-pdf --with-notes"):
            proc = box.run(f"{NAME}-cli", "export-pdf", "paju-ai-basic", "art_8", "--with-notes",
                           "--date", "2026-01-20", "-o", str(pdf))
            check(proc.returncode == 0, f"export-pdf exited {proc.returncode}: {proc.stderr}")
            check(pdf.read_bytes()[:5] == b"%PDF-", "export-pdf wrote no PDF")
            text = pdf_text(pdf)
            if text is None:
                notes.append("pdftotext unavailable: PDF text not checked")
            else:
                flat = re.sub(r"\s+", "", text)
                for want in ("제8조(위원회구성)", "파주시인공지능기본조례", "15명이내의위원으로구성한다", NOTE.replace(" ", "")):
                    check(want in flat, f"PDF text lacks {want!r}:\n{text[:800]}")

        gui_env = box.env(QT_QPA_PLATFORM="offscreen")
        with step("window offscreen, --exit-after ready"):
            proc = box.run(NAME, "--exit-after", "ready", "--open", "paju-ai-basic#art_8", "--search", QUERY,
                           env=gui_env)
            check(proc.returncode == 0, f"window exited {proc.returncode}: {proc.stderr}")
            timing = next((line for line in proc.stdout.splitlines() if line.startswith("timing ")), "")
            check("ready_ms=" in timing, f"no timing line: {proc.stdout!r} {proc.stderr!r}")
            print(f"      {timing}")

        shot = home / "out" / "window.png"
        with step("window offscreen, --screenshot"):
            proc = box.run(NAME, "--open", "paju-ai-basic#art_8", "--search", QUERY, "--screenshot", str(shot),
                           env=gui_env)
            check(proc.returncode == 0, f"screenshot run exited {proc.returncode}: {proc.stderr}")
            check(shot.is_file() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000,
                  "no (or an empty) screenshot")

        if shutil.which("Xvfb"):
            with step("window on X11 (Xvfb, xcb), --exit-after ready"), xvfb() as display:
                proc = box.run(NAME, "--exit-after", "ready", "--open", "paju-ai-basic#art_8", "--search", QUERY,
                               env=box.env(DISPLAY=display, QT_QPA_PLATFORM="xcb"))
                check(proc.returncode == 0, f"window (xcb) exited {proc.returncode}: {proc.stderr}")
                check("ready_ms=" in proc.stdout, f"no timing line (xcb): {proc.stdout!r} {proc.stderr!r}")
        else:
            notes.append("Xvfb unavailable: the window was only tried offscreen")

        check(snapshot(bundle) == before, "the bundle copy changed")
        if box.strace:
            print(f"  no AF_INET/AF_INET6 socket in {box.runs} runs; local IPC seen: "
                  f"{', '.join(sorted(box.local_sockets)) or 'none'}")
            outside = sorted(box.writes_outside_home)
            print(f"  writes outside HOME: {', '.join(outside) if outside else 'none'}")
        for note in notes:
            print(f"  note: {note}")
        print(f"smoke test passed in {time.perf_counter() - started:.1f} s")
        return 0
    except Failure as exc:
        print(f"smoke test FAILED: {exc}", file=sys.stderr)
        keep = True
        return 1
    finally:
        if keep:
            print(f"  (kept {work})")
        else:
            for path in [work, *work.rglob("*")]:
                if path.is_dir() and not path.is_symlink():
                    path.chmod(path.stat().st_mode | stat.S_IWUSR)
            shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / NAME)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, PDF, screenshot)")
    args = parser.parse_args(argv)
    return smoke(args.bundle.resolve(), args.keep)


if __name__ == "__main__":
    sys.exit(main())
