"""A rate card in plain words: the usual prices as a few sentences with fields, and back.

Most contracts say the same few things: an hourly price on weekdays, a price for Saturdays,
Sundays and bank holidays (and for Christmas, Boxing Day and New Year's Day), a little extra in
the evening or early morning, a shortest visit, and what a late cancellation costs. This module
reads a card into those sentences (`plain_words`), says why a card cannot be read that way
(`unusual`), and writes what was typed back into the card (`apply_plain`).

Only what the pricing engine applies is said: each sentence is one enhancement of the card, and
the precedences it writes are the order the sentences name ("only one higher price applies at a
time"), which is also the order a card must already have to be shown this way. Parts the
sentences do not mention (rounding, mileage, exemptions, VAT) stay as they were.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from microoffice.core.billing.rate_cards import RateCardData
from microoffice.core.errors import UserError
from microoffice.core.money import format_gbp
from microoffice.core.readers.numbers import read_money, read_multiplier, read_percent, read_whole
from microoffice.core.readers.times import read_minutes, read_time
from microoffice.core.services.forms import Checker

# The day prices, each one enhancement; the Christmas line is three (one value).
DAYS = {"saturday": "SAT", "sunday": "SUN", "bank_holiday": "BANK_HOLIDAY"}
CHRISTMAS = ("CHRISTMAS_DAY", "BOXING_DAY", "NEW_YEARS_DAY")
HOURS = {"evening": ("EVENING", "after"), "early": ("EARLY", "before")}

# Which price wins where two apply: the higher tier (what the sentences say), and the
# precedence written for a new one (the shipped templates' numbers).
TIER = {
    "CHRISTMAS_DAY": 4,
    "BOXING_DAY": 4,
    "NEW_YEARS_DAY": 4,
    "BANK_HOLIDAY": 3,
    "SAT": 2,
    "SUN": 2,
    "EVENING": 1,
    "EARLY": 1,
}
PRECEDENCE = {4: 100, 3: 50, 2: 10, 1: 5}
NAMES = {
    "SAT": "Saturday",
    "SUN": "Sunday",
    "BANK_HOLIDAY": "Bank holiday",
    "CHRISTMAS_DAY": "Christmas Day",
    "BOXING_DAY": "Boxing Day",
    "NEW_YEARS_DAY": "New Year's Day",
    "EVENING": "Evening",
    "EARLY": "Early morning",
}
ORDER_TEXT = (
    "Only one higher price applies at a time: Christmas, Boxing Day and New Year's Day first, "
    "then bank holidays, then Saturdays and Sundays, then evenings and early mornings."
)
DAY_HINT = "a price an hour, like 30.00, or times the weekday price, like ×1.5; blank: as weekdays"
ADD_HINT = "an amount an hour, like 2.00, or a percentage, like 10%"


@dataclass
class PlainWords:
    """The sentences' fields, as typed (blank: no such price or rule)."""

    weekday: str = ""
    saturday: str = ""
    sunday: str = ""
    bank_holiday: str = ""
    christmas: str = ""
    evening_after: str = ""
    evening_add: str = ""
    early_before: str = ""
    early_add: str = ""
    minimum: str = ""
    cancel_full_hours: str = ""
    cancel_part_hours: str = ""
    cancel_part_percent: str = ""

    def as_dict(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _money(pence: int) -> str:
    return format_gbp(pence)


def _times(value: Any) -> str:
    return f"×{Decimal(str(value)).normalize():f}"


def _percent_over(value: Any) -> str:
    extra = (Decimal(str(value)) - 1) * 100
    return f"{extra.normalize():f}%"


# -- reading a card -------------------------------------------------------------------------
def unusual(data: RateCardData) -> list[str]:
    """Why the card cannot be shown as the plain sentences, in words ([] when it can)."""
    why: list[str] = []
    if data.bands:
        why.append("it has set prices for short visits (15, 30, 45 or 60 minutes)")
    if data.fixed_prices:
        why.append("it has fixed prices (such as a sleep-in or waking night)")
    if not data.hourly_rate_pence and not data.bands and not data.fixed_prices:
        why.append("it has no hourly price")
    seen: dict[str, int] = {}
    for item in data.enhancements:
        when = str(item.get("when", ""))
        kind, value = item.get("type", "MULTIPLIER"), item.get("value")
        label = NAMES.get(when, str(item.get("name") or when))
        seen[when] = seen.get(when, 0) + 1
        if when not in TIER:
            why.append(_odd_when(when, label))
            continue
        if seen[when] == 2:
            why.append(f"it has more than one {label} price")
        if item.get("stacks"):
            why.append(f"the {label} price is added on top of another")
        if not _sayable(when, kind, value):
            why.append(f"the {label} price is worked out in a way the sentences cannot say")
    christmas = [e for e in data.enhancements if e.get("when") in CHRISTMAS]
    if christmas and (
        sorted(str(e.get("when")) for e in christmas) != sorted(CHRISTMAS)
        or len({(e.get("type"), str(e.get("value"))) for e in christmas}) > 1
    ):
        why.append("Christmas Day, Boxing Day and New Year's Day are not charged alike")
    if _out_of_order(data.enhancements):
        why.append("its higher prices apply in an unusual order")
    return list(dict.fromkeys(why))


def _odd_when(when: str, label: str) -> str:
    if when == "NIGHT":
        return f"it has a night price ({label})"
    if when == "SPECIAL_DAY":
        return f"it has higher prices on dates you listed ({label})"
    if when == "WEEKEND":
        return "it has one price for Saturday and Sunday together"
    return f"it has a price the sentences cannot say ({label})"


def _sayable(when: str, kind: Any, value: Any) -> bool:
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        return False
    if not number.is_finite():
        return False
    if when in ("EVENING", "EARLY"):
        return kind == "ADD_PER_HOUR" or (kind == "MULTIPLIER" and number >= 1)
    return kind in ("MULTIPLIER", "FLAT_RATE")


def _out_of_order(items: list[dict[str, Any]]) -> bool:
    ranked = [
        (TIER[str(e.get("when"))], e.get("precedence", 0))
        for e in items
        if str(e.get("when")) in TIER
    ]
    return any(
        ta > tb and not (isinstance(pa, int) and isinstance(pb, int) and pa > pb)
        for ta, pa in ranked
        for tb, pb in ranked
    )


def _day_text(item: dict[str, Any] | None) -> str:
    if item is None:
        return ""
    if item.get("type") == "FLAT_RATE":
        return _money(int(item.get("value", 0)))
    return _times(item.get("value"))


def _add_text(item: dict[str, Any] | None) -> str:
    if item is None:
        return ""
    if item.get("type") == "ADD_PER_HOUR":
        return _money(int(item.get("value", 0)))
    return _percent_over(item.get("value"))


def plain_words(data: RateCardData) -> PlainWords | None:
    """The card as the sentences' fields, or None when `unusual` has a reason."""
    if unusual(data):
        return None
    by_when = {str(e.get("when")): e for e in data.enhancements}
    rules = data.cancellation or {}
    words = PlainWords(
        weekday=_money(data.hourly_rate_pence),
        christmas=_day_text(by_when.get(CHRISTMAS[0])),
        minimum=str(data.minimum_minutes),
        cancel_full_hours=_whole_text(rules.get("full_charge_within_hours")),
        cancel_part_hours=_whole_text(rules.get("partial_charge_within_hours")),
        cancel_part_percent=(
            _whole_text(rules.get("partial_percent"))
            if rules.get("partial_charge_within_hours")
            else ""
        ),
    )
    for name, when in DAYS.items():
        setattr(words, name, _day_text(by_when.get(when)))
    for name, (when, key) in HOURS.items():
        item = by_when.get(when)
        setattr(words, f"{name}_{key}", str(item.get(key) or "") if item else "")
        setattr(words, f"{name}_add", _add_text(item))
    return words


def _whole_text(raw: Any) -> str:
    return str(raw) if isinstance(raw, int) and not isinstance(raw, bool) and raw else ""


# -- writing a card -------------------------------------------------------------------------
def _read_day(text: str) -> tuple[str, Any]:
    """('FLAT_RATE', pence) for a price, ('MULTIPLIER', '1.5') for times the weekday price."""
    value = text.strip()
    if any(mark in value.lower() for mark in ("x", "×", "*")):
        return "MULTIPLIER", f"{read_multiplier(value):f}"
    try:
        pence = read_money(value)
    except ValueError:
        raise ValueError(
            f"'{value}' is not a price; type a price an hour, like 30.00, or times the weekday "
            "price, like ×1.5"
        ) from None
    if pence < 0:
        raise ValueError("A price cannot be negative")
    return "FLAT_RATE", pence


def _read_add(text: str) -> tuple[str, Any]:
    """('ADD_PER_HOUR', pence) for an amount, ('MULTIPLIER', '1.1') for a percentage."""
    value = text.strip()
    if value.endswith("%"):
        extra = read_percent(value, most=900)
        return "MULTIPLIER", f"{(1 + extra / 100).normalize():f}"
    try:
        pence = read_money(value)
    except ValueError:
        raise ValueError(
            f"'{value}' is not an amount; type an amount an hour, like 2.00, or a percentage, "
            "like 10%"
        ) from None
    if pence < 0:
        raise ValueError("An amount added cannot be negative")
    return "ADD_PER_HOUR", pence


def _hours(text: str, checker: Checker, key: str) -> int | None:
    value = text.strip().lower().removesuffix("hours").removesuffix("h").strip()
    if not value:
        return None
    return checker.check(key, lambda t: read_whole(t, 0, 24 * 28, "notice in hours"), value)


def _put(
    items: list[dict[str, Any]], when: str, reading: tuple[str, Any] | None, extra: dict[str, Any]
) -> list[dict[str, Any]]:
    """The list with `when` set to the reading (kept where it was, keys it had kept), or
    dropped when the reading is None."""
    if reading is None:
        return [e for e in items if e.get("when") != when]
    kind, value = reading
    out, found = [], False
    for item in items:
        if item.get("when") == when:
            item = dict(item)
            item.update(type=kind, value=value, **extra)
            found = True
        out.append(item)
    if not found:
        tier = TIER[when]
        new: dict[str, Any] = {"name": NAMES[when], "when": when, "type": kind, "value": value}
        new.update(extra)
        new["precedence"] = PRECEDENCE[tier]
        if tier >= 3:
            new["applies_to_fixed"] = True
        out.append(new)
    return out


def apply_plain(words: PlainWords, base: RateCardData) -> RateCardData:
    """The card `base` with what the sentences say; raises ValidationError keyed by the
    sentence's field for anything that cannot be read, UserError when `base` is unusual.

    The result is checked by the core like any card when it is saved (rate_cards.validate)."""
    why = unusual(base)
    if why:
        raise UserError(
            "This card cannot be changed in plain words because " + "; ".join(why) + ". "
            "Change it under More options."
        )
    checker = Checker()
    data = copy.deepcopy(base)
    weekday = words.weekday.strip()
    if not weekday:
        checker.fail("weekday", "Type the weekday price an hour, like 26.00")
    else:
        pence = checker.check("weekday", read_money, weekday)
        if pence is not None and pence <= 0:
            checker.fail("weekday", "The weekday price must be more than £0.00")
        data.hourly_rate_pence = pence or 0
    items = [dict(e) for e in data.enhancements]
    for name, when in DAYS.items():
        text = getattr(words, name).strip()
        reading = checker.check(name, _read_day, text) if text else None
        if text and reading is None:
            continue  # keep the card's own until it reads
        items = _put(items, when, reading, {})
    text = words.christmas.strip()
    reading = checker.check("christmas", _read_day, text) if text else None
    if not text or reading is not None:
        for when in CHRISTMAS:
            items = _put(items, when, reading, {})
    for name, (when, key) in HOURS.items():
        add = getattr(words, f"{name}_add").strip()
        at = getattr(words, f"{name}_{key}").strip()
        if not add:
            items = _put(items, when, None, {})
            continue
        reading = checker.check(f"{name}_add", _read_add, add)
        clock = checker.check(f"{name}_{key}", read_time, at) if at else None
        if not at:
            checker.fail(f"{name}_{key}", "Type the time, like 20:00")
        if reading is not None and clock is not None:
            items = _put(items, when, reading, {key: clock.strftime("%H:%M")})
    data.enhancements = items
    minimum = words.minimum.strip()
    data.minimum_minutes = (
        checker.check("minimum", lambda t: read_minutes(t, 0, 12 * 60), minimum) or 0
        if minimum
        else 0
    )
    data.cancellation = _cancellation(words, data.cancellation, checker)
    checker.done()
    return data


def _cancellation(words: PlainWords, rules: dict[str, Any], checker: Checker) -> dict[str, Any]:
    out = copy.deepcopy(rules or {})
    full = _hours(words.cancel_full_hours, checker, "cancel_full_hours")
    part = _hours(words.cancel_part_hours, checker, "cancel_part_hours")
    percent_text = words.cancel_part_percent.strip()
    percent = (
        checker.check(
            "cancel_part_percent",
            lambda t: read_whole(t.removesuffix("%").strip(), 0, 100, "the percentage"),
            percent_text,
        )
        if percent_text
        else None
    )
    if part and percent is None and not percent_text:
        checker.fail("cancel_part_percent", "Say what share is charged, like 50")
    for key, value in (("full_charge_within_hours", full), ("partial_charge_within_hours", part)):
        out.pop(key, None)
        if value:
            out[key] = value
    if part:  # without a part-charge notice the engine never reads the share: left as it was
        out["partial_percent"] = percent or 0
    return out


def other_terms(data: RateCardData) -> str:
    """What else the card says that the sentences leave alone, in one line (More options)."""
    from microoffice.core.billing.card_text import BASIS, label_of

    parts = []
    unit, grace = data.billing_unit_minutes, data.grace_minutes
    rounding = {
        "UP": f"rounded up to {unit} minutes ({grace} minutes' grace)",
        "NEAREST": f"rounded to the nearest {unit} minutes",
        "DOWN": f"rounded down to {unit} minutes",
    }
    parts.append(
        f"time {rounding[data.rounding]}"
        if unit > 1 and data.rounding in rounding
        else "the exact minutes"
    )
    parts.append(f"{label_of(BASIS, data.charge_basis).lower()} charged")
    if data.mileage_pence_per_mile:
        parts.append(f"mileage {data.mileage_pence_per_mile}p a mile")
    parts.append(f"invoices due in {data.payment_terms_days} days")
    return "Also on this card: " + "; ".join(parts) + " (More options)."
