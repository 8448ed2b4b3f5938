"""The Records page's rows, read without Qt (core/records/views.py), and the one "overdue" rule
the Records tab, the complaint timeline and the application pack share."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from microoffice.core import clock
from microoffice.core.db.database import Database
from microoffice.core.records import careplans, consent, notes, risk, views
from microoffice.core.records import complaints as cm
from microoffice.core.records import medication as med
from microoffice.core.reports import application_pack
from microoffice.core.services import clients
from tests import people_helpers as people
from tests.core.care_home import Home, london

TODAY = date(2026, 12, 7)  # the frozen clock's day (a Monday)


def frozen(row: object) -> bool:
    params = getattr(type(row), "__dataclass_params__", None)
    return dataclasses.is_dataclass(row) and params is not None and params.frozen


def test_recent_visits_newest_first_with_who_went_and_whether_noted(
    db: Database, home: Home
) -> None:
    edna = home.client()
    jo, amy = home.staff("Jo", "Carer"), home.staff("Amy", "Baker")
    older = home.visit(edna, london(2026, 12, 4, 8), london(2026, 12, 4, 9), staff_id=jo)
    newer = home.visit(edna, london(2026, 12, 7, 8), london(2026, 12, 7, 9), staff_id=amy)
    home.visit(edna, london(2026, 11, 1, 8), london(2026, 11, 1, 9))  # older than 14 days
    home.visit(edna, london(2026, 12, 8, 8), london(2026, 12, 8, 9), done=False)  # tomorrow
    with db.session() as s:
        note = notes.NoteData(client_id=edna, visit_id=older, text="Fine.", late_reason="on leave")
        notes.write_note(s, note)
    with db.session() as s:
        rows = views.recent_visits(s, edna)
    assert [(r.id, r.status, r.carers, r.noted) for r in rows] == [
        (newer, "Done", "Amy Baker", False),
        (older, "Done", "Jo Carer", True),
    ]
    assert rows[0].started == london(2026, 12, 7, 8)
    assert all(frozen(r) for r in rows)


def test_recent_notes_flag_amended_notes_and_list_the_latest_version(
    db: Database, home: Home
) -> None:
    edna = home.client()
    with db.session() as s:
        first = notes.write_note(
            s, notes.NoteData(client_id=edna, text="Had  lunch,\nthen slept.")
        ).id
    people.owner(db, "Jo Price")
    with db.session() as s:
        notes.amend_note(s, first, "Had lunch, then read.", "wrong word")
    with db.session() as s:
        rows = views.recent_notes(s, edna)
    (row,) = rows
    assert (row.text, row.flags, row.author) == ("Had lunch, then read.", "amended", "Jo Price")
    assert row.view.amends_id == first and frozen(row)


def test_care_plan_view_lists_versions_risks_and_consent(db: Database, home: Home) -> None:
    edna = home.client()
    with db.session() as s:
        assert views.care_plan_view(s, edna) == views.CarePlanView((), (), ())
        assert views.current_plan(s, edna) is None
    plan = careplans.CarePlanData(
        sections={
            "outcomes": "Stay at home.",
            "needs": "Help to wash.",
            "communication": "Hearing aid, left ear.",
            "about_me": "Retired teacher.",
        },
        agreed_by="Edna",
        agreed_on=date(2026, 10, 1),
        review_due=date(2026, 12, 1),  # before today: overdue
    )
    with db.session() as s:
        careplans.save_care_plan(s, edna, plan, "Barbara")
        risk.record_risk(
            s,
            edna,
            risk.RiskData(
                kind="falls",
                rag="amber",
                summary="Unsteady",
                controls="Frame in reach",
                assessed_on=date(2026, 11, 1),
                review_due=TODAY,
            ),
            "Barbara",
        )
        consent.record_consent(
            s,
            edna,
            consent.ConsentData(
                decision="Personal care", outcome="consented", given_by="Edna", recorded_on=TODAY
            ),
            "Barbara",
        )
    with db.session() as s:
        view = views.care_plan_view(s, edna)
        current = views.current_plan(s, edna)
    assert current is not None and view.current == current
    assert (current.version_no, current.review_overdue) == (1, True)
    # the plan's own section order, not the order typed
    keys = ["about_me", "communication", "needs", "outcomes"]
    assert [key for key, _label, _text in current.sections] == keys
    assert current.text_of()["needs"] == "Help to wash."
    (falls,) = view.risks
    assert (falls.kind, falls.rag, falls.review_overdue) == ("Falls", "amber", False)
    assert view.consents == ("Personal care: consented (Edna, 07/12/2026)",)


def test_medicines_and_the_doses_due_today(db: Database, home: Home) -> None:
    edna = home.client()
    with db.session() as s:
        regular = med.add_medicine(
            s,
            edna,
            med.MedicineData(
                name="Amlodipine",
                strength="5 mg",
                dose="1 tablet",
                times=["08:00", "18:00"],
                start_date=date(2026, 12, 1),
            ),
        ).id
        med.add_medicine(
            s,
            edna,
            med.MedicineData(
                name="Paracetamol",
                dose="2 tablets",
                prn=True,
                prn_max_doses_24h=4,
                prn_min_interval_minutes=240,
                start_date=date(2026, 12, 1),
            ),
        )
    with db.session() as s:
        med.record_dose(
            s,
            med.DoseData(
                medicine_id=regular,
                outcome="given",
                scheduled_at=london(2026, 12, 7, 8),
                given_at=london(2026, 12, 7, 8, 5),
            ),
        )
    with db.session() as s:
        medicines = views.medicines_on(s, edna, TODAY)
        doses = views.doses_due(s, edna, TODAY)
        one = views.medicine(s, regular)
    assert [(m.title, m.prn) for m in medicines] == [
        ("Amlodipine 5 mg", False),
        ("Paracetamol", True),
    ]
    assert one == medicines[0]
    assert [(d.medicine_id, d.due, bool(d.outcome)) for d in doses] == [
        (regular, london(2026, 12, 7, 8), True),
        (regular, london(2026, 12, 7, 18), False),
    ]
    assert all(frozen(r) for r in [*medicines, *doses])


@pytest.mark.parametrize(
    ("due", "done", "overdue"),
    [
        (TODAY - timedelta(days=1), None, True),
        (TODAY, None, False),  # due today is not yet late
        (TODAY - timedelta(days=1), TODAY - timedelta(days=2), False),  # done in time
        (None, None, False),
    ],
)
def test_the_one_overdue_rule(due: date | None, done: date | None, overdue: bool) -> None:
    assert cm.is_overdue(due, done, TODAY) is overdue
    step = cm.TimelineStep("response_sent", "Full response", due, done, "", "")
    assert step.overdue is overdue  # the timeline uses the same rule (clock frozen on TODAY)


def test_an_overdue_complaint_reads_the_same_on_the_tab_and_in_the_pack(
    db: Database, home: Home
) -> None:
    edna = home.client()
    data = cm.ComplaintData(
        received_on=date(2026, 10, 1), from_name="Mark Price", summary="Late", client_id=edna
    )
    with db.session() as s:
        late = cm.receive_complaint(s, data, "Barbara")
        assert late.response_due is not None and late.response_due < TODAY
        cm.record_compliment(
            s,
            cm.ComplaintData(
                received_on=date(2026, 11, 20), from_name="Ann", summary="Kind", client_id=edna
            ),
            "Barbara",
        )
    with db.session() as s:
        rows = views.complaint_rows(s, edna)
        pack = application_pack._complaints(s, clock.today())
    assert [(r.kind, r.status) for r in rows] == [
        ("compliment", "—"),
        ("complaint", f"OVERDUE (due {late.response_due:%d/%m/%Y})"),
    ]
    assert pack.gaps == ("Complaint of 01/10/2026 is past its response date",)
    assert all(frozen(r) for r in rows)


def test_client_choices_are_the_active_clients_by_their_list_name(db: Database, home: Home) -> None:
    home.client("Margaret", "Okafor", preferred_name="Maggie")
    gone = home.client("Bill", "Adams")
    home.client("Ann", "Adams")
    with db.session() as s:
        clients.archive_client(s, gone)
    with db.session() as s:
        choices = clients.client_choices(s)
    assert [c.name for c in choices] == ["Ann Adams", "Maggie Okafor"]
    assert all(frozen(c) for c in choices)
