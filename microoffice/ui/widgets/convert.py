"""Turning what was typed into the values core expects, with errors named by field.

Core parses dates and money itself where its data classes offer `from_text`; these helpers cover
the forms whose data classes take typed values (contacts, funding, staff hours and pay).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from microoffice.core.money import format_gbp, parse_gbp
from microoffice.core.services.forms import Checker


def parse_fields(
    values: dict[str, Any],
    dates: Iterable[str] = (),
    hours: Iterable[str] = (),
    money: Iterable[str] = (),
) -> dict[str, Any]:
    """A copy of `values` with the named text fields parsed; raises ValidationError per field."""
    checker = Checker()
    out = dict(values)
    for name in dates:
        out[name] = checker.date_text(name, values.get(name, ""))
    for name in hours:
        out[name] = checker.check(name, hours_to_minutes, values.get(name, ""))
    for name in money:
        text = values.get(name, "").strip()
        out[name] = checker.check(name, parse_gbp, text) if text else None
    checker.done()
    return out


def hours_to_minutes(text: str) -> int | None:
    """'37.5' or '7:30' hours as whole minutes; blank is None (not recorded)."""
    value = text.strip().lower().removesuffix("hours").removesuffix("h").strip()
    if not value:
        return None
    try:
        if ":" in value:
            hours_part, minutes_part = value.split(":", 1)
            minutes = int(hours_part) * 60 + int(minutes_part)
        else:
            minutes = int((Decimal(value) * 60).to_integral_value())
    except (ValueError, InvalidOperation):
        raise ValueError(f"'{text.strip()}' is not a number of hours; type it like 37.5") from None
    if minutes < 0:
        raise ValueError("Hours cannot be negative")
    return minutes


def minutes_to_hours(minutes: int | None) -> str:
    """1350 -> '22.5' as people write hours; '7:20' when no short decimal is exact."""
    if minutes is None:
        return ""
    exact = Decimal(minutes) / 60
    if exact == exact.quantize(Decimal("0.01")):
        return f"{exact.normalize():f}"
    hours, rest = divmod(minutes, 60)
    return f"{hours}:{rest:02d}"


def pence_text(pence: int | None) -> str:
    return "" if pence is None else format_gbp(pence)
