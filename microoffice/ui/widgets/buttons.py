"""The action-and-Cancel row at the foot of a dialog.

Every editing dialog ends the same way: one default button that does the work and a Cancel that
leaves, so Enter saves and Escape closes everywhere. Building the row in one place keeps the
object names tests look for, the accessible names screen readers read, and the tab order (action,
then Cancel) the same in every dialog.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QBoxLayout, QDialogButtonBox, QPushButton, QWidget


def action_buttons(
    dialog: QWidget,
    action_text: str,
    on_action: Callable[[], object],
    on_cancel: Callable[[], object],
    *,
    object_name: str = "saveButton",
    accessible_name: str | None = None,
    cancel_name: str | None = None,
    cancel_object_name: str | None = None,
) -> tuple[QDialogButtonBox, QPushButton, QPushButton]:
    """Return the button box, its default action button and its Cancel button; the caller places
    the box, so the row can sit wherever the dialog's layout wants it.

    `accessible_name` defaults to the button's text; pass one where a short label ("Save") needs
    its subject spelt out for a screen reader. `cancel_name` left as None keeps Qt's own name for
    Cancel, which is its text.
    """
    buttons = QDialogButtonBox(dialog)
    action = QPushButton(action_text, dialog)
    action.setObjectName(object_name)
    action.setDefault(True)
    action.setAccessibleName(accessible_name if accessible_name is not None else action_text)
    buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
    cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
    if cancel_object_name is not None:
        cancel.setObjectName(cancel_object_name)
    if cancel_name is not None:
        cancel.setAccessibleName(cancel_name)
    buttons.accepted.connect(on_action)
    buttons.rejected.connect(on_cancel)
    return buttons, action, cancel


def push_button(
    parent: QWidget,
    text: str,
    slot: Callable[[], object] | None = None,
    row: QBoxLayout | None = None,
    *,
    name: str = "",
    spoken: str | None = None,
    tip: str = "",
) -> QPushButton:
    """A button as every page makes one: `name` is what tests find it by (its object name),
    `spoken` what a screen reader says (by default its text without the trailing '…'), `tip` its
    tooltip; clicking calls `slot`, and `row` is where it goes."""
    button = QPushButton(text, parent)
    if name:
        button.setObjectName(name)
    button.setAccessibleName(spoken if spoken is not None else text.rstrip("…"))
    if tip:
        button.setToolTip(tip)
    if slot is not None:
        button.clicked.connect(lambda: slot())
    if row is not None:
        row.addWidget(button)
    return button
