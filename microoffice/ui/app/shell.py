"""What the features may ask of the main window, declared apart from it.

The menus, the first-run wizard and the import dialog need the window's runner and a way to show
a page; the main window needs the menus. Declaring the window's shape here, as its base class,
lets each side import this small module instead of the other (no import cycle), and gives the
attributes tests and screenshots reach (the last dialog each one opened) a declared type.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from PySide6.QtWidgets import QMainWindow, QWidget

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from microoffice.ui.app.runner import Ops


@runtime_checkable
class Guarded(Protocol):
    """A form or page that can hold changes not saved yet, and ask what to do with them
    (widgets/unsaved.py): the window asks it before leaving the page or quitting."""

    def has_changes(self) -> bool: ...

    def ask(self, then: Callable[[Any], None] | None) -> QWidget: ...


class Shell(QMainWindow):
    """The main window as the features see it; MainWindow fills it in."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops: Ops | None = None  # set once the database is open
        self.menu_actions: dict[str, QAction] = {}
        self.backup_dialog: QWidget | None = None
        self.import_dialog: QWidget | None = None
        self.restored_message: QWidget | None = None
        self.wizard: QWidget | None = None
        self.sign_in_dialog: QWidget | None = None

    def switch_to(self, signed: object) -> None:
        """Someone else signed in: show the window as theirs."""
        raise NotImplementedError

    def show_rights(self) -> None:
        """Offer what the signed-in person may do, and say who they are."""
        raise NotImplementedError

    def show_page(self, key: str) -> QWidget | None:
        """Bring the page with this key to the front; the page, once built."""
        raise NotImplementedError
