"""Statements per payer and the overdue list a reminder letter is built from.

A statement runs like a bank statement: the balance brought forward, every invoice, credit note
and payment in date order with a running balance, and what is owed at the end, so a family or a
council can see at a glance what they have paid and what is outstanding.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.billing.account import credit_as_of, refunds
from microoffice.core.billing.ledger import InvoiceRow, bucket, invoice_rows
from microoffice.core.billing.payments import PaymentMethod
from microoffice.core.billing.supplier import Supplier, supplier_of
from microoffice.core.errors import NotFoundError
from microoffice.core.models.billing import Invoice, Payment
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.services.business import get_business
from microoffice.core.vocabulary import format_date


@dataclass(frozen=True)
class StatementLine:
    day: date
    kind: str  # invoice | credit_note | payment | refund
    reference: str
    description: str
    debit_pence: int
    credit_pence: int
    balance_pence: int


@dataclass(frozen=True)
class Statement:
    supplier: Supplier
    payer_name: str
    payer_address: str
    start: date
    end: date
    opening_pence: int
    lines: tuple[StatementLine, ...]
    overdue: tuple[InvoiceRow, ...]
    aged: tuple[int, int, int, int]
    credit_pence: int = 0  # paid but not yet used by an invoice, at the statement's end

    @property
    def closing_pence(self) -> int:
        return self.lines[-1].balance_pence if self.lines else self.opening_pence


@needs(Right.MONEY)
def payer_address(session: Session, payer_name: str) -> str:
    found = session.scalar(
        select(Invoice.payer_address)
        .where(Invoice.payer_name == payer_name, Invoice.status != "draft")
        .order_by(Invoice.issued_on.desc(), Invoice.id.desc())
        .limit(1)
    )
    if found is None:
        raise NotFoundError(f"No invoice has been issued to '{payer_name}'.")
    return found


@needs(Right.MONEY)
def statement(session: Session, payer_name: str, start: date, end: date) -> Statement:
    """Everything billed to and paid by one payer between the dates, with a running balance."""
    address = payer_address(session, payer_name)
    rows = invoice_rows(session, payer_name=payer_name, end=end)
    payments = list(
        session.scalars(
            select(Payment)
            .where(Payment.payer_name == payer_name, Payment.received_on <= end)
            .order_by(Payment.received_on, Payment.id)
        )
    )
    opening = 0
    events: list[tuple[date, int, str, str, str, int, int]] = []
    for row in rows:
        day = row.issued_on or row.period_end
        amount = row.total_pence
        if day < start:
            opening += amount
            continue
        if row.kind == "credit_note":
            what = f"Credit note for {row.client_name}"
            events.append((day, 1, row.kind, row.number, what, 0, -amount))
        else:
            what = f"Care for {row.client_name}, {row.period_start:%d/%m} to {format_date(row.period_end)}"
            if row.status == "void":
                what += " (void)"
            events.append((day, 0, row.kind, row.number, what, amount, 0))
    known = {m.value for m in PaymentMethod}
    for p in payments:
        if p.received_on < start:
            opening -= p.amount_pence
            continue
        method = PaymentMethod(p.method).label if p.method in known else p.method
        what = f"Payment received, {method.lower()}" + (f" ({p.reference})" if p.reference else "")
        events.append((p.received_on, 2, "payment", p.reference, what, 0, p.amount_pence))
    for back in refunds(session, payer_name, end=end):
        if back.refunded_on < start:
            opening += back.amount_pence
            continue
        method = PaymentMethod(back.method).label if back.method in known else back.method
        what = f"Refund of credit on account, {method.lower()}" + (
            f" ({back.reference})" if back.reference else ""
        )
        events.append((back.refunded_on, 3, "refund", back.reference, what, back.amount_pence, 0))
    events.sort(key=lambda e: (e[0], e[1], e[3]))
    balance, lines = opening, []
    for day, _, kind, ref, what, debit, credit_ in events:
        balance += debit - credit_
        lines.append(StatementLine(day, kind, ref, what, debit, credit_, balance))
    today = min(end, clock.today())
    open_rows = [r for r in rows if r.kind == "invoice" and r.balance_pence > 0]
    overdue = tuple(r for r in open_rows if r.due_on is not None and r.due_on < today)
    aged = [0, 0, 0, 0]
    for r in open_rows:
        if r.issued_on is not None:
            aged[bucket((today - r.issued_on).days)] += r.balance_pence
    return Statement(
        supplier=supplier_of(get_business(session)),
        payer_name=payer_name,
        payer_address=address,
        start=start,
        end=end,
        opening_pence=opening,
        lines=tuple(lines),
        overdue=overdue,
        aged=(aged[0], aged[1], aged[2], aged[3]),
        credit_pence=credit_as_of(session, payer_name, end),
    )
