"""A confirmation that can also ask for one short answer (a reason, a date)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from microoffice.ui.widgets.buttons import action_buttons
from microoffice.ui.widgets.screen_fit import ScreenDialog


class AskDialog(ScreenDialog):
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
        buttons, self.accept_button, _ = action_buttons(
            self, action, self.accept, self.reject, object_name="acceptButton", cancel_name="Cancel"
        )
        layout.addWidget(buttons)

    def answer(self) -> str:
        return self.field.text() if self.field is not None else ""
