"""The core (parsing, model, search, annotation storage) never imports Qt."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

CORE_PACKAGES = ["desktop.core", "desktop.search", "desktop.annotations"]

PROBE = """
import importlib, pkgutil, sys
for name in {packages!r}:
    try:
        pkg = importlib.import_module(name)
    except ModuleNotFoundError:
        continue
    for info in pkgutil.walk_packages(pkg.__path__, name + "."):
        importlib.import_module(info.name)
qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6"))
print("QT:" + ",".join(qt))
"""


def test_core_imports_no_qt():
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(packages=CORE_PACKAGES)],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout
    assert out.strip().endswith("QT:"), out


def test_probe_detects_qt(tmp_path):
    """The check above can fail: a module importing PySide6 is reported."""
    pkg = tmp_path / "fakecore"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "bad.py").write_text("import PySide6.QtCore\n")
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(packages=["fakecore"])],
        cwd=tmp_path, capture_output=True, text=True, check=True,
    ).stdout
    assert "PySide6.QtCore" in out
