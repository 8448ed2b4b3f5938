"""A rate card as a person types it: the form's text turned into `RateCardData`, and back.

The rate-card form (ui/billing/) shows money as pounds, dates as dd/mm/yyyy and special dates as
a comma-separated list; this module reads that text, naming the field (or the row of a list) that
cannot be read, so the message can sit where the person typed. Every rule about the values
themselves stays in billing/terms.py, which checks the result as it checks any card.

Enhancement rows are JSON dicts (docs/billing.md); each keeps what it was loaded with, so parts a
form does not show survive an edit untouched.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from microoffice.core.billing import vat
from microoffice.core.billing.rate_cards import RateCardData
from microoffice.core.money import format_gbp
from microoffice.core.readers.dates import parse_date
from microoffice.core.readers.numbers import read_money, read_multiplier
from microoffice.core.services.forms import Checker
from microoffice.core.vocabulary import format_date, service_label

# The words for each coded choice on a card, in the order a person chooses from them.
ROUNDING = [
    ("UP", "Up to the unit (after the grace)"),
    ("NEAREST", "To the nearest unit"),
    ("DOWN", "Down to the unit"),
    ("ACTUAL", "Exact minutes"),
]
BASIS = [
    ("PLANNED", "Planned times"),
    ("ACTUAL", "Actual times"),
    ("GREATER_OF", "The longer of planned and actual"),
    ("LESSER_OF", "The shorter of planned and actual"),
]
DAY_RULES = [
    ("both", "Both the day and its substitute"),
    ("actual", "Only the day itself"),
    ("substitute", "Only the substitute weekday"),
]
DOUBLE_UP = [
    ("double", "Each carer charged"),
    ("rate", "A set hourly rate for the pair"),
    ("single", "Charged as one carer"),
]
VAT = list(vat.CATEGORY_LABELS.items())
BAND_MINUTES = ("15", "30", "45", "60")
SPECIAL_DAY = "SPECIAL_DAY"
EXAMPLE_DATE = "24/12/2026"


def label_of(options: list[tuple[str, str]], code: str) -> str:
    return dict(options).get(code, code)


# -- fixed prices ---------------------------------------------------------------------------
@dataclass(frozen=True)
class FixedProblem:
    row: int  # 0-based
    part: str  # "service" or "price"
    message: str


def _reworded(exc: ValueError) -> str:
    text = str(exc)
    return text[0].lower() + text[1:] if text[:1].isupper() else text


def read_fixed(rows: list[tuple[str, str]]) -> tuple[dict[str, int], FixedProblem | None]:
    """(service code, price as typed) rows as {code: pence}, or the first problem found."""
    prices: dict[str, int] = {}
    for n, (code, text) in enumerate(rows):
        label = service_label(code)
        if code in prices:
            return prices, FixedProblem(
                n, "service", f"{label} is listed twice: give each service one fixed price"
            )
        if not text.strip():
            return prices, FixedProblem(n, "price", f"{label}: type the price, like 95.00")
        try:
            pence = read_money(text)
        except ValueError as exc:
            return prices, FixedProblem(n, "price", f"{label}: {_reworded(exc)}")
        if pence < 0:
            return prices, FixedProblem(n, "price", f"{label}: a price cannot be negative")
        prices[code] = pence
    return prices, None


# -- enhancements ---------------------------------------------------------------------------
def value_problems(items: list[dict[str, Any]]) -> str:
    """The first value that could not be read (money, or a multiplier), worded for the person
    ('' if none)."""
    for n, item in enumerate(items, start=1):
        name = item.get("name") or f"Enhancement {n}"
        problem = _value_problem(item)
        if problem:
            return f"{name}: {problem}"
    return ""


def _value_problem(item: dict[str, Any]) -> str:
    value = item.get("value")
    if item.get("type") != "MULTIPLIER":
        return "type the amount in pounds, like 2.00" if isinstance(value, str) else ""
    try:
        read_multiplier(str(value))
    except ValueError as exc:
        return _reworded(exc)
    return ""


def value_text(item: dict[str, Any]) -> str:
    """An enhancement's value as typed: the multiplier, or pounds for money."""
    if "value" not in item:
        return ""
    if item.get("type", "MULTIPLIER") == "MULTIPLIER":
        return str(item["value"])
    raw = item["value"]
    return format_gbp(raw) if isinstance(raw, int) and not isinstance(raw, bool) else str(raw)


def read_value(kind: str, text: str) -> Any:
    """What was typed as an enhancement's value: a multiplier's text, or pence for money (left
    as typed when it is not money, for `value_problems` or `special_problem` to name)."""
    text = text.strip()
    if kind == "MULTIPLIER":
        return text.lstrip("×xX").strip()
    try:
        return read_money(text)
    except ValueError:
        return text


