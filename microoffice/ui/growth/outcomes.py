"""Outcomes: one person's goals, their feedback checks, and the trend of their scores."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from microoffice.core.changes import Changes
from microoffice.core.growth import outcomes
from microoffice.core.growth.outcome_views import CheckRow, GoalRow, person_view
from microoffice.core.growth.outcomes import TREND_WORDS, Trend
from microoffice.core.growth.survey import MAX_SCORE
from microoffice.core.rows import Choice
from microoffice.core.services.clients import client_choices
from microoffice.core.vocabulary import format_date
from microoffice.ui.app.runner import Ops
from microoffice.ui.growth.charts import TrendChart
from microoffice.ui.growth.dialogs import (
    CheckDialog,
    CloseGoalDialog,
    GoalDialog,
    TemplateDialog,
)
from microoffice.ui.widgets.buttons import push_button
from microoffice.ui.widgets.choices import refill
from microoffice.ui.widgets.one_dialog import open_alone
from microoffice.ui.widgets.table_model import RIGHT, Column, RowTableModel
from microoffice.ui.widgets.tables import configure_table, selected_row

if TYPE_CHECKING:
    pass

WATCHES = Changes(clients=True, records=True)


GOAL_COLUMNS: list[Column[GoalRow]] = [
    Column("Goal", lambda g: g.title, 190),
    Column("How we will know", lambda g: g.measure, 170),
    Column("Agreed", lambda g: f"{format_date(g.agreed_on)}", 80),
    Column(
        "Status",
        lambda g: (
            outcomes.GOAL_STATUSES[g.status]
            + (f" {format_date(g.closed_on)}" if g.closed_on else "")
        ),
        150,
    ),
]
CHECK_COLUMNS: list[Column[CheckRow]] = [
    Column("Date", lambda c: f"{format_date(c.held_on)}", 85, sort_key=lambda c: c.held_on),
    Column("Score", lambda c: c.average, 55, RIGHT),
    Column("Answered by", lambda c: outcomes.ANSWERED_BY[c.answered_by], 150),
    Column("May share", lambda c: "Yes" if c.shared else "No", 75),
    Column("Comments", lambda c: c.comments, 300),
]


class OutcomesTab(QWidget):
    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setObjectName("outcomesTab")
        self.dialog: QWidget | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("Person:", self))
        self.client = QComboBox(self)
        self.client.setObjectName("outcomesClient")
        self.client.setAccessibleName("Whose outcomes")
        self.client.setMinimumWidth(240)
        top.addWidget(self.client)
        self.check_button = push_button(
            self, "Record a check…", self.record_check, top, name="recordCheck"
        )
        self.goal_button = push_button(self, "Add a goal…", self.add_goal, top, name="addGoal")
        self.close_button = push_button(self, "Close goal…", self.close_goal, top, name="closeGoal")
        top.addStretch(1)
        self.template_button = push_button(
            self, "Edit the questions…", self.edit_questions, top, name="editQuestions"
        )
        layout.addLayout(top)
        self.trend_label = QLabel(self)
        self.trend_label.setObjectName("trendLabel")
        self.trend_label.setWordWrap(True)
        layout.addWidget(self.trend_label)
        split = QSplitter(self)
        left = QWidget(split)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        self.goal_model: RowTableModel[GoalRow] = RowTableModel(
            GOAL_COLUMNS, muted=lambda g: g.status != "active", parent=self
        )
        self.goals = self._table(
            self.goal_model,
            GOAL_COLUMNS,
            "Goals",
            "goalTable",
            column,
            "No goals yet: agree one with the person.",
        )
        self.check_model: RowTableModel[CheckRow] = RowTableModel(CHECK_COLUMNS, parent=self)
        self.checks = self._table(
            self.check_model,
            CHECK_COLUMNS,
            "Feedback checks",
            "checkTable",
            column,
            "No feedback checks yet.",
        )
        self.chart = TrendChart(split)
        split.addWidget(left)
        split.addWidget(self.chart)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setSizes([540, 520])
        layout.addWidget(split, 1)
        self.client.currentIndexChanged.connect(lambda _i: self.show_client())
        self.goals.selectionModel().selectionChanged.connect(lambda *_: self._buttons())
        ops.bus.changed.connect(self._on_changed)
        self.loaded = False

    def _table(
        self,
        model: RowTableModel[Any],
        columns: list[Column[Any]],
        title: str,
        name: str,
        column: QVBoxLayout,
        empty: str,
    ) -> QTableView:
        caption = QLabel(title, self)
        caption.setObjectName("sectionTitle")
        column.addWidget(caption)
        table = QTableView(self)
        table.setModel(model)
        configure_table(table, columns, empty=empty)
        table.setObjectName(name)
        table.setAccessibleName(title)
        column.addWidget(table, 1)
        return table

    def showEvent(self, event: QShowEvent) -> None:
        if not self.loaded:
            self.loaded = True
            self.reload()
        super().showEvent(event)

    def _on_changed(self, changes: Changes) -> None:
        if not self.loaded:
            return
        if changes.clients:
            self.reload()
        elif changes.touches(WATCHES):
            self.show_client()

    def reload(self) -> None:
        choices: list[Choice] = self.ops.read(client_choices, [], parent=self)
        refill(self.client, choices, keep=self.client.currentData())
        self.show_client()

    def choose_client(self, client_id: int) -> None:
        self.client.setCurrentIndex(max(0, self.client.findData(client_id)))

    def show_client(self) -> None:
        cid = self.client.currentData()
        if cid is None:
            self.goal_model.set_rows([])
            self.check_model.set_rows([])
            self.chart.set_trend(None)
            self.trend_label.setText("Add a client first.")
            self._buttons()
            return
        goals, checks, trend = self.ops.read(
            lambda s: person_view(s, cid), ([], [], None), parent=self
        )
        self.goal_model.set_rows(goals)
        self.check_model.set_rows(checks)
        self.chart.set_trend(trend)
        self.trend_label.setText(_trend_words(trend))
        self._buttons()

    def _buttons(self) -> None:
        has_client = self.client.currentData() is not None
        for button in (self.check_button, self.goal_button):
            button.setEnabled(has_client)
        goal = self._selected_goal()
        self.close_button.setEnabled(goal is not None and goal.status == "active")

    def _selected_goal(self) -> GoalRow | None:
        return selected_row(self.goals, self.goal_model)

    def _open(self, dialog: QDialog) -> None:
        self.dialog = open_alone(self.dialog, dialog)

    def record_check(self) -> None:
        self._open(
            CheckDialog(self.ops, self.client.currentData(), self.client.currentText(), self)
        )

    def add_goal(self) -> None:
        self._open(GoalDialog(self.ops, self.client.currentData(), self.client.currentText(), self))

    def close_goal(self) -> None:
        goal = self._selected_goal()
        if goal is not None:
            self._open(CloseGoalDialog(self.ops, goal.id, goal.title, self))

    def edit_questions(self) -> None:
        self._open(TemplateDialog(self.ops, self))


def _trend_words(trend: Trend | None) -> str:
    if trend is None or not trend.points:
        return "No feedback checks yet: record one at the next review visit."
    last = trend.points[-1]
    text = (
        f"Latest check {format_date(last.held_on)}: {last.average} out of {MAX_SCORE}. "
        f"Over {len(trend.points)} checks: {TREND_WORDS[trend.direction]}"
    )
    if trend.change is not None:
        sign = "+" if trend.change >= 0 else ""
        text += f" ({sign}{trend.change} since {format_date(trend.points[0].held_on)})."
    return text
