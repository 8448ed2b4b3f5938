"""The NICE QS123 visit-length figures, worked by hand on a small week of visits."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from pathlib import Path

from microoffice.core.db.database import Database, open_database
from microoffice.core.reports import evidence_pack
from microoffice.core.scheduling import today, visits
from microoffice.core.scheduling.occurrences import occurrences
from microoffice.core.scheduling.visit_lengths import as_text, visit_length_report

from .conftest import World
from .test_commands import mo

MON, SUN = date(2026, 11, 2), date(2026, 11, 8)
REASON = "Medicines prompt only; agreed with Cy at his review on 20/10/2026"


def _week(world: World) -> dict[str, int]:
    """Mon 2 to Sun 8 November 2026: 10 visits, 7 of 45 min and 3 of 15 min (2 with a reason).

    Ann: Mon-Fri 08:00, 45 min (5). Bo: Mon and Wed 12:00, 45 min, double-handed (2).
    Cy: Tue and Thu 18:00, 15 min, reason in the plan's notes (2). Di: Fri 09:00, 15 min, no
    reason (1).
    """
    ids = {
        "anna": world.staff("Anna", "Ames"),
        "ben": world.staff("Ben", "Bell"),
        "ann": world.client("Ann", "Able"),
        "bo": world.client("Bo", "Best"),
        "cy": world.client("Cy", "Cole"),
        "di": world.client("Di", "Dunn"),
    }
    world.plan(ids["ann"], weekdays=(0, 1, 2, 3, 4), at=time(8), minutes=45)
    world.plan(
        ids["bo"],
        weekdays=(0, 2),
        at=time(12),
        minutes=45,
        staff_required=2,
        staff_ids=[ids["anna"], ids["ben"]],
    )
    world.plan(ids["cy"], weekdays=(1, 3), at=time(18), minutes=15, notes=REASON)
    ids["di_plan"] = world.plan(ids["di"], weekdays=(4,), at=time(9), minutes=15)
    return ids


def test_hand_worked_week(db: Database, world: World) -> None:
    ids = _week(world)
    with db.session() as s:
        report = visit_length_report(s, MON, SUN)
    assert (report.total, report.at_least_threshold, report.short, report.short_with_reason) == (
        10,
        7,
        3,
        2,
    )
    assert report.percent_at_least_threshold == Decimal("70.0")  # 7 / 10
    assert report.percent_short_with_reason == Decimal("66.7")  # 2 / 3 = 66.666... half-up
    assert [
        (r.client_name, r.weekday, r.start, r.minutes, r.days, r.plan_id)
        for r in report.without_reason
    ] == [("Di Dunn", "Friday", "09:00", 15, (date(2026, 11, 6),), ids["di_plan"])]
    text = as_text(report)
    assert "At least 30 minutes: 7 of 10 (70.0%)" in text
    assert "with a recorded reason: 2 of 3 (66.7%)" in text
    assert (
        "Di Dunn: Friday 09:00, 15 min (06/11/2026); write the reason in the plan's notes" in text
    )
    assert "Cy Cole" not in text
    assert report.summary() == (
        "70.0% of visits 30 minutes or longer (7 of 10); "
        "66.7% of short visits with a recorded reason (2 of 3)"
    )


def test_cancelled_and_missed_short_visits_are_not_counted(db: Database, world: World) -> None:
    ids = _week(world)
    extra = world.plan(ids["di"], weekdays=(1, 2), at=time(9), minutes=15)  # Tue and Wed
    with db.session() as s:
        slots = [o for o in occurrences(s, MON, SUN, client_id=ids["di"]) if o.plan_id == extra]
        assert [o.day for o in slots] == [date(2026, 11, 3), date(2026, 11, 4)]
        today.record_cancelled_by_provider(s, slots[0], "Carer off sick")
        today.record_missed(s, slots[1], "Nobody went")
    with db.session() as s:
        report = visit_length_report(s, MON, SUN)
    assert (report.total, report.short, report.short_with_reason) == (10, 3, 2)
    assert [r.days for r in report.without_reason] == [(date(2026, 11, 6),)]


def test_a_double_handed_visit_counts_once(db: Database, world: World) -> None:
    anna, ben = world.staff("Anna", "Ames"), world.staff("Ben", "Bell")
    bo = world.client("Bo", "Best")
    world.plan(bo, weekdays=(0,), at=time(12), minutes=20, staff_required=2, staff_ids=[anna, ben])
    with db.session() as s:
        planned = visit_length_report(s, MON, SUN)
        # recorded as done: the visit becomes a row with two staff on it, still one visit
        (slot,) = occurrences(s, MON, SUN)
        today.record_actual_times(s, slot, time(12), time(12, 20))
    with db.session() as s:
        done = visit_length_report(s, MON, SUN)
    for report in (planned, done):
        assert (report.total, report.short, report.short_with_reason) == (1, 1, 0)
        assert [len(r.days) for r in report.without_reason] == [1]


def test_thirty_minutes_is_not_short_and_one_offs_use_their_own_notes(
    db: Database, world: World
) -> None:
    ann = world.client("Ann", "Able")
    world.plan(ann, weekdays=(0,), at=time(8), minutes=30)
    world.plan(ann, weekdays=(1,), at=time(8), minutes=29)
    with db.session() as s:
        visits.add_one_off(
            s,
            visits.OneOffData(
                client_id=ann,
                day=date(2026, 11, 5),
                start_time=time(10),
                end_time=time(10, 10),
                notes="Welfare check after discharge, agreed with Ann",
            ),
        )
        visits.add_one_off(
            s,
            visits.OneOffData(
                client_id=ann, day=date(2026, 11, 6), start_time=time(10, 5), end_time=time(10, 15)
            ),
        )
        report = visit_length_report(s, MON, SUN)
    assert (report.total, report.at_least_threshold, report.short, report.short_with_reason) == (
        4,
        1,
        3,
        1,
    )
    assert report.percent_at_least_threshold == Decimal("25.0")
    assert report.percent_short_with_reason == Decimal("33.3")
    rows = [(r.weekday, r.start, r.minutes, r.plan_id is None) for r in report.without_reason]
    assert rows == [("Tuesday", "08:00", 29, False), ("Friday", "10:05", 10, True)]
    assert "write the reason in the visit's notes" in as_text(report)


def test_an_empty_period_gives_zeros_and_says_no_visits(db: Database, world: World) -> None:
    _week(world)
    with db.session() as s:
        report = visit_length_report(s, date(2026, 10, 1), date(2026, 10, 31))  # before the plans
    assert (report.total, report.at_least_threshold, report.short, report.short_with_reason) == (
        0,
        0,
        0,
        0,
    )
    assert report.percent_at_least_threshold is None
    assert report.percent_short_with_reason is None
    assert report.without_reason == ()
    assert report.summary() == "No visits in the period"
    assert "no visits in this period" in as_text(report).lower()


def test_no_short_visits_says_so(db: Database, world: World) -> None:
    world.plan(world.client("Ann", "Able"), weekdays=(0, 3), minutes=45)
    with db.session() as s:
        report = visit_length_report(s, MON, SUN)
    assert report.percent_at_least_threshold == Decimal("100.0")
    assert report.percent_short_with_reason is None
    assert "Short visits (under 30 minutes): none" in as_text(report)


def test_the_evidence_pack_shows_both_figures_under_e2(db: Database, world: World) -> None:
    _week(world)
    with db.session() as s:
        data = evidence_pack.collect(s, MON, SUN)
        empty = evidence_pack.collect(s, date(2026, 10, 1), date(2026, 10, 31))
    e2 = {st.id: st for kq in data.sections for st in kq.statements}["E2"]
    line = next(e for e in e2.evidence if "QS123" in e.label)
    assert line.count == 10
    assert line.note == (
        "70.0% of visits 30 minutes or longer (7 of 10); "
        "66.7% of short visits with a recorded reason (2 of 3)"
    )
    assert not any("No evidence recorded" in g for g in e2.to_look_at)
    e2_empty = {st.id: st for kq in empty.sections for st in kq.statements}["E2"]
    assert not any("QS123" in e.label for e in e2_empty.evidence)


def test_command_prints_the_figures(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite"
    database = open_database(str(path))
    try:
        _week(World(database))
    finally:
        database.close()
    home = tmp_path / "home"
    shown = mo(
        "visit-lengths", "--db", str(path), "--from", "2026-11-01", "--to", "08/11/2026", home=home
    )
    assert shown.returncode == 0, shown.stderr
    assert "Visit lengths 01/11/2026 to 08/11/2026" in shown.stdout
    assert "At least 30 minutes: 7 of 10 (70.0%)" in shown.stdout
    assert "with a recorded reason: 2 of 3 (66.7%)" in shown.stdout
    assert "  Di Dunn: Friday 09:00, 15 min (06/11/2026)" in shown.stdout
    empty = mo(
        "visit-lengths", "--db", str(path), "--from", "2026-10-01", "--to", "2026-10-31", home=home
    )
    assert empty.returncode == 0, empty.stderr
    assert "no visits in this period" in empty.stdout
    backwards = mo(
        "visit-lengths", "--db", str(path), "--from", "2026-11-30", "--to", "2026-11-01", home=home
    )
    assert backwards.returncode == 2
    assert "--to is before --from" in backwards.stderr
