"""A rate card read into frozen, checked values the pricing engine can trust.

The RateCard row keeps its variable parts (bands, enhancements, cancellation rules, fixed prices)
as JSON because contracts differ far more than a column set allows; this module is the one place
that reads that JSON, so a malformed card fails here with a message a person can act on instead of
somewhere deep inside an invoice run. The JSON shapes are documented in docs/billing.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from microoffice.core.errors import ValidationError


class Rounding(StrEnum):
    UP = "UP"
    NEAREST = "NEAREST"
    DOWN = "DOWN"
    ACTUAL = "ACTUAL"


class Basis(StrEnum):
    PLANNED = "PLANNED"
    ACTUAL = "ACTUAL"
    GREATER_OF = "GREATER_OF"
    LESSER_OF = "LESSER_OF"


class When(StrEnum):
    SAT = "SAT"
    SUN = "SUN"
    WEEKEND = "WEEKEND"
    BANK_HOLIDAY = "BANK_HOLIDAY"
    CHRISTMAS_DAY = "CHRISTMAS_DAY"
    BOXING_DAY = "BOXING_DAY"
    NEW_YEARS_DAY = "NEW_YEARS_DAY"
    EVENING = "EVENING"
    EARLY = "EARLY"
    NIGHT = "NIGHT"
    SPECIAL_DAY = "SPECIAL_DAY"


class Uplift(StrEnum):
    MULTIPLIER = "MULTIPLIER"
    FLAT_RATE = "FLAT_RATE"
    ADD_PER_HOUR = "ADD_PER_HOUR"


class DayRule(StrEnum):
    """Which day of a weekend bank holiday carries the enhanced rate (DOMAIN.md 9.7)."""

    ACTUAL = "actual"
    SUBSTITUTE = "substitute"
    BOTH = "both"


class DoubleUp(StrEnum):
    DOUBLE = "double"  # each carer charged at the rate
    RATE = "rate"  # a specific hourly rate for the two together
    SINGLE = "single"  # charged as one carer


DAY_KINDS = frozenset(
    {
        When.SAT,
        When.SUN,
        When.WEEKEND,
        When.BANK_HOLIDAY,
        When.CHRISTMAS_DAY,
        When.BOXING_DAY,
        When.NEW_YEARS_DAY,
        When.SPECIAL_DAY,
    }
)


@dataclass(frozen=True)
class Enhancement:
    name: str
    when: When
    uplift: Uplift
    value: Decimal  # a multiplier, or pence per hour
    precedence: int = 0
    after: time | None = None  # EVENING and NIGHT start
    before: time | None = None  # EARLY and NIGHT end
    dates: frozenset[date] = frozenset()
    stacks: bool = False
    applies_to_fixed: bool = False


@dataclass(frozen=True)
class Cancellation:
    """Notice thresholds in hours: less notice than full_within_hours is charged in full."""

    full_within_hours: int | None = None
    partial_within_hours: int | None = None
    partial_percent: int = 0
    exempt_reasons: frozenset[str] = frozenset()
    hospital_full_hours: int | None = None
    hospital_then_percent: int = 0

    @property
    def has_hospital_rule(self) -> bool:
        return self.hospital_full_hours is not None


@dataclass(frozen=True)
class RateTerms:
    card_id: int | None = None
    name: str = ""
    effective_from: date = date(2000, 1, 1)
    effective_to: date | None = None
    hourly_rate_pence: int = 0
    bands: tuple[tuple[int, int], ...] = ()  # (minutes, pence) ascending
    minimum_minutes: int = 0
    billing_unit_minutes: int = 1
    rounding: Rounding = Rounding.ACTUAL
    grace_minutes: int = 0
    charge_basis: Basis = Basis.PLANNED
    enhancements: tuple[Enhancement, ...] = ()
    bank_holiday_day_rule: DayRule = DayRule.BOTH
    double_up_rule: DoubleUp = DoubleUp.DOUBLE
    double_up_rate_pence: int | None = None
    fixed_prices: tuple[tuple[str, int], ...] = ()
    mileage_pence_per_mile: int = 0
    cancellation: Cancellation = field(default_factory=Cancellation)
    payment_terms_days: int = 14
    vat_category: str = "NOT_REGISTERED"

    def fixed_price(self, service_type: str) -> int | None:
        return dict(self.fixed_prices).get(service_type)

    def covers(self, day: date) -> bool:
        return self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
        )


def _pence(raw: Any, label: str, errors: dict[str, str], key: str) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
        errors.setdefault(key, f"{label} must be a whole number of pence, 0 or more")
        return 0
    return raw


def _clock(raw: Any, label: str, errors: dict[str, str], key: str) -> time | None:
    if raw is None:
        return None
    try:
        hours, minutes = str(raw).split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        errors.setdefault(key, f"{label} must be a time like 20:00")
        return None


def parse_bands(raw: Mapping[str, Any] | None) -> tuple[tuple[int, int], ...]:
    errors: dict[str, str] = {}
    out: list[tuple[int, int]] = []
    for minutes, price in (raw or {}).items():
        if not str(minutes).isdigit() or int(minutes) <= 0:
            errors.setdefault("bands", f"Band '{minutes}' must be a number of minutes, like 30")
            continue
        out.append((int(minutes), _pence(price, f"The {minutes}-minute price", errors, "bands")))
    if errors:
        raise ValidationError(errors)
    return tuple(sorted(out))


def parse_enhancements(raw: list[dict[str, Any]] | None) -> tuple[Enhancement, ...]:
    errors: dict[str, str] = {}
    out: list[Enhancement] = []
    for n, item in enumerate(raw or [], start=1):
        key = "enhancements"
        name = str(item.get("name") or f"Enhancement {n}")
        when_raw, uplift_raw = str(item.get("when", "")), str(item.get("type", "MULTIPLIER"))
        if when_raw not in When.__members__:
            errors.setdefault(key, f"{name}: 'when' must be one of {', '.join(When)}")
            continue
        if uplift_raw not in Uplift.__members__:
            errors.setdefault(key, f"{name}: 'type' must be one of {', '.join(Uplift)}")
            continue
        when, uplift = When(when_raw), Uplift(uplift_raw)
        try:
            value = Decimal(str(item.get("value", "")))
        except InvalidOperation:
            errors.setdefault(key, f"{name}: the value must be a number, like 1.5 or 300")
            continue
        if not value.is_finite() or value < 0:
            errors.setdefault(key, f"{name}: the value must be a number, 0 or more")
            continue
        if uplift != Uplift.MULTIPLIER and value != value.to_integral_value():
            errors.setdefault(key, f"{name}: a rate per hour is a whole number of pence")
            continue
        after = _clock(item.get("after"), f"{name}: 'after'", errors, key)
        before = _clock(item.get("before"), f"{name}: 'before'", errors, key)
        if when in (When.EVENING, When.NIGHT) and after is None:
            errors.setdefault(key, f'{name}: say when it starts, e.g. "after": "20:00"')
        if when in (When.EARLY, When.NIGHT) and before is None:
            errors.setdefault(key, f'{name}: say when it ends, e.g. "before": "07:00"')
        try:
            dates = frozenset(date.fromisoformat(d) for d in item.get("dates", []))
        except (TypeError, ValueError):
            errors.setdefault(key, f"{name}: dates are written like 2026-12-24")
            continue
        if when == When.SPECIAL_DAY and not dates:
            errors.setdefault(key, f'{name}: list the special dates, e.g. ["2026-12-24"]')
        precedence = item.get("precedence", 0)
        if isinstance(precedence, bool) or not isinstance(precedence, int):
            errors.setdefault(key, f"{name}: precedence must be a whole number")
            continue
        out.append(
            Enhancement(
                name=name,
                when=when,
                uplift=uplift,
                value=value,
                precedence=precedence,
                after=after,
                before=before,
                dates=dates,
                stacks=bool(item.get("stacks", False)),
                applies_to_fixed=bool(item.get("applies_to_fixed", False)),
            )
        )
    if errors:
        raise ValidationError(errors)
    return tuple(out)


def _hours(raw: Any, label: str, errors: dict[str, str]) -> int | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
        errors.setdefault("cancellation", f"{label} must be a whole number of hours")
        return None
    return raw


def _percent(raw: Any, label: str, errors: dict[str, str]) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or not 0 <= raw <= 100:
        errors.setdefault("cancellation", f"{label} must be a whole percentage from 0 to 100")
        return 0
    return raw


def normalise_reason(text: str) -> str:
    """'Hospital admission (fall)' -> 'hospital_admission_(fall)': reason codes compare loosely."""
    return "_".join(text.strip().lower().replace("-", " ").split())


def parse_cancellation(raw: Mapping[str, Any] | None) -> Cancellation:
    errors: dict[str, str] = {}
    raw = raw or {}
    full = _hours(raw.get("full_charge_within_hours"), "Full-charge notice", errors)
    partial = _hours(raw.get("partial_charge_within_hours"), "Part-charge notice", errors)
    pct = _percent(raw.get("partial_percent", 0), "The part-charge", errors)
    if full is not None and partial is not None and partial < full:
        errors.setdefault(
            "cancellation", "The part-charge notice must be longer than the full-charge notice"
        )
    hospital = raw.get("hospital_admission") or {}
    h_full = _hours(hospital.get("full_charge_hours"), "Hospital full-charge hours", errors)
    h_then = _percent(hospital.get("then_percent", 0), "The hospital charge after", errors)
    reasons = frozenset(normalise_reason(str(r)) for r in raw.get("exempt_reasons", []))
    if errors:
        raise ValidationError(errors)
    return Cancellation(full, partial, pct, reasons, h_full, h_then)


def parse_fixed_prices(raw: Mapping[str, Any] | None) -> tuple[tuple[str, int], ...]:
    errors: dict[str, str] = {}
    out = tuple(
        (str(k), _pence(v, f"The {k} price", errors, "fixed_prices"))
        for k, v in sorted((raw or {}).items())
    )
    if errors:
        raise ValidationError(errors)
    return out


def _choice(enum: type[StrEnum], raw: str, key: str, errors: dict[str, str]) -> Any:
    try:
        return enum(raw)
    except ValueError:
        errors.setdefault(key, f"must be one of: {', '.join(m.value for m in enum)}")
        return next(iter(enum))


def terms_from_values(values: Mapping[str, Any], card_id: int | None = None) -> RateTerms:
    """Build checked terms from RateCard column values; every bad part is reported at once."""
    errors: dict[str, str] = {}
    parts: dict[str, Any] = {}
    for key, parser in (
        ("bands", parse_bands),
        ("enhancements", parse_enhancements),
        ("cancellation", parse_cancellation),
        ("fixed_prices", parse_fixed_prices),
    ):
        try:
            parts[key] = parser(values.get(key))
        except ValidationError as exc:
            errors.update(exc.errors)
    for key in ("hourly_rate_pence", "mileage_pence_per_mile"):
        _pence(values.get(key, 0), key.replace("_", " ").capitalize(), errors, key)
    unit = values.get("billing_unit_minutes", 1)
    if not isinstance(unit, int) or not 1 <= unit <= 60:
        errors.setdefault("billing_unit_minutes", "The billing unit is 1 to 60 minutes")
    for key in ("minimum_minutes", "grace_minutes", "payment_terms_days"):
        if not isinstance(values.get(key, 0), int) or values.get(key, 0) < 0:
            errors.setdefault(key, "must be a whole number, 0 or more")
    rounding = _choice(Rounding, values.get("rounding", "ACTUAL"), "rounding", errors)
    basis = _choice(Basis, values.get("charge_basis", "PLANNED"), "charge_basis", errors)
    day_rule = _choice(
        DayRule, values.get("bank_holiday_day_rule", "both"), "bank_holiday_day_rule", errors
    )
    double = _choice(DoubleUp, values.get("double_up_rule", "double"), "double_up_rule", errors)
    if double == DoubleUp.RATE and not values.get("double_up_rate_pence"):
        errors.setdefault("double_up_rate_pence", "Enter the hourly rate for two carers together")
    if (
        not values.get("hourly_rate_pence")
        and not parts.get("bands")
        and not parts.get("fixed_prices")
    ):
        errors.setdefault("hourly_rate_pence", "Enter an hourly rate, visit bands or fixed prices")
    if errors:
        raise ValidationError(errors)
    return RateTerms(
        card_id=card_id,
        name=str(values.get("name", "")),
        effective_from=values.get("effective_from") or date(2000, 1, 1),
        effective_to=values.get("effective_to"),
        hourly_rate_pence=int(values.get("hourly_rate_pence", 0)),
        bands=parts["bands"],
        minimum_minutes=int(values.get("minimum_minutes", 0)),
        billing_unit_minutes=int(unit),
        rounding=rounding,
        grace_minutes=int(values.get("grace_minutes", 0)),
        charge_basis=basis,
        enhancements=parts["enhancements"],
        bank_holiday_day_rule=day_rule,
        double_up_rule=double,
        double_up_rate_pence=values.get("double_up_rate_pence"),
        fixed_prices=parts["fixed_prices"],
        mileage_pence_per_mile=int(values.get("mileage_pence_per_mile", 0)),
        cancellation=parts["cancellation"],
        payment_terms_days=int(values.get("payment_terms_days", 14)),
        vat_category=str(values.get("vat_category", "NOT_REGISTERED")),
    )


CARD_FIELDS = (
    "name",
    "effective_from",
    "effective_to",
    "hourly_rate_pence",
    "bands",
    "minimum_minutes",
    "billing_unit_minutes",
    "rounding",
    "grace_minutes",
    "charge_basis",
    "enhancements",
    "bank_holiday_day_rule",
    "double_up_rule",
    "double_up_rate_pence",
    "fixed_prices",
    "mileage_pence_per_mile",
    "cancellation",
    "payment_terms_days",
    "vat_category",
)


def terms_from_card(card: Any) -> RateTerms:
    """Terms from a RateCard row (typed loosely so this module needs no ORM import)."""
    return terms_from_values({k: getattr(card, k) for k in CARD_FIELDS}, card_id=card.id)


def terms_in_force(cards: tuple[RateTerms, ...] | list[RateTerms], day: date) -> RateTerms | None:
    """The card covering the day; if two overlap, the one that started later wins."""
    live = [c for c in cards if c.covers(day)]
    return max(live, key=lambda c: (c.effective_from, c.card_id or 0)) if live else None
