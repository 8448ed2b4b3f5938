"""What a write changed, announced once, so each page refreshes only what concerns it."""

from __future__ import annotations

from dataclasses import dataclass, fields

from PySide6.QtCore import QObject, Signal


@dataclass(frozen=True)
class Changes:
    """A typed change record: pages test the flags they care about instead of string names."""

    business: bool = False
    clients: bool = False
    staff: bool = False
    visits: bool = False
    invoices: bool = False
    records: bool = False

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def touches(self, other: Changes) -> bool:
        """True when any area flagged here is also flagged in `other`."""
        return any(getattr(self, f.name) and getattr(other, f.name) for f in fields(self))


EVERYTHING = Changes(True, True, True, True, True, True)


class Bus(QObject):
    """One signal for every write; passed in from the composition root, never a global."""

    changed = Signal(object)

    def announce(self, changes: Changes) -> None:
        if changes:
            self.changed.emit(changes)
