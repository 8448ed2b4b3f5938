"""The people around a client: next of kin, legal representatives, professionals."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.authority import authority_warnings
from microoffice.core.errors import NotFoundError
from microoffice.core.models.clients import Contact
from microoffice.core.models.enums import ContactKind
from microoffice.core.people.guard import needs, row_of
from microoffice.core.people.rights import Right
from microoffice.core.services.clients import check_version, get_client
from microoffice.core.services.forms import Checker
from microoffice.core.validation import check_email, check_phone, normalise_postcode

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


def validate(data: ContactData) -> ContactData:
    c = Checker()
    clean = ContactData(**{f.name: getattr(data, f.name) for f in fields(ContactData)})
    clean.name = c.required("name", data.name, "Name")
    c.choice("kind", data.kind, ContactKind, "Kind of contact")
    clean.phone = c.check("phone", check_phone, data.phone) or ""
    clean.email = c.check("email", check_email, data.email) or ""
    clean.postcode = c.check("postcode", normalise_postcode, data.postcode) or ""
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
    """(client name, what to check) for every active client's representatives, in one query."""
    from microoffice.core.models.clients import Client
    from microoffice.core.models.enums import LEGAL_AUTHORITIES

    rows = session.execute(
        select(Client.first_name, Client.preferred_name, Client.last_name, Contact)
        .join(Contact, Contact.client_id == Client.id)
        .where(
            Client.archived_at.is_(None),
            Contact.archived_at.is_(None),
            Contact.kind.in_([k.value for k in LEGAL_AUTHORITIES]),
        )
        .order_by(Client.last_name, Client.first_name, Client.id, Contact.id)
    )
    return [
        (f"{preferred or first} {last}", warning)
        for first, preferred, last, contact in rows
        for warning in authority_warnings(contact)
    ]


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
