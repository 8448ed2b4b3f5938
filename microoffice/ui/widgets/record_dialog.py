"""RecordDialog: the base of every dialog that writes to a care record or a staff file.

Fifteen dialogs (notes, care plans, medicines, incidents, complaints, staff checks, outcome goals
and feedback) share it, so the pages that show records refresh after any of them, and they all
read a day-and-time the same way (`when_field`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QWidget

from microoffice.ui.app.bus import Changes
from microoffice.ui.widgets.form import DATE_HINT, Form
from microoffice.ui.widgets.form_dialog import FormDialog

RECORDS = Changes(records=True)


def when_field(form: Form, name: str, label: str) -> tuple[QLineEdit, QLineEdit]:
    """A day and a time side by side, read together as one field (errors land on both)."""
    box = QWidget(form)
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    day = QLineEdit(box)
    day.setPlaceholderText(DATE_HINT)
    day.setMaximumWidth(130)
    at = QLineEdit(box)
    at.setPlaceholderText("hh:mm")
    at.setMaximumWidth(80)
    at.setObjectName(f"{name}_time")
    at.setAccessibleName(f"{label}: time")
    row.addWidget(day)
    row.addWidget(at)
    row.addStretch(1)

    def set_(value: Any) -> None:
        day.setText(value[0])
        at.setText(value[1])

    form.add(name, label, box, lambda: (day.text(), at.text()), set_, focus=day)
    return day, at


class RecordDialog(FormDialog):
    """A dialog that writes to a person's care record, so the record pages refresh after it."""

    changes = RECORDS
    min_width = 560
