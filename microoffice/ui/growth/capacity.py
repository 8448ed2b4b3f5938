"""Capacity finder: "could we take someone who needs 45 minutes at 08:00, Monday to Friday, in
B90?" answered from the rota before anything is promised; and every free weekly slot beside it.
"""

from __future__ import annotations

from datetime import time

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from microoffice.core.changes import Changes
from microoffice.core.errors import ValidationError
from microoffice.core.growth import capacity
from microoffice.core.growth.capacity import CapacityAnswer, DayCheck, StaffOption
from microoffice.core.growth.weekly import WeeklySlot, weekly_slots
from microoffice.core.readers.times import parse_time
from microoffice.core.scheduling.recurrence import WEEKDAY_NAMES
from microoffice.core.vocabulary import format_date
from microoffice.ui.app.runner import Ops
from microoffice.ui.widgets.table_model import RIGHT, Column, RowTableModel
from microoffice.ui.widgets.tables import configure_table

WATCHES = Changes(staff=True, visits=True, clients=True)
COLOURS = {"yes": "#027a48", "partly": "#b54708", "no": "#b42318"}


def _free(o: StaffOption) -> str:
    total = len(o.checks)
    if o.all_ok:
        return f"All {total} dates"
    if o.weekdays_ok:
        return f"{o.days_ok} of {total} (every {capacity.describe_days(o.weekdays_ok)})"
    return f"{o.days_ok} of {total}"


def _hours(o: StaffOption) -> str:
    text = f"{capacity.hours_text(o.weekly_minutes_now)} → {capacity.hours_text(o.weekly_minutes_after)}"
    if o.contracted_minutes:
        text += f" (contract {capacity.hours_text(o.contracted_minutes)})"
    return text


OPTION_COLUMNS: list[Column[StaffOption]] = [
    Column("Who", lambda o: o.name, 140),
    Column("Free", _free, 150),
    Column("Hours a week: now → with them", _hours, 215),
    Column("Clients", lambda o: str(o.clients_now), 60, RIGHT, lambda o: o.clients_now),
    Column(
        "In district",
        lambda o: str(o.clients_in_district),
        75,
        RIGHT,
        lambda o: o.clients_in_district,
    ),
    Column("Why not / notes", lambda o: "; ".join([o.first_problem, *o.notes]).strip("; "), 400),
]
DAY_COLUMNS: list[Column[DayCheck]] = [
    Column("Date", lambda c: f"{c.day:%a} {format_date(c.day)}", 120, sort_key=lambda c: c.day),
    Column("Free?", lambda c: "Yes" if c.ok else "No", 60),
    Column("Why not", lambda c: c.reason, 500),
]
SLOT_COLUMNS: list[Column[WeeklySlot]] = [
    Column("Day", lambda s: WEEKDAY_NAMES[s.weekday], 90),
    Column("Free", lambda s: f"{s.start:%H:%M}-{s.end:%H:%M}", 95),
    Column("Min", lambda s: str(s.minutes), 45, RIGHT, lambda s: s.minutes),
]


