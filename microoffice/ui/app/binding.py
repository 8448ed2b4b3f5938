"""A guard against a fault in the Qt binding: PySide6 6.12.0 on Python 3.11 drops one reference
to None on every call of a method that returns nothing (QLineEdit.setText, QWidget.show ...).

None's reference count is tens of thousands in a running window, and every form filled in takes
hundreds of such calls; when it reaches nought Python aborts the program ("deallocating None"),
losing what was on the screen. Python 3.12 made None immortal (PEP 683), so there the fault is
harmless; on 3.11 we do what 3.12 does, once, before the first widget is made. PySide6 6.11 does
not have the fault (tests/ui/test_binding.py shows the guard holds).
"""

from __future__ import annotations

import ctypes
import sys

IMMORTAL = 1 << 40  # more references than any process could ever drop


def keep_none_alive() -> None:
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    count = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt, the first field of an object
    if count.value < IMMORTAL:
        count.value += IMMORTAL
