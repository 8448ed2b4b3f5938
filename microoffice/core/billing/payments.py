"""Payments received and how they are allocated to invoices.

A payment is recorded as it arrived (date, method, amount, reference); allocations say which
invoices it pays. Whatever is not allocated stays on the payer's account as a credit, shown on
their statement, and can be allocated later (for example to next month's invoice).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from functools import partial

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.billing.ledger import find_payer, invoice_row, invoice_rows, refresh_status
from microoffice.core.billing.lookup import get_invoice
from microoffice.core.billing.numbering import display_number
from microoffice.core.errors import NotFoundError, UserError, ValidationError
from microoffice.core.models.billing import Invoice, Payment, PaymentAllocation
from microoffice.core.money import format_gbp
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.readers.dates import DAY, check_date
from microoffice.core.readers.numbers import read_money
from microoffice.core.services.forms import Checker


class PaymentMethod(StrEnum):
    BANK_TRANSFER = "bank_transfer"
    STANDING_ORDER = "standing_order"
    DIRECT_DEBIT = "direct_debit"
    PREPAID_CARD = "prepaid_card"
    CARD = "card"
    CHEQUE = "cheque"
    CASH = "cash"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


@dataclass
class PaymentData:
    received_on: date | None = None
    amount: str = ""  # as typed: "120.50" or "£1,200"
    method: str = PaymentMethod.BANK_TRANSFER.value
    reference: str = ""
    payer_name: str = ""
    client_id: int | None = None
    notes: str = ""


def validate(data: PaymentData) -> tuple[date, int]:
    c = Checker()
    pence = c.check("amount", read_money, data.amount)
    if pence is not None and pence <= 0:
        c.fail("amount", "Enter the amount received, more than £0.00")
    if data.received_on is None:
        c.fail("received_on", "Enter the date the money arrived")
    elif data.received_on > clock.today():
        c.fail("received_on", "The date received is in the future")
    else:
        c.check("received_on", partial(check_date, kind=DAY), data.received_on)
    c.choice("method", data.method, PaymentMethod, "Method")
    if not data.payer_name.strip() and data.client_id is None:
        c.fail("payer_name", "Say who paid")
    c.done()
    assert data.received_on is not None and pence is not None
    return data.received_on, pence


@needs(Right.MONEY)
def unallocated(session: Session, payment: Payment) -> int:
    """What is left of the payment: not on an invoice and not refunded (credit on account)."""
    from microoffice.core.billing.balances import left_on

    return left_on(session, payment)


@needs(Right.MONEY)
def get_payment(session: Session, payment_id: int) -> Payment:
    payment = session.get(Payment, payment_id)
    if payment is None:
        raise NotFoundError(f"There is no payment with id {payment_id}.")
    return payment


@needs(Right.MONEY)
def allocate(session: Session, payment_id: int, invoice_id: int, pence: int) -> PaymentAllocation:
    """Put part or all of a payment against one invoice."""
    payment = get_payment(session, payment_id)
    invoice = get_invoice(session, invoice_id)
    number = display_number(invoice.series, invoice.number)
    if invoice.kind != "invoice" or invoice.status in ("draft", "void"):
        raise UserError(f"{number} is not an invoice that can be paid.")
    row = invoice_row(session, invoice.id)
    free = unallocated(session, payment)
    if pence <= 0:
        raise ValidationError({"amount": "Allocate more than £0.00"})
    if pence > row.balance_pence:
        raise ValidationError(
            {"amount": f"{number} only has {format_gbp(row.balance_pence)} left to pay"}
        )
    if pence > free:
        raise ValidationError(
            {"amount": f"Only {format_gbp(free)} of this payment is left to allocate"}
        )
    allocation = PaymentAllocation(payment_id=payment.id, invoice_id=invoice.id, amount_pence=pence)
    session.add(allocation)
    session.flush()
    refresh_status(session, invoice)
    return allocation


@needs(Right.MONEY)
def open_invoices(session: Session, client_id: int | None, payer_name: str) -> list[Invoice]:
    """Unpaid invoices of this payer (and client, when given), oldest first."""
    rows = invoice_rows(
        session, client_id=client_id, payer_name=payer_name or None, include_credit_notes=False
    )
    ids = [
        r.invoice_id
        for r in sorted(rows, key=lambda r: (r.issued_on or date.min, r.number))
        if r.balance_pence > 0
    ]
    return [get_invoice(session, i) for i in ids]


@needs(Right.MONEY)
def auto_allocate(session: Session, payment_id: int) -> list[PaymentAllocation]:
    """Pay the payer's oldest invoices first until the money runs out."""
    payment = get_payment(session, payment_id)
    out = []
    for invoice in open_invoices(session, payment.client_id, payment.payer_name):
        free = unallocated(session, payment)
        if free <= 0:
            break
        row = invoice_row(session, invoice.id)
        out.append(allocate(session, payment.id, invoice.id, min(free, row.balance_pence)))
    return out


@needs(Right.MONEY)
def record_payment(
    session: Session,
    data: PaymentData,
    *,
    invoice_id: int | None = None,
    auto: bool = True,
) -> Payment:
    """Record money received; pay the named invoice, or else the oldest unpaid ones."""
    payer = data.payer_name.strip()
    client_id = data.client_id
    if invoice_id is not None:
        invoice = get_invoice(session, invoice_id)
        payer = payer or invoice.payer_name
        client_id = client_id or invoice.client_id
    elif not payer and client_id is not None:
        payer = _usual_payer(session, client_id)
    received_on, pence = validate(replace(data, payer_name=payer, client_id=client_id))
    if invoice_id is None and data.payer_name.strip():
        payer = find_payer(session, payer)  # never recorded against a payer no one invoiced
    payment = Payment(
        client_id=client_id,
        payer_name=payer,
        received_on=received_on,
        method=data.method,
        amount_pence=pence,
        reference=data.reference.strip(),
        notes=data.notes.strip(),
        recorded_at=clock.now(),
    )
    session.add(payment)
    session.flush()
    if invoice_id is not None:
        invoice = get_invoice(session, invoice_id)
        row = invoice_row(session, invoice_id)
        if row.balance_pence > 0:
            allocate(session, payment.id, invoice_id, min(pence, row.balance_pence))
    if auto:
        auto_allocate(session, payment.id)
    return payment


def _usual_payer(session: Session, client_id: int) -> str:
    """The payer on the client's latest invoice, for a payment recorded against the client."""
    found = session.scalar(
        select(Invoice.payer_name)
        .where(Invoice.client_id == client_id, Invoice.status != "draft")
        .order_by(Invoice.issued_on.desc(), Invoice.id.desc())
        .limit(1)
    )
    return found or ""


@needs(Right.MONEY)
def unallocate(session: Session, allocation_id: int) -> None:
    """Take a payment off an invoice (a mistake, or before voiding); the money stays on account."""
    allocation = session.get(PaymentAllocation, allocation_id)
    if allocation is None:
        raise NotFoundError(f"There is no payment allocation with id {allocation_id}.")
    invoice = session.get(Invoice, allocation.invoice_id)
    session.delete(allocation)
    session.flush()
    if invoice is not None:
        refresh_status(session, invoice)


@needs(Right.MONEY)
def payments_for(
    session: Session, payer_name: str | None = None, client_id: int | None = None
) -> list[Payment]:
    stmt = select(Payment).order_by(Payment.received_on, Payment.id)
    if payer_name is not None:
        stmt = stmt.where(Payment.payer_name == payer_name)
    if client_id is not None:
        stmt = stmt.where(Payment.client_id == client_id)
    return list(session.scalars(stmt))
