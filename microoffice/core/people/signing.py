"""Who gave the care and who wrote it down, for a care record written now.

A carer writes as themselves, the carer who gave the care: their own staff record, never
someone else's. The owner or a manager may write for a carer (typing up a paper visit sheet):
the record then keeps the carer who gave the care (`staff_id`), who wrote it (`author`) and
that it was written on their behalf (`on_behalf_of`, the carer's name as it was that day).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from microoffice.core.errors import NotAllowedError, ValidationError
from microoffice.core.models.staff import Staff
from microoffice.core.people.guard import current, needs
from microoffice.core.people.rights import OWN_LIMITS, Right, Scope


@dataclass(frozen=True)
class Signature:
    staff_id: int | None  # who gave the care
    author: str  # who wrote it
    on_behalf_of: str  # the giver's name when someone else wrote it, else ""


@needs(Right.CARE_NOTES)
def sign_care(session: Session, given_by: int | None) -> Signature:
    """The signature for a note or MAR entry whose care `given_by` (a staff id) gave."""
    signed = current(session)
    if signed.scope(Right.CARE_NOTES) is Scope.OWN:
        if signed.staff_id is None or given_by not in (None, signed.staff_id):
            raise NotAllowedError(OWN_LIMITS[Right.CARE_NOTES])
        return Signature(signed.staff_id, signed.shown_name, "")
    if given_by is None or given_by == signed.staff_id:
        return Signature(given_by, signed.shown_name, "")
    giver = session.get(Staff, given_by)
    if giver is None:
        raise ValidationError({"staff_id": "That member of staff no longer exists"})
    if giver.display_name.casefold() == signed.name.casefold():
        return Signature(given_by, signed.shown_name, "")  # the sole trader, on her own visit
    return Signature(given_by, signed.shown_name, giver.display_name)
