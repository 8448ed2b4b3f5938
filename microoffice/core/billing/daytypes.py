"""Which enhancements a moment of care attracts: weekday, weekend, bank holiday, time of day.

A bank holiday that falls at the weekend appears twice in the calendar: on the day itself and on
its weekday substitute ("Boxing Day (observed)"). The rate card chooses which of the two carries
the enhanced rate (actual, substitute or both); this module applies that choice.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time

from microoffice.core.billing.terms import DayRule, Enhancement, When
from microoffice.core.calendar.bank_holidays import BankHoliday

OBSERVED = " (observed)"
SUBSTITUTE_WINDOW_DAYS = 4  # a substitute follows its holiday within a long weekend


def base_name(holiday: BankHoliday) -> str:
    return holiday.name.replace(OBSERVED, "").strip()


def _has_substitute(day: date, name: str, calendar: Mapping[date, BankHoliday]) -> bool:
    return any(
        other.substitute
        and base_name(other) == name
        and 0 < (other.day - day).days <= SUBSTITUTE_WINDOW_DAYS
        for other in calendar.values()
    )


def holiday_on(day: date, calendar: Mapping[date, BankHoliday], rule: DayRule) -> str | None:
    """The holiday name whose enhanced rate applies on this day under the rule, if any."""
    holiday = calendar.get(day)
    if holiday is None:
        return None
    name = base_name(holiday)
    if holiday.substitute:
        return name if rule in (DayRule.SUBSTITUTE, DayRule.BOTH) else None
    if rule == DayRule.SUBSTITUTE and _has_substitute(day, name, calendar):
        return None
    return name


_NAMED_DAYS = {
    When.CHRISTMAS_DAY: "Christmas Day",
    When.BOXING_DAY: "Boxing Day",
    When.NEW_YEARS_DAY: "New Year's Day",
}


def matches(enhancement: Enhancement, moment: datetime, holiday: str | None) -> bool:
    """Whether the enhancement applies to care given at this local wall-clock moment."""
    when = enhancement.when
    day, clock_time = moment.date(), moment.time()
    weekday = day.weekday()
    if when == When.SAT:
        return weekday == 5
    if when == When.SUN:
        return weekday == 6
    if when == When.WEEKEND:
        return weekday >= 5
    if when == When.BANK_HOLIDAY:
        return holiday is not None
    if when in _NAMED_DAYS:
        return holiday == _NAMED_DAYS[when]
    if when == When.SPECIAL_DAY:
        return day in enhancement.dates
    after = enhancement.after or time(0, 0)
    before = enhancement.before or time(0, 0)
    if when == When.EVENING:
        return clock_time >= after
    if when == When.EARLY:
        return clock_time < before
    # NIGHT wraps midnight when it starts later than it ends (22:00 to 07:00).
    if after <= before:
        return after <= clock_time < before
    return clock_time >= after or clock_time < before


def boundaries(enhancements: tuple[Enhancement, ...]) -> tuple[time, ...]:
    """Wall-clock times at which the applicable enhancement can change (midnight always)."""
    found = {time(0, 0)}
    for e in enhancements:
        found.update(t for t in (e.after, e.before) if t is not None)
    return tuple(sorted(found))


def winning(
    enhancements: tuple[Enhancement, ...], moment: datetime, holiday: str | None
) -> tuple[Enhancement, ...]:
    """The highest-precedence match, then any that stack on top; enhancements never add up
    unless the card says so (a bank holiday Sunday is charged at the bank-holiday rate)."""
    hits = [e for e in enhancements if matches(e, moment, holiday)]
    if not hits:
        return ()
    ordered = sorted(hits, key=lambda e: -e.precedence)
    first = ordered[0]
    return (first, *(e for e in ordered[1:] if e.stacks))
