"""What an hour of care really costs to deliver, and how each price compares with it.

An hour with a client is not an hour's pay: the journey between visits is paid working time (NMW
rules, DOMAIN.md 10.1), holiday accrues on every hour worked (12.07% for irregular hours, 10.3),
and the year's fixed costs (insurance, DBS, training, registration, the ICO fee) are spread over
the hours actually delivered. Each line is rounded to the penny, half up, and the total is the
sum of the lines, so the figures on screen always add up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy.orm import Session

from microoffice.core.money import format_gbp
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.readers.numbers import read_miles, read_money, read_percent, read_whole
from microoffice.core.readers.times import read_minutes, read_weekly_hours
from microoffice.core.services.business import get_setting, set_setting
from microoffice.core.services.forms import Checker

SETTING_KEY = "growth.cost_inputs"
OVERHEADS = (
    ("training_pence", "Training"),
    ("dbs_pence", "DBS checks"),
    ("insurance_pence", "Insurance"),
    ("registration_pence", "Registration (CQC fee)"),
    ("ico_pence", "ICO data protection fee"),
    ("other_pence", "Other (phone, car, accountant...)"),
)


@dataclass
class CostInputs:
    """A year of the business in a few figures; money in pence, percentages as Decimal."""

    hourly_pay_pence: int = 0  # your target pay, or what staff are paid, per hour worked
    travel_minutes_per_hour: int = 0  # paid travel between visits, per hour of care
    miles_per_hour_tenths: int = 0  # miles driven between visits per hour of care, in tenths
    mileage_pence_per_mile: int = 45
    holiday_percent: Decimal = Decimal("12.07")
    oncost_percent: Decimal = Decimal(0)  # employer's NI and pension, on pay and holiday
    hours_per_week: Decimal = Decimal(0)  # hours of care delivered in a normal week
    weeks_per_year: int = 52
    surplus_percent: Decimal = Decimal(3)  # kept back to stay in business
    training_pence: int = 0
    dbs_pence: int = 0
    insurance_pence: int = 0
    registration_pence: int = 0
    ico_pence: int = 0
    other_pence: int = 0

    @property
    def annual_overheads_pence(self) -> int:
        return sum(getattr(self, name) for name, _ in OVERHEADS)

    @property
    def hours_per_year(self) -> Decimal:
        return self.hours_per_week * self.weeks_per_year


@dataclass(frozen=True)
class CostLine:
    key: str
    label: str
    pence: int
    how: str


@dataclass(frozen=True)
class CostBreakdown:
    inputs: CostInputs
    lines: tuple[CostLine, ...]

    @property
    def total_pence(self) -> int:
        """Cost of one delivered hour: the sum of the rounded lines."""
        return sum(line.pence for line in self.lines)

    @property
    def price_needed_pence(self) -> int:
        """The cost plus the surplus a business needs to keep going (rounded half up)."""
        factor = 1 + self.inputs.surplus_percent / 100
        return _pence(Decimal(self.total_pence) * factor)

    def line(self, key: str) -> CostLine:
        return next(line for line in self.lines if line.key == key)


def _pence(value: Decimal) -> int:
    """Pence as Decimal to whole pence, half up."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _pct(value: Decimal) -> str:
    return f"{value.normalize():f}%"


def breakdown(inputs: CostInputs) -> CostBreakdown:
    """The cost of one hour of care, line by line (inputs are checked first)."""
    check_inputs(inputs)
    pay = inputs.hourly_pay_pence
    travel = _pence(Decimal(pay) * inputs.travel_minutes_per_hour / 60)
    holiday = _pence(Decimal(pay + travel) * inputs.holiday_percent / 100)
    oncost = _pence(Decimal(pay + travel + holiday) * inputs.oncost_percent / 100)
    miles = Decimal(inputs.miles_per_hour_tenths) / 10
    mileage = _pence(miles * inputs.mileage_pence_per_mile)
    hours = inputs.hours_per_year
    yearly = inputs.annual_overheads_pence
    overheads = _pence(Decimal(yearly) / hours) if hours else 0
    lines = (
        CostLine("pay", "Pay for the hour of care", pay, f"{format_gbp(pay)} an hour"),
        CostLine(
            "travel",
            "Paid travel between visits",
            travel,
            f"{inputs.travel_minutes_per_hour} min of travel per hour of care",
        ),
        CostLine(
            "holiday",
            "Holiday pay",
            holiday,
            f"{_pct(inputs.holiday_percent)} of pay and travel",
        ),
        CostLine(
            "oncost",
            "Employer's NI and pension",
            oncost,
            f"{_pct(inputs.oncost_percent)} of pay, travel and holiday",
        ),
        CostLine(
            "mileage",
            "Mileage",
            mileage,
            f"{miles.normalize():f} miles at {inputs.mileage_pence_per_mile}p",
        ),
        CostLine(
            "overheads",
            "Share of the year's overheads",
            overheads,
            f"{format_gbp(yearly)} a year over {hours.normalize():f} hours of care",
        ),
    )
    return CostBreakdown(inputs, lines)


