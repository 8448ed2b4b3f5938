"""A client's account: what is owed, credit on account, the invoices, and what to do with credit.

Credit on account is money a payer paid that no invoice has used (an overpayment, or a credit note
on a paid invoice). It comes off the payer's next invoice when that is issued; from here a person
can also use it on an invoice already issued, or record it as paid back.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from microoffice.core.billing import account
from microoffice.core.billing.account import ClientAccount
from microoffice.core.billing.ledger import InvoiceRow
from microoffice.core.money import format_gbp
from microoffice.ui.app.runner import Ops
from microoffice.ui.billing.refund_dialog import RefundDialog
from microoffice.ui.widgets.ask import AskDialog
from microoffice.ui.widgets.panel import ChildPanel
from microoffice.ui.widgets.table_model import RIGHT, Column


def _d(day: date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


COLUMNS: list[Column[InvoiceRow]] = [
    Column("Number", lambda r: r.number, 95),
    Column("Date", lambda r: _d(r.issued_on), 85, sort_key=lambda r: r.issued_on or date.min),
    Column("Payer", lambda r: r.payer_name, 230),
    Column("Total", lambda r: format_gbp(r.total_pence), 85, RIGHT, lambda r: r.total_pence),
    Column("Paid", lambda r: format_gbp(r.paid_pence), 85, RIGHT, lambda r: r.paid_pence),
    Column("Owed", lambda r: format_gbp(r.balance_pence), 85, RIGHT, lambda r: r.balance_pence),
    Column("Status", lambda r: r.state(), 85),
]


class AccountPanel(ChildPanel[InvoiceRow]):
    def __init__(self, ops: Ops, parent: QWidget | None = None):
        super().__init__(
            ops,
            "Invoices for this client, what has been paid and what is owed. Money paid that no "
            "invoice has used is credit on account: it comes off the payer's next invoice, or "
            "record it here as paid back.",
            COLUMNS,
            parent,
            empty="No invoices yet.",
        )
        self.setObjectName("accountPanel")
        self.table.setAccessibleName("Invoices for this client")
        self.state: ClientAccount | None = None
        self.summary = QLabel(self)
        self.summary.setObjectName("accountSummary")
        self.summary.setAccessibleName("Owed and credit on account")
        self.summary.setWordWrap(True)
        self.body.insertWidget(1, self.summary)
        self.use_button = self.add_button(
            "Use credit on this invoice", "useCreditButton", self.use_credit
        )
        self.refund_button = self.add_button(
            "Record a refund…", "refundButton", self.refund, needs_row=False
        )
        self.finish_buttons()

    def fetch(self, client_id: int) -> list[InvoiceRow]:
        self.state = self.ops.read(
            lambda s: account.client_account(s, client_id), None, parent=self
        )
        if self.state is None:
            self.summary.clear()
            return []
        self.summary.setText(self.state.summary())
        return list(self.state.invoices)

    def is_muted(self, row: InvoiceRow) -> bool:
        return row.status == "void" or row.kind == "credit_note"

    def allows(self, button: QPushButton, row: InvoiceRow) -> bool:
        if button is self.use_button:
            return (
                self.state is not None and row.balance_pence > 0 and self.state.usable_on(row) > 0
            )
        return True

    def update_buttons(self) -> None:
        super().update_buttons()
        if hasattr(self, "refund_button"):
            self.refund_button.setEnabled(self.state is not None and bool(self.state.credit))

    def use_credit(self) -> None:
        row = self.selected()
        if row is None or self.state is None:
            return
        usable = min(self.state.usable_on(row), row.balance_pence)
        ask = AskDialog(
            self,
            "Use credit on account",
            f"Take {format_gbp(usable)} of {row.payer_name}'s credit on account off {row.number} "
            f"({format_gbp(row.balance_pence)} owed)? It shows as paid on the invoice list and "
            "on statements; the invoice as issued does not change.",
            "Use credit",
        )
        invoice_id = row.invoice_id
        ask.accepted.connect(
            lambda: self.ops.run(lambda s: account.use_credit(s, invoice_id), parent=self)
        )
        ask.accepted.connect(self.reload)
        self.show_dialog(ask)

    def refund(self) -> None:
        if self.state is None or not self.state.credit:
            return
        dialog = RefundDialog(self.ops, self.state.credit[0], self)
        dialog.accepted.connect(self.reload)
        self.show_dialog(dialog)
