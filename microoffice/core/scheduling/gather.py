"""A window of visits gathered from named statements, whoever runs them. No SQLAlchemy here.

A `Fetch` takes a statement's name (scheduling/statements.py) and its parameters and returns rows
whose columns are attributes. The live path answers it through SQLAlchemy
(`statements.window_fetch`); the first look at Today answers it with the same statements
compiled ahead of time and run by the sqlite3 module (core/quicklook.py), before SQLAlchemy has
loaded. Everything between the statements and the Occurrences is written here once: which
statements, in which order, with which parameters, and what their rows become. The precedence
rules themselves are in merge.py.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any, Protocol

from microoffice.core.scheduling.merge import (
    DayVisit,
    Exceptions,
    Occurrence,
    day_visit,
    from_visit,
    merge,
    window_bounds,
)
from microoffice.core.vocabulary import display_name

CHUNK = 900  # ids per IN (...), under the 999 parameters older SQLite builds allow


class Fetch(Protocol):
    def __call__(self, name: str, /, **params: Any) -> Sequence[Any]: ...


def fetch_ids(fetch: Fetch, name: str, key: str, ids: Sequence[int], **params: Any) -> list[Any]:
    """Rows for a list of ids, asked in chunks; nothing is asked for an empty list."""
    rows: list[Any] = []
    for at in range(0, len(ids), CHUNK):
        rows.extend(fetch(name, **{key: list(ids[at : at + CHUNK])}, **params))
    return rows


def _grouped(rows: Sequence[Any]) -> dict[int, tuple[int, ...]]:
    found: dict[int, list[int]] = defaultdict(list)
    for owner, member in rows:
        found[owner].append(member)
    return {owner: tuple(members) for owner, members in found.items()}


def gather(
    fetch: Fetch, start: date, end: date, staff_id: int | None = None, skipped: bool = False
) -> list[Occurrence]:
    """Every visit between London dates start and end inclusive, in time order."""
    plans = [
        (row, display_name(row.first_name, row.preferred_name, row.last_name), row.client_end)
        for row in fetch("plans", start=start, end=end)
    ]
    plan_ids = [row.id for row, _, _ in plans]
    plan_staff = _grouped(fetch_ids(fetch, "plan_staff", "plan_ids", plan_ids))
    exceptions = Exceptions.of(
        fetch_ids(fetch, "exceptions", "plan_ids", plan_ids, start=start, end=end), start, end
    )
    pauses: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    for client_id, first, last in fetch("pauses", start=start, end=end):
        pauses[client_id].append((first, last))
    lo, hi = window_bounds(start, end)
    rows = fetch("visits", lo=lo, hi=hi)
    keys = {
        (pid, day)
        for pid, day in fetch_ids(fetch, "visit_keys", "plan_ids", plan_ids, start=start, end=end)
        if pid is not None and day is not None
    }
    keys.update((r.plan_id, r.occurrence_date) for r in rows if r.plan_id is not None)
    staff = _grouped(fetch_ids(fetch, "visit_staff", "visit_ids", [r.id for r in rows]))
    visits = [from_visit(r, staff.get(r.id, ())) for r in rows]
    return merge(plans, plan_staff, exceptions, pauses, visits, keys, start, end, staff_id, skipped)


def visits_of_day(fetch: Fetch, day: date, staff_id: int | None = None) -> list[DayVisit]:
    """The Today list: the day's visits with address, phone, access notes and carers' names."""
    found = gather(fetch, day, day, staff_id)
    if not found:
        return []
    client_ids = sorted({o.client_id for o in found})
    clients = {row.id: row for row in fetch_ids(fetch, "day_clients", "client_ids", client_ids)}
    names = staff_names(fetch)
    return [
        day_visit(
            o,
            (c.address_line1, c.address_line2, c.town, c.postcode),
            c.phone,
            c.access_notes,
            names,
        )
        for o in found
        for c in (clients[o.client_id],)
    ]


def staff_names(fetch: Fetch) -> dict[int, str]:
    return {
        row.id: display_name(row.first_name, row.preferred_name, row.last_name)
        for row in fetch("staff_names")
    }
