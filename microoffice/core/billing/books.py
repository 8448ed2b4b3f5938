"""The owner's books: the accountant's CSV, quarterly income, mileage allowance, monthly chart.

The CSV uses the column names of Xero's sales-invoice import template (amounts exclusive of VAT,
one row per line, credit notes as negative amounts), which Sage and QuickBooks importers can also
map. Quarterly totals follow Making Tax Digital's standard quarters (6 April to 5 July ...).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.billing.ledger import invoice_rows
from microoffice.core.billing.numbering import display_number
from microoffice.core.exports.csv_cells import csv_text
from microoffice.core.models.billing import (
    Invoice,
    InvoiceLine,
    Payment,
    PaymentAllocation,
    Refund,
)
from microoffice.core.models.enums import VatCategory
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.services.business import get_setting
from microoffice.core.vocabulary import format_date

XERO_COLUMNS = (
    "*ContactName",
    "EmailAddress",
    "POAddressLine1",
    "POAddressLine2",
    "POAddressLine3",
    "POAddressLine4",
    "POCity",
    "PORegion",
    "POPostalCode",
    "POCountry",
    "*InvoiceNumber",
    "Reference",
    "*InvoiceDate",
    "*DueDate",
    "InventoryItemCode",
    "*Description",
    "*Quantity",
    "*UnitAmount",
    "Discount",
    "*AccountCode",
    "*TaxType",
    "TrackingName1",
    "TrackingOption1",
    "TrackingName2",
    "TrackingOption2",
    "Currency",
    "BrandingTheme",
)
XERO_TAX = {
    VatCategory.EXEMPT_WELFARE.value: "Exempt Income",
    VatCategory.STANDARD_20.value: "20% (VAT on Income)",
    VatCategory.OUTSIDE_SCOPE.value: "No VAT",
    VatCategory.NOT_REGISTERED.value: "No VAT",
}


def _pounds(pence: int) -> str:
    return f"{Decimal(pence) / 100:.2f}"


@needs(Right.MONEY)
def xero_rows(session: Session, start: date, end: date) -> list[dict[str, str]]:
    """One row per invoice line issued between the dates, credit notes as negative amounts."""
    account = str(get_setting(session, "books_sales_account_code", "200"))
    out = []
    invoices = session.scalars(
        select(Invoice)
        .where(Invoice.status != "draft", Invoice.issued_on >= start, Invoice.issued_on <= end)
        .order_by(Invoice.issued_on, Invoice.series, Invoice.number)
    )
    for inv in invoices:
        address = [p for p in inv.payer_address.splitlines() if p.strip()]
        postcode = address.pop() if address and any(ch.isdigit() for ch in address[-1]) else ""
        lines = session.scalars(
            select(InvoiceLine).where(InvoiceLine.invoice_id == inv.id).order_by(InvoiceLine.id)
        )
        for line in lines:
            row = dict.fromkeys(XERO_COLUMNS, "")
            row |= {
                "*ContactName": inv.payer_name,
                "POPostalCode": postcode,
                "POCountry": "United Kingdom",
                "*InvoiceNumber": display_number(inv.series, inv.number),
                "Reference": inv.payer_reference,
                "*InvoiceDate": f"{format_date(inv.issued_on)}",
                "*DueDate": f"{format_date(inv.due_on or inv.issued_on)}",
                "*Description": (f"{format_date(line.day)} " if line.day else "")
                + line.description,
                "*Quantity": "1",
                "*UnitAmount": _pounds(line.amount_pence),
                "*AccountCode": account,
                "*TaxType": XERO_TAX.get(line.vat_category, "No VAT"),
                "Currency": "GBP",
            }
            for n, part in enumerate(address[:4], start=1):
                row[f"POAddressLine{n}"] = part
            out.append(row)
    return out


@needs(Right.MONEY)
def xero_csv(session: Session, start: date, end: date) -> str:
    """The accountant's CSV; no cell can be a live formula (core/exports/csv_cells.py)."""
    return csv_text(XERO_COLUMNS, xero_rows(session, start, end))


