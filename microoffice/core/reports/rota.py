"""Weekly rota per member of staff and for the team, with hours including travel between visits.

Travel counted is between consecutive visits on the same day (the set minutes for that pair of
homes, or the default); the journey from home to the first visit and back from the last is not,
as for minimum-wage working time (DOMAIN.md 10.1). Cancelled and missed visits are left out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.calendar.bank_holidays import bank_holidays
from microoffice.core.clock_changes import wall_text
from microoffice.core.models.business import Business
from microoffice.core.models.clients import Client
from microoffice.core.models.enums import ServiceType
from microoffice.core.models.staff import Staff
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.scheduling.calendar_data import business_nation, monday_of
from microoffice.core.scheduling.occurrences import Occurrence, occurrences
from microoffice.core.scheduling.pairings import TravelTable
from microoffice.core.scheduling.times import sentence


@dataclass(frozen=True)
class RotaLine:
    day: date
    start: str  # London wall-clock "08:00"
    end: str
    client: str
    address: str
    service: str
    tasks: tuple[str, ...]
    minutes: int
    travel_before: int | None  # minutes from the previous visit that day, None for the first
    with_staff: tuple[str, ...]  # the other person on a double-handed visit
    holiday: str | None
    uid: str
    clock_note: str = ""  # a clock change moved or lengthened the visit (scheduling/times.py)


@dataclass(frozen=True)
class StaffRota:
    staff_id: int | None  # None: visits nobody is on yet
    name: str
    lines: tuple[RotaLine, ...]

    @property
    def visit_minutes(self) -> int:
        return sum(line.minutes for line in self.lines)

    @property
    def travel_minutes(self) -> int:
        return sum(line.travel_before or 0 for line in self.lines)

    @property
    def total_minutes(self) -> int:
        return self.visit_minutes + self.travel_minutes


@dataclass(frozen=True)
class RotaData:
    business: str
    week_start: date
    rotas: tuple[StaffRota, ...]
    unassigned: StaffRota
    printed_on: date

    @property
    def week_end(self) -> date:
        return self.week_start + timedelta(days=6)

    @property
    def iso_week(self) -> str:
        year, week, _ = self.week_start.isocalendar()
        return f"{year}-W{week:02d}"


def hours(minutes: int) -> str:
    """ "7 h 05 min": unambiguous on paper (7:05 reads as a time, 7.05 as decimal hours)."""
    h, m = divmod(minutes, 60)
    if not h:
        return f"{m} min"
    return f"{h} h {m:02d} min"


@needs(Right.ANYONE)
def business_name(session: Session) -> str:
    row = session.execute(
        select(Business.trading_name, Business.legal_name).order_by(Business.id).limit(1)
    ).first()
    if row is None:
        return ""
    return str(row[0] or row[1] or "")


@needs(Right.OWN_VISITS, staff="staff_id")
def collect(session: Session, any_day: date, staff_id: int | None = None) -> RotaData:
    """The week (Monday to Sunday) containing any_day, for one person or the whole team."""
    start = monday_of(any_day)
    end = start + timedelta(days=6)
    found = [o for o in occurrences(session, start, end, staff_id=staff_id) if o.active]
    clients = {
        c.id: c
        for c in session.scalars(select(Client).where(Client.id.in_({o.client_id for o in found})))
    }
    people = {s.id: s for s in session.scalars(select(Staff).order_by(Staff.last_name))}
    travel = TravelTable(session)
    holidays = _holidays(session, clients.values(), start, end)
    by_staff: dict[int, list[Occurrence]] = defaultdict(list)
    unassigned: list[Occurrence] = []
    for occ in found:
        for sid in occ.staff_ids:
            by_staff[sid].append(occ)
        if occ.unfilled:
            unassigned.append(occ)
    wanted = [staff_id] if staff_id is not None else [s for s in people if s in by_staff]
    rotas = []
    for sid in sorted(wanted, key=lambda s: (people[s].last_name, people[s].first_name)):
        lines = _lines(by_staff.get(sid, []), sid, clients, people, holidays, travel)
        rotas.append(StaffRota(sid, people[sid].display_name, lines))
    spare = _lines(unassigned, None, clients, people, holidays, None)
    return RotaData(
        business=business_name(session),
        week_start=start,
        rotas=tuple(rotas),
        unassigned=StaffRota(None, "Not yet assigned", spare if staff_id is None else ()),
        printed_on=clock.today(),
    )


def _holidays(
    session: Session, clients: Any, start: date, end: date
) -> dict[tuple[str, date], str]:
    nations = {c.nation for c in clients} | {business_nation(session)}
    return {
        (n, d): h.name for n in nations for d, h in bank_holidays(n, start, end, session).items()
    }


def _lines(
    visits: list[Occurrence],
    staff_id: int | None,
    clients: dict[int, Client],
    people: dict[int, Staff],
    holidays: dict[tuple[str, date], str],
    travel: TravelTable | None,
) -> tuple[RotaLine, ...]:
    lines = []
    previous: Occurrence | None = None
    for occ in sorted(visits, key=lambda o: o.planned_start):
        client = clients[occ.client_id]
        travel_before = None
        if travel is not None and previous is not None and previous.day == occ.day:
            travel_before = travel.minutes(previous.client_id, occ.client_id)
        lines.append(
            RotaLine(
                day=occ.day,
                start=wall_text(occ.planned_start),
                end=wall_text(occ.planned_end),
                client=client.display_name,
                address=address(client),
                service=ServiceType(occ.service_type).label,
                tasks=occ.tasks,
                minutes=occ.minutes,
                travel_before=travel_before,
                with_staff=tuple(
                    people[s].display_name for s in occ.staff_ids if s != staff_id and s in people
                ),
                holiday=holidays.get((client.nation, occ.day)),
                uid=occ.uid,
                clock_note=occ.clock_note,
            )
        )
        previous = occ
    return tuple(lines)


def address(client: Client) -> str:
    """One line; the postcode (always last when present) is kept on one printed line."""
    lines = client.address_lines
    if client.postcode:
        lines = [*lines[:-1], client.postcode.replace(" ", "\u00a0")]
    return ", ".join(lines)


def as_text(data: RotaData) -> str:
    """The rota as plain text for the terminal (`microoffice rota`)."""
    out = [f"Rota for the week {data.week_start:%a %d %b %Y} - {data.week_end:%a %d %b %Y}"]
    for rota in (*data.rotas, data.unassigned):
        if rota.staff_id is None and not rota.lines:
            continue
        out += ["", rota.name]
        for line in rota.lines:
            extra = []
            if line.travel_before:
                extra.append(f"travel {line.travel_before} min")
            if line.with_staff:
                extra.append("with " + ", ".join(line.with_staff))
            if line.holiday:
                extra.append(f"bank holiday: {line.holiday}")
            if line.clock_note:
                extra.append(line.clock_note)
            note = f"  ({'; '.join(extra)})" if extra else ""
            out.append(
                f"  {line.day:%a %d/%m} {line.start}-{line.end}  {line.client}, "
                f"{line.service}{note}"
            )
        if rota.staff_id is not None:
            out.append(
                f"  Visits {hours(rota.visit_minutes)} + travel {hours(rota.travel_minutes)}"
                f" = {hours(rota.total_minutes)}"
            )
    return "\n".join(out) + "\n"


def story(data: RotaData) -> list[Any]:
    from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, Spacer

    from microoffice.core.reports import styles

    st = styles.stylesheet()
    width = styles.frame_width(_setup(data))
    out: list[Any] = []
    week = f"{data.week_start:%A %d %B %Y} to {data.week_end:%A %d %B %Y}"
    team = len(data.rotas) != 1 or data.unassigned.lines
    if team:
        out += [
            styles.para(f"Team rota, week {data.iso_week}", st.title),
            styles.para(week, st.subtitle),
        ]
        rows = [
            [
                r.name,
                str(len(r.lines)),
                hours(r.visit_minutes),
                hours(r.travel_minutes),
                hours(r.total_minutes),
            ]
            for r in data.rotas
        ]
        total = [
            sum(getattr(r, k) for r in data.rotas)
            for k in ("visit_minutes", "travel_minutes", "total_minutes")
        ]
        rows.append(
            ["Team total", str(sum(len(r.lines) for r in data.rotas)), *(hours(t) for t in total)]
        )
        out.append(
            styles.data_table(
                ["Staff", "Visits", "Visit time", "Travel", "Total"],
                rows,
                [width * f for f in (0.36, 0.1, 0.18, 0.18, 0.18)],
                right=(1, 2, 3, 4),
                total_rows=1,
            )
        )
        if data.unassigned.lines:
            out.append(
                styles.para(
                    f"{len(data.unassigned.lines)} visit(s) still need someone: see the last page.",
                    st.body,
                )
            )
    for i, rota in enumerate(data.rotas):
        if team or i:
            out.append(PageBreak())
        out += [
            styles.para(f"{rota.name}: rota for week {data.iso_week}", st.title),
            styles.para(week, st.subtitle),
        ]
        out += _staff_table(rota, width)
        out.append(Spacer(1, 4))
        out.append(
            KeepTogether(
                styles.data_table(
                    ["This week", "Hours"],
                    [
                        [f"{len(rota.lines)} visits", hours(rota.visit_minutes)],
                        ["Travel between visits", hours(rota.travel_minutes)],
                        ["Total working time", hours(rota.total_minutes)],
                    ],
                    [width * 0.5, width * 0.2],
                    right=(1,),
                    total_rows=1,
                )
            )
        )
    if data.unassigned.lines:
        out += [
            PageBreak(),
            styles.para("Visits not yet assigned", st.title),
            styles.para(week, st.subtitle),
            *_staff_table(data.unassigned, width),
        ]
    if not data.rotas and not data.unassigned.lines:
        out.append(CondPageBreak(0))
        out.append(styles.para("No visits this week.", st.body))
    return out


def _staff_table(rota: StaffRota, width: float) -> list[Any]:
    from microoffice.core.reports import styles

    st = styles.stylesheet()
    if not rota.lines:
        return [styles.para("No visits this week.", st.body)]
    rows: list[list[Any]] = []
    shade, starts = [], []
    last_day: date | None = None
    for line in rota.lines:
        day = f"{line.day:%a %d %b}" if line.day != last_day else ""
        if line.day != last_day:
            starts.append(len(rows))
        last_day = line.day
        who = styles.rich(
            f"<b>{styles.esc(line.client)}</b><br/>"
            f"<font size=8.5 color='#52606d'>{styles.esc(line.address)}</font>",
            st.cell,
        )
        what = line.service
        if line.tasks:
            what += ": " + ", ".join(line.tasks)
        if line.with_staff:
            what += "\nWith " + ", ".join(line.with_staff)
        if line.holiday:
            what += f"\nBank holiday: {line.holiday}"
            shade.append(len(rows))
        if line.clock_note:
            what += f"\n{sentence(line.clock_note)}"
            if len(rows) not in shade:
                shade.append(len(rows))
        travel = f"{line.travel_before} min" if line.travel_before else ""
        when = styles.rich(f"<b>{line.start}</b> to {line.end}", st.cell)
        rows.append([day, when, who, what, str(line.minutes), travel])
    return [
        styles.data_table(
            ["Day", "Time", "Client", "Visit", "Mins", "Travel"],
            rows,
            [width * f for f in (0.1, 0.13, 0.27, 0.32, 0.08, 0.1)],
            right=(4, 5),
            highlight=shade,
            group_starts=starts,
        )
    ]


def _setup(data: RotaData) -> Any:
    from microoffice.core.reports import styles

    title = f"Rota {data.iso_week}"
    if len(data.rotas) == 1 and not data.unassigned.lines:
        title = f"{data.rotas[0].name}: rota {data.iso_week}"
    return styles.PageSetup(title=title, business=data.business, printed_on=data.printed_on)


def render(data: RotaData, out: BinaryIO) -> None:
    from microoffice.core.reports import styles

    styles.render(out, story(data), _setup(data))
