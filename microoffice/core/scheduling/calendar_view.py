"""What the calendar shows, read in one transaction: the visits of a day or a week (skipped ones
included, marked), each visit's history and note, who is away, the carers' names and colours;
and the month overview (how many visits each day).

Frozen rows only, so the window draws them without touching the database again. A handful of
queries per screen whatever the number of visits (the week view of the busiest week is measured
by bench/m_scheduling.py).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core.models.clients import Client
from microoffice.core.models.staff import Staff
from microoffice.core.models.visits import ClientPause, Visit
from microoffice.core.people.guard import needs, own_staff
from microoffice.core.people.rights import Right
from microoffice.core.scheduling import calendar_data
from microoffice.core.scheduling.calendar_data import CalendarDay
from microoffice.core.scheduling.history import ChangeRow, SlotKey, histories
from microoffice.core.scheduling.merge import SKIPPED
from microoffice.core.scheduling.pauses import PAUSE_REASONS
from microoffice.core.vocabulary import display_name

Who = tuple[str, int | None]  # ("all", None), ("staff", id) or ("client", id)


@dataclass(frozen=True)
class CalendarView:
    days: tuple[CalendarDay, ...]
    names: dict[int, str]  # staff id -> name
    colours: dict[int, int]  # staff id -> a place in the palette, stable while they are on file
    history: dict[SlotKey, tuple[ChangeRow, ...]]
    notes: dict[int, str]  # visit id -> the note for whoever goes
    addresses: dict[int, str]  # client id -> address on one line
    away: dict[date, tuple[str, ...]]  # "Peggy Henshaw: In hospital", for each day shown


def _split(session: Session, who: Who) -> tuple[int | None, int | None]:
    """(client, staff) to narrow to; a carer always sees only her own visits, whatever is
    asked for."""
    kind, ident = who
    mine = own_staff(session, Right.OWN_VISITS)
    if mine is not None:
        return (ident if kind == "client" else None), mine
    return (ident if kind == "client" else None), (ident if kind == "staff" else None)


@needs(Right.OWN_VISITS, filtered=True)
def staff_colours(session: Session) -> tuple[dict[int, str], dict[int, int]]:
    """Every carer ever on file, in the order they were added: their place never changes when
    someone joins later, so each keeps their colour."""
    names: dict[int, str] = {}
    places: dict[int, int] = {}
    for n, person in enumerate(session.scalars(select(Staff).order_by(Staff.id))):
        names[person.id] = person.display_name
        places[person.id] = n
    return names, places


@needs(Right.OWN_VISITS, filtered=True)
def load(session: Session, first: date, last: date, who: Who) -> CalendarView:
    """The visits from first to last (London dates), for everyone, one carer or one client."""
    client_id, staff_id = _split(session, who)
    days = calendar_data.calendar_days(session, first, last, client_id, staff_id, skipped=True)
    visits = [o for d in days for o in d.visits]
    names, places = staff_colours(session)
    ids = [o.visit_id for o in visits if o.visit_id is not None]
    notes: dict[int, str] = {}
    for chunk in range(0, len(ids), 900):
        notes.update(
            (vid, text)
            for vid, text in session.execute(
                select(Visit.id, Visit.notes).where(
                    Visit.id.in_(ids[chunk : chunk + 900]), Visit.notes != ""
                )
            )
        )
    client_ids = sorted({o.client_id for o in visits} | ({client_id} if client_id else set()))
    addresses: dict[int, str] = {}
    parts = (Client.address_line1, Client.address_line2, Client.town, Client.postcode)
    for chunk in range(0, len(client_ids), 900):
        rows = session.execute(
            select(Client.id, *parts).where(Client.id.in_(client_ids[chunk : chunk + 900]))
        )
        addresses.update((cid, ", ".join(p for p in lines if p)) for cid, *lines in rows)
    return CalendarView(
        days=tuple(days),
        names=names,
        colours=places,
        history=histories(session, visits) if visits else {},
        notes=notes,
        addresses=addresses,
        away=_away(session, first, last, client_id),
    )


def _away(
    session: Session, first: date, last: date, client_id: int | None
) -> dict[date, tuple[str, ...]]:
    stmt = (
        select(ClientPause, Client.first_name, Client.preferred_name, Client.last_name)
        .join(Client, Client.id == ClientPause.client_id)
        .where(
            ClientPause.start_date <= last,
            (ClientPause.end_date.is_(None)) | (ClientPause.end_date >= first),
            Client.archived_at.is_(None),
        )
        .order_by(Client.last_name, Client.first_name)
    )
    if client_id is not None:
        stmt = stmt.where(ClientPause.client_id == client_id)
    found: dict[date, list[str]] = defaultdict(list)
    for pause, first_name, preferred, last_name in session.execute(stmt):
        why = PAUSE_REASONS.get(pause.reason, pause.reason)
        day = max(first, pause.start_date)
        end = min(last, pause.end_date or last)
        while day <= end:
            found[day].append(f"{display_name(first_name, preferred, last_name)}: {why}")
            day += timedelta(days=1)
    return {d: tuple(v) for d, v in found.items()}


@dataclass(frozen=True)
class MonthDay:
    day: date
    in_month: bool
    visits: int  # planned or done
    unfilled: int  # still needing a carer
    off: int  # cancelled, missed or skipped
    holiday: str | None
    away: int  # clients away that day


@needs(Right.OWN_VISITS, filtered=True)
def month_grid(session: Session, any_day: date, who: Who) -> list[MonthDay]:
    """The weeks (Monday to Sunday) covering the month of any_day, each day with its counts."""
    first = any_day.replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    start = calendar_data.monday_of(first)
    end = calendar_data.monday_of(last) + timedelta(days=6)
    client_id, staff_id = _split(session, who)
    days = calendar_data.calendar_days(session, start, end, client_id, staff_id, skipped=True)
    away = _away(session, start, end, client_id)
    out = []
    for d in days:
        active = [o for o in d.visits if o.active]
        out.append(
            MonthDay(
                day=d.day,
                in_month=d.day.month == first.month,
                visits=len(active),
                unfilled=sum(1 for o in active if o.unfilled),
                off=sum(1 for o in d.visits if not o.active or o.status == SKIPPED),
                holiday=d.holiday,
                away=len(away.get(d.day, ())),
            )
        )
    return out
