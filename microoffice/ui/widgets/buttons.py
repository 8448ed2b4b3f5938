"""The action-and-Cancel row at the foot of a dialog.

Every editing dialog ends the same way: one default button that does the work and a Cancel that
leaves, so Enter saves and Escape closes everywhere. Building the row in one place keeps the
object names tests look for, the accessible names screen readers read, and the tab order (action,
then Cancel) the same in every dialog.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialogButtonBox, QPushButton, QWidget


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
