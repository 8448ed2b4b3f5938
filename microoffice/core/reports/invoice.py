"""Invoice and credit-note PDFs: standard, direct-payment and council layouts (DOMAIN.md 9.2, 9.5).

The standard layout is written for a client's family: who, what was done and when, what it costs,
how to pay. The direct-payment and council layouts add what an auditor reconciles: one row per
visit (date, weekday, planned and actual times, minutes billed, carers, rate, enhancement, line
total) and totals by rate type. collect() lives in billing/document.py (no reportlab there).
"""

from __future__ import annotations

from io import BytesIO
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle
from sqlalchemy.orm import Session

from microoffice.core.billing.document import InvoiceDoc, Row, category_label, collect
from microoffice.core.models.enums import VatCategory
from microoffice.core.money import format_gbp
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.reports import styles
from microoffice.core.vocabulary import format_date

__all__ = ["collect", "pdf_bytes", "render", "story"]

LAYOUT_NAMES = {
    "direct_payment": "Direct payment invoice",
    "council": "Invoice for commissioned care",
    "standard": "Invoice",
}


def _money(pence: int, credit: bool) -> str:
    return format_gbp(-pence if credit and pence < 0 else pence)


def _header(doc: InvoiceDoc) -> list[Any]:
    st = styles.stylesheet()
    s = doc.supplier
    credit = doc.kind == "credit_note"
    heading = "Credit note" if credit else LAYOUT_NAMES.get(doc.layout, "Invoice")
    left = [styles.para(s.name, st.heading)]
    left += [styles.para(line, st.small) for line in s.legal_lines]
    left.append(styles.para(s.address, st.body))
    if s.contact:
        left.append(styles.para(s.contact, st.small))
    if s.vat_number:
        left.append(styles.para(f"VAT registration no. {s.vat_number}", st.small))
    if s.cqc_line:
        left.append(styles.para(s.cqc_line, st.small))
    facts = [
        (f"{'Credit note' if credit else 'Invoice'} number", doc.number),
        ("Date", format_date(doc.issued_on)),
    ]
    if credit:
        facts.append(("Credits invoice", doc.original))
    else:
        facts.append(
            ("Care provided", f"{format_date(doc.period_start)} to {format_date(doc.period_end)}")
        )
        if doc.due_on:
            facts.append(("Payment due by", format_date(doc.due_on)))
    right = [styles.para(heading, st.title)]
    right.append(styles.facts_table([(k, v) for k, v in facts if v], (33 * mm, 52 * mm)))
    top = Table([[left, right]], colWidths=[95 * mm, 85 * mm])
    top.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    )
    to = [styles.para("Bill to" if not credit else "Credit to", st.cell_small)]
    to.append(styles.rich(f"<b>{escape(doc.payer_name)}</b>", st.body))
    to.append(styles.para(doc.payer_address, st.body))
    about = [styles.para("Care for", st.cell_small), styles.para(doc.client_name, st.body)]
    if doc.payer_reference:
        about += [
            styles.para("Your reference", st.cell_small),
            styles.para(doc.payer_reference, st.body),
        ]
    if doc.layout == "direct_payment":
        about.append(styles.para("Paid from a direct payment", st.cell_small))
    parties = Table([[to, about]], colWidths=[95 * mm, 85 * mm])
    parties.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    )
    return [top, Spacer(1, 4 * mm), parties, Spacer(1, 3 * mm)]


CELL_SIZE, CELL_LEADING, PAD = 8.5, 10.5, 4


def small_table(
    header: list[str],
    rows: list[list[Any]],
    widths: list[float],
    right: tuple[int, ...],
    highlight: list[int] | None = None,
) -> Any:
    """A long table in 8.5 pt, drawn like styles.data_table.

    Cells that fit on one line are plain strings (no Paragraph), which is most of a month of
    visits and makes issuing a big run several times faster; only longer text wraps.
    """
    st = styles.stylesheet()
    regular, bold = styles.fonts()
    plain = ParagraphStyle("inv_cell", parent=st.cell, fontSize=CELL_SIZE, leading=CELL_LEADING)
    ralign = ParagraphStyle("inv_cell_r", parent=plain, alignment=TA_RIGHT)
    col_widths = [w * mm for w in widths]

    def cell(value: Any, col: int) -> Any:
        if not isinstance(value, str):
            return value
        if (
            stringWidth(value, regular, CELL_SIZE) <= col_widths[col] - 2 * PAD
            and "\n" not in value
        ):
            return value
        return styles.para(value, ralign if col in right else plain)

    head = [
        h
        if stringWidth(h, bold, CELL_SIZE) <= col_widths[c] - 2 * PAD
        else styles.para(
            h,
            ParagraphStyle(
                "inv_h", parent=plain, fontName=bold, alignment=TA_RIGHT if c in right else 0
            ),
        )
        for c, h in enumerate(header)
    ]
    body = [[cell(v, c) for c, v in enumerate(row)] for row in rows]
    table = Table([head, *body], colWidths=col_widths, repeatRows=1)
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), regular, CELL_SIZE, CELL_LEADING),
        ("FONT", (0, 0), (-1, 0), bold, CELL_SIZE, CELL_LEADING),
        ("TEXTCOLOR", (0, 0), (-1, -1), styles.INK),
        ("BACKGROUND", (0, 0), (-1, 0), styles.HEADER_BG),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, styles.RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, styles.RULE),
    ]
    commands += [("ALIGN", (c, 0), (c, -1), "RIGHT") for c in right]
    shaded = set(highlight or [])
    for r in range(len(rows)):
        if r in shaded:
            commands.append(("BACKGROUND", (0, r + 1), (-1, r + 1), styles.HIGHLIGHT_BG))
        elif r % 2 == 1:
            commands.append(("BACKGROUND", (0, r + 1), (-1, r + 1), styles.STRIPE_BG))
    table.setStyle(TableStyle(commands))
    return table


