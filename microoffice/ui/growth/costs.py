"""Costs: what an hour of care really costs, every price against it, the published reference
points, warnings, and a year of money in and out."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from microoffice.core.changes import Changes
from microoffice.core.errors import ValidationError
from microoffice.core.growth import costs
from microoffice.core.growth.cost_view import CostView, cost_view
from microoffice.core.growth.costs import CostLine
from microoffice.core.growth.monthly import MonthFigures, recent_months
from microoffice.core.growth.rates import (
    RateComparison,
    ReferencePoint,
    current_inputs,
    refresh_from_rota,
)
from microoffice.core.money import format_gbp
from microoffice.core.vocabulary import format_date
from microoffice.ui.app.runner import Ops, Outcome, Task
from microoffice.ui.growth.charts import MoneyChart
from microoffice.ui.growth.dialogs import ReferenceDialog
from microoffice.ui.widgets.buttons import push_button
from microoffice.ui.widgets.form import Form
from microoffice.ui.widgets.one_dialog import open_alone
from microoffice.ui.widgets.table_model import RIGHT, Column, RowTableModel
from microoffice.ui.widgets.tables import configure_table

WATCHES = Changes(business=True, clients=True, staff=True, visits=True, invoices=True)
RED = QBrush(QColor("#b42318"))
AMBER = QBrush(QColor("#b54708"))
MAX_WARNINGS = 3


class FlaggedModel(RowTableModel[Any]):
    """Rows a person must notice are drawn red (below cost) or amber (below the price needed)."""

    def __init__(
        self, columns: list[Column[Any]], flag: Callable[[Any], QBrush | None], parent: Any
    ):
        super().__init__(columns, parent=parent)
        self._flag = flag

    def data(self, index: Any, role: int = int(Qt.ItemDataRole.DisplayRole)) -> Any:
        if role == int(Qt.ItemDataRole.ForegroundRole):
            return self._flag(self.row_at(index.row()))
        return super().data(index, role)


LINE_COLUMNS: list[Column[CostLine]] = [
    Column("Per hour of care", lambda line: line.label, 190),
    Column("", lambda line: format_gbp(line.pence), 62, RIGHT),
    Column("Worked out from", lambda line: line.how, 250),
]
RATE_COLUMNS: list[Column[RateComparison]] = [
    Column("Client", lambda r: r.client_name, 118),
    Column("Paid by", lambda r: r.payer, 118),
    Column("Rate", lambda r: format_gbp(r.hourly_rate_pence), 58, RIGHT),
    Column("Margin", lambda r: format_gbp(r.margin_pence), 58, RIGHT, lambda r: r.margin_pence),
    Column("Card", lambda r: r.card_name, 170),
]
POINT_COLUMNS: list[Column[ReferencePoint]] = [
    Column("Published figure", lambda p: p.label, 190),
    Column("Per hour", lambda p: format_gbp(p.pence), 62, RIGHT),
    Column("From", lambda p: f"{format_date(p.effective_from)}", 80),
]
FIELDS = (
    ("Pay and time", "hourly_pay_pence", "Pay per hour (£): your target or staff's"),
    ("Pay and time", "travel_minutes_per_hour", "Paid travel per hour of care (min)"),
    ("Pay and time", "hours_per_week", "Hours of care a week"),
    ("Pay and time", "weeks_per_year", "Weeks worked a year"),
    ("Holiday, NI, mileage", "holiday_percent", "Holiday pay (%)"),
    ("Holiday, NI, mileage", "oncost_percent", "Employer's NI and pension (%)"),
    ("Holiday, NI, mileage", "miles_per_hour_tenths", "Miles per hour of care"),
    ("Holiday, NI, mileage", "mileage_pence_per_mile", "Mileage paid (pence a mile)"),
    *(("Overheads a year (£)", name, label) for name, label in costs.OVERHEADS),
    ("Staying in business", "surplus_percent", "Surplus to keep (%)"),
)


class CostsTab(QWidget):
    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setObjectName("costsTab")
        self.view: CostView | None = None
        self.months: list[MonthFigures] = []
        self.months_task: Task[list[MonthFigures]] | None = None
        self.dialog: QWidget | None = None
        self.loaded = False
        split = QSplitter(self)
        outer = QHBoxLayout(self)
        outer.addWidget(split)
        left = QWidget(split)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        self.form = Form(left)
        group = ""
        for title, name, label in FIELDS:
            if title != group:
                self.form.group(title, below=True)
                group = title
            self.form.text(name, label).setMaximumWidth(90)
        scroll = QScrollArea(left)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        column.addWidget(scroll, 1)
        row = QHBoxLayout()
        self.work_button = push_button(self, "Work it out", self.work_out, row, name="workOut")
        self.save_button = push_button(self, "Save figures", self.save, row, name="saveCosts")
        column.addLayout(row)
        self.rota_button = push_button(
            self, "Take hours and travel from the rota", self.from_rota, column, name="fromRota"
        )
        right = QWidget(split)
        body = QVBoxLayout(right)
        body.setContentsMargins(6, 0, 0, 0)
        self.headline = QLabel(right)
        self.headline.setObjectName("costHeadline")
        self.headline.setWordWrap(True)
        self.headline.setStyleSheet("QLabel { font-size: 13pt; font-weight: 600; }")
        body.addWidget(self.headline)
        self.warnings = QLabel(right)
        self.warnings.setObjectName("costWarnings")
        self.warnings.setAccessibleName("Warnings")
        self.warnings.setWordWrap(True)
        self.warnings.setTextFormat(Qt.TextFormat.RichText)
        body.addWidget(self.warnings)
        tables = QHBoxLayout()
        self.lines_model: RowTableModel[CostLine] = RowTableModel(LINE_COLUMNS, parent=self)
        self.lines = self._table(
            self.lines_model,
            LINE_COLUMNS,
            "costLines",
            "Cost of an hour",
            "Type the pay and hours above, then press Work it out.",
        )
        rows = self.lines.verticalHeader().defaultSectionSize()
        self.lines.setMinimumHeight(rows * 7 + 8)
        tables.addWidget(self.lines, 3)
        points = QVBoxLayout()
        self.points_model: RowTableModel[ReferencePoint] = RowTableModel(POINT_COLUMNS, parent=self)
        self.points = self._table(
            self.points_model,
            POINT_COLUMNS,
            "referencePoints",
            "Published reference points",
            "No published figures yet.",
        )
        points.addWidget(self.points, 1)
        self.reference_button = push_button(
            self, "Add a published figure…", self.add_reference, points, name="addReference"
        )
        tables.addLayout(points, 2)
        body.addLayout(tables)
        lower = QHBoxLayout()
        self.rates_model = FlaggedModel(RATE_COLUMNS, self._flag, self)
        self.rates = self._table(
            self.rates_model,
            RATE_COLUMNS,
            "rateComparison",
            "Your prices",
            "No prices yet: they come from the clients' rate cards.",
        )
        lower.addWidget(self.rates, 5)
        month = QVBoxLayout()
        self.month_label = QLabel(right)
        self.month_label.setObjectName("monthFigures")
        self.month_label.setWordWrap(True)
        month.addWidget(self.month_label)
        self.chart = MoneyChart(right)
        self.chart.setMinimumSize(380, 220)
        month.addWidget(self.chart, 1)
        lower.addLayout(month, 4)
        body.addLayout(lower, 1)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setSizes([340, 940])
        ops.bus.changed.connect(self._on_changed)

    def _table(
        self, model: Any, columns: list[Any], name: str, title: str, empty: str
    ) -> QTableView:
        table = QTableView(self)
        table.setModel(model)
        configure_table(table, columns, empty=empty)
        table.setObjectName(name)
        table.setAccessibleName(title)
        return table

    def _flag(self, row: RateComparison) -> QBrush | None:
        if row.below_cost:
            return RED
        if self.view is not None and row.hourly_rate_pence < self.view.costs.price_needed_pence:
            return AMBER
        return None

    # -- data ---------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        if not self.loaded:
            self.loaded = True
            self.reload()
        super().showEvent(event)

    def _on_changed(self, changes: Changes) -> None:
        """Prices or the rota changed: work the figures out again, keeping what is typed."""
        if not (self.loaded and changes.touches(WATCHES)):
            return
        try:
            inputs = costs.inputs_from_text(self.form.values())
        except ValidationError:
            self.reload()
            return
        self.show_figures(inputs)

    def reload(self) -> None:
        inputs = self.ops.read(current_inputs, None, parent=self)
        if inputs is None:
            return
        self.form.set_values(costs.inputs_as_text(inputs))
        self.show_figures(inputs)

    def typed(self) -> costs.CostInputs | None:
        self.form.clear_errors()
        try:
            return costs.inputs_from_text(self.form.values())
        except ValidationError as exc:
            self.form.show_errors(exc.errors)
            return None

    def work_out(self) -> None:
        inputs = self.typed()
        if inputs is not None:
            self.show_figures(inputs)

    def save(self) -> None:
        inputs = self.typed()
        if inputs is None:
            return
        self.ops.run(lambda s: costs.save_inputs(s, inputs), form=self.form, parent=self)

    def from_rota(self) -> None:
        inputs = self.typed()
        if inputs is None:
            return
        fresh = self.ops.read(lambda s: refresh_from_rota(s, inputs), None, parent=self)
        if fresh is not None:
            self.form.set_values(costs.inputs_as_text(fresh))
            self.show_figures(fresh)

    def add_reference(self) -> None:
        self.dialog = open_alone(self.dialog, ReferenceDialog(self.ops, self))

    def show_figures(self, inputs: costs.CostInputs) -> None:
        found = self.ops.read(lambda s: cost_view(s, None, inputs), None, parent=self)
        if found is None:
            return
        self.view = found
        c = self.view.costs
        self.headline.setText(
            f"An hour of care costs you {format_gbp(c.total_pence)}; to keep a "
            f"{c.inputs.surplus_percent.normalize():f}% surplus, charge at least "
            f"{format_gbp(c.price_needed_pence)}."
        )
        self.lines_model.set_rows(list(c.lines))
        self.points_model.set_rows(list(self.view.points))
        self.rates_model.set_rows(list(self.view.rates))
        self._show_warnings()
        m = self.view.month
        to_come = (
            f" ({format_gbp(m.expected_income_pence)} still to come)"
            if m.expected_income_pence
            else ""
        )
        self.month_label.setText(
            f"<b>{m.month:%B %Y}</b>: care worth {format_gbp(m.income_pence)}{to_come}; costs "
            f"{format_gbp(m.costs_pence)}; left over <b>{format_gbp(m.left_pence)}</b>."
        )
        self._work_out_months(inputs)

    def _work_out_months(self, inputs: costs.CostInputs) -> None:
        """A year of visits priced one by one takes seconds in a busy business, so the chart's
        months are worked out on a worker thread: the tab stays usable and says it is working.
        Only the newest request is shown (prices may change again while one is under way)."""
        if self.months_task is not None and self.months_task.running:
            self.months_task.cancel()
        self.chart.wait()

        def work(session: Any, _progress: Any, _cancelled: Any) -> list[MonthFigures]:
            return recent_months(session, inputs, 12)

        task: Task[list[MonthFigures]] = self.ops.start(
            "Working out the last 12 months", work, parent=self, show_dialog=False
        )
        self.months_task = task
        task.finished.connect(lambda outcome: self._months_done(task, outcome))

    def _months_done(self, task: Task[list[MonthFigures]], outcome: Outcome[Any]) -> None:
        if task is not self.months_task or not outcome.ok:
            return
        self.months = list(outcome.value or [])
        self.chart.set_months(self.months)

    def _show_warnings(self) -> None:
        assert self.view is not None
        found = self.view.warnings
        if not found:
            self.warnings.setText(
                "<span style='color:#027a48'>No warnings: every price covers "
                "the cost of an hour.</span>"
            )
            return
        shown = found[:MAX_WARNINGS]
        items = "".join(
            f"<li style='color:{'#b42318' if w.serious else '#b54708'}'>{_esc(w.message)}</li>"
            for w in shown
        )
        more = len(found) - len(shown)
        if more:
            items += f"<li>... and {more} more: the prices in red and amber below.</li>"
        self.warnings.setText(f"<b>Warnings</b><ul style='margin:0'>{items}</ul>")

    def warning_texts(self) -> list[str]:
        """What the warnings say, as a person reads them (tests use this)."""
        return [w.message for w in self.view.warnings] if self.view is not None else []


def _esc(text: str) -> str:
    from html import escape

    return escape(text)
