"""Keys that belong to a page: they work wherever the focus is in the window while that page is
shown, and never while another page is.

Focus often stays in the navigation after Ctrl+3 or a click on the left, so a key bound to the
page's own widgets (Qt's WidgetWithChildrenShortcut) would do nothing until the person clicked
into the page. A window-wide key on the page itself is only live while the page is visible (Qt
ignores shortcuts of hidden widgets), so Ctrl+N on Clients adds a client, and on Staff a member
of staff, and never both.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QWidget


def page_key(page: QWidget, keys: str, slot: Callable[[], object]) -> QShortcut:
    shortcut = QShortcut(QKeySequence(keys), page)
    shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
    shortcut.activated.connect(lambda: slot())
    return shortcut


def press(button: QAbstractButton) -> Callable[[], None]:
    """What a key does when it stands for a button: only what the button could do now (a button
    hidden from this person, or greyed out, does nothing)."""

    def go() -> None:
        if button.isVisible() and button.isEnabled():
            button.click()

    return go
