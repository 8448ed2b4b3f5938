"""What is owed: balances, payment states, overdue invoices and aged debt.

An invoice's balance is its total, less credit notes against it, less payments allocated to it.
"Overdue" is not stored: it depends on today, so it is worked out when asked.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.billing.numbering import display_number
from microoffice.core.models.billing import Invoice, PaymentAllocation
from microoffice.core.models.clients import Client
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right

BUCKETS = ("0-30", "31-60", "61-90", "90+")


@dataclass(frozen=True)
class InvoiceRow:
    invoice_id: int
    kind: str
    number: str
    client_id: int
    client_name: str
    payer_name: str
    layout: str
    issued_on: date | None
    due_on: date | None
    period_start: date
    period_end: date
    total_pence: int
    credited_pence: int
    paid_pence: int
    status: str

    @property
    def id(self) -> int:
        return self.invoice_id

    @property
    def balance_pence(self) -> int:
        if self.kind != "invoice" or self.status == "void":
            return 0
        return self.total_pence - self.credited_pence - self.paid_pence

    def state(self, on: date | None = None) -> str:
        """Draft, issued, part paid, paid, overdue, void, or credit note, in words."""
        if self.kind == "credit_note":
            return "credit note"
        if self.status == "void":
            return "void"
        if self.status == "draft":
            return "draft"
        if self.balance_pence <= 0:
            return "paid"
        day = on or clock.today()
        if self.due_on is not None and self.due_on < day:
            return "overdue"
        return "part paid" if self.paid_pence or self.credited_pence else "issued"


def _sums(session: Session, ids: list[int]) -> tuple[dict[int, int], dict[int, int]]:
    paid: dict[int, int] = defaultdict(int)
    credited: dict[int, int] = defaultdict(int)
    for chunk in range(0, len(ids), 900):
        part = ids[chunk : chunk + 900]
        for iid, pence in session.execute(
            select(PaymentAllocation.invoice_id, func.sum(PaymentAllocation.amount_pence))
            .where(PaymentAllocation.invoice_id.in_(part))
            .group_by(PaymentAllocation.invoice_id)
        ):
            paid[iid] = int(pence)
        for cid, pence in session.execute(
            select(Invoice.credit_for_id, func.sum(Invoice.total_pence))
            .where(Invoice.credit_for_id.in_(part), Invoice.status != "draft")
            .group_by(Invoice.credit_for_id)
        ):
            if cid is not None:
                credited[cid] = -int(pence)
    return paid, credited


@needs(Right.MONEY)
def invoice_rows(
    session: Session,
    *,
    client_id: int | None = None,
    payer_name: str | None = None,
    start: date | None = None,
    end: date | None = None,
    include_credit_notes: bool = True,
) -> list[InvoiceRow]:
    """Issued invoices (and credit notes), newest first, with what has been paid on each."""
    stmt = (
        select(Invoice, Client)
        .join(Client, Client.id == Invoice.client_id)
        .where(Invoice.status != "draft")
    )
    if client_id is not None:
        stmt = stmt.where(Invoice.client_id == client_id)
    if payer_name is not None:
        stmt = stmt.where(Invoice.payer_name == payer_name)
    if start is not None:
        stmt = stmt.where(Invoice.issued_on >= start)
    if end is not None:
        stmt = stmt.where(Invoice.issued_on <= end)
    if not include_credit_notes:
        stmt = stmt.where(Invoice.kind == "invoice")
    found = session.execute(stmt.order_by(Invoice.issued_on.desc(), Invoice.id.desc())).all()
    paid, credited = _sums(session, [inv.id for inv, _ in found])
    return [
        InvoiceRow(
            invoice_id=inv.id,
            kind=inv.kind,
            number=display_number(inv.series, inv.number),
            client_id=inv.client_id,
            client_name=client.full_name,
            payer_name=inv.payer_name,
            layout=inv.layout,
            issued_on=inv.issued_on,
            due_on=inv.due_on,
            period_start=inv.period_start,
            period_end=inv.period_end,
            total_pence=inv.total_pence,
            credited_pence=credited.get(inv.id, 0),
            paid_pence=paid.get(inv.id, 0),
            status=inv.status,
        )
        for inv, client in found
    ]


@needs(Right.MONEY)
def invoice_row(session: Session, invoice_id: int) -> InvoiceRow:
    from microoffice.core.billing.lookup import get_invoice

    inv = get_invoice(session, invoice_id)
    rows = invoice_rows(session, client_id=inv.client_id)
    return next(r for r in rows if r.invoice_id == invoice_id)


@needs(Right.MONEY)
def balance(session: Session, invoice_id: int) -> int:
    return invoice_row(session, invoice_id).balance_pence


@needs(Right.MONEY)
def refresh_status(session: Session, invoice: Invoice) -> None:
    """Keep the stored payment status (issued, part_paid, paid) in step with the money."""
    if invoice.kind != "invoice" or invoice.status in ("draft", "void"):
        return
    paid, credited = _sums(session, [invoice.id])
    owed = invoice.total_pence - credited.get(invoice.id, 0) - paid.get(invoice.id, 0)
    if owed <= 0:
        status = "paid"
    elif paid.get(invoice.id, 0) > 0:
        status = "part_paid"
    else:
        status = "issued"
    if invoice.status != status:
        invoice.status = status
        session.flush()


@dataclass(frozen=True)
class AgedDebt:
    payer_name: str
    buckets: tuple[int, int, int, int]  # pence 0-30, 31-60, 61-90, 90+ days since the invoice date
    credit_pence: int = 0  # money paid that no invoice has used yet (billing/account.py)

    @property
    def id(self) -> int:
        return hash(self.payer_name) & 0x7FFFFFFF

    @property
    def total_pence(self) -> int:
        return sum(self.buckets)


def bucket(days: int) -> int:
    if days <= 30:
        return 0
    if days <= 60:
        return 1
    if days <= 90:
        return 2
    return 3


@needs(Right.MONEY)
def aged_debt(session: Session, on: date | None = None) -> list[AgedDebt]:
    """Unpaid balances per payer, by how long ago each invoice was issued, with the credit on
    account each payer holds; a payer who owes nothing but holds credit is listed too."""
    from microoffice.core.billing.balances import credit_by_payer

    day = on or clock.today()
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for row in invoice_rows(session, end=day, include_credit_notes=False):
        if row.balance_pence <= 0 or row.issued_on is None:
            continue
        totals[row.payer_name][bucket((day - row.issued_on).days)] += row.balance_pence
    credit = credit_by_payer(session)
    for name in credit:  # a payer in credit who owes nothing still has a row
        totals.setdefault(name, [0, 0, 0, 0])
    out = [
        AgedDebt(name, (b[0], b[1], b[2], b[3]), credit.get(name, 0)) for name, b in totals.items()
    ]
    return sorted(out, key=lambda a: (-a.total_pence, -a.credit_pence, a.payer_name))


@needs(Right.MONEY)
def find_invoice(session: Session, number: str) -> Invoice:
    """An invoice or credit note by the number printed on it, e.g. 'INV-000012'."""
    from microoffice.core.errors import NotFoundError

    try:
        series, digits = number.strip().upper().rsplit("-", 1)
        found = session.scalar(
            select(Invoice).where(Invoice.series == series, Invoice.number == int(digits))
        )
    except ValueError:
        found = None
    if found is None:
        from microoffice.core.suggest import did_you_mean

        numbers = session.execute(select(Invoice.series, Invoice.number)).all()
        known = [display_number(series, n) for series, n in numbers]
        raise NotFoundError(
            f"There is no invoice numbered '{number}'.{did_you_mean(number, known)}"
        )
    return found


@needs(Right.MONEY)
def payer_names(session: Session) -> list[str]:
    """Everyone an invoice has been issued to, by the name on the invoice."""
    names = set(session.scalars(select(Invoice.payer_name).where(Invoice.status != "draft")))
    return sorted(n for n in names if n)


@needs(Right.MONEY)
def find_payer(session: Session, name: str) -> str:
    """A payer by the name a person typed (case and spacing aside), as it is on the invoices;
    a name no invoice was issued to is refused with the nearest real ones."""
    from microoffice.core.errors import NotFoundError
    from microoffice.core.suggest import did_you_mean, same_name

    known = payer_names(session)
    found = same_name(name, known)
    if found is None:
        raise NotFoundError(
            f"No invoice has been issued to '{name.strip()}', so there is no such payer."
            f"{did_you_mean(name, known)}"
        )
    return found
