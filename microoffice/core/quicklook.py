"""A first look at Today read with the sqlite3 module alone, before SQLAlchemy has loaded.

Importing SQLAlchemy and declaring the models costs most of a second; the window shows today's
figures and visits from this read first, then swaps in the full Today page once the data layer is
up. It reads only a plain database already at this program's schema (anything else, such as an
encrypted file or one needing an upgrade, returns None and the normal path runs) and never
writes. Visits are merged by the same code as the ORM path (scheduling/merge.py); a test checks
that both give the same day.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from microoffice.core import clock, paths
from microoffice.core.authority import authority_warnings
from microoffice.core.db import ownership
from microoffice.core.db.schema import HEAD_REVISION
from microoffice.core.db.sqlite_files import reader_uri
from microoffice.core.models.enums import LEGAL_AUTHORITIES
from microoffice.core.scheduling.merge import (
    DayVisit,
    ExceptionRow,
    Exceptions,
    PlanRow,
    VisitRow,
    client_name,
    day_visit,
    from_visit,
    merge,
    window_bounds,
)

_SQL_DATETIME = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy's SQLite dialect stores DateTime


@dataclass(frozen=True)
class FirstLook:
    day: date
    business_name: str
    active_clients: int
    active_staff: int
    to_check: tuple[tuple[str, str], ...]
    visits: tuple[DayVisit, ...]


@dataclass(frozen=True)
class _Rep:
    kind: str
    name: str
    document_checked_on: date | None
    opg_reference: str


def first_look(target: str | None = None, day: date | None = None) -> FirstLook | None:
    resolved = paths.database_target(target)
    if paths.is_url(resolved):
        return None
    path = Path(resolved).expanduser()
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return None
        if ownership.read_header(path, 16) != b"SQLite format 3\x00":
            return None
        # the office may be another program's: read it the way that cannot disturb its owner
        conn = sqlite3.connect(reader_uri(path), uri=True)
    except (OSError, sqlite3.Error):
        return None
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        if row is None or row[0] != HEAD_REVISION:
            return None
        if _people_sign_in(conn):
            return None  # nothing is shown before somebody signs in (docs/people.md)
        return _read(conn, day or clock.today())
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def _people_sign_in(conn: sqlite3.Connection) -> bool:
    row = conn.execute("SELECT COUNT(*) FROM person WHERE removed_at IS NULL").fetchone()
    return bool(row and row[0])


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _t(value: str | None) -> time | None:
    return time.fromisoformat(value) if value else None


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value).replace(tzinfo=UTC) if value else None


def _sql(instant: datetime) -> str:
    return instant.astimezone(UTC).replace(tzinfo=None).strftime(_SQL_DATETIME)


def _read(conn: sqlite3.Connection, day: date) -> FirstLook:
    business = conn.execute(
        "SELECT trading_name, legal_name FROM business ORDER BY id LIMIT 1"
    ).fetchone()
    kinds = sorted(k.value for k in LEGAL_AUTHORITIES)
    reps = conn.execute(
        "SELECT c.first_name, c.preferred_name, c.last_name, k.kind, k.name, "
        "k.document_checked_on, k.opg_reference FROM client c JOIN contact k ON k.client_id = c.id"
        " WHERE c.archived_at IS NULL AND k.archived_at IS NULL"
        f" AND k.kind IN ({','.join('?' * len(kinds))})"
        " ORDER BY c.last_name, c.first_name, c.id, k.id",
        kinds,
    )
    to_check = tuple(
        (client_name(first, preferred, last), warning)
        for first, preferred, last, kind, name, checked, opg in reps
        for warning in authority_warnings(_Rep(kind, name, _d(checked), opg))
    )
    return FirstLook(
        day=day,
        business_name=(business[0] or business[1]) if business else "",
        active_clients=_count(conn, "client"),
        active_staff=_count(conn, "staff"),
        to_check=to_check,
        visits=tuple(_day_visits(conn, day)),
    )


def _count(conn: sqlite3.Connection, table: str) -> int:
    return int(
        conn.execute(f"SELECT COUNT(*) FROM {table} WHERE archived_at IS NULL").fetchone()[0]
    )


def _day_visits(conn: sqlite3.Connection, day: date) -> list[DayVisit]:
    iso = day.isoformat()
    plans = [
        (
            PlanRow(pid, cid, rule, _d(start) or day, _d(end), _t(at) or time(0), minutes,
                    service, json.loads(tasks or "[]"), needed),
            client_name(first, preferred, last),
            _d(client_end),
        )
        for pid, cid, rule, start, end, at, minutes, service, tasks, needed, first, preferred, last,
        client_end in conn.execute(
            "SELECT p.id, p.client_id, p.rrule, p.start_date, p.end_date, p.start_time,"
            " p.duration_minutes, p.service_type, p.tasks, p.staff_required,"
            " c.first_name, c.preferred_name, c.last_name, c.end_date"
            " FROM visit_plan p JOIN client c ON c.id = p.client_id"
            " WHERE p.archived_at IS NULL AND p.start_date <= ?"
            " AND (p.end_date IS NULL OR p.end_date >= ?)",
            (iso, iso),
        )
    ]  # fmt: skip
    plan_staff: dict[int, list[int]] = defaultdict(list)
    for pid, sid in conn.execute(
        "SELECT plan_id, staff_id FROM visit_plan_staff ORDER BY plan_id, staff_id"
    ):
        plan_staff[pid].append(sid)
    exceptions = Exceptions.of(
        (
            ExceptionRow(pid, _d(origin) or day, action, _d(new), _t(new_at), new_minutes)
            for pid, origin, action, new, new_at, new_minutes in conn.execute(
                "SELECT plan_id, occurrence_date, action, new_date, new_start_time,"
                " new_duration_minutes FROM plan_exception"
                " WHERE occurrence_date = ? OR new_date = ?",
                (iso, iso),
            )
        ),
        day,
        day,
    )
    pauses: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    for cid, start, end in conn.execute(
        "SELECT client_id, start_date, end_date FROM client_pause"
        " WHERE start_date <= ? AND (end_date IS NULL OR end_date >= ?)",
        (iso, iso),
    ):
        pauses[cid].append((_d(start) or day, _d(end)))
    lo, hi = window_bounds(day, day)
    rows = [_visit_row(r) for r in conn.execute(
        "SELECT v.id, v.client_id, v.plan_id, v.occurrence_date, v.service_type, v.planned_start,"
        " v.planned_end, v.actual_start, v.actual_end, v.status, v.staff_required, v.tasks,"
        " c.first_name, c.preferred_name, c.last_name"
        " FROM visit v JOIN client c ON c.id = v.client_id"
        " WHERE v.planned_start >= ? AND v.planned_start < ?",
        (_sql(lo), _sql(hi)),
    )]  # fmt: skip
    keys = {
        (pid, _d(origin) or day)
        for pid, origin in conn.execute(
            "SELECT plan_id, occurrence_date FROM visit"
            " WHERE plan_id IS NOT NULL AND occurrence_date = ?",
            (iso,),
        )
    }
    keys.update((r.plan_id, r.occurrence_date) for r in rows if r.plan_id and r.occurrence_date)
    visit_staff: dict[int, list[int]] = defaultdict(list)
    if rows:
        ids = [r.id for r in rows]
        for vid, sid in conn.execute(
            f"SELECT visit_id, staff_id FROM visit_staff WHERE visit_id IN ({','.join('?' * len(ids))})"
            " ORDER BY staff_id",
            ids,
        ):
            visit_staff[vid].append(sid)
    found = merge(
        plans,
        {pid: tuple(ids) for pid, ids in plan_staff.items()},
        exceptions,
        pauses,
        [from_visit(r, tuple(visit_staff.get(r.id, ()))) for r in rows],
        keys,
        day,
        day,
    )
    if not found:
        return []
    client_ids = sorted({o.client_id for o in found})
    clients: dict[int, tuple[Any, ...]] = {
        row[0]: row[1:]
        for row in conn.execute(
            "SELECT id, address_line1, address_line2, town, postcode, phone, access_notes"
            f" FROM client WHERE id IN ({','.join('?' * len(client_ids))})",
            client_ids,
        )
    }
    names = {
        sid: client_name(first, preferred, last)
        for sid, first, preferred, last in conn.execute(
            "SELECT id, first_name, preferred_name, last_name FROM staff"
        )
    }
    return [
        day_visit(o, clients[o.client_id][:4], clients[o.client_id][4], clients[o.client_id][5],
                  names)
        for o in found
    ]  # fmt: skip


def _visit_row(r: tuple[Any, ...]) -> VisitRow:
    (vid, cid, pid, origin, service, start, end, actual_start, actual_end, status, needed, tasks,
     first, preferred, last) = r  # fmt: skip
    planned_start, planned_end = _dt(start), _dt(end)
    assert planned_start is not None and planned_end is not None
    return VisitRow(
        vid, cid, pid, _d(origin), service, planned_start, planned_end, _dt(actual_start),
        _dt(actual_end), status, needed, json.loads(tasks or "[]"), first, preferred, last,
    )  # fmt: skip
