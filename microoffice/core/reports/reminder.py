"""A payment reminder letter for one payer's overdue invoices.

Polite first, firmer once an invoice is more than 30 days overdue. Statutory late-payment interest
applies only between businesses (a council, a company), never to a family or a direct-payment
holder, so the letter only mentions it to business payers (DOMAIN.md 9.6).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from io import BytesIO
from typing import Any, BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Spacer
from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.billing.ledger import InvoiceRow, invoice_rows
from microoffice.core.billing.statements import payer_address
from microoffice.core.billing.supplier import Supplier, supplier_of
from microoffice.core.errors import UserError
from microoffice.core.models.billing import Invoice
from microoffice.core.money import format_gbp
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.reports import styles
from microoffice.core.reports.statement import address_block
from microoffice.core.services.business import get_business
from microoffice.core.vocabulary import format_date

FIRM_AFTER_DAYS = 30


@dataclass(frozen=True)
class Reminder:
    supplier: Supplier
    payer_name: str
    payer_address: str
    business_payer: bool
    on: date
    overdue: tuple[InvoiceRow, ...]

    @property
    def total_pence(self) -> int:
        return sum(r.balance_pence for r in self.overdue)

    @property
    def most_days(self) -> int:
        return max((self.on - r.due_on).days for r in self.overdue if r.due_on)


@needs(Right.MONEY)
def collect(session: Session, payer_name: str, on: date | None = None) -> Reminder:
    day = on or clock.today()
    rows = invoice_rows(session, payer_name=payer_name, include_credit_notes=False)
    overdue = tuple(
        sorted(
            (r for r in rows if r.balance_pence > 0 and r.due_on is not None and r.due_on < day),
            key=lambda r: (r.issued_on or day, r.number),
        )
    )
    if not overdue:
        raise UserError(f"{payer_name} has no overdue invoices, so no reminder is needed.")
    layouts = set(session.scalars(select(Invoice.layout).where(Invoice.payer_name == payer_name)))
    return Reminder(
        supplier=supplier_of(get_business(session)),
        payer_name=payer_name,
        payer_address=payer_address(session, payer_name),
        business_payer="council" in layouts,
        on=day,
        overdue=overdue,
    )


def _salutation(name: str, business: bool) -> str:
    if business:
        return "Dear Sir or Madam,"
    person = name.split(" on behalf of ")[0]
    return f"Dear {person},"


def story(data: Reminder) -> list[Any]:
    st = styles.stylesheet()
    s = data.supplier
    firm = data.most_days > FIRM_AFTER_DAYS
    out: list[Any] = [
        address_block(s.name, s.address, data.payer_name, data.payer_address),
        Spacer(1, 6 * mm),
        styles.para(f"{data.on:%d %B %Y}", st.body),
        styles.para("Final reminder: payment overdue" if firm else "Payment reminder", st.heading),
        styles.para(_salutation(data.payer_name, data.business_payer), st.body),
    ]
    if firm:
        opening = (
            "Our records show that the invoices below are now more than a month overdue. "
            "Please pay the balance within 7 days, or contact us to agree a plan if that is "
            "difficult."
        )
    else:
        opening = (
            "Our records show that the invoices below have not yet been paid. We would be "
            "grateful if you could pay them, or let us know if there is a problem with any of "
            "them."
        )
    out.append(styles.para(opening, st.body))
    rows = [
        [
            r.number,
            format_date(r.issued_on),
            format_date(r.due_on),
            format_gbp(r.total_pence),
            format_gbp(r.paid_pence + r.credited_pence),
            format_gbp(r.balance_pence),
        ]
        for r in data.overdue
    ]
    rows.append(["Total outstanding", "", "", "", "", format_gbp(data.total_pence)])
    out.append(
        styles.data_table(
            ["Invoice", "Date", "Was due", "Amount", "Paid", "Outstanding"],
            rows,
            [40 * mm, 25 * mm, 25 * mm, 30 * mm, 28 * mm, 32 * mm],
            right=(3, 4, 5),
            total_rows=1,
        )
    )
    out.append(Spacer(1, 4 * mm))
    if s.bank:
        bank = ", ".join(f"{k} {v}" for k, v in s.bank)
        out.append(
            styles.para(
                f"You can pay by bank transfer to {bank}, quoting the invoice number.", st.body
            )
        )
    if data.business_payer and firm:
        out.append(
            styles.para(
                "We reserve the right to claim interest and compensation under the Late Payment "
                "of Commercial Debts (Interest) Act 1998.",
                st.small,
            )
        )
    out.append(
        styles.para(
            "If you have already paid, thank you, and please ignore this letter. "
            + (f"Any questions: {s.contact}." if s.contact else ""),
            st.body,
        )
    )
    out += [
        Spacer(1, 6 * mm),
        styles.para("Yours sincerely,", st.body),
        styles.para(s.name, st.body),
    ]
    return out


def render(data: Reminder, out: BinaryIO) -> None:
    setup = styles.PageSetup(
        title=f"Payment reminder: {data.payer_name}",
        business=data.supplier.name,
        printed_on=data.on,
    )
    styles.render(out, story(data), setup)


@needs(Right.MONEY)
def pdf_bytes(session: Session, payer_name: str, on: date | None = None) -> bytes:
    buffer = BytesIO()
    render(collect(session, payer_name, on), buffer)
    return buffer.getvalue()
