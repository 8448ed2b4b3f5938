"""Dialogs sized from the screen they open on, not from a guess at it.

A sole trader's laptop leaves about 1280 x 680 once the taskbar is counted, a small one
1024 x 560: a dialog laid out for a desktop would put its Save button below the edge, where it
cannot be pressed. Every dialog opens at the size that shows everything when that fits, and
otherwise at the screen's size with its content (all but the button row) in a scroll area, so
the buttons stay on screen and the rest scrolls.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

# The window's own title bar and frame, which the available geometry does not count.
FRAME = QSize(16, 40)


class FitScroll(QScrollArea):
    """A scroll area that asks for the whole of its content (Qt caps its hint at a small
    fixed size), so a dialog holding one still opens as large as its content when that fits."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)

    def sizeHint(self) -> QSize:
        inner = self.widget()
        if inner is None:
            return super().sizeHint()
        hint = inner.sizeHint().expandedTo(inner.minimumSizeHint())
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(hint.width() + bar + 2, hint.height() + 2)


def room_for(window: QWidget, available: QRect | None = None) -> QSize:
    """The largest window that fits the screen it is on, frame included."""
    if available is None:
        screen = window.screen()
        if screen is None:
            return QSize(16_000, 16_000)
        available = screen.availableGeometry()
    return QSize(available.width() - FRAME.width(), available.height() - FRAME.height())


def _is_button_row(item: QWidget | QLayout | None) -> bool:
    if isinstance(item, QDialogButtonBox):
        return True
    if isinstance(item, QLayout):
        inside = (item.itemAt(i) for i in range(item.count()))
        return any(
            part is not None and isinstance(part.widget(), (QPushButton, QDialogButtonBox))
            for part in inside
        )
    return False


def wrap_in_scroll(dialog: QWidget) -> FitScroll | None:
    """Move everything above the dialog's button row into a scroll area (once); None when the
    dialog's layout is not a column this can take apart."""
    existing = dialog.findChild(FitScroll, "fitScroll")
    if existing is not None:
        return existing
    layout = dialog.layout()
    if not isinstance(layout, QBoxLayout) or layout.count() == 0:
        return None
    last = layout.itemAt(layout.count() - 1)
    keep = 1 if last is not None and _is_button_row(last.widget() or last.layout()) else 0
    body = QWidget(dialog)
    body.setObjectName("fitBody")
    column = QVBoxLayout(body)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(layout.spacing())
    while layout.count() > keep:
        stretch = layout.stretch(0)
        item = layout.takeAt(0)
        if item is None:
            break
        widget, inner = item.widget(), item.layout()
        if widget is not None:
            column.addWidget(widget, stretch, item.alignment())
        elif inner is not None:
            column.addLayout(inner, stretch)
        else:
            column.addItem(item)
    scroll = FitScroll(dialog)
    scroll.setObjectName("fitScroll")
    scroll.setWidget(body)
    layout.insertWidget(0, scroll, 1)
    return scroll


def fit_dialog(dialog: QWidget, available: QRect | None = None, grow_only: bool = False) -> None:
    """Open at the size that shows everything, capped at the screen; scroll what does not fit.
    `grow_only` keeps a size the person has already made larger."""
    room = room_for(dialog, available)
    layout = dialog.layout()
    if layout is not None:
        layout.activate()
    wanted = dialog.sizeHint().expandedTo(dialog.minimumSizeHint()).expandedTo(dialog.minimumSize())
    too_big = wanted.width() > room.width() or wanted.height() > room.height()
    if too_big and wrap_in_scroll(dialog) is not None and layout is not None:
        layout.activate()
        wanted = dialog.sizeHint().expandedTo(dialog.minimumSizeHint())
    least = dialog.minimumSize()
    if least.width() > room.width() or least.height() > room.height():
        dialog.setMinimumSize(least.boundedTo(room))  # a minimum set for a desktop screen
    if dialog.testAttribute(Qt.WidgetAttribute.WA_Resized):
        wanted = wanted.expandedTo(dialog.size())  # the size its maker chose, where it fits
    size = wanted.boundedTo(room)
    if grow_only:
        size = size.expandedTo(dialog.size()).boundedTo(room.expandedTo(dialog.size()))
    dialog.resize(size)


def keep_on_screen(window: QWidget) -> None:
    """Move a window whose frame reaches past the screen's edge back onto it (Qt centres a
    dialog over its parent before it knows the frame's size)."""
    screen = window.screen()
    if screen is None:
        return
    room, frame = screen.availableGeometry(), window.frameGeometry()
    if room.contains(frame):
        return
    x = max(room.left(), min(frame.left(), room.right() + 1 - frame.width()))
    y = max(room.top(), min(frame.top(), room.bottom() + 1 - frame.height()))
    window.move(x, y)


class ScreenDialog(QDialog):
    """A dialog that sizes itself from the screen the first time it is shown."""

    _fitted = False

    def setVisible(self, visible: bool) -> None:
        first = visible and not self._fitted
        if first:
            self._fitted = True
            self.before_first_show()
        super().setVisible(visible)
        if first:
            keep_on_screen(self)

    def before_first_show(self) -> None:
        fit_dialog(self)

    def refit(self) -> None:
        """Fit again once the content has grown (problem messages shown under the fields)."""
        fit_dialog(self, grow_only=True)
