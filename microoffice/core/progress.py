"""How long core work reports its progress and hears that the person pressed Cancel.

Core functions that can take a while (an invoice run, an evidence pack, a backup, an import) take
two optional keyword arguments, so every existing caller keeps working unchanged:

- `progress(done, total, what)`: called now and then; `total` is 0 when it is not known yet.
- `cancelled()`: polled between steps; when it returns True the function raises `Cancelled`.

Raising inside the caller's transaction rolls it back, so a cancelled run leaves nothing behind.
The window runs such work on a worker thread (ui/app/runner.py); the command line passes neither.
"""

from __future__ import annotations

from collections.abc import Callable

from microoffice.core.errors import UserError

ProgressFn = Callable[[int, int, str], None]
CancelledFn = Callable[[], bool]


class Cancelled(UserError):
    """The person stopped the work; nothing it was doing has been saved."""

    def __init__(self, message: str = "Stopped before the end: nothing was saved.") -> None:
        super().__init__(message)


class Reporter:
    """Wraps the two optional callbacks so core loops can call them without checking for None."""

    def __init__(
        self, progress: ProgressFn | None = None, cancelled: CancelledFn | None = None
    ) -> None:
        self._progress = progress
        self._cancelled = cancelled

    def step(self, done: int, total: int, what: str = "") -> None:
        """Report, then stop here (raise Cancelled) if the person asked to."""
        if self._progress is not None:
            self._progress(done, total, what)
        self.check()

    def check(self) -> None:
        if self._cancelled is not None and self._cancelled():
            raise Cancelled()
