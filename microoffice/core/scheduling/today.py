"""The day's visits, and recording what actually happened.

Most days go as planned, so one action confirms them all (actual = planned); the exceptions are
recorded one by one: late or short (actual times), missed, cancelled by the client (with when
notice was given, which decides the charge later), cancelled by the provider, or an extra visit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.clock_changes import exact_instant, long_day, repeated
from microoffice.core.errors import ValidationError
from microoffice.core.models.enums import VisitStatus
from microoffice.core.models.records import DailyNote
from microoffice.core.models.visits import Visit
from microoffice.core.people.guard import current, needs, row_of
from microoffice.core.people.rights import Right, Scope
from microoffice.core.people.signing import sign_care
from microoffice.core.readers.times import ClockTime
from microoffice.core.scheduling import gather
from microoffice.core.scheduling.merge import DayVisit
from microoffice.core.scheduling.occurrences import occurrences
from microoffice.core.scheduling.statements import window_fetch
from microoffice.core.scheduling.visits import (
    OneOffData,
    Target,
    add_one_off,
    clean_tasks,
    materialise,
    staff_on,
)
from microoffice.core.services.forms import Checker
from microoffice.core.vocabulary import format_date

MAX_MILEAGE_TENTHS = 5000  # 500 miles in one visit is a typing mistake


@needs(Right.OWN_VISITS, filtered=True)
def staff_names(session: Session) -> dict[int, str]:
    return gather.staff_names(window_fetch(session))


@needs(Right.OWN_VISITS, staff="staff_id")
def day_visits(
    session: Session, day: date, staff_id: int | None = None, client_id: int | None = None
) -> list[DayVisit]:
    """The day's visits as Today lists them (the first look reads the same: gather.py)."""
    return gather.visits_of_day(window_fetch(session, client_id=client_id), day, staff_id)


def _not_future(day: date) -> None:
    if day > clock.today():
        message = f"{format_date(day)} has not happened yet: confirm visits on the day or after."
        raise ValidationError({"day": message})


@needs(Right.OWN_VISITS, staff="staff_id")
def confirm_day(session: Session, day: date, staff_id: int | None = None) -> list[Visit]:
    """Confirm every still-planned visit of the day that has started, as done exactly as planned.

    Visits later today are left alone: a record must not say a visit happened before it did.
    """
    _not_future(day)
    now = clock.now()
    confirmed = []
    for occ in occurrences(session, day, day, staff_id=staff_id):
        if occ.status != VisitStatus.PLANNED.value or occ.planned_start > now:
            continue
        visit = materialise(session, occ)
        _complete(visit, visit.planned_start, visit.planned_end)
        confirmed.append(visit)
    session.flush()
    return confirmed


def _complete(visit: Visit, start: datetime, end: datetime) -> None:
    visit.status = VisitStatus.COMPLETED.value
    visit.actual_start, visit.actual_end = start, end
    visit.confirmed_at = clock.now()
    visit.cancellation_notice_at = None
    visit.cancellation_reason = ""
    if not visit.tasks_done:
        visit.tasks_done = list(visit.tasks or [])


def _as_typed(value: time | ClockTime) -> ClockTime:
    return value if isinstance(value, ClockTime) else ClockTime(value)


def actual_range(
    planned_start: datetime, planned_end: datetime, start: ClockTime, end: ClockTime
) -> tuple[datetime, datetime]:
    """Actual times typed as London clock times, as instants; ValidationError if they cannot be.

    The start is on the visit's day; for an overnight visit (planned to end the next day) a start
    after midnight is the next morning when that is nearer the planned start. The end is on the
    start's day, or the next day for an overnight visit (or when typed with 'next day') if it
    is not after the start there. A time the clocks skipped is refused; in the hour that happens
    twice the first is meant unless the time says 'GMT' or 'second'. See docs/scheduling.md.
    """
    local_start, local_end = clock.to_local(planned_start), clock.to_local(planned_end)
    day = local_start.date()
    overnight = local_end.date() > day
    start_day = day + timedelta(days=1) if start.next_day else day
    if overnight and not start.next_day:
        planned = local_start.replace(tzinfo=None)
        later = datetime.combine(day + timedelta(days=1), start.at)
        if abs(later - planned) < abs(datetime.combine(day, start.at) - planned):
            start_day = later.date()
    end_day = start_day + timedelta(days=1) if end.next_day else start_day
    if overnight and not end.next_day and _wraps(start_day, start, end):
        end_day += timedelta(days=1)
    c = Checker()
    begin = c.check("actual_start", lambda t: exact_instant(start_day, t.at, t.second), start)
    finish = c.check("actual_end", lambda t: exact_instant(end_day, t.at, t.second), end)
    c.done()
    assert begin is not None and finish is not None
    if finish <= begin:
        c.fail("actual_end", _not_after(start_day, start, end_day, end))
    elif finish - begin > timedelta(hours=24):
        c.fail("actual_end", "A visit cannot last more than 24 hours")
    c.done()
    return begin, finish


