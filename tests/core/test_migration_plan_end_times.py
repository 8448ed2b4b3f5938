"""Upgrading an office whose plans have a length (0008) to plans with an end time (0010).

An old plan "22:00 for 540 minutes" becomes "22:00 to 07:00": the end it showed on an ordinary
night. From then on it lasts the real 10 hours the night the clocks go back, the new column is
on record (a baseline), and `check` is clean and still catches a change made behind its back.
"""

from __future__ import annotations

import sqlite3
from datetime import date, time
from pathlib import Path

import pytest
import sqlalchemy as sa

from microoffice.cli import main
from microoffice.core.db import migrate
from microoffice.core.db.database import open_database, stored_revision
from microoffice.core.db.engine import make_engine
from microoffice.core.db.schema import HEAD_REVISION
from microoffice.core.scheduling import plans
from microoffice.core.scheduling.occurrences import occurrences
from microoffice.core.services.integrity import check_database

OLD_PLANS = [  # (start, minutes) -> the end it becomes
    (time(8), 45, time(8, 45)),
    (time(22), 540, time(7)),
    (time(23, 30), 60, time(0, 30)),
    (time(7), 24 * 60, time(7)),
]


def _defaults(table: sa.Table) -> dict[str, object]:
    """A value for every required column, as the version that wrote the row would give."""
    from microoffice.core.db.base import Base
    from microoffice.core.models import load_all

    load_all()
    live = Base.metadata.tables[table.name]
    values: dict[str, object] = {"created_at": sa.func.now(), "updated_at": sa.func.now()}
    for column in table.columns:
        model = live.columns.get(column.name)
        if column.nullable or column.primary_key or column.name in values or model is None:
            continue
        default = model.default
        if default is not None and default.is_scalar:  # type: ignore[attr-defined]
            values[column.name] = default.arg  # type: ignore[attr-defined]
        elif default is not None and default.is_callable:  # type: ignore[attr-defined]
            values[column.name] = default.arg(None)  # type: ignore[attr-defined]
    return values


def _office_at_0008(path: Path) -> None:
    engine = make_engine(str(path))
    with engine.begin() as conn:
        migrate.run_upgrade(conn, "0007_fee_statements")
        columns = {c["name"] for c in sa.inspect(conn).get_columns("visit_plan")}
        assert "duration_minutes" in columns and "end_time" not in columns
        meta = sa.MetaData()
        client = sa.Table("client", meta, autoload_with=conn)
        plan = sa.Table("visit_plan", meta, autoload_with=conn)
        conn.execute(
            sa.insert(client).values(
                _defaults(client) | {"id": 1, "first_name": "Nora", "last_name": "Night"}
            )
        )
        for number, (start, minutes, _) in enumerate(OLD_PLANS, start=1):
            conn.execute(
                sa.insert(plan).values(
                    _defaults(plan)
                    | {
                        "id": number,
                        "client_id": 1,
                        "rrule": "FREQ=WEEKLY;BYDAY=SA",
                        "start_date": date(2026, 10, 3),
                        "start_time": start,
                        "duration_minutes": minutes,
                    }
                )
            )
        # the old version's rows, recorded as if it had audited them (0008's baseline does it)
        migrate.run_upgrade(conn, "0008_audit_baseline")
    engine.dispose()


def test_lengths_become_end_times_and_the_office_checks_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = tmp_path / "old.sqlite"
    _office_at_0008(old)
    database = open_database(str(old))
    try:
        assert stored_revision(database.engine) == HEAD_REVISION
        with database.session() as s:
            got = [
                (p.start_time, p.end_time)
                for p in map(lambda i: plans.get_plan(s, i), (1, 2, 3, 4))
            ]
            night = [
                o.minutes
                for o in occurrences(s, date(2026, 10, 24), date(2026, 10, 24))
                if o.plan_id == 2
            ]
        assert got == [(start, end) for start, _, end in OLD_PLANS]
        assert night == [600]  # 22:00 to 07:00 across the night the clocks go back
        assert check_database(database) == []
        with database.session() as s:  # used after the upgrade, it stays clean
            data = plans.PlanData.from_plan(s, plans.get_plan(s, 1))
            data.end_time = time(9)
            plans.update_plan(s, 1, data)
        assert check_database(database) == []
    finally:
        database.close()
    assert main(["check", "--db", str(old)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK: ")
    # the old version's rows (this test's stand-in for its audit entries), then the upgrade's
    # baseline of the new end times: named, so nobody takes it for history the log always had
    assert out.count("4 visit plan row(s) the log before it did not explain") == 2
    conn = sqlite3.connect(old)
    conn.execute("UPDATE visit_plan SET end_time = '06:00:00.000000' WHERE id = 2")
    conn.commit()
    conn.close()
    assert main(["check", "--db", str(old)]) == 1
    assert "visit plan row 2 was changed outside microoffice: end time" in capsys.readouterr().out


def test_downgrade_gives_the_lengths_back(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite"
    _office_at_0008(old)
    open_database(str(old)).close()
    engine = make_engine(str(old))
    with engine.begin() as conn:
        from alembic import command

        cfg = migrate.alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0008_audit_baseline")
        rows = conn.execute(
            sa.text("SELECT start_time, duration_minutes FROM visit_plan ORDER BY id")
        ).all()
    engine.dispose()
    assert [minutes for _, minutes in rows] == [minutes for _, minutes, _ in OLD_PLANS]
