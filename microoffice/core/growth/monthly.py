"""A month of the business: what the care was worth, what it cost, and what was left.

Income is every visit in the month priced at the client's rate card by the billing engine (the
figure an invoice run would reach, whether or not it has been run yet); visits still to come
count as expected. Costs are each visit's pay at the rate of whoever does it (the cost inputs'
hourly pay for anyone with none recorded, usually the owner), the paid journeys between visits
on the rota, holiday and employer's costs as percentages, mileage per hour of care, and a twelfth
of the year's overheads.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.billing.payers import candidates
from microoffice.core.billing.pricing import VisitFacts, price_visit
from microoffice.core.billing.rate_cards import client_terms, terms_for_payer
from microoffice.core.calendar.bank_holidays import BankHoliday, bank_holidays
from microoffice.core.growth.costs import CostInputs
from microoffice.core.models.clients import Client, FundingArrangement
from microoffice.core.models.enums import VisitStatus
from microoffice.core.models.staff import Staff
from microoffice.core.models.visits import Visit
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.scheduling.occurrences import Occurrence, occurrences
from microoffice.core.scheduling.pairings import TravelTable

ACTIVE = {VisitStatus.PLANNED.value, VisitStatus.COMPLETED.value}


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(first: date) -> date:
    return (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)


@dataclass(frozen=True)
class MonthFigures:
    month: date  # the first of the month
    income_pence: int
    expected_income_pence: int  # part of income from visits not yet done
    care_minutes: int  # staff minutes with clients (a double-up counts twice)
    travel_minutes: int
    pay_pence: int  # care and travel time
    holiday_pence: int
    oncost_pence: int
    mileage_pence: int
    overheads_pence: int
    unpriced_visits: int  # no rate card in force

    @property
    def costs_pence(self) -> int:
        return (
            self.pay_pence
            + self.holiday_pence
            + self.oncost_pence
            + self.mileage_pence
            + self.overheads_pence
        )

    @property
    def left_pence(self) -> int:
        return self.income_pence - self.costs_pence


def _half_up(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@needs(Right.GOVERNANCE)
def month_figures(session: Session, month: date, inputs: CostInputs) -> MonthFigures:
    first = month_start(month)
    return _months(session, [first], inputs)[0]


@needs(Right.GOVERNANCE)
def recent_months(
    session: Session, inputs: CostInputs, count: int = 12, last: date | None = None
) -> list[MonthFigures]:
    """The `count` months up to and including the month of `last` (default: this month)."""
    month = month_start(last or clock.today())
    firsts = []
    for _ in range(count):
        firsts.append(month)
        month = month_start(month - timedelta(days=1))
    return _months(session, sorted(firsts), inputs)


@dataclass
class _Tally:
    income: int = 0
    expected: int = 0
    unpriced: int = 0
    care: int = 0
    travel: int = 0
    paid: Decimal = Decimal(0)


def _months(session: Session, firsts: list[date], inputs: CostInputs) -> list[MonthFigures]:
    """One read of the whole stretch (visits, cards, funding), then a tally per month."""
    first, last = firsts[0], month_end(firsts[-1])
    found = occurrences(session, first, last)
    tallies = {m: _Tally() for m in firsts}
    _income(session, found, first, last, tallies)
    _pay(session, found, inputs.hourly_pay_pence, tallies)
    out = []
    for month in firsts:
        t = tallies[month]
        pay = _half_up(t.paid)
        holiday = _half_up(Decimal(pay) * inputs.holiday_percent / 100)
        oncost = _half_up(Decimal(pay + holiday) * inputs.oncost_percent / 100)
        miles = Decimal(t.care) / 60 * Decimal(inputs.miles_per_hour_tenths) / 10
        mileage = _half_up(miles * inputs.mileage_pence_per_mile)
        overheads = _half_up(Decimal(inputs.annual_overheads_pence) / 12)
        out.append(
            MonthFigures(
                month,
                t.income,
                t.expected,
                t.care,
                t.travel,
                pay,
                holiday,
                oncost,
                mileage,
                overheads,
                t.unpriced,
            )
        )
    return out


def _extras(session: Session, ids: list[int]) -> dict[int, tuple[int, datetime | None, str]]:
    """Mileage and cancellation details of real visits, which the calendar view leaves out."""
    out: dict[int, tuple[int, datetime | None, str]] = {}
    for chunk in range(0, len(ids), 900):
        for vid, miles, notice, reason in session.execute(
            select(
                Visit.id,
                Visit.mileage_tenths,
                Visit.cancellation_notice_at,
                Visit.cancellation_reason,
            ).where(Visit.id.in_(ids[chunk : chunk + 900]))
        ):
            out[vid] = (miles, notice, reason)
    return out


def _facts(occ: Occurrence, extra: tuple[int, datetime | None, str]) -> VisitFacts:
    miles, notice, reason = extra
    if occ.visit_id is not None and occ.status == VisitStatus.COMPLETED.value:
        staff = len(occ.staff_ids) or occ.staff_required
    else:
        staff = occ.staff_required
    return VisitFacts(
        planned_start=occ.planned_start,
        planned_end=occ.planned_end,
        visit_id=occ.visit_id,
        actual_start=occ.actual_start,
        actual_end=occ.actual_end,
        status=occ.status,
        staff_count=max(1, staff),
        service_type=occ.service_type,
        mileage_tenths=miles,
        cancellation_notice_at=notice,
        cancellation_reason=reason,
    )


def _income(
    session: Session,
    found: list[Occurrence],
    first: date,
    last: date,
    tallies: dict[date, _Tally],
) -> None:
    """Each visit priced as the invoice run would price it (billing.pricing.price_visit)."""
    ids = sorted({o.client_id for o in found})
    cards, _bad = client_terms(session, ids)
    funding: dict[int, list[FundingArrangement]] = defaultdict(list)
    for f in session.scalars(select(FundingArrangement)):
        funding[f.client_id].append(f)
    nations = {cid: nation for cid, nation in session.execute(select(Client.id, Client.nation))}
    extras = _extras(session, [o.visit_id for o in found if o.visit_id is not None])
    calendars: dict[str, dict[date, BankHoliday]] = {}
    now = clock.now()
    for occ in found:
        tally = tallies[month_start(occ.day)]
        nation = nations.get(occ.client_id, "england")
        if nation not in calendars:
            calendars[nation] = bank_holidays(
                nation, first - timedelta(days=7), last + timedelta(days=7), session
            )
        own = cards.get(occ.client_id, [])
        terms = None
        for arrangement in candidates(funding[occ.client_id], occ.day, occ.service_type):
            terms = terms_for_payer(own, arrangement.id, occ.day)
            if terms is not None:
                break
        terms = terms or terms_for_payer(own, None, occ.day)
        if terms is None:
            if occ.status in ACTIVE:
                tally.unpriced += 1
            continue
        facts = _facts(occ, extras.get(occ.visit_id or 0, (0, None, "")))
        amount = price_visit(facts, terms, calendars[nation]).total_pence
        tally.income += amount
        if occ.status == VisitStatus.PLANNED.value and occ.planned_end > now:
            tally.expected += amount


def _pay(
    session: Session, found: list[Occurrence], default_pence: int, tallies: dict[date, _Tally]
) -> None:
    """Care minutes, the journeys between one person's visits on a day, and their pay."""
    wages = {
        sid: pay or default_pence
        for sid, pay in session.execute(select(Staff.id, Staff.hourly_pay_pence))
    }
    travel_table = TravelTable(session)
    by_day: dict[tuple[int, date], list[tuple[datetime, int]]] = defaultdict(list)
    for occ in found:
        if not occ.active:
            continue
        tally = tallies[month_start(occ.day)]
        start = occ.actual_start or occ.planned_start
        end = occ.actual_end or occ.planned_end
        minutes = clock.elapsed_minutes(start, end)
        staff = occ.staff_ids or ((0,) * occ.staff_required)  # unfilled: still has to be paid
        for sid in staff:
            tally.care += minutes
            tally.paid += Decimal(minutes) * wages.get(sid, default_pence) / 60
            if sid:
                by_day[(sid, occ.day)].append((start, occ.client_id))
    for (sid, day), visits in by_day.items():
        visits.sort()
        tally = tallies[month_start(day)]
        for (_, here), (_, there) in itertools.pairwise(visits):
            journey = travel_table.minutes(here, there)
            tally.travel += journey
            tally.paid += Decimal(journey) * wages.get(sid, default_pence) / 60
