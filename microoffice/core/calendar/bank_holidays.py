"""Bank holidays for the nation where care happens (DOMAIN.md 9.7).

The `holidays` package computes the rule-based calendar offline; a BankHolidayOverride row adds a
proclaimed day or removes one, so a user can correct the calendar without a new release.
Actual days and their weekday substitutes are both listed, each marked, because rate cards choose
which of the two carries the enhanced rate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core.models.business import BankHolidayOverride
from microoffice.core.models.enums import Nation

_SUBDIVISION = {
    Nation.ENGLAND: "ENG",
    Nation.WALES: "WLS",
    Nation.SCOTLAND: "SCT",
    Nation.NORTHERN_IRELAND: "NIR",
}


@dataclass(frozen=True)
class BankHoliday:
    day: date
    name: str
    substitute: bool  # a weekday standing in for a holiday that fell at the weekend
    source: str  # "rules" | "override"


@lru_cache(maxsize=64)
def _computed(nation: str, year: int) -> tuple[BankHoliday, ...]:
    import holidays

    calendar = holidays.country_holidays("GB", subdiv=_SUBDIVISION[Nation(nation)], years=year)
    return tuple(
        BankHoliday(day=d, name=name, substitute="(observed)" in name, source="rules")
        for d, name in sorted(calendar.items())
    )


def bank_holidays(
    nation: str, start: date, end: date, session: Session | None = None
) -> dict[date, BankHoliday]:
    """Every bank holiday for the nation between start and end inclusive, with overrides applied."""
    found: dict[date, BankHoliday] = {}
    for year in range(start.year, end.year + 1):
        for holiday in _computed(nation, year):
            if start <= holiday.day <= end:
                found[holiday.day] = holiday
    if session is not None:
        overrides = session.scalars(
            select(BankHolidayOverride).where(
                BankHolidayOverride.nation == nation,
                BankHolidayOverride.day >= start,
                BankHolidayOverride.day <= end,
            )
        )
        for override in overrides:
            if override.action == "remove":
                found.pop(override.day, None)
            else:
                found[override.day] = BankHoliday(
                    override.day, override.name or "Bank holiday", False, "override"
                )
    return dict(sorted(found.items()))


def calendar_snapshot(
    nation: str, start: date, end: date, session: Session | None = None
) -> dict[str, str]:
    """The calendar an invoice used, stored with it so it can be reproduced exactly."""
    return {d.isoformat(): h.name for d, h in bank_holidays(nation, start, end, session).items()}
