"""Refuses, before anything reaches the database, any change to an issued invoice.

The database triggers (core/db/invoice_triggers.py) are the last line; this check runs first so a
person gets a plain message naming the invoice, and so the session is left untouched.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from microoffice.core.errors import UserError
from microoffice.core.models.billing import Invoice, InvoiceDocument, InvoiceLine

# What may still change on an issued invoice: its payment status, stamps, the PDF hash once.
MUTABLE = frozenset({"status", "version", "updated_at", "pdf_sha256"})
LIVE_STATUSES = frozenset({"issued", "part_paid", "paid"})


def _was(obj: Any, key: str) -> Any:
    history = inspect(obj).attrs[key].history
    if history.deleted:
        return history.deleted[0]
    return getattr(obj, key)


def _name(invoice: Invoice) -> str:
    from microoffice.core.billing.numbering import display_number

    label = "Credit note" if invoice.kind == "credit_note" else "Invoice"
    return f"{label} {display_number(invoice.series, invoice.number)}"


def _refuse(invoice: Invoice) -> None:
    raise UserError(
        f"{_name(invoice)} has been issued and cannot be changed. "
        "To correct it, issue a credit note; to cancel it, void it."
    )


def _check_invoice(invoice: Invoice) -> None:
    before = _was(invoice, "status")
    if before == "draft":
        return
    state = inspect(invoice)
    for attr in state.mapper.column_attrs:
        if attr.key in MUTABLE or not state.attrs[attr.key].history.has_changes():
            continue
        _refuse(invoice)
    after = invoice.status
    if after != before and (after not in LIVE_STATUSES | {"void"} or before == "void"):
        _refuse(invoice)
    sha = state.attrs["pdf_sha256"].history
    if sha.has_changes() and _was(invoice, "pdf_sha256"):
        _refuse(invoice)


def _parent(session: Session, line: InvoiceLine) -> Invoice | None:
    return session.get(Invoice, line.invoice_id) if line.invoice_id is not None else None


def _check_flush(session: Session, _context: Any = None, _instances: Any = None) -> None:
    for obj in session.dirty:
        if isinstance(obj, Invoice) and session.is_modified(obj):
            _check_invoice(obj)
        elif isinstance(obj, InvoiceLine) and session.is_modified(obj):
            parent = _parent(session, obj)
            if parent is not None and _was(parent, "status") != "draft":
                _refuse(parent)
        elif isinstance(obj, InvoiceDocument) and session.is_modified(obj):
            raise UserError("An issued document is kept exactly as it was sent.")
    for obj in session.deleted:
        if isinstance(obj, Invoice) and _was(obj, "status") != "draft":
            _refuse(obj)
        if isinstance(obj, InvoiceLine):
            parent = _parent(session, obj)
            if parent is not None and _was(parent, "status") != "draft":
                _refuse(parent)
        if isinstance(obj, InvoiceDocument):
            raise UserError("An issued document is kept exactly as it was sent.")
    for obj in session.new:
        if isinstance(obj, InvoiceLine):
            parent = _parent(session, obj)
            if (
                parent is not None
                and parent.status != "draft"
                and _was(parent, "status") != "draft"
            ):
                _refuse(parent)


def install() -> None:
    if not event.contains(Session, "before_flush", _check_flush):
        event.listen(Session, "before_flush", _check_flush)
