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
    QTableView,
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
from microoffice.ui.widgets.page_keys import page_key
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
    "weekly_hours": "Weekly hours used",
    "no_fee_statement": "No fee statement",
    "old_fee_statement": "Fee statement out of date",
    "warning": "Check",
}
PROBLEM_COLUMNS: list[Column[Problem]] = [
    Column("Problem", lambda p: PROBLEM_WORDS.get(p.kind, p.kind), 130),
    Column("Client", lambda p: p.client_name, 150),
    Column("Date", lambda p: format_date(p.day), 90),
    Column("What to do", lambda p: p.message, 600),
    Column("Invoiced?", lambda p: "no" if p.left_out else "yes", 75),
]
WHAT_TO_DO = 3  # takes the spare width; its whole text is the tooltip
SECTIONS = {
    runs.STOPS: ("left out of this run until put right", "Nothing stops an invoice."),
    runs.WORTH_A_LOOK: ("still invoiced", "Nothing else to look at."),
}
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
        # two sections: what stops an invoice, then what is only worth a look (runs.py)
        self.stops, self.stops_title, self.stops_table = self._section(runs.STOPS, "stops")
        self.looks, self.looks_title, self.looks_table = self._section(runs.WORTH_A_LOOK, "looks")
        for title, table in (
            (self.stops_title, self.stops_table),
            (self.looks_title, self.looks_table),
        ):
            layout.addWidget(title)
            layout.addWidget(table, 2)
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
        self.drafts_title = QLabel("Invoices to issue", self)
        self.drafts_title.setObjectName("sectionTitle")
        self.drafts_title.setBuddy(self.draft_table)
        layout.addWidget(self.drafts_title)
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

    def _section(self, title: str, name: str) -> tuple[ProblemModel, QLabel, QTableView]:
        model = ProblemModel(PROBLEM_COLUMNS, parent=self)
        label = QLabel(title, self)
        label.setObjectName("sectionTitle")
        table = make_table(
            self, model, PROBLEM_COLUMNS, f"{name}Table", WHAT_TO_DO, SECTIONS[title][1]
        )
        table.setAccessibleName(title)
        label.setBuddy(table)
        return model, label, table

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
        for model, label, title, rows in (
            (self.stops, self.stops_title, runs.STOPS, found.stops),
            (self.looks, self.looks_title, runs.WORTH_A_LOOK, found.worth_a_look),
        ):
            model.set_rows(rows)
            what = f" ({len(rows)}): {SECTIONS[title][0]}" if rows else ": nothing"
            label.setText(title + what)
        # an empty section is only its title, so the other one has the room
        self.stops_table.setVisible(bool(found.stops))
        self.looks_table.setVisible(bool(found.worth_a_look))
        self.drafts.set_rows(found.drafts)
        self.drafts_title.setText(f"Invoices to issue ({len(found.drafts)})")
        text = (
            f"{len(found.drafts)} invoice{'s' if len(found.drafts) != 1 else ''} to issue for "
            f"{format_date(found.period_start)} to {format_date(found.period_end)}, "
            f"total {format_gbp(found.total_pence)}."
        )
        stops = len(found.stops)
        if stops:
            text = (
                f"{stops} thing{'s' if stops != 1 else ''} to put right first (left out of this "
                "run). " + text
            )
        if found.not_yet:
            n = found.not_yet
            text += (
                f" {n} visit{'s' if n != 1 else ''} later in the period "
                f"{'have' if n != 1 else 'has'} not happened yet: a later run invoices them."
            )
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
        self.list_tab.to_run.connect(lambda: self.tabs.setCurrentWidget(self.run_tab))
        page_key(self, "F5", self.reload)
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
