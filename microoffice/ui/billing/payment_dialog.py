"""Record a payment received against an invoice: date, amount, method, reference."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from microoffice.core import clock
from microoffice.core.billing import payments
from microoffice.core.billing.ledger import InvoiceRow
from microoffice.core.money import format_gbp
from microoffice.core.readers.numbers import money_text
from microoffice.core.services.forms import Checker
from microoffice.core.vocabulary import format_date
from microoffice.ui.app.runner import Ops
from microoffice.ui.widgets.buttons import action_buttons
from microoffice.ui.widgets.form import Form
from microoffice.ui.widgets.unsaved import EditingDialog

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

METHODS = [(m.value, m.label) for m in payments.PaymentMethod]


class PaymentDialog(EditingDialog):
    """Pays the chosen invoice; anything over its balance pays the payer's next oldest ones."""

    saved = Signal(int)

    def __init__(self, ops: Ops, row: InvoiceRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.row = ops, row
        self.setObjectName("paymentDialog")
        self.setWindowTitle(f"Record a payment: {row.number}")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        about = QLabel(
            f"{row.payer_name}\n{row.number} for {row.client_name}: "
            f"{format_gbp(row.total_pence)}, {format_gbp(row.balance_pence)} still owed.",
            self,
        )
        about.setWordWrap(True)
        layout.addWidget(about)
        self.form = Form(self)
        self.form.group("Payment received")
        self.form.date("received_on", "Date received")
        self.form.text("amount", "Amount", "e.g. 120.50", 14)
        self.form.combo("method", "Method", METHODS)
        self.form.text("reference", "Reference", "as on the bank statement", 100)
        self.form.area("notes", "Notes", 2)
        self.form.set_values(
            {
                "received_on": format_date(clock.today()),
                "amount": money_text(row.balance_pence) if row.balance_pence > 0 else "",
                "method": payments.PaymentMethod.BANK_TRANSFER.value,
            }
        )
        layout.addWidget(self.form)
        buttons, self.save_button, _ = action_buttons(
            self, "Record payment", self.save, self.reject
        )
        layout.addWidget(buttons)
        self.form.field("amount").setFocus()

    def save(self) -> None:
        values = self.form.values()
        invoice_id = self.row.invoice_id

        def write(session: Session) -> int:
            checker = Checker()
            received = checker.date_text("received_on", values["received_on"])
            checker.done()
            data = payments.PaymentData(
                received_on=received,
                amount=values["amount"],
                method=values["method"],
                reference=values["reference"],
                notes=values["notes"],
            )
            return payments.record_payment(session, data, invoice_id=invoice_id).id

        outcome = self.ops.run(write, form=self.form, parent=self)
        if outcome.ok and outcome.value is not None:
            self.saved.emit(outcome.value)
            self.accept()
