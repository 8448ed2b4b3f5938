"""One group session's register: who is booked, booking more, and marking who came.

Booking goes through a form so a refusal (the session is full) is shown in the panel itself,
next to the choice that caused it, and nothing is saved; marking is one click per person, with
"All attended" for the usual day when everyone came.
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from microoffice.core.scheduling import groups
from microoffice.core.scheduling.groups import Register, RegisterLine
from microoffice.core.services import clients
from microoffice.core.vocabulary import format_date
from microoffice.ui.app.runner import Ops
from microoffice.ui.widgets.buttons import push_button
from microoffice.ui.widgets.form import Form
from microoffice.ui.widgets.table_model import Column, RowTableModel
from microoffice.ui.widgets.tables import configure_table, selected_row

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

NO_SESSION = "Choose a session on the left to see its register."
STATUS_TEXT = {groups.BOOKED: "Booked", groups.ATTENDED: "Attended", groups.ABSENT: "Absent"}
REGISTER_COLUMNS: list[Column[RegisterLine]] = [
    Column("Name", lambda r: r.name, 220),
    Column("Attendance", lambda r: STATUS_TEXT.get(r.status, r.status), 120),
]


def heading(reg: Register) -> tuple[str, str]:
    """The session on one line, how full it is on the next."""
    places = f"{reg.places_left} place(s) left" if reg.places_left else "full"
    return (
        f"{reg.group_name}, {reg.day:%a} {format_date(reg.day)} "
        f"{reg.start_time:%H:%M}-{reg.end_time:%H:%M}",
        f"{len(reg.lines)} booked of {reg.capacity}, {places}",
    )


def _load(session: Session, session_id: int) -> tuple[Register, list[tuple[int, str]]]:
    reg = groups.register(session, session_id)
    on = {line.client_id for line in reg.lines}
    people = [(c.id, c.name) for c in clients.list_clients(session) if c.id not in on]
    return reg, people


class RegisterPanel(QWidget):
    def __init__(self, ops: Ops, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.session_id: int | None = None
        self.reg: Register | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(NO_SESSION, self)
        self.title.setObjectName("sectionTitle")
        self.title.setWordWrap(True)
        self.title.setAccessibleName("Chosen session")
        layout.addWidget(self.title)
        self.places = QLabel(self)
        self.places.setAccessibleName("Places on the chosen session")
        layout.addWidget(self.places)

        booking = QHBoxLayout()
        self.book_form = Form(self)
        self.client_combo = self.book_form.combo("client_id", "Book client", [])
        self.client_combo.setMinimumWidth(200)
        booking.addWidget(self.book_form, 1)
        self.book_button = push_button(
            self,
            "Book onto session",
            self.book,
            spoken="Book the chosen client",
            tip="Book the chosen client",
        )
        booking.addWidget(self.book_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(booking)

        self.model: RowTableModel[RegisterLine] = RowTableModel(REGISTER_COLUMNS, parent=self)
        self.table = QTableView(self)
        self.table.setObjectName("registerTable")
        self.table.setAccessibleName("Register for the chosen session")
        self.table.setModel(self.model)
        configure_table(self.table, REGISTER_COLUMNS, empty="Nobody is booked on this session yet.")
        layout.addWidget(self.table, 1)

        marks = QHBoxLayout()
        self.attended_button = push_button(
            self,
            "Attended",
            lambda: self.mark(groups.ATTENDED),
            spoken="Mark the chosen person attended",
            tip="Mark the chosen person attended",
        )
        self.absent_button = push_button(
            self,
            "Absent",
            lambda: self.mark(groups.ABSENT),
            spoken="Mark the chosen person absent",
            tip="Mark the chosen person absent",
        )
        self.unbook_button = push_button(
            self,
            "Unbook",
            self.unbook,
            spoken="Take the chosen person off this session",
            tip="Take the chosen person off this session",
        )
        self.all_button = push_button(
            self,
            "All attended",
            self.all_attended,
            spoken="Mark everyone not yet marked as attended",
            tip="Mark everyone not yet marked as attended",
        )
        for button in (self.attended_button, self.absent_button, self.unbook_button):
            marks.addWidget(button)
        marks.addStretch(1)
        marks.addWidget(self.all_button)
        layout.addLayout(marks)
        self.status = QLabel(self)
        self.status.setObjectName("hint")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("What happened last")
        layout.addWidget(self.status)

        chain = [self.client_combo, self.book_button, self.table, *self._mark_buttons()]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.update_buttons())
        self.update_buttons()

    def _mark_buttons(self) -> list[QPushButton]:
        return [self.attended_button, self.absent_button, self.unbook_button, self.all_button]

    # -- data -------------------------------------------------------------------------------
    def show_session(self, session_id: int | None) -> None:
        if session_id != self.session_id:
            self.status.clear()
            self.book_form.clear_errors()
        self.session_id = session_id
        self.reload()

    def reload(self) -> None:
        sid = self.session_id
        loaded = None if sid is None else self.ops.read(lambda s: _load(s, sid), None, parent=self)
        chosen = self.selected()
        keep = chosen.client_id if chosen else None
        self.reg, people = loaded if loaded else (None, [])
        title, places = heading(self.reg) if self.reg else (NO_SESSION, "")
        self.title.setText(title)
        self.places.setText(places)
        self.model.set_rows(self.reg.lines if self.reg else ())
        rows = [line.client_id for line in self.model.rows()]
        if keep in rows:
            self.table.selectRow(rows.index(keep))
        self.client_combo.clear()
        self.client_combo.addItem("Choose a client…", None)
        for value, text in people:
            self.client_combo.addItem(text, value)
        self.update_buttons()

    def selected(self) -> RegisterLine | None:
        return selected_row(self.table, self.model)

    def update_buttons(self) -> None:
        line, has = self.selected(), self.reg is not None
        self.client_combo.setEnabled(has)
        self.book_button.setEnabled(has)
        self.attended_button.setEnabled(line is not None and line.status != groups.ATTENDED)
        self.absent_button.setEnabled(line is not None and line.status != groups.ABSENT)
        self.unbook_button.setEnabled(line is not None and line.status == groups.BOOKED)
        booked = any(r.status == groups.BOOKED for r in self.model.rows())
        self.all_button.setEnabled(has and booked)

    # -- actions ----------------------------------------------------------------------------
    def book(self) -> None:
        sid, client_id = self.session_id, self.client_combo.currentData()
        if sid is None:
            return
        if client_id is None:
            self.book_form.show_errors({"client_id": "Choose the client to book"})
            return
        name = self.client_combo.currentText()
        outcome = self.ops.run(
            lambda s: groups.book(s, sid, [client_id]), form=self.book_form, parent=self
        )
        if outcome.ok:
            self.status.setText(f"Booked {name}.")

    def mark(self, status: str) -> None:
        line, sid = self.selected(), self.session_id
        if line is None or sid is None:
            return
        cid = line.client_id
        if self.ops.run(lambda s: groups.mark(s, sid, cid, status), parent=self).ok:
            self.status.setText(f"{line.name}: {STATUS_TEXT[status].lower()}.")

    def unbook(self) -> None:
        line, sid = self.selected(), self.session_id
        if line is None or sid is None:
            return
        cid = line.client_id
        if self.ops.run(lambda s: groups.unbook(s, sid, cid), parent=self).ok:
            self.status.setText(f"{line.name} is no longer booked on this session.")

    def all_attended(self) -> None:
        sid = self.session_id
        if sid is None:
            return
        outcome = self.ops.run(lambda s: groups.mark_all_attended(s, sid), parent=self)
        if outcome.ok:
            self.status.setText(f"Marked {outcome.value} person(s) as attended.")
