"""What every tab of the Records page shares: whose record it shows, and one dialog at a time."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QWidget

from microoffice.ui.app.runner import Ops
from microoffice.ui.widgets.one_dialog import open_alone


class PersonTab(QWidget):
    """A tab showing one person's record; the page tells it whose (`set_client`)."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.client_id: int | None = None
        self.client_name = ""
        self.dialog: QWidget | None = None  # the dialog this tab last opened (tests read it)

    def set_client(self, client_id: int | None, name: str) -> None:
        self.client_id, self.client_name = client_id, name
        self.reload()

    def reload(self) -> None:
        raise NotImplementedError

    def show_dialog(self, dialog: QDialog) -> None:
        self.dialog = open_alone(self.dialog, dialog)
