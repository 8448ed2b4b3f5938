"""Credit notes: the only way to correct an issued invoice (DOMAIN.md 9.2).

A credit note has its own gap-free series (CN-...), cites the original invoice and a reason, and
credits whole lines or parts of lines; amounts are stored negative so an invoice and its full
credit note add up to nothing. Voiding is a full credit note: the invoice stays in the ledger with
the status "void" and the credit note carries the reason. Its visits can then be billed again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.billing.issue import finalise
from microoffice.core.billing.lookup import get_invoice
from microoffice.core.billing.numbering import CREDIT_SERIES, display_number
from microoffice.core.billing.pricing import half_up
from microoffice.core.errors import UserError, ValidationError
from microoffice.core.models.billing import Invoice, InvoiceLine, PaymentAllocation
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right


@needs(Right.MONEY)
def credited_per_line(session: Session, invoice_id: int) -> dict[int, int]:
    """Pence already credited against each line of the invoice (as positive numbers)."""
    out: dict[int, int] = defaultdict(int)
    notes = session.scalars(
        select(Invoice.id).where(Invoice.credit_for_id == invoice_id, Invoice.status != "draft")
    ).all()
    if not notes:
        return out
    for line in session.scalars(select(InvoiceLine).where(InvoiceLine.invoice_id.in_(notes))):
        original = (line.detail or {}).get("credits_line_id")
        if original is not None:
            out[int(original)] += -line.amount_pence
    return out


def _allocated(session: Session, invoice_id: int) -> int:
    return int(
        session.scalar(
            select(func.coalesce(func.sum(PaymentAllocation.amount_pence), 0)).where(
                PaymentAllocation.invoice_id == invoice_id
            )
        )
        or 0
    )


@needs(Right.MONEY)
def credit_note(
    session: Session,
    invoice_id: int,
    reason: str,
    amounts: Mapping[int, int] | None = None,
) -> Invoice:
    """Credit the given pence per line id (all that is left of every line when None)."""
    original = get_invoice(session, invoice_id)
    number = display_number(original.series, original.number)
    if original.kind != "invoice" or original.status in ("draft", "void"):
        raise UserError(f"{number} cannot be credited: only a live issued invoice can be.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the invoice is being credited"})
    lines = list(
        session.scalars(
            select(InvoiceLine)
            .where(InvoiceLine.invoice_id == original.id)
            .order_by(InvoiceLine.id)
        )
    )
    done = credited_per_line(session, original.id)
    left = {line.id: line.amount_pence - done[line.id] for line in lines}
    wanted = dict(left) if amounts is None else dict(amounts)
    errors = {}
    for line_id, pence in wanted.items():
        if line_id not in left:
            errors["amounts"] = f"Line {line_id} is not on {number}"
        elif not 0 <= pence <= left[line_id]:
            errors["amounts"] = (
                f"Line {line_id} can be credited by at most {left[line_id]}p (asked {pence}p)"
            )
    wanted = {k: v for k, v in wanted.items() if v}
    if not errors and not wanted:
        errors["amounts"] = f"Nothing is left to credit on {number}"
    if errors:
        raise ValidationError(errors)
    full = all(wanted.get(line.id, 0) == left[line.id] for line in lines)
    if full:
        _release_credit(session, original.id)
    if full and _allocated(session, original.id):
        raise UserError(
            f"{number} has payments allocated to it. Remove those allocations first (the money "
            "then stays on the payer's account), or credit part of the invoice instead."
        )
    note = Invoice(
        kind="credit_note",
        series=CREDIT_SERIES,
        client_id=original.client_id,
        funding_id=original.funding_id,
        payer_name=original.payer_name,
        payer_address=original.payer_address,
        payer_reference=original.payer_reference,
        layout=original.layout,
        period_start=original.period_start,
        period_end=original.period_end,
        status="draft",
        credit_for_id=original.id,
        reason=reason.strip(),
        rate_card_ids=list(original.rate_card_ids or []),
        calendar_snapshot=original.calendar_snapshot or {},
    )
    session.add(note)
    session.flush()
    subtotal = vat_total = 0
    for line in lines:
        pence = wanted.get(line.id, 0)
        if not pence:
            continue
        vat = (
            half_up(Decimal(line.vat_pence) * pence / line.amount_pence) if line.amount_pence else 0
        )
        session.add(
            InvoiceLine(
                invoice_id=note.id,
                visit_id=line.visit_id,
                line_kind=line.line_kind,
                day=line.day,
                description=line.description,
                quantity_minutes=line.quantity_minutes,
                unit_rate_pence=line.unit_rate_pence,
                enhancement=line.enhancement,
                staff_count=line.staff_count,
                vat_category=line.vat_category,
                vat_pence=-vat,
                amount_pence=-pence,
                detail=dict(line.detail or {}) | {"credits_line_id": line.id},
            )
        )
        subtotal, vat_total = subtotal - pence, vat_total - vat
    note.subtotal_pence, note.vat_pence = subtotal, vat_total
    note.total_pence = subtotal + vat_total
    session.flush()
    finalise(session, note, clock.today(), None)
    if full:
        original.status = "void"
        session.flush()
    else:
        _give_back_overpayment(session, original)
    return note


def _release_credit(session: Session, invoice_id: int) -> None:
    """Voiding an invoice gives back the credit on account taken off it at issue."""
    for allocation in session.scalars(
        select(PaymentAllocation).where(
            PaymentAllocation.invoice_id == invoice_id,
            PaymentAllocation.credit_at_issue.is_(True),
        )
    ):
        session.delete(allocation)
    session.flush()


def _give_back_overpayment(session: Session, invoice: Invoice) -> None:
    """After a partial credit note, payments beyond what the invoice now asks for go back to the
    payer's account as credit (newest allocations first, money taken off at issue last)."""
    from microoffice.core.billing.ledger import invoice_row, refresh_status

    extra = -invoice_row(session, invoice.id).balance_pence
    allocations = list(
        session.scalars(
            select(PaymentAllocation)
            .where(PaymentAllocation.invoice_id == invoice.id)
            .order_by(PaymentAllocation.credit_at_issue, PaymentAllocation.id.desc())
        )
    )
    for allocation in allocations:
        if extra <= 0:
            break
        take = min(extra, allocation.amount_pence)
        if take == allocation.amount_pence:
            session.delete(allocation)
        else:
            allocation.amount_pence -= take
        extra -= take
    session.flush()
    refresh_status(session, invoice)


@needs(Right.MONEY)
def void_invoice(session: Session, invoice_id: int, reason: str) -> Invoice:
    """Cancel an invoice in full: it stays in the ledger as void, with a full credit note."""
    return credit_note(session, invoice_id, reason, None)