def check_inputs(inputs: CostInputs) -> None:
    c = Checker()
    if not 0 < inputs.hourly_pay_pence <= 20_000:
        c.fail("hourly_pay_pence", "Enter the pay for an hour of care, for example 12.71")
    if not 0 <= inputs.travel_minutes_per_hour <= 60:
        c.fail("travel_minutes_per_hour", "Travel is between 0 and 60 minutes per hour of care")
    if not 0 <= inputs.miles_per_hour_tenths <= 1000:
        c.fail("miles_per_hour_tenths", "Miles per hour of care is between 0 and 100")
    if not 0 <= inputs.mileage_pence_per_mile <= 200:
        c.fail("mileage_pence_per_mile", "Mileage is paid at 0 to 200p a mile")
    for name in ("holiday_percent", "oncost_percent", "surplus_percent"):
        if not Decimal(0) <= getattr(inputs, name) <= Decimal(50):
            c.fail(name, "A percentage between 0 and 50")
    if not Decimal(0) < inputs.hours_per_week <= Decimal(500):
        c.fail("hours_per_week", "Enter the hours of care delivered in a normal week")
    if not 1 <= inputs.weeks_per_year <= 53:
        c.fail("weeks_per_year", "Weeks worked in a year: 1 to 53")
    for name, label in OVERHEADS:
        if not 0 <= getattr(inputs, name) <= 100_000_000:
            c.fail(name, f"{label}: enter the yearly cost in pounds")
    c.done()


_DECIMALS = {"holiday_percent", "oncost_percent", "hours_per_week", "surplus_percent"}
_MONEY = {"hourly_pay_pence", *(name for name, _ in OVERHEADS)}


def _pence_a_mile(text: str) -> int:
    return read_whole(text.strip().removesuffix("p"), 0, 200, "mileage (pence a mile)")


def _care_hours(text: str) -> Decimal:
    minutes = read_weekly_hours(text, most=500) or 0  # the whole team's hours, not one person's
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"))


# Each figure's reader (core/readers): pounds for money, percentages, minutes, miles, hours.
_READERS: dict[str, Callable[[str], Any]] = {
    **dict.fromkeys(_MONEY, read_money),
    "travel_minutes_per_hour": lambda text: read_minutes(text, least=0, most=60),
    "miles_per_hour_tenths": lambda text: read_miles(text) or 0,
    "mileage_pence_per_mile": _pence_a_mile,
    "holiday_percent": read_percent,
    "oncost_percent": read_percent,
    "surplus_percent": read_percent,
    "hours_per_week": _care_hours,
    "weeks_per_year": lambda text: read_whole(text, 1, 53, "weeks worked in a year"),
}


def inputs_from_text(values: dict[str, str]) -> CostInputs:
    """Read what a person typed (pounds, percentages, hours); name every bad field at once. A
    figure left blank is nought."""
    c = Checker()
    out: dict[str, Any] = {}
    for f in fields(CostInputs):
        text = str(values.get(f.name, ""))
        blank = Decimal(0) if f.name in _DECIMALS else 0
        out[f.name] = c.check(f.name, _READERS[f.name], text) if text.strip() else blank
    c.done()
    inputs = CostInputs(**out)
    check_inputs(inputs)
    return inputs


def inputs_as_text(inputs: CostInputs) -> dict[str, str]:
    """The form's view of the inputs: pounds for money, plain numbers elsewhere."""
    out = {}
    for f in fields(inputs):
        value = getattr(inputs, f.name)
        if f.name == "miles_per_hour_tenths":
            out[f.name] = f"{(Decimal(value) / 10).normalize():f}"
        elif f.name in _MONEY:
            out[f.name] = f"{Decimal(value) / 100:.2f}"
        elif isinstance(value, Decimal):
            out[f.name] = f"{value.normalize():f}"
        else:
            out[f.name] = str(value)
    return out


@needs(Right.GOVERNANCE)
def save_inputs(session: Session, inputs: CostInputs) -> CostInputs:
    check_inputs(inputs)
    stored = {k: str(v) if isinstance(v, Decimal) else v for k, v in asdict(inputs).items()}
    set_setting(session, SETTING_KEY, stored)
    return inputs


@needs(Right.GOVERNANCE)
def saved_inputs(session: Session) -> CostInputs | None:
    raw = get_setting(session, SETTING_KEY)
    if not isinstance(raw, dict):
        return None
    known = {f.name: f for f in fields(CostInputs)}
    values: dict[str, Any] = {}
    for name, value in raw.items():
        if name in known:
            values[name] = Decimal(str(value)) if name in _DECIMALS else int(value)
    return CostInputs(**values)
