"""Never lost: SIGKILL at random moments, and two processes writing at once."""

from __future__ import annotations

import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from desktop.annotations import AnnotationStore
from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")

#: Adds notes in a loop and prints each id once its commit has returned.
WRITER = r"""
import sys
from desktop.annotations import AnnotationStore
from desktop.annotations.models import Anchor, Annotation, Kind

data_dir, tag, count, interval = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
store = AnnotationStore(data_dir, backup_interval=interval)
anchor = Anchor(doc_id="paju-ai-basic", doc_hash="0" * 64, eid="art_1")
shared = sys.argv[5] if len(sys.argv) > 5 else None
for i in range(count):
    ann = store.insert(Annotation(kind=Kind.NOTE, anchor=anchor, note=f"{tag} {i} <b>메모</b>", tags=[tag]))
    if shared and i % 10 == 0:
        store.update(shared, tags=[tag, str(i)])
    print(ann.id, flush=True)
store.close()
print("done", flush=True)
"""

ID = re.compile(r"^[0-9a-f]{32}$")


def _writer(data_dir, tag, count=100_000, interval=0.3, shared=None):
    args = [sys.executable, "-c", WRITER, str(data_dir), tag, str(count), str(interval)]
    if shared:
        args.append(shared)
    return subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _ids(text: str) -> set[str]:
    return {line for line in text.splitlines() if ID.match(line)}


def test_sigkill_never_loses_a_reported_note(tmp_path):
    rnd = random.Random(int(os.environ.get("KILL_TEST_SEED", "20250930")))
    reported: set[str] = set()
    kills, started = 30, time.monotonic()
    for round_ in range(kills):
        proc = _writer(tmp_path, f"r{round_}")
        first = ""
        if round_ % 5 == 4:
            time.sleep(rnd.uniform(0.0, 0.4))  # sometimes while it opens, migrates or backs up
        else:
            first = proc.stdout.readline()  # wait for its first commit …
            time.sleep(rnd.uniform(0.0, 0.25))  # … then kill it mid-stream
        proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate(timeout=30)
        assert proc.returncode == -signal.SIGKILL, err
        assert "Traceback" not in err, err
        reported |= _ids(first + out)
    elapsed = time.monotonic() - started
    print(f"\nkill test: {kills} kills, {len(reported)} reported notes, {elapsed:.1f} s")
    assert len(reported) > kills  # the writers did get work done between kills

    with AnnotationStore(tmp_path) as store:
        assert store.recovery is None
        assert store.integrity_ok()
        present = store.ids()
        missing = reported - present
        assert not missing, f"{len(missing)} reported notes lost"
        assert all("<b>메모</b>" in a.note for a in store.list())
    # every backup that made it to its final name is a good database
    for backup in (tmp_path / "backups").glob("annotations-*.sqlite3"):
        conn = sqlite3.connect(backup)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
    assert elapsed < 60


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    from desktop.annotations.models import Anchor, Annotation, Kind

    with AnnotationStore(tmp_path) as store:
        shared = store.insert(Annotation(kind=Kind.NOTE, note="둘이 함께 고치는 메모",
                                         anchor=Anchor(doc_id="paju-ai-basic", eid="art_2")))
    n = 150
    procs = [_writer(tmp_path, tag, count=n, interval=0.05, shared=shared.id) for tag in ("a", "b")]
    outs = [p.communicate(timeout=120) for p in procs]
    for p, (out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err
        assert out.rstrip().endswith("done")
    ids = [_ids(out) for out, _ in outs]
    assert len(ids[0]) == len(ids[1]) == n
    with AnnotationStore(tmp_path) as store:
        assert store.integrity_ok()
        assert ids[0] | ids[1] | {shared.id} == store.ids()
        assert {a.note.split()[0] for a in store.list() if a.id != shared.id} == {"a", "b"}
        assert store.get(shared.id).note == "둘이 함께 고치는 메모"  # field updates kept the note
        assert store.get(shared.id).tags[0] in ("a", "b")
