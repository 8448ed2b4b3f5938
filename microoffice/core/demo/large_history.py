"""Five years of visits for the large demo, day by day, with cover found when a carer is on leave.

Plans were fitted without clashes (schedule.Rota), so a day's regular visits never overlap; when
the regular carer is on holiday the first colleague who is available and free at that time covers,
and if nobody is, the visit is cancelled by the provider, as a real agency would have to.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from microoffice.core.demo.history import (
    PlanRef,
    cancelled_visit,
    completed_visit,
    missed_visit,
    plan_dates,
)

CLIENT_CANCELS = 0.015
MISSED = 0.002
NOTICES = (timedelta(hours=1), timedelta(hours=3), timedelta(hours=20), timedelta(days=2),
           timedelta(days=7))  # fmt: skip
CLIENT_REASONS = (
    "Family taking her out for the day",
    "Hospital appointment",
    "Not feeling well, asked for the visit to be cancelled",
    "Family staying, care not needed",
    "Day centre trip",
)


@dataclass(frozen=True)
class Roster:
    availability: dict[int, dict[int, list[tuple[int, int]]]]
    leave: dict[int, list[tuple[date, date]]]
    gap_minutes: int = 10

    def on_leave(self, staff: int, day: date) -> bool:
        return any(lo <= day <= hi for lo, hi in self.leave.get(staff, ()))

    def available(self, staff: int, weekday: int, start: int, end: int) -> bool:
        windows = self.availability.get(staff, {}).get(weekday, [])
        return any(lo <= start and end <= hi for lo, hi in windows)


def _minutes(ref: PlanRef) -> tuple[int, int]:
    start = ref.start_time.hour * 60 + ref.start_time.minute
    return start, start + ref.minutes


def assign_and_record(
    rng: random.Random,
    refs: list[PlanRef],
    roster: Roster,
    pauses: dict[int, list[tuple[date, date, str]]],
    first: date,
    last: date,
    now: datetime,
    mileage: set[int],
) -> tuple[list[dict[str, Any]], list[dict[str, int]]]:
    """Visit rows (with explicit ids) and their visit_staff links, oldest first."""
    by_day: dict[date, list[PlanRef]] = defaultdict(list)
    for ref in refs:
        for day in plan_dates(ref, first, last):
            by_day[day].append(ref)
    rows: list[dict[str, Any]] = []
    links: list[dict[str, int]] = []
    team = sorted(roster.availability)
    for day in sorted(by_day):
        busy: dict[int, list[tuple[int, int]]] = defaultdict(list)
        away = {s for s in team if roster.on_leave(s, day)}
        todays = []
        for ref in sorted(by_day[day], key=lambda r: (_minutes(r), r.id)):
            pause = next((p for p in pauses.get(ref.client_id, ()) if p[0] <= day <= p[1]), None)
            if pause is not None and (pause[0] != day or pause[2] != "hospital"):
                continue
            regulars = [s for s in ref.staff if s not in away]
            for s in regulars:
                busy[s].append(_minutes(ref))
            todays.append((ref, regulars, pause))
        for ref, staff_ids, pause in todays:
            start, end = _minutes(ref)
            for s in team:
                if len(staff_ids) >= ref.staff_required:
                    break
                if (
                    s in away
                    or s in staff_ids
                    or not roster.available(s, day.weekday(), start, end)
                ):
                    continue
                gap = roster.gap_minutes
                if all(end + gap <= b0 or b1 + gap <= start for b0, b1 in busy[s]):
                    busy[s].append((start, end))
                    staff_ids.append(s)
            row = _record(
                rng, ref, day, staff_ids, pause is not None, now, ref.client_id in mileage
            )
            row["id"] = len(rows) + 1
            rows.append(row)
            if row["status"] != "cancelled_provider":
                links += [{"visit_id": row["id"], "staff_id": s} for s in staff_ids]
    return rows, links


def _record(
    rng: random.Random,
    ref: PlanRef,
    day: date,
    staff_ids: list[int],
    admitted: bool,
    now: datetime,
    mileage: bool,
) -> dict[str, Any]:
    if admitted:
        return cancelled_visit(ref, day, timedelta(hours=2), "Admitted to hospital", now)
    if len(staff_ids) < ref.staff_required:
        return cancelled_visit(
            ref,
            day,
            timedelta(days=1),
            "No carer free to cover leave; family informed and agreed",
            now,
            by_client=False,
        )
    draw = rng.random()
    if draw < CLIENT_CANCELS:
        return cancelled_visit(ref, day, rng.choice(NOTICES), rng.choice(CLIENT_REASONS), now)
    if draw < CLIENT_CANCELS + MISSED:
        return missed_visit(ref, day, "Carer held up at an earlier emergency; family told", now)
    return completed_visit(ref, day, rng, now, mileage)
