"""Calendar: a day or a week of visits on a time axis, or the month at a glance; for everyone,
one carer or one client.

Each visit is a block from its start to its end, coloured by carer and marked by status. Drag it
to move it (just this one, or this and following), drag its bottom edge to change its length,
double-click an empty slot to add a visit there, right-click for everything else; the keyboard
does the same (see ui/widgets/time_canvas.py). Bank holidays and clients away show in the day
headings; a line above lists the visits that fall on bank holidays in the next six weeks.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from microoffice.core import clock
from microoffice.core.changes import Changes
from microoffice.core.people.rights import Right
from microoffice.core.scheduling import calendar_data, calendar_view
from microoffice.core.scheduling.calendar_data import HolidayVisit
from microoffice.core.scheduling.calendar_view import CalendarView, MonthDay
from microoffice.core.scheduling.history import slot_key
from microoffice.core.scheduling.merge import PLANNED, Occurrence
from microoffice.core.services import clients, staff
from microoffice.ui.app.runner import Ops
from microoffice.ui.scheduling.calendar_blocks import blocks_for, columns_for, legend
from microoffice.ui.scheduling.groups import GroupsWindow
from microoffice.ui.scheduling.month_model import MonthModel
from microoffice.ui.scheduling.plan_dialog import PlanDialog
from microoffice.ui.scheduling.visit_actions import VisitActions
from microoffice.ui.widgets.buttons import push_button
from microoffice.ui.widgets.one_dialog import open_alone
from microoffice.ui.widgets.page_keys import page_key
from microoffice.ui.widgets.tables import show_when_empty
from microoffice.ui.widgets.time_canvas import DAY_MINUTES, TimeCanvas

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

WATCHES = Changes(clients=True, staff=True, visits=True)
MODES = (("day", "Day"), ("week", "Week"), ("month", "Month"))


@dataclass(frozen=True)
class Shown:
    """What one screen of the calendar shows: a day or week of visits, or the month grid."""

    first: date
    last: date
    view: CalendarView | None
    month: list[MonthDay]


def load_shown(session: Session, day: date, mode: str, who: tuple[str, int | None]) -> Shown:
    """The visits on screen. The bank-holiday review is read separately (`refresh_holidays`),
    after the calendar has painted, and only when visits change."""
    if mode == "month":
        grid = calendar_view.month_grid(session, day, who)
        return Shown(grid[0].day, grid[-1].day, None, grid)
    first = calendar_data.monday_of(day) if mode == "week" else day
    last = first + timedelta(days=6 if mode == "week" else 0)
    return Shown(first, last, calendar_view.load(session, first, last, who), [])


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


class CalendarPage(VisitActions, QWidget):
    def __init__(self, ops: Ops, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.day = clock.today()
        self.shown: Shown | None = None
        self.view: CalendarView | None = None
        self.visits: dict[Hashable, Occurrence] = {}
        self.ahead: list[HolidayVisit] | None = None
        self.dialog: QWidget | None = None
        self.menu: QMenu | None = None
        self._scrolled = False
        self.setObjectName("calendarPage")
        layout = QVBoxLayout(self)
        heading = QLabel("Calendar", self)
        heading.setObjectName("pageTitle")
        layout.addWidget(heading)
        layout.addLayout(self._toolbar())

        self.holiday_note = QLabel(self)
        self.holiday_note.setObjectName("hint")
        self.holiday_note.setWordWrap(True)
        self.holiday_note.setAccessibleName("Visits on bank holidays ahead")
        layout.addWidget(self.holiday_note)
        self.legend = QLabel(self)
        self.legend.setObjectName("hint")
        self.legend.setWordWrap(True)
        self.legend.setAccessibleName("Carers' colours")
        layout.addWidget(self.legend)

        self.stack = QStackedWidget(self)
        self.canvas = TimeCanvas(self.stack)
        self.canvas.setObjectName("visitCanvas")
        self.month_model = MonthModel(self)
        self.month_view = QTableView(self.stack)
        self.month_view.setObjectName("monthView")
        self.month_view.setAccessibleName("The month: visits each day. Enter opens the day")
        self.month_view.setModel(self.month_model)
        self._configure_month()
        self.stack.addWidget(self.canvas)
        self.stack.addWidget(self.month_view)
        layout.addWidget(self.stack, 1)
        self.month_hint = QLabel(
            "Click a day (or choose it and press Enter) to see it hour by hour.", self
        )
        self.month_hint.setObjectName("hint")
        layout.addWidget(self.month_hint)
        layout.addWidget(self._actions())

        c = self.canvas
        c.current_changed.connect(lambda _k: self.update_buttons())
        c.open_requested.connect(lambda key: self._with_visit(key, self.details))
        c.move_requested.connect(self._moved)
        c.resize_requested.connect(self._resized)
        c.add_requested.connect(self._add_at)
        c.menu_requested.connect(self._menu_at)
        self.month_view.activated.connect(self._open_day)
        self.month_view.clicked.connect(self._open_day)
        page_key(self, "F5", self.reload)
        ops.bus.changed.connect(self._on_changed)
        self._follow_role()
        self.load_people()
        self.reload()
        if self.ops.may(Right.ROTA):
            self._after_paint = AfterFirstPaint(self.canvas.viewport(), self.refresh_holidays)

    def _toolbar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.prev_button = push_button(
            self, "◀", self.previous, bar, spoken="Previous", tip="Previous"
        )
        self.today_button = push_button(
            self, "Today", self.go_today, bar, spoken="Go to today", tip="Go to today"
        )
        self.next_button = push_button(self, "▶", self.following, bar, spoken="Next", tip="Next")
        for arrow in (self.prev_button, self.next_button):  # an arrow needs no button's width
            arrow.setFixedWidth(arrow.fontMetrics().horizontalAdvance("▶") + 28)
        self.period = QLabel(self)
        self.period.setObjectName("sectionTitle")
        bar.addWidget(self.period)
        bar.addStretch(1)
        self.mode_combo = QComboBox(self)
        self.mode_combo.setObjectName("mode")
        self.mode_combo.setAccessibleName("Show a day, a week or a month")
        for value, text in MODES:
            self.mode_combo.addItem(text, value)
        self.mode_combo.setCurrentIndex(1)
        self.mode_combo.currentIndexChanged.connect(lambda _i: self.reload())
        bar.addWidget(self.mode_combo)
        self.show_combo = QComboBox(self)
        self.show_combo.setObjectName("who")
        self.show_combo.setAccessibleName("Whose visits")
        self.show_combo.setMinimumWidth(200)
        self.show_combo.currentIndexChanged.connect(lambda _i: self.reload())
        bar.addWidget(self.show_combo)
        self.add_button = push_button(
            self,
            "Add visit…",
            self.add_clicked,
            bar,
            spoken="Add a one-off visit",
            tip="Add a one-off visit (or double-click an empty time)",
        )
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
        return bar

    def _actions(self) -> QWidget:
        """The buttons for the visit chosen on the canvas (hidden with the month)."""
        self.action_row = QWidget(self)
        row = QHBoxLayout(self.action_row)
        row.setContentsMargins(0, 0, 0, 0)

        def selected(action: Callable[[Occurrence], None]) -> Callable[[], None]:
            return lambda: self._with_visit(self.canvas.current, action)

        self.details_button = push_button(
            self,
            "Details…",
            selected(self.details),
            row,
            spoken="The visit's details and history",
            tip="The visit's details and history (Enter, or double-click it)",
        )
        self.move_button = push_button(
            self,
            "Move…",
            selected(self.move_form),
            row,
            spoken="Move this visit",
            tip="Move this visit (or drag it; Alt+arrows)",
        )
        self.skip_button = push_button(
            self,
            "Skip…",
            selected(self.skip),
            row,
            spoken="Skip this visit",
            tip="Skip this visit: it stays on the calendar as skipped",
        )
        self.assign_button = push_button(
            self,
            "Who goes…",
            selected(self.who_goes),
            row,
            spoken="Choose who goes",
            tip="Choose who goes",
        )
        self.edit_button = push_button(
            self,
            "Change plan…",
            selected(self.change_plan),
            row,
            spoken="Change this visit's plan from this visit on",
            tip="Change this visit's plan from this visit on",
        )
        hint = QLabel("Right-click a visit (or press Shift+F10) for more.", self)
        hint.setObjectName("hint")
        row.addWidget(hint)
        row.addStretch(1)
        return self.action_row

    @property
    def own(self) -> int | None:
        """A carer's own staff id: the calendar shows only their visits."""
        signed = self.ops.signed
        return signed.own_staff() if signed is not None else None

    def _follow_role(self) -> None:
        """Changing the rota is for the owner and managers (the core refuses the rest anyway):
        a carer sees her own visits and their details, without the buttons that change them."""
        rota = self.ops.may(Right.ROTA)
        for button in (
            self.add_button,
            self.new_plan_button,
            self.groups_button,
            self.edit_button,
            self.move_button,
            self.skip_button,
            self.assign_button,
        ):
            button.setVisible(rota)
        self.holiday_note.setVisible(rota)

    def _configure_month(self) -> None:
        view = self.month_view
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setWordWrap(True)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.verticalHeader().hide()
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        show_when_empty(view, "No days to show.")

    # -- what the mixin needs ---------------------------------------------------------------
    def show_dialog(self, dialog: QDialog) -> None:
        self.dialog = open_alone(self.dialog, dialog)

    def who_shown(self) -> tuple[str, int | None]:
        return self.who

    def parent_widget(self) -> QWidget:
        return self

    def clear_ghost(self) -> None:
        self.canvas.clear_ghost()

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
        shown = [self.show_combo.itemData(i) for i in range(self.show_combo.count())]
        self.show_combo.setCurrentIndex(shown.index(current) if current in shown else 0)
        self.show_combo.blockSignals(False)

    def reload(self) -> None:
        day, mode, who = self.day, self.mode, self.who
        shown = self.ops.read(lambda s: load_shown(s, day, mode, who), None, parent=self)
        if shown is None:
            return
        self.shown, self.view = shown, shown.view
        if shown.view is None:
            self._show_month(shown)
        else:
            self._show_visits(shown.view, mode, who)
        if self.ahead is not None:
            self._show_holidays(concerning(self.ahead, who))
        self.update_buttons()

    def _show_visits(self, view: CalendarView, mode: str, who: tuple[str, int | None]) -> None:
        first, last = view.days[0].day, view.days[-1].day
        if mode == "week":
            self.period.setText(f"{first.day} {first:%B} to {last.day} {last:%B %Y}")
            self.canvas.setAccessibleName("Visits this week, by time of day")
            empty = "No visits this week. Double-click a time to add one."
        else:
            holiday = view.days[0].holiday
            extra = f" (bank holiday: {holiday})" if holiday else ""
            self.period.setText(f"{first:%A} {first.day} {first:%B %Y}{extra}")
            self.canvas.setAccessibleName("Visits this day, by time of day")
            empty = "No visits on this day. Double-click a time to add one."
        self.visits = {slot_key(o): o for d in view.days for o in d.visits}
        blocks = blocks_for(view, detailed=mode == "day")
        now = clock.local_now()
        self.canvas.now = now.hour * 60 + now.minute
        self.canvas.set_content(columns_for(view, who[0] == "client"), blocks, empty)
        said = legend(view)
        if said != self.legend.text():  # rich text is laid out again on every setText
            self.legend.setText(said)
        self.legend.setVisible(bool(said))
        self.action_row.setVisible(True)
        self.month_hint.setVisible(False)
        self.stack.setCurrentWidget(self.canvas)
        if not self._scrolled:  # the working day in view, not midnight
            starts = [b.start for b in self.canvas.blocks if b.start >= 0]
            self.canvas.scroll_to_minute(max(0, min([7 * 60, *starts]) - 30))
            self._scrolled = True

    def _show_month(self, shown: Shown) -> None:
        middle = shown.month[len(shown.month) // 2].day
        self.period.setText(f"{middle:%B %Y}")
        self.visits = {}
        self.month_model.set_days(shown.month)
        self.month_view.setCurrentIndex(self.month_model.index_of(self.day))
        self.legend.setVisible(False)
        self.action_row.setVisible(False)
        self.month_hint.setVisible(True)
        self.stack.setCurrentWidget(self.month_view)

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
        key = self.canvas.current
        return self.visits.get(key) if key is not None and self.mode != "month" else None

    def update_buttons(self) -> None:
        occ = self.selected()
        planned = occ is not None and occ.status == PLANNED
        in_plan = occ is not None and occ.plan_id is not None
        self.details_button.setEnabled(occ is not None)
        self.move_button.setEnabled(planned)
        self.skip_button.setEnabled(planned and in_plan)
        self.assign_button.setEnabled(occ is not None and occ.active)
        self.edit_button.setEnabled(in_plan)

    # -- navigation -------------------------------------------------------------------------
    def step(self) -> timedelta:
        return timedelta(days={"day": 1, "week": 7}.get(self.mode, 0))

    def previous(self) -> None:
        if self.mode == "month":
            self.go_to((self.day.replace(day=1) - timedelta(days=1)).replace(day=1))
        else:
            self.go_to(self.day - self.step())

    def following(self) -> None:
        if self.mode == "month":
            self.go_to((self.day.replace(day=1) + timedelta(days=32)).replace(day=1))
        else:
            self.go_to(self.day + self.step())

    def go_today(self) -> None:
        self.go_to(clock.today())

    def go_to(self, day: date) -> None:
        self.day = day
        self.reload()

    def show_mode(self, mode: str) -> None:
        self.mode_combo.setCurrentIndex(self.mode_combo.findData(mode))

    def _open_day(self, index: QModelIndex) -> None:
        found = self.month_model.day_at(index)
        if found is not None:
            self.day = found.day
            self.show_mode("day")

    # -- the canvas's requests --------------------------------------------------------------
    def _with_visit(self, key: Hashable | None, action: Callable[[Occurrence], None]) -> None:
        occ = self.visits.get(key) if key is not None else None
        if occ is not None:
            action(occ)

    def _column_day(self, column: int) -> date:
        assert self.shown is not None
        return self.shown.first + timedelta(days=column)

    def _moved(self, key: Hashable, columns: int, minutes: int) -> None:
        occ = self.visits.get(key)
        if occ is None:
            return
        local = clock.to_local(occ.planned_start).replace(tzinfo=None)
        moved = local + timedelta(days=columns, minutes=minutes)
        start = clock.to_utc(moved.date(), moved.time())
        self.ask_move(occ, start, start + (occ.planned_end - occ.planned_start))

    def _resized(self, key: Hashable, minutes: int) -> None:
        occ = self.visits.get(key)
        if occ is not None:
            self.ask_move(occ, occ.planned_start, occ.planned_end + timedelta(minutes=minutes))

    def _add_at(self, column: int, minute: int) -> None:
        day = self._column_day(column)
        self.add_visit(datetime.combine(day, time()) + timedelta(minutes=minute))

    def _menu_at(self, key: Hashable | None, column: int, minute: int, where: QPoint) -> None:
        occ = self.visits.get(key) if key is not None else None
        if self.menu is not None:
            self.menu.deleteLater()
        self.menu = self.visit_menu(occ, self._column_day(column), min(minute, DAY_MINUTES - 15))
        self.menu.popup(where)

    # -- actions ----------------------------------------------------------------------------
    def add_clicked(self) -> None:
        start = clock.local_now().replace(tzinfo=None, second=0, microsecond=0)
        at = datetime.combine(self.day, time(start.hour + 1 if start.hour < 23 else 9))
        self.add_visit(at)

    def new_plan(self) -> None:
        kind, ident = self.who
        self.show_dialog(
            PlanDialog(self.ops, None, self, client_id=ident if kind == "client" else None)
        )

    def open_groups(self) -> None:
        self.show_dialog(GroupsWindow(self.ops, self))

    def _on_changed(self, changes: Changes) -> None:
        if changes.clients or changes.staff:
            self.load_people()
        if changes.touches(WATCHES):
            self.reload()
            self.refresh_holidays()
