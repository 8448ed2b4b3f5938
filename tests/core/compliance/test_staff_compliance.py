"""Staff files (Schedule 3), the training matrix with renewal periods, supervision schedule."""

from __future__ import annotations

from datetime import date

import pytest

from microoffice.core.compliance import staff_files, supervision, training
from microoffice.core.db.database import Database
from microoffice.core.errors import ConflictError, ValidationError
from microoffice.core.models.staff import TrainingCourse
from tests.core.care_home import Home


def test_courses_seed_once_with_renewal_periods_and_tasks(db: Database) -> None:
    with db.session() as s:
        added = training.seed_courses(s)
        assert added == len(training.shipped_courses()) == 35
        assert training.seed_courses(s) == 0
        mh = training.find_course(s, "Moving and handling")
        assert (mh.renewal_months, mh.mandatory) == (12, True)
        assert "Hoist transfer" in mh.required_for_tasks
        assert training.find_course(s, "First aid").renewal_months == 36
        cc = [c for c in s.query(TrainingCourse) if c.name.startswith("Care Certificate")]
        assert len(cc) == 16 and all(c.renewal_months == 0 for c in cc)
        assert training.course_statement("Medication") == "S8"


def test_matrix_statuses_and_expiry_from_renewal_period(db: Database, home: Home) -> None:
    ann = home.staff("Ann", "Able")
    home.staff("Ben", "Admin", role="admin")
    with db.session() as s:
        training.seed_courses(s)
        mh = training.find_course(s, "Moving and handling")
        fa = training.find_course(s, "First aid")
        record = training.record_training(s, ann, mh.id, date(2026, 1, 15))
        assert record.expires_on == date(2027, 1, 15)
        training.record_training(s, ann, fa.id, date(2023, 11, 30))  # 36 months: expired 30/11/2026
        cc1 = training.find_course(s, "Care Certificate 01: Understand your role")
        assert training.record_training(s, ann, cc1.id, date(2024, 7, 1)).expires_on is None
        with pytest.raises(ValidationError):
            training.record_training(s, ann, mh.id, date(2026, 12, 8))
        matrix = training.training_matrix(s)
    rows = {r.name: r for r in matrix.rows}
    ann_row = rows["Ann Able"]
    assert ann_row.cells[mh.id].status == "ok"  # expires in 39 days: outside the 30-day window
    assert ann_row.cells[fa.id].status == "expired"
    assert matrix.care_certificate(ann_row) == (1, 16)
    assert rows["Ben Admin"].cells[mh.id].status == "optional"
    assert matrix.with_status("expired") == {"First aid": ["Ann Able"]}


def test_schedule3_checklist_and_dbs_recheck(db: Database, home: Home) -> None:
    sid = home.staff()
    with db.session() as s:
        with pytest.raises(ValidationError) as exc:
            staff_files.record_check(s, sid, staff_files.CheckData(kind="dbs", reference="123"))
        assert set(exc.value.errors) == {"reference", "issued_on"}
        staff_files.record_check(
            s,
            sid,
            staff_files.CheckData(
                kind="dbs",
                reference="0012 3456 7890",
                issued_on=date(2025, 3, 1),
                checked_on=date(2025, 3, 3),
                update_service=True,
            ),
        )
        staff_files.record_check(
            s, sid, staff_files.CheckData(kind="dbs_update_check", checked_on=date(2026, 3, 2))
        )
        staff_files.record_check(
            s,
            sid,
            staff_files.CheckData(
                kind="reference", reference="Mrs K Lee, Sunrise Care", checked_on=date(2025, 2, 20)
            ),
        )
        staff_files.record_check(
            s,
            sid,
            staff_files.CheckData(
                kind="reference", reference="Mr P Cole, Tesco", checked_on=date(2025, 2, 20)
            ),
        )
        staff_files.record_check(
            s,
            sid,
            staff_files.CheckData(
                kind="right_to_work",
                checked_on=date(2025, 2, 18),
                next_due_on=date(2026, 12, 31),
                notes="Visa; share code seen",
            ),
        )
        with pytest.raises(ConflictError):
            staff_files.record_check(
                s, sid, staff_files.CheckData(kind="right_to_work", checked_on=date(2025, 2, 18))
            )
        items = {i.kind: i for i in staff_files.staff_file(s, sid)}
    # Update Service subscriber: status check every 12 months from the last one (2 March 2026)
    assert (items["dbs"].status, items["dbs"].due_on) == ("done", date(2027, 3, 2))
    assert items["reference"].status == "done"
    assert (items["right_to_work"].status, items["right_to_work"].due_on) == (
        "due_soon",
        date(2026, 12, 31),
    )
    assert items["photo_id"].status == "missing"
    assert items["professional_registration"].status == "optional"


def test_supervision_schedule_uses_last_session_or_start_date(db: Database, home: Home) -> None:
    new = home.staff("Nia", "New", start_date=date(2026, 11, 2))
    old = home.staff("Olu", "Old", start_date=date(2024, 1, 8))
    home.staff("Barbara", "Owner", role="owner")
    with db.session() as s:
        supervision.record_session(
            s, old, "supervision", date(2026, 10, 1), "Discussed lone working."
        )
        supervision.record_session(s, old, "appraisal", date(2026, 2, 1), "Goals for the year.")
        supervision.plan_session(s, old, "spot_check", date(2026, 12, 10))
        with pytest.raises(ValidationError):
            supervision.record_session(
                s, old, "supervision", date(2026, 12, 1), "x", by_staff_id=old
            )
        due = {(d.staff_name, d.kind): (d.due_on, d.status) for d in supervision.schedule(s)}
    assert due[("Olu Old", "supervision")] == (date(2027, 1, 1), "due_soon")
    assert due[("Olu Old", "appraisal")] == (date(2027, 2, 1), "ok")
    assert due[("Olu Old", "spot_check")] == (date(2026, 12, 10), "due_soon")
    assert due[("Nia New", "supervision")] == (date(2027, 2, 2), "ok")
    assert not any(name == "Barbara Owner" for name, _ in due)
    assert new != old


def test_courses_feed_the_scheduling_training_warning(db: Database, home: Home) -> None:
    from microoffice.core.models.visits import Visit
    from microoffice.core.scheduling.clashes import TRAINING, assignment_warnings
    from tests.core.care_home import london

    client = home.client()
    carer = home.staff("Jo", "Carter")
    with db.session() as s:
        training.seed_courses(s)
        visit = Visit(
            client_id=client,
            planned_start=london(2026, 12, 9, 8),
            planned_end=london(2026, 12, 9, 8, 45),
            tasks=["Medication prompt", "Wash and dress"],
        )
        s.add(visit)
        s.flush()
        warnings = [
            w.message for w in assignment_warnings(s, visit.id, carer) if w.kind == TRAINING
        ]
        assert warnings == [
            "Jo Carter has no valid 'Medication' training on 09/12/2026, needed for: Medication prompt."
        ]
        training.record_training(
            s, carer, training.find_course(s, "Medication").id, date(2026, 11, 20)
        )
        assert [w for w in assignment_warnings(s, visit.id, carer) if w.kind == TRAINING] == []
