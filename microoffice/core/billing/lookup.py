"""Finding an invoice by id: the one lookup every billing module shares, kept apart so none of
them imports another's services just to find one."""

from __future__ import annotations

from sqlalchemy.orm import Session

from microoffice.core.errors import NotFoundError
from microoffice.core.models.billing import Invoice
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right


@needs(Right.MONEY)
def get_invoice(session: Session, invoice_id: int) -> Invoice:
    invoice = session.get(Invoice, invoice_id)
    if invoice is None:
        raise NotFoundError(f"There is no invoice with id {invoice_id}.")
    return invoice