def _wraps(day: date, start: ClockTime, end: ClockTime) -> bool:
    """True when an end not after the start on the clock is the next morning: every time but
    the second round of the hour the clocks went back, after a first-round start that night."""
    if end.at > start.at:
        return False
    in_repeat = repeated(day, start.at) is not None and repeated(day, end.at) is not None
    return not (in_repeat and end.second and not start.second)


def _not_after(start_day: date, start: ClockTime, end_day: date, end: ClockTime) -> str:
    message = (
        f"The visit cannot end at {end.at:%H:%M}: that is not after it started "
        f"({start.at:%H:%M}). Check the times."
    )
    if repeated(end_day, end.at) is not None and not end.second:
        message += (
            f" {end.at:%H:%M} happened twice on {long_day(end_day)} (the clocks went back): "
            f"if they left at the second {end.at:%H:%M}, type {end.at:%H:%M} GMT."
        )
    elif start_day == end_day and not end.next_day:
        message += f" If they left after midnight, type {end.at:%H:%M} next day."
    return message


@needs(Right.OWN_VISITS, visit="target")
def record_actual_times(
    session: Session, target: Target, start: time | ClockTime, end: time | ClockTime
) -> Visit:
    """Late, early, short or long: the visit happened, at these times (see `actual_range`)."""
    visit = materialise(session, target)
    begin, finish = actual_range(
        visit.planned_start, visit.planned_end, _as_typed(start), _as_typed(end)
    )
    if begin > clock.now():
        raise ValidationError({"actual_start": "The start time is in the future"})
    _complete(visit, begin, finish)
    session.flush()
    return visit


@needs(Right.OWN_VISITS, visit="target")
def record_missed(session: Session, target: Target, reason: str) -> Visit:
    """Nobody went: a missed visit is a safety matter, so the reason is required."""
    visit = materialise(session, target)
    c = Checker()
    reason = c.required("reason", reason, "The reason the visit was missed")
    if visit.planned_start > clock.now():
        c.fail("status", "This visit has not started yet; it cannot be missed")
    c.done()
    _cancel(visit, VisitStatus.MISSED.value, reason, None)
    session.flush()
    return visit


@needs(Right.OWN_VISITS, visit="target")
def record_cancelled_by_client(
    session: Session, target: Target, notice_at: datetime, reason: str = ""
) -> Visit:
    """Cancelled by the client or family; notice_at (when they told us) decides any charge."""
    visit = materialise(session, target)
    c = Checker()
    if notice_at.tzinfo is None:
        c.fail("notice_at", "The time notice was given needs a time zone")
    elif notice_at > clock.now() + timedelta(minutes=1):
        c.fail("notice_at", "Notice cannot have been given in the future")
    c.done()
    _cancel(visit, VisitStatus.CANCELLED_BY_CLIENT.value, reason.strip(), notice_at)
    session.flush()
    return visit


@needs(Right.OWN_VISITS, visit="target")
def record_cancelled_by_provider(session: Session, target: Target, reason: str) -> Visit:
    visit = materialise(session, target)
    c = Checker()
    reason = c.required("reason", reason, "The reason we cancelled")
    c.done()
    _cancel(visit, VisitStatus.CANCELLED_BY_PROVIDER.value, reason, None)
    session.flush()
    return visit


def _cancel(visit: Visit, status: str, reason: str, notice_at: datetime | None) -> None:
    visit.status = status
    visit.actual_start = visit.actual_end = None
    visit.cancellation_reason = reason
    visit.cancellation_notice_at = notice_at
    visit.confirmed_at = clock.now()
    visit.tasks_done = []


