"""The one way the window runs long work (invoice run, evidence pack, backup, import).

The work runs on a worker thread, in its own transaction when it writes, while a progress dialog
shows what it is doing and offers Stop; the window keeps painting and answering throughout.
Core functions report through the optional `progress(done, total, what)` and `cancelled()`
callbacks (core/progress.py); Stop makes `cancelled()` true, the core function raises
`Cancelled`, the transaction rolls back and nothing is saved.

Results come back on the UI thread exactly as `Ops.run` returns them: success announces the
changes on the bus; a ValidationError or other known problem is shown once in the error dialog
(or at a form's fields); a bug goes to the excepthook after the rollback. A task that was
stopped is reported as stopped, with no error dialog: the person asked for it.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import QProgressBar, QProgressDialog, QWidget

from microoffice.core.errors import ValidationError
from microoffice.core.progress import Cancelled, CancelledFn, ProgressFn
from microoffice.ui.app.bus import Changes
from microoffice.ui.app.errors import describe_known, show_error
from microoffice.ui.app.runner import FieldErrors, Ops, Outcome

log = logging.getLogger("microoffice.ui.app.tasks")
T = TypeVar("T")
SHOW_AFTER_MS = 400  # quick work finishes without a dialog flashing up
Work = Callable[[Any, ProgressFn, CancelledFn], T]  # (session or None, progress, cancelled)

_running: set[Task[Any]] = set()  # keeps each task alive until it has reported


class _Thread(QThread):
    """Runs the work; its signals are delivered on the UI thread (queued)."""

    progressed = Signal(int, int, str)
    ended = Signal(object, object)  # (value, exception)

    def __init__(self, job: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.job = job

    def run(self) -> None:
        try:
            value = self.job()
        except BaseException as exc:  # handed to the UI thread, which decides what it is
            self.ended.emit(None, exc)
            return
        self.ended.emit(value, None)


class Task(QObject, Generic[T]):
    """One piece of long work: start it, watch `progressed`, press `cancel`, read `outcome`."""

    progressed = Signal(int, int, str)
    finished = Signal(object)  # the Outcome, after errors were shown and changes announced

    def __init__(
        self,
        ops: Ops,
        title: str,
        work: Work[T],
        changes: Changes = Changes(),  # noqa: B008 (frozen)
        *,
        parent: QWidget | None = None,
        form: FieldErrors | None = None,
        transaction: bool = True,
        show_dialog: bool = True,
    ) -> None:
        super().__init__(parent)
        self.ops, self.title, self.work, self.changes = ops, title, work, changes
        self.parent_widget, self.form, self.transaction = parent, form, transaction
        self.outcome: Outcome[T] | None = None
        self.stopped = False
        self.last: tuple[int, int, str] = (0, 0, "")
        self._cancel = threading.Event()
        self._thread = _Thread(self._job)
        self._thread.progressed.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._thread.ended.connect(self._on_ended, Qt.ConnectionType.QueuedConnection)
        self.dialog: QProgressDialog | None = None
        if show_dialog:
            self.dialog = self._make_dialog(parent)

    # -- the worker side (runs on the thread) -----------------------------------------------
    def _job(self) -> T:
        def progress(done: int, total: int, what: str) -> None:
            self._thread.progressed.emit(done, total, what)

        cancelled = self._cancel.is_set
        if not self.transaction:
            return self.work(None, progress, cancelled)
        with self.ops.database.session(actor=self.ops.actor) as session:
            return self.work(session, progress, cancelled)

    # -- the UI side ------------------------------------------------------------------------
    def start(self) -> Task[T]:
        if self.form is not None:
            self.form.clear_errors()
        _running.add(self)
        log.info("Task started: %s", self.title)
        self._thread.start()
        if self.dialog is not None:
            self._show_timer = QTimer(self)
            self._show_timer.setSingleShot(True)
            self._show_timer.timeout.connect(self._show_dialog)
            self._show_timer.start(SHOW_AFTER_MS)
        return self

    @property
    def running(self) -> bool:
        return self.outcome is None and self in _running

    def cancel(self) -> None:
        """Ask the work to stop at its next step; what it did so far is rolled back."""
        if self.outcome is None:
            self._cancel.set()
            if self.dialog is not None and shiboken6.isValid(self.dialog):
                self.dialog.setLabelText("Stopping…")

    def wait(self, ms: int = 30_000) -> bool:
        """Block until the thread ends (tests and closing the window only)."""
        return bool(self._thread.wait(ms))

    def _make_dialog(self, parent: QWidget | None) -> QProgressDialog:
        dialog = QProgressDialog(self.title, "Stop", 0, 0, parent)
        dialog.setObjectName("taskDialog")
        dialog.setWindowTitle(self.title)
        dialog.setAccessibleName(self.title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(24 * 3600 * 1000)  # shown by our own timer, not Qt's guess
        dialog.setMinimumWidth(380)
        self.bar = QProgressBar(dialog)
        self.bar.setAccessibleName("Progress")
        self.bar.setRange(0, 0)
        dialog.setBar(self.bar)
        dialog.canceled.disconnect()  # Stop asks the work to stop; the dialog closes when it has
        dialog.canceled.connect(self.cancel)
        dialog.hide()
        for button in dialog.findChildren(QObject):
            if button.metaObject().className() == "QPushButton":
                button.setAccessibleName("Stop")  # type: ignore[attr-defined]
        return dialog

    def _show_dialog(self) -> None:
        if self.dialog is not None and self.outcome is None:
            self.dialog.show()

    def _on_progress(self, done: int, total: int, what: str) -> None:
        self.last = (done, total, what)
        self.progressed.emit(done, total, what)
        if self.dialog is not None and not self._cancel.is_set():
            # The bar itself, not QProgressDialog.setValue: that one processes events when
            # modal, which would run the end of the task in the middle of this update.
            self.bar.setRange(0, max(total, 0))
            self.bar.setValue(min(done, total) if total else 0)
            if what:
                self.dialog.setLabelText(what)

    def _on_ended(self, value: Any, exc: BaseException | None) -> None:
        self._thread.wait()
        if self.dialog is not None:
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None
        _running.discard(self)
        self.outcome = self._judge(value, exc)
        log.info("Task ended: %s (%s)", self.title, "ok" if self.outcome.ok else "not done")
        self.finished.emit(self.outcome)
        self._thread.deleteLater()

    def _judge(self, value: Any, exc: BaseException | None) -> Outcome[T]:
        if exc is None:
            self.ops.bus.announce(self.changes)
            return Outcome(True, value)
        if isinstance(exc, Cancelled):
            self.stopped = True
            return Outcome(False, error=exc)
        if isinstance(exc, ValidationError) and self.form is not None:
            self.form.show_errors(exc.errors)
            return Outcome(False, error=exc)
        if isinstance(exc, Exception):
            known = self.ops._known(exc)
            if known is not None:
                message = exc.summary() if isinstance(exc, ValidationError) else None
                show_error(message or describe_known(known), parent=self.parent_widget)
                return Outcome(False, error=known)
        sys.excepthook(type(exc), exc, exc.__traceback__)
        return Outcome(False, error=exc if isinstance(exc, Exception) else None)


def run_task(
    ops: Ops,
    title: str,
    work: Work[T],
    changes: Changes = Changes(),  # noqa: B008 (frozen)
    *,
    parent: QWidget | None = None,
    done: Callable[[Outcome[T]], None] | None = None,
    form: FieldErrors | None = None,
    transaction: bool = True,
) -> Task[T]:
    """Start long work off the UI thread; `done(outcome)` runs on the UI thread afterwards."""
    task: Task[T] = Task(
        ops, title, work, changes, parent=parent, form=form, transaction=transaction
    )
    if done is not None:
        task.finished.connect(done)
    return task.start()


def running_tasks() -> list[Task[Any]]:
    """Work still under way (the window asks before closing, and waits)."""
    return [t for t in _running if t.running]


def stop_all(wait_ms: int = 30_000) -> int:
    """Ask every running task to stop and wait for each (closing the window): a stopped task
    rolls back, and no thread is left running when the database closes. Returns how many."""
    tasks = running_tasks()
    for task in tasks:
        task.cancel()
    for task in tasks:
        task.wait(wait_ms)
    return len(tasks)
