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

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.billing.credit import get_invoice
from microoffice.core.billing.ledger import InvoiceRow, invoice_row, invoice_rows, refresh_status
from microoffice.core.billing.numbering import display_number
from microoffice.core.errors import UserError, ValidationError
from microoffice.core.models.billing import Invoice, Payment, PaymentAllocation, Refund
from microoffice.core.models.clients import Client
from microoffice.core.money import format_gbp
from microoffice.core.readers.numbers import read_money
from microoffice.core.services.forms import Checker


@dataclass(frozen=True)
class CreditRow:
    """Credit held for one payer (and one client, when the payments were recorded for one)."""

    payer_name: str
    client_id: int | None
    client_name: str
    credit_pence: int
    since: date  # the oldest payment that still has money left

    @property
    def id(self) -> int:
        """A stable key for lists (payers have no id of their own)."""
        return hash((self.payer_name, self.client_id)) & 0x7FFFFFFF

    @property
    def who(self) -> str:
        """The payer, and the client when the name on the invoices does not already say it."""
        if not self.client_name or self.client_name in self.payer_name:
            return self.payer_name
        return f"{self.payer_name} (for {self.client_name})"


def used_per_payment(session: Session, payment_ids: list[int]) -> dict[int, int]:
    """Pence of each payment already allocated to invoices or refunded."""
    used: dict[int, int] = defaultdict(int)
    for chunk in range(0, len(payment_ids), 900):
        part = payment_ids[chunk : chunk + 900]
        for table in (PaymentAllocation, Refund):
            for pid, pence in session.execute(
                select(table.payment_id, func.sum(table.amount_pence))
                .where(table.payment_id.in_(part))
                .group_by(table.payment_id)
            ):
                used[pid] += int(pence)
    return used


def left_on(session: Session, payment: Payment) -> int:
    """What is left of one payment: not allocated to an invoice and not refunded."""
    return payment.amount_pence - used_per_payment(session, [payment.id]).get(payment.id, 0)


def _payments(
    session: Session, payer_name: str | None, client_id: int | None, *, usable_for: bool
) -> list[Payment]:
    stmt = select(Payment).order_by(Payment.received_on, Payment.id)
    if payer_name is not None:
        stmt = stmt.where(Payment.payer_name == payer_name)
    if client_id is not None:
        if usable_for:  # money for this client, or for no client in particular
            stmt = stmt.where(or_(Payment.client_id == client_id, Payment.client_id.is_(None)))
        else:
            stmt = stmt.where(Payment.client_id == client_id)
    return list(session.scalars(stmt))


def with_money_left(
    session: Session, payer_name: str, client_id: int | None = None
) -> list[tuple[Payment, int]]:
    """Payments of this payer with money left, oldest first, that may pay this client's invoices
    (every client's, when client_id is None)."""
    found = _payments(session, payer_name, client_id, usable_for=True)
    used = used_per_payment(session, [p.id for p in found])
    out = [(p, p.amount_pence - used.get(p.id, 0)) for p in found]
    return [(p, left) for p, left in out if left > 0]


def credit_on_account(session: Session, payer_name: str, client_id: int | None = None) -> int:
    return sum(left for _, left in with_money_left(session, payer_name, client_id))


def credit_rows(
    session: Session, *, client_id: int | None = None, payer_name: str | None = None
) -> list[CreditRow]:
    """Credit on account per payer (and client), largest first.

    With client_id: the credit that could be used on that client's invoices: payments recorded
    for them, and payments recorded for no client by a payer who has invoiced them.
    """
    if client_id is not None:
        payers = set(
            session.scalars(
                select(Invoice.payer_name).where(
                    Invoice.client_id == client_id, Invoice.status != "draft"
                )
            )
        )
        found = [
            p
            for p in _payments(session, payer_name, client_id, usable_for=True)
            if p.client_id == client_id or p.payer_name in payers
        ]
    else:
        found = _payments(session, payer_name, None, usable_for=False)
    used = used_per_payment(session, [p.id for p in found])
    totals: dict[tuple[str, int | None], list[int]] = {}
    since: dict[tuple[str, int | None], date] = {}
    for p in found:
        left = p.amount_pence - used.get(p.id, 0)
        if left <= 0:
            continue
        key = (p.payer_name, p.client_id)
        totals.setdefault(key, [0])[0] += left
        since[key] = min(since.get(key, p.received_on), p.received_on)
    ids = {cid for _, cid in totals if cid is not None}
    names = {c.id: c.full_name for c in session.scalars(select(Client).where(Client.id.in_(ids)))}
    rows = [
        CreditRow(payer, cid, names.get(cid, "") if cid else "", pence[0], since[(payer, cid)])
        for (payer, cid), pence in totals.items()
    ]
    return sorted(rows, key=lambda r: (-r.credit_pence, r.payer_name, r.client_name))


def credit_as_of(session: Session, payer_name: str, day: date) -> int:
    """The payer's credit on account at the end of a day: payments received by then, less what
    had been allocated (by when the allocation was recorded) and refunded by then."""
    from microoffice.core.clock import to_utc

    until = to_utc(day + timedelta(days=1), time(0))
    found = [
        p for p in _payments(session, payer_name, None, usable_for=False) if p.received_on <= day
    ]
    ids = [p.id for p in found]
    used: dict[int, int] = defaultdict(int)
    for chunk in range(0, len(ids), 900):
        part = ids[chunk : chunk + 900]
        for pid, pence in session.execute(
            select(PaymentAllocation.payment_id, func.sum(PaymentAllocation.amount_pence))
            .where(PaymentAllocation.payment_id.in_(part), PaymentAllocation.created_at < until)
            .group_by(PaymentAllocation.payment_id)
        ):
            used[pid] += int(pence)
        for pid, pence in session.execute(
            select(Refund.payment_id, func.sum(Refund.amount_pence))
            .where(Refund.payment_id.in_(part), Refund.refunded_on <= day)
            .group_by(Refund.payment_id)
        ):
            used[pid] += int(pence)
    return sum(max(0, p.amount_pence - used[p.id]) for p in found)


def payer_credit(session: Session, payer_name: str) -> CreditRow | None:
    """All of one payer's credit as one row (for one client only if it is all that client's)."""
    rows = credit_rows(session, payer_name=payer_name)
    if not rows:
        return None
    if len(rows) == 1:
        return rows[0]
    total = sum(r.credit_pence for r in rows)
    return CreditRow(payer_name, None, "", total, min(r.since for r in rows))


def credit_by_payer(session: Session) -> dict[str, int]:
    """Credit on account per payer name (all clients together), for the arrears list."""
    out: dict[str, int] = defaultdict(int)
    for row in credit_rows(session):
        out[row.payer_name] += row.credit_pence
    return dict(out)


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


def credit_at_issue(session: Session, invoice_id: int) -> int:
    """Pence taken off the invoice from credit on account when it was issued (printed on it)."""
    return int(
        session.scalar(
            select(func.coalesce(func.sum(PaymentAllocation.amount_pence), 0)).where(
                PaymentAllocation.invoice_id == invoice_id,
                PaymentAllocation.credit_at_issue.is_(True),
            )
        )
        or 0
    )


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


def client_account(session: Session, client_id: int) -> ClientAccount:
    rows = invoice_rows(session, client_id=client_id)
    credit = credit_rows(session, client_id=client_id)
    back = refunds(session, client_id=client_id)
    owed = sum(r.balance_pence for r in rows if r.balance_pence > 0)
    return ClientAccount(owed, tuple(credit), tuple(rows), tuple(back))
