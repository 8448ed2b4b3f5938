"""Builders for billing tests: a business, clients with funding and rate cards, visits with notes.

Visits are written as rows directly (as the visit log would leave them), so each test states
exactly what happened: planned times, actual times, status, carers, notes.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy.orm import Session

from microoffice.core.billing.rate_cards import RateCardData, create_card
from microoffice.core.clock import LONDON
from microoffice.core.models.billing import RateCard
from microoffice.core.models.clients import Client
from microoffice.core.models.records import DailyNote
from microoffice.core.models.staff import Staff
from microoffice.core.models.visits import Visit, visit_staff
from microoffice.core.scheduling.visits import audit_link
from microoffice.core.services import business, clients, contacts, funding

PLAIN_CARD: dict[str, Any] = {
    "name": "Private hourly",
    "hourly_rate_pence": 2550,
    "minimum_minutes": 30,
    "billing_unit_minutes": 15,
    "rounding": "UP",
    "grace_minutes": 5,
    "charge_basis": "PLANNED",
    "payment_terms_days": 14,
    "enhancements": [
        {"name": "Saturday", "when": "SAT", "type": "MULTIPLIER", "value": "1.2", "precedence": 10},
        {
            "name": "Bank holiday",
            "when": "BANK_HOLIDAY",
            "type": "MULTIPLIER",
            "value": "1.5",
            "precedence": 50,
        },
    ],
}


def set_up_business(s: Session, *, vat_number: str = "", cqc: bool = True) -> None:
    business.update_business(
        s,
        business.BusinessData(
            legal_name="Barbara Okafor",
            trading_name="Kindly Care at Home",
            address="12 Mill Lane\nKings Heath\nBirmingham",
            postcode="B14 7PL",
            phone="0121 496 0000",
            email="barbara@kindlycare.example",
            cqc_registered=cqc,
            cqc_provider_id="1-1234567890" if cqc else "",
            vat_number=vat_number,
            bank_account_name="Kindly Care at Home",
            bank_sort_code="12-34-56",
            bank_account_number="12345678",
            payment_terms_days=14,
        ),
    )


def add_client(s: Session, first: str, last: str, nation: str = "england") -> Client:
    return clients.create_client(
        s,
        clients.ClientData(
            first_name=first,
            last_name=last,
            title="Mrs",
            address_line1="4 Oak Road",
            town="Birmingham",
            postcode="B13 9PT",
            nation=nation,
        ),
    )


def self_funded(s: Session, client: Client, **kw: Any) -> int:
    return funding.add_funding(s, client.id, funding.FundingData(funding_type="SELF", **kw)).id


def direct_payment(s: Session, client: Client, holder: str = "David Hughes") -> int:
    contact = contacts.add_contact(
        s,
        client.id,
        contacts.ContactData(
            kind="dp_nominated", name=holder, address="9 Elm Street\nBirmingham", postcode="B14 6AA"
        ),
    )
    data = funding.FundingData(
        funding_type="DP", payer_contact_id=contact.id, council_reference="DP-55812"
    )
    return funding.add_funding(s, client.id, data).id


def council(s: Session, client: Client, **kw: Any) -> int:
    org = funding.create_organisation(
        s,
        funding.OrganisationData(
            name="Birmingham City Council",
            address="Adult Social Care\nPO Box 16465",
            postcode="B2 2GE",
        ),
    )
    data = funding.FundingData(
        funding_type="LA",
        organisation_id=org.id,
        council_reference="BCC-4471",
        purchase_order="PO-9001",
        **kw,
    )
    return funding.add_funding(s, client.id, data).id


def add_card(
    s: Session,
    client: Client,
    start: date = date(2026, 1, 1),
    funding_id: int | None = None,
    **kw: Any,
) -> RateCard:
    values = PLAIN_CARD | kw
    data = RateCardData(effective_from=start)
    for key, value in values.items():
        setattr(data, key, value)
    return create_card(s, client.id, data, funding_id)


def staff_member(s: Session, first: str = "Priya", last: str = "Shah") -> Staff:
    member = Staff(first_name=first, last_name=last)
    s.add(member)
    s.flush()
    return member


def at(day: date, hm: str) -> datetime:
    h, m = (int(p) for p in hm.split(":"))
    return datetime.combine(day, time(h, m), tzinfo=LONDON)


def add_visit(
    s: Session,
    client: Client,
    day: date,
    start: str,
    end: str,
    *,
    status: str = "completed",
    note: bool = True,
    actual: tuple[str, str] | None = None,
    staff: list[Staff] | None = None,
    staff_required: int = 1,
    service_type: str = "personal_care",
    mileage_tenths: int = 0,
    notice_at: datetime | None = None,
    reason: str = "",
) -> Visit:
    s_at, e_at = at(day, start), at(day, end)
    if e_at <= s_at:
        e_at += timedelta(days=1)
    visit = Visit(
        client_id=client.id,
        planned_start=s_at,
        planned_end=e_at,
        status=status,
        staff_required=staff_required,
        service_type=service_type,
        mileage_tenths=mileage_tenths,
        cancellation_notice_at=notice_at,
        cancellation_reason=reason,
        confirmed_at=e_at if status != "planned" else None,
    )
    if actual:
        visit.actual_start, visit.actual_end = at(day, actual[0]), at(day, actual[1])
    elif status == "completed":
        visit.actual_start, visit.actual_end = s_at, e_at
    s.add(visit)
    s.flush()
    for member in staff or []:
        s.execute(visit_staff.insert().values(visit_id=visit.id, staff_id=member.id))
    if staff:  # audited as the scheduling service does, so `check` finds the staff on record
        audit_link(s, "visit_staff", visit.id, [], [member.id for member in staff])
    if note and status == "completed":
        s.add(
            DailyNote(
                client_id=client.id,
                visit_id=visit.id,
                occurred_at=e_at,
                text="Personal care given; all well.",
            )
        )
        s.flush()
    return visit
