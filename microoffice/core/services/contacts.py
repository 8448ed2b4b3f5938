"""The people around a client: next of kin, legal representatives, professionals."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.authority import authority_warnings
from microoffice.core.errors import NotFoundError
from microoffice.core.models.clients import Contact
from microoffice.core.models.enums import ContactKind
from microoffice.core.people.guard import needs, row_of
from microoffice.core.people.rights import Right
from microoffice.core.readers.dates import parse_date
from microoffice.core.readers.identifiers import read_email, read_phone, read_postcode
from microoffice.core.services.clients import check_version, get_client
from microoffice.core.services.forms import Checker, read_fields

__all__ = [
    "ContactData",
    "add_contact",
    "archive_contact",
    "authority_warnings",
    "client_contacts",
    "get_contact",
    "representatives_to_check",
    "update_contact",
    "validate",
]


@dataclass
class ContactData:
    kind: str = ContactKind.NEXT_OF_KIN.value
    name: str = ""
    relationship_to_client: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""
    is_emergency_contact: bool = False
    opg_reference: str = ""
    document_checked_on: date | None = None
    notes: str = ""

    @classmethod
    def from_text(cls, values: Mapping[str, Any]) -> ContactData:
        """From the contact form: the date the document was seen as typed."""
        names = tuple(f.name for f in fields(cls))
        return cls(**read_fields(values, names, {"document_checked_on": parse_date}))


def validate(data: ContactData) -> ContactData:
    c = Checker()
    clean = ContactData(**{f.name: getattr(data, f.name) for f in fields(ContactData)})
    clean.name = c.required("name", data.name, "Name")
    c.choice("kind", data.kind, ContactKind, "Kind of contact")
    clean.phone = c.check("phone", read_phone, data.phone) or ""
    clean.email = c.check("email", read_email, data.email) or ""
    clean.postcode = c.check("postcode", read_postcode, data.postcode) or ""
    if data.document_checked_on and data.document_checked_on > clock.today():
        c.fail("document_checked_on", "The date the document was checked is in the future")
    c.done()
    return clean


@needs(Right.CLIENTS)
def add_contact(session: Session, client_id: int, data: ContactData) -> Contact:
    get_client(session, client_id)
    clean = validate(data)
    contact = Contact(
        client_id=client_id, **{f.name: getattr(clean, f.name) for f in fields(clean)}
    )
    session.add(contact)
    session.flush()
    return contact


@needs(Right.SEE_CLIENTS, client=row_of("contact", "contact_id"))
def get_contact(session: Session, contact_id: int) -> Contact:
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise NotFoundError(f"There is no contact with id {contact_id}.")
    return contact


@needs(Right.CLIENTS)
def update_contact(
    session: Session, contact_id: int, data: ContactData, expected_version: int | None = None
) -> Contact:
    contact = get_contact(session, contact_id)
    check_version(contact, expected_version)
    clean = validate(data)
    for f in fields(clean):
        if getattr(contact, f.name) != getattr(clean, f.name):
            setattr(contact, f.name, getattr(clean, f.name))
    session.flush()
    return contact


@needs(Right.CLIENTS)
def archive_contact(session: Session, contact_id: int) -> Contact:
    contact = get_contact(session, contact_id)
    if contact.archived_at is None:
        contact.archived_at = clock.now()
    session.flush()
    return contact


@needs(Right.SEE_CLIENTS, client="client_id")
def client_contacts(
    session: Session, client_id: int, include_archived: bool = False
) -> list[Contact]:
    stmt = select(Contact).where(Contact.client_id == client_id).order_by(Contact.id)
    if not include_archived:
        stmt = stmt.where(Contact.archived_at.is_(None))
    return list(session.scalars(stmt))


@needs(Right.CLIENTS)
def representatives_to_check(session: Session) -> list[tuple[str, str]]:
    """(client name, what to check) for every active client's representatives, in one query
    (the one the Today page and its first look read: core/today)."""
    from microoffice.core.today import statements

    return statements.representatives_to_check(session)


@dataclass(frozen=True)
class ContactRow:
    """A contact as the client's Contacts tab lists it, with what is still to check."""

    id: int
    version: int
    name: str
    kind: str
    relationship: str
    phone: str
    emergency: bool
    checked_on: date | None
    warnings: str
    data: ContactData


@needs(Right.SEE_CLIENTS, client="client_id")
def contact_rows(session: Session, client_id: int) -> list[ContactRow]:
    rows = []
    for c in client_contacts(session, client_id):
        data = ContactData(**{f.name: getattr(c, f.name) for f in fields(ContactData)})
        warnings = "; ".join(w.split(": ", 1)[-1] for w in authority_warnings(c))
        rows.append(
            ContactRow(
                c.id,
                c.version,
                c.name,
                c.kind,
                c.relationship_to_client,
                c.phone,
                c.is_emergency_contact,
                c.document_checked_on,
                warnings,
                data,
            )
        )
    return rows