def whole(raw: Any) -> int:
    return raw if isinstance(raw, int) and not isinstance(raw, bool) else 0


# -- special dates --------------------------------------------------------------------------
def is_special(item: dict[str, Any]) -> bool:
    return item.get("when") == SPECIAL_DAY


def merge(
    kinds: list[bool], regular: list[dict[str, Any]], special: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Interleave the two tables as the loaded card had them (`kinds[i]`: item i was special);
    rows added since go at the end, so saving an unchanged card changes nothing."""
    regular, special = list(regular), list(special)
    out = []
    for was_special in kinds:
        source = special if was_special else regular
        if source:
            out.append(source.pop(0))
    return out + regular + special


@dataclass(frozen=True)
class SpecialProblem:
    row: int  # 0-based, within the special dates
    part: str  # "dates" or "value"
    message: str


def special_problem(items: list[dict[str, Any]]) -> SpecialProblem | None:
    """The first special date that cannot be read, worded for the person (None if all can)."""
    for n, item in enumerate(items):
        name = item.get("name") or f"Special date {n + 1}"
        dates = item.get("dates") or []
        if not dates:
            return SpecialProblem(n, "dates", f"{name}: type a date, like {EXAMPLE_DATE}")
        for text in dates:
            try:
                date.fromisoformat(str(text))
            except ValueError:
                message = f"{name}: '{text}' is not a date; type it like {EXAMPLE_DATE}"
                return SpecialProblem(n, "dates", message)
        problem = _value_problem(item)
        if problem:
            return SpecialProblem(n, "value", f"{name}: {problem}")
    return None


def dates_text(item: dict[str, Any]) -> str:
    """A special date's list as a person reads it: 24/12/2026, 31/12/2026."""
    shown = []
    for raw in item.get("dates") or []:
        try:
            shown.append(format_date(date.fromisoformat(str(raw))))
        except ValueError:
            shown.append(str(raw))
    return ", ".join(shown)


def read_dates(text: str) -> list[str]:
    """ISO strings for dates that read; anything else as typed, for `special_problem`."""
    out = []
    for part in re.split(r"[,;\s]+", text.strip()):
        if not part:
            continue
        try:
            day = parse_date(part)
        except ValueError:
            out.append(part)
            continue
        out.append(day.isoformat() if day else part)
    return out


# -- the whole card -------------------------------------------------------------------------
def card_data(
    values: dict[str, Any], base: RateCardData, bands_kept: dict[str, int]
) -> RateCardData:
    """RateCardData from the form's values; parts the form does not show come from `base`.

    Raises ValidationError naming the field for money or dates that cannot be read.
    """
    checker = Checker()
    data = copy.deepcopy(base)
    data.name = " ".join(str(values.get("name", "")).split())
    for key in ("effective_from", "effective_to"):
        if key in values:
            text = str(values[key]).strip()
            setattr(data, key, checker.date_text(key, text) if text else None)
    hourly = str(values.get("hourly_rate_pence", "")).strip()
    data.hourly_rate_pence = (
        (checker.check("hourly_rate_pence", read_money, hourly) or 0) if hourly else 0
    )
    bands = dict(bands_kept)
    for minutes, text in values.get("bands", {}).items():
        if not text:
            continue
        try:
            bands[minutes] = read_money(text)
        except ValueError as exc:
            checker.fail("bands", f"{minutes} minutes: {exc}")
    data.bands = bands
    pair = str(values.get("double_up_rate_pence", "")).strip()
    data.double_up_rate_pence = (
        checker.check("double_up_rate_pence", read_money, pair) if pair else None
    )
    for key in (
        "minimum_minutes",
        "billing_unit_minutes",
        "grace_minutes",
        "mileage_pence_per_mile",
        "payment_terms_days",
        "rounding",
        "charge_basis",
        "bank_holiday_day_rule",
        "double_up_rule",
        "vat_category",
        "cancellation",
        "enhancements",
    ):
        if key in values:
            setattr(data, key, values[key])
    if "fixed_prices" in values:
        prices, fixed_problem = read_fixed(values["fixed_prices"])
        if fixed_problem is not None:
            checker.fail("fixed_prices", fixed_problem.message)
        data.fixed_prices = prices
    problem = value_problems([e for e in data.enhancements if not is_special(e)])
    if problem:
        checker.fail("enhancements", problem)
    special = special_problem([e for e in data.enhancements if is_special(e)])
    if special is not None:
        checker.fail("special_dates", special.message)
    checker.done()
    return data
