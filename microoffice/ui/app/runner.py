"""The one runner: every piece of work the window asks of the core goes through `Ops`.

Anki's CollectionOp, in our words. Quick work (`run`: a save, an archive) runs on the UI thread;
long work (`start`: an invoice run, an evidence pack, a backup, an import) runs on a worker
thread while a progress dialog shows what it is doing and offers Stop, so the window keeps
painting. Both do the same thing around the work (`transact`): open one transaction, mark the
audit log, run, read back from the audit log what was written, commit. Pages never open
sessions themselves.

Both end in the same funnel (`finish`): success announces what changed on the bus, once, and
returns it in the Outcome; a ValidationError goes to the form's fields (or the error dialog); any
other known problem is shown once in the error dialog; work the person stopped is reported as
stopped, without a dialog (they asked for it); a bug goes on to the excepthook, after the
rollback, so nothing is ever half-saved.

Core functions report through the optional `progress(done, total, what)` and `cancelled()`
callbacks (core/progress.py); Stop makes `cancelled()` true, the core raises `Cancelled`, the
transaction rolls back.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import QProgressBar, QProgressDialog, QPushButton, QWidget

from microoffice.core.changes import NOTHING, Changes, Watch
from microoffice.core.errors import ValidationError, as_known
from microoffice.core.people.rights import Right
from microoffice.core.people.signed import Signed
from microoffice.core.progress import Cancelled, CancelledFn, ProgressFn
from microoffice.ui.app.bus import Bus
from microoffice.ui.app.errors import describe_known, show_error

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from microoffice.core.db.database import Database

log = logging.getLogger("microoffice.ui.runner")
T = TypeVar("T")
D = TypeVar("D")  # what a failed read gives instead
SHOW_AFTER_MS = 400  # quick work finishes without a progress dialog flashing up
Work = Callable[[Any, ProgressFn, CancelledFn], T]  # (session, or None outside one; progress; stop)


class FieldErrors(Protocol):
    """Anything that can show messages at named fields (a Form)."""

    def show_errors(self, errors: dict[str, str]) -> None: ...

    def clear_errors(self) -> None: ...


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What happened: `ok` with the value and what it changed, or the error already shown."""

    ok: bool
    value: T | None = None
    error: Exception | None = None
    changes: Changes = NOTHING
    stopped: bool = False  # the person pressed Stop; nothing was saved


class Ops:
    """Runs core calls for the window; created by app.py and passed to every page."""

    def __init__(
        self,
        database: Database,
        bus: Bus,
        *,
        log_path: Path | None = None,
        opener: Callable[[str], Database] | None = None,
    ) -> None:
        self.database = database
        self.bus = bus
        self.log_path = log_path
        self.opener = opener  # how app.py opens an office file; the window never opens one itself

    # -- who the window acts for (docs/people.md) ---------------------------------------------
    @property
    def signed(self) -> Signed | None:
        """Whoever signed in; the sole trader when nobody has been added; None while somebody
        must sign in (then every core call is refused)."""
        if self.database.signed is None:
            from microoffice.core.people import signin

            try:
                self.database.signed = signin.resolve(self.database)
            except Exception as exc:  # a known problem reading the office: nobody yet
                if as_known(exc) is None:
                    raise
                return None
        return self.database.signed

    @property
    def actor(self) -> str:
        """The signed-in person's name, for the records a dialog names its writer in (a sole
        trader's as her business details say it now)."""
        signed = self.signed
        if signed is not None and signed.is_sole:
            from microoffice.core.people import signin

            signed = signin.resolve(self.database) or signed
        return signed.shown_name if signed is not None else ""

    def may(self, right: Right) -> bool:
        """Whether the signed-in person holds `right` (perhaps only over their own): what the
        window offers. The core refuses the rest anyway."""
        signed = self.signed
        return signed is not None and signed.may(right)

    def needs_sign_in(self) -> bool:
        return self.signed is None

    def sign_in(self, name: str, secret: str) -> Signed:
        """Check a name and PIN; the window then acts for them (raises SignInError)."""
        from microoffice.core.people import signin

        return signin.sign_in(self.database, name, secret)

    def swap_database(self, database: Database) -> None:
        """After a password change the same file is reopened under its new key."""
        database.signed = self.database.signed
        self.database = database

    def open_office(self, target: str) -> Ops:
        """A runner on another office file (the first-run demo), opened the way app.py opens
        files, sharing this runner's bus and log (whoever uses that office signs in to it)."""
        if self.opener is None:
            raise RuntimeError("This runner was not given a way to open another office file")
        return Ops(self.opener(target), self.bus, log_path=self.log_path, opener=self.opener)

    # -- running work -----------------------------------------------------------------------
    def run(
        self,
        fn: Callable[[Session], T],
        *,
        form: FieldErrors | None = None,
        parent: QWidget | None = None,
    ) -> Outcome[T]:
        """Quick work on the UI thread, in one transaction; what it wrote is announced once."""
        if form is not None:
            form.clear_errors()
        try:
            value, changes = self.transact(fn)
        except Exception as exc:
            return self.finish(None, exc, form=form, parent=parent)
        return self.finish(value, None, changes)

    def read(
        self, fn: Callable[[Session], T], default: D, *, parent: QWidget | None = None
    ) -> T | D:
        """A read in its own transaction; on a known failure it is shown and `default` returned.

        `default` has its own type so that an empty `[]` does not decide what the read returns.
        """
        try:
            with self.database.session(reading=True) as session:
                return fn(session)
        except Exception as exc:
            self.finish(None, exc, parent=parent)
            return default

    def start(
        self,
        title: str,
        work: Work[T],
        *,
        parent: QWidget | None = None,
        form: FieldErrors | None = None,
        transaction: bool = True,
        done: Callable[[Outcome[T]], None] | None = None,
        show_dialog: bool = True,
    ) -> Task[T]:
        """Long work on a worker thread; `done(outcome)` runs on the UI thread afterwards.

        `transaction=False` is for work that opens files of its own (a backup, the demo): it is
        given no session, and so changes nothing the pages show.
        """
        task: Task[T] = Task(
            self,
            title,
            work,
            parent=parent,
            form=form,
            transaction=transaction,
            show_dialog=show_dialog,
        )
        if done is not None:
            task.finished.connect(done)
        return task.start()

    def transact(self, fn: Callable[[Session], T]) -> tuple[T, Changes]:
        """Run `fn` in one transaction and read back, from the audit log, what it wrote."""
        with self.database.session() as session:
            watch = Watch(session)
            value = fn(session)
            return value, watch.changes(session)

    # -- the one funnel ---------------------------------------------------------------------
    def finish(
        self,
        value: T | None,
        exc: BaseException | None,
        changes: Changes = NOTHING,
        *,
        form: FieldErrors | None = None,
        parent: QWidget | None = None,
    ) -> Outcome[T]:
        """Success, a stop, a refusal or a known failure, each handled once; a bug is raised."""
        if exc is None:
            self.bus.announce(changes)
            return Outcome(True, value, changes=changes)
        if isinstance(exc, Cancelled):
            log.info("Stopped by the person")
            return Outcome(False, error=exc, stopped=True)
        known = as_known(exc)
        if known is None:
            raise exc
        if isinstance(known, ValidationError):
            log.info("Input refused at fields: %s", ", ".join(sorted(known.errors)) or "(form)")
            if form is not None:
                form.show_errors(known.errors)
                return Outcome(False, error=known)
        else:
            log.info("Refused: %s", type(known).__name__)
        show_error(describe_known(known), parent=parent)
        return Outcome(False, error=known)


