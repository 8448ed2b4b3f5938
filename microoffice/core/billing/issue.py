"""Issuing: drafts become numbered invoices with their PDF, all in the caller's transaction.

The run is recomputed here rather than trusted from an earlier preview, so what is issued is what
the database says now. Numbers are taken only at issue; a failure anywhere rolls the whole run
back and no number is used. Once issued, an invoice is frozen (guard.py and the database triggers).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from microoffice.core import clock, collector
from microoffice.core.billing.numbering import INVOICE_SERIES, display_number, take_number
from microoffice.core.billing.runs import Draft, Problem, preview_run
from microoffice.core.errors import ValidationError
from microoffice.core.models.billing import Invoice, InvoiceDocument, InvoiceLine
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.progress import CancelledFn, ProgressFn, Reporter


@dataclass(frozen=True)
class Issued:
    invoice_id: int
    number: str
    client_name: str
    payer_name: str
    total_pence: int


@dataclass(frozen=True)
class IssueResult:
    issued: tuple[Issued, ...]
    problems: tuple[Problem, ...]

    @property
    def total_pence(self) -> int:
        return sum(i.total_pence for i in self.issued)


def _line(invoice_id: int, dl: Any) -> InvoiceLine:
    p = dl.priced
    detail = dict(p.detail) | {"unit": p.unit, "card_id": p.card_id}
    if dl.share_percent != 100:
        detail["share_percent"] = dl.share_percent
        detail["full_amount_pence"] = p.amount_pence
    description = p.description
    if dl.share_percent != 100:
        description += f" ({dl.share_percent}% share)"
    return InvoiceLine(
        invoice_id=invoice_id,
        visit_id=p.visit_id,
        line_kind=p.kind,
        day=p.day,
        description=description,
        quantity_minutes=p.minutes,
        unit_rate_pence=p.unit_rate_pence,
        enhancement=p.enhancement,
        staff_count=p.staff_count,
        vat_category=dl.vat_category,
        vat_pence=dl.vat_pence,
        amount_pence=dl.amount_pence,
        detail=detail,
    )


@needs(Right.MONEY)
def finalise(session: Session, invoice: Invoice, on: date, terms_days: int | None) -> None:
    """Number, date, take off any credit on account, render and store: the moment a draft
    becomes a document."""
    invoice.number = take_number(session, invoice.series)
    invoice.issued_on = on
    invoice.due_on = on + timedelta(days=terms_days) if terms_days is not None else None
    invoice.status = "issued"
    session.flush()
    if invoice.kind == "invoice":  # money already on the payer's account pays it first
        from microoffice.core.billing.account import apply_credit

        apply_credit(session, invoice.id, at_issue=True)
    from microoffice.core.reports.invoice import pdf_bytes

    pdf = pdf_bytes(session, invoice.id)
    digest = hashlib.sha256(pdf).hexdigest()
    invoice.pdf_sha256 = digest
    session.add(InvoiceDocument(invoice_id=invoice.id, pdf=pdf, sha256=digest))
    session.flush()


@needs(Right.MONEY)
def issue_draft(session: Session, draft: Draft, on: date) -> Invoice:
    invoice = Invoice(
        kind="invoice",
        series=INVOICE_SERIES,
        client_id=draft.client_id,
        funding_id=draft.payer.funding_id,
        payer_name=draft.payer.name,
        payer_address=draft.payer.address,
        payer_reference=draft.payer.reference,
        layout=draft.payer.layout,
        period_start=draft.period_start,
        period_end=draft.period_end,
        status="draft",
        subtotal_pence=draft.subtotal_pence,
        vat_pence=draft.vat_pence,
        total_pence=draft.total_pence,
        rate_card_ids=list(draft.rate_card_ids),
        calendar_snapshot=draft.calendar,
    )
    session.add(invoice)
    session.flush()
    session.add_all([_line(invoice.id, dl) for dl in draft.lines])
    session.flush()
    finalise(session, invoice, on, draft.payment_terms_days)
    return invoice


@needs(Right.MONEY)
def issue_run(
    session: Session,
    start: date,
    end: date,
    client_id: int | None = None,
    *,
    on: date | None = None,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
) -> IssueResult:
    """Issue every draft of the run; refused as a whole while a blocking problem remains.

    `progress`/`cancelled` (core/progress.py) report each invoice and stop between them; a stop
    raises Cancelled and the caller's rollback leaves no invoice and no number used.
    """
    report = Reporter(progress, cancelled)
    report.step(0, 0, "Pricing the visits")
    with collector.paused():  # a month's visits, invoices and PDFs all live until the run ends
        preview = preview_run(session, start, end, client_id)
        if preview.blocking:
            raise ValidationError({"": "\n".join(p.message for p in preview.blocking)})
        day = on or clock.today()
        issued = []
        count = len(preview.drafts)
        for done, draft in enumerate(preview.drafts):
            report.step(done, count, f"Invoice {done + 1} of {count}: {draft.client_name}")
            invoice = issue_draft(session, draft, day)
            issued.append(
                Issued(
                    invoice.id,
                    display_number(invoice.series, invoice.number),
                    draft.client_name,
                    draft.payer.name,
                    invoice.total_pence,
                )
            )
    report.step(count, count, "Saving")
    return IssueResult(tuple(issued), preview.problems)
