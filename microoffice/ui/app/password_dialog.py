"""Asks for the password of a protected database file before anything else is shown."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from microoffice.ui.widgets.screen_fit import ScreenDialog


class PasswordDialog(ScreenDialog):
    """The password is handed straight to core and never stored or logged."""

    def __init__(self, parent: QWidget | None, message: str, problem: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("passwordDialog")
        self.setWindowTitle("Password needed")
        layout = QVBoxLayout(self)
        text = QLabel(message, self)
        text.setWordWrap(True)
        text.setMinimumWidth(380)
        layout.addWidget(text)
        caption = QLabel("&Password:", self)
        self.field = QLineEdit(self)
        self.field.setObjectName("password")
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setAccessibleName("Password")
        caption.setBuddy(self.field)
        layout.addWidget(caption)
        layout.addWidget(self.field)
        self.problem = QLabel(problem, self)
        self.problem.setObjectName("fieldError")
        self.problem.setWordWrap(True)
        self.problem.setVisible(bool(problem))
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(self)
        self.open_button = QPushButton("Open", self)
        self.open_button.setObjectName("acceptButton")
        self.open_button.setDefault(True)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.AcceptRole)
        quit_button = buttons.addButton("Quit", QDialogButtonBox.ButtonRole.RejectRole)
        quit_button.setAccessibleName("Quit microoffice")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.field.setFocus()

    def password(self) -> str:
        return self.field.text()
