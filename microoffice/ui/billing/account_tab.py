"""A client's account: what is owed, credit on account, the invoices, and what to do with credit.

Credit on account is money a payer paid that no invoice has used (an overpayment, or a credit note
on a paid invoice). It comes off the payer's next invoice when that is issued; from here a person
can also use it on an invoice already issued, or record it as paid back.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from microoffice.core.billing import account
from microoffice.core.billing.account import ClientAccount
from microoffice.core.billing.ledger import InvoiceRow
from microoffice.ui.app.runner import Ops
from microoffice.ui.billing.invoice_list import INVOICE_COLUMNS
from microoffice.ui.billing.refund_dialog import RefundDialog
from microoffice.ui.billing.use_credit import ask_use_credit
from microoffice.ui.widgets.panel import ChildPanel
from microoffice.ui.widgets.table_model import Column

# the Invoices tab's columns, less the client (it is this client) and the due date
COLUMNS: list[Column[InvoiceRow]] = [c for c in INVOICE_COLUMNS if c.title not in ("Client", "Due")]


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
        ask = ask_use_credit(self, self.ops, row, self.state.usable_on(row))
        ask.accepted.connect(self.reload)
        self.show_dialog(ask)

    def refund(self) -> None:
        if self.state is None or not self.state.credit:
            return
        dialog = RefundDialog(self.ops, self.state.credit[0], self)
        dialog.accepted.connect(self.reload)
        self.show_dialog(dialog)
