"""Plain descriptions of demo clients, written by hand (small) or drawn at random (large).

The writer turns a spec into rows through the core services, so demo data passes the same
validation a person's typing does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from microoffice.core.vocabulary import display_name


def hm(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


@dataclass(frozen=True)
class Visiting:
    """One regular visit pattern: weekdays (0 = Monday), a window for the start, a length."""

    days: tuple[int, ...]
    earliest: str
    latest: str
    minutes: int
    service: str
    tasks: tuple[str, ...]
    every_weeks: int = 1
    staff: int = 1
    funding: str = ""  # for split funding: which arrangement ("LA" or "SELF") pays


@dataclass(frozen=True)
class PersonSpec:
    """Someone around the client: family, a legal representative, a professional."""

    kind: str
    name: str
    relationship: str
    mobile: bool = True
    emergency: bool = False
    opg: bool = False
    checked_days_ago: int | None = None
    email: bool = False
    lives_with_client: bool = False
    notes: str = ""


@dataclass(frozen=True)
class ClientSpec:
    title: str
    first: str
    last: str
    female: bool
    age: int
    street: int  # index into people.STREETS
    start_days_ago: int
    funding: str  # SELF | DP | DP_MANAGED | LA | THIRD | SPLIT
    visits: tuple[Visiting, ...]
    contacts: tuple[PersonSpec, ...]
    hourly_pence: int
    preferred: str = ""
    council: str = ""  # key into the demo's councils for LA, SPLIT and DP references
    gp: int = 0
    access: int = 0
    communication: str = ""
    notes: str = ""
    mobile: bool = False
    end: date | None = None
    end_reason: str = ""
    mileage_pence: int = 0

    @property
    def display_name(self) -> str:
        return display_name(self.first, self.preferred, self.last)
