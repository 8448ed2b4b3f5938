"""UK-typical rate-card templates, shipped as editable starting points (DOMAIN.md 9.4).

The figures are examples drawn from published price lists and the Homecare Association's
research, not advice: every template says so in its name, and a provider edits the template or
the copy made for a client. A template is only added when no template of that name exists, so a
user's edits are never overwritten by an upgrade.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core.billing.rate_cards import RateCardData, create_card, get_card, validate
from microoffice.core.errors import UserError
from microoffice.core.models.billing import RateCard
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right

_UNSOCIAL = [
    {"name": "Saturday", "when": "SAT", "type": "MULTIPLIER", "value": "1.2", "precedence": 10},
    {"name": "Sunday", "when": "SUN", "type": "MULTIPLIER", "value": "1.25", "precedence": 10},
    {
        "name": "Evening",
        "when": "EVENING",
        "after": "20:00",
        "type": "ADD_PER_HOUR",
        "value": 200,
        "precedence": 5,
    },
    {
        "name": "Early morning",
        "when": "EARLY",
        "before": "07:00",
        "type": "ADD_PER_HOUR",
        "value": 200,
        "precedence": 5,
    },
]
_HOLIDAYS = [
    {
        "name": "Bank holiday",
        "when": "BANK_HOLIDAY",
        "type": "MULTIPLIER",
        "value": "1.5",
        "precedence": 50,
        "applies_to_fixed": True,
    },
    {
        "name": "Christmas Day",
        "when": "CHRISTMAS_DAY",
        "type": "MULTIPLIER",
        "value": "2",
        "precedence": 100,
        "applies_to_fixed": True,
    },
    {
        "name": "Boxing Day",
        "when": "BOXING_DAY",
        "type": "MULTIPLIER",
        "value": "2",
        "precedence": 100,
        "applies_to_fixed": True,
    },
    {
        "name": "New Year's Day",
        "when": "NEW_YEARS_DAY",
        "type": "MULTIPLIER",
        "value": "2",
        "precedence": 100,
        "applies_to_fixed": True,
    },
]
_PRIVATE_CANCELLATION = {
    "full_charge_within_hours": 24,
    "partial_charge_within_hours": 48,
    "partial_percent": 50,
    "exempt_reasons": ["death", "emergency"],
    "hospital_admission": {"full_charge_hours": 48, "then_percent": 0},
}

TEMPLATES: list[dict[str, Any]] = [
    {
        "name": "Private homecare, hourly (example prices)",
        "hourly_rate_pence": 2800,
        "minimum_minutes": 30,
        "billing_unit_minutes": 15,
        "rounding": "UP",
        "grace_minutes": 5,
        "charge_basis": "PLANNED",
        "enhancements": _UNSOCIAL + _HOLIDAYS,
        "bank_holiday_day_rule": "both",
        "mileage_pence_per_mile": 45,
        "cancellation": _PRIVATE_CANCELLATION,
        "payment_terms_days": 14,
    },
    {
        "name": "Short visits in bands, not pro rata (example prices)",
        "hourly_rate_pence": 2800,
        "bands": {"15": 1200, "30": 1700, "45": 2300, "60": 2800},
        "minimum_minutes": 15,
        "billing_unit_minutes": 15,
        "rounding": "UP",
        "grace_minutes": 5,
        "charge_basis": "PLANNED",
        "enhancements": _UNSOCIAL[:2] + _HOLIDAYS,
        "mileage_pence_per_mile": 45,
        "cancellation": _PRIVATE_CANCELLATION,
        "payment_terms_days": 14,
    },
    {
        "name": "Council framework, actual minutes (example: 2025/26 average fee)",
        "hourly_rate_pence": 2410,
        "minimum_minutes": 0,
        "billing_unit_minutes": 1,
        "rounding": "ACTUAL",
        "grace_minutes": 0,
        "charge_basis": "ACTUAL",
        "enhancements": _HOLIDAYS[:1],
        "bank_holiday_day_rule": "substitute",
        "cancellation": {"full_charge_within_hours": 24, "exempt_reasons": ["death"]},
        "payment_terms_days": 30,
    },
    {
        "name": "Companionship and home help, 1 hour minimum (example prices)",
        "hourly_rate_pence": 2400,
        "minimum_minutes": 60,
        "billing_unit_minutes": 15,
        "rounding": "UP",
        "grace_minutes": 5,
        "charge_basis": "PLANNED",
        "enhancements": _UNSOCIAL[:2] + _HOLIDAYS,
        "mileage_pence_per_mile": 45,
        "cancellation": {"full_charge_within_hours": 48, "exempt_reasons": ["death"]},
        "payment_terms_days": 7,
    },
    {
        "name": "Nights: sleep-in and waking night (example prices)",
        "hourly_rate_pence": 2800,
        "minimum_minutes": 60,
        "billing_unit_minutes": 15,
        "rounding": "UP",
        "grace_minutes": 5,
        "fixed_prices": {"sleep_in": 9500, "waking_night": 19000},
        "enhancements": _HOLIDAYS,
        "cancellation": _PRIVATE_CANCELLATION,
        "payment_terms_days": 14,
    },
]


def _data(values: dict[str, Any], effective_from: date) -> RateCardData:
    data = RateCardData(effective_from=effective_from)
    for f in fields(RateCardData):
        if f.name in values:
            setattr(data, f.name, values[f.name])
    return data


@needs(Right.MONEY)
def ensure_templates(session: Session) -> int:
    """Add shipped templates whose names are missing; returns how many were added."""
    existing = set(session.scalars(select(RateCard.name).where(RateCard.is_template.is_(True))))
    added = 0
    for values in TEMPLATES:
        if values["name"] in existing:
            continue
        data = _data(values, date(2000, 1, 1))
        validate(data)
        card = RateCard(client_id=None, is_template=True)
        for f in fields(RateCardData):
            setattr(card, f.name, getattr(data, f.name))
        session.add(card)
        added += 1
    session.flush()
    return added


@needs(Right.MONEY)
def list_templates(session: Session) -> list[RateCard]:
    ensure_templates(session)
    return list(
        session.scalars(
            select(RateCard).where(RateCard.is_template.is_(True)).order_by(RateCard.id)
        )
    )


@needs(Right.MONEY)
def copy_template(
    session: Session,
    template_id: int,
    client_id: int,
    effective_from: date,
    funding_id: int | None = None,
) -> RateCard:
    """Give a client their own card from a template; later template edits do not touch it."""
    data = template_data(session, template_id, effective_from)
    return create_card(session, client_id, data, funding_id)


@needs(Right.MONEY)
def template_data(session: Session, template_id: int, effective_from: date) -> RateCardData:
    """A template's terms as a client's card would start (the window shows them for changes
    before saving, so what it saves is exactly what copy_template would have)."""
    template = get_card(session, template_id)
    if not template.is_template:
        raise UserError("That rate card is not a template.")
    data = RateCardData.from_card(template)
    data.effective_from, data.effective_to = effective_from, None
    data.name = template.name.replace(" (example prices)", "")
    return data
