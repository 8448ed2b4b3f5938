"""Day-activity groups, opened from the Calendar: sessions ahead with places left, and the
register of the one chosen.

A window of its own rather than a calendar tab, because a group session is not a visit: it has
a register of many people and no carer to assign, so it fits none of the calendar's views.
"""

from __future__ import annotations

from datetime import timedelta
from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from microoffice.core import clock
from microoffice.core.changes import Changes
from microoffice.core.scheduling import groups
from microoffice.core.scheduling.groups import GroupRow, SessionRow
from microoffice.core.vocabulary import format_date
from microoffice.ui.app.runner import Ops
from microoffice.ui.scheduling.group_dialogs import AddSessionsDialog, NewGroupDialog
from microoffice.ui.scheduling.group_register import RegisterPanel
from microoffice.ui.widgets.buttons import push_button
from microoffice.ui.widgets.one_dialog import open_alone
from microoffice.ui.widgets.screen_fit import ScreenDialog
from microoffice.ui.widgets.table_model import RIGHT, Column, RowTableModel
from microoffice.ui.widgets.tables import configure_table, selected_row

WATCHES = Changes(clients=True, visits=True)
AHEAD = timedelta(weeks=26)
BEHIND = timedelta(weeks=4)  # a register not taken on the day can still be taken later

SESSION_COLUMNS: list[Column[SessionRow]] = [
    Column("Date", lambda r: f"{r.day:%a} {format_date(r.day)}", 115, sort_key=lambda r: r.day),
    Column("Time", lambda r: f"{r.start_time:%H:%M}-{r.end_time:%H:%M}", 95),
    Column("Group", lambda r: r.group_name, 150),
    Column("Booked", lambda r: f"{r.booked} of {r.capacity}", 70, RIGHT),
    Column("Places left", lambda r: str(r.places_left) if r.places_left else "Full", 85, RIGHT),
    Column("Place", lambda r: r.location, 110),
]


class GroupsWindow(ScreenDialog):
    def __init__(self, ops: Ops, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.dialog: QWidget | None = None  # the form this window last opened (tests read it)
        self.choices: list[GroupRow] = []
        self.setObjectName("groupsWindow")
        self.setWindowTitle("Day-activity groups")
        self.resize(1080, 600)
        layout = QVBoxLayout(self)
        self.hint = QLabel(self)
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.hint.setAccessibleName("About this list")
        layout.addWidget(self.hint)

        bar = QHBoxLayout()
        caption = QLabel("Group:", self)
        bar.addWidget(caption)
        self.group_combo = QComboBox(self)
        self.group_combo.setObjectName("groupFilter")
        self.group_combo.setAccessibleName("Show sessions of")
        self.group_combo.setMinimumWidth(200)
        caption.setBuddy(self.group_combo)
        bar.addWidget(self.group_combo)
        self.past_check = QCheckBox("Show the last four weeks too", self)
        self.past_check.setAccessibleName("Show sessions from the last four weeks too")
        bar.addWidget(self.past_check)
        bar.addStretch(1)
        self.new_group_button = push_button(
            self,
            "New group…",
            row=bar,
            spoken="New day-activity group",
            tip="New day-activity group",
        )
        self.add_sessions_button = push_button(
            self,
            "Add sessions…",
            row=bar,
            spoken="Add sessions to a group",
            tip="Add sessions to a group",
        )
        layout.addLayout(bar)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setChildrenCollapsible(False)
        self.model: RowTableModel[SessionRow] = RowTableModel(SESSION_COLUMNS, parent=self)
        self.table = QTableView(split)
        self.table.setObjectName("sessionsTable")
        self.table.setAccessibleName("Group sessions")
        self.table.setModel(self.model)
        configure_table(self.table, SESSION_COLUMNS, empty="No sessions ahead for this group.")
        self.register = RegisterPanel(ops, split)
        split.addWidget(self.table)
        split.addWidget(self.register)
        split.setSizes([640, 420])
        layout.addWidget(split, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setAccessibleName("Close day-activity groups")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        chain = [
            self.group_combo,
            self.past_check,
            self.new_group_button,
            self.add_sessions_button,
            self.table,
            self.register.client_combo,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        QWidget.setTabOrder(self.register.all_button, self.close_button)

        self.new_group_button.clicked.connect(self.new_group)
        self.add_sessions_button.clicked.connect(self.add_sessions)
        self.group_combo.currentIndexChanged.connect(lambda _i: self.reload_sessions())
        self.past_check.toggled.connect(lambda _on: self.reload_sessions())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_chosen())
        ops.bus.changed.connect(self._on_changed)
        self.reload()

    # -- data -------------------------------------------------------------------------------
    def reload(self) -> None:
        self.choices = self.ops.read(groups.list_groups, [], parent=self)
        current = self.group_combo.currentData()
        self.group_combo.blockSignals(True)
        self.group_combo.clear()
        self.group_combo.addItem("All groups", None)
        for g in self.choices:
            self.group_combo.addItem(g.name, g.id)
        self.group_combo.setCurrentIndex(max(0, self.group_combo.findData(current)))
        self.group_combo.blockSignals(False)
        self.add_sessions_button.setEnabled(bool(self.choices))
        self.reload_sessions()

    def reload_sessions(self) -> None:
        today, group_id = clock.today(), self.group_combo.currentData()
        start = today - BEHIND if self.past_check.isChecked() else today
        chosen = self.selected()
        rows: list[SessionRow] = self.ops.read(
            lambda s: groups.session_rows(s, start, today + AHEAD, group_id), [], parent=self
        )
        self.model.set_rows(rows)
        self.hint.setText(self._hint(bool(rows)))
        at = self.model.position_of(chosen.id) if chosen else -1
        if at >= 0:
            self.table.selectRow(at)
        self._show_chosen()

    def _hint(self, any_rows: bool) -> str:
        if not self.choices:
            return (
                "No day-activity groups yet. Make one with the New group button, then give it "
                "dates with Add sessions."
            )
        if not any_rows:
            return "No sessions in the next six months. Give a group dates with Add sessions."
        since = "four weeks ago" if self.past_check.isChecked() else "today"
        return (
            f"Sessions from {since} on, with places left. Choose one to book people onto it "
            "and, on the day, take its register."
        )

    def selected(self) -> SessionRow | None:
        return selected_row(self.table, self.model)

    def _show_chosen(self) -> None:
        chosen = self.selected()
        self.register.show_session(chosen.id if chosen else None)

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(WATCHES):
            self.reload()

    # -- actions ----------------------------------------------------------------------------
    def _open(self, dialog: QDialog) -> None:
        self.dialog = open_alone(self.dialog, dialog)

    def new_group(self) -> None:
        dialog = NewGroupDialog(self.ops, self)
        dialog.saved.connect(self._show_group)
        self._open(dialog)

    def _show_group(self, group_id: object) -> None:
        self.group_combo.setCurrentIndex(max(0, self.group_combo.findData(group_id)))

    def add_sessions(self) -> None:
        current = self.group_combo.currentData()
        self._open(AddSessionsDialog(self.ops, self.choices, current, self))
