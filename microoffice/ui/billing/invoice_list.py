"""The Invoices page's lower tabs: issued invoices (pay, preview, void) and arrears (aged debt,
VAT watch, the chart of income and arrears by month, statements and reminders)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from microoffice.core import clock
from microoffice.core.billing import account, balances, books, credit, ledger, vat
from microoffice.core.billing.ledger import AgedDebt, InvoiceRow
from microoffice.core.money import format_gbp
from microoffice.core.vocabulary import format_date
from microoffice.ui.app.errors import show_error
from microoffice.ui.app.runner import Ops
from microoffice.ui.billing.invoice_preview import InvoicePreviewDialog
from microoffice.ui.billing.payment_dialog import PaymentDialog
from microoffice.ui.billing.refund_dialog import RefundDialog
from microoffice.ui.billing.use_credit import ask_use_credit
from microoffice.ui.widgets.ask import AskDialog
from microoffice.ui.widgets.buttons import push_button
from microoffice.ui.widgets.one_dialog import open_alone
from microoffice.ui.widgets.pdf_preview import PdfPreviewDialog
from microoffice.ui.widgets.table_model import RIGHT, Column, RowTableModel
from microoffice.ui.widgets.tables import EmptyState, configure_table, selected_row

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


INVOICE_COLUMNS: list[Column[InvoiceRow]] = [
    Column("Number", lambda r: r.number, 100),
    Column(
        "Date", lambda r: format_date(r.issued_on), 90, sort_key=lambda r: r.issued_on or date.min
    ),
    Column("Client", lambda r: r.client_name, 160),
    Column("Payer", lambda r: r.payer_name, 260),
    Column("Total", lambda r: format_gbp(r.total_pence), 90, RIGHT, lambda r: r.total_pence),
    Column("Paid", lambda r: format_gbp(r.paid_pence), 90, RIGHT, lambda r: r.paid_pence),
    Column("Owed", lambda r: format_gbp(r.balance_pence), 90, RIGHT, lambda r: r.balance_pence),
    Column("Due", lambda r: format_date(r.due_on), 90, sort_key=lambda r: r.due_on or date.min),
    Column("Status", lambda r: r.state(), 90),
]


def _bucket(i: int) -> Callable[[AgedDebt], str]:
    return lambda a: format_gbp(a.buckets[i])


AGED_COLUMNS: list[Column[AgedDebt]] = [
    Column("Payer", lambda a: a.payer_name, 300),
    *(Column(f"{b} days", _bucket(i), 100, RIGHT) for i, b in enumerate(ledger.BUCKETS)),
    Column("Total owed", lambda a: format_gbp(a.total_pence), 110, RIGHT),
    Column("In credit", lambda a: format_gbp(a.credit_pence) if a.credit_pence else "", 100, RIGHT),
]
FILTERS: list[tuple[str, Callable[[InvoiceRow], bool]]] = [
    ("All invoices and credit notes", lambda r: True),
    ("Unpaid", lambda r: r.balance_pence > 0),
    ("Overdue", lambda r: r.state() == "overdue"),
    ("Paid", lambda r: r.kind == "invoice" and r.state() == "paid"),
]


def make_table(
    parent: QWidget,
    model: RowTableModel[Any],
    columns: list[Column[Any]],
    name: str,
    stretch: int,
    empty: str,
) -> QTableView:
    """A read-only table whose `stretch` column (a name) takes the spare width, so figures stay
    next to what they belong to instead of drifting to the far right."""
    table = QTableView(parent)
    table.setObjectName(name)
    table.setModel(model)
    configure_table(table, columns, empty=empty)
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


class InvoiceListTab(QWidget):
    to_run = Signal()  # "no invoices yet": the way to make some is the invoice run

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.dialog: QWidget | None = None
        self.credit: list[balances.CreditRow] = []
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.filter = QComboBox(self)
        self.filter.setObjectName("invoiceFilter")
        self.filter.setAccessibleName("Show")
        for text, _test in FILTERS:
            self.filter.addItem(text)
        self.filter.currentIndexChanged.connect(lambda _i: self.reload())
        bar.addWidget(self.filter)
        bar.addStretch(1)
        self.count_label = QLabel(self)
        bar.addWidget(self.count_label)
        layout.addLayout(bar)
        self.model: RowTableModel[InvoiceRow] = RowTableModel(
            INVOICE_COLUMNS,
            muted=lambda r: r.status == "void" or r.kind == "credit_note",
            parent=self,
        )
        self.table = make_table(
            self, self.model, INVOICE_COLUMNS, "invoiceTable", 3, "No invoices to show."
        )
        self.table.setAccessibleName("Issued invoices")
        empty = self.table.viewport().findChild(EmptyState)
        assert isinstance(empty, EmptyState)
        self.empty = empty
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.preview_button = push_button(
            self, "Preview…", self.preview, buttons, name="previewButton"
        )
        self.pay_button = push_button(self, "Record payment…", self.pay, buttons, name="payButton")
        self.credit_button = push_button(
            self, "Use credit on account", self.use_credit, buttons, name="useCreditButton"
        )
        self.void_button = push_button(self, "Void…", self.void, buttons, name="voidButton")
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.table.activated.connect(lambda _i: self.preview())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update())
        self._update()

    def reload(self) -> None:
        keep = self.selected()
        test = FILTERS[max(0, self.filter.currentIndex())][1]
        nothing: tuple[list[InvoiceRow], list[balances.CreditRow]] = ([], [])
        rows, self.credit = self.ops.read(
            lambda s: (ledger.invoice_rows(s), balances.credit_rows(s)), nothing, parent=self
        )
        self.model.set_rows([r for r in rows if test(r)])
        if not rows:
            self.empty.set_message(
                "No invoices yet: confirm the month's visits, then make the invoices on the "
                "Invoice run tab.",
                [("Go to the invoice run", self.to_run.emit)],
            )
        else:
            self.empty.set_message("No invoices match this choice.")
        if keep is not None:
            self.select_id(keep.invoice_id)
        owed = sum(r.balance_pence for r in rows)
        held = sum(c.credit_pence for c in self.credit)
        text = f"{self.model.rowCount()} shown · {format_gbp(owed)} owed in all"
        if held:  # an overpayment just recorded shows here at once, not only on Arrears
            text += f" · {format_gbp(held)} in credit on account"
        self.count_label.setText(text)
        self._update()

    def selected(self) -> InvoiceRow | None:
        return selected_row(self.table, self.model)

    def select_id(self, invoice_id: int) -> bool:
        position = self.model.position_of(invoice_id)
        if position >= 0:
            self.table.selectRow(position)
        return position >= 0

    def _update(self) -> None:
        row = self.selected()
        self.preview_button.setEnabled(row is not None)
        self.pay_button.setEnabled(row is not None and row.balance_pence > 0)
        self.credit_button.setEnabled(
            row is not None and row.balance_pence > 0 and self.usable_credit(row) > 0
        )
        self.void_button.setEnabled(
            row is not None and row.kind == "invoice" and row.status not in ("void",)
        )

    def show_dialog(self, dialog: QDialog) -> None:
        self.dialog = open_alone(self.dialog, dialog)

    def preview(self) -> None:
        row = self.selected()
        if row is not None:
            self.show_dialog(InvoicePreviewDialog(self.ops, row.invoice_id, self))

    def pay(self) -> None:
        row = self.selected()
        if row is not None and row.balance_pence > 0:
            self.show_dialog(PaymentDialog(self.ops, row, self))

    def usable_credit(self, row: InvoiceRow) -> int:
        return account.usable_credit(self.credit, row)

    def use_credit(self) -> None:
        row = self.selected()
        if row is None or row.balance_pence <= 0:
            return
        self.show_dialog(ask_use_credit(self, self.ops, row, self.usable_credit(row)))

    def void(self) -> None:
        row = self.selected()
        if row is None:
            return
        ask = AskDialog(
            self,
            f"Void {row.number}",
            f"Void {row.number} ({format_gbp(row.total_pence)} to {row.payer_name})? A credit "
            "note for the full amount is issued and the invoice stays in the books marked void. "
            "Its visits can then be invoiced again.",
            "Void invoice",
            "Reason (printed on the credit note):",
            placeholder="e.g. sent to the wrong payer",
        )
        invoice_id = row.invoice_id
        ask.accepted.connect(
            lambda: self.ops.run(
                lambda s: credit.void_invoice(s, invoice_id, ask.answer()).id, parent=self
            )
        )
        self.show_dialog(ask)


class MonthChart(QWidget):
    """Income invoiced and received per month (bars), and arrears at each month's end (line)."""

    INVOICED, RECEIVED, ARREARS = QColor("#1f5f8b"), QColor("#7fb069"), QColor("#c0392b")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("incomeChart")
        self.setAccessibleName("Income and arrears by month")
        self.setMinimumHeight(220)
        self.points: list[books.MonthPoint] = []

    def set_points(self, points: list[books.MonthPoint]) -> None:
        self.points = points
        summary = "; ".join(
            f"{p.month:%b %Y}: invoiced {format_gbp(p.invoiced_pence)}, received "
            f"{format_gbp(p.received_pence)}, overdue {format_gbp(p.arrears_pence)}"
            for p in points
        )
        self.setAccessibleDescription(summary)
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = self.width(), self.height()
        left, bottom, top = 70.0, 36.0, 24.0
        plot_h = h - bottom - top
        top_value = max(
            [1, *(max(p.invoiced_pence, p.received_pence, p.arrears_pence) for p in self.points)]
        )
        painter.setPen(QPen(QColor("#52606d")))
        painter.drawText(
            QRectF(0, 0, left - 6, 20),
            Qt.AlignmentFlag.AlignRight,
            format_gbp(top_value).split(".")[0],
        )
        painter.drawLine(int(left), int(top), int(left), int(h - bottom))
        painter.drawLine(int(left), int(h - bottom), w - 10, int(h - bottom))
        if not self.points:
            return
        slot = (w - left - 20) / len(self.points)
        bar = max(3.0, slot * 0.3)
        line = []
        for i, p in enumerate(self.points):
            x = left + 10 + i * slot
            for j, (value, colour) in enumerate(
                ((p.invoiced_pence, self.INVOICED), (p.received_pence, self.RECEIVED))
            ):
                height = plot_h * value / top_value
                painter.fillRect(QRectF(x + j * bar, h - bottom - height, bar, height), colour)
            line.append((x + bar, h - bottom - plot_h * p.arrears_pence / top_value))
            painter.setPen(QPen(QColor("#52606d")))
            painter.drawText(QRectF(x - 4, h - bottom + 4, slot, 16), 0, f"{p.month:%b}")
        painter.setPen(QPen(self.ARREARS, 2))
        for (x1, y1), (x2, y2) in itertools.pairwise(line):
            painter.drawLine(int(x1), int(y1), int(x2), int(y2))
        legend = (
            ("Invoiced", self.INVOICED),
            ("Received", self.RECEIVED),
            ("Overdue", self.ARREARS),
        )
        for k, (text, colour) in enumerate(legend):
            x = left + 10 + k * 110
            painter.fillRect(QRectF(x, 6, 12, 10), colour)
            painter.setPen(QPen(QColor("#1f2933")))
            painter.drawText(QRectF(x + 16, 2, 90, 18), 0, text)
        painter.end()


