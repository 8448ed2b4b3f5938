"""A first look at Today read with the sqlite3 module alone, before SQLAlchemy has loaded.

Importing SQLAlchemy and declaring the models costs most of a second, and the live Today page
comes seconds after the window on a busy machine (bench/: "first look" against "data shown");
the window shows this first, then swaps in the live page. Nothing here is a second definition:

- the SQL is the live page's own statements (core/today/statements.py) as SQLAlchemy's SQLite
  dialect compiles them, stored in quicklook_sql.py by quicklook_build.py; a test compiles them
  again and fails if the stored text differs;
- parameters and results are converted by the kind of their column type (below); a test holds
  each conversion equal to SQLAlchemy's own on generated values;
- what the rows become is core/today/read.py, the code the live page runs.

It reads only a plain office already at this program's schema (anything else, such as an
encrypted file, one needing an upgrade or a server, returns None and the live path runs), through
a read-only connection that cannot disturb the office's owner, and it writes nothing anywhere:
no copy, cache or snapshot of any office, protected or not.
"""

from __future__ import annotations

import json
import sqlite3
from collections import namedtuple
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import cache
from pathlib import Path
from typing import Any

from microoffice.core import clock, paths
from microoffice.core.db import ownership
from microoffice.core.db.schema import HEAD_REVISION
from microoffice.core.db.sqlite_files import reader_uri
from microoffice.core.quicklook_sql import PARAMS, QUERIES
from microoffice.core.scheduling.merge import DayVisit
from microoffice.core.today import read


@dataclass(frozen=True)
class FirstLook:
    day: date
    business_name: str
    active_clients: int
    active_staff: int | None
    to_check: tuple[tuple[str, str], ...]
    visits: tuple[DayVisit, ...]


def _instant_to_sql(value: datetime) -> str:
    """UTCDateTime's rule (aware in, naive UTC stored) in the text SQLite's DateTime keeps."""
    if value.tzinfo is None:
        raise ValueError("naive datetime given for a UTC column; attach a timezone first")
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


TO_SQL: dict[str, Callable[[Any], Any]] = {
    "int": int,
    "str": str,
    "date": date.isoformat,
    "instant": _instant_to_sql,
}
FROM_SQL: dict[str, Callable[[Any], Any]] = {
    "int": lambda value: value,
    "str": lambda value: value,
    "bool": bool,
    "date": date.fromisoformat,
    "time": time.fromisoformat,
    "instant": lambda value: datetime.fromisoformat(value).replace(tzinfo=UTC),
    "json": json.loads,
}


@cache
def _row(name: str) -> Any:
    """The row type of one statement: its columns as attributes, as SQLAlchemy's rows have."""
    _sql, _order, columns = QUERIES[name]
    return namedtuple(f"{name}_row", [column for column, _ in columns])


def run(conn: sqlite3.Connection, name: str, params: dict[str, Any]) -> list[Any]:
    """One stored statement with its parameters, rows converted as SQLAlchemy would."""
    sql, order, columns = QUERIES[name]
    args: list[Any] = []
    for key in order:
        value = params[key]
        to_sql = TO_SQL[PARAMS[key]]
        if isinstance(value, list | tuple):  # an expanding parameter: one `?` per item
            if not value:
                raise ValueError(f"{name}: {key} is empty")
            sql = sql.replace(f"__[POSTCOMPILE_{key}]", ", ".join("?" * len(value)), 1)
            args.extend(to_sql(item) for item in value)
        else:
            args.append(to_sql(value))
    readers = [FROM_SQL[kind] for _column, kind in columns]
    row = _row(name)
    return [
        row(*(None if v is None else f(v) for f, v in zip(readers, values, strict=True)))
        for values in conn.execute(sql, args)
    ]


class _Fetch:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __call__(self, name: str, /, **params: Any) -> Sequence[Any]:
        return run(self.conn, name, params)


def first_look(target: str | None = None, day: date | None = None) -> FirstLook | None:
    resolved = paths.database_target(target)
    if paths.is_url(resolved):
        return None
    path = Path(resolved).expanduser()
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return None
        if ownership.read_header(path, 16) != b"SQLite format 3\x00":
            return None  # an encrypted office (or not an office): the live path asks for its key
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
        data = read.today(_Fetch(conn), day or clock.today())
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    s = data.summary
    return FirstLook(
        s.day, s.business_name, s.active_clients, s.active_staff, s.to_check, data.visits
    )


def _people_sign_in(conn: sqlite3.Connection) -> bool:
    row = conn.execute("SELECT COUNT(*) FROM person WHERE removed_at IS NULL").fetchone()
    return bool(row and row[0])
