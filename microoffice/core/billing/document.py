"""One invoice or credit note read into frozen data, ready to print (reports/invoice.py).

Kept apart from the layout so the window, the PDF and the tests all read the same figures, and so
this part needs no reportlab. Everything §9.2 of DOMAIN.md requires on an invoice is gathered here:
supplier and customer details, supply dates, description, amounts, VAT, total.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core.billing.balances import credit_at_issue
from microoffice.core.billing.numbering import display_number
from microoffice.core.billing.supplier import Supplier, supplier_of
from microoffice.core.billing.vat import CATEGORY_LABELS
from microoffice.core.errors import NotFoundError
from microoffice.core.models.billing import Invoice, InvoiceDocument, InvoiceLine
from microoffice.core.models.clients import Client, FundingArrangement
from microoffice.core.models.enums import VatCategory
from microoffice.core.money import format_gbp
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.services.business import get_business
from microoffice.core.vocabulary import format_date

NO_VAT = VatCategory.NOT_REGISTERED.value


@dataclass(frozen=True)
class Row:
    day: date | None
    weekday: str
    planned: str
    actual: str
    minutes: int
    staff: int
    rate: str
    enhancement: str
    description: str
    amount_pence: int
    vat_category: str
    kind: str
    basis: str = "planned"


@dataclass(frozen=True)
class InvoiceDoc:
    kind: str
    layout: str
    number: str
    status: str
    issued_on: date | None
    due_on: date | None
    period_start: date
    period_end: date
    supplier: Supplier
    payer_name: str
    payer_address: str
    payer_reference: str
    client_name: str
    rows: tuple[Row, ...]
    subtotal_pence: int
    vat_pence: int
    total_pence: int
    by_category: tuple[tuple[str, int], ...]
    by_rate_type: tuple[tuple[str, int, int], ...]  # label, minutes, pence
    basis: str
    original: str  # credit notes: "INV-000012 of 04/01/2027"
    reason: str
    terms: str = ""  # "Terms: statement of terms and fees version 2 given 04/01/2027" (Reg 19)
    credit_pence: int = 0  # credit on account taken off when it was issued ("Less credit...")

    @property
    def amount_due_pence(self) -> int:
        """What the payer is asked to pay: the total less credit already on their account."""
        return self.total_pence - self.credit_pence

    @property
    def visit_count(self) -> int:
        return len({(r.day, r.planned) for r in self.rows if r.kind in ("visit", "fixed")})

    @property
    def vat_registered(self) -> bool:
        return bool(self.supplier.vat_number)

    @property
    def title(self) -> str:
        return f"{'Credit note' if self.kind == 'credit_note' else 'Invoice'} {self.number}"


def _rate_text(line: InvoiceLine) -> str:
    unit = (line.detail or {}).get("unit", "hour")
    if unit == "mile":
        return f"{line.unit_rate_pence}p/mile"
    if unit == "visit":
        return f"{format_gbp(line.unit_rate_pence)}/visit"
    if unit == "item":
        return format_gbp(line.unit_rate_pence)
    return f"{format_gbp(line.unit_rate_pence)}/h"


def _row(line: InvoiceLine) -> Row:
    d = line.detail or {}
    actual = d.get("actual", "")
    if line.line_kind == "cancellation":
        actual = "cancelled"
    return Row(
        day=line.day,
        weekday=f"{line.day:%a}" if line.day else "",
        planned=d.get("planned", ""),
        actual=actual,
        minutes=line.quantity_minutes,
        staff=line.staff_count,
        rate=_rate_text(line),
        enhancement=line.enhancement,
        description=line.description,
        amount_pence=line.amount_pence,
        vat_category=line.vat_category,
        kind=line.line_kind,
        basis=d.get("basis", "planned"),
    )


def _rate_types(lines: list[InvoiceLine]) -> tuple[tuple[str, int, int], ...]:
    groups: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for line in lines:
        if line.line_kind == "mileage":
            label = "Mileage"
        elif line.line_kind == "cancellation":
            label = "Cancellations"
        elif line.line_kind == "fixed":
            label = line.description.split(" (")[0]
        else:
            label = line.enhancement or "Standard rate"
        groups[label][0] += line.quantity_minutes * max(1, line.staff_count)
        groups[label][1] += line.amount_pence
    return tuple((label, m, p) for label, (m, p) in groups.items())


def _basis(lines: list[InvoiceLine]) -> str:
    used = {(line.detail or {}).get("basis") for line in lines if line.line_kind == "visit"}
    used.discard(None)
    if used == {"actual"}:
        return "Visits are charged on the actual times recorded."
    if used == {"planned"}:
        return "Visits are charged on the planned (booked) times."
    return "Visits are charged on actual times where recorded, otherwise planned times."


@needs(Right.MONEY)
def collect(session: Session, invoice_id: int) -> InvoiceDoc:
    inv = session.get(Invoice, invoice_id)
    if inv is None:
        raise NotFoundError(f"There is no invoice with id {invoice_id}.")
    lines = list(
        session.scalars(
            select(InvoiceLine)
            .where(InvoiceLine.invoice_id == inv.id)
            .order_by(InvoiceLine.day, InvoiceLine.id)
        )
    )
    client = session.get(Client, inv.client_id)
    by_cat: dict[str, int] = defaultdict(int)
    for line in lines:
        by_cat[line.vat_category] += line.amount_pence
    original = ""
    if inv.credit_for_id is not None:
        first = session.get(Invoice, inv.credit_for_id)
        if first is not None:
            when = f" of {format_date(first.issued_on)}" if first.issued_on else ""
            original = display_number(first.series, first.number) + when
    return InvoiceDoc(
        kind=inv.kind,
        layout=inv.layout,
        number=display_number(inv.series, inv.number),
        status=inv.status,
        issued_on=inv.issued_on,
        due_on=inv.due_on,
        period_start=inv.period_start,
        period_end=inv.period_end,
        supplier=supplier_of(get_business(session)),
        payer_name=inv.payer_name,
        payer_address=inv.payer_address,
        payer_reference=inv.payer_reference,
        client_name=client.full_name if client else "",
        rows=tuple(_row(line) for line in lines),
        subtotal_pence=inv.subtotal_pence,
        vat_pence=inv.vat_pence,
        total_pence=inv.total_pence,
        by_category=tuple(sorted(by_cat.items())),
        by_rate_type=_rate_types(lines),
        basis=_basis(lines),
        original=original,
        reason=inv.reason,
        terms=_terms_line(session, inv),
        credit_pence=credit_at_issue(session, inv.id) if inv.kind == "invoice" else 0,
    )


def _terms_line(session: Session, inv: Invoice) -> str:
    """For an invoice to a person paying for their own care (self-funded or direct payment),
    the Reg 19 statement it was issued under; nothing for councils, or when none was given."""
    from microoffice.core.billing.fee_statements import PAYS_PRIVATELY, invoice_reference

    if inv.kind != "invoice" or inv.issued_on is None or inv.funding_id is None:
        return ""
    funding = session.get(FundingArrangement, inv.funding_id)
    if funding is None or funding.funding_type not in PAYS_PRIVATELY:
        return ""
    return invoice_reference(session, inv.client_id, inv.issued_on, inv.created_at)


def category_label(category: str) -> str:
    return CATEGORY_LABELS.get(category, category)


@needs(Right.MONEY)
def stored_pdf(session: Session, invoice_id: int) -> bytes:
    """The PDF exactly as it was issued."""
    found = session.scalar(
        select(InvoiceDocument.pdf).where(InvoiceDocument.invoice_id == invoice_id)
    )
    if found is None:
        raise NotFoundError("This invoice has no stored document (it has not been issued).")
    return bytes(found)
