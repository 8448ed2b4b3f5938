"""A second window on an office that is already open: look at it read-only, or quit.

Only one program at a time may change an office (core/db/ownership.py), so a second window never
saves over the first one's work; it can still show everything, read-only.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from microoffice.ui.widgets.screen_fit import ScreenDialog


class OfficeInUseDialog(ScreenDialog):
    """Accepted: view read-only. Rejected: quit."""

    def __init__(self, parent: QWidget | None, office: str, holder: str) -> None:
        super().__init__(parent)
        self.setObjectName("officeInUseDialog")
        self.setWindowTitle("Office already open")
        layout = QVBoxLayout(self)
        who = holder or "another microoffice window"
        text = QLabel(
            f"This office ({office}) is already open in {who} on this computer.\n\n"
            "Only one window at a time can make changes to an office, so that nothing one "
            "saves is lost by the other. You can look at it here without changing anything "
            "(read-only), or quit and carry on in the other window.",
            self,
        )
        text.setObjectName("inUseMessage")
        text.setWordWrap(True)
        text.setMinimumWidth(420)
        layout.addWidget(text)
        buttons = QDialogButtonBox(self)
        self.view_button = QPushButton("View read-only", self)
        self.view_button.setObjectName("viewReadOnlyButton")
        self.view_button.setDefault(True)
        buttons.addButton(self.view_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.quit_button = buttons.addButton("Quit", QDialogButtonBox.ButtonRole.RejectRole)
        self.quit_button.setObjectName("quitButton")
        self.quit_button.setAccessibleName("Quit microoffice")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
