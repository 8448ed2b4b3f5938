"""The Medicines tab: this month's MAR chart on screen, today's doses to record, PRN doses.

The grid is the same data as the printed chart (reports.mar_chart.collect): one row per medicine
and dose time, one column per day, the outcome letter and initials, shaded as on paper.
"""

from __future__ import annotations

import calendar
import io
from datetime import timedelta
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from microoffice.core import clock
from microoffice.core.people.rights import Right
from microoffice.core.records import views
from microoffice.core.records.views import DoseRow
from microoffice.core.reports import mar_chart
from microoffice.ui.app.runner import Ops
from microoffice.ui.records.mar_dialog import DoseDialog, MedicineDialog
from microoffice.ui.records.person_tab import PersonTab
from microoffice.ui.widgets.buttons import push_button
from microoffice.ui.widgets.pdf_preview import preview_pdf
from microoffice.ui.widgets.table_model import Column, RowTableModel
from microoffice.ui.widgets.tables import configure_table, selected_row, show_when_empty

SHADES = {
    "na": QColor("#d9dde3"),
    "missing": QColor("#f8c9c9"),
    "not_taken": QColor("#fff3c4"),
    "taken": QColor("#e6f4ea"),
}
Index = QModelIndex | QPersistentModelIndex


class MarGridModel(QAbstractTableModel):
    """Medicine, time, then one column per day of the month."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.data_: mar_chart.MarChartData | None = None
        self._tips: dict[str, str] = {}
        self._small = QFont()
        self._small.setPointSizeF(7.5)
        self.days = 0

    def set_chart(self, data: mar_chart.MarChartData | None) -> None:
        self.beginResetModel()
        self.data_ = data
        self._tips = {letter: label for letter, label in data.key} if data else {}
        self.days = calendar.monthrange(data.month.year, data.month.month)[1] if data else 0
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.data_ is None else len(self.data_.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.data_ is None else 2 + self.days

    def data(self, index: Index, role: int = int(Qt.ItemDataRole.DisplayRole)) -> Any:
        assert self.data_ is not None
        row = self.data_.rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if col == 0:
                return self.data_.medicines[row.medicine].title
            if col == 1:
                return row.time
            return row.cells[col - 2]
        if role == Qt.ItemDataRole.BackgroundRole and col >= 2:
            shade = SHADES.get(row.states[col - 2])
            return QBrush(shade) if shade else None
        if role == Qt.ItemDataRole.FontRole and col >= 2:
            return self._small
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= 1:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            return self.data_.medicines[row.medicine].details
        if role == Qt.ItemDataRole.ToolTipRole and col >= 2:
            return self._tips.get(row.cells[col - 2][:2].strip(), "")
        return None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = int(Qt.ItemDataRole.DisplayRole),
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == 0:
            return "Medicine"
        if section == 1:
            return "Time"
        assert self.data_ is not None
        day = self.data_.month + timedelta(days=section - 2)
        return f"{day.day}\n{'MTWTFSS'[day.weekday()]}"


DOSE_COLUMNS: list[Column[DoseRow]] = [
    Column("Due today", lambda r: f"{clock.to_local(r.due):%H:%M}", 90),
    Column("Medicine", lambda r: r.medicine, 260),
    Column("Outcome", lambda r: r.outcome or "— not recorded —", 220),
]


class MedicinesTab(PersonTab):
    def __init__(self, ops: Ops, parent: QWidget | None = None):
        super().__init__(ops, parent)
        layout = QVBoxLayout(self)
        self.month_label = QLabel(self)
        self.month_label.setObjectName("sectionTitle")
        layout.addWidget(self.month_label)
        self.grid_model = MarGridModel(self)
        self.grid = QTableView(self)
        self.grid.setObjectName("marGrid")
        self.grid.setAccessibleName("MAR chart for this month")
        self.grid.setModel(self.grid_model)
        self.grid.verticalHeader().hide()
        self.grid.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.grid.setWordWrap(True)
        show_when_empty(self.grid, "No medicines on the chart this month.")
        layout.addWidget(self.grid, 3)
        self.key = QLabel(self)
        self.key.setObjectName("hint")
        self.key.setWordWrap(True)
        layout.addWidget(self.key)
        self.dose_model: RowTableModel[DoseRow] = RowTableModel(DOSE_COLUMNS, parent=self)
        self.doses = QTableView(self)
        self.doses.setObjectName("todayDoses")
        self.doses.setAccessibleName("Doses due today")
        self.doses.setModel(self.dose_model)
        configure_table(self.doses, DOSE_COLUMNS, empty="No doses due today.")
        layout.addWidget(self.doses, 2)
        row = QHBoxLayout()
        self.record_button = push_button(
            self, "Record dose…", self.record, row, name="recordDoseButton"
        )
        self.prn = QComboBox(self)
        self.prn.setAccessibleName("When-required medicine")
        row.addWidget(self.prn)
        self.prn_button = push_button(
            self, "Give PRN dose…", self.record_prn, row, name="prnButton"
        )
        row.addStretch(1)
        self.add_button = push_button(
            self, "Add medicine…", self.add_medicine, row, name="addMedicineButton"
        )
        self.pdf_button = push_button(
            self, "MAR chart to print or save…", self.save_pdf, row, name="marPdfButton"
        )
        layout.addLayout(row)
        for widget in (self.record_button, self.prn, self.prn_button):
            widget.setVisible(ops.may(Right.CARE_NOTES))
        self.add_button.setVisible(ops.may(Right.CARE_PLANS))
        self.doses.selectionModel().selectionChanged.connect(lambda *_: self._buttons())
        self._buttons()

    def reload(self) -> None:
        cid = self.client_id
        month = clock.today().replace(day=1)
        chart = None
        if cid is not None:
            chart = self.ops.read(lambda s: mar_chart.collect(s, cid, month), None, parent=self)
        self.grid_model.set_chart(chart)
        header = self.grid.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setDefaultSectionSize(26)
        self.grid.setColumnWidth(0, 190)
        self.grid.setColumnWidth(1, 46)
        self.grid.verticalHeader().setDefaultSectionSize(36)
        header.setMinimumHeight(40)
        self.month_label.setText(
            f"MAR chart, {month:%B %Y}" + (f": {self.client_name}" if cid else "")
        )
        if chart is not None:
            allergy = chart.allergies or "NOT RECORDED — check before giving any medicine"
            self.key.setText(
                f"Allergies: {allergy}.   Green: taken · yellow: not taken · red: due, nothing recorded · grey: not prescribed.   "
                + "  ".join(f"{letter} {label}" for letter, label in chart.key[:7])
            )
        self.dose_model.set_rows(
            self.ops.read(lambda s: views.doses_due(s, cid, clock.today()), [], parent=self)
            if cid
            else []
        )
        self.prn.clear()
        if cid is not None:
            for m in self.ops.read(
                lambda s: views.medicines_on(s, cid, clock.today()), [], parent=self
            ):
                if m.prn:
                    self.prn.addItem(m.title, m.id)
        self._buttons()

    def selected_dose(self) -> DoseRow | None:
        return selected_row(self.doses, self.dose_model)

    def _buttons(self) -> None:
        self.record_button.setEnabled(self.selected_dose() is not None)
        self.prn_button.setEnabled(self.prn.count() > 0)
        for b in (self.add_button, self.pdf_button):
            b.setEnabled(self.client_id is not None)

    def record(self) -> None:
        dose = self.selected_dose()
        if dose is None:
            return
        medicine = self.ops.read(lambda s: views.medicine(s, dose.medicine_id), None, parent=self)
        if medicine is not None:
            self.show_dialog(DoseDialog(self.ops, medicine, dose.due, self))

    def record_prn(self) -> None:
        mid = self.prn.currentData()
        medicine = (
            self.ops.read(lambda s: views.medicine(s, mid), None, parent=self) if mid else None
        )
        if medicine is not None:
            self.show_dialog(DoseDialog(self.ops, medicine, None, self))

    def add_medicine(self) -> None:
        if self.client_id is not None:
            self.show_dialog(MedicineDialog(self.ops, self.client_id, self.client_name, self))

    def save_pdf(self) -> None:
        if self.client_id is None:
            return
        month = clock.today().replace(day=1)
        cid = self.client_id

        def make() -> bytes | None:  # shown first, to print or save (dialogs/pdf_preview.py)
            data = self.ops.read(lambda s: mar_chart.collect(s, cid, month), None, parent=self)
            if data is None:
                return None
            buf = io.BytesIO()
            mar_chart.render(data, buf)
            return buf.getvalue()

        name = f"MAR {self.client_name} {month:%Y-%m}.pdf"
        self.preview = preview_pdf(self, f"MAR chart: {self.client_name}", name, make)