class ArrearsTab(QWidget):
    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.dialog: QWidget | None = None
        layout = QVBoxLayout(self)
        self.vat_label = QLabel(self)
        self.vat_label.setObjectName("vatWatch")
        self.vat_label.setWordWrap(True)
        layout.addWidget(self.vat_label)
        self.model: RowTableModel[AgedDebt] = RowTableModel(AGED_COLUMNS, parent=self)
        self.table = make_table(self, self.model, AGED_COLUMNS, "agedTable", 0, "Nothing is owed.")
        self.table.setAccessibleName("Aged debt by payer")
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        for text, name, kind in (
            ("Statement PDF…", "statementButton", "statement"),
            ("Reminder letter PDF…", "reminderButton", "reminder"),
        ):
            button = QPushButton(text, self)
            button.setObjectName(name)
            button.setAccessibleName(text.rstrip("…"))
            button.clicked.connect(lambda _c=False, k=kind: self.letter(k))
            buttons.addWidget(button)
        self.refund_button = push_button(
            self, "Record a refund…", self.refund, buttons, name="arrearsRefundButton"
        )
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.chart = MonthChart(self)
        layout.addWidget(self.chart, 1)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update())
        self._update()

    def selected(self) -> AgedDebt | None:
        return selected_row(self.table, self.model)

    def _update(self) -> None:
        row = self.selected()
        self.refund_button.setEnabled(row is not None and row.credit_pence > 0)

    def refund(self) -> None:
        row = self.selected()
        if row is None or not row.credit_pence:
            return
        payer = row.payer_name
        held = self.ops.read(lambda s: balances.payer_credit(s, payer), None, parent=self)
        if held is None:
            return
        dialog = RefundDialog(self.ops, held, self)
        self.dialog = open_alone(self.dialog, dialog)

    def reload(self) -> None:
        def fetch(s: Session) -> tuple[list[AgedDebt], str, list[books.MonthPoint]]:
            return (
                ledger.aged_debt(s),
                vat.threshold_watch(s).message,
                books.monthly_income_and_arrears(s),
            )

        nothing: tuple[list[AgedDebt], str, list[books.MonthPoint]] = ([], "", [])
        aged, message, points = self.ops.read(fetch, nothing, parent=self)
        keep = self.selected()
        self.model.set_rows(aged)
        if keep is not None:
            position = self.model.position_of(keep.id)
            if position >= 0:
                self.table.selectRow(position)
        self._update()
        self.vat_label.setText(message)
        self.chart.set_points(points)

    def letter(self, kind: str) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            show_error("Choose a payer in the list first.", parent=self)
            return
        payer = self.model.row_at(rows[0].row()).payer_name
        data = self.ops.read(lambda s: self.letter_pdf(s, kind, payer), b"", parent=self)
        if data:  # shown first, to print or save (dialogs/pdf_preview.py)
            title = "Statement" if kind == "statement" else "Reminder letter"
            self.dialog = PdfPreviewDialog(data, f"{title}: {payer}", f"{kind}.pdf", self)
            self.dialog.open()

    @staticmethod
    def letter_pdf(s: Session, kind: str, payer: str) -> bytes:
        from microoffice.core.reports import reminder, statement

        if kind == "statement":
            today = clock.today()
            return statement.pdf_bytes(s, payer, date(today.year - 1, today.month, 1), today)
        return reminder.pdf_bytes(s, payer)

    def write_letter(self, kind: str, payer: str, path: str) -> None:
        from microoffice.core.reports import reminder, statement

        def make(s: Session) -> bytes:
            if kind == "statement":
                today = clock.today()
                return statement.pdf_bytes(s, payer, date(today.year - 1, today.month, 1), today)
            return reminder.pdf_bytes(s, payer)

        data = self.ops.read(make, b"", parent=self)
        if data:
            try:
                Path(path).write_bytes(data)
            except OSError as exc:
                show_error(f"Cannot write {path}: {exc.strerror or exc}", parent=self)
