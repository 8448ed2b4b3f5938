"""The pricing engine: one visit's facts, a rate card and a bank-holiday calendar in, lines out.

Pure on purpose (no session, no clock): the same inputs always give the same pence, which is what
lets an issued invoice be reproduced from the card and calendar stored with it, and lets the tests
check worked cases by hand. Money is Decimal during the arithmetic and whole pence per line,
rounded half up (DOMAIN.md 9.5).

Each line shows a rate and a quantity that multiply to its amount: the enhanced hourly rate is
rounded to the penny first, then the line is rate x hours x carers, rounded half up.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise
from typing import Any

from microoffice.core.billing import daytypes
from microoffice.core.billing.terms import (
    Basis,
    DoubleUp,
    Enhancement,
    RateTerms,
    Rounding,
    Uplift,
    normalise_reason,
)
from microoffice.core.calendar.bank_holidays import BankHoliday
from microoffice.core.clock import LONDON, elapsed_minutes, to_utc

CHARGEABLE_CANCELLED = "cancelled_client"
NOT_CHARGED = frozenset({"cancelled_provider", "missed"})
HOSPITAL = "hospital_admission"


@dataclass(frozen=True)
class VisitFacts:
    """What happened, as the invoice needs it; instants are aware (any zone)."""

    planned_start: datetime
    planned_end: datetime
    visit_id: int | None = None
    actual_start: datetime | None = None
    actual_end: datetime | None = None
    status: str = "completed"
    staff_count: int = 1
    service_type: str = "personal_care"
    mileage_tenths: int = 0
    cancellation_notice_at: datetime | None = None
    cancellation_reason: str = ""


@dataclass(frozen=True)
class PricedLine:
    kind: str  # visit | cancellation | fixed | mileage
    day: date
    description: str
    minutes: int
    unit: str  # hour | visit | mile | item
    unit_rate_pence: int
    staff_count: int
    enhancement: str
    amount_pence: int
    visit_id: int | None = None
    card_id: int | None = None
    detail: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Priced:
    lines: tuple[PricedLine, ...]
    billed_minutes: int
    notes: tuple[str, ...] = ()

    @property
    def total_pence(self) -> int:
        return sum(line.amount_pence for line in self.lines)


def half_up(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _minute(instant: datetime) -> datetime:
    return instant.astimezone(UTC).replace(second=0, microsecond=0)


def _span(start: datetime, end: datetime) -> int:
    """Minutes that really passed, whatever zone the instants are in (10 hours for 22:00 to
    07:00 the night the clocks go back: datetimes sharing a tzinfo subtract on the clock)."""
    return elapsed_minutes(_minute(start), _minute(end))


def round_minutes(raw: int, unit: int, rule: Rounding, grace: int) -> int:
    """Round to the billing unit; with UP, a visit only `grace` minutes over is not rounded up."""
    if rule == Rounding.ACTUAL or unit <= 1:
        return raw
    whole, rest = divmod(raw, unit)
    if rest == 0:
        return raw
    if rule == Rounding.DOWN:
        return whole * unit
    if rule == Rounding.NEAREST:
        return (whole + 1) * unit if rest * 2 >= unit else whole * unit
    if rest <= grace and whole > 0:
        return whole * unit
    return (whole + 1) * unit


def chargeable_minutes(raw: int, terms: RateTerms) -> int:
    """Minimum first, then rounding (DOMAIN.md 9.5)."""
    minutes = max(raw, terms.minimum_minutes)
    return round_minutes(minutes, terms.billing_unit_minutes, terms.rounding, terms.grace_minutes)


def choose_basis(facts: VisitFacts, terms: RateTerms) -> tuple[datetime, int, str, list[str]]:
    """(start, raw minutes, basis used, notes): planned, actual, or the greater/lesser."""
    planned = (facts.planned_start, _span(facts.planned_start, facts.planned_end), "planned")
    notes: list[str] = []
    if terms.charge_basis == Basis.PLANNED or facts.status == CHARGEABLE_CANCELLED:
        start, raw, used = planned
        return start, raw, used, notes
    if facts.actual_start is None or facts.actual_end is None:
        notes.append("no actual times recorded, so the planned times were charged")
        start, raw, used = planned
        return start, raw, used, notes
    actual = (facts.actual_start, _span(facts.actual_start, facts.actual_end), "actual")
    if terms.charge_basis == Basis.ACTUAL:
        chosen = actual
    elif terms.charge_basis == Basis.GREATER_OF:
        chosen = actual if actual[1] > planned[1] else planned
    else:
        chosen = actual if actual[1] < planned[1] else planned
    return chosen[0], chosen[1], chosen[2], notes


def cancellation_percent(facts: VisitFacts, terms: RateTerms) -> tuple[int, str]:
    """The share of a client-cancelled visit that is charged, and why, in words."""
    rules = terms.cancellation
    if facts.cancellation_notice_at is None:
        return 0, "cancelled; no notice time recorded, so not charged"
    notice = facts.planned_start.astimezone(UTC) - facts.cancellation_notice_at.astimezone(UTC)
    hours = Decimal(int(notice.total_seconds())) / 3600
    shown = f"{hours.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)} h notice"
    reason = normalise_reason(facts.cancellation_reason)
    if reason.startswith(HOSPITAL) and rules.has_hospital_rule:
        limit = rules.hospital_full_hours or 0
        if hours < limit:
            return 100, f"hospital admission, within the first {limit} h: charged in full"
        pct = rules.hospital_then_percent
        return pct, f"hospital admission, after the first {limit} h: {pct}% charged"
    if any(reason.startswith(r) for r in rules.exempt_reasons if r):
        return 0, f"cancelled ({facts.cancellation_reason.strip()}): not charged"
    if rules.full_within_hours is not None and hours < rules.full_within_hours:
        return 100, f"cancelled at short notice ({shown}): charged in full"
    if rules.partial_within_hours is not None and hours < rules.partial_within_hours:
        pct = rules.partial_percent
        return pct, f"cancelled at short notice ({shown}): {pct}% charged"
    return 0, f"cancelled with {shown}: not charged"


def _split(
    start: datetime, minutes: int, terms: RateTerms, calendar: Mapping[date, BankHoliday]
) -> list[tuple[datetime, int, tuple[Enhancement, ...], str | None]]:
    """Cut [start, start+minutes) at every wall-clock boundary, then merge equal neighbours.
    Minutes are real ones: the arithmetic is in UTC, the boundaries are London clock times."""
    start = start.astimezone(UTC)
    end = start + timedelta(minutes=minutes)
    local_start, local_end = start.astimezone(LONDON), end.astimezone(LONDON)
    cuts = {start, end}
    day = local_start.date()
    times = daytypes.boundaries(terms.enhancements)
    while day <= local_end.date():
        for wall in times:
            instant = to_utc(day, wall)
            if start < instant < end:
                cuts.add(instant)
        day += timedelta(days=1)
    ordered = sorted(cuts)
    pieces: list[tuple[datetime, int, tuple[Enhancement, ...], str | None]] = []
    for a, b in pairwise(ordered):
        moment = a.astimezone(LONDON)
        holiday = daytypes.holiday_on(moment.date(), calendar, terms.bank_holiday_day_rule)
        wins = daytypes.winning(terms.enhancements, moment, holiday)
        length = int((b - a).total_seconds() // 60)
        if pieces and pieces[-1][2] == wins and pieces[-1][3] == holiday:
            first = pieces[-1]
            pieces[-1] = (first[0], first[1] + length, wins, holiday)
        else:
            pieces.append((a, length, wins, holiday))
    return pieces


def enhance(base: int, wins: tuple[Enhancement, ...], hourly_minutes: int | None = None) -> int:
    """Apply the winning enhancements to a rate in pence, rounding to the penny.

    For an hourly rate hourly_minutes is None; for a per-visit band price it is the visit's
    length, so a per-hour uplift on a band adds that many minutes' worth.
    """
    rate = Decimal(base)
    for e in wins:
        if e.uplift == Uplift.MULTIPLIER:
            rate = rate * e.value
        elif e.uplift == Uplift.FLAT_RATE:
            rate = e.value if hourly_minutes is None else e.value * hourly_minutes / 60
        else:
            rate = rate + (e.value if hourly_minutes is None else e.value * hourly_minutes / 60)
    return half_up(rate)


def _label(wins: tuple[Enhancement, ...]) -> str:
    return " + ".join(e.name for e in wins)


def _local_hm(instant: datetime | None) -> str:
    return instant.astimezone(LONDON).strftime("%H:%M") if instant else ""


def _detail(facts: VisitFacts, basis: str, billed: int) -> dict[str, Any]:
    local = facts.planned_start.astimezone(LONDON)
    return {
        "weekday": local.strftime("%a"),
        "planned": f"{_local_hm(facts.planned_start)}-{_local_hm(facts.planned_end)}",
        "actual": (
            f"{_local_hm(facts.actual_start)}-{_local_hm(facts.actual_end)}"
            if facts.actual_start and facts.actual_end
            else ""
        ),
        "basis": basis,
        "billed_minutes": billed,
        "service_type": facts.service_type,
    }


def price_visit(
    facts: VisitFacts, terms: RateTerms, calendar: Mapping[date, BankHoliday]
) -> Priced:
    """Every line one visit adds to an invoice; no lines when nothing is chargeable."""
    if facts.status in NOT_CHARGED:
        return Priced((), 0, (f"{facts.status.replace('_', ' ')}: not charged",))
    percent, why = 100, ""
    if facts.status == CHARGEABLE_CANCELLED:
        percent, why = cancellation_percent(facts, terms)
        if percent == 0:
            return Priced((), 0, (why,))
    start, raw, basis, notes = choose_basis(facts, terms)
    staff = max(1, facts.staff_count)
    kind = "visit" if percent == 100 and not why else "cancellation"
    fixed = terms.fixed_price(facts.service_type)
    lines: list[PricedLine]
    if fixed is not None:
        lines = [_fixed_line(facts, terms, calendar, fixed, staff, percent, why, basis, raw)]
        billed = raw
    else:
        billed = chargeable_minutes(raw, terms)
        lines = _time_lines(facts, terms, calendar, start, billed, staff, percent, kind, why, basis)
    mileage = _mileage_line(facts, terms, notes)
    if mileage is not None and facts.status != CHARGEABLE_CANCELLED:
        lines.append(mileage)
    return Priced(tuple(lines), billed, tuple(notes))


def _carers(staff: int, terms: RateTerms) -> tuple[int, int]:
    """(base hourly rate, multiplier for carers) under the double-handed rule."""
    if staff >= 2 and terms.double_up_rule == DoubleUp.RATE and terms.double_up_rate_pence:
        return terms.double_up_rate_pence, 1
    if staff >= 2 and terms.double_up_rule == DoubleUp.SINGLE:
        return terms.hourly_rate_pence, 1
    return terms.hourly_rate_pence, staff


def _time_lines(
    facts: VisitFacts,
    terms: RateTerms,
    calendar: Mapping[date, BankHoliday],
    start: datetime,
    billed: int,
    staff: int,
    percent: int,
    kind: str,
    why: str,
    basis: str,
) -> list[PricedLine]:
    band = next((price for size, price in terms.bands if billed <= size), None)
    hourly, factor = _carers(staff, terms)
    if staff >= 2 and terms.double_up_rule == DoubleUp.RATE:
        band = None  # two carers together have their own hourly rate
    if band is not None and factor > 1:
        band, factor = band * factor, 1
    share = Decimal(percent) / 100
    lines = []
    for seg_start, minutes, wins, holiday in _split(start, billed, terms, calendar):
        local = seg_start.astimezone(LONDON)
        detail = _detail(facts, basis, billed) | {"from": local.strftime("%H:%M")}
        if holiday:
            detail["holiday"] = holiday
        if band is not None:
            rate = enhance(band, wins, billed)
            amount = half_up(Decimal(rate) * minutes / billed * share)
            unit, what = "visit", f"{billed}-minute visit"
        else:
            rate = enhance(hourly, wins)
            amount = half_up(Decimal(rate) * minutes / 60 * factor * share)
            unit, what = "hour", f"{minutes} min"
        text = f"{facts.service_type.replace('_', ' ').capitalize()}, {what}"
        if why:
            text += f" ({why})"
        lines.append(
            PricedLine(
                kind=kind,
                day=local.date(),
                description=text,
                minutes=minutes,
                unit=unit,
                unit_rate_pence=rate,
                staff_count=staff,
                enhancement=_label(wins),
                amount_pence=amount,
                visit_id=facts.visit_id,
                card_id=terms.card_id,
                detail=detail | {"percent": percent},
            )
        )
    return lines


def _fixed_line(
    facts: VisitFacts,
    terms: RateTerms,
    calendar: Mapping[date, BankHoliday],
    price: int,
    staff: int,
    percent: int,
    why: str,
    basis: str,
    raw: int,
) -> PricedLine:
    local = facts.planned_start.astimezone(LONDON)
    holiday = daytypes.holiday_on(local.date(), calendar, terms.bank_holiday_day_rule)
    day_kinds = tuple(e for e in terms.enhancements if e.applies_to_fixed)
    wins = daytypes.winning(day_kinds, local, holiday)
    rate = enhance(price, tuple(e for e in wins if e.uplift == Uplift.MULTIPLIER))
    factor = staff if terms.double_up_rule == DoubleUp.DOUBLE else 1
    amount = half_up(Decimal(rate) * factor * percent / 100)
    text = f"{facts.service_type.replace('_', ' ').capitalize()} (fixed price)"
    if why:
        text += f" ({why})"
    return PricedLine(
        kind="fixed" if percent == 100 and not why else "cancellation",
        day=local.date(),
        description=text,
        minutes=raw,
        unit="item",
        unit_rate_pence=rate,
        staff_count=staff,
        enhancement=_label(wins),
        amount_pence=amount,
        visit_id=facts.visit_id,
        card_id=terms.card_id,
        detail=_detail(facts, basis, raw) | {"percent": percent},
    )


def _mileage_line(facts: VisitFacts, terms: RateTerms, notes: list[str]) -> PricedLine | None:
    if facts.mileage_tenths <= 0:
        return None
    if terms.mileage_pence_per_mile <= 0:
        notes.append("mileage was recorded but the rate card has no mileage rate")
        return None
    miles = Decimal(facts.mileage_tenths) / 10
    amount = half_up(Decimal(facts.mileage_tenths) * terms.mileage_pence_per_mile / 10)
    return PricedLine(
        kind="mileage",
        day=facts.planned_start.astimezone(LONDON).date(),
        description=f"Mileage: {miles} miles at {terms.mileage_pence_per_mile}p a mile",
        minutes=0,
        unit="mile",
        unit_rate_pence=terms.mileage_pence_per_mile,
        staff_count=1,
        enhancement="",
        amount_pence=amount,
        visit_id=facts.visit_id,
        card_id=terms.card_id,
        detail={"miles_tenths": facts.mileage_tenths},
    )