def mtd_quarters(tax_year_start: int) -> list[tuple[date, date]]:
    """The four standard MTD quarters of the tax year starting 6 April of the given year."""
    y = tax_year_start
    return [
        (date(y, 4, 6), date(y, 7, 5)),
        (date(y, 7, 6), date(y, 10, 5)),
        (date(y, 10, 6), date(y + 1, 1, 5)),
        (date(y + 1, 1, 6), date(y + 1, 4, 5)),
    ]


def tax_year_of(day: date) -> int:
    return day.year if day >= date(day.year, 4, 6) else day.year - 1


@dataclass(frozen=True)
class QuarterIncome:
    start: date
    end: date
    invoiced_pence: int  # net of credit notes, excluding VAT
    received_pence: int  # payments received, less refunds paid (cash basis)
    vat_pence: int


@needs(Right.MONEY)
def quarterly_income(session: Session, tax_year_start: int) -> list[QuarterIncome]:
    out = []
    for start, end in mtd_quarters(tax_year_start):
        invoiced, vat = session.execute(
            select(
                func.coalesce(func.sum(Invoice.subtotal_pence), 0),
                func.coalesce(func.sum(Invoice.vat_pence), 0),
            ).where(Invoice.status != "draft", Invoice.issued_on.between(start, end))
        ).one()
        received = session.scalar(
            select(func.coalesce(func.sum(Payment.amount_pence), 0)).where(
                Payment.received_on.between(start, end)
            )
        )
        refunded = session.scalar(  # credit on account paid back is money out again
            select(func.coalesce(func.sum(Refund.amount_pence), 0)).where(
                Refund.refunded_on.between(start, end)
            )
        )
        cash = int(received or 0) - int(refunded or 0)
        out.append(QuarterIncome(start, end, int(invoiced), cash, int(vat)))
    return out


@dataclass(frozen=True)
class MonthPoint:
    month: date  # first of the month
    invoiced_pence: int
    received_pence: int
    arrears_pence: int  # overdue and unpaid at the month's end


@needs(Right.MONEY)
def monthly_income_and_arrears(
    session: Session, months: int = 12, on: date | None = None
) -> list[MonthPoint]:
    """For the chart: income invoiced and received per month, and what was overdue at each end."""
    today = on or clock.today()
    first = date(today.year, today.month, 1)
    starts = []
    for _ in range(months):
        starts.append(first)
        first = (first - timedelta(days=1)).replace(day=1)
    starts.reverse()
    rows = invoice_rows(session, end=today)
    payments = [
        *session.execute(select(Payment.received_on, Payment.amount_pence)).all(),
        *(
            (day, -pence)
            for day, pence in session.execute(select(Refund.refunded_on, Refund.amount_pence))
        ),
    ]
    paid: dict[int, list[tuple[date, int]]] = defaultdict(list)
    for invoice_id, day, pence in session.execute(
        select(
            PaymentAllocation.invoice_id, Payment.received_on, PaymentAllocation.amount_pence
        ).join(Payment, Payment.id == PaymentAllocation.payment_id)
    ):
        paid[invoice_id].append((day, pence))
    out = []
    for month in starts:
        nxt = (month + timedelta(days=32)).replace(day=1)
        end = min(nxt - timedelta(days=1), today)
        invoiced = sum(r.total_pence for r in rows if r.issued_on and month <= r.issued_on < nxt)
        received = sum(p for d, p in payments if month <= d < nxt)
        arrears = 0
        for r in rows:
            if r.kind != "invoice" or r.status == "void" or not r.due_on or r.due_on >= end:
                continue
            paid_then = sum(p for d, p in paid.get(r.invoice_id, []) if d <= end)
            arrears += max(0, r.total_pence - r.credited_pence - paid_then)
        out.append(MonthPoint(month, invoiced, received, arrears))
    return out
