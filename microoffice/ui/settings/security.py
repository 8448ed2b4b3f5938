"""Settings > Password protection: encrypt the database file, and lock the window when idle."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from microoffice.core.changes import Changes
from microoffice.core.errors import MicroofficeError
from microoffice.core.people.rights import Right
from microoffice.core.services import backups, business
from microoffice.ui.app.errors import show_error
from microoffice.ui.app.runner import Ops
from microoffice.ui.settings.new_password_dialog import NewPasswordDialog

LOCK_SETTING = "lock_idle_minutes"


class SecurityBox(QGroupBox):
    def __init__(self, ops: Ops, parent: QWidget | None = None):
        super().__init__("Password protection", parent)
        self.ops = ops
        self.dialog: NewPasswordDialog | None = None
        layout = QVBoxLayout(self)
        self.state = QLabel(self)
        self.state.setWordWrap(True)
        self.state.setAccessibleName("Password protection status")
        layout.addWidget(self.state)
        row = QHBoxLayout()
        self.set_button = QPushButton(self)
        self.set_button.setObjectName("setPasswordButton")
        self.set_button.clicked.connect(self.ask_new_password)
        self.remove_button = QPushButton("Remove password…", self)
        self.remove_button.setObjectName("removePasswordButton")
        self.remove_button.setAccessibleName("Remove the password")
        self.remove_button.clicked.connect(self.remove)
        row.addWidget(self.set_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.copies_label = QLabel(self)
        self.copies_label.setObjectName("plainCopies")
        self.copies_label.setWordWrap(True)
        self.copies_label.setAccessibleName("Backups made elsewhere that are not encrypted")
        layout.addWidget(self.copies_label)
        copies_row = QHBoxLayout()
        self.protect_copies_button = QPushButton("Encrypt them with the password", self)
        self.protect_copies_button.setObjectName("protectCopiesButton")
        self.protect_copies_button.clicked.connect(self.protect_copies)
        self.delete_copies_button = QPushButton("Delete them…", self)
        self.delete_copies_button.setObjectName("deleteCopiesButton")
        self.delete_copies_button.setAccessibleName("Delete the backups that are not encrypted")
        self.delete_copies_button.clicked.connect(self.delete_copies)
        copies_row.addWidget(self.protect_copies_button)
        copies_row.addWidget(self.delete_copies_button)
        copies_row.addStretch(1)
        layout.addLayout(copies_row)
        lock_row = QHBoxLayout()
        lock_label = QLabel("Lock the window after", self)
        self.lock_minutes = QSpinBox(self)
        self.lock_minutes.setObjectName("lockMinutes")
        self.lock_minutes.setRange(0, 240)
        self.lock_minutes.setSuffix(" minutes idle")
        self.lock_minutes.setSpecialValueText("never")
        self.lock_minutes.setAccessibleName("Lock the window after this many idle minutes")
        lock_label.setBuddy(self.lock_minutes)
        self.lock_save = QPushButton("Save", self)
        self.lock_save.setObjectName("saveLockButton")
        self.lock_save.setAccessibleName("Save the idle lock time")
        self.lock_save.clicked.connect(self.save_lock)
        lock_row.addWidget(lock_label)
        lock_row.addWidget(self.lock_minutes)
        lock_row.addWidget(self.lock_save)
        lock_row.addStretch(1)
        layout.addLayout(lock_row)
        self.refresh()

    def refresh(self) -> None:
        database = self.ops.database
        protected = database.key is not None
        if database.path is None:
            self.state.setText("This is a server database: its server looks after its security.")
        elif protected:
            self.state.setText("This database and its backups are encrypted with a password.")
        else:
            self.state.setText(
                "This database is not protected by a password. Anyone who can open the file "
                "(a lost laptop, a copied backup) can read the records."
            )
        self.set_button.setText("Change password…" if protected else "Set a password…")
        self.set_button.setAccessibleName(self.set_button.text().rstrip("…"))
        self.set_button.setEnabled(database.path is not None)
        self.remove_button.setEnabled(protected)
        office_password = self.ops.may(Right.PASSWORD)  # the owner's alone
        for widget in (self.set_button, self.remove_button):
            widget.setVisible(office_password)
        signed = self.ops.signed
        signs_in = signed is not None and not signed.is_sole  # the lock returns to sign-in
        lockable = (protected or signs_in) and self.ops.may(Right.BUSINESS)
        self.lock_minutes.setEnabled(lockable)
        self.lock_save.setEnabled(lockable)
        self._show_plain_copies()
        minutes = self.ops.read(lambda s: business.get_setting(s, LOCK_SETTING, 0), 0, parent=self)
        self.lock_minutes.setValue(int(minutes or 0))

    def plain_copies(self) -> list[Path]:
        """Unencrypted backups of a protected office (made elsewhere, or left by an older
        version): each is the records in plain text."""
        database = self.ops.database
        if database.path is None or database.key is None or not self.ops.may(Right.PASSWORD):
            return []  # the office file's copies are the owner's to look after
        return backups.plain_copies(database.path)

    def _show_plain_copies(self) -> None:
        copies = self.plain_copies()
        names = "\n".join(str(p) for p in copies[:5]) + ("\n…" if len(copies) > 5 else "")
        self.copies_label.setText(
            f"{len(copies)} backup(s) of this office are not encrypted, so anyone who can open "
            f"them can read the records:\n{names}"
            if copies
            else ""
        )
        for widget in (self.copies_label, self.protect_copies_button, self.delete_copies_button):
            widget.setVisible(bool(copies))

    def protect_copies(self) -> None:
        key = self.ops.database.key
        try:
            for copy in self.plain_copies():
                if key is not None:
                    backups.protect_copy(copy, key)
        except (MicroofficeError, OSError) as exc:
            show_error(f"A backup could not be encrypted: {exc}", parent=self)
        self._show_plain_copies()

    def delete_copies(self) -> None:
        copies = self.plain_copies()
        answer = QMessageBox.question(
            self,
            "Delete the unencrypted backups",
            f"Delete the {len(copies)} backup(s) that are not encrypted? They cannot be brought "
            "back.",
        )
        if answer != QMessageBox.StandardButton.Yes or self.ops.database.path is None:
            return
        try:
            for copy in copies:
                backups.delete_copy(self.ops.database.path, copy)
        except OSError as exc:
            show_error(f"A backup could not be deleted: {exc.strerror or exc}", parent=self)
        self._show_plain_copies()

    def ask_new_password(self) -> None:
        title = "Change password" if self.ops.database.key else "Set a password"
        self.dialog = NewPasswordDialog(self, title)
        self.dialog.accepted.connect(
            lambda: self._rekey(self.dialog.password() if self.dialog else None)
        )
        self.dialog.open()

    def remove(self) -> None:
        answer = QMessageBox.question(
            self,
            "Remove the password",
            "Remove the password? The database and its backups will no longer be encrypted.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._rekey(None)

    def _rekey(self, new_password: str | None) -> None:
        from microoffice.core.services.encryption import change_password

        try:
            self.ops.swap_database(change_password(self.ops.database, new_password))
        except MicroofficeError as exc:
            show_error(str(exc), parent=self)
        self.refresh()
        self.ops.bus.announce(Changes(business=True))

    def save_lock(self) -> None:
        minutes = self.lock_minutes.value()
        self.ops.run(
            lambda s: business.set_setting(s, LOCK_SETTING, minutes),
            parent=self,
        )
