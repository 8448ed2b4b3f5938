"""Invoices: run a period's invoices (problems first, then issue), the invoices issued with what
has been paid on each, and the arrears. Every action is a core billing call through Ops."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from microoffice.core import clock
from microoffice.core.billing import issue, runs
from microoffice.core.billing.issue import IssueResult
from microoffice.core.billing.runs import Draft, Problem, RunPreview
from microoffice.core.changes import Changes
from microoffice.core.errors import ValidationError
from microoffice.core.money import format_gbp
from microoffice.core.progress import Cancelled
from microoffice.core.services import clients
from microoffice.core.services.forms import Checker
from microoffice.core.vocabulary import format_date
from microoffice.ui.app.errors import show_error
from microoffice.ui.app.runner import Ops, Outcome, Task
from microoffice.ui.billing.invoice_list import ArrearsTab, InvoiceListTab, make_table
from microoffice.ui.widgets.table_model import RIGHT, Column, RowTableModel

WATCHES = Changes(invoices=True, visits=True, clients=True, business=True, records=True)
PROBLEM_WORDS = {
    "business": "Business details",
    "card_error": "Rate card",
    "no_payer": "No payer",
    "no_rate_card": "No rate card",
    "payer_address": "No address",
    "funding_share": "Funding shares",
    "unconfirmed": "Not confirmed",
    "no_note": "No daily note",
    "no_notice": "No notice time",
    "weekly_hours": "Over weekly hours",
    "no_fee_statement": "No fee statement",
    "old_fee_statement": "Fee statement out of date",
    "warning": "Check",
}
PROBLEM_COLUMNS: list[Column[Problem]] = [
    Column("Problem", lambda p: PROBLEM_WORDS.get(p.kind, p.kind), 130),
    Column("Client", lambda p: p.client_name, 150),
    Column("Date", lambda p: format_date(p.day), 90),
    Column("Invoiced?", lambda p: "no" if p.left_out else "yes", 75),
    Column("What to do", lambda p: p.message, 600),
]
DRAFT_COLUMNS: list[Column[Draft]] = [
    Column("Client", lambda d: d.client_name, 170),
    Column("Payer", lambda d: d.payer.name, 300),
    Column("Layout", lambda d: d.payer.layout.replace("_", " ").capitalize(), 110),
    Column("Visits", lambda d: str(d.visit_count), 60, RIGHT, lambda d: d.visit_count),
    Column("Total", lambda d: format_gbp(d.total_pence), 100, RIGHT, lambda d: d.total_pence),
]


class ProblemModel(RowTableModel[Problem]):
    """Problems, with the whole message as a tooltip (the column is rarely wide enough)."""

    def data(self, index: Any, role: int = int(Qt.ItemDataRole.DisplayRole)) -> Any:
        if role == int(Qt.ItemDataRole.ToolTipRole):
            return self.row_at(index.row()).message
        return super().data(index, role)


def month_bounds(first: date) -> tuple[date, date]:
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


class RunTab(QWidget):
    """Choose a period (and a client), preview, read the problems, then issue."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.preview: RunPreview | None = None
        self.task: Task[IssueResult] | None = None  # the issue run while it is under way
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.month = QComboBox(self)
        self.month.setObjectName("monthCombo")
        self.month.setAccessibleName("Month")
        first = clock.today().replace(day=1)
        for _ in range(13):
            self.month.addItem(f"{first:%B %Y}", first)
            first = (first - timedelta(days=1)).replace(day=1)
        self.start = QLineEdit(self)
        self.end = QLineEdit(self)
        for edit, name in ((self.start, "From"), (self.end, "To")):
            edit.setObjectName(f"period{name}")
            edit.setAccessibleName(name)
            edit.setPlaceholderText("dd/mm/yyyy")
            edit.setMaximumWidth(110)
        self.client = QComboBox(self)
        self.client.setObjectName("clientCombo")
        self.client.setAccessibleName("Client")
        self.preview_button = QPushButton("Preview", self)
        self.preview_button.setObjectName("previewRunButton")
        self.preview_button.setAccessibleName("Preview the invoice run")
        for widget in (
            QLabel("Month:", self),
            self.month,
            QLabel("From:", self),
            self.start,
            QLabel("to:", self),
            self.end,
            QLabel("Client:", self),
            self.client,
            self.preview_button,
        ):
            bar.addWidget(widget)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.summary = QLabel("Choose a period and press Preview.", self)
        self.summary.setObjectName("runSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.problems = ProblemModel(PROBLEM_COLUMNS, muted=lambda p: not p.left_out, parent=self)
        self.problem_table = make_table(
            self, self.problems, PROBLEM_COLUMNS, "problemTable", 4, "No problems to show."
        )
        self.problem_table.setAccessibleName("Problems to look at first")
        layout.addWidget(self.problem_table, 2)
        self.drafts: RowTableModel[Draft] = RowTableModel(DRAFT_COLUMNS, parent=self)
        self.draft_table = make_table(
            self,
            self.drafts,
            DRAFT_COLUMNS,
            "draftTable",
            1,
            "Nothing to invoice yet: choose a period and press Preview.",
        )
        self.draft_table.setAccessibleName("Invoices to issue")
        layout.addWidget(self.draft_table, 3)
        row = QHBoxLayout()
        row.addStretch(1)
        self.issue_button = QPushButton("Issue invoices", self)
        self.issue_button.setObjectName("issueButton")
        self.issue_button.setAccessibleName("Issue invoices")
        self.issue_button.setEnabled(False)
        row.addWidget(self.issue_button)
        layout.addLayout(row)
        self.month.currentIndexChanged.connect(lambda _i: self._fill_dates())
        self.preview_button.clicked.connect(self.run_preview)
        self.issue_button.clicked.connect(self.issue)
        self.month.setCurrentIndex(1)  # invoices go out in arrears: last month by default
        self._fill_dates()

    def _fill_dates(self) -> None:
        first = self.month.currentData()
        if first is not None:
            start, end = month_bounds(first)
            self.start.setText(format_date(start))
            self.end.setText(format_date(end))

    def fill_clients(self) -> None:
        keep = self.client.currentData()
        empty: list[clients.ClientRow] = []
        rows = self.ops.read(lambda s: clients.list_clients(s), empty, parent=self)
        self.client.blockSignals(True)
        self.client.clear()
        self.client.addItem("All clients", None)
        for r in rows:
            self.client.addItem(r.name, r.id)
        self.client.setCurrentIndex(max(0, self.client.findData(keep)))
        self.client.blockSignals(False)

    def period(self) -> tuple[date, date] | None:
        checker = Checker()
        start = checker.date_text("start", self.start.text())
        end = checker.date_text("end", self.end.text())
        try:
            checker.done()
        except ValidationError as exc:
            show_error(exc.summary().replace("Start", "From").replace("End", "To"), parent=self)
            return None
        assert start is not None and end is not None
        return start, end

    def run_preview(self) -> None:
        period = self.period()
        if period is None:
            return
        client_id = self.client.currentData()
        found = self.ops.read(lambda s: runs.preview_run(s, *period, client_id), None, parent=self)
        if found is None:
            return
        self.preview = found
        self.problems.set_rows(found.problems)
        self.drafts.set_rows(found.drafts)
        left_out = sum(1 for p in found.problems if p.left_out)
        n = len(found.problems)
        text = (
            f"{len(found.drafts)} invoice{'s' if len(found.drafts) != 1 else ''} to issue for "
            f"{format_date(found.period_start)} to {format_date(found.period_end)}, "
            f"total {format_gbp(found.total_pence)}."
        )
        if found.problems:
            out = (
                f"{left_out} leave{'s' if left_out == 1 else ''} something out of this run"
                if left_out
                else "nothing is left out because of them"
            )
            text = f"{n} problem{'s' if n != 1 else ''} to look at first ({out}). " + text
        if found.blocking:
            text += " Fix the business details before issuing."
        self.summary.setText(text)
        count = len(found.drafts)
        self.issue_button.setText(f"Issue {count} invoice{'s' if count != 1 else ''}")
        self.issue_button.setEnabled(bool(count) and not found.blocking)

    def issue(self) -> None:
        """Issue on a worker thread (ui/app/tasks.py): progress per invoice, Stop rolls it back."""
        if self.preview is None or self.task is not None:
            return
        start, end = self.preview.period_start, self.preview.period_end
        client_id = self.client.currentData()
        self.issue_button.setEnabled(False)
        self.task = self.ops.start(
            "Issuing invoices",
            lambda s, progress, cancelled: issue.issue_run(
                s, start, end, client_id, progress=progress, cancelled=cancelled
            ),
            parent=self,
            done=self._issued,
        )

    def _issued(self, outcome: Outcome[IssueResult]) -> None:
        self.task = None
        self.run_preview()
        if outcome.ok and outcome.value is not None:
            issued = outcome.value.issued
            numbers = f"{issued[0].number} to {issued[-1].number}" if issued else "none"
            self.summary.setText(
                f"Issued {len(issued)} invoice{'s' if len(issued) != 1 else ''} ({numbers}), "
                f"total {format_gbp(outcome.value.total_pence)}. " + self.summary.text()
            )
        elif isinstance(outcome.error, Cancelled):
            self.summary.setText("Stopped: no invoices were issued. " + self.summary.text())


class InvoicesPage(QWidget):
    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setObjectName("invoicesPage")
        layout = QVBoxLayout(self)
        heading = QLabel("Invoices", self)
        heading.setObjectName("pageTitle")
        layout.addWidget(heading)
        self.tabs = QTabWidget(self)
        self.run_tab = RunTab(ops, self.tabs)
        self.list_tab = InvoiceListTab(ops, self.tabs)
        self.arrears_tab = ArrearsTab(ops, self.tabs)
        self.tabs.addTab(self.run_tab, "Invoice run")
        self.tabs.addTab(self.list_tab, "Invoices")
        self.tabs.addTab(self.arrears_tab, "Arrears")
        layout.addWidget(self.tabs, 1)
        ops.bus.changed.connect(self._on_changed)
        self.reload()

    def reload(self) -> None:
        self.run_tab.fill_clients()
        self.list_tab.reload()
        self.arrears_tab.reload()

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(WATCHES):
            self.reload()