_running: set[Task[Any]] = set()  # keeps each task alive until it has reported


class _Thread(QThread):
    """Runs the work; its signals are delivered on the UI thread (queued)."""

    progressed = Signal(int, int, str)
    ended = Signal(object, object)  # ((value, changes), exception)

    def __init__(self, job: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.job = job

    def run(self) -> None:
        try:
            result = self.job()
        except BaseException as exc:  # handed to the UI thread, which decides what it is
            self.ended.emit(None, exc)
            return
        self.ended.emit(result, None)


class Task(QObject, Generic[T]):
    """One piece of long work: watch `progressed`, press `cancel`, read `outcome`."""

    progressed = Signal(int, int, str)
    finished = Signal(object)  # the Outcome, after errors were shown and changes announced

    def __init__(
        self,
        ops: Ops,
        title: str,
        work: Work[T],
        *,
        parent: QWidget | None = None,
        form: FieldErrors | None = None,
        transaction: bool = True,
        show_dialog: bool = True,
    ) -> None:
        super().__init__(parent)
        self.ops, self.title, self.work = ops, title, work
        self.parent_widget, self.form, self.transaction = parent, form, transaction
        self.outcome: Outcome[T] | None = None
        self.last: tuple[int, int, str] = (0, 0, "")
        self._cancel = threading.Event()
        self._thread = _Thread(self._job)
        self._thread.progressed.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._thread.ended.connect(self._on_ended, Qt.ConnectionType.QueuedConnection)
        self.bar = QProgressBar()
        self.dialog: QProgressDialog | None = self._make_dialog(parent) if show_dialog else None

    @property
    def stopped(self) -> bool:
        return self.outcome is not None and self.outcome.stopped

    # -- the worker side (runs on the thread) -----------------------------------------------
    def _job(self) -> tuple[T, Changes]:
        def progress(done: int, total: int, what: str) -> None:
            self._thread.progressed.emit(done, total, what)

        cancelled = self._cancel.is_set
        if not self.transaction:
            return self.work(None, progress, cancelled), NOTHING
        return self.ops.transact(lambda session: self.work(session, progress, cancelled))

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
        self.bar.setParent(dialog)
        self.bar.setAccessibleName("Progress")
        self.bar.setRange(0, 0)
        dialog.setBar(self.bar)
        dialog.canceled.disconnect()  # Stop asks the work to stop; the dialog closes when it has
        dialog.canceled.connect(self.cancel)
        dialog.hide()
        for button in dialog.findChildren(QPushButton):
            button.setAccessibleName("Stop")
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

    def _on_ended(self, result: tuple[T, Changes] | None, exc: BaseException | None) -> None:
        self._thread.wait()
        if self.dialog is not None:
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None
        _running.discard(self)
        value, changes = result if result is not None else (None, NOTHING)
        try:
            self.outcome = self.ops.finish(
                value, exc, changes, form=self.form, parent=self.parent_widget
            )
        except BaseException as bug:  # no caller to raise to: the excepthook reports it
            self.outcome = Outcome(False, error=bug if isinstance(bug, Exception) else None)
            sys.excepthook(type(bug), bug, bug.__traceback__)
        log.info("Task ended: %s (%s)", self.title, "ok" if self.outcome.ok else "not done")
        self.finished.emit(self.outcome)
        self._thread.deleteLater()


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
