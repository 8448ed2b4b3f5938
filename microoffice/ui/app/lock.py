"""Locks the window after a chosen idle time when the database has a password or people sign in.

The records are hidden until the password is typed again (checked against the key held in
memory, in constant time): the main window's centre and every other window and dialog on screen
(a client's form with a date of birth and NHS number is a dialog of its own). They are hidden,
not closed, so unsaved work in an open dialog is not lost; they come back when it is unlocked.
(A dialog that runs its own event loop, a file chooser or an error box, ends when hidden, as
if cancelled.)
"""

from __future__ import annotations

import hmac
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget
from shiboken6 import isValid

from microoffice.core.changes import Changes
from microoffice.core.services import business
from microoffice.ui.app.runner import Ops

SETTING = "lock_idle_minutes"
ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
    }
)


class IdleLock(QObject):
    def __init__(self, app: Any, window: QMainWindow, ops: Ops) -> None:
        super().__init__(window)
        self.app, self.window, self.ops = app, window, ops
        self.locked = False
        self.dialog: Any = None
        self.hidden: list[QWidget] = []  # the windows and dialogs the lock hid, to show again
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock_now)
        self.minutes = 0
        app.installEventFilter(self)
        ops.bus.changed.connect(self._on_changed)
        self.reload()

    def reload(self) -> None:
        self.minutes = int(self.ops.read(lambda s: business.get_setting(s, SETTING, 0), 0) or 0)
        self._arm()

    def _on_changed(self, changes: Changes) -> None:
        if changes.business:
            self.reload()

    def _signs_in(self) -> bool:
        """People sign in to this office: the lock returns to the sign-in (docs/people.md)."""
        signed = self.ops.signed
        return signed is not None and not signed.is_sole

    def _lockable(self) -> bool:
        return self.ops.database.key is not None or self._signs_in()

    def _arm(self) -> None:
        if self.minutes > 0 and self._lockable() and not self.locked:
            self.timer.start(self.minutes * 60_000)
        else:
            self.timer.stop()

    def eventFilter(self, watched: Any, event: Any) -> bool:
        if not self.locked and event.type() in ACTIVITY and self.timer.isActive():
            self.timer.start()  # restart the idle countdown
        return False

    def _screen(self) -> QWidget:
        """What shows the records: the window's central widget (or the window itself)."""
        return self.window.centralWidget() or self.window

    def lock_now(self) -> None:
        if self.locked or not self._lockable():
            return
        from microoffice.ui.app.password_dialog import PasswordDialog

        self.locked = True
        self._screen().hide()  # nothing of the records stays on screen
        self.hidden = [
            widget
            for widget in QApplication.topLevelWidgets()
            if widget.isVisible() and widget is not self.window
        ]
        for widget in self.hidden:
            widget.hide()
        if self._signs_in():
            self._ask_sign_in()
            return
        self.dialog = PasswordDialog(
            self.window,
            f"microoffice was locked after {self.minutes} minute(s) without use. "
            "Type the password to carry on.",
        )
        self.dialog.setWindowTitle("Locked")
        self.dialog.accepted.connect(self._try_unlock)
        self.dialog.rejected.connect(self.window.close)
        self.dialog.open()

    def _try_unlock(self) -> None:
        typed = self.dialog.password() if self.dialog is not None else ""
        key = self.ops.database.key or ""
        if hmac.compare_digest(typed.encode(), key.encode()):
            self.locked = False
            self._screen().show()
            self._show_hidden()
            self._arm()
            return
        from microoffice.ui.app.password_dialog import PasswordDialog

        self.dialog = PasswordDialog(
            self.window,
            "microoffice is locked. Type the password to carry on.",
            "That is not the password. Check it and try again.",
        )
        self.dialog.setWindowTitle("Locked")
        self.dialog.accepted.connect(self._try_unlock)
        self.dialog.rejected.connect(self.window.close)
        self.dialog.open()

    def _show_hidden(self) -> None:
        for widget in self.hidden:
            if isValid(widget):  # a dialog may have been deleted meanwhile
                widget.show()
        self.hidden = []

    # -- what unlocks it once people sign in: the sign-in --------------------------------------
    def _ask_sign_in(self) -> None:
        from microoffice.ui.app.sign_in import SignInDialog

        before = self.ops.signed
        self.dialog = SignInDialog(
            self.ops,
            self.window,
            f"microoffice was locked after {self.minutes} minute(s) without use. Sign in to "
            "carry on (someone else signing in here switches person).",
            name=before.name if before is not None else "",
        )
        self.dialog.setWindowTitle("Locked")
        self.dialog.signed_in.connect(lambda signed: self._signed_in(before, signed))
        self.dialog.rejected.connect(self.window.close)
        self.dialog.open()

    def _signed_in(self, before: Any, signed: Any) -> None:
        """The same person carries on where they were; anyone else gets the window as theirs,
        with what the last person had open closed unsaved."""
        self.locked = False
        self._screen().show()
        if before is not None and signed.person_id == before.person_id:
            self._show_hidden()
        else:  # the last person's dialogs stay hidden: switching closes them
            self.hidden = []
        if before is None or signed.person_id != before.person_id:
            switch = getattr(self.window, "switch_to", None)
            if switch is not None:
                switch(signed)
        self._arm()