def _vat_cell(row: Row) -> str:
    return {
        VatCategory.EXEMPT_WELFARE.value: "Exempt",
        VatCategory.STANDARD_20.value: "20%",
        VatCategory.OUTSIDE_SCOPE.value: "Outside scope",
    }.get(row.vat_category, "")


def _what(row: Row) -> str:
    """What a family reads: the service, the times charged, anything special about the visit."""
    if row.kind in ("mileage",):
        return row.description
    service = row.description.split(",")[0].split(" (")[0]
    if row.kind == "cancellation":
        why = row.description.split("(", 1)[-1].rstrip(")")
        return f"{service} visit {row.planned}: {why}"
    text = service
    times = row.actual if row.basis == "actual" and row.actual else row.planned
    if times:
        text += f", {times}"
    extras = [e for e in (row.enhancement, f"{row.staff} carers" if row.staff > 1 else "") if e]
    if extras:
        text += " (" + ", ".join(extras) + ")"
    return text


def _standard_table(doc: InvoiceDoc) -> Any:
    credit = doc.kind == "credit_note"
    vat = doc.vat_registered
    header = ["Date", "Day", "Care provided", "Time", "Rate", "Amount"]
    widths = [22.5, 10.5, 83, 20, 22, 22]
    if vat:
        header.insert(5, "VAT")
        widths = [22.5, 10.5, 67, 18, 20, 20, 22]
    rows = []
    for r in doc.rows:
        time = _duration(r.minutes) if r.minutes and r.kind not in ("fixed", "mileage") else ""
        row = [
            format_date(r.day),
            r.weekday,
            _what(r),
            time,
            r.rate,
            _money(r.amount_pence, credit),
        ]
        if vat:
            row.insert(5, _vat_cell(r))
        rows.append(row)
    right = (3, 4, 5, 6) if vat else (3, 4, 5)
    return small_table(header, rows, widths, right)


def _duration(minutes: int) -> str:
    hours, mins = divmod(minutes, 60)
    if not hours:
        return f"{mins} min"
    return f"{hours} h {mins:02d}" if mins else f"{hours} h"


def _visit_table(doc: InvoiceDoc) -> Any:
    """The auditor's view: one row per visit part, every figure that makes up the amount."""
    credit = doc.kind == "credit_note"
    small = styles.stylesheet().cell_small
    header = [
        "Date",
        "Day",
        "Planned",
        "Actual",
        "Mins",
        "Staff",
        "Rate",
        "Enhancement",
        "Amount",
    ]
    widths = [22.5, 10.5, 22.5, 22.5, 12.5, 14, 19, 36, 20.5]
    rows: list[list[Any]] = []
    shade = []
    for i, r in enumerate(doc.rows):
        amount = _money(r.amount_pence, credit)
        if r.kind == "mileage":
            rows.append(
                [
                    format_date(r.day),
                    r.weekday,
                    r.description,
                    "",
                    "",
                    "",
                    r.rate,
                    "Mileage",
                    amount,
                ]
            )
            continue
        enh = r.enhancement or ("Fixed price" if r.kind == "fixed" else "")
        actual: Any = r.actual
        if r.kind == "cancellation":
            why = r.description.split("(", 1)[-1].rstrip(")")
            actual, enh = "cancelled", styles.para(f"Cancellation: {why}", small)
        minutes = str(r.minutes)
        rows.append(
            [
                format_date(r.day),
                r.weekday,
                r.planned,
                actual,
                minutes,
                str(r.staff),
                r.rate,
                enh,
                amount,
            ]
        )
        if r.enhancement or r.kind == "cancellation":
            shade.append(i)
    return small_table(header, rows, widths, right=(4, 5, 6, 8), highlight=shade)


def _rate_summary(doc: InvoiceDoc) -> list[Any]:
    """Hours and money per rate type; with one rate type it would only repeat the total."""
    if len(doc.by_rate_type) < 2:
        return []
    st = styles.stylesheet()
    credit = doc.kind == "credit_note"
    rows = []
    for label, minutes, pence in doc.by_rate_type:
        hours = "" if label == "Mileage" else f"{minutes // 60}:{minutes % 60:02d}"
        rows.append([label, hours, _money(pence, credit)])
    table = styles.data_table(
        ["Rate type", "Hours (h:mm)", "Amount"], rows, [80 * mm, 30 * mm, 30 * mm], right=(1, 2)
    )
    return [KeepTogether([styles.para("Totals by rate type", st.heading), table])]


