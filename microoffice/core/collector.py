"""Pausing Python's cyclic garbage collector for bulk work (an import, an invoice run).

An import builds tens of thousands of small objects (cells, rows, records) that all live until
it ends. Each automatic collection walks them again, and a full one walks the whole program's
heap (the ORM, every loaded module): a third of a 1,000-row import went on that. Reference
counting still frees everything that is not in a cycle while the collector waits; it runs as
usual again when the bulk work ends, even on an error or a cancel.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """Nothing to collect is lost: the work's cycles are collected at the next pass after it.
    Nested or overlapping pauses only ever re-enable what they themselves disabled."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
