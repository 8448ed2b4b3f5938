"""Credit on account: money a payer has paid that no invoice has used yet.

An overpayment (£400 against a £351 invoice) leaves £49 of that payment unallocated. That money
belongs to the payer: it is shown on the client, the statement and the arrears list until it is
either taken off their next invoice (an allocation: made when the invoice is issued, and printed
on it as "Less credit on account", or later by the person) or paid back (a refund, with its date
and how it was paid). Nothing is stored as "credit": it is always what the payments, their
allocations and their refunds leave, so it can never disagree with them.

Which invoices a credit can pay: the same payer (the name on the invoices), and, when the payment
was recorded for one client, only that client's invoices; the same rule as a payment's own
allocation (payments.open_invoices).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core import clock

# what credit there is (balances.py), named here too: callers ask the account about credit
from microoffice.core.billing.balances import (
    CreditRow as CreditRow,
)
from microoffice.core.billing.balances import (
    credit_as_of as credit_as_of,
)
from microoffice.core.billing.balances import (
    credit_at_issue as credit_at_issue,
)
from microoffice.core.billing.balances import (
    credit_by_payer as credit_by_payer,
)
from microoffice.core.billing.balances import (
    credit_on_account as credit_on_account,
)
from microoffice.core.billing.balances import (
    credit_rows as credit_rows,
)
from microoffice.core.billing.balances import (
    left_on as left_on,
)
from microoffice.core.billing.balances import (
    payer_credit as payer_credit,
)
from microoffice.core.billing.balances import (
    used_per_payment as used_per_payment,
)
from microoffice.core.billing.balances import (
    with_money_left as with_money_left,
)
from microoffice.core.billing.ledger import InvoiceRow, invoice_row, invoice_rows, refresh_status
from microoffice.core.billing.lookup import get_invoice
from microoffice.core.billing.numbering import display_number
from microoffice.core.errors import UserError, ValidationError
from microoffice.core.models.billing import Payment, PaymentAllocation, Refund
from microoffice.core.money import format_gbp
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.readers.numbers import read_money
from microoffice.core.services.forms import Checker


@needs(Right.MONEY)
def apply_credit(
    session: Session, invoice_id: int, *, at_issue: bool = False, limit: int | None = None
) -> int:
    """Take the payer's credit on account off an invoice, oldest money first; the pence used.

    At issue (issue.py) this runs before the PDF is made, and the invoice prints the allocations
    as "Less credit on account". Later, a person may use credit that arrived after the invoice was
    issued: that is an ordinary allocation, shown on statements and in the invoice list.
    """
    invoice = get_invoice(session, invoice_id)
    number = display_number(invoice.series, invoice.number)
    if invoice.kind != "invoice" or invoice.status in ("draft", "void"):
        raise UserError(f"{number} is not an invoice that credit can be used on.")
    owed = invoice_row(session, invoice.id).balance_pence
    if limit is not None:
        owed = min(owed, limit)
    applied = 0
    for payment, left in with_money_left(session, invoice.payer_name, invoice.client_id):
        if owed <= 0:
            break
        pence = min(left, owed)
        session.add(
            PaymentAllocation(
                payment_id=payment.id,
                invoice_id=invoice.id,
                amount_pence=pence,
                credit_at_issue=at_issue,
            )
        )
        owed -= pence
        applied += pence
    if applied:
        session.flush()
        refresh_status(session, invoice)
    return applied


@needs(Right.MONEY)
def use_credit(session: Session, invoice_id: int) -> int:
    """A person's choice: pay what is left on this invoice from the payer's credit on account."""
    invoice = get_invoice(session, invoice_id)
    number = display_number(invoice.series, invoice.number)
    if invoice.kind == "invoice" and invoice.status not in ("draft", "void"):
        if invoice_row(session, invoice.id).balance_pence <= 0:
            raise UserError(f"{number} is already paid: there is nothing to use the credit on.")
        if not credit_on_account(session, invoice.payer_name, invoice.client_id):
            raise UserError(f"{invoice.payer_name} has no credit on account that can pay {number}.")
    return apply_credit(session, invoice_id)


@dataclass
class RefundData:
    """A refund as typed: the payer (as on the invoices), optionally one client's credit."""

    payer_name: str = ""
    client_id: int | None = None
    refunded_on: date | None = None
    amount: str = ""  # as typed, "49.00"; blank means all the credit there is
    method: str = "bank_transfer"
    reference: str = ""
    notes: str = ""


