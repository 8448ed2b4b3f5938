"""'Your visits this month': the schedule a client keeps in the folder in their home.

Written for the person, not the office: their name, each visit's date, time and who is coming
(first names, as carers introduce themselves), bank holidays where they live, and who to ring to
change anything. Cancelled visits stay listed, marked, so nobody waits for a visit that is off.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.calendar.bank_holidays import bank_holidays
from microoffice.core.clock_changes import wall_text
from microoffice.core.models.business import Business
from microoffice.core.models.enums import ServiceType, VisitStatus
from microoffice.core.models.staff import Staff
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.scheduling.history import (
    FOLLOWING,
    MOVED,
    ChangeRow,
    histories,
    slot_key,
)
from microoffice.core.scheduling.merge import SKIPPED, Occurrence
from microoffice.core.scheduling.occurrences import occurrences
from microoffice.core.scheduling.pauses import list_pauses
from microoffice.core.scheduling.times import sentence
from microoffice.core.services.clients import get_client
from microoffice.core.vocabulary import called

STATUS_NOTES = {
    VisitStatus.CANCELLED_BY_CLIENT.value: "Cancelled (at your request)",
    VisitStatus.CANCELLED_BY_PROVIDER.value: "Cancelled by us",
    VisitStatus.MISSED.value: "Missed: we are sorry",
}


@dataclass(frozen=True)
class ScheduleLine:
    day: date
    start: str
    end: str
    minutes: int
    carers: tuple[str, ...]
    service: str
    note: str
    holiday: str | None
    cancelled: bool


@dataclass(frozen=True)
class ScheduleData:
    business: str
    business_phone: str
    client_name: str
    address: tuple[str, ...]
    month: date  # the first of the month
    lines: tuple[ScheduleLine, ...]
    pauses: tuple[str, ...]
    printed_on: date

    @property
    def month_label(self) -> str:
        return f"{self.month:%B %Y}"


def month_bounds(month: date) -> tuple[date, date]:
    first = month.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


@needs(Right.ROTA)
def collect(session: Session, client_id: int, month: date) -> ScheduleData:
    client = get_client(session, client_id)
    first, last = month_bounds(month)
    holidays = bank_holidays(client.nation, first, last, session)
    carers = {s.id: called(s.first_name, s.preferred_name) for s in session.scalars(select(Staff))}
    lines = []
    found = occurrences(session, first, last, client_id=client_id, skipped=True)
    changes = histories(session, found) if found else {}
    for occ in found:
        holiday = holidays.get(occ.day)
        note = STATUS_NOTES.get(occ.status, "") or _changed(occ, changes.get(slot_key(occ), ()))
        if occ.clock_note:  # a clock change moved or lengthened it: the client is told
            note = "\n".join(n for n in (note, sentence(occ.clock_note)) if n)
        lines.append(
            ScheduleLine(
                day=occ.day,
                start=wall_text(occ.planned_start),
                end=wall_text(occ.planned_end),
                minutes=occ.minutes,
                carers=tuple(carers.get(s, "") for s in occ.staff_ids),
                service=ServiceType(occ.service_type).label,
                note=note,
                holiday=holiday.name if holiday else None,
                cancelled=not occ.active,
            )
        )
    pauses = tuple(
        p.label
        for p in list_pauses(session, client_id)
        if p.start_date <= last and (p.end_date is None or p.end_date >= first)
    )
    business = session.scalars(select(Business).order_by(Business.id).limit(1)).first()
    return ScheduleData(
        business=(business.trading_name or business.legal_name) if business else "",
        business_phone=business.phone if business else "",
        client_name=client.full_name,
        address=tuple(client.address_lines),
        month=first,
        lines=tuple(lines),
        pauses=pauses,
        printed_on=clock.today(),
    )


def _changed(occ: Occurrence, changes: tuple[ChangeRow, ...]) -> str:
    """A skipped or moved visit, in the client's words: the history says from when it moved."""
    if occ.status == SKIPPED:
        why = next((c.reason for c in reversed(changes) if c.action == SKIPPED), "")
        return "No visit this day" + (f" ({why})" if why else "")
    if not occ.moved:
        return ""
    moves = [c for c in changes if c.action in (MOVED, FOLLOWING) and c.from_start is not None]
    if not moves or moves[0].from_start is None:
        return "Moved from the usual time"
    was = clock.to_local(moves[0].from_start)
    return f"Moved from {was:%A} {was.day} {was:%B} {was:%H:%M}"


def _length(minutes: int) -> str:
    h, m = divmod(minutes, 60)
    if not h:
        return f"{m} minutes"
    return f"{h} hour{'s' if h > 1 else ''}" + (f" {m} min" if m else "")


def story(data: ScheduleData) -> list[Any]:
    from reportlab.platypus import Spacer

    from microoffice.core.reports import styles

    st = styles.stylesheet()
    width = styles.frame_width(_setup(data))
    out: list[Any] = [
        styles.para(f"Your visits in {data.month_label}", st.title),
        styles.para(", ".join((data.client_name, *data.address)), st.subtitle),
    ]
    for pause in data.pauses:
        out.append(styles.para(f"Visits paused. {pause}.", st.body))
    if not data.lines:
        out.append(styles.para("There are no visits planned this month.", st.body))
    rows: list[list[Any]] = []
    shade, starts = [], []
    last_day: date | None = None
    for line in data.lines:
        if line.day != last_day:
            starts.append(len(rows))
        same_day = line.day == last_day
        last_day = line.day
        notes = [n for n in (line.holiday and f"Bank holiday: {line.holiday}", line.note) if n]
        if line.holiday:
            shade.append(len(rows))
        time_text = f"{line.start} to {line.end}"
        if line.cancelled:
            time_text = f"<strike>{time_text}</strike>"
        rows.append(
            [
                "" if same_day else f"{line.day:%A} {line.day.day} {line.day:%B}",
                styles.rich(f"<b>{time_text}</b>", st.cell),
                _length(line.minutes),
                ", ".join(c for c in line.carers if c) or "To be arranged",
                "\n".join(notes),
            ]
        )
    if rows:
        out.append(
            styles.data_table(
                ["Date", "Time", "Length", "Who is coming", "Notes"],
                rows,
                [width * f for f in (0.28, 0.17, 0.14, 0.17, 0.24)],
                highlight=shade,
                group_starts=starts,
            )
        )
    contact = f"please ring {data.business_phone}" if data.business_phone else "please ring us"
    out.append(Spacer(1, 6))
    out.append(
        styles.para(
            f"If you need to change or cancel a visit, {contact}.",
            st.body,
        )
    )
    return out


def _setup(data: ScheduleData) -> Any:
    from microoffice.core.reports import styles

    return styles.PageSetup(
        title=f"Visits for {data.client_name}, {data.month_label}",
        business=data.business,
        printed_on=data.printed_on,
    )


def render(data: ScheduleData, out: BinaryIO) -> None:
    from microoffice.core.reports import styles

    styles.render(out, story(data), _setup(data))
