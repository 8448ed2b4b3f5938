"""Who is invoiced for a visit, from the client's funding arrangements (DOMAIN.md 9.1).

A direct payment is invoiced to its holder (the client, or a nominated or authorised person),
never to the council; council-commissioned care goes to the council with its reference; split
funding sends each visit to the right payer, and never bills the same minutes twice: a payer with
weekly hours takes whole visits until its hours for that week are used, service-type funding takes
its own visits, and percentage shares divide the charge so the parts add up to one charge.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core.billing.pricing import half_up
from microoffice.core.models.billing import Invoice, InvoiceLine
from microoffice.core.models.clients import Client, FundingArrangement
from microoffice.core.models.enums import FundingType
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right

LAYOUTS = {
    FundingType.SELF: "standard",
    FundingType.THIRD_PARTY: "standard",
    FundingType.DIRECT_PAYMENT: "direct_payment",
    FundingType.DIRECT_PAYMENT_MANAGED: "direct_payment",
    FundingType.COUNCIL: "council",
    FundingType.INDIVIDUAL_SERVICE_FUND: "council",
    FundingType.CHC: "council",
}
_ORGANISATION_PAYS = {
    FundingType.COUNCIL,
    FundingType.INDIVIDUAL_SERVICE_FUND,
    FundingType.CHC,
}


@dataclass(frozen=True)
class Payer:
    funding_id: int
    funding_type: str
    name: str
    address: str
    reference: str
    layout: str
    share_percent: int
    weekly_minutes: int | None
    email: str = ""

    @property
    def label(self) -> str:
        return FundingType(self.funding_type).label


def _client_address(client: Client) -> str:
    return "\n".join(client.address_lines)


def _contact_address(address: str, postcode: str) -> str:
    lines = [line.strip() for line in address.splitlines() if line.strip()]
    if postcode and postcode not in " ".join(lines):
        lines.append(postcode)
    return "\n".join(lines)


def payer_for(arrangement: FundingArrangement, client: Client) -> Payer:
    """The name, address and reference an invoice under this arrangement is addressed to."""
    kind = FundingType(arrangement.funding_type)
    reference = " / ".join(
        p
        for p in (
            f"Ref {arrangement.council_reference}" if arrangement.council_reference else "",
            f"PO {arrangement.purchase_order}" if arrangement.purchase_order else "",
        )
        if p
    )
    org, contact = arrangement.organisation, arrangement.payer_contact
    if kind in _ORGANISATION_PAYS and org is not None:
        name, address, email = org.name, _contact_address(org.address, org.postcode), org.email
    elif contact is not None:
        name = f"{contact.name} on behalf of {client.full_name}"
        address = _contact_address(contact.address, contact.postcode)
        email = contact.email
        if kind == FundingType.DIRECT_PAYMENT_MANAGED and org is not None:
            address = f"c/o {org.name}\n{_contact_address(org.address, org.postcode)}"
    else:
        name, address, email = client.full_name, _client_address(client), client.email
        if kind == FundingType.DIRECT_PAYMENT_MANAGED and org is not None:
            address = f"c/o {org.name}\n{_contact_address(org.address, org.postcode)}"
    return Payer(
        funding_id=arrangement.id,
        funding_type=kind.value,
        name=name,
        address=address,
        reference=reference,
        layout=LAYOUTS[kind],
        share_percent=arrangement.share_percent,
        weekly_minutes=arrangement.weekly_minutes,
        email=email,
    )


def active_on(arrangements: list[FundingArrangement], day: date) -> list[FundingArrangement]:
    return [
        a
        for a in arrangements
        if (a.start_date is None or a.start_date <= day)
        and (a.end_date is None or day <= a.end_date)
    ]


def candidates(
    arrangements: list[FundingArrangement], day: date, service_type: str
) -> list[FundingArrangement]:
    """Arrangements that could pay for this visit: those naming its service type, else the
    catch-all ones (no service types listed)."""
    live = active_on(arrangements, day)
    named = [a for a in live if service_type in (a.service_types or [])]
    return named or [a for a in live if not a.service_types]


@dataclass
class WeeklyHours:
    """Minutes used per (arrangement, ISO week), so a capped payer takes whole visits only."""

    used: dict[tuple[int, int, int], int]

    def fits(self, arrangement: FundingArrangement, day: date, minutes: int) -> bool:
        cap = arrangement.weekly_minutes or 0
        year, week, _ = day.isocalendar()
        return self.used.get((arrangement.id, year, week), 0) + minutes <= cap

    def take(self, arrangement: FundingArrangement, day: date, minutes: int) -> None:
        year, week, _ = day.isocalendar()
        key = (arrangement.id, year, week)
        self.used[key] = self.used.get(key, 0) + minutes


@needs(Right.MONEY)
def invoiced_in_split_weeks(
    session: Session, clients: list[Client], start: date, end: date
) -> dict[tuple[int, int, int], int]:
    """Minutes a capped payer was already invoiced in the weeks the period cuts in two.

    A run for 1-31 December starts on a Tuesday: the Monday's visit was on November's invoice.
    Counting it keeps the payer's week to what was agreed across both invoices, so the top-up
    pays for what is over, as it would have in one run.
    """
    capped = [a.id for c in clients for a in c.funding if a.weekly_minutes]
    if not capped:
        return {}
    edges: list[tuple[date, date]] = []
    if start.weekday():
        edges.append((start - timedelta(days=start.weekday()), start - timedelta(days=1)))
    if end.weekday() != 6:
        edges.append((end + timedelta(days=1), end + timedelta(days=6 - end.weekday())))
    used: dict[tuple[int, int, int], int] = defaultdict(int)
    for first, last in edges:
        rows = session.execute(
            select(Invoice.funding_id, InvoiceLine.day, InvoiceLine.quantity_minutes)
            .join(Invoice, Invoice.id == InvoiceLine.invoice_id)
            .where(
                Invoice.funding_id.in_(capped),
                Invoice.kind == "invoice",
                Invoice.status.not_in(("draft", "void")),
                InvoiceLine.line_kind == "visit",
                InvoiceLine.day >= first,
                InvoiceLine.day <= last,
            )
        )
        for funding_id, day, minutes in rows:
            if funding_id is not None and day is not None:
                year, week, _ = day.isocalendar()
                used[(funding_id, year, week)] += minutes
    return dict(used)


def split_amount(amount: int, shares: list[int]) -> list[int]:
    """Divide pence by percentage shares (adding to 100); the last share takes the remainder so
    the parts always add up to exactly the whole."""
    parts = [half_up(Decimal(amount) * s / 100) for s in shares[:-1]]
    return [*parts, amount - sum(parts)]
