"""The first look at Today (read before SQLAlchemy loads) must show exactly what the live Today
page shows: the same statements (generated), the same conversions, the same code after them."""

from __future__ import annotations

import functools
import shutil
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from microoffice.core import clock
from microoffice.core.db.database import open_database
from microoffice.core.demo import build_demo
from microoffice.core.models.visits import ClientPause, PlanException, VisitPlan
from microoffice.core.quicklook import first_look
from microoffice.core.scheduling.today import day_visits
from microoffice.core.services import clients, contacts, staff


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("quick") / "demo.sqlite"
    with clock.frozen(clock.local_now().replace(year=2026, month=12, day=7, hour=9, minute=30)):
        build_demo(str(path), "small")
        database = open_database(str(path))
        with database.session() as s:
            plans = s.scalars(select(VisitPlan).order_by(VisitPlan.id)).all()
            tuesday = date(2026, 12, 8)
            s.add(
                PlanException(
                    plan_id=plans[0].id,
                    occurrence_date=date(2026, 12, 7),
                    action="skip",
                    reason="appointment",
                )
            )
            s.add(
                PlanException(
                    plan_id=plans[1].id,
                    occurrence_date=date(2026, 12, 7),
                    action="move",
                    new_date=tuesday,
                    new_start_time=time(13, 15),
                    new_duration_minutes=45,
                )
            )
            s.add(
                ClientPause(
                    client_id=plans[2].client_id,
                    start_date=tuesday,
                    end_date=tuesday + timedelta(days=3),
                    reason="hospital",
                )
            )
        database.close()
    return path


def test_first_look_matches_the_full_today_page_day_by_day(demo: Path) -> None:
    database = open_database(str(demo))
    try:
        compared = 0
        for offset in range(-21, 15):
            day = date(2026, 12, 7) + timedelta(days=offset)
            look = first_look(str(demo), day)
            assert look is not None
            with database.session() as s:
                full = day_visits(s, day)
            assert list(look.visits) == full, day
            compared += len(full)
        assert compared > 100  # real days with real visits were compared
        with database.session() as s:
            summary_clients = len(clients.client_ids(s))
            summary_staff = len(staff.list_staff(s))
            reps = contacts.representatives_to_check(s)
        look = first_look(str(demo), date(2026, 12, 7))
        assert look is not None
        assert (look.active_clients, look.active_staff) == (summary_clients, summary_staff)
        assert list(look.to_check) == reps
        assert look.business_name
    finally:
        database.close()


def test_first_look_steps_aside_when_it_cannot_be_sure(tmp_path: Path, demo: Path) -> None:
    import sqlite3

    assert first_look(str(tmp_path / "missing.sqlite")) is None
    assert first_look("postgresql://nowhere/db") is None
    older = tmp_path / "older.sqlite"
    shutil.copy(demo, older)
    conn = sqlite3.connect(older)
    conn.execute("UPDATE alembic_version SET version_num = '0001_initial'")
    conn.commit()
    conn.close()
    assert first_look(str(older)) is None  # needs an upgrade: the full path runs
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"\x8c" * 4096)  # an encrypted file looks like this
    assert first_look(str(junk)) is None


def test_the_first_look_runs_the_live_statements_as_they_compile_today() -> None:
    """quicklook_sql.py is generated: a statement changed without regenerating it fails here."""
    from microoffice.core import quicklook_sql
    from microoffice.core.quicklook_build import render

    stored = Path(quicklook_sql.__file__).read_text(encoding="utf-8")
    assert stored == render(), (
        "core/quicklook_sql.py is out of date: run "
        "`.venv/bin/python -m microoffice.core.quicklook_build > microoffice/core/quicklook_sql.py`"
    )
    from microoffice.core.today.statements import STATEMENTS

    assert set(quicklook_sql.QUERIES) == set(STATEMENTS)


