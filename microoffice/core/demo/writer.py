"""Turns demo specs into rows: clients, contacts and funding through the services, plans and rate
cards through the ORM (their services belong to later issues). Every row here is audited."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import insert
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.db.audit_hook import append_audit_rows, table_entry
from microoffice.core.demo.people import (
    ACCESS_NOTES,
    GP_PRACTICES,
    STREETS,
    Address,
    address,
    birth_date,
    email,
    landline,
    mobile,
    nhs_number,
    opg_reference,
)
from microoffice.core.demo.rates import Tariff, card_history
from microoffice.core.demo.schedule import Placement
from microoffice.core.demo.spec import ClientSpec, PersonSpec
from microoffice.core.models.billing import RateCard
from microoffice.core.models.clients import Organisation
from microoffice.core.models.enums import ContactKind, FundingType
from microoffice.core.models.visits import VisitPlan, visit_plan_staff
from microoffice.core.services import clients, contacts, funding
from microoffice.core.vocabulary import called

COUNCILS = {
    "bcc": funding.OrganisationData(
        name="Birmingham City Council",
        address="Adult Social Care, Council House\nVictoria Square\nBirmingham",
        postcode="B1 1BB",
        phone="0121 496 0500",
        email="asc.invoices@birmingham.example",
    ),
    "smbc": funding.OrganisationData(
        name="Solihull Metropolitan Borough Council",
        address="Adult Social Care, Council House\nManor Square\nSolihull",
        postcode="B91 3QB",
        phone="0121 496 0600",
        email="adultcare.finance@solihull.example",
    ),
}
COUNCIL_HOURLY_PENCE = {"bcc": 2440, "smbc": 2475}
COUNCIL_REF_PREFIX = {"bcc": "BCC-ASC-", "smbc": "SMBC/ASC/"}
_NOON = time(12, 0)


@dataclass
class DemoContext:
    """What every spec needs while being written: the day, the dice, the councils."""

    session: Session
    rng: random.Random
    today: date
    councils: dict[str, Organisation] = field(default_factory=dict)
    used_nhs: set[str] = field(default_factory=set)

    def add_councils(self) -> None:
        for key, data in COUNCILS.items():
            self.councils[key] = funding.create_organisation(self.session, data)


@dataclass(frozen=True)
class WrittenClient:
    id: int
    spec: ClientSpec
    start: date
    funding_ids: dict[str, int]  # "LA", "SELF", or the spec's funding code


def write_client(ctx: DemoContext, spec: ClientSpec) -> WrittenClient:
    rng, today = ctx.rng, ctx.today
    home = address(rng, STREETS[spec.street])
    start = today - timedelta(days=spec.start_days_ago)
    data = clients.ClientData(
        title=spec.title,
        first_name=spec.first,
        last_name=spec.last,
        preferred_name=spec.preferred,
        date_of_birth=birth_date(rng, today, spec.age, spec.age),
        nhs_number=nhs_number(rng, ctx.used_nhs),
        address_line1=home.line1,
        town=home.town,
        postcode=home.postcode,
        phone=mobile(rng) if spec.mobile else landline(rng),
        email=email(spec.first, spec.last) if spec.mobile else "",
        gp_practice=GP_PRACTICES[spec.gp % len(GP_PRACTICES)],
        communication_needs=spec.communication,
        access_notes=ACCESS_NOTES[spec.access % len(ACCESS_NOTES)],
        start_date=start,
        end_date=spec.end,
        end_reason=spec.end_reason,
        notes=spec.notes,
    )
    client = clients.create_client(ctx.session, data)
    contact_ids = {p.kind: _write_contact(ctx, client.id, p, home) for p in spec.contacts}
    funding_ids = _write_funding(ctx, client.id, spec, start, contact_ids)
    if spec.end is not None:
        archived = clients.archive_client(ctx.session, client.id, spec.end_reason)
        archived.archived_at = clock.to_utc(min(spec.end + timedelta(days=28), today), _NOON)
    return WrittenClient(client.id, spec, start, funding_ids)


def _write_contact(ctx: DemoContext, client_id: int, p: PersonSpec, home: Address) -> int:
    rng = ctx.rng
    first, _, last = p.name.partition(" ")
    elsewhere = address(rng)
    checked = ctx.today - timedelta(days=p.checked_days_ago) if p.checked_days_ago else None
    data = contacts.ContactData(
        kind=p.kind,
        name=p.name,
        relationship_to_client=p.relationship,
        phone=mobile(rng) if p.mobile else landline(rng),
        email=email(first, last) if p.email else "",
        address="" if p.lives_with_client else elsewhere.one_line,
        postcode=home.postcode if p.lives_with_client else elsewhere.postcode,
        is_emergency_contact=p.emergency,
        opg_reference=opg_reference(rng) if p.opg else "",
        document_checked_on=checked,
        notes=p.notes,
    )
    return contacts.add_contact(ctx.session, client_id, data).id


def _reference(ctx: DemoContext, council: str) -> str:
    return f"{COUNCIL_REF_PREFIX[council]}{ctx.rng.randint(100000, 999999)}"


def _write_funding(
    ctx: DemoContext,
    client_id: int,
    spec: ClientSpec,
    start: date,
    contact_ids: dict[str, int],
) -> dict[str, int]:
    s = ctx.session
    made: dict[str, int] = {}
    code = spec.funding
    if code in ("LA", "SPLIT"):
        la = funding.FundingData(
            funding_type=FundingType.COUNCIL.value,
            organisation_id=ctx.councils[spec.council].id,
            council_reference=_reference(ctx, spec.council),
            purchase_order=f"PO {ctx.rng.randint(4500000000, 4509999999)}",
            service_types=["personal_care"] if code == "SPLIT" else [],
            weekly_minutes=_weekly_minutes(spec, "LA" if code == "SPLIT" else ""),
            start_date=start,
            end_date=spec.end,
        )
        made["LA"] = funding.add_funding(s, client_id, la).id
    if code in ("SELF", "SPLIT"):
        payer = contact_ids.get(ContactKind.LPA_FINANCE)
        own = funding.FundingData(
            funding_type=FundingType.SELF.value,
            payer_contact_id=payer,
            service_types=["companionship"] if code == "SPLIT" else [],
            notes=f"Private top-up paid by {called(spec.first, spec.preferred)}"
            if code == "SPLIT"
            else "",
            start_date=start,
            end_date=spec.end,
        )
        made["SELF"] = funding.add_funding(s, client_id, own).id
    if code in ("DP", "DP_MANAGED"):
        holder = contact_ids.get(ContactKind.DP_NOMINATED) or contact_ids.get(
            ContactKind.DP_AUTHORISED
        )
        dp = funding.FundingData(
            funding_type=FundingType.DIRECT_PAYMENT.value
            if code == "DP"
            else FundingType.DIRECT_PAYMENT_MANAGED.value,
            payer_contact_id=holder,
            council_reference=f"DP/{ctx.rng.randint(10000, 99999)}",
            weekly_minutes=_weekly_minutes(spec, ""),
            start_date=start,
            end_date=spec.end,
        )
        made[code] = funding.add_funding(s, client_id, dp).id
    if code == "THIRD":
        third = funding.FundingData(
            funding_type=FundingType.THIRD_PARTY.value,
            payer_contact_id=contact_ids[ContactKind.LPA_FINANCE],
            start_date=start,
            end_date=spec.end,
        )
        made["THIRD"] = funding.add_funding(s, client_id, third).id
    _write_rate_cards(ctx, client_id, spec, start, made)
    return made


def _weekly_minutes(spec: ClientSpec, which: str) -> int:
    return sum(
        v.minutes * len(v.days) // v.every_weeks
        for v in spec.visits
        if not which or v.funding == which
    )


def _write_rate_cards(
    ctx: DemoContext, client_id: int, spec: ClientSpec, start: date, made: dict[str, int]
) -> None:
    for label, funding_id in made.items():
        if label == "LA":
            tariff = Tariff("council", COUNCIL_HOURLY_PENCE[spec.council])
        else:
            kind = "dp" if label.startswith("DP") else "private"
            evenings = any(v.latest >= "19:30" for v in spec.visits)
            tariff = Tariff(kind, spec.hourly_pence, evenings, spec.mileage_pence)
        for values in card_history(tariff, start, ctx.today, spec.end):
            ctx.session.add(RateCard(client_id=client_id, funding_id=funding_id, **values))
    ctx.session.flush()


def _plus(start: time, minutes: int) -> time:
    """The end on the clock of a visit this long (past midnight: the next morning)."""
    return (datetime.combine(date(2000, 1, 1), start) + timedelta(minutes=minutes)).time()


def write_plans(
    ctx: DemoContext, placements: list[Placement], written: list[WrittenClient]
) -> list[tuple[VisitPlan, Placement]]:
    """One VisitPlan per placement, with its regular carers in visit_plan_staff."""
    plans = []
    for placed in placements:
        need = placed.need
        plan = VisitPlan(
            client_id=written[need.client].id,
            rrule=placed.rrule,
            start_date=need.start,
            end_date=need.end,
            start_time=placed.start_time,
            end_time=_plus(placed.start_time, need.minutes),
            service_type=str(need.service_type),
            tasks=list(need.tasks),
            staff_required=need.staff_required,
        )
        ctx.session.add(plan)
        plans.append((plan, placed))
    ctx.session.flush()
    links = [{"plan_id": p.id, "staff_id": s} for p, placed in plans for s in placed.staff]
    if links:
        ctx.session.execute(insert(visit_plan_staff), links)
        append_audit_rows(ctx.session, [table_entry(ctx.session, "visit_plan_staff", links)])
    return plans