def _totals(doc: InvoiceDoc) -> Any:
    st = styles.stylesheet()
    credit = doc.kind == "credit_note"
    rows: list[list[str]] = []
    if doc.vat_registered:
        for category, pence in doc.by_category:
            rows.append([category_label(category), _money(pence, credit)])
        rows.append(["Total VAT", _money(doc.vat_pence, credit)])
    if doc.credit_pence:
        rows.append(["Total for this invoice", _money(doc.total_pence, credit)])
        rows.append(["Less credit on account", "-" + format_gbp(doc.credit_pence)])
        rows.append(["Amount due", format_gbp(doc.amount_due_pence)])
    else:
        label = "Total credited" if credit else "Total due"
        rows.append([label, _money(doc.total_pence, credit)])
    table = styles.data_table(["", ""], rows, [74 * mm, 32 * mm], right=(1,), total_rows=1)
    outer = Table([["", table]], colWidths=[74 * mm, 106 * mm])
    outer.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    notes = doc.basis
    if not doc.vat_registered:
        notes += " Not VAT registered: no VAT is charged."
    return KeepTogether([Spacer(1, 3 * mm), outer, Spacer(1, 2 * mm), styles.para(notes, st.small)])


def _summary(doc: InvoiceDoc) -> Any:
    st = styles.stylesheet()
    visits = doc.visit_count
    minutes = sum(r.minutes * max(1, r.staff) for r in doc.rows if r.kind == "visit")
    if doc.kind == "credit_note":
        text = f"This credit note corrects invoice {doc.original}."
    else:
        text = (
            f"This invoice is for {visits} visit{'s' if visits != 1 else ''} "
            f"({_duration(minutes)} of care) between {format_date(doc.period_start)} and "
            f"{format_date(doc.period_end)}, totalling {format_gbp(doc.total_pence)}."
        )
    return styles.para(text, st.body)


def _payment(doc: InvoiceDoc) -> list[Any]:
    st = styles.stylesheet()
    out: list[Any] = []
    if doc.kind == "credit_note":
        out.append(styles.para("Reason for credit", st.heading))
        out.append(styles.para(doc.reason, st.body))
        out.append(
            styles.para(
                "This credit note reduces what you owe on the invoice above. If that invoice is "
                "already paid, we will refund the amount or take it off your next invoice.",
                st.body,
            )
        )
    else:
        out.append(styles.para("How to pay", st.heading))
        due = f" by {format_date(doc.due_on)}" if doc.due_on else ""
        if doc.credit_pence and doc.amount_due_pence <= 0:
            text = "Nothing to pay: your credit on account covers this invoice in full."
        else:
            text = f"Please pay {format_gbp(doc.amount_due_pence)}{due}."
        if doc.credit_pence:
            text += (
                f" {format_gbp(doc.credit_pence)} you had already paid us (credit on account) "
                "has been taken off."
            )
        out.append(styles.para(text, st.body))
        if doc.supplier.bank and doc.amount_due_pence > 0:
            bank = [("By bank transfer to", ""), *doc.supplier.bank]
            bank.append(("Reference to quote", doc.number))
            table = Table(
                [[styles.para(k, st.cell_small), styles.para(v, st.cell_bold)] for k, v in bank],
                colWidths=[40 * mm, 100 * mm],
            )
            table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0)]))
            table.hAlign = "LEFT"
            out.append(table)
        if doc.layout == "direct_payment":
            out.append(
                styles.para(
                    "For your direct payment records: keep this invoice with your bank statements. "
                    "Your council may ask to see them when it reviews the account.",
                    st.small,
                )
            )
    if doc.terms:
        out.append(Spacer(1, 2 * mm))
        out.append(styles.para(doc.terms, st.small))
    if doc.supplier.footer:
        out.append(Spacer(1, 2 * mm))
        out.append(styles.para(doc.supplier.footer, st.small))
    return out


def story(doc: InvoiceDoc) -> list[Any]:
    out = [*_header(doc), _summary(doc), Spacer(1, 2 * mm)]
    breakdown = doc.layout in ("direct_payment", "council") and doc.kind != "credit_note"
    out.append(_visit_table(doc) if breakdown else _standard_table(doc))
    out.append(_totals(doc))
    # how to pay straight after the total, so it stays on the first page whenever it fits there
    out.append(KeepTogether(_payment(doc)))
    if breakdown:
        out.extend(_rate_summary(doc))
    return out


def render(doc: InvoiceDoc, out: BinaryIO) -> None:
    setup = styles.PageSetup(
        title=doc.title,
        business=doc.supplier.name,
        printed_on=doc.issued_on,
        footer_note=doc.payer_name,
    )
    styles.render(out, story(doc), setup)


@needs(Right.MONEY)
def pdf_bytes(session: Session, invoice_id: int) -> bytes:
    buffer = BytesIO()
    render(collect(session, invoice_id), buffer)
    return buffer.getvalue()
