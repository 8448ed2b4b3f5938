"""Composition root for the window: logging, QApplication, the excepthook, then the data layer.

Start-up order is chosen for speed (bench/ measures it against a bare PySide6 window): the main
window is shown and painted first with Qt alone; only after that first paint is SQLAlchemy
imported and the database opened (and migrated if needed), then Today's data is loaded. Every
dependency is created here and passed in; nothing below reaches for a global.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from microoffice.core.db.database import Database
    from microoffice.ui.app.main_window import MainWindow
    from microoffice.ui.app.runner import Ops

log = logging.getLogger("microoffice.app")
WINDOW = "the microoffice window"  # how this program is named to a second one (lock file)
SMOKE_TIMEOUT_MS = 60_000
BACKUP_DELAY_MS = 1_500
_handler: logging.Handler | None = None


def setup_logging() -> Path:
    """Rotating log file in the platform log folder. Only events and errors, never client data.

    Called after the first paint (logging.handlers alone costs ~10 ms), or earlier by the
    excepthook if something fails before then. Calling it again changes nothing.
    """
    global _handler
    from logging.handlers import RotatingFileHandler

    from microoffice.core import paths

    path = paths.log_file()
    root = logging.getLogger("microoffice")
    if _handler is not None:
        if getattr(_handler, "baseFilename", None) == str(path.resolve()):
            return path
        root.removeHandler(_handler)
        _handler.close()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=3, encoding="utf-8", delay=True
        )
    except OSError:
        handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    _handler = handler
    return path


def apply_style(app: QApplication) -> str:
    """The calm stylesheet, light or dark as the system is (ui/app/theme.py); returns its text."""
    from microoffice.core import paths
    from microoffice.ui.app import theme

    sheet = paths.resources_dir() / "style" / "app.qss"
    try:
        text = sheet.read_text(encoding="utf-8")
    except OSError:
        log.warning("Stylesheet %s not found; using the system style", sheet)
        return ""
    theme.apply(app, text)
    return text


def run_gui(db: str | None, smoke: str | None) -> int:
    """Open the window on a database. `smoke`: None, "paint", "look" (the first look at Today, or
    the live page if there is none) or "data" (the live Today page): exit 0 once reached."""
    from microoffice.ui.app import theme
    from microoffice.ui.app.binding import keep_none_alive
    from microoffice.ui.app.errors import install_excepthook
    from microoffice.ui.app.main_window import MainWindow

    keep_none_alive()
    theme.prepare_screen()
    existing = QApplication.instance()
    app: Any = existing if existing is not None else QApplication(sys.argv[:1] or ["microoffice"])
    app.setApplicationName("microoffice")
    starter_ref: list[Startup] = []
    undo_hook = install_excepthook(
        setup_logging, on_error=lambda: starter_ref[0].failed_in_smoke() if starter_ref else None
    )
    sheet = apply_style(app)
    window = MainWindow()
    starter = Startup(app, window, db, smoke)
    starter.sheet = sheet
    starter_ref.append(starter)
    window.show()
    try:
        code = int(app.exec())
    finally:
        starter.shutdown()
        undo_hook()
        window.deleteLater()
    log.info("Window closed (exit code %s)", code)
    _release_logging()
    return code


def _release_logging() -> None:
    """Close the log file so a later run (or a test's temporary folder) starts clean."""
    global _handler
    if _handler is not None:
        logging.getLogger("microoffice").removeHandler(_handler)
        _handler.close()
        _handler = None


class Startup(QObject):
    """Drives the stages after the window exists: first paint, open data, show Today, close."""

    def __init__(self, app: Any, window: MainWindow, db: str | None, smoke: str | None) -> None:
        super().__init__()
        self.app, self.window, self.db, self.smoke = app, window, db, smoke
        self.log_path: Path | None = None
        self.database: Database | None = None
        self.ops: Ops | None = None
        self.readonly = False  # the person chose to look at an office another program owns
        self.sheet = ""  # the stylesheet text, restyled if the desktop goes light/dark
        self._painted = False
        self._tick: QTimer | None = None
        self._previous_handlers: dict[int, Any] = {}
        self._backup_timer = QTimer(self)
        self._backup_timer.setSingleShot(True)
        self._backup_timer.setInterval(BACKUP_DELAY_MS)
        self._backup_timer.timeout.connect(self.backup_if_due)
        app.installEventFilter(self)
        window.closing.connect(self.on_close)
        self._smoke_timer = QTimer(self)
        self._smoke_timer.setSingleShot(True)
        self._smoke_timer.timeout.connect(self._smoke_timed_out)
        if smoke:
            self._smoke_timer.start(SMOKE_TIMEOUT_MS)

    # -- stage 1: first paint ---------------------------------------------------------------
    def eventFilter(self, watched: Any, event: Any) -> bool:
        if not self._painted and event.type() == QEvent.Type.Paint:
            self._painted = True
            self.app.removeEventFilter(self)
            if self.smoke == "paint":
                self.app.exit(0)
            else:
                QTimer.singleShot(0, self.load)
        return False

    # -- stage 2: the data layer ------------------------------------------------------------
    def load(self) -> None:
        self.log_path = setup_logging()
        # From now on Ctrl+C or a polite kill closes the window normally (also while the first
        # look or the first-run wizard is on screen, before the data layer is ready).
        self._close_on_signals()
        if self.sheet:
            from microoffice.ui.app import theme

            theme.follow_system(self.app, self.sheet)  # the desktop may switch light/dark later
        self.window.data_shown.connect(self.on_data_shown)
        self.window.live_shown.connect(self.on_live_shown)
        self.first_look()
        password = os.environ.get("MICROOFFICE_PASSWORD") or None
        QTimer.singleShot(0, lambda: self.open_data(password))

    def first_look(self) -> None:
        """Today from a plain sqlite3 read, shown before SQLAlchemy loads (core/quicklook.py).

        Never fatal: anything it cannot read with certainty is left to the full data layer.
        """
        try:
            from microoffice.core.quicklook import first_look

            look = first_look(self.db)
        except Exception as exc:
            from microoffice.core.crash_report import scrubbed_trace

            log.error("The first look at Today failed; loading normally\n%s", scrubbed_trace(exc))
            return
        if look is not None:
            self.window.show_first_look(look)

    def open_data(self, password: str | None) -> None:
        if self.smoke == "look" and self.window.data_shown_once:
            return  # the smoke run has what it came for (the first look is on screen)
        from microoffice.core.errors import MicroofficeError, OfficeInUseError

        try:
            from microoffice.core.db.database import open_database

            self.database = open_database(
                self.db, password=password, readonly=self.readonly, holder=WINDOW
            )
        except MicroofficeError as exc:
            if self._needs_password(exc) and not self.smoke:
                self.ask_password(str(exc), tried=password is not None)
                return
            if isinstance(exc, OfficeInUseError) and not self.smoke and not self.readonly:
                self.ask_view_read_only(password)
                return
            log.warning("Could not open the database: %s: %s", type(exc).__name__, exc)
            self._fatal(f"microoffice cannot open its data.\n\n{exc}", None)
            return
        except Exception as exc:
            from microoffice.core.crash_report import scrubbed_trace

            log.error("Unexpected error opening the database\n%s", scrubbed_trace(exc))
            self._fatal("microoffice cannot open its data because of an unexpected error.", True)
            return
        from microoffice.ui.app.bus import Bus
        from microoffice.ui.app.runner import Ops

        self.ops = Ops(self.database, Bus(self), log_path=self.log_path, opener=open_database)
        log.info("Database opened%s", " read-only" if self.database.readonly else "")
        if self.ops.needs_sign_in():  # people use this office: nothing is shown before a sign-in
            if self.smoke:
                self.app.exit(0)  # the office opened; a smoke run cannot sign anybody in
                return
            self.ask_sign_in(self.ops)
            return
        if not self.smoke and not self.database.readonly:
            from microoffice.ui.wizard import needs_setup, start_first_run

            if needs_setup(self.ops):  # a brand-new office: the welcome wizard first
                start_first_run(self.window, self.ops, self.attach)
                return
        self.attach(self.ops)

    def attach(self, ops: Ops) -> None:
        """Show the office's data; the first-run wizard may hand back the demo's instead."""
        if ops is not self.ops:
            if self.database is not None:
                self.database.close()
            self.database, self.ops = ops.database, ops
        self.window.attach(ops)
        self.on_ready()
        if not self.smoke:
            from microoffice.ui.app.errors import show_error

            for notice in ops.database.notices:  # e.g. an office on a network drive
                show_error(notice, parent=self.window, title="microoffice: a word of warning")

    def ask_sign_in(self, ops: Ops) -> None:
        """Choose your name, type your PIN; Quit leaves without showing anything."""
        from microoffice.ui.app.sign_in import SignInDialog

        log.info("Asking who is signing in")
        self.sign_in_dialog = SignInDialog(ops, self.window)
        self.sign_in_dialog.signed_in.connect(lambda _signed: self.attach(ops))
        self.sign_in_dialog.rejected.connect(lambda: self.app.exit(1))
        self.sign_in_dialog.open()

    @staticmethod
    def _needs_password(exc: Exception) -> bool:
        from microoffice.core.db.sqlite_files import PasswordRequired, WrongPassword
        from microoffice.core.errors import ServerSignInError  # a server office's own login

        return isinstance(exc, PasswordRequired | WrongPassword | ServerSignInError)

    def ask_password(self, message: str, tried: bool) -> None:
        """Ask, then try again; Quit leaves the app without touching the file."""
        from microoffice.ui.app.password_dialog import PasswordDialog

        problem = "That password did not open the file. Check it and try again." if tried else ""
        if tried:
            message = "This database is protected by a password."
        self.password_dialog = PasswordDialog(self.window, message, problem)
        self.password_dialog.accepted.connect(
            lambda: self.open_data(self.password_dialog.password())
        )
        self.password_dialog.rejected.connect(lambda: self.app.exit(1))
        self.password_dialog.open()

    def ask_view_read_only(self, password: str | None) -> None:
        """Another program owns the office: offer a read-only look, or quit untouched."""
        from microoffice.core import paths
        from microoffice.core.db import ownership
        from microoffice.ui.app.office_in_use import OfficeInUseDialog

        office = Path(paths.database_target(self.db)).expanduser()
        log.info("The office is open in another program; asking whether to view it read-only")
        self.in_use_dialog = OfficeInUseDialog(
            self.window, office.name, ownership.holder_of(office)
        )
        self.in_use_dialog.accepted.connect(lambda: self._view_read_only(password))
        self.in_use_dialog.rejected.connect(lambda: self.app.exit(1))
        self.in_use_dialog.open()

    def _view_read_only(self, password: str | None) -> None:
        self.readonly = True
        self.open_data(password)

    def _fatal(self, message: str, with_log: bool | None) -> None:
        from microoffice.ui.app.errors import show_error

        box = show_error(message, parent=self.window, log_path=self.log_path if with_log else None)
        if self.smoke:
            print(f"microoffice: {message}", file=sys.stderr)
            self.app.exit(3)
        else:
            box.finished.connect(lambda _result: self.app.exit(1))

    # -- stage 3: data on screen ------------------------------------------------------------
    def on_data_shown(self) -> None:
        if self.smoke == "look":
            self.window.repaint()
            self.app.exit(0)
            return
        log.info("Data shown")

    def on_live_shown(self) -> None:
        """The live Today page (read through the data layer) is on screen."""
        if self.smoke == "data":
            self.window.repaint()
            self.app.exit(0)

    def on_ready(self) -> None:
        """The full data layer is open and Today is live: start the background chores."""
        if not self.current_database().readonly:  # a read-only view leaves backups to the owner
            self._backup_timer.start()
        if self.ops is not None:
            from microoffice.ui.app.lock import IdleLock

            self.idle_lock = IdleLock(self.app, self.window, self.ops)
        log.info("Ready")

    def current_database(self) -> Database:
        """The open database; a password change in Settings reopens it as a new object."""
        assert self.database is not None
        return self.ops.database if self.ops is not None else self.database

    def _close_on_signals(self) -> None:
        """Ctrl+C or a polite kill (logout, shutdown) closes the window normally, so the
        closing backup is still made. Python only sees a signal when it runs, hence the tick."""
        import signal

        def close(_signum: int, _frame: object) -> None:
            QTimer.singleShot(0, self.window.close)

        for name in ("SIGINT", "SIGTERM"):
            if hasattr(signal, name):
                number = getattr(signal, name)
                self._previous_handlers[number] = signal.signal(number, close)
        self._tick = QTimer(self)
        self._tick.timeout.connect(lambda: None)
        self._tick.start(300)

    def backup_if_due(self) -> None:
        if self.database is None:
            return
        from microoffice.core.services import backups

        self._backup(lambda: backups.backup_if_due(self.current_database()), "daily", wait=False)

    def _backup(self, make: Any, kind: str, wait: bool) -> None:
        from microoffice.core.errors import MicroofficeError
        from microoffice.ui.app.errors import show_error

        try:
            written = make()
        except MicroofficeError as exc:
            log.warning("The %s backup failed: %s", kind, exc)
            show_error(
                f"The {kind} backup could not be made.\n\n{exc}", parent=self.window, wait=wait
            )
            return
        if written is not None:
            log.info("%s backup written to %s", kind.capitalize(), written)

    # -- stage 4: closing -------------------------------------------------------------------
    def on_close(self) -> None:
        if self.database is None or self.smoke or self.current_database().readonly:
            return  # smoke runs measure start-up, and a read-only view: they make no backups
        from microoffice.ui.app.runner import stop_all

        stop_all()  # long work still running is stopped (and rolled back) before the backup
        from microoffice.core.services import backups

        self._backup(lambda: backups.backup_on_close(self.current_database()), "closing", wait=True)

    def shutdown(self) -> None:
        if self._tick is not None:
            self._tick.stop()
        if self._previous_handlers:
            import signal

            for number, handler in self._previous_handlers.items():
                signal.signal(number, handler)
            self._previous_handlers.clear()
        self._backup_timer.stop()
        self._smoke_timer.stop()
        self.app.removeEventFilter(self)
        if self.database is not None:
            self.current_database().close()
            self.database = None

    # -- smoke-mode failures ----------------------------------------------------------------
    def failed_in_smoke(self) -> None:
        if self.smoke:
            self.app.exit(4)

    def _smoke_timed_out(self) -> None:
        print("microoffice: the window did not reach the smoke stage in time", file=sys.stderr)
        self.app.exit(5)
