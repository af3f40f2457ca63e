"""Where the app finds its shipped data (seeds, index, resources), frozen or not."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def install_root() -> Path:
    """The folder holding ``seeds/``, ``index/`` and ``resources/``.

    In a PyInstaller bundle that is the bundle's data folder; in a checkout,
    the repository root.  ``ORDINANCE_READER_ROOT`` overrides both (tests).
    """
    override = os.environ.get("ORDINANCE_READER_ROOT")
    if override:
        return Path(override)
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def seeds_dir() -> Path:
    """The shipped source documents and their catalog."""
    return install_root() / "seeds"


def index_dir() -> Path:
    """The prebuilt full-text index."""
    return install_root() / "index"


def resources_dir() -> Path:
    """Fonts, icons, styles and search resources."""
    return install_root() / "resources"
