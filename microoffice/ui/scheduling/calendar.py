"""Calendar: the week (or one day) of visits for everyone, one carer, or one client.

Bank holidays show in the day headings (for one client, those of the nation they live in), and a
line above lists the visits that fall on bank holidays in the next six weeks. Selecting a visit
offers what can be done to it: change its plan (from that date on), skip it, or choose who goes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from microoffice.core import clock
from microoffice.core.changes import Changes
from microoffice.core.people.rights import Right
from microoffice.core.scheduling import calendar_data, plans, today
from microoffice.core.scheduling.calendar_data import CalendarDay, HolidayVisit
from microoffice.core.scheduling.merge import DayVisit
from microoffice.core.scheduling.occurrences import Occurrence
from microoffice.core.services import clients, staff
from microoffice.ui.app.runner import Ops
from microoffice.ui.scheduling.groups import GroupsWindow
from microoffice.ui.scheduling.plan_dialog import PlanDialog
from microoffice.ui.scheduling.visit_dialogs import AssignDialog
from microoffice.ui.scheduling.visit_model import DAY_COLUMNS, WeekModel
from microoffice.ui.widgets.ask import AskDialog
from microoffice.ui.widgets.buttons import push_button
from microoffice.ui.widgets.one_dialog import open_alone
from microoffice.ui.widgets.table_model import RowTableModel
from microoffice.ui.widgets.tables import configure_table, selected_row, show_when_empty

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

WATCHES = Changes(clients=True, staff=True, visits=True)


@dataclass(frozen=True)
class CalendarView:
    """Everything one screen of the calendar shows, read in one transaction."""

    days: list[CalendarDay]
    day_rows: list[DayVisit]
    names: dict[int, str]


def load_view(
    session: Session, day: date, mode: str, who: tuple[str, int | None], own: int | None = None
) -> CalendarView:
    """The visits on screen. The bank-holiday review is read separately (`refresh_holidays`),
    after the grid has painted, and only when visits change: moving week to week leaves it.
    `own`: a carer's staff id; they see only their own visits."""
    kind, ident = who
    client_id = ident if kind == "client" else None
    staff_id = ident if kind == "staff" else own
    if mode == "week":
        days = calendar_data.week(session, day, client_id, staff_id)
        rows: list[DayVisit] = []
    else:
        days = calendar_data.calendar_days(session, day, day, client_id, staff_id)
        rows = today.day_visits(session, day, staff_id, client_id)
    return CalendarView(days, rows, today.staff_names(session))


def concerning(ahead: list[HolidayVisit], who: tuple[str, int | None]) -> list[HolidayVisit]:
    kind, ident = who
    if kind == "client":
        return [h for h in ahead if h.occurrence.client_id == ident]
    if kind == "staff":
        return [h for h in ahead if ident in h.occurrence.staff_ids]
    return ahead


def _people(session: Session, own: int | None = None) -> list[tuple[tuple[str, int | None], str]]:
    if own is not None:  # a carer: their own visits only
        return [(("staff", own), "My visits")]
    options: list[tuple[tuple[str, int | None], str]] = [(("all", None), "Everyone")]
    options += [(("staff", s.id), f"Carer: {s.name}") for s in staff.list_staff(session)]
    options += [(("client", c.id), f"Client: {c.name}") for c in clients.list_clients(session)]
    return options


class AfterFirstPaint(QObject):
    """Run a callback once, just after a widget first paints (so slower extras never delay the
    first sight of the calendar)."""

    def __init__(self, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self.callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.callback)
        return False


