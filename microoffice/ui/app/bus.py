"""One signal for every write, so each page refreshes only what concerns it.

What changed is the core's typed `Changes`, read by the runner from the audit log the write
produced; the bus only carries it to the pages that watch those areas.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from microoffice.core.changes import Changes


class Bus(QObject):
    """Passed in from the composition root, never a global."""

    changed = Signal(object)  # Changes

    def announce(self, changes: Changes) -> None:
        if changes:
            self.changed.emit(changes)
