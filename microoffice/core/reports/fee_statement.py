"""The statement of terms and fees as a PDF (CQC Reg 19, 2009; DOMAIN.md 9.5, 9.6).

Written for the person who pays, and read by an inspector: who provides the care, who it is for
and who pays, then each part of the price in plain English, how to pay, how prices change and how
to complain (including the Local Government and Social Care Ombudsman). The content comes from
billing/fee_statements.py; this module only lays it out.
"""

from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from microoffice.core.billing.fee_content import PayerTerms, StatementContent
from microoffice.core.billing.fee_wording import Section
from microoffice.core.reports import styles
from microoffice.core.vocabulary import format_date

TITLE = "Statement of terms and fees"
INTRO = (
    "This statement sets out what your care costs and how to pay, as we must give it to you in "
    "writing before your care starts (Care Quality Commission, Regulation 19). Please keep it. "
    "If anything here changes, we will tell you in writing first and give you a new statement."
)


def heading_text(version: int, given_on: date) -> str:
    return f"{TITLE} (version {version}, given {format_date(given_on)})"


def _bullet_style() -> ParagraphStyle:
    st = styles.stylesheet()
    return ParagraphStyle(
        "fee_bullet", parent=st.body, leftIndent=5 * mm, bulletIndent=1 * mm, spaceAfter=1 * mm
    )


def _section(section: Section, heading: ParagraphStyle) -> list[Any]:
    bullet = _bullet_style()
    items = [Paragraph(escape(line), bullet, bulletText="•") for line in section.lines]
    return [KeepTogether([styles.para(section.heading, heading), *items[:2]]), *items[2:]]


def _header(content: StatementContent, version: int, given_on: date) -> list[Any]:
    st = styles.stylesheet()
    s = content.supplier
    left: list[Any] = [styles.para(s.name or "(business name not filled in)", st.heading)]
    left += [styles.para(line, st.small) for line in s.legal_lines]
    left.append(styles.para(s.address, st.body))
    if s.contact:
        left.append(styles.para(s.contact, st.small))
    if s.cqc_line:
        left.append(styles.para(s.cqc_line, st.small))
    right: list[Any] = [styles.para(TITLE, st.title)]
    right.append(
        styles.facts_table(
            [
                ("Version", str(version)),
                ("Given on", format_date(given_on)),
                ("For", content.client_name),
            ],
            (28 * mm, 57 * mm),
        )
    )
    top = Table([[left, right]], colWidths=[95 * mm, 85 * mm])
    top.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    )
    return [
        top,
        Spacer(1, 3 * mm),
        styles.rich(f"<b>{escape(heading_text(version, given_on))}</b>", st.body),
        styles.para(INTRO, st.body),
    ]


def _parties(content: StatementContent) -> Table:
    st = styles.stylesheet()
    about: list[Any] = [styles.para("Care for", st.cell_small)]
    about.append(styles.rich(f"<b>{escape(content.client_name)}</b>", st.body))
    if content.client_address:
        about.append(styles.para(content.client_address, st.body))
    paid: list[Any] = []
    for payer in content.payers:
        paid.append(styles.para(f"Paid by ({payer.funding_label.lower()})", st.cell_small))
        paid.append(styles.rich(f"<b>{escape(payer.payer_name)}</b>", st.body))
        if payer.payer_address:
            paid.append(styles.para(payer.payer_address, st.body))
    table = Table([[about, paid]], colWidths=[85 * mm, 95 * mm])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("BOX", (0, 0), (-1, -1), 0.5, styles.RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 3 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 2 * mm),
            ]
        )
    )
    return table


def _payer_block(payer: PayerTerms, many: bool) -> list[Any]:
    st = styles.stylesheet()
    title = f"Prices: {payer.funding_label.lower()}" if many else "Your prices"
    card = payer.card
    until = f" until {format_date(card.effective_to)}" if card.effective_to else ""
    note = f"{payer.covers} Prices from {format_date(card.effective_from)}{until} (rate card '{card.name}')."
    out: list[Any] = [styles.para(title, st.title), styles.para(note, st.small)]
    for section in payer.sections:
        out += _section(section, st.heading)
    return out


def _receipt() -> Any:
    st = styles.stylesheet()
    rows = [["Received by (name)", ""], ["Signed", ""], ["Date", ""]]
    table = Table(
        [[styles.para(k, st.cell_small), v] for k, v in rows],
        colWidths=[40 * mm, 90 * mm],
        rowHeights=[9 * mm] * 3,
    )
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (1, 0), (1, -1), 0.5, styles.RULE),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    table.hAlign = "LEFT"
    return KeepTogether(
        [
            styles.para("Receipt", st.heading),
            styles.para(
                "If you are given this statement by hand, please sign to say you have received "
                "it. We keep a copy.",
                st.body,
            ),
            table,
        ]
    )


def story(content: StatementContent, version: int, given_on: date) -> list[Any]:
    st = styles.stylesheet()
    out: list[Any] = [*_header(content, version, given_on), _parties(content), Spacer(1, 2 * mm)]
    many = len(content.payers) > 1
    for payer in content.payers:
        out += _payer_block(payer, many)
    out += [Spacer(1, 4 * mm), styles.para("Paying, price changes and complaints", st.title)]
    for section in content.general:
        out += _section(section, st.heading)
    out.append(_receipt())
    return out


def render(content: StatementContent, version: int, given_on: date, out: BinaryIO) -> None:
    setup = styles.PageSetup(
        title=f"{TITLE}, version {version}",
        business=content.supplier.name,
        subtitle=content.client_name,
        printed_on=given_on,
        footer_note=content.client_name,
    )
    styles.render(out, story(content, version, given_on), setup)


def pdf_bytes(content: StatementContent, version: int, given_on: date) -> bytes:
    buffer = BytesIO()
    render(content, version, given_on, buffer)
    return buffer.getvalue()
