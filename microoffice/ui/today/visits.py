"""The visits part of the Today page: the day's list, confirm all, and the quick exceptions."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from microoffice.core import clock
from microoffice.core.people.rights import Right
from microoffice.core.records import quick_notes
from microoffice.core.scheduling import next_visit, today
from microoffice.core.scheduling.merge import DayVisit
from microoffice.core.scheduling.occurrences import Occurrence
from microoffice.ui.app.runner import Ops
from microoffice.ui.scheduling.visit_dialogs import ExtraVisitDialog, OutcomeDialog
from microoffice.ui.scheduling.visit_model import DAY_COLUMNS
from microoffice.ui.today.confirm_dialog import ConfirmDayDialog
from microoffice.ui.today.view import visits_summary
from microoffice.ui.widgets.buttons import push_button
from microoffice.ui.widgets.one_dialog import open_alone
from microoffice.ui.widgets.table_model import RowTableModel
from microoffice.ui.widgets.tables import (
    Action,
    configure_table,
    fit_columns_to_words,
    selected_row,
)

# The time and the status ("Done (arrived 08:45)") are read whole, never cut short: they take the
# width their words need, and the address gives way (it ends in "…", whole in its tooltip).
TITLES = [c.title for c in DAY_COLUMNS]
FITTED = (TITLES.index("Time"), TITLES.index("Status"))
ADDRESS = TITLES.index("Address")


class VisitsToday(QWidget):
    open_page = Signal(str)  # "calendar", from the empty day's "Open the calendar"

    def __init__(self, ops: Ops, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.dialog: QWidget | None = None
        self.rows: list[DayVisit] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel("Visits today", self)
        title.setObjectName("sectionTitle")
        layout.addWidget(title)
        self.status = QLabel(self)
        self.status.setObjectName("hint")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Today's visits so far")
        layout.addWidget(self.status)

        top = QHBoxLayout()
        self.confirm_button = self._button(
            "Confirm all as planned…",
            "Record every visit that has started as done as planned, with its note",
            self.confirm_all,
            top,
            needs_row=False,
        )
        self.confirm_button.setObjectName("confirmAllButton")
        self.extra_button = self._button(
            "Extra visit…", "Record a visit that was not planned", self.extra, top, False
        )
        top.addStretch(1)
        layout.addLayout(top)

        self.model: RowTableModel[DayVisit] = RowTableModel(
            DAY_COLUMNS, muted=lambda r: not r.occurrence.active, parent=self
        )
        self.table = QTableView(self)
        self.table.setObjectName("todayVisits")
        self.table.setAccessibleName("Today's visits")
        self.table.setModel(self.model)
        self.empty = configure_table(self.table, DAY_COLUMNS, empty="No visits today.")
        self.table.setMinimumHeight(260)
        fit_columns_to_words(self.table, FITTED, stretch=ADDRESS)
        layout.addWidget(self.table, 1)

        row = QHBoxLayout()
        self.late_button = self._outcome("Late or short…", "late", row)
        self.missed_button = self._outcome("Missed…", "missed", row)
        self.cancel_client_button = self._outcome("Cancelled by client…", "cancel_client", row)
        self.cancel_provider_button = self._outcome("Cancelled by us…", "cancel_provider", row)
        self.note_button = self._outcome("Note, tasks, miles…", "note", row)
        row.addStretch(1)
        layout.addLayout(row)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.update_buttons())
        self.table.doubleClicked.connect(lambda _i: self.open_outcome("note"))

    def _button(
        self, text: str, spoken: str, slot: Any, row: QHBoxLayout, needs_row: bool = True
    ) -> QPushButton:
        button = push_button(self, text, slot, row, spoken=spoken, tip=spoken)
        button.setProperty("needsRow", needs_row)
        return button

    def _outcome(self, text: str, kind: str, row: QHBoxLayout) -> QPushButton:
        button = self._button(text, text.rstrip("…"), lambda: self.open_outcome(kind), row)
        button.setObjectName(f"{kind}Button")
        return button

    def _own(self) -> int | None:
        """A carer's own staff id (they see and confirm their own visits), else None."""
        signed = self.ops.signed
        return signed.own_staff() if signed is not None else None

    def reload(self) -> None:
        if not self.ops.may(Right.OWN_VISITS):  # a bookkeeper: visits are not theirs to see
            self.hide()
            return
        self.extra_button.setVisible(self.ops.may(Right.ROTA))
        day, own = clock.today(), self._own()
        rows = self.ops.read(lambda s: today.day_visits(s, day, own), [], parent=self)
        selected = self.selected()
        self.rows = rows
        self.model.set_rows(rows)
        fit_columns_to_words(self.table, FITTED, stretch=ADDRESS)
        if selected is not None:
            uids = [r.occurrence.uid for r in rows]
            if selected.uid in uids:
                self.table.selectRow(uids.index(selected.uid))
        self._summarise()
        self.update_buttons()

    def _summarise(self) -> None:
        self.status.setText(visits_summary([r.occurrence for r in self.rows], clock.now()))
        if self.rows:
            return
        own = self._own()
        coming = self.ops.read(lambda s: next_visit.next_visit(s, own), None, parent=self)
        words = next_visit.describe(coming, clock.today())
        self.status.setText(f"No visits today. {words}")
        actions: list[Action] = []
        if coming is None and self.ops.may(Right.ROTA):
            actions.append(("Open the calendar", lambda: self.open_page.emit("calendar")))
        self.empty.set_message(f"No visits today.\n{words}", actions)

    def selected(self) -> Occurrence | None:
        row = selected_row(self.table, self.model)
        return row.occurrence if row is not None else None

    def update_buttons(self) -> None:
        occ = self.selected()
        for button in (
            self.late_button,
            self.missed_button,
            self.cancel_client_button,
            self.cancel_provider_button,
            self.note_button,
        ):
            button.setEnabled(occ is not None)
        now = clock.now()
        self.confirm_button.setEnabled(
            any(
                r.occurrence.status == "planned" and r.occurrence.planned_start <= now
                for r in self.rows
            )
        )

    def show_dialog(self, dialog: QDialog) -> None:
        self.dialog = open_alone(self.dialog, dialog)

    def confirm_all(self) -> None:
        """Ask for a line of note per visit, then confirm them all (ui/today/confirm_dialog)."""
        day, own = clock.today(), self._own()
        nothing: tuple[list[quick_notes.NoteRow], bool] = ([], False)
        rows, allowed = self.ops.read(
            lambda s: (quick_notes.notes_wanted(s, day, own), quick_notes.as_planned_allowed(s)),
            nothing,
            parent=self,
        )
        if not rows:
            return
        dialog = ConfirmDayDialog(self.ops, day, rows, allowed, self, staff_id=own)
        dialog.saved.connect(self._confirmed)
        self.show_dialog(dialog)

    def _confirmed(self, result: object) -> None:
        if isinstance(result, quick_notes.DayConfirmed):
            self.status.setText(result.describe() + " " + self.status.text())

    def open_outcome(self, kind: str) -> None:
        occ = self.selected()
        if occ is not None:
            self.show_dialog(OutcomeDialog(self.ops, kind, occ, self))

    def extra(self) -> None:
        self.show_dialog(ExtraVisitDialog(self.ops, self))
