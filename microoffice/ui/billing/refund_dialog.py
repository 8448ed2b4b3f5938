"""Record credit on account as paid back: to whom, when, how much and how.

The amount starts at all the credit there is; the core refuses more than is held, a date in the
future, or a payer with nothing on account, and the message lands at the field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from microoffice.core import clock
from microoffice.core.billing import account
from microoffice.core.billing.account import CreditRow
from microoffice.core.money import format_gbp
from microoffice.core.readers.numbers import money_text
from microoffice.core.services.forms import Checker
from microoffice.core.vocabulary import format_date
from microoffice.ui.app.runner import Ops
from microoffice.ui.billing.payment_dialog import METHODS
from microoffice.ui.widgets.buttons import action_buttons
from microoffice.ui.widgets.form import Form
from microoffice.ui.widgets.unsaved import EditingDialog

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class RefundDialog(EditingDialog):
    """Pays back one payer's credit (for one client, when the credit was for one client)."""

    saved = Signal(int)  # pence refunded

    def __init__(self, ops: Ops, credit: CreditRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.credit = ops, credit
        self.setObjectName("refundDialog")
        self.setWindowTitle(f"Record a refund: {credit.payer_name}")
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        about = QLabel(
            f"{credit.who} has {format_gbp(credit.credit_pence)} on account (paid but not used "
            "by any invoice). Record the money you paid back.",
            self,
        )
        about.setObjectName("refundAbout")
        about.setWordWrap(True)
        layout.addWidget(about)
        self.form = Form(self)
        self.form.group("Refund paid")
        self.form.date("refunded_on", "Date paid back")
        self.form.text("amount", "Amount", "e.g. 49.00", 14)
        self.form.combo("method", "How", METHODS)
        self.form.text("reference", "Reference", "as on the bank statement", 100)
        self.form.area("notes", "Notes", 2)
        self.form.set_values(
            {
                "refunded_on": format_date(clock.today()),
                "amount": money_text(credit.credit_pence),
                "method": "bank_transfer",
            }
        )
        layout.addWidget(self.form)
        buttons, self.save_button, _ = action_buttons(
            self, "Record refund", self.save, self.reject, accessible_name="Record the refund"
        )
        layout.addWidget(buttons)
        self.form.field("amount").setFocus()

    def save(self) -> None:
        values = self.form.values()
        payer, client_id = self.credit.payer_name, self.credit.client_id

        def write(session: Session) -> int:
            checker = Checker()
            day = checker.date_text("refunded_on", values["refunded_on"])
            checker.done()
            data = account.RefundData(
                payer_name=payer,
                client_id=client_id,
                refunded_on=day,
                amount=values["amount"],
                method=values["method"],
                reference=values["reference"],
                notes=values["notes"],
            )
            return sum(r.amount_pence for r in account.refund_credit(session, data))

        outcome = self.ops.run(write, form=self.form, parent=self)
        if outcome.ok and outcome.value is not None:
            self.saved.emit(outcome.value)
            self.accept()
