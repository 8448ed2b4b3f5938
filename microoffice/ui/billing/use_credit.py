"""Using a payer's credit on account on one invoice, asked the same way from the Invoices tab and
from a client's Account tab."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from microoffice.core.billing import account
from microoffice.core.billing.ledger import InvoiceRow
from microoffice.core.money import format_gbp
from microoffice.ui.app.runner import Ops
from microoffice.ui.widgets.ask import AskDialog


def ask_use_credit(parent: QWidget, ops: Ops, row: InvoiceRow, usable: int) -> AskDialog:
    """Say what using the credit does, then do it (account.use_credit) when accepted."""
    ask = AskDialog(
        parent,
        "Use credit on account",
        f"Take {format_gbp(min(usable, row.balance_pence))} of {row.payer_name}'s credit on "
        f"account off {row.number} ({format_gbp(row.balance_pence)} owed)? It shows as paid on "
        "the invoice list and on statements; the invoice as issued does not change.",
        "Use credit",
    )
    invoice_id = row.invoice_id
    ask.accepted.connect(
        lambda: ops.run(lambda s: account.use_credit(s, invoice_id), parent=parent)
    )
    return ask
