"""Visits that already happened: expanded from the plans with plain dateutil, then recorded the way
a carer would (a few minutes late or over, the odd cancellation), with a note written after each.

Rows are plain dicts of column values so the small demo can make ORM objects of them (audited)
and the large one can bulk-insert hundreds of thousands at once.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from dateutil.rrule import rrule, rrulestr

from microoffice.core.models.enums import ServiceType, VisitStatus
from microoffice.core.scheduling.times import clock_minutes, span


@dataclass(frozen=True)
class PlanRef:
    """What visit generation needs from a VisitPlan row."""

    id: int
    client_id: int
    rrule: str
    start_date: date
    end_date: date | None
    start_time: time
    end_time: time
    service_type: str
    tasks: tuple[str, ...]
    staff_required: int
    staff: tuple[int, ...]

    @property
    def minutes(self) -> int:
        """The plan's length on the clock (what the rota builder packs into a day)."""
        return clock_minutes(self.start_time, self.end_time)

    def planned(self, day: date) -> tuple[datetime, datetime]:
        """The instants of the visit on `day`, worked out as the scheduler does."""
        begin, finish, _ = span(day, self.start_time, self.end_time)
        return begin, finish


@lru_cache(maxsize=4096)
def _rule(text: str, dtstart: datetime) -> rrule:
    parsed = rrulestr(text, dtstart=dtstart)
    assert isinstance(parsed, rrule)
    return parsed


def plan_dates(plan: PlanRef, first: date, last: date) -> list[date]:
    """The plan's occurrence dates between first and last inclusive, as dateutil reads the rule."""
    lo = max(first, plan.start_date)
    hi = min(last, plan.end_date) if plan.end_date else last
    if lo > hi:
        return []
    rule = _rule(plan.rrule, datetime.combine(plan.start_date, plan.start_time))
    found = rule.between(datetime.combine(lo, time.min), datetime.combine(hi, time.max), inc=True)
    return [d.date() for d in found]


def completed_visit(
    plan: PlanRef, day: date, rng: random.Random, now: datetime, mileage: bool = False
) -> dict[str, Any]:
    """A visit done roughly as planned: a few minutes either way, confirmed later that day."""
    start, end = plan.planned(day)
    late = rng.choice((-5, -3, 0, 0, 2, 4, 5, 8, 12))
    over = rng.choice((-5, -2, 0, 0, 0, 3, 5, 7))
    actual_start = start + timedelta(minutes=late)
    actual_end = end + timedelta(minutes=late + over)
    confirmed = min(actual_end + timedelta(minutes=rng.randint(3, 240)), now)
    tasks = list(plan.tasks)
    done = tasks if rng.random() > 0.06 or len(tasks) < 2 else tasks[:-1]
    miles = rng.randint(20, 160) if mileage and plan.service_type != "personal_care" else 0
    return _row(plan, day, start, end) | {
        "actual_start": actual_start,
        "actual_end": actual_end,
        "status": VisitStatus.COMPLETED.value,
        "tasks_done": done,
        "mileage_tenths": miles,
        "confirmed_at": confirmed,
        "created_at": confirmed,
        "updated_at": confirmed,
    }


def cancelled_visit(
    plan: PlanRef, day: date, notice: timedelta, reason: str, now: datetime, by_client: bool = True
) -> dict[str, Any]:
    start, end = plan.planned(day)
    told = start - notice
    status = VisitStatus.CANCELLED_BY_CLIENT if by_client else VisitStatus.CANCELLED_BY_PROVIDER
    return _row(plan, day, start, end) | {
        "status": status.value,
        "cancellation_notice_at": told,
        "cancellation_reason": reason,
        "confirmed_at": min(told, now),
        "created_at": min(told, now),
        "updated_at": min(told, now),
    }


def missed_visit(plan: PlanRef, day: date, reason: str, now: datetime) -> dict[str, Any]:
    start, end = plan.planned(day)
    noticed = min(end + timedelta(hours=2), now)
    return _row(plan, day, start, end) | {
        "status": VisitStatus.MISSED.value,
        "notes": reason,
        "confirmed_at": noticed,
        "created_at": noticed,
        "updated_at": noticed,
    }


def _row(plan: PlanRef, day: date, start: datetime, end: datetime) -> dict[str, Any]:
    return {
        "client_id": plan.client_id,
        "plan_id": plan.id,
        "occurrence_date": day,
        "service_type": plan.service_type,
        "planned_start": start,
        "planned_end": end,
        "actual_start": None,
        "actual_end": None,
        "staff_required": plan.staff_required,
        "tasks": list(plan.tasks),
        "tasks_done": [],
        "mileage_tenths": 0,
        "cancellation_notice_at": None,
        "cancellation_reason": "",
        "notes": "",
        "group_session_id": None,
        "version": 1,
    }


NOTES: dict[str, tuple[str, ...]] = {
    ServiceType.PERSONAL_CARE: (
        "{name} was up when I arrived. Helped with a wash and dressing; ate most of breakfast "
        "and had two cups of tea. Medication prompted and taken. In good spirits.",
        "Assisted {name} with a strip wash. Skin on heels and sacrum checked: intact, no "
        "redness. Cream applied. Left a jug of squash within reach.",
        "{name} said they had slept badly and was tired. Declined a shower today, had a wash "
        "at the sink instead. Fluids encouraged. Will mention to family if it continues.",
        "Shower given; {name} managed most of it with prompting. Dressed in clothes of their "
        "choosing. Chatted about the grandchildren. Kitchen left tidy.",
        "Prepared a meal of {name}'s choosing (soup and a sandwich), ate it all. Medication "
        "taken with food as per the care plan. No concerns.",
        "{name} was a little unsteady on standing; used the frame throughout and was fine. "
        "No falls. Reminded to use the pendant alarm.",
    ),
    ServiceType.DOMESTIC: (
        "Hoovered downstairs, cleaned the bathroom and changed the bed. Put a wash on and hung "
        "it out. {name} was pleased with everything.",
        "Did the weekly shop with {name} at the supermarket; receipt and change left on the "
        "kitchen table. Checked the fridge for out-of-date food.",
        "Ironing done and put away. Mopped the kitchen floor. {name} made us both a cup of tea "
        "and we had a chat about the garden.",
    ),
    ServiceType.COMPANIONSHIP: (
        "Walked to the park with {name}, about 20 minutes with a sit on the bench. Did a little "
        "dusting and the washing up afterwards.",
        "{name} enjoyed the outing: lunch at the garden centre cafe and bought bird seed. Home "
        "safely, settled in the armchair with the television on.",
        "Played dominoes and looked through old photographs. {name} talked about working at "
        "the Longbridge plant. Good mood throughout.",
    ),
}


def note_text(rng: random.Random, service_type: str, name: str) -> str:
    options = NOTES.get(service_type, NOTES[ServiceType.PERSONAL_CARE])
    return rng.choice(options).format(name=name)
