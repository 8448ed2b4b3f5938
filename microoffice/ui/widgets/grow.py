"""Grow a dialog to show a message that appeared after it opened.

A dialog sizes itself once, when it opens. A problem shown later (a red line under a field) takes
its height from the wrapped text above it, which Qt then squeezes rather than growing the window:
the first lines of the explanation are cut off at the top. Asking the layout how tall it wants
to be at the dialog's width, and growing to that (never beyond the screen), keeps every line.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLayout, QWidget


def grow_to_fit(dialog: QWidget) -> None:
    layout = dialog.layout()
    if layout is None:
        return
    for inner in reversed(dialog.findChildren(QLayout)):  # innermost first, so sizes add up
        inner.invalidate()
        inner.activate()
    layout.activate()
    wanted = layout.totalMinimumSize().height()
    if layout.hasHeightForWidth():
        wanted = max(wanted, layout.totalHeightForWidth(dialog.width()))
    screen = dialog.screen()
    if screen is not None:
        wanted = min(wanted, screen.availableGeometry().height() - 40)
    if wanted > dialog.height():
        dialog.resize(dialog.width(), wanted)
