"""Persistent window state (QSettings) that survives a corrupt or missing file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

ORG, APP = "ordinance-reader", "ordinance-reader"
DEFAULT_ZOOM = 0


class Settings:
    """Typed access to the app's settings; bad values fall back to defaults."""

    def __init__(self, path: Path | None = None) -> None:
        if path is not None:
            self._qs = QSettings(str(path), QSettings.Format.IniFormat)
        else:
            self._qs = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORG, APP)
        if self._qs.status() != QSettings.Status.NoError:
            self.reset()

    @property
    def path(self) -> str:
        return self._qs.fileName()

    def reset(self) -> None:
        """Forget everything (used when the file cannot be read)."""
        self._qs.clear()
        self._qs.sync()

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._qs.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    def window_state(self) -> QByteArray | None:
        return self._bytes("window/state")

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self._qs.setValue("window/geometry", geometry)
        self._qs.setValue("window/state", state)

    def zoom(self) -> int:
        try:
            value = int(self._qs.value("reader/zoom", DEFAULT_ZOOM))
        except (TypeError, ValueError):
            return DEFAULT_ZOOM
        return max(-5, min(10, value))

    def set_zoom(self, value: int) -> None:
        self._qs.setValue("reader/zoom", int(value))

    def last_location(self) -> str:
        value = self._qs.value("reader/last", "")
        return value if isinstance(value, str) else ""

    def set_last_location(self, location: str) -> None:
        self._qs.setValue("reader/last", location)

    def value(self, key: str, default=None):
        """Any other value (printing options …), or ``default``."""
        value = self._qs.value(key, default)
        return default if value is None else value

    def set_value(self, key: str, value) -> None:
        self._qs.setValue(key, value)

    def sync(self) -> None:
        self._qs.sync()