def notice_hours(visit: Visit) -> Decimal | None:
    """Hours of notice before the planned start (one decimal), for the cancellation charge."""
    if visit.cancellation_notice_at is None:
        return None
    seconds = int((visit.planned_start - visit.cancellation_notice_at).total_seconds())
    return (Decimal(seconds) / Decimal(3600)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@needs(Right.ROTA)
def record_extra_visit(session: Session, data: OneOffData, done: bool = True) -> Visit:
    """A visit that was not planned (called out, stayed on): saved as a one-off, done if past."""
    visit = add_one_off(session, data)
    if done:
        if visit.planned_start > clock.now():
            message = "An extra visit that already happened cannot start later than now"
            raise ValidationError({"day": message})
        _complete(visit, visit.planned_start, visit.planned_end)
        session.flush()
    return visit


@needs(Right.OWN_VISITS, visit="target")
def complete_visit(
    session: Session,
    target: Target,
    note: str = "",
    tasks_done: Sequence[str] | None = None,
    mileage_tenths: int | None = None,
    staff_id: int | None = None,
) -> Visit:
    """What the carer reports: a note for the care record, tasks done, business miles."""
    visit = materialise(session, target)
    c = Checker()
    if visit.status not in (VisitStatus.PLANNED.value, VisitStatus.COMPLETED.value):
        c.fail("status", "This visit did not take place; notes go on the client's record")
    elif visit.planned_start > clock.now():
        c.fail("status", "This visit has not started yet")
    if mileage_tenths is not None and not 0 <= mileage_tenths <= MAX_MILEAGE_TENTHS:
        c.fail("mileage_tenths", "Mileage is between 0 and 500 miles")
    c.done()
    if visit.status == VisitStatus.PLANNED.value:
        _complete(visit, visit.planned_start, visit.planned_end)
    if tasks_done is not None:
        visit.tasks_done = clean_tasks(tasks_done)
    if mileage_tenths is not None:
        visit.mileage_tenths = mileage_tenths
    if note.strip():
        giver = staff_id
        if giver is None and current(session).scope(Right.CARE_NOTES) is not Scope.OWN:
            on_visit = staff_on(session, visit.id)
            giver = on_visit[0] if len(on_visit) == 1 else None
        signature = sign_care(session, giver)
        session.add(
            DailyNote(
                client_id=visit.client_id,
                visit_id=visit.id,
                staff_id=signature.staff_id,
                occurred_at=visit.actual_end or visit.planned_end,
                text=note.strip(),
                author=signature.author,
                on_behalf_of=signature.on_behalf_of,
            )
        )
    session.flush()
    return visit


@needs(Right.SEE_CARE, client=row_of("visit", "visit_id"))
def notes_for_visit(session: Session, visit_id: int) -> list[DailyNote]:
    return list(
        session.scalars(
            select(DailyNote).where(DailyNote.visit_id == visit_id).order_by(DailyNote.id)
        )
    )


@dataclass(frozen=True)
class Overview:
    """The top of the Today page, as much of it as the signed-in person may see."""

    day: date
    business_name: str
    active_clients: int  # a carer: the clients they visit
    active_staff: int | None  # None: not theirs to see
    to_check: tuple[tuple[str, str], ...]  # (client, what to check about a representative)


@needs(Right.ANYONE)
def overview(session: Session) -> Overview:
    """The business at a glance. Each part is read only if the person may see it: this runs
    for everyone, so it cannot lean on the checks of what it calls (they run once, outside)."""
    from microoffice.core.models.business import Business
    from microoffice.core.services import clients, contacts, staff

    signed = current(session)
    firm = session.scalars(select(Business).order_by(Business.id).limit(1)).first()
    return Overview(
        day=clock.today(),
        business_name=(firm.trading_name or firm.legal_name) if firm else "",
        active_clients=len(clients.client_ids(session)) if signed.may(Right.SEE_CLIENTS) else 0,
        active_staff=len(staff.list_staff(session)) if signed.may_all(Right.STAFF) else None,
        to_check=(
            tuple(contacts.representatives_to_check(session))
            if signed.may_all(Right.CLIENTS)
            else ()
        ),
    )
