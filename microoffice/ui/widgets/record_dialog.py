"""RecordDialog: the base of every dialog that writes to a care record or a staff file.

Fifteen dialogs (notes, care plans, medicines, incidents, complaints, staff checks, outcome goals
and feedback) share it: the same width for the longer texts a record holds, and a day-and-time
read the same way everywhere (`when_field`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QWidget

from microoffice.ui.widgets.form import DATE_HINT, Form
from microoffice.ui.widgets.form_dialog import FormDialog


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
    """A dialog that writes to a person's care record or a staff file."""

    min_width = 560
