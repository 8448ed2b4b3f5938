"""Issue 6: records past retention are listed for review; disposal is recorded, never silent."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from sqlalchemy import func, select

from microoffice.core.db.database import Database
from microoffice.core.errors import UserError, ValidationError
from microoffice.core.models.clients import FundingArrangement
from microoffice.core.models.records import CarePlan, Complaint, DailyNote, MarEntry, Medicine
from microoffice.core.models.retention import Disposal
from microoffice.core.models.visits import Visit, VisitPlan, visit_plan_staff
from microoffice.core.scheduling.visits import write_plan_staff
from microoffice.core.services import clients, contacts, funding, retention, staff
from microoffice.core.services.integrity import check_database

TODAY = date(2026, 12, 7)  # conftest freezes the clock here


def _client(db: Database, last: str, ended: date | None) -> int:
    with db.session() as s:
        c = clients.create_client(
            s,
            clients.ClientData(
                first_name="Old",
                last_name=last,
                postcode="B15 2TT",
                start_date=date(2010, 1, 1),
                end_date=ended,
            ),
        )
        return c.id


def _with_records(db: Database, cid: int) -> None:
    with db.session() as s:
        nominee = contacts.add_contact(
            s, cid, contacts.ContactData(kind="dp_nominated", name="Nominee")
        )
        funding.add_funding(
            s, cid, funding.FundingData(funding_type="DP", payer_contact_id=nominee.id)
        )
        carer = staff.create_staff(s, staff.StaffData(first_name="Barbara", last_name="Hughes"))
        plan = VisitPlan(
            client_id=cid,
            rrule="FREQ=WEEKLY;BYDAY=MO",
            start_date=date(2015, 1, 5),
            start_time=time(8),
            end_time=time(8, 30),
        )
        s.add(plan)
        s.flush()
        write_plan_staff(s, plan.id, [carer.id])
        visit = Visit(
            client_id=cid,
            plan_id=plan.id,
            occurrence_date=date(2015, 1, 5),
            planned_start=datetime(2015, 1, 5, 8, tzinfo=UTC),
            planned_end=datetime(2015, 1, 5, 8, 30, tzinfo=UTC),
            status="completed",
            notes="Mrs X was low in mood",
        )
        s.add(visit)
        s.flush()
        s.add(
            DailyNote(
                client_id=cid,
                visit_id=visit.id,
                occurred_at=visit.planned_start,
                text="Private details of the visit",
            )
        )
        s.add(CarePlan(client_id=cid, sections={"about_me": "Likes gardening"}))
        med = Medicine(client_id=cid, name="Paracetamol")
        s.add(med)
        s.flush()
        s.add(MarEntry(medicine_id=med.id, recorded_at=visit.planned_start, outcome="given"))


def test_only_records_past_retention_are_listed(db: Database) -> None:
    due = _client(db, "Gone2018", date(2018, 1, 10))  # 8 years end 10/01/2026
    _client(db, "Gone2020", date(2020, 6, 1))  # not until 2028
    _client(db, "Current", None)
    with db.session() as s:
        leaver = staff.create_staff(
            s,
            staff.StaffData(
                first_name="Ex",
                last_name="Carer",
                start_date=date(2012, 1, 1),
                end_date=date(2019, 3, 31),
            ),
        )
        s.add(
            Complaint(
                received_on=date(2015, 2, 1), responded_on=date(2015, 3, 1), summary="Late visits"
            )
        )
    with db.session() as s:
        items = retention.due_for_review(s)
    assert [(i.record_class, i.subject, i.subject_id) for i in items] == [
        ("complaint", "complaint", 1),  # responded 01/03/2015 + 10 years = 01/03/2025
        ("staff_file", "staff", leaver.id),  # left 31/03/2019 + 6 years = 31/03/2025
        ("care_record", "client", due),  # ended 10/01/2018 + 8 years = 10/01/2026
    ]
    assert [i.retain_until for i in items] == [
        date(2025, 3, 1),
        date(2025, 3, 31),
        date(2026, 1, 10),
    ]


def test_extend_and_preserve_are_recorded_and_take_items_off_the_list(db: Database) -> None:
    a = _client(db, "Alpha", date(2017, 5, 1))
    b = _client(db, "Beta", date(2017, 6, 1))
    with db.session() as s:
        first, second = retention.due_for_review(s)
        with pytest.raises(ValidationError) as bad:
            retention.decide(s, first, "extend", "Family dispute ongoing", "Barbara")
        assert "future date" in bad.value.errors["review_again_on"]
        retention.decide(
            s,
            first,
            "extend",
            "Family dispute ongoing",
            "Barbara",
            review_again_on=date(2027, 6, 1),
        )
        retention.decide(s, second, "preserve", "Local history project consent", "Barbara")
    with db.session() as s:
        assert retention.due_for_review(s) == []
        assert retention.due_for_review(s, on=date(2027, 6, 1))[0].subject_id == a
        log = s.scalars(select(Disposal).order_by(Disposal.id)).all()
        assert [(d.subject_id, d.decision, d.decided_by) for d in log] == [
            (a, "extend", "Barbara"),
            (b, "preserve", "Barbara"),
        ]


def test_destroy_removes_care_records_keeps_billing_and_is_logged(db: Database) -> None:
    cid = _client(db, "Tobedestroyed", date(2017, 1, 31))
    _with_records(db, cid)
    with db.session() as s:
        (item,) = retention.due_for_review(s)
        disposal = retention.decide(
            s, item, "destroy", "Retention period over; appraised", "Barbara Hughes"
        )
        removed = disposal.removed
    assert set(removed) >= {
        "daily_note",
        "care_plan",
        "medicine",
        "mar_entry",
        "contact",
        "visit_plan",
    }
    with db.session() as s:
        for model in (DailyNote, CarePlan, Medicine, MarEntry):
            assert s.scalar(select(func.count()).select_from(model)) == 0
        client = clients.get_client(s, cid)
        assert (client.first_name, client.last_name, client.postcode) == (
            "Former client",
            f"#{cid}",
            "",
        )
        visit = s.scalars(select(Visit)).one()
        assert (visit.plan_id, visit.notes, visit.status) == (None, "", "completed")
        payer = s.scalars(select(FundingArrangement)).one()
        assert payer.payer_contact_id is None
        assert s.scalar(select(func.count()).select_from(visit_plan_staff)) == 0
        assert retention.due_for_review(s) == []
    assert check_database(db) == []  # the removal is on record, so check does not flag it


def test_legal_hold_blocks_destruction(db: Database) -> None:
    cid = _client(db, "Held", date(2016, 1, 1))
    _with_records(db, cid)
    with db.session() as s:
        (item,) = retention.due_for_review(s)
        retention.place_hold(s, "client", cid, "Coroner's inquest")
    with db.session() as s:
        assert retention.due_for_review(s) == []
        with pytest.raises(UserError, match="legal hold"):
            retention.decide(s, item, "destroy", "Period over", "Barbara")
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(DailyNote)) == 1


def test_items_say_whose_records_when_they_ended_and_for_how_long(db: Database) -> None:
    leap = _client(db, "Leapday", date(2016, 2, 29))  # 8 years: 29/02/2024
    with db.session() as s:
        leaver = staff.create_staff(
            s,
            staff.StaffData(
                first_name="Ex", last_name="Carer", end_date=date(2012, 2, 29)
            ),  # 6 years: 28/02/2018, so only the stored end date says it was 29/02
        )
        s.add(
            Complaint(
                client_id=leap,
                received_on=date(2014, 1, 2),
                responded_on=date(2014, 2, 3),
                summary="Missed visit",
            )
        )
        s.add(
            Complaint(
                received_on=date(2014, 5, 1),
                responded_on=date(2014, 6, 1),
                from_name="A neighbour",
                summary="Parking",
            )
        )
    with db.session() as s:
        items = retention.due_for_review(s)
    assert [(i.subject, i.whose, i.ended_on, i.years, i.retain_until) for i in items] == [
        ("staff", "Ex Carer", date(2012, 2, 29), 6, date(2018, 2, 28)),
        ("complaint", "Old Leapday", date(2014, 2, 3), 10, date(2024, 2, 3)),
        ("client", "Old Leapday", date(2016, 2, 29), 8, date(2024, 2, 29)),
        ("complaint", "A neighbour", date(2014, 6, 1), 10, date(2024, 6, 1)),
    ]
    assert items[0].subject_id == leaver.id
