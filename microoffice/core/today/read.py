"""Today's data from named statements, whoever runs them. No SQLAlchemy here (see __init__)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from microoffice.core.authority import authority_warnings
from microoffice.core.models.enums import LEGAL_AUTHORITIES
from microoffice.core.scheduling.gather import Fetch, visits_of_day
from microoffice.core.scheduling.merge import DayVisit
from microoffice.core.vocabulary import display_name


@dataclass(frozen=True)
class TodaySummary:
    day: date
    business_name: str
    active_clients: int
    active_staff: int | None  # None: not theirs to see
    to_check: tuple[tuple[str, str], ...]  # (client, what to check about a representative)


@dataclass(frozen=True)
class TodayData:
    """Everything the Today page shows."""

    summary: TodaySummary
    visits: tuple[DayVisit, ...]


def representatives_to_check(fetch: Fetch) -> list[tuple[str, str]]:
    """(client name, what to check) for every active client's representatives."""
    kinds = sorted(k.value for k in LEGAL_AUTHORITIES)
    return [
        (display_name(row.first_name, row.preferred_name, row.last_name), warning)
        for row in fetch("representatives", kinds=kinds)
        for warning in authority_warnings(row)
    ]


def summary(fetch: Fetch, day: date) -> TodaySummary:
    names = fetch("business")
    first = names[0] if names else None
    return TodaySummary(
        day=day,
        business_name=(first.trading_name or first.legal_name) if first else "",
        active_clients=int(fetch("active_clients")[0].count),
        active_staff=int(fetch("active_staff")[0].count),
        to_check=tuple(representatives_to_check(fetch)),
    )


def today(fetch: Fetch, day: date) -> TodayData:
    return TodayData(summary(fetch, day), tuple(visits_of_day(fetch, day)))
