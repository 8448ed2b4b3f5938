"""Which files on disk belong to an office this program has open (for the window's file dialogs).

Reading or overwriting one of these (the office, its -wal, -shm or lock) from outside SQLite drops
the program's SQLite locks (core/db/ownership.py), so the window's dialogs refuse them as choices.
"""

from __future__ import annotations

from pathlib import Path

from microoffice.core.db import ownership


def is_office_file(path: Path) -> bool:
    return ownership.is_office_file(path)
