"""Credit on account, as the payments, their allocations and their refunds leave it: read only.

Kept apart from account.py (which writes: uses credit, refunds it) so the ledger, the payments
and the invoice document can ask what credit there is without importing what issues invoices.
Nothing is stored as "credit", so it can never disagree with the money (account.py says more).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, time, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from microoffice.core.models.billing import Invoice, Payment, PaymentAllocation, Refund
from microoffice.core.models.clients import Client
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right


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


@needs(Right.MONEY)
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


@needs(Right.MONEY)
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


@needs(Right.MONEY)
def with_money_left(
    session: Session, payer_name: str, client_id: int | None = None
) -> list[tuple[Payment, int]]:
    """Payments of this payer with money left, oldest first, that may pay this client's invoices
    (every client's, when client_id is None)."""
    found = _payments(session, payer_name, client_id, usable_for=True)
    used = used_per_payment(session, [p.id for p in found])
    out = [(p, p.amount_pence - used.get(p.id, 0)) for p in found]
    return [(p, left) for p, left in out if left > 0]


@needs(Right.MONEY)
def credit_on_account(session: Session, payer_name: str, client_id: int | None = None) -> int:
    return sum(left for _, left in with_money_left(session, payer_name, client_id))


@needs(Right.MONEY)
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


@needs(Right.MONEY)
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


@needs(Right.MONEY)
def payer_credit(session: Session, payer_name: str) -> CreditRow | None:
    """All of one payer's credit as one row (for one client only if it is all that client's)."""
    rows = credit_rows(session, payer_name=payer_name)
    if not rows:
        return None
    if len(rows) == 1:
        return rows[0]
    total = sum(r.credit_pence for r in rows)
    return CreditRow(payer_name, None, "", total, min(r.since for r in rows))


@needs(Right.MONEY)
def credit_by_payer(session: Session) -> dict[str, int]:
    """Credit on account per payer name (all clients together), for the arrears list."""
    out: dict[str, int] = defaultdict(int)
    for row in credit_rows(session):
        out[row.payer_name] += row.credit_pence
    return dict(out)


@needs(Right.MONEY)
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
