"""Acceptance 2: with the clock frozen (Monday 7 December 2026), a planted expired DBS, an expired
training course, an overdue care-plan review and an unanswered complaint each appear on the
dashboard under the right key question, red."""

from __future__ import annotations

from datetime import date

from microoffice.core.compliance import training
from microoffice.core.compliance.dashboard import build_dashboard, format_dashboard
from microoffice.core.compliance.policies import PolicyData, add_policy
from microoffice.core.compliance.staff_files import CheckData, record_check
from microoffice.core.db.database import Database
from microoffice.core.records import careplans
from microoffice.core.records.complaints import ComplaintData, receive_complaint
from tests.core.care_home import Home

PLAN = {
    "about_me": "Loves gardening.",
    "communication": "Wears glasses for reading.",
    "needs": "Help with showering twice a week.",
    "outcomes": "Keep the garden going.",
}


def _plant(db: Database, home: Home) -> dict[str, int]:
    sam = home.staff("Sam", "Stale")
    client = home.client("Edna", "Price")
    with db.session() as s:
        training.seed_courses(s)
        # DBS issued 1 October 2023, not on the Update Service: recheck due 1 October 2026
        record_check(
            s,
            sam,
            CheckData(
                kind="dbs",
                reference="001234567890",
                issued_on=date(2023, 10, 1),
                checked_on=date(2023, 10, 5),
            ),
        )
        # Moving and handling done 1 November 2025, renewed yearly: expired 1 November 2026
        course = training.find_course(s, "Moving and handling")
        training.record_training(s, sam, course.id, date(2025, 11, 1))
        # first care plan agreed 1 October 2025: six-week review due 12 November 2025
        careplans.save_care_plan(
            s,
            client,
            careplans.CarePlanData(
                sections=PLAN, agreed_by="Edna Price", agreed_on=date(2025, 10, 1)
            ),
            "Barbara",
        )
        # complaint received Monday 2 November 2026, never answered: response due 30 November
        receive_complaint(
            s,
            ComplaintData(
                received_on=date(2026, 11, 2), from_name="Mark Price", summary="Visits cut short."
            ),
            "Barbara",
        )
        # a policy review falling due in 13 days: amber, not red
        add_policy(
            s,
            PolicyData(
                title="Safeguarding adults policy",
                owner="Barbara Owner",
                created_on=date(2025, 12, 20),
            ),
        )
    return {"sam": sam, "client": client}


def _find(dashboard: object, title: str) -> tuple[str, str, str, date | None]:
    for item in dashboard.items:  # type: ignore[attr-defined]
        if item.title == title:
            return item.key_question, item.statement_id, item.rag, item.due_on
    raise AssertionError(f"{title!r} not on the dashboard")


def test_planted_problems_appear_under_the_right_key_question(db: Database, home: Home) -> None:
    _plant(db, home)
    with db.session() as s:
        dash = build_dashboard(s)
    assert dash.as_of == date(2026, 12, 7)
    assert _find(dash, "DBS recheck overdue: Sam Stale") == ("safe", "S6", "red", date(2026, 10, 1))
    assert _find(dash, "Moving and handling training expired: Sam Stale") == (
        "safe",
        "S6",
        "red",
        date(2026, 11, 1),
    )
    assert _find(dash, "Care plan review overdue: Edna Price") == (
        "effective",
        "E1",
        "red",
        date(2025, 11, 12),
    )
    assert _find(dash, "Complaint response overdue: Mark Price") == (
        "responsive",
        "R4",
        "red",
        date(2026, 11, 30),
    )
    assert _find(dash, "Complaint not acknowledged: Mark Price") == (
        "responsive",
        "R4",
        "red",
        date(2026, 11, 5),
    )
    assert _find(dash, "Policy review due: Safeguarding adults policy") == (
        "well_led",
        "W5",
        "amber",
        date(2026, 12, 20),
    )
    assert [g.key_question.id for g in dash.groups] == [
        "safe",
        "effective",
        "caring",
        "responsive",
        "well_led",
    ]
    rags = {g.key_question.id: g.rag for g in dash.groups}
    assert rags["safe"] == rags["effective"] == rags["responsive"] == "red"
    assert rags["well_led"] == "amber"
    # red items come first within a key question
    safe = dash.group("safe").items
    assert [i.rag for i in safe] == sorted((i.rag for i in safe), key=lambda r: r != "red")


def test_nothing_planted_means_green(db: Database) -> None:
    with db.session() as s:
        dash = build_dashboard(s)
    assert {g.key_question.id: g.rag for g in dash.groups} == dict.fromkeys(
        ["safe", "effective", "caring", "responsive", "well_led"], "green"
    )


def test_fixing_the_problems_clears_them(db: Database, home: Home) -> None:
    ids = _plant(db, home)
    with db.session() as s:
        record_check(
            s,
            ids["sam"],
            CheckData(
                kind="dbs",
                reference="009876543210",
                issued_on=date(2026, 12, 1),
                checked_on=date(2026, 12, 2),
                update_service=True,
            ),
        )
        training.record_training(
            s, ids["sam"], training.find_course(s, "Moving and handling").id, date(2026, 12, 3)
        )
        plan = careplans.CarePlanData(
            sections={**PLAN, "changes": "Annual review: no change."},
            agreed_by="Edna Price",
            agreed_on=date(2026, 12, 4),
        )
        careplans.save_care_plan(s, ids["client"], plan, "Barbara")
        titles = {i.title for i in build_dashboard(s).items}
    assert "DBS recheck overdue: Sam Stale" not in titles
    assert "Moving and handling training expired: Sam Stale" not in titles
    assert "Care plan review overdue: Edna Price" not in titles


def test_text_form_lists_each_key_question_with_its_rag(db: Database, home: Home) -> None:
    _plant(db, home)
    with db.session() as s:
        text = format_dashboard(build_dashboard(s))
    assert "SAFE  [RED]" in text
    assert "WELL-LED  [AMBER]" in text
    assert "RED   S6  DBS: DBS recheck overdue: Sam Stale  due 01/10/2026" in text
    assert "CARING  [RED]" in text  # Sam's supervision: none since starting in June 2024
