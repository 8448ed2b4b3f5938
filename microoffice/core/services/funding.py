"""Who pays: funding arrangements per client, and the councils and bodies that commission care."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.errors import NotFoundError, ValidationError
from microoffice.core.models.clients import Contact, FundingArrangement, Organisation
from microoffice.core.models.enums import ContactKind, FundingType, OrganisationKind, ServiceType
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.readers.dates import parse_date
from microoffice.core.readers.identifiers import read_email, read_phone, read_postcode
from microoffice.core.readers.times import read_weekly_hours
from microoffice.core.services.clients import check_version, get_client
from microoffice.core.services.forms import Checker, Rule, read_fields
from microoffice.core.vocabulary import service_label

# Who may hold the purse for each funding type (DOMAIN.md 9.1): never the council for a DP.
_PAYER_CONTACT_KINDS = {
    FundingType.DIRECT_PAYMENT: {ContactKind.DP_NOMINATED, ContactKind.DP_AUTHORISED},
    FundingType.DIRECT_PAYMENT_MANAGED: {ContactKind.DP_NOMINATED, ContactKind.DP_AUTHORISED},
    FundingType.THIRD_PARTY: {
        ContactKind.LPA_FINANCE,
        ContactKind.DEPUTY_FINANCE,
        ContactKind.APPOINTEE,
        ContactKind.FAMILY,
        ContactKind.NEXT_OF_KIN,
        ContactKind.OTHER,
    },
    FundingType.SELF: {ContactKind.LPA_FINANCE, ContactKind.DEPUTY_FINANCE},
}
_NEEDS_ORGANISATION = {
    FundingType.COUNCIL,
    FundingType.INDIVIDUAL_SERVICE_FUND,
    FundingType.CHC,
}


@dataclass
class FundingData:
    funding_type: str = FundingType.SELF.value
    payer_contact_id: int | None = None
    organisation_id: int | None = None
    council_reference: str = ""
    purchase_order: str = ""
    service_types: list[str] = field(default_factory=list)
    share_percent: int = 100
    weekly_minutes: int | None = None
    start_date: date | None = None
    end_date: date | None = None
    notes: str = ""

    @classmethod
    def from_text(cls, values: Mapping[str, Any]) -> FundingData:
        """From the funding form: dates and hours a week as typed, choices as chosen."""
        return cls(**read_fields(values, tuple(f.name for f in fields(cls)), TEXT_READERS))


TEXT_READERS: dict[str, Rule] = {
    "start_date": parse_date,
    "end_date": parse_date,
    "weekly_minutes": read_weekly_hours,
}


@needs(Right.MONEY)
def validate(session: Session, client_id: int, data: FundingData) -> FundingData:
    c = Checker()
    c.choice("funding_type", data.funding_type, FundingType, "Funding type")
    if c.errors:
        c.done()
    kind = FundingType(data.funding_type)
    if data.payer_contact_id is not None:
        contact = session.get(Contact, data.payer_contact_id)
        allowed = _PAYER_CONTACT_KINDS.get(kind, set())
        if contact is None or contact.client_id != client_id:
            c.fail("payer_contact_id", "The payer must be one of this client's contacts")
        elif ContactKind(contact.kind) not in allowed:
            if kind == FundingType.SELF:
                msg = "A self-funder pays themselves, or through a finance LPA or deputy"
            elif kind == FundingType.THIRD_PARTY:
                msg = (
                    "A health and welfare LPA or deputy has no authority over money; "
                    "choose a finance attorney, deputy or family payer"
                )
            else:
                msg = (
                    f"{contact.name} ({ContactKind(contact.kind).label}) cannot hold a "
                    "direct payment; choose the client, a nominated or an authorised person"
                )
            c.fail("payer_contact_id", msg)
    elif kind == FundingType.THIRD_PARTY:
        c.fail("payer_contact_id", "Choose who pays (a contact of this client)")
    if kind in _NEEDS_ORGANISATION:
        if data.organisation_id is None or session.get(Organisation, data.organisation_id) is None:
            c.fail("organisation_id", "Choose the council or NHS body that commissions this care")
    elif kind in (FundingType.DIRECT_PAYMENT, FundingType.SELF) and data.organisation_id:
        c.fail(
            "organisation_id",
            "A direct payment or self-funder is invoiced to a person, never to the council",
        )
    if not 0 < data.share_percent <= 100:
        c.fail("share_percent", "The share must be between 1 and 100 per cent")
    valid_services = {s.value for s in ServiceType}
    bad = [s for s in data.service_types if s not in valid_services]
    if bad:
        c.fail("service_types", f"Unknown service types: {', '.join(bad)}")
    if data.weekly_minutes is not None and data.weekly_minutes < 0:
        c.fail("weekly_minutes", "Weekly hours cannot be negative")
    c.order("end_date", data.start_date, data.end_date, "The funding ends before it starts")
    c.done()
    return data


_DP_KINDS = (FundingType.DIRECT_PAYMENT, FundingType.DIRECT_PAYMENT_MANAGED)


@dataclass(frozen=True)
class HolderOffer:
    """The one-step way out when the chosen payer cannot hold a direct payment."""

    contact_id: int
    name: str
    role: str  # their role as recorded, in words
    question: str


@needs(Right.MONEY)
def dp_holder_offer(session: Session, client_id: int, data: FundingData) -> HolderOffer | None:
    """When a direct payment names a contact who cannot hold it (a daughter recorded under her
    LPA, a family member), the offer to record that person as the authorised person as well;
    None when there is nothing to offer (not a direct payment, or the payer can hold it)."""
    try:
        kind = FundingType(data.funding_type)
    except ValueError:
        return None
    if kind not in _DP_KINDS or data.payer_contact_id is None:
        return None
    contact = session.get(Contact, data.payer_contact_id)
    if contact is None or contact.client_id != client_id or contact.archived_at is not None:
        return None
    if ContactKind(contact.kind) in _PAYER_CONTACT_KINDS[kind]:
        return None
    role = ContactKind(contact.kind).label
    client = get_client(session, client_id)
    question = (
        f"{contact.name} is recorded as {role}, and that role cannot hold a direct payment. "
        f"If the council has agreed that {contact.name} manages the direct payment for "
        f"{client.display_name} (the authorised person, when {client.display_name} cannot "
        f"manage it), record {contact.name} as the direct payment authorised person too, and "
        "make them the payer. Their other role stays as it is; keep a copy of the council's "
        "letter naming them."
    )
    return HolderOffer(contact.id, contact.name, role, question)


@needs(Right.MONEY)
def make_authorised_person(session: Session, contact_id: int) -> Contact:
    """The same person recorded as the direct payment authorised person (Care Act 2014 s32):
    name, relationship and contact details copied, their first role kept. An authorised-person
    record already held for someone of that name is used instead of a second one."""
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise NotFoundError(f"There is no contact with id {contact_id}.")
    authorised = ContactKind.DP_AUTHORISED.value
    if contact.kind == authorised:
        return contact
    same = session.scalars(
        select(Contact).where(
            Contact.client_id == contact.client_id,
            Contact.kind == authorised,
            Contact.archived_at.is_(None),
        )
    ).all()
    for existing in same:
        if " ".join(existing.name.lower().split()) == " ".join(contact.name.lower().split()):
            return existing
    holder = Contact(
        client_id=contact.client_id,
        kind=authorised,
        name=contact.name,
        relationship_to_client=contact.relationship_to_client,
        phone=contact.phone,
        email=contact.email,
        address=contact.address,
        postcode=contact.postcode,
        is_emergency_contact=False,
        notes=f"Also recorded as {ContactKind(contact.kind).label}.",
    )
    session.add(holder)
    session.flush()
    return holder


@needs(Right.MONEY)
def save_with_authorised_person(
    session: Session,
    client_id: int,
    data: FundingData,
    funding_id: int | None = None,
    expected_version: int | None = None,
) -> FundingArrangement:
    """Accept the offer: record the payer as the authorised person, then save the funding with
    them as its payer, in one transaction (nothing is kept if the funding is refused)."""
    offer = dp_holder_offer(session, client_id, data)
    if offer is None:
        raise ValidationError({"payer_contact_id": "There is no payer to record as authorised"})
    holder = make_authorised_person(session, offer.contact_id)
    chosen = replace(data, payer_contact_id=holder.id)
    if funding_id is None:
        return add_funding(session, client_id, chosen)
    return update_funding(session, funding_id, chosen, expected_version)


@needs(Right.MONEY)
def add_funding(session: Session, client_id: int, data: FundingData) -> FundingArrangement:
    get_client(session, client_id)
    clean = validate(session, client_id, data)
    arrangement = FundingArrangement(client_id=client_id)
    for f in fields(clean):
        setattr(arrangement, f.name, getattr(clean, f.name))
    arrangement.council_reference = clean.council_reference.strip()
    session.add(arrangement)
    session.flush()
    _check_split(session, client_id)
    return arrangement


@needs(Right.MONEY)
def get_funding(session: Session, funding_id: int) -> FundingArrangement:
    found = session.get(FundingArrangement, funding_id)
    if found is None:
        raise NotFoundError(f"There is no funding arrangement with id {funding_id}.")
    return found


@needs(Right.MONEY)
def update_funding(
    session: Session, funding_id: int, data: FundingData, expected_version: int | None = None
) -> FundingArrangement:
    arrangement = get_funding(session, funding_id)
    check_version(arrangement, expected_version)
    clean = validate(session, arrangement.client_id, data)
    for f in fields(clean):
        if getattr(arrangement, f.name) != getattr(clean, f.name):
            setattr(arrangement, f.name, getattr(clean, f.name))
    session.flush()
    _check_split(session, arrangement.client_id)
    return arrangement


@needs(Right.MONEY)
def end_funding(session: Session, funding_id: int, on: date | None = None) -> FundingArrangement:
    arrangement = get_funding(session, funding_id)
    arrangement.end_date = on or clock.today()
    session.flush()
    return arrangement


@needs(Right.MONEY)
def current_funding(
    session: Session, client_id: int, on: date | None = None
) -> list[FundingArrangement]:
    day = on or clock.today()
    rows = session.scalars(
        select(FundingArrangement)
        .where(FundingArrangement.client_id == client_id)
        .order_by(FundingArrangement.id)
    )
    return [
        f
        for f in rows
        if (f.start_date is None or f.start_date <= day)
        and (f.end_date is None or f.end_date >= day)
    ]


def _check_split(session: Session, client_id: int) -> None:
    """Split funding must not bill the same minutes twice: shares of one service add to 100."""
    live = [f for f in current_funding(session, client_id) if f.end_date is None]
    # A payer capped at weekly hours takes whole visits up to its cap, not a share (billing/payers).
    catch_all = [f for f in live if not f.service_types and not f.weekly_minutes]
    if sum(f.share_percent for f in catch_all) > 100:
        raise ValidationError(
            {
                "share_percent": "The shares of this client's funding add up to more than 100%; "
                "reduce a share or end the old arrangement first"
            }
        )


def payer_summary(arrangement: FundingArrangement, client_name: str) -> str:
    """Who the invoice is addressed to, in words (DOMAIN.md 9.1)."""
    kind = FundingType(arrangement.funding_type)
    if arrangement.organisation is not None and kind not in (
        FundingType.DIRECT_PAYMENT,
        FundingType.SELF,
    ):
        return arrangement.organisation.name
    if arrangement.payer_contact is not None:
        return f"{arrangement.payer_contact.name} on behalf of {client_name}"
    return client_name


@dataclass
class OrganisationData:
    name: str = ""
    kind: str = OrganisationKind.COUNCIL.value
    address: str = ""
    postcode: str = ""
    phone: str = ""
    email: str = ""


@needs(Right.MONEY)
def create_organisation(session: Session, data: OrganisationData) -> Organisation:
    c = Checker()
    name = c.required("name", data.name, "Name")
    c.choice("kind", data.kind, OrganisationKind, "Kind")
    postcode = c.check("postcode", read_postcode, data.postcode) or ""
    phone = c.check("phone", read_phone, data.phone) or ""
    email = c.check("email", read_email, data.email) or ""
    c.done()
    org = Organisation(
        name=name,
        kind=data.kind,
        address=data.address.strip(),
        postcode=postcode,
        phone=phone,
        email=email,
    )
    session.add(org)
    session.flush()
    return org


@needs(Right.MONEY)
def list_organisations(session: Session) -> list[Organisation]:
    return list(
        session.scalars(
            select(Organisation)
            .where(Organisation.archived_at.is_(None))
            .order_by(Organisation.name)
        )
    )


@dataclass(frozen=True)
class FundingRow:
    """An arrangement as the client's Funding tab lists it: who pays, for what, from when."""

    id: int
    version: int
    funding_type: str
    payer: str
    council: str
    reference: str
    share: int
    services: str
    start: date | None
    end: date | None
    data: FundingData

    @property
    def ended(self) -> bool:
        return self.end is not None and self.end < clock.today()


@needs(Right.MONEY)
def funding_rows(session: Session, client_id: int) -> list[FundingRow]:
    client = get_client(session, client_id)
    rows = []
    for f in client.funding:
        data = FundingData(
            funding_type=f.funding_type,
            payer_contact_id=f.payer_contact_id,
            organisation_id=f.organisation_id,
            council_reference=f.council_reference,
            purchase_order=f.purchase_order,
            service_types=list(f.service_types or []),
            share_percent=f.share_percent,
            weekly_minutes=f.weekly_minutes,
            start_date=f.start_date,
            end_date=f.end_date,
            notes=f.notes,
        )
        services = ", ".join(service_label(s) for s in data.service_types) or "All"
        rows.append(
            FundingRow(
                f.id,
                f.version,
                f.funding_type,
                payer_summary(f, client.display_name),
                f.organisation.name if f.organisation else "",
                f.council_reference,
                f.share_percent,
                services,
                f.start_date,
                f.end_date,
                data,
            )
        )
    return rows
