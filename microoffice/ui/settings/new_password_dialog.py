"""Choose a new password for the database file (typed twice); core checks the rules."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from microoffice.core.errors import ValidationError
from microoffice.core.services.encryption import check_new_password
from microoffice.ui.widgets.grow import grow_to_fit
from microoffice.ui.widgets.screen_fit import ScreenDialog


class NewPasswordDialog(ScreenDialog):
    """Accepts only when core's rules pass; the password is never stored or logged."""

    def __init__(self, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.setObjectName("newPasswordDialog")
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "The whole database and its backups will be encrypted with this password. "
            "Keep it safe: without it nobody, including you, can open the records.",
            self,
        )
        intro.setWordWrap(True)
        intro.setMinimumWidth(400)
        layout.addWidget(intro)
        self.fields: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        for key, caption in (("password", "&New password:"), ("confirm", "&Type it again:")):
            label = QLabel(caption, self)
            field = QLineEdit(self)
            field.setObjectName(key)
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setAccessibleName(caption.replace("&", "").rstrip(":"))
            label.setBuddy(field)
            error = QLabel(self)
            error.setObjectName("fieldError")
            error.setWordWrap(True)
            error.hide()
            layout.addWidget(label)
            layout.addWidget(field)
            layout.addWidget(error)
            self.fields[key], self.errors[key] = field, error
            field.textChanged.connect(lambda _t, shown=error: shown.hide())  # being put right
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Set password")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setAccessibleName("Set password")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.fields["password"].setFocus()

    def password(self) -> str:
        return self.fields["password"].text()

    def try_accept(self) -> None:
        for error in self.errors.values():
            error.hide()
        try:
            check_new_password(self.fields["password"].text(), self.fields["confirm"].text())
        except ValidationError as exc:
            for key, message in exc.errors.items():
                if key in self.errors:
                    self.errors[key].setText(message)
                    self.errors[key].show()
                    self.fields[key].setFocus()
            grow_to_fit(self)  # the message's line, without cutting the explanation above
            return
        self.accept()
