"""A confirmation that can also ask for one short answer (a reason, a date)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class AskDialog(QDialog):
    """Say plainly what will happen; the accept button names the action (never just 'OK')."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        message: str,
        action: str,
        field_label: str = "",
        field_text: str = "",
        placeholder: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("askDialog")
        layout = QVBoxLayout(self)
        text = QLabel(message, self)
        text.setWordWrap(True)
        text.setMinimumWidth(360)
        layout.addWidget(text)
        self.field: QLineEdit | None = None
        if field_label:
            caption = QLabel(field_label, self)
            self.field = QLineEdit(field_text, self)
            self.field.setObjectName("answer")
            self.field.setPlaceholderText(placeholder)
            self.field.setAccessibleName(field_label.rstrip(":"))
            caption.setBuddy(self.field)
            layout.addWidget(caption)
            layout.addWidget(self.field)
        buttons = QDialogButtonBox(self)
        self.accept_button = QPushButton(action, self)
        self.accept_button.setObjectName("acceptButton")
        self.accept_button.setDefault(True)
        self.accept_button.setAccessibleName(action)
        buttons.addButton(self.accept_button, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName("Cancel")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def answer(self) -> str:
        return self.field.text() if self.field is not None else ""
