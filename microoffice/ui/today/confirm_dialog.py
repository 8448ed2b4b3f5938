"""Confirm the day: every visit that has started, as done as planned, each with a one-line note.

A visit is invoiced only with its daily note, so the note is asked for here rather than visit by
visit later. Where the business allows it (Settings, Record keeping) a line left empty is noted
"As planned, nothing to add."; otherwise it is confirmed but held back from the invoices until a
note is written, and the dialog says so before anything is saved. The rules are core's
(core/records/quick_notes.py); this only lays the visits out.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QLabel, QWidget

from microoffice.core.records import quick_notes
from microoffice.core.records.quick_notes import AS_PLANNED_TEXT, DayConfirmed, NoteRow
from microoffice.ui.app.runner import Ops
from microoffice.ui.widgets.form_dialog import FormDialog

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class ConfirmDayDialog(FormDialog):
    """One line per visit; Save confirms them all and writes the notes, in one transaction."""

    min_width = 620

    def __init__(
        self,
        ops: Ops,
        day: date,
        rows: list[NoteRow],
        as_planned_allowed: bool,
        parent: QWidget | None = None,
        staff_id: int | None = None,
    ) -> None:
        count = len(rows)
        if as_planned_allowed:
            how = f"Leave a line empty and, with the box ticked, it is noted “{AS_PLANNED_TEXT}”"
        else:
            how = (
                "A visit left without a line is confirmed but not invoiced until its note is "
                "written"
            )
        super().__init__(
            ops,
            "Confirm the day",
            f"Confirm {count} visit{'s' if count != 1 else ''} as done as planned, with a line "
            f"for each one's daily note (a visit is invoiced only with its note). {how}.",
            f"Confirm {count} visit{'s' if count != 1 else ''}",
            parent,
        )
        self.setObjectName("confirmDayDialog")
        self.day, self.rows, self.allowed = day, rows, as_planned_allowed
        self.staff_id = staff_id  # a carer confirms her own visits
        self.result_value: DayConfirmed | None = None
        f = self.form
        f.group("What happened")
        self.lines = []
        for i, row in enumerate(rows):
            label = row.label + (" (done, no note yet)" if row.done else "")
            hint = f"tasks: {', '.join(row.tasks)}" if row.tasks else "one line: how they were"
            line = f.text(f"note_{i}", label, hint, 500)
            line.setAccessibleName(f"Note for {row.label}")
            line.textChanged.connect(lambda _t: self._update())
            self.lines.append(line)
        if as_planned_allowed:
            box = f.check("as_planned", "Empty lines", f"Note them “{AS_PLANNED_TEXT}”")
            box.setChecked(True)
            box.toggled.connect(lambda _on: self._update())
        if count > 6:
            self.scroll_form()
        self.warning = QLabel(self)
        self.warning.setObjectName("hint")
        self.warning.setWordWrap(True)
        self.extra.addWidget(self.warning)
        self._update()
        if self.lines:
            self.lines[0].setFocus()

    def empty_lines(self) -> int:
        values = self.form.values()
        if self.allowed and values.get("as_planned"):
            return 0
        return sum(1 for i in range(len(self.rows)) if not values[f"note_{i}"].strip())

    def _update(self) -> None:
        left = self.empty_lines()
        self.warning.setText(
            f"{left} visit{'s' if left != 1 else ''} without a note will not be invoiced until "
            f"{'they have' if left != 1 else 'it has'} one."
            if left
            else ""
        )
        self.warning.setVisible(bool(left))

    def write(self, session: Session, values: dict[str, Any]) -> object:
        notes = {row.uid: values[f"note_{i}"] for i, row in enumerate(self.rows)}
        as_planned = bool(values.get("as_planned")) and self.allowed
        self.result_value = quick_notes.confirm_with_notes(
            session, self.day, notes, as_planned=as_planned, staff_id=self.staff_id
        )
        return self.result_value
