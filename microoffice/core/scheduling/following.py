""" "This and following": one visit dragged to a new day, time or length, and every later visit of
its plan with it, the way calendar apps move a repeating event.

The plan is split at that visit (`plans.split_plan`): the old plan keeps everything before it,
the new one is the old pattern moved by the same number of days, at the new time and length.
What was already arranged for later visits goes with them: a skip stays on the visit it was
for, a visit moved on its own stays where it was put, a saved visit keeps its carers and (when
it was at the usual time) moves with the rest. Nothing already recorded is changed.

Moving to another day works for plain weekly patterns ("Mondays and Thursdays", every N weeks
while every weekday stays in its week) and daily ones; a pattern such as "the first Monday of
the month" cannot be shifted by days and is refused with a plain message.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core.errors import ValidationError
from microoffice.core.models.enums import VisitStatus
from microoffice.core.models.visits import PlanException, Visit, VisitPlan
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.scheduling import plans, recurrence
from microoffice.core.scheduling.merge import Occurrence
from microoffice.core.scheduling.times import clock_minutes, span
from microoffice.core.scheduling.visits import reschedule_visit
from microoffice.core.vocabulary import format_date

CANNOT_SHIFT = (
    "This plan repeats in a way that cannot move to another day for every visit. Move just "
    "this one, or change the plan."
)


def _pattern(plan: VisitPlan) -> str:
    minutes = clock_minutes(plan.start_time, plan.end_time)
    return f"{recurrence.describe(plan.rrule)} at {plan.start_time:%H:%M} for {minutes} min"


def _shifted(data: plans.PlanData, plan: VisitPlan, delta: int) -> plans.PlanData:
    """The plan's pattern `delta` days later (earlier when negative), or a refusal."""
    weekdays, every = plans.simple_weekly(plan.rrule)
    if weekdays:
        if every > 1 and any(not 0 <= w + delta <= 6 for w in weekdays):
            raise ValidationError({"day": CANNOT_SHIFT})
        shifted = tuple(sorted((w + delta) % 7 for w in weekdays))
        data = replace(data, weekdays=shifted, every_weeks=every, rule="")
    elif set(_parts(plan.rrule)) - {"FREQ", "INTERVAL"} or _parts(plan.rrule)["FREQ"] != "DAILY":
        raise ValidationError({"day": CANNOT_SHIFT})
    if data.end_date is not None:
        data = replace(data, end_date=data.end_date + timedelta(days=delta))
    return data


def _parts(rule: str) -> dict[str, str]:
    return dict(p.split("=", 1) for p in rule.upper().split(";") if "=" in p)


def _rekey(session: Session, plan_id: int, from_day: date, delta: int) -> None:
    """Later skips, moves and saved visits follow their visit to its new date. One row at a time,
    furthest first when moving later (nearest first when earlier), so no two ever share a date."""
    exceptions = session.scalars(
        select(PlanException).where(
            PlanException.plan_id == plan_id, PlanException.occurrence_date >= from_day
        )
    ).all()
    visits = session.scalars(
        select(Visit).where(Visit.plan_id == plan_id, Visit.occurrence_date >= from_day)
    ).all()
    for rows in (list(exceptions), list(visits)):
        rows.sort(key=lambda r: r.occurrence_date or from_day, reverse=delta > 0)
        for row in rows:
            assert row.occurrence_date is not None
            row.occurrence_date = row.occurrence_date + timedelta(days=delta)
            session.flush()


@needs(Right.ROTA)
def move_following(
    session: Session, occ: Occurrence, day: date, at: time, minutes: int
) -> tuple[int, str]:
    """Move this visit to `day` at `at` for `minutes`, and every later one the same way.

    Returns the id of the plan the visit now belongs to, and the change in words.
    """
    assert occ.plan_id is not None and occ.occurrence_date is not None
    plan = plans.get_plan(session, occ.plan_id)
    before = _pattern(plan)
    old_day = occ.occurrence_date
    delta = (day - old_day).days
    until = (datetime.combine(day, at) + timedelta(minutes=minutes)).time()
    data = replace(plans.PlanData.from_plan(session, plan), start_time=at, end_time=until)
    if delta:
        data = _shifted(data, plan, delta)
    if delta < 0:
        earlier = recurrence.expand_dates(
            plan.rrule, plan.start_date, plan.start_time, day, old_day - timedelta(days=1)
        )
        if earlier:
            raise ValidationError(
                {
                    "day": f"The plan has a visit on {earlier[0]:%A %d %B} before this one; "
                    "moving every later visit past it would change that one too. Move just "
                    "this one, or change the plan."
                }
            )
    # This visit's own arrangement is replaced by the new pattern.
    own = session.scalar(
        select(PlanException).where(
            PlanException.plan_id == plan.id, PlanException.occurrence_date == old_day
        )
    )
    if own is not None:
        session.delete(own)
        session.flush()
    usual = {
        v.id
        for v in session.scalars(
            select(Visit).where(
                Visit.plan_id == plan.id,
                Visit.occurrence_date >= old_day,
                Visit.status == VisitStatus.PLANNED.value,
            )
        )
        if v.occurrence_date is not None
        and (v.planned_start, v.planned_end)
        == span(v.occurrence_date, plan.start_time, plan.end_time)[:2]
    }
    if occ.visit_id is not None:
        usual.add(occ.visit_id)
    if delta:
        _rekey(session, plan.id, old_day, delta)
    new = plans.split_plan(session, plan.id, min(old_day, day), data)
    if delta:
        new.start_date = day
    for visit_id in sorted(usual):
        visit = session.get(Visit, visit_id)
        if visit is not None and visit.plan_id == new.id and visit.occurrence_date is not None:
            begin, finish, _note = span(visit.occurrence_date, at, until)
            length = int((finish - begin).total_seconds() // 60)  # this night's real minutes
            reschedule_visit(session, visit, visit.occurrence_date, at, length)
    session.flush()
    return new.id, f"{before} became {_pattern(new)} from {format_date(day)}"
