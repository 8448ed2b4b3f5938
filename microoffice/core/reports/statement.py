"""Statement of account per payer: brought forward, invoices, credits, payments, what is owed."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Any, BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle
from sqlalchemy.orm import Session

from microoffice.core.billing.ledger import BUCKETS
from microoffice.core.billing.statements import Statement, statement
from microoffice.core.money import format_gbp
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.reports import styles
from microoffice.core.vocabulary import format_date


@needs(Right.MONEY)
def collect(session: Session, payer_name: str, start: date, end: date) -> Statement:
    return statement(session, payer_name, start, end)


def _money(pence: int) -> str:
    return format_gbp(pence) if pence else ""


def address_block(supplier_name: str, supplier_address: str, payer: str, address: str) -> Table:
    st = styles.stylesheet()
    left = [styles.para(payer, st.cell_bold), styles.para(address, st.body)]
    right = [styles.para(supplier_name, st.cell_bold), styles.para(supplier_address, st.small)]
    table = Table([[left, right]], colWidths=[110 * mm, 70 * mm])
    table.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    )
    return table


def story(data: Statement) -> list[Any]:
    st = styles.stylesheet()
    s = data.supplier
    out: list[Any] = [
        styles.para("Statement of account", st.title),
        styles.para(f"{format_date(data.start)} to {format_date(data.end)}", st.subtitle),
        address_block(s.name, s.address, data.payer_name, data.payer_address),
        Spacer(1, 5 * mm),
    ]
    rows: list[list[str]] = [
        [
            f"{format_date(data.start)}",
            "",
            "Balance brought forward",
            "",
            "",
            format_gbp(data.opening_pence),
        ]
    ]
    for line in data.lines:
        rows.append(
            [
                f"{format_date(line.day)}",
                line.reference,
                line.description,
                _money(line.debit_pence),
                _money(line.credit_pence),
                format_gbp(line.balance_pence),
            ]
        )
    if data.closing_pence < 0:
        rows.append(["", "", "In credit", "", "", format_gbp(-data.closing_pence)])
    else:
        rows.append(["", "", "Balance owed", "", "", format_gbp(data.closing_pence)])
    out.append(
        styles.data_table(
            ["Date", "Reference", "Details", "Charged", "Paid / credited", "Balance"],
            rows,
            [25 * mm, 27 * mm, 62 * mm, 22 * mm, 22 * mm, 22 * mm],
            right=(3, 4, 5),
            total_rows=1,
        )
    )
    out.append(Spacer(1, 5 * mm))
    if any(data.aged):
        out.append(
            styles.para("How old the unpaid balance is (days since the invoice)", st.heading)
        )
        out.append(
            styles.data_table(
                [f"{b} days" for b in BUCKETS],
                [[format_gbp(p) for p in data.aged]],
                [30 * mm] * 4,
                right=(0, 1, 2, 3),
            )
        )
    out.append(Spacer(1, 3 * mm))
    if data.credit_pence:
        held = styles.facts_table(
            [("Credit on account", format_gbp(data.credit_pence))], (45 * mm, 30 * mm)
        )
        held.hAlign = "LEFT"
        out.append(held)
        out.append(
            styles.para(
                f"You have paid us {format_gbp(data.credit_pence)} that no invoice has used yet. "
                "It will be taken off your next invoice, or paid back to you if you ask.",
                st.body,
            )
        )
    if data.closing_pence > 0 and s.bank:
        bank = ", ".join(f"{k} {v}" for k, v in s.bank)
        out.append(styles.para(f"Please pay by bank transfer to {bank}.", st.body))
    if s.contact:
        out.append(styles.para(f"Questions about this statement: {s.contact}", st.small))
    return out


def render(data: Statement, out: BinaryIO) -> None:
    setup = styles.PageSetup(
        title=f"Statement: {data.payer_name}",
        business=data.supplier.name,
    )
    styles.render(out, story(data), setup)


@needs(Right.MONEY)
def pdf_bytes(session: Session, payer_name: str, start: date, end: date) -> bytes:
    buffer = BytesIO()
    render(collect(session, payer_name, start, end), buffer)
    return buffer.getvalue()