@functools.cache
def _types_by_kind() -> dict[str, list[Any]]:
    """Every column and parameter type the Today statements use (one of each), by the kind
    quicklook gives it."""
    from sqlalchemy.dialects import sqlite

    from microoffice.core.quicklook_build import kind
    from microoffice.core.today.statements import STATEMENTS

    found: dict[str, list[Any]] = {}
    for statement in STATEMENTS.values():
        types = [c.type for c in statement.selected_columns]
        types += [b.type for b in statement.compile(dialect=sqlite.dialect()).binds.values()]
        for type_ in types:
            same = found.setdefault(kind(type_), [])
            if not any(repr(t) == repr(type_) for t in same):
                same.append(type_)
    return found


VALUES = {
    "int": st.integers(-(2**63), 2**63 - 1),
    "str": st.text(),
    "date": st.dates(),
    "time": st.times(),
    "instant": st.datetimes(
        min_value=datetime(1900, 1, 2), max_value=datetime(2200, 1, 1), timezones=st.timezones()
    ),
    "json": st.lists(st.text()),
    "bool": st.booleans(),
}


@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_values_go_in_and_come_out_as_sqlalchemy_converts_them(data: st.DataObject) -> None:
    from sqlalchemy.dialects import sqlite

    from microoffice.core.quicklook import FROM_SQL, PARAMS, TO_SQL

    dialect = sqlite.dialect()
    used = _types_by_kind()
    assert {"int", "str", "date", "time", "instant", "json"} <= set(used)
    params = set(PARAMS.values())
    for kind, types in used.items():
        for type_ in types:
            impl = type_.dialect_impl(dialect)
            bind = impl.bind_processor(dialect) or (lambda v: v)
            result = impl.result_processor(dialect, None) or (lambda v: v)
            value = data.draw(VALUES[kind], label=kind)
            stored = bind(value)  # what SQLAlchemy writes, and what the live path sends
            if kind in params:
                assert TO_SQL[kind](value) == stored
            back = value.astimezone(UTC) if kind == "instant" else value  # aware UTC out
            assert FROM_SQL[kind](stored) == result(stored) == back


def test_the_generator_refuses_what_the_first_look_could_not_run() -> None:
    from sqlalchemy import DateTime, Enum, LargeBinary

    from microoffice.core.quicklook_build import kind

    for type_ in (DateTime(), Enum("a", "b"), LargeBinary()):
        with pytest.raises(TypeError, match="no conversion"):
            kind(type_)


def _folder(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.iterdir()) if p.is_file()}


def test_the_first_look_never_copies_an_office(tmp_path: Path, demo: Path) -> None:
    """It reads; a protected office it does not even open. No copy, cache or snapshot is left."""
    from microoffice.core.services.encryption import change_password

    database = open_database(str(demo))
    try:
        with database.session() as s:
            surname = clients.list_clients(s)[0].name.split()[-1].encode()
    finally:
        database.close()
    plain = tmp_path / "plain"
    plain.mkdir()
    shutil.copy(demo, plain / "office.sqlite")
    before = _folder(plain)
    assert surname in before["office.sqlite"]
    assert first_look(str(plain / "office.sqlite"), date(2026, 12, 7)) is not None
    after = _folder(plain)
    assert after["office.sqlite"] == before["office.sqlite"]  # not a byte changed
    # SQLite's own empty log and its index may appear (any reader of a WAL file makes them, and
    # the window's own connection adopts them a moment later); nothing holding the office's data
    assert set(after) - set(before) <= {"office.sqlite-wal", "office.sqlite-shm"}
    assert after.get("office.sqlite-wal", b"") == b""
    assert not any(surname in after[name] for name in set(after) - set(before))

    protected = tmp_path / "protected"
    protected.mkdir()
    shutil.copy(demo, protected / "office.sqlite")
    change_password(open_database(str(protected / "office.sqlite")), "correct horse").close()
    before = _folder(protected)
    assert not any(surname in data for data in before.values())
    assert first_look(str(protected / "office.sqlite"), date(2026, 12, 7)) is None
    assert _folder(protected) == before  # untouched: not opened, nothing written beside it
