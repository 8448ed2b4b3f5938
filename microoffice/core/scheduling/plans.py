"""Visit plans: create, edit, end, split ("this and all following"), skip or move one visit.

Design (docs/scheduling.md): one plan is one start and one end time of day (an end earlier than
the start is the next morning), repeating on chosen weekdays every N weeks. A pattern whose times
differ by day, or a multi-week template (week A / week B), is saved as several plans, one per
(template week, start, end), made in one call by `create_pattern`. Each plan stays a plain RRULE
that dateutil, calendars and people can read; the instants of each visit are worked out per date
(scheduling/times.py), so a clock change never stretches or shrinks the times on the clock.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.clock_changes import changes_between
from microoffice.core.errors import NotFoundError, ValidationError
from microoffice.core.models.clients import Client
from microoffice.core.models.enums import ServiceType
from microoffice.core.models.visits import PlanException, Visit, VisitPlan
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.scheduling import recurrence
from microoffice.core.scheduling.times import clock_minutes, moved_span, span
from microoffice.core.scheduling.visits import (
    check_duration,
    check_staff_ids,
    check_times,
    clean_tasks,
    plan_staff,
    reschedule_visit,
    write_plan_staff,
)
from microoffice.core.services.clients import check_version
from microoffice.core.services.forms import Checker
from microoffice.core.vocabulary import format_date

SHORT_VISIT_MINUTES = 30  # NICE NG21 / QS123 (DOMAIN.md 6.3)


@dataclass
class PlanData:
    """What a person chooses for one plan. `rule` (advanced) overrides weekdays/every_weeks."""

    client_id: int
    start_date: date
    start_time: time
    end_time: time  # not after start_time: the visit ends the next day
    weekdays: Sequence[int] = ()
    every_weeks: int = 1
    rule: str = ""
    end_date: date | None = None
    service_type: str = ServiceType.PERSONAL_CARE.value
    tasks: list[str] = field(default_factory=list)
    staff_required: int = 1
    staff_ids: list[int] = field(default_factory=list)
    notes: str = ""

    @classmethod
    def from_plan(cls, session: Session, plan: VisitPlan) -> PlanData:
        weekdays, every = simple_weekly(plan.rrule)
        return cls(
            client_id=plan.client_id,
            start_date=plan.start_date,
            start_time=plan.start_time,
            end_time=plan.end_time,
            weekdays=weekdays,
            every_weeks=every,
            rule="" if weekdays else plan.rrule,
            end_date=plan.end_date,
            service_type=plan.service_type,
            tasks=list(plan.tasks or []),
            staff_required=plan.staff_required,
            staff_ids=plan_staff(session, plan.id),
            notes=plan.notes,
        )


def simple_weekly(rule: str) -> tuple[tuple[int, ...], int]:
    """(weekdays, every N weeks) if the rule is a plain weekly one, else ((), 1)."""
    parts = dict(p.split("=", 1) for p in rule.upper().split(";") if "=" in p)
    if parts.get("FREQ") != "WEEKLY" or set(parts) - {"FREQ", "INTERVAL", "BYDAY"}:
        return (), 1
    codes = parts.get("BYDAY", "").split(",")
    if not all(c in recurrence.WEEKDAY_CODES for c in codes):
        return (), 1
    return tuple(recurrence.WEEKDAY_CODES.index(c) for c in codes), int(parts.get("INTERVAL", "1"))


def _validated(session: Session, data: PlanData) -> tuple[str, list[int], list[str]]:
    """(rule, staff ids, tasks) or ValidationError naming every bad field."""
    c = Checker()
    client = session.get(Client, data.client_id)
    if client is None:
        c.fail("client_id", "Choose a client for the plan")
    elif client.archived_at is not None:
        c.fail("client_id", f"{client.display_name} is archived; restore them first")
    check_times(c, data.start_time, data.end_time)
    c.choice("service_type", data.service_type, ServiceType, "Service type")
    if data.staff_required not in (1, 2):
        c.fail("staff_required", "A visit needs 1 or 2 members of staff")
    c.order("end_date", data.start_date, data.end_date, "The plan ends before it starts")
    rule = ""
    if data.rule.strip():
        rule = (
            c.check(
                "rule",
                lambda r: recurrence.check_rule(r, data.start_date, data.start_time),
                data.rule,
            )
            or ""
        )
    elif not data.weekdays:
        c.fail("weekdays", "Choose at least one day of the week")
    elif any(not 0 <= d <= 6 for d in data.weekdays):
        c.fail("weekdays", "Days of the week run from Monday (0) to Sunday (6)")
    elif not 1 <= data.every_weeks <= 8:
        c.fail("every_weeks", "A plan repeats every 1 to 8 weeks")
    else:
        rule = recurrence.weekly_rule(data.weekdays, data.every_weeks)
    staff: list[int] = []
    if client is not None:
        staff = check_staff_ids(session, client.id, data.staff_ids, data.staff_required, c)
    c.done()
    return rule, staff, clean_tasks(data.tasks)


def plan_warnings(data: PlanData) -> list[str]:
    """Advice to show before saving; does not stop the save."""
    found = []
    if (
        clock_minutes(data.start_time, data.end_time) < SHORT_VISIT_MINUTES
        and not data.notes.strip()
    ):
        found.append(
            f"Visits under {SHORT_VISIT_MINUTES} minutes should only be for a specific short task "
            "agreed with the person (NICE NG21). Write the reason in the notes."
        )
    return found + clock_change_advice(data)


def clock_change_advice(data: PlanData) -> list[str]:
    """What the clock changes in the plan's first year do to its visits, said before it is
    saved: a time the clocks skip moves on an hour, one they repeat is the first, and an
    overnight visit across a change is an hour longer or shorter than on the clock."""
    try:
        rule = data.rule.strip() or (
            recurrence.weekly_rule(data.weekdays, data.every_weeks) if data.weekdays else ""
        )
    except (IndexError, ValueError):
        return []
    if not rule:
        return []
    first = data.start_date
    last = min(data.end_date or date.max, first + timedelta(days=366))
    advice = []
    for change in changes_between(first, last):
        for day in (change.day - timedelta(days=1), change.day):
            note = span(day, data.start_time, data.end_time)[2]
            try:
                visits = first <= day <= last and recurrence.occurs_on(
                    rule, first, data.start_time, day
                )
            except (ValueError, TypeError):
                return []
            if note and visits:
                advice.append(f"{day:%A %d %B %Y}: {note}.")
    return advice


@needs(Right.ROTA)
def create_plan(session: Session, data: PlanData) -> VisitPlan:
    rule, staff, tasks = _validated(session, data)
    plan = VisitPlan(
        client_id=data.client_id,
        rrule=rule,
        start_date=data.start_date,
        end_date=data.end_date,
        start_time=data.start_time,
        end_time=data.end_time,
        service_type=data.service_type,
        tasks=tasks,
        staff_required=data.staff_required,
        notes=data.notes.strip(),
    )
    session.add(plan)
    session.flush()
    write_plan_staff(session, plan.id, staff)
    return plan


@dataclass(frozen=True)
class Slot:
    """One visit in a weekly pattern: template week (0 = first), weekday (0 = Monday), times."""

    weekday: int
    start_time: time
    end_time: time
    week: int = 0


@needs(Right.ROTA)
def create_pattern(
    session: Session, base: PlanData, slots: Sequence[Slot], weeks: int = 1
) -> list[VisitPlan]:
    """Times that differ by day, or an N-week template: one plan per (week, start, end)."""
    c = Checker()
    if not slots:
        c.fail("weekdays", "Add at least one visit to the pattern")
    if not 1 <= weeks <= 8:
        c.fail("every_weeks", "A template repeats every 1 to 8 weeks")
    if any(not 0 <= s.week < weeks for s in slots):
        c.fail("weekdays", f"Template weeks are numbered 1 to {weeks}")
    c.done()
    groups: dict[tuple[int, time, time], list[int]] = defaultdict(list)
    for s in slots:
        groups[(s.week, s.start_time, s.end_time)].append(s.weekday)
    week_start = base.start_date - timedelta(days=base.start_date.weekday())
    plans = []
    for (week, start_time, end_time), weekdays in sorted(groups.items()):
        first = max(base.start_date, week_start + timedelta(weeks=week))
        data = replace(
            base,
            start_date=first,
            start_time=start_time,
            end_time=end_time,
            weekdays=tuple(weekdays),
            every_weeks=weeks,
            rule="",
        )
        plans.append(create_plan(session, data))
    return plans


@needs(Right.ROTA)
def get_plan(session: Session, plan_id: int) -> VisitPlan:
    plan = session.get(VisitPlan, plan_id)
    if plan is None:
        raise NotFoundError(f"There is no visit plan with id {plan_id}.")
    return plan


@needs(Right.ROTA)
def update_plan(
    session: Session, plan_id: int, data: PlanData, expected_version: int | None = None
) -> VisitPlan:
    """Change the whole plan, past and future (use split_plan to change only from a date)."""
    plan = get_plan(session, plan_id)
    check_version(plan, expected_version)
    if data.client_id != plan.client_id:
        raise ValidationError({"client_id": "A plan cannot move to another client"})
    rule, staff, tasks = _validated(session, data)
    values = {
        "rrule": rule,
        "start_date": data.start_date,
        "end_date": data.end_date,
        "start_time": data.start_time,
        "end_time": data.end_time,
        "service_type": data.service_type,
        "tasks": tasks,
        "staff_required": data.staff_required,
        "notes": data.notes.strip(),
    }
    for key, value in values.items():
        if getattr(plan, key) != value:
            setattr(plan, key, value)
    session.flush()
    write_plan_staff(session, plan.id, staff)
    return plan


@needs(Right.ROTA)
def split_plan(
    session: Session,
    plan_id: int,
    from_date: date,
    data: PlanData,
    expected_version: int | None = None,
) -> VisitPlan:
    """ "This and all following": the old plan ends the day before; a new one starts from_date.

    Skips and moves from that date on go with the new plan when it still has a visit on that
    date, and are dropped otherwise. Visits already recorded stay exactly as they are.
    """
    plan = get_plan(session, plan_id)
    check_version(plan, expected_version)
    if from_date <= plan.start_date:
        data.start_date = plan.start_date
        return update_plan(session, plan_id, data)
    if plan.end_date is not None and from_date > plan.end_date:
        raise ValidationError({"start_date": "The plan has already ended by that date"})
    data.start_date = from_date
    if data.end_date is not None and data.end_date < from_date:
        raise ValidationError({"end_date": "The plan ends before it starts"})
    new = create_plan(session, data)
    plan.end_date = from_date - timedelta(days=1)
    later = session.scalars(
        select(PlanException).where(
            PlanException.plan_id == plan.id, PlanException.occurrence_date >= from_date
        )
    ).all()
    for exc in later:
        if recurrence.occurs_on(new.rrule, new.start_date, new.start_time, exc.occurrence_date):
            exc.plan_id = new.id
        else:
            session.delete(exc)
    visits = session.scalars(
        select(Visit).where(Visit.plan_id == plan.id, Visit.occurrence_date >= from_date)
    ).all()
    for visit in visits:
        assert visit.occurrence_date is not None
        if recurrence.occurs_on(new.rrule, new.start_date, new.start_time, visit.occurrence_date):
            visit.plan_id = new.id
    session.flush()
    return new


@needs(Right.ROTA)
def archive_plan(session: Session, plan_id: int) -> VisitPlan:
    """Hide a plan made by mistake; visits already recorded from it are kept."""
    plan = get_plan(session, plan_id)
    if plan.archived_at is None:
        plan.archived_at = clock.now()
    session.flush()
    return plan


def _check_slot(session: Session, plan: VisitPlan, occurrence_date: date) -> Visit | None:
    in_range = plan.start_date <= occurrence_date and (
        plan.end_date is None or occurrence_date <= plan.end_date
    )
    if not in_range or not recurrence.occurs_on(
        plan.rrule, plan.start_date, plan.start_time, occurrence_date
    ):
        raise ValidationError(
            {"occurrence_date": f"The plan has no visit on {format_date(occurrence_date)}"}
        )
    return session.scalar(
        select(Visit).where(Visit.plan_id == plan.id, Visit.occurrence_date == occurrence_date)
    )


def _exception(session: Session, plan_id: int, occurrence_date: date) -> PlanException:
    exc = session.scalar(
        select(PlanException).where(
            PlanException.plan_id == plan_id, PlanException.occurrence_date == occurrence_date
        )
    )
    if exc is None:
        exc = PlanException(plan_id=plan_id, occurrence_date=occurrence_date)
        session.add(exc)
    return exc


@needs(Right.ROTA)
def skip_occurrence(
    session: Session, plan_id: int, occurrence_date: date, reason: str = ""
) -> PlanException:
    plan = get_plan(session, plan_id)
    if _check_slot(session, plan, occurrence_date) is not None:
        raise ValidationError(
            {"occurrence_date": "This visit is already saved: record it as cancelled instead"}
        )
    exc = _exception(session, plan_id, occurrence_date)
    exc.action, exc.new_date, exc.new_start_time, exc.new_duration_minutes = (
        "skip",
        None,
        None,
        None,
    )
    exc.reason = reason.strip()
    session.flush()
    return exc


@needs(Right.ROTA)
def move_occurrence(
    session: Session,
    plan_id: int,
    occurrence_date: date,
    new_date: date,
    new_start_time: time,
    new_duration_minutes: int | None = None,
    reason: str = "",
) -> PlanException | Visit:
    """Change one visit's date, time or length; the rest of the plan is untouched.

    A length given is in minutes that really pass (what a drag on the calendar shows); without
    one the visit keeps the plan's length on the clock, so 22:00-07:00 moved to 23:00 ends at
    08:00 whatever the clocks do that night."""
    plan = get_plan(session, plan_id)
    visit = _check_slot(session, plan, occurrence_date)
    if visit is not None:
        begin, finish, _ = moved_span(
            new_date, new_start_time, plan.start_time, plan.end_time, new_duration_minutes
        )
        minutes = clock.elapsed_minutes(begin, finish)
        return reschedule_visit(session, visit, new_date, new_start_time, minutes)
    c = Checker()
    if new_duration_minutes is not None:
        check_duration(c, new_duration_minutes)
    if abs((new_date - occurrence_date).days) > 366:
        c.fail("new_date", "Move a visit by less than a year; change the plan instead")
    c.done()
    if new_duration_minutes is not None:
        # the plan's own length is stored as "the plan's length", so a later change of the
        # plan's length reaches this visit too (what was changed on one visit stays)
        begin, finish, _ = moved_span(
            new_date, new_start_time, plan.start_time, plan.end_time, None
        )
        if clock.elapsed_minutes(begin, finish) == new_duration_minutes:
            new_duration_minutes = None
    exc = _exception(session, plan_id, occurrence_date)
    exc.action, exc.new_date, exc.new_start_time = "move", new_date, new_start_time
    exc.new_duration_minutes = new_duration_minutes
    exc.reason = reason.strip()
    session.flush()
    return exc


@needs(Right.ROTA)
def restore_occurrence(session: Session, plan_id: int, occurrence_date: date) -> None:
    """Undo a skip or move: the visit goes back to what the plan says."""
    exc = session.scalar(
        select(PlanException).where(
            PlanException.plan_id == plan_id, PlanException.occurrence_date == occurrence_date
        )
    )
    if exc is not None:
        session.delete(exc)
        session.flush()
