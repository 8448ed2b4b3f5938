"""A page shows one dialog at a time: opening the next one closes the one it opened before."""

from __future__ import annotations

from typing import TypeVar

import shiboken6
from PySide6.QtWidgets import QDialog, QWidget

D = TypeVar("D", bound=QDialog)


def open_alone(previous: QWidget | None, dialog: D) -> D:
    """Open `dialog` without blocking, after closing `previous` (if Qt still has it); the page
    keeps what this returns as its dialog, which is also where tests find it."""
    if previous is not None and shiboken6.isValid(previous):
        previous.deleteLater()
    dialog.open()
    return dialog
