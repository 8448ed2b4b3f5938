"""The cost calculator's starting figures, read from the business's own data, and every price in
force set against the cost of an hour and the published reference points.

Suggestions come from the next four weeks of the rota (hours of care, travel between visits, each
person's pay), the dated reference figures (holiday accrual, HMRC mileage, the ICO fee) and the
National Living Wage for anyone whose pay is not recorded (usually the owner: change it to your
target pay). What the person saved always wins over a suggestion.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.billing.rate_cards import client_terms
from microoffice.core.growth.costs import CostBreakdown, CostInputs, saved_inputs
from microoffice.core.growth.slots import Rota
from microoffice.core.models.clients import Client, FundingArrangement
from microoffice.core.models.enums import FundingType
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.services.business import reference_value

ROTA_WEEKS = 4
REFERENCE_POINTS = (
    ("hca_minimum_price_pence", "Homecare Association minimum price (England)"),
    ("council_average_fee_pence", "Average council fee rate"),
)


def _ref_int(session: Session, key: str, on: date, default: int) -> int:
    value = reference_value(session, key, on)
    try:
        return int(Decimal(value)) if value is not None else default
    except ArithmeticError:
        return default


@dataclass(frozen=True)
class RotaFigures:
    """Care and travel booked over the next few weeks, and pay weighted by who does the hours."""

    contact_minutes: int
    travel_minutes: int
    weeks: int
    pay_pence: int  # average hourly pay, weighted by contact minutes


@needs(Right.GOVERNANCE)
def rota_figures(session: Session, on: date | None = None, weeks: int = ROTA_WEEKS) -> RotaFigures:
    first = (on or clock.today()) + timedelta(days=1)
    last = first + timedelta(days=7 * weeks - 1)
    rota = Rota(session, first, last)
    nlw = _ref_int(session, "nlw_21_plus_pence", first, 1271)
    contact = travel = 0
    paid = Decimal(0)
    for person in rota.people:
        minutes = rota.minutes_on_rota(person.id)
        contact += minutes
        paid += Decimal(minutes) * (person.hourly_pay_pence or nlw)
        by_day: dict[date, list[tuple[datetime, int]]] = defaultdict(list)
        for busy in rota.busy.get(person.id, []):
            day = clock.to_local(busy.start).date()
            if first <= day <= last:
                by_day[day].append((busy.start, busy.client_id))
        for visits in by_day.values():
            visits.sort()
            for (_, here), (_, there) in itertools.pairwise(visits):
                travel += rota.travel_table.minutes(here, there)
    pay = int((paid / contact).quantize(Decimal(1), ROUND_HALF_UP)) if contact else nlw
    return RotaFigures(contact, travel, weeks, pay)


@needs(Right.GOVERNANCE)
def suggested_inputs(session: Session, on: date | None = None) -> CostInputs:
    day = on or clock.today()
    figures = rota_figures(session, day)
    hours = (Decimal(figures.contact_minutes) / 60 / figures.weeks).quantize(Decimal("0.01"))
    travel = 0
    if figures.contact_minutes:
        travel = int(
            (Decimal(figures.travel_minutes) * 60 / figures.contact_minutes).quantize(
                Decimal(1), ROUND_HALF_UP
            )
        )
    holiday = reference_value(session, "holiday_accrual_irregular_percent", day)
    return CostInputs(
        hourly_pay_pence=figures.pay_pence,
        travel_minutes_per_hour=min(travel, 60),
        mileage_pence_per_mile=_ref_int(session, "mileage_allowance_first_10000_pence", day, 45),
        holiday_percent=Decimal(holiday) if holiday else Decimal("12.07"),
        hours_per_week=hours if hours > 0 else Decimal(1),
        ico_pence=_ref_int(session, "ico_fee_tier1_pence", day, 0),
    )


@needs(Right.GOVERNANCE)
def current_inputs(session: Session, on: date | None = None) -> CostInputs:
    """What the person saved, else suggestions from the rota and reference data."""
    return saved_inputs(session) or suggested_inputs(session, on)


@needs(Right.GOVERNANCE)
def refresh_from_rota(session: Session, inputs: CostInputs, on: date | None = None) -> CostInputs:
    """Keep what was typed but take hours and travel from the rota as it is now."""
    fresh = suggested_inputs(session, on)
    return replace(
        inputs,
        hours_per_week=fresh.hours_per_week,
        travel_minutes_per_hour=fresh.travel_minutes_per_hour,
    )


@dataclass(frozen=True)
class RateComparison:
    client_id: int
    client_name: str
    card_name: str
    payer: str
    hourly_rate_pence: int
    cost_pence: int

    @property
    def margin_pence(self) -> int:
        return self.hourly_rate_pence - self.cost_pence

    @property
    def below_cost(self) -> bool:
        return self.hourly_rate_pence < self.cost_pence


def _payer_label(funding: FundingArrangement | None, all_funding: list[FundingArrangement]) -> str:
    chosen = funding or (all_funding[0] if len(all_funding) == 1 else None)
    if chosen is None:
        return "Mixed" if all_funding else "Not set"
    try:
        return FundingType(chosen.funding_type).label
    except ValueError:
        return chosen.funding_type


@needs(Right.GOVERNANCE)
def compare_rates(
    session: Session, costs: CostBreakdown, on: date | None = None
) -> list[RateComparison]:
    """Every current client's hourly rate in force on the day, against the cost of an hour."""
    day = on or clock.today()
    clients = list(
        session.scalars(
            select(Client).where(
                Client.archived_at.is_(None),
                (Client.end_date.is_(None)) | (Client.end_date >= day),
            )
        )
    )
    cards, _bad = client_terms(session, [c.id for c in clients])
    funding: dict[int, list[FundingArrangement]] = defaultdict(list)
    for f in session.scalars(select(FundingArrangement)):
        funding[f.client_id].append(f)
    by_id = {f.id: f for fs in funding.values() for f in fs}
    out = []
    for client in clients:
        for funding_id, terms in cards.get(client.id, []):
            if not terms.covers(day) or not terms.hourly_rate_pence:
                continue
            out.append(
                RateComparison(
                    client.id,
                    client.display_name,
                    terms.name,
                    _payer_label(by_id.get(funding_id or 0), funding[client.id]),
                    terms.hourly_rate_pence,
                    costs.total_pence,
                )
            )
    return sorted(out, key=lambda r: (r.margin_pence, r.client_name))


@dataclass(frozen=True)
class ReferencePoint:
    key: str
    label: str
    pence: int
    effective_from: date
    source: str


@needs(Right.GOVERNANCE)
def reference_points(session: Session, on: date | None = None) -> list[ReferencePoint]:
    """Published figures in force on the day (dated, editable data: Settings or the Costs tab)."""
    from microoffice.core.models.business import ReferenceValue

    day = on or clock.today()
    out = []
    for key, label in REFERENCE_POINTS:
        row = session.scalar(
            select(ReferenceValue)
            .where(ReferenceValue.key == key, ReferenceValue.effective_from <= day)
            .order_by(ReferenceValue.effective_from.desc())
            .limit(1)
        )
        if row is None:
            continue
        try:
            pence = int(Decimal(row.value))
        except ArithmeticError:
            continue
        out.append(ReferencePoint(key, label, pence, row.effective_from, row.source))
    return out
