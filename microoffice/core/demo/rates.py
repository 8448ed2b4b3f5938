"""UK-typical rate cards for the demo, one per funding arrangement and financial year.

Prices rise each 1 April (as providers' do with the National Living Wage), so a client who has been
with the business for years has a card per year and invoices can show a mid-period rate change.

The JSON follows the shapes the billing engine reads (core/billing/terms.py, docs/billing.md):
"when" names the day or time, "type" is MULTIPLIER or ADD_PER_HOUR, and the match with the highest
"precedence" wins (a bank-holiday Sunday is charged at the bank-holiday rate, not both).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any


def _multiplier(name: str, when: str, value: str, precedence: int) -> dict[str, Any]:
    return {
        "name": name,
        "when": when,
        "type": "MULTIPLIER",
        "value": value,
        "precedence": precedence,
    }


SATURDAY = _multiplier("Saturday", "SAT", "1.15", 10)
SUNDAY = _multiplier("Sunday", "SUN", "1.25", 10)
EVENING = {
    "name": "Evening (after 8pm)",
    "when": "EVENING",
    "after": "20:00",
    "type": "ADD_PER_HOUR",
    "value": 200,
    "precedence": 5,
}
HOLIDAYS = [
    _multiplier("Bank holiday", "BANK_HOLIDAY", "1.5", 50) | {"applies_to_fixed": True},
    _multiplier("Christmas Day", "CHRISTMAS_DAY", "2", 100) | {"applies_to_fixed": True},
    _multiplier("Boxing Day", "BOXING_DAY", "2", 100) | {"applies_to_fixed": True},
    _multiplier("New Year's Day", "NEW_YEARS_DAY", "2", 100) | {"applies_to_fixed": True},
]
PRIVATE_CANCELLATION = {
    "full_charge_within_hours": 24,
    "partial_charge_within_hours": 48,
    "partial_percent": 50,
    "exempt_reasons": ["death", "emergency"],
    "hospital_admission": {"full_charge_hours": 48, "then_percent": 0},
}
COUNCIL_CANCELLATION = {"full_charge_within_hours": 24, "exempt_reasons": ["death"]}

YEARLY_RISE_PERCENT = 4


@dataclass(frozen=True)
class Tariff:
    """What kind of contract a card is for, and its hourly rate in the current year (pence)."""

    kind: str  # private | dp | council
    hourly_pence: int
    evenings: bool = False
    mileage_pence: int = 0


def financial_year_start(day: date) -> date:
    april = date(day.year, 4, 1)
    return april if day >= april else date(day.year - 1, 4, 1)


def rate_for_year(current_pence: int, years_back: int) -> int:
    """The hourly rate years_back April rises ago, rounded down to 5p (integer pence only)."""
    pence = current_pence
    for _ in range(years_back):
        pence = pence * 100 // (100 + YEARLY_RISE_PERCENT)
    return pence // 5 * 5


def card_fields(tariff: Tariff, hourly_pence: int) -> dict[str, Any]:
    if tariff.kind == "council":
        return {
            "hourly_rate_pence": hourly_pence,
            "minimum_minutes": 0,
            "billing_unit_minutes": 1,
            "rounding": "ACTUAL",
            "grace_minutes": 0,
            "charge_basis": "ACTUAL",
            "enhancements": [dict(HOLIDAYS[0])],
            "bank_holiday_day_rule": "substitute",
            "cancellation": dict(COUNCIL_CANCELLATION),
            "payment_terms_days": 30,
            "mileage_pence_per_mile": 0,
        }
    enhancements = [dict(SATURDAY), dict(SUNDAY), *(dict(h) for h in HOLIDAYS)]
    if tariff.evenings:
        enhancements.append(dict(EVENING))
    return {
        "hourly_rate_pence": hourly_pence,
        "minimum_minutes": 30,
        "billing_unit_minutes": 15,
        "rounding": "UP",
        "grace_minutes": 5,
        "charge_basis": "PLANNED",
        "enhancements": enhancements,
        "bank_holiday_day_rule": "both",
        "cancellation": dict(PRIVATE_CANCELLATION),
        "payment_terms_days": 14,
        "mileage_pence_per_mile": tariff.mileage_pence,
    }


def card_history(
    tariff: Tariff, start: date, today: date, end: date | None = None
) -> list[dict[str, Any]]:
    """RateCard column values, one per financial year from the client's start to today."""
    last_day = min(end, today) if end else today
    year_start = financial_year_start(start)
    newest = financial_year_start(last_day)
    cards = []
    while year_start <= newest:
        next_year = date(year_start.year + 1, 4, 1)
        years_back = newest.year - year_start.year
        label = f"{year_start.year}/{str(year_start.year + 1)[2:]}"
        name = {"council": "Council contract", "dp": "Direct payment", "private": "Private"}[
            tariff.kind
        ]
        fields = card_fields(tariff, rate_for_year(tariff.hourly_pence, years_back))
        fields |= {
            "name": f"{name} {label}",
            "effective_from": max(year_start, start),
            "effective_to": None if year_start == newest else next_year - timedelta(days=1),
        }
        if end is not None and fields["effective_to"] is None:
            fields["effective_to"] = end
        cards.append(fields)
        year_start = next_year
    return cards