@needs(Right.MONEY)
def refund_credit(session: Session, data: RefundData) -> list[Refund]:
    """Pay back credit on account: one row per payment it is drawn from, oldest money first."""
    from microoffice.core.billing.payments import PaymentMethod
    from microoffice.core.readers.dates import DAY, check_date

    c = Checker()
    payer = data.payer_name.strip()
    if not payer:
        c.fail("payer_name", "Say who the money goes back to")
    pence = c.check("amount", read_money, data.amount) if data.amount.strip() else None
    if pence is not None and pence <= 0:
        c.fail("amount", "Enter the amount paid back, more than £0.00")
    if data.refunded_on is None:
        c.fail("refunded_on", "Enter the date the money was paid back")
    elif data.refunded_on > clock.today():
        c.fail("refunded_on", "The date of the refund is in the future")
    else:
        c.check("refunded_on", lambda d: check_date(d, kind=DAY), data.refunded_on)
    c.choice("method", data.method, PaymentMethod, "How it was paid back")
    c.done()
    assert data.refunded_on is not None
    pool = [
        (p, left)
        for p, left in with_money_left(session, payer, data.client_id)
        if data.client_id is None or p.client_id in (data.client_id, None)
    ]
    held = sum(left for _, left in pool)
    if held <= 0:
        raise ValidationError({"amount": f"{payer} has no credit on account to refund"})
    wanted = held if pence is None else pence
    if wanted > held:
        raise ValidationError(
            {"amount": f"{payer} has only {format_gbp(held)} on account to refund"}
        )
    out = []
    for payment, left in pool:
        if wanted <= 0:
            break
        part = min(left, wanted)
        refund = Refund(
            payment_id=payment.id,
            refunded_on=data.refunded_on,
            method=data.method,
            amount_pence=part,
            reference=data.reference.strip(),
            notes=data.notes.strip(),
            recorded_at=clock.now(),
        )
        session.add(refund)
        out.append(refund)
        wanted -= part
    session.flush()
    return out


@dataclass(frozen=True)
class RefundRow:
    payer_name: str
    client_id: int | None
    refunded_on: date
    method: str
    amount_pence: int
    reference: str


@needs(Right.MONEY)
def refunds(
    session: Session,
    payer_name: str | None = None,
    client_id: int | None = None,
    end: date | None = None,
) -> list[RefundRow]:
    """Refunds, oldest first; the rows of one refund drawn from several payments are joined."""
    stmt = (
        select(Refund, Payment.payer_name, Payment.client_id)
        .join(Payment, Payment.id == Refund.payment_id)
        .order_by(Refund.refunded_on, Refund.id)
    )
    if payer_name is not None:
        stmt = stmt.where(Payment.payer_name == payer_name)
    if client_id is not None:
        stmt = stmt.where(Payment.client_id == client_id)
    if end is not None:
        stmt = stmt.where(Refund.refunded_on <= end)
    joined: dict[tuple[str, int | None, date, str, str, datetime | None], int] = {}
    for refund, payer, cid in session.execute(stmt):
        key = (payer, cid, refund.refunded_on, refund.method, refund.reference, refund.recorded_at)
        joined[key] = joined.get(key, 0) + refund.amount_pence
    return [
        RefundRow(payer, cid, day, method, pence, ref)
        for (payer, cid, day, method, ref, _), pence in joined.items()
    ]


def usable_credit(credit: Iterable[CreditRow], row: InvoiceRow) -> int:
    """Credit that could pay this invoice: the same payer's, for its client or for no client."""
    return sum(
        c.credit_pence
        for c in credit
        if c.payer_name == row.payer_name and c.client_id in (row.client_id, None)
    )


@dataclass(frozen=True)
class ClientAccount:
    """A client's money at a glance: what is owed, credit on account, the invoices."""

    owed_pence: int
    credit: tuple[CreditRow, ...]
    invoices: tuple[InvoiceRow, ...]
    refunded: tuple[RefundRow, ...]

    @property
    def credit_pence(self) -> int:
        return sum(r.credit_pence for r in self.credit)

    def usable_on(self, row: InvoiceRow) -> int:
        return usable_credit(self.credit, row)

    def summary(self) -> str:
        owed = f"Owed: {format_gbp(self.owed_pence)}"
        if not self.credit:
            return f"{owed}. No credit on account."
        held = "; ".join(f"{format_gbp(c.credit_pence)} from {c.payer_name}" for c in self.credit)
        return (
            f"{owed}. Credit on account: {format_gbp(self.credit_pence)} ({held}), "
            "taken off the next invoice unless it is refunded."
        )


@needs(Right.MONEY)
def client_account(session: Session, client_id: int) -> ClientAccount:
    rows = invoice_rows(session, client_id=client_id)
    credit = credit_rows(session, client_id=client_id)
    back = refunds(session, client_id=client_id)
    owed = sum(r.balance_pence for r in rows if r.balance_pence > 0)
    return ClientAccount(owed, tuple(credit), tuple(rows), tuple(back))