class CapacityTab(QWidget):
    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setObjectName("capacityTab")
        self.answer: CapacityAnswer | None = None
        layout = QVBoxLayout(self)
        hint = QLabel(
            "Ask before you promise: who could take a new client at this time on these days, "
            "over the next few weeks, allowing for usual hours, leave, other visits and travel. "
            "Nothing is booked.",
            self,
        )
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        grid = QGridLayout()
        self.minutes = QSpinBox(self)
        self.minutes.setRange(15, 720)
        self.minutes.setSingleStep(15)
        self.minutes.setValue(45)
        self.minutes.setSuffix(" min")
        self._name(self.minutes, "capacityMinutes", "Visit length")
        self.at = QLineEdit("08:00", self)
        self.at.setMaximumWidth(80)
        self._name(self.at, "capacityAt", "Start time")
        self.district = QLineEdit(self)
        self.district.setPlaceholderText("e.g. B90")
        self.district.setMaximumWidth(90)
        self._name(self.district, "capacityDistrict", "Postcode district")
        self.weeks = QSpinBox(self)
        self.weeks.setRange(1, 12)
        self.weeks.setValue(4)
        self.weeks.setSuffix(" weeks")
        self._name(self.weeks, "capacityWeeks", "Weeks to check")
        days = QHBoxLayout()
        self.days: list[QCheckBox] = []
        for n, name in enumerate(WEEKDAY_NAMES):
            box = QCheckBox(name[:3], self)
            box.setChecked(n < 5)
            self._name(box, f"capacityDay{n}", name)
            days.addWidget(box)
            self.days.append(box)
        self.check_button = QPushButton("Check", self)
        self._name(self.check_button, "capacityCheck", "Check capacity")
        self.check_button.setDefault(True)
        self.check_button.clicked.connect(self.check)
        for col, (label, widget) in enumerate(
            (
                ("Visit", self.minutes),
                ("At", self.at),
                ("District", self.district),
                ("Look ahead", self.weeks),
            )
        ):
            caption = QLabel(f"{label}:", self)
            caption.setBuddy(widget)
            grid.addWidget(caption, 0, col * 2)
            grid.addWidget(widget, 0, col * 2 + 1)
        grid.addLayout(days, 1, 0, 1, 7)
        grid.addWidget(self.check_button, 1, 7)
        grid.setColumnStretch(8, 1)
        layout.addLayout(grid)
        self.error = QLabel(self)
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        # Once a problem is shown, every change to the fields checks again, so it goes as soon as
        # it is put right (and says what is still wrong, if anything).
        self.at.textChanged.connect(self._recheck)
        self.district.textChanged.connect(self._recheck)
        for spin in (self.minutes, self.weeks):
            spin.valueChanged.connect(self._recheck)
        for box in self.days:
            box.toggled.connect(self._recheck)
        self.summary = QLabel("Choose the visit and press Check.", self)
        self.summary.setObjectName("capacitySummary")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Capacity answer")
        layout.addWidget(self.summary)
        split = QSplitter(self)
        people = QWidget(split)
        stack = QVBoxLayout(people)
        stack.setContentsMargins(0, 0, 0, 0)
        self.options_model: RowTableModel[StaffOption] = RowTableModel(OPTION_COLUMNS, parent=self)
        self.options = QTableView(people)
        self.options.setModel(self.options_model)
        configure_table(
            self.options,
            OPTION_COLUMNS,
            empty="Choose the visit and press Check to see who could go.",
        )
        self._name(self.options, "capacityOptions", "Who could take the client")
        stack.addWidget(self.options, 2)
        self.days_title = QLabel("Each date", people)
        self.days_title.setObjectName("sectionTitle")
        stack.addWidget(self.days_title)
        self.days_model: RowTableModel[DayCheck] = RowTableModel(
            DAY_COLUMNS, muted=lambda c: c.ok, parent=self
        )
        self.day_table = QTableView(people)
        self.day_table.setModel(self.days_model)
        configure_table(self.day_table, DAY_COLUMNS, empty="Each day of the visit shows here.")
        self._name(self.day_table, "capacityDays", "Each date for the chosen person")
        stack.addWidget(self.day_table, 3)
        self.options.selectionModel().selectionChanged.connect(lambda *_: self._show_days())
        right = QWidget(split)
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        title = QLabel("Free every week", right)
        title.setObjectName("sectionTitle")
        column.addWidget(title)
        self.slots_model: RowTableModel[WeeklySlot] = RowTableModel(SLOT_COLUMNS, parent=self)
        self.slots = QTableView(right)
        self.slots.setModel(self.slots_model)
        configure_table(self.slots, SLOT_COLUMNS, empty="No free time in the rota.")
        self._name(self.slots, "capacitySlots", "Free weekly slots")
        column.addWidget(self.slots, 1)
        split.addWidget(people)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([820, 250])
        layout.addWidget(split, 1)
        ops.bus.changed.connect(self._on_changed)
        self.loaded = False

    def _name(self, widget: QWidget, name: str, label: str) -> None:
        widget.setObjectName(name)
        widget.setAccessibleName(label)

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(WATCHES) and self.loaded:
            self.refresh_slots()
            if self.answer is not None:
                self.check()

    def showEvent(self, event: QShowEvent) -> None:
        if not self.loaded:
            self.loaded = True
            self.refresh_slots()
        super().showEvent(event)

    def refresh_slots(self) -> None:
        weeks = self.weeks.value()
        self.slots_model.set_rows(
            self.ops.read(lambda s: weekly_slots(s, weeks=weeks), [], parent=self)
        )

    def request(self) -> capacity.CapacityRequest:
        """What the fields ask for; ValidationError names what is wrong."""
        errors: dict[str, str] = {}
        try:
            at = parse_time(self.at.text())
        except ValueError as exc:
            errors["at"], at = str(exc), time(8)
        weekdays = tuple(n for n, box in enumerate(self.days) if box.isChecked())
        request = capacity.CapacityRequest(
            self.minutes.value(),
            weekdays,
            at,
            self.district.text().strip(),
            weeks=self.weeks.value(),
        )
        try:
            capacity.check_request(request)
        except ValidationError as exc:
            errors |= exc.errors
        if errors:
            raise ValidationError(errors)
        return request

    def _recheck(self, *_changed: object) -> None:
        if self.error.isHidden():
            return
        try:
            self.request()
        except ValidationError as exc:
            self.error.setText("\n".join(exc.errors.values()))
            return
        self.error.hide()
        self.error.clear()

    def check(self) -> None:
        try:
            request = self.request()
        except ValidationError as exc:
            self.error.setText("\n".join(exc.errors.values()))
            self.error.show()
            return
        self.error.hide()
        answer = self.ops.read(lambda s: capacity.find_capacity(s, request), None, parent=self)
        if answer is None:
            return
        self.answer = answer
        self.options_model.set_rows(list(answer.options))
        kind = "yes" if answer.summary.startswith("Yes") else ("partly" if answer.cover else "no")
        self.summary.setText(answer.summary)
        self.summary.setStyleSheet(
            f"QLabel {{ color: {COLOURS[kind]}; font-weight: 600; font-size: 12pt; }}"
        )
        self.summary.setProperty("verdict", kind)
        if answer.options:
            self.options.selectRow(0)
        self._show_days()

    def _show_days(self) -> None:
        rows = self.options.selectionModel().selectedRows()
        if not rows:
            self.days_model.set_rows([])
            self.days_title.setText("Each date")
            return
        option = self.options_model.row_at(rows[0].row())
        self.days_title.setText(f"Each date for {option.name}")
        self.days_model.set_rows(list(option.checks))
