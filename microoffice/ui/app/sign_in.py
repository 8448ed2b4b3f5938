"""Signing in: choose your name, type your PIN or password (docs/people.md).

Shown when microoffice starts on an office whose people sign in, after the auto-lock, and from
File > Switch person. Quick on a shared office computer: the names are listed, the PIN field has
the focus, Enter signs in. A wrong PIN clears the field and says so under it; the dialog stays.
An owner who forgot their own PIN uses the recovery code (or the office password) here.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from microoffice.core.errors import MicroofficeError, ValidationError
from microoffice.core.people import services as people
from microoffice.core.people import signin
from microoffice.core.people.signed import Signed
from microoffice.ui.app.runner import Ops
from microoffice.ui.widgets.screen_fit import ScreenDialog


def _caption(text: str, buddy: QWidget, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setBuddy(buddy)
    return label


def _secret_field(parent: QWidget, name: str, spoken: str) -> QLineEdit:
    field = QLineEdit(parent)
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(spoken)
    return field


def _problem(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName("fieldError")
    label.setWordWrap(True)
    label.hide()
    return label


class SignInDialog(ScreenDialog):
    """Emits `signed_in` with who signed in; Quit (or Escape) rejects."""

    signed_in = Signal(object)

    def __init__(self, ops: Ops, parent: QWidget | None, message: str = "", name: str = "") -> None:
        super().__init__(parent)
        self.ops = ops
        self.recover_dialog: RecoverDialog | None = None
        self.setObjectName("signInDialog")
        self.setWindowTitle("Sign in")
        layout = QVBoxLayout(self)
        intro = QLabel(message or "Choose your name and type your PIN or password.", self)
        intro.setObjectName("signInMessage")
        intro.setWordWrap(True)
        intro.setMinimumWidth(380)
        layout.addWidget(intro)
        self.names = QComboBox(self)
        self.names.setObjectName("signInName")
        self.names.setAccessibleName("Your name")
        names: list[str] = ops.read(people.sign_in_names, [], parent=self)
        self.names.addItems(names)
        if name in names:
            self.names.setCurrentText(name)
        layout.addWidget(_caption("&Name:", self.names, self))
        layout.addWidget(self.names)
        self.secret = _secret_field(self, "signInSecret", "Your PIN or password")
        layout.addWidget(_caption("&PIN or password:", self.secret, self))
        layout.addWidget(self.secret)
        self.problem = _problem(self)
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(self)
        self.sign_in_button = QPushButton("Sign in", self)
        self.sign_in_button.setObjectName("signInButton")
        self.sign_in_button.setDefault(True)
        buttons.addButton(self.sign_in_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.forgot_button = QPushButton("Forgot your PIN?", self)
        self.forgot_button.setObjectName("forgotButton")
        self.forgot_button.setAutoDefault(False)
        buttons.addButton(self.forgot_button, QDialogButtonBox.ButtonRole.HelpRole)
        quit_button = buttons.addButton("Quit", QDialogButtonBox.ButtonRole.RejectRole)
        quit_button.setObjectName("quitButton")
        quit_button.setAccessibleName("Quit microoffice")
        buttons.accepted.connect(self.try_sign_in)
        buttons.rejected.connect(self.reject)
        self.forgot_button.clicked.connect(self.forgot)
        layout.addWidget(buttons)
        self.secret.setFocus()

    def try_sign_in(self) -> bool:
        """Check the name and PIN; stay open with the reason under the field if they fail."""
        try:
            signed = self.ops.sign_in(self.names.currentText(), self.secret.text())
        except MicroofficeError as exc:
            self.secret.clear()
            self.problem.setText(str(exc))
            self.problem.show()
            self.secret.setFocus()
            return False
        self.secret.clear()
        self.problem.hide()
        self.signed_in.emit(signed)
        self.accept()
        return True

    def forgot(self) -> RecoverDialog:
        self.recover_dialog = RecoverDialog(self.ops, self, self.names.currentText())
        self.recover_dialog.recovered.connect(self._recovered)
        self.recover_dialog.open()
        return self.recover_dialog

    def _recovered(self, signed: Signed) -> None:
        self.signed_in.emit(signed)
        self.accept()


class RecoverDialog(ScreenDialog):
    """An owner's own forgotten PIN: the recovery code (or the office password) and a new PIN.
    Anyone else asks the owner, who resets it in Settings > People."""

    recovered = Signal(object)

    def __init__(self, ops: Ops, parent: QWidget | None, name: str) -> None:
        super().__init__(parent)
        self.ops, self.name = ops, name
        self.code_box: QMessageBox | None = None
        self.setObjectName("recoverDialog")
        self.setWindowTitle("Forgot your PIN?")
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"<b>{name}</b>: if you are an owner, type the recovery code you were given when you "
            "were added (or the office password) and choose a new PIN.<br>Everyone else: ask "
            "the owner to set a new PIN for you (Settings &gt; People &gt; Reset PIN).",
            self,
        )
        intro.setWordWrap(True)
        intro.setMinimumWidth(420)
        layout.addWidget(intro)
        self.proof = _secret_field(self, "recoveryCode", "Recovery code or office password")
        self.new = _secret_field(self, "newSecret", "New PIN or password")
        self.again = _secret_field(self, "newSecretAgain", "The new PIN or password again")
        for caption, field in (
            ("&Recovery code or office password:", self.proof),
            ("&New PIN or password:", self.new),
            ("&Type it again:", self.again),
        ):
            layout.addWidget(_caption(caption, field, self))
            layout.addWidget(field)
        self.problem = _problem(self)
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(self)
        self.save_button = QPushButton("Set new PIN", self)
        self.save_button.setObjectName("saveButton")
        self.save_button.setDefault(True)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.try_recover)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.proof.setFocus()

    def try_recover(self) -> bool:
        from microoffice.core.people.secrets import check_new_secret

        try:
            check_new_secret(self.new.text(), self.again.text())
            signed, code = signin.recover_owner(
                self.ops.database, self.name, self.proof.text(), self.new.text()
            )
        except ValidationError as exc:
            self._say(" ".join(exc.errors.values()))
            return False
        except MicroofficeError as exc:
            self._say(str(exc))
            return False
        self.code_box = show_recovery_code(self, signed.name, code)
        self.recovered.emit(signed)
        self.accept()
        return True

    def _say(self, text: str) -> None:
        self.proof.clear()
        self.problem.setText(text)
        self.problem.show()


def show_recovery_code(parent: QWidget | None, name: str, code: str) -> QMessageBox:
    """The one time a recovery code is shown."""
    box = QMessageBox(
        QMessageBox.Icon.Information,
        "Your recovery code",
        f"Recovery code for {name}:\n\n{code}\n\nWrite it down and keep it somewhere safe, away "
        "from this computer. It is shown only now. With it (or the office password) you can "
        "set a new PIN if you forget yours.",
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setObjectName("recoveryCodeBox")
    box.open()
    return box
