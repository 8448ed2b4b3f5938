"""What every screenshot script does between showing a widget and keeping its picture: let Qt
finish laying it out and painting, then write the grab, stopping plainly when it cannot."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def settle(app: Any, rounds: int = 3) -> None:
    for _ in range(rounds):
        app.processEvents()


def save(widget: Any, path: Path) -> Path:
    if not widget.grab().save(str(path)):
        raise SystemExit(f"Could not write {path}")
    return path
