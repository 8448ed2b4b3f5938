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
from microoffice.core.billing.pricing import price_visit
from microoffice.core.billing.rate_cards import client_terms, terms_for_payer
from microoffice.core.billing.visits_in import period_visits
from microoffice.core.calendar.bank_holidays import BankHoliday, bank_holidays
from microoffice.core.growth.costs import CostInputs
from microoffice.core.models.clients import Client, FundingArrangement
from microoffice.core.models.enums import VisitStatus
from microoffice.core.models.staff import Staff
from microoffice.core.scheduling.occurrences import occurrences
from microoffice.core.scheduling.pairings import TravelTable

ACTIVE = {VisitStatus.PLANNED.value, VisitStatus.COMPLETED.value}


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(first: date) -> date:
    return (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def parse_month(text: str) -> date:
    """'2026-12' or '12/2026' -> 1 December 2026."""
    value = text.strip()
    try:
        if "/" in value:
            month, year = value.split("/")
        else:
            year, month = value.split("-")
        return date(int(year), int(month), 1)
    except ValueError:
        raise ValueError(f"'{text}' is not a month; write it like 2026-12") from None


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


def month_figures(session: Session, month: date, inputs: CostInputs) -> MonthFigures:
    first, last = month_start(month), month_end(month_start(month))
    income, expected, unpriced = _income(session, first, last)
    care, travel, pay = _pay(session, first, last, inputs.hourly_pay_pence)
    holiday = _half_up(Decimal(pay) * inputs.holiday_percent / 100)
    oncost = _half_up(Decimal(pay + holiday) * inputs.oncost_percent / 100)
    mileage = _half_up(
        Decimal(care)
        / 60
        * Decimal(inputs.miles_per_hour_tenths)
        / 10
        * inputs.mileage_pence_per_mile
    )
    overheads = _half_up(Decimal(inputs.annual_overheads_pence) / 12)
    return MonthFigures(
        first, income, expected, care, travel, pay, holiday, oncost, mileage, overheads, unpriced
    )


def recent_months(
    session: Session, inputs: CostInputs, count: int = 12, last: date | None = None
) -> list[MonthFigures]:
    """The `count` months up to and including the month of `last` (default: this month)."""
    month = month_start(last or clock.today())
    firsts = []
    for _ in range(count):
        firsts.append(month)
        month = month_start(month - timedelta(days=1))
    return [month_figures(session, m, inputs) for m in reversed(firsts)]


def _income(session: Session, first: date, last: date) -> tuple[int, int, int]:
    visits = period_visits(session, first, last)
    ids = sorted({v.client_id for v in visits})
    cards, _bad = client_terms(session, ids)
    funding: dict[int, list[FundingArrangement]] = defaultdict(list)
    for f in session.scalars(
        select(FundingArrangement).where(FundingArrangement.client_id.in_(ids))
    ):
        funding[f.client_id].append(f)
    nations = {
        cid: nation
        for cid, nation in session.execute(
            select(Client.id, Client.nation).where(Client.id.in_(ids))
        )
    }
    calendars: dict[str, dict[date, BankHoliday]] = {}
    now = clock.now()
    total = expected = unpriced = 0
    for pv in visits:
        nation = nations.get(pv.client_id, "england")
        if nation not in calendars:
            calendars[nation] = bank_holidays(
                nation, first - timedelta(days=7), last + timedelta(days=7), session
            )
        pool = candidates(funding[pv.client_id], pv.day, pv.facts.service_type)
        own = cards.get(pv.client_id, [])
        terms = None
        for arrangement in pool:
            terms = terms_for_payer(own, arrangement.id, pv.day)
            if terms is not None:
                break
        terms = terms or terms_for_payer(own, None, pv.day)
        if terms is None:
            if pv.status in ACTIVE:
                unpriced += 1
            continue
        amount = price_visit(pv.facts, terms, calendars[nation]).total_pence
        total += amount
        if pv.status == VisitStatus.PLANNED.value and pv.facts.planned_end > now:
            expected += amount
    return total, expected, unpriced


def _pay(session: Session, first: date, last: date, default_pence: int) -> tuple[int, int, int]:
    """(care minutes, travel minutes, pay in pence) for everyone on the rota in the month."""
    wages = {
        sid: pay or default_pence
        for sid, pay in session.execute(select(Staff.id, Staff.hourly_pay_pence))
    }
    travel_table = TravelTable(session)
    by_day: dict[tuple[int, date], list[tuple[datetime, int]]] = defaultdict(list)
    care = travel = 0
    paid = Decimal(0)
    for occ in occurrences(session, first, last):
        if not occ.active:
            continue
        start = occ.actual_start or occ.planned_start
        end = occ.actual_end or occ.planned_end
        minutes = max(0, int((end - start).total_seconds() // 60))
        staff = occ.staff_ids or ((0,) * occ.staff_required)  # unfilled: still has to be paid
        for sid in staff:
            care += minutes
            paid += Decimal(minutes) * wages.get(sid, default_pence) / 60
            if sid:
                by_day[(sid, occ.day)].append((start, occ.client_id))
    for (sid, _day), visits in by_day.items():
        visits.sort()
        for (_, a), (_, b) in itertools.pairwise(visits):
            journey = travel_table.minutes(a, b)
            travel += journey
            paid += Decimal(journey) * wages.get(sid, default_pence) / 60
    return care, travel, _half_up(paid)
