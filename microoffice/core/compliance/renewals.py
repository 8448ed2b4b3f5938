"""Things the business must renew each year: ICO fee, insurance, DSPT, the CQC fee.

Each renewal keeps its reference and expiry; renewing moves the dates on and the audit log keeps
the previous ones. The dashboard warns before expiry (ICO: 30 days, DOMAIN.md 11.2).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.errors import NotFoundError
from microoffice.core.models.governance import Renewal
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.services.clients import check_version
from microoffice.core.services.forms import Checker

RENEWAL_KINDS = {
    "ico_fee": "ICO data protection fee",
    "dspt": "Data Security and Protection Toolkit",
    "employers_liability": "Employer's liability insurance",
    "public_liability": "Public liability insurance",
    "professional_indemnity": "Professional indemnity insurance",
    "cqc_fee": "CQC annual fee",
    "other": "Other",
}


@dataclass
class RenewalData:
    kind: str = "ico_fee"
    name: str = ""
    reference: str = ""
    provider: str = ""
    renewed_on: date | None = None
    expires_on: date | None = None
    notes: str = ""


def _validate(data: RenewalData) -> str:
    c = Checker()
    if data.kind not in RENEWAL_KINDS:
        c.fail("kind", "Choose what is renewed")
    if data.expires_on is None:
        c.fail("expires_on", "Enter the expiry (or renewal due) date")
    if data.renewed_on and data.renewed_on > clock.today():
        c.fail("renewed_on", "The renewal date cannot be in the future")
    c.order("expires_on", data.renewed_on, data.expires_on, "It expires before it was renewed")
    c.done()
    return data.name.strip() or RENEWAL_KINDS.get(data.kind, data.kind)


@needs(Right.GOVERNANCE)
def add_renewal(session: Session, data: RenewalData) -> Renewal:
    name = _validate(data)
    row = Renewal(
        kind=data.kind,
        name=name,
        reference=data.reference.strip(),
        provider=data.provider.strip(),
        renewed_on=data.renewed_on,
        expires_on=data.expires_on,
        notes=data.notes.strip(),
    )
    session.add(row)
    session.flush()
    return row


@needs(Right.GOVERNANCE)
def renew(
    session: Session, renewal_id: int, data: RenewalData, expected_version: int | None = None
) -> Renewal:
    row = session.get(Renewal, renewal_id)
    if row is None:
        raise NotFoundError(f"There is no renewal {renewal_id}.")
    check_version(row, expected_version)
    row.name = _validate(data)
    row.kind = data.kind
    row.reference = data.reference.strip()
    row.provider = data.provider.strip()
    row.renewed_on = data.renewed_on
    row.expires_on = data.expires_on
    row.notes = data.notes.strip()
    session.flush()
    return row


@needs(Right.GOVERNANCE)
def list_renewals(session: Session) -> list[Renewal]:
    return list(
        session.scalars(
            select(Renewal).where(Renewal.archived_at.is_(None)).order_by(Renewal.expires_on)
        )
    )


def current(renewals: list[Renewal], kind: str, on: date) -> Renewal | None:
    """The renewal of this kind in force on a day, if any."""
    live = [r for r in renewals if r.kind == kind and r.expires_on and r.expires_on >= on]
    return max(live, key=lambda r: r.expires_on or date.min) if live else None
