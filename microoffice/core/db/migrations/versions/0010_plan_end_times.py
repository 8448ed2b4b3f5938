"""Visit plans hold an end time instead of a length (issue 16, "Times right").

A plan said "22:00 for 540 minutes", which across the night the clocks go back ends at 06:00 on the
clock. Now it says "22:00 to 07:00" and each night's instants are worked out from the clock times,
so it really lasts 10 hours that night. Existing plans keep the end they showed on an ordinary day:
end = start + length, on the clock (an end past midnight is the next morning).

Frozen: the DDL is written out here, not taken from the models. Dropping the length is a plain
ALTER TABLE ... DROP COLUMN (SQLite 3.35+, PostgreSQL), so the table is not copied and the rows
that refer to plans are not touched. The new column is recorded in the audit trail as a baseline,
by the frozen replay revision 0008 carries (loaded from its file, with this revision's reason),
so `check` compares it from now on.

Revision ID: 0010_plan_end_times
Revises: 0009_people
"""

from __future__ import annotations

import importlib.util
from datetime import date, datetime, time, timedelta
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0010_plan_end_times"
down_revision = "0009_people"
branch_labels = None
depends_on = None

_PLAN = sa.table(
    "visit_plan",
    sa.column("id", sa.Integer()),
    sa.column("start_time", sa.Time()),
    sa.column("duration_minutes", sa.Integer()),
    sa.column("end_time", sa.Time()),
)


def _end(start: time, minutes: int) -> time:
    return (datetime.combine(date(2000, 1, 1), start) + timedelta(minutes=minutes)).time()


def _length(start: time, end: time) -> int:
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    return minutes if minutes > 0 else minutes + 24 * 60


def upgrade() -> None:
    conn = op.get_bind()
    op.add_column(
        "visit_plan",
        sa.Column("end_time", sa.Time(), nullable=False, server_default="00:00:00"),
    )
    rows = conn.execute(sa.select(_PLAN.c.id, _PLAN.c.start_time, _PLAN.c.duration_minutes))
    for plan_id, start, minutes in rows.all():
        conn.execute(
            sa.update(_PLAN).where(_PLAN.c.id == plan_id).values(end_time=_end(start, minutes))
        )
    if conn.dialect.name != "sqlite":  # SQLite cannot drop a default without copying the table
        op.alter_column("visit_plan", "end_time", server_default=None)
    op.drop_column("visit_plan", "duration_minutes")
    _record_baseline("upgrade to 0010_plan_end_times")


def _record_baseline(reason: str) -> None:
    """0008's baseline, as frozen there: the rows (here, the new end times) the log cannot explain
    are recorded once, as they stand."""
    spec = importlib.util.spec_from_file_location(
        "_microoffice_0008_audit_baseline", Path(__file__).with_name("0008_audit_baseline.py")
    )
    assert spec is not None and spec.loader is not None
    baseline = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(baseline)
    setattr(baseline, "REASON", reason)  # noqa: B010 (a module loaded from its file)
    baseline.upgrade()


def downgrade() -> None:
    conn = op.get_bind()
    op.add_column(
        "visit_plan",
        sa.Column("duration_minutes", sa.Integer(), nullable=False, server_default="0"),
    )
    rows = conn.execute(sa.select(_PLAN.c.id, _PLAN.c.start_time, _PLAN.c.end_time))
    for plan_id, start, end in rows.all():
        conn.execute(
            sa.update(_PLAN)
            .where(_PLAN.c.id == plan_id)
            .values(duration_minutes=_length(start, end))
        )
    op.drop_column("visit_plan", "end_time")
