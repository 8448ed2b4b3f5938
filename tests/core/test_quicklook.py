"""The no-ORM first look at Today must show exactly what the full Today page shows."""

from __future__ import annotations

from datetime import date, time, timedelta
from pathlib import Path

import pytest
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
    import shutil
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
