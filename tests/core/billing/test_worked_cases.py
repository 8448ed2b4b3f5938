"""Worked pricing cases with every expected total worked out by hand (issue 4, point 1).

The card below is a typical private rate card: £25.50 an hour, 30-minute minimum, rounded up to
15 minutes with 5 minutes' grace, charged on actual times. Each case lists its sum in a comment.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest

from microoffice.core.billing.pricing import VisitFacts, price_visit
from microoffice.core.billing.terms import (
    DayRule,
    DoubleUp,
    RateTerms,
    terms_from_values,
    terms_in_force,
)
from microoffice.core.calendar.bank_holidays import bank_holidays
from microoffice.core.clock import LONDON

CARD: dict[str, Any] = {
    "hourly_rate_pence": 2550,
    "minimum_minutes": 30,
    "billing_unit_minutes": 15,
    "rounding": "UP",
    "grace_minutes": 5,
    "charge_basis": "ACTUAL",
    "bank_holiday_day_rule": "both",
    "mileage_pence_per_mile": 45,
    "enhancements": [
        {"name": "Saturday", "when": "SAT", "type": "MULTIPLIER", "value": "1.2", "precedence": 10},
        {"name": "Sunday", "when": "SUN", "type": "MULTIPLIER", "value": "1.3", "precedence": 10},
        {
            "name": "Evening",
            "when": "EVENING",
            "after": "20:00",
            "type": "ADD_PER_HOUR",
            "value": 300,
            "precedence": 5,
        },
        {
            "name": "Early",
            "when": "EARLY",
            "before": "07:00",
            "type": "ADD_PER_HOUR",
            "value": 300,
            "precedence": 5,
        },
        {
            "name": "Bank holiday",
            "when": "BANK_HOLIDAY",
            "type": "MULTIPLIER",
            "value": "1.5",
            "precedence": 50,
        },
        {
            "name": "Christmas Day",
            "when": "CHRISTMAS_DAY",
            "type": "MULTIPLIER",
            "value": "2",
            "precedence": 100,
        },
        {
            "name": "Boxing Day",
            "when": "BOXING_DAY",
            "type": "MULTIPLIER",
            "value": "2",
            "precedence": 100,
        },
        {
            "name": "New Year's Day",
            "when": "NEW_YEARS_DAY",
            "type": "MULTIPLIER",
            "value": "2",
            "precedence": 100,
        },
    ],
    "cancellation": {
        "full_charge_within_hours": 24,
        "partial_charge_within_hours": 48,
        "partial_percent": 50,
        "exempt_reasons": ["death"],
        "hospital_admission": {"full_charge_hours": 48, "then_percent": 0},
    },
    "fixed_prices": {"sleep_in": 9000, "waking_night": 16000},
}
BANDED: dict[str, Any] = {
    "hourly_rate_pence": 2900,
    "bands": {"15": 1100, "30": 1800, "45": 2400, "60": 2900},
    "minimum_minutes": 15,
    "billing_unit_minutes": 15,
    "rounding": "UP",
    "grace_minutes": 5,
    "charge_basis": "ACTUAL",
    "enhancements": [
        {"name": "Saturday", "when": "SAT", "type": "MULTIPLIER", "value": "1.2", "precedence": 10}
    ],
}


def terms(base: dict[str, Any] = CARD, **changes: Any) -> RateTerms:
    return terms_from_values(base | changes)


def at(day: date, hm: str) -> datetime:
    h, m = (int(p) for p in hm.split(":"))
    return datetime.combine(day, time(h, m), tzinfo=LONDON)


def visit(day: date, start: str, end: str, **kw: Any) -> VisitFacts:
    """A visit planned start-end; by default it happened exactly as planned."""
    s, e = at(day, start), at(day, end)
    if e <= s:
        e += timedelta(days=1)
    kw.setdefault("actual_start", s)
    kw.setdefault("actual_end", e)
    return VisitFacts(planned_start=s, planned_end=e, **kw)


def total(facts: VisitFacts, card: RateTerms, nation: str = "england") -> int:
    cal = bank_holidays(nation, date(2026, 11, 1), date(2027, 12, 31))
    return price_visit(facts, card, cal).total_pence


MON, TUE, WED, THU, FRI = (date(2026, 12, d) for d in (7, 8, 9, 10, 11))
SAT, SUN = date(2026, 12, 12), date(2026, 12, 13)

CASES = [
    # id, facts, card, nation, expected pence
    # Weekday hour, actual 09:02-10:04 = 62 min; 62 = 4x15 + 2, 2 <= 5 grace -> 60 min.
    # 25.50 x 60/60 = 25.50
    (
        "weekday",
        visit(MON, "09:00", "10:00", actual_start=at(MON, "09:02"), actual_end=at(MON, "10:04")),
        terms(),
        "england",
        2550,
    ),
    # 20 minutes -> 30-minute minimum: 25.50 x 30/60 = 12.75
    ("minimum call", visit(TUE, "08:00", "08:20"), terms(), "england", 1275),
    # 41 minutes = 2x15 + 11, 11 > 5 grace -> 45 min: 25.50 x 45/60 = 19.125 -> 19.13 (half up)
    ("rounding up past grace", visit(WED, "10:00", "10:41"), terms(), "england", 1913),
    # Saturday: 25.50 x 1.2 = 30.60 an hour, 1 hour
    ("saturday", visit(SAT, "10:00", "11:00"), terms(), "england", 3060),
    # Sunday: 25.50 x 1.3 = 33.15
    ("sunday", visit(SUN, "10:00", "11:00"), terms(), "england", 3315),
    # 19:30-20:30 crosses the 20:00 evening boundary:
    # 30 min x 25.50 = 12.75; 30 min x (25.50 + 3.00) = 14.25; total 27.00
    ("evening boundary", visit(THU, "19:30", "20:30"), terms(), "england", 2700),
    # Christmas Day (Fri 25 Dec 2026): 2x beats bank holiday 1.5x: 25.50 x 2 = 51.00
    (
        "england christmas day",
        visit(date(2026, 12, 25), "10:00", "11:00"),
        terms(),
        "england",
        5100,
    ),
    # Boxing Day on Saturday 26 Dec, rule "both": Boxing Day 2x beats Saturday: 51.00
    (
        "england boxing day (sat)",
        visit(date(2026, 12, 26), "10:00", "11:00"),
        terms(),
        "england",
        5100,
    ),
    # Monday 28 Dec is Boxing Day (observed); rule "both": 51.00
    (
        "england 28 dec substitute, both",
        visit(date(2026, 12, 28), "10:00", "11:00"),
        terms(),
        "england",
        5100,
    ),
    # Rule "actual": the substitute Monday is an ordinary day: 25.50
    (
        "england 28 dec, actual rule",
        visit(date(2026, 12, 28), "10:00", "11:00"),
        terms(bank_holiday_day_rule="actual"),
        "england",
        2550,
    ),
    # Rule "substitute": Saturday 26 Dec is only a Saturday: 25.50 x 1.2 = 30.60
    (
        "england 26 dec, substitute rule",
        visit(date(2026, 12, 26), "10:00", "11:00"),
        terms(bank_holiday_day_rule="substitute"),
        "england",
        3060,
    ),
    # Rule "substitute": the Monday carries it: 51.00
    (
        "england 28 dec, substitute rule",
        visit(date(2026, 12, 28), "10:00", "11:00"),
        terms(bank_holiday_day_rule="substitute"),
        "england",
        5100,
    ),
    # Christmas Day is a Friday, no substitute, so even "substitute" keeps it: 51.00
    (
        "england 25 dec, substitute rule",
        visit(date(2026, 12, 25), "10:00", "11:00"),
        terms(bank_holiday_day_rule="substitute"),
        "england",
        5100,
    ),
    # St Andrew's Day, Mon 30 Nov 2026, Scotland only: 25.50 x 1.5 = 38.25
    ("scotland 30 nov", visit(date(2026, 11, 30), "10:00", "11:00"), terms(), "scotland", 3825),
    (
        "england 30 nov is ordinary",
        visit(date(2026, 11, 30), "10:00", "11:00"),
        terms(),
        "england",
        2550,
    ),
    # Scotland 2 Jan 2027 (Saturday, "New Year Holiday"), rule both: 1.5x beats Saturday: 38.25
    ("scotland 2 jan", visit(date(2027, 1, 2), "10:00", "11:00"), terms(), "scotland", 3825),
    # Scotland Mon 4 Jan 2027, its substitute: 38.25
    (
        "scotland 4 jan substitute",
        visit(date(2027, 1, 4), "10:00", "11:00"),
        terms(),
        "scotland",
        3825,
    ),
    # Rule "substitute": Sat 2 Jan is just a Saturday: 30.60
    (
        "scotland 2 jan, substitute rule",
        visit(date(2027, 1, 2), "10:00", "11:00"),
        terms(bank_holiday_day_rule="substitute"),
        "scotland",
        3060,
    ),
    # Rule "actual": Mon 4 Jan is an ordinary Monday: 25.50
    (
        "scotland 4 jan, actual rule",
        visit(date(2027, 1, 4), "10:00", "11:00"),
        terms(bank_holiday_day_rule="actual"),
        "scotland",
        2550,
    ),
    # England has no 4 Jan holiday: 25.50
    (
        "england 4 jan is ordinary",
        visit(date(2027, 1, 4), "10:00", "11:00"),
        terms(),
        "england",
        2550,
    ),
    # New Year's Day, Fri 1 Jan 2027: 2x = 51.00
    ("new year's day", visit(date(2027, 1, 1), "10:00", "11:00"), terms(), "scotland", 5100),
    # Northern Ireland St Patrick's Day, Wed 17 Mar 2027: 38.25
    ("ni 17 mar", visit(date(2027, 3, 17), "10:00", "11:00"), terms(), "northern_ireland", 3825),
    # Northern Ireland Battle of the Boyne, Mon 12 Jul 2027: 38.25
    ("ni 12 jul", visit(date(2027, 7, 12), "10:00", "11:00"), terms(), "northern_ireland", 3825),
    (
        "england 12 jul is ordinary",
        visit(date(2027, 7, 12), "10:00", "11:00"),
        terms(),
        "england",
        2550,
    ),
    # 23:30 Thu 24 Dec to 00:30 Christmas Day crosses midnight into the holiday:
    # 23:30-00:00 evening (25.50+3.00) x 0.5 = 14.25; 00:00-00:30 Christmas 51.00 x 0.5 = 25.50
    # (Christmas Day, precedence 100, beats Early, 5); total 39.75
    (
        "midnight into christmas",
        visit(date(2026, 12, 24), "23:30", "00:30"),
        terms(),
        "england",
        3975,
    ),
    # Banded: 25 min -> rounded up to 30 -> the 30-minute band £18.00
    ("band 30", visit(MON, "09:00", "09:25"), terms(BANDED), "england", 1800),
    # Banded: 47 min = 45 + 2 within grace -> 45-minute band £24.00
    ("band 45 with grace", visit(MON, "09:00", "09:47"), terms(BANDED), "england", 2400),
    # Banded: 90 min is past the largest band -> hourly £29.00 x 1.5 = £43.50
    ("past the bands", visit(MON, "09:00", "10:30"), terms(BANDED), "england", 4350),
    # Banded on a Saturday: 18.00 x 1.2 = 21.60
    ("band on saturday", visit(SAT, "09:00", "09:30"), terms(BANDED), "england", 2160),
    # Double-handed, "double": 25.50 x 2 carers = 51.00
    ("double-handed", visit(MON, "09:00", "10:00", staff_count=2), terms(), "england", 5100),
    # Double-handed with a specific rate for the pair: £46.00 an hour
    (
        "double-handed own rate",
        visit(MON, "09:00", "10:00", staff_count=2),
        terms(double_up_rule="rate", double_up_rate_pence=4600),
        "england",
        4600,
    ),
    # Double-handed charged as one: 25.50
    (
        "double-handed single",
        visit(MON, "09:00", "10:00", staff_count=2),
        terms(double_up_rule="single"),
        "england",
        2550,
    ),
    # Cancelled by the client 3 h before (less than 24 h): charged in full 25.50
    (
        "short-notice cancellation",
        visit(
            FRI,
            "10:00",
            "11:00",
            status="cancelled_client",
            actual_start=None,
            actual_end=None,
            cancellation_notice_at=at(FRI, "07:00"),
        ),
        terms(),
        "england",
        2550,
    ),
    # 36 h notice (between 24 and 48 h): 50%: 12.75
    (
        "part-charged cancellation",
        visit(
            FRI,
            "10:00",
            "11:00",
            status="cancelled_client",
            actual_start=None,
            actual_end=None,
            cancellation_notice_at=at(WED, "22:00"),
        ),
        terms(),
        "england",
        1275,
    ),
    # 72 h notice: not charged
    (
        "long-notice cancellation",
        visit(
            FRI,
            "10:00",
            "11:00",
            status="cancelled_client",
            actual_start=None,
            actual_end=None,
            cancellation_notice_at=at(TUE, "10:00"),
        ),
        terms(),
        "england",
        0,
    ),
    # Death is an exemption even at 1 h notice: not charged
    (
        "exempt cancellation",
        visit(
            FRI,
            "10:00",
            "11:00",
            status="cancelled_client",
            actual_start=None,
            actual_end=None,
            cancellation_notice_at=at(FRI, "09:00"),
            cancellation_reason="Death",
        ),
        terms(),
        "england",
        0,
    ),
    # Hospital admission notified Thu 18:00; Fri 10:00 visit is 16 h later (< 48 h): full 25.50
    (
        "hospital admission, first 48 h",
        visit(
            FRI,
            "10:00",
            "11:00",
            status="cancelled_client",
            actual_start=None,
            actual_end=None,
            cancellation_notice_at=at(THU, "18:00"),
            cancellation_reason="Hospital admission",
        ),
        terms(),
        "england",
        2550,
    ),
    # Sunday 10:00 visit is 64 h after admission: then 0%: nothing
    (
        "hospital admission, after 48 h",
        visit(
            SUN,
            "10:00",
            "11:00",
            status="cancelled_client",
            actual_start=None,
            actual_end=None,
            cancellation_notice_at=at(THU, "18:00"),
            cancellation_reason="hospital admission",
        ),
        terms(),
        "england",
        0,
    ),
    # Same with a 50% retainer: Sunday rate 33.15 x 50% = 16.575 -> 16.58
    (
        "hospital admission retainer",
        visit(
            SUN,
            "10:00",
            "11:00",
            status="cancelled_client",
            actual_start=None,
            actual_end=None,
            cancellation_notice_at=at(THU, "18:00"),
            cancellation_reason="Hospital admission",
        ),
        terms(
            cancellation=CARD["cancellation"]
            | {"hospital_admission": {"full_charge_hours": 48, "then_percent": 50}}
        ),
        "england",
        1658,
    ),
    # Cancelled by the provider: never charged
    (
        "provider cancellation",
        visit(MON, "09:00", "10:00", status="cancelled_provider"),
        terms(),
        "england",
        0,
    ),
    # Mileage: 1 h 25.50 + 12.5 miles x 45p = 5.625 -> 5.63; total 31.13
    ("mileage", visit(MON, "09:00", "10:00", mileage_tenths=125), terms(), "england", 3113),
    # Sleep-in at its fixed price: 90.00
    (
        "sleep-in fixed",
        visit(MON, "22:00", "07:00", service_type="sleep_in"),
        terms(),
        "england",
        9000,
    ),
    # Planned basis ignores the longer actual (70 min): 60 min = 25.50
    (
        "planned basis",
        visit(MON, "09:00", "10:00", actual_end=at(MON, "10:10")),
        terms(charge_basis="PLANNED"),
        "england",
        2550,
    ),
    # Greater of: actual 70 min = 60 + 10 > grace -> 75 min: 25.50 x 1.25 = 31.875 -> 31.88
    (
        "greater of",
        visit(MON, "09:00", "10:00", actual_end=at(MON, "10:10")),
        terms(charge_basis="GREATER_OF"),
        "england",
        3188,
    ),
    # Lesser of: actual 40 min -> 45 min: 19.125 -> 19.13
    (
        "lesser of",
        visit(MON, "09:00", "10:00", actual_end=at(MON, "09:40")),
        terms(charge_basis="LESSER_OF"),
        "england",
        1913,
    ),
]


@pytest.mark.parametrize(
    ("facts", "card", "nation", "expected"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_worked_case(facts: VisitFacts, card: RateTerms, nation: str, expected: int) -> None:
    assert total(facts, card, nation) == expected


def test_evening_split_shows_two_lines_with_their_rates() -> None:
    cal = bank_holidays("england", date(2026, 12, 1), date(2026, 12, 31))
    lines = price_visit(visit(THU, "19:30", "20:30"), terms(), cal).lines
    assert [(x.minutes, x.unit_rate_pence, x.enhancement, x.amount_pence) for x in lines] == [
        (30, 2550, "", 1275),
        (30, 2850, "Evening", 1425),
    ]


def test_rate_change_in_the_middle_of_a_period() -> None:
    """Card A to 15 Dec at £25.50, card B from 16 Dec at £27.00: each visit by its own card."""
    old = replace(terms(), card_id=1, effective_to=date(2026, 12, 15))
    new = replace(terms(hourly_rate_pence=2700), card_id=2, effective_from=date(2026, 12, 16))
    days = [date(2026, 12, 15), date(2026, 12, 16)]  # Tue, Wed
    cal = bank_holidays("england", date(2026, 12, 1), date(2026, 12, 31))
    priced = []
    for day in days:
        card = terms_in_force([old, new], day)
        assert card is not None
        priced.append(price_visit(visit(day, "09:00", "10:00"), card, cal))
    # 25.50 (card 1) + 27.00 (card 2) = 52.50
    assert [p.lines[0].card_id for p in priced] == [1, 2]
    assert sum(p.total_pence for p in priced) == 5250


def test_waking_night_on_a_bank_holiday_can_carry_an_uplift() -> None:
    enh = [
        *CARD["enhancements"][:4],
        {
            "name": "Bank holiday",
            "when": "BANK_HOLIDAY",
            "type": "MULTIPLIER",
            "value": "1.5",
            "precedence": 50,
            "applies_to_fixed": True,
        },
    ]
    card = terms(enhancements=enh)
    cal = bank_holidays("england", date(2026, 12, 1), date(2026, 12, 31))
    priced = price_visit(
        visit(date(2026, 12, 28), "22:00", "07:00", service_type="waking_night"), card, cal
    )
    # 160.00 x 1.5 = 240.00
    assert priced.total_pence == 24000
    assert priced.lines[0].enhancement == "Bank holiday"


def test_day_rule_and_double_rule_enums_round_trip() -> None:
    card = terms(bank_holiday_day_rule="substitute", double_up_rule="single")
    assert card.bank_holiday_day_rule == DayRule.SUBSTITUTE
    assert card.double_up_rule == DoubleUp.SINGLE