class CalendarPage(QWidget):
    def __init__(self, ops: Ops, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.day = clock.today()
        self.view: CalendarView | None = None
        self.ahead: list[HolidayVisit] | None = None
        self.dialog: QWidget | None = None
        self.setObjectName("calendarPage")
        layout = QVBoxLayout(self)
        heading = QLabel("Calendar", self)
        heading.setObjectName("pageTitle")
        layout.addWidget(heading)

        bar = QHBoxLayout()
        self.prev_button = push_button(
            self, "◀", self.previous, bar, spoken="Previous", tip="Previous"
        )
        self.today_button = push_button(
            self, "Today", self.go_today, bar, spoken="Go to today", tip="Go to today"
        )
        self.next_button = push_button(self, "▶", self.following, bar, spoken="Next", tip="Next")
        self.period = QLabel(self)
        self.period.setObjectName("sectionTitle")
        bar.addWidget(self.period)
        bar.addStretch(1)
        self.mode_combo = QComboBox(self)
        self.mode_combo.setObjectName("mode")
        self.mode_combo.setAccessibleName("Show a week or a day")
        self.mode_combo.addItem("Week", "week")
        self.mode_combo.addItem("Day", "day")
        self.mode_combo.currentIndexChanged.connect(lambda _i: self.reload())
        bar.addWidget(self.mode_combo)
        self.show_combo = QComboBox(self)
        self.show_combo.setObjectName("who")
        self.show_combo.setAccessibleName("Whose visits")
        self.show_combo.setMinimumWidth(220)
        self.show_combo.currentIndexChanged.connect(lambda _i: self.reload())
        bar.addWidget(self.show_combo)
        self.new_plan_button = push_button(
            self, "New plan…", self.new_plan, bar, spoken="New visit plan", tip="New visit plan"
        )
        self.groups_button = push_button(
            self,
            "Day groups…",
            self.open_groups,
            bar,
            spoken="Day-activity groups and registers",
            tip="Day-activity groups and registers",
        )
        layout.addLayout(bar)

        self.holiday_note = QLabel(self)
        self.holiday_note.setObjectName("hint")
        self.holiday_note.setWordWrap(True)
        self.holiday_note.setAccessibleName("Visits on bank holidays ahead")
        layout.addWidget(self.holiday_note)

        self.stack = QStackedWidget(self)
        self.week_model = WeekModel(self)
        self.week_view = QTableView(self.stack)
        self.week_view.setObjectName("weekView")
        self.week_view.setAccessibleName("Visits this week, one column per day")
        self.week_view.setModel(self.week_model)
        self._configure_week()
        show_when_empty(self.week_view, "No visits this week.")
        self.day_model: RowTableModel[DayVisit] = RowTableModel(DAY_COLUMNS, parent=self)
        self.day_view = QTableView(self.stack)
        self.day_view.setObjectName("dayView")
        self.day_view.setAccessibleName("Visits this day")
        self.day_view.setModel(self.day_model)
        configure_table(self.day_view, DAY_COLUMNS, empty="No visits on this day.")
        self.stack.addWidget(self.week_view)
        self.stack.addWidget(self.day_view)
        layout.addWidget(self.stack, 1)

        actions = QHBoxLayout()
        self.edit_button = push_button(
            self,
            "Change plan…",
            self.edit_plan,
            actions,
            spoken="Change this visit's plan",
            tip="Change this visit's plan",
        )
        self.skip_button = push_button(
            self,
            "Skip this visit…",
            self.skip,
            actions,
            spoken="Skip this visit",
            tip="Skip this visit",
        )
        self.assign_button = push_button(
            self, "Who goes…", self.assign, actions, spoken="Choose who goes", tip="Choose who goes"
        )
        actions.addStretch(1)
        layout.addLayout(actions)
        rota = ops.may(Right.ROTA)  # changing the rota: the owner and managers only
        for button in (
            self.new_plan_button,
            self.groups_button,
            self.edit_button,
            self.skip_button,
            self.assign_button,
        ):
            button.setVisible(rota)
        self.holiday_note.setVisible(rota)
        for view in (self.week_view, self.day_view):
            view.selectionModel().selectionChanged.connect(lambda *_: self.update_buttons())
            if rota:
                view.doubleClicked.connect(lambda _i: self.assign())
        ops.bus.changed.connect(self._on_changed)
        self.load_people()
        self.reload()
        if rota:
            self._after_paint = AfterFirstPaint(self.week_view.viewport(), self.refresh_holidays)

    @property
    def own(self) -> int | None:
        """A carer's own staff id: the calendar shows only their visits."""
        signed = self.ops.signed
        return signed.own_staff() if signed is not None else None

    def _configure_week(self) -> None:
        view = self.week_view
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setShowGrid(True)
        view.setWordWrap(False)
        view.verticalHeader().hide()
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        view.verticalHeader().setDefaultSectionSize(2 * view.fontMetrics().height() + 10)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setMinimumHeight(2 * view.fontMetrics().height() + 12)

    # -- data -------------------------------------------------------------------------------
    @property
    def mode(self) -> str:
        return str(self.mode_combo.currentData() or "week")

    @property
    def who(self) -> tuple[str, int | None]:
        data = self.show_combo.currentData()
        return data if isinstance(data, tuple) else ("all", None)

    def load_people(self) -> None:
        current, own = self.who, self.own
        options = self.ops.read(
            lambda s: _people(s, own), [(("all", None), "Everyone")], parent=self
        )
        self.show_combo.blockSignals(True)
        self.show_combo.clear()
        for value, text in options:
            self.show_combo.addItem(text, value)
        self.show_combo.setCurrentIndex(max(0, self.show_combo.findData(current)))
        self.show_combo.blockSignals(False)

    def reload(self) -> None:
        day, mode, who, own = self.day, self.mode, self.who, self.own
        view = self.ops.read(lambda s: load_view(s, day, mode, who, own), None, parent=self)
        if view is None:
            return
        self.view = view
        if mode == "week":
            start = view.days[0].day
            end = start + timedelta(days=6)
            self.period.setText(f"{start.day} {start:%B} to {end.day} {end:%B %Y}")
            self.week_model.set_days(view.days, view.names)
            self.stack.setCurrentWidget(self.week_view)
        else:
            holiday = view.days[0].holiday
            extra = f" (bank holiday: {holiday})" if holiday else ""
            self.period.setText(f"{day:%A} {day.day} {day:%B %Y}{extra}")
            self.day_model.set_rows(view.day_rows)
            self.stack.setCurrentWidget(self.day_view)
        if self.ahead is not None:
            self._show_holidays(concerning(self.ahead, who))
        self.update_buttons()

    def refresh_holidays(self) -> None:
        if not self.ops.may(Right.ROTA):
            return  # a carer's calendar: the review of everyone's holidays is not theirs
        self.ahead = self.ops.read(calendar_data.bank_holiday_review, [], parent=self)
        self._show_holidays(concerning(self.ahead, self.who))

    def _show_holidays(self, ahead: list[HolidayVisit]) -> None:
        if not ahead:
            self.holiday_note.setText("No visits fall on a bank holiday in the next six weeks.")
            return
        shown = "; ".join(
            f"{h.occurrence.day:%a} {h.occurrence.day.day} {h.occurrence.day:%b} "
            f"{h.occurrence.client_name} ({h.holiday})"
            for h in ahead[:3]
        )
        more = f" and {len(ahead) - 3} more" if len(ahead) > 3 else ""
        self.holiday_note.setText(
            f"{len(ahead)} visit(s) on bank holidays in the next six weeks: {shown}{more}. "
            "Check who is covering them and that the client expects them."
        )
        self.holiday_note.setToolTip(
            "\n".join(
                f"{h.occurrence.day:%a %d %b} {h.occurrence.client_name}: {h.holiday}"
                for h in ahead
            )
        )

    def selected(self) -> Occurrence | None:
        if self.mode == "week":
            indexes = self.week_view.selectionModel().selectedIndexes()
            return self.week_model.visit(indexes[0]) if indexes else None
        row = selected_row(self.day_view, self.day_model)
        return row.occurrence if row is not None else None

    def update_buttons(self) -> None:
        occ = self.selected()
        self.edit_button.setEnabled(occ is not None and occ.plan_id is not None)
        self.skip_button.setEnabled(
            occ is not None and occ.plan_id is not None and occ.visit_id is None
        )
        self.assign_button.setEnabled(occ is not None and occ.active)

    # -- navigation -------------------------------------------------------------------------
    def step(self) -> timedelta:
        return timedelta(days=7 if self.mode == "week" else 1)

    def previous(self) -> None:
        self.go_to(self.day - self.step())

    def following(self) -> None:
        self.go_to(self.day + self.step())

    def go_today(self) -> None:
        self.go_to(clock.today())

    def go_to(self, day: date) -> None:
        self.day = day
        self.reload()

    # -- actions ----------------------------------------------------------------------------
    def show_dialog(self, dialog: QDialog) -> None:
        self.dialog = open_alone(self.dialog, dialog)

    def new_plan(self) -> None:
        kind, ident = self.who
        self.show_dialog(
            PlanDialog(self.ops, None, self, client_id=ident if kind == "client" else None)
        )

    def open_groups(self) -> None:
        self.show_dialog(GroupsWindow(self.ops, self))

    def edit_plan(self) -> None:
        occ = self.selected()
        if occ is not None and occ.plan_id is not None:
            self.show_dialog(PlanDialog(self.ops, occ.plan_id, self, from_date=occ.occurrence_date))

    def skip(self) -> None:
        occ = self.selected()
        if occ is None or occ.plan_id is None or occ.occurrence_date is None:
            return
        plan_id, when = occ.plan_id, occ.occurrence_date
        ask = AskDialog(
            self,
            "Skip this visit",
            f"Skip {occ.client_name}'s visit on {when:%A %d %B}? The rest of the plan stays "
            "as it is.",
            "Skip visit",
            "Reason:",
            placeholder="e.g. family visiting",
        )
        ask.accepted.connect(
            lambda: self.ops.run(lambda s: plans.skip_occurrence(s, plan_id, when, ask.answer()))
        )
        self.show_dialog(ask)

    def assign(self) -> None:
        occ = self.selected()
        if occ is not None and occ.active:
            self.show_dialog(AssignDialog(self.ops, occ, self))

    def _on_changed(self, changes: Changes) -> None:
        if changes.clients or changes.staff:
            self.load_people()
        if changes.touches(WATCHES):
            self.reload()
            self.refresh_holidays()
