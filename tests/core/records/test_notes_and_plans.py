"""Daily notes from a visit or on their own, late entries, care plans, risk and consent."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from microoffice.core import clock
from microoffice.core.db.database import Database
from microoffice.core.errors import ConflictError, ValidationError
from microoffice.core.records import careplans, consent, notes, risk
from microoffice.core.records.forms import now_texts
from tests import people_helpers as people
from tests.core.care_home import Home, london

PLAN_TEXT = {
    "about_me": "Retired teacher, loves crosswords and her cat Sooty.",
    "communication": "Hard of hearing on the left: speak on her right side.",
    "needs": "Help to wash and dress each morning; meals prepared.",
    "outcomes": "Stay at home safely; walk to the corner shop twice a week.",
}


def test_note_from_a_visit_takes_its_time_and_carer(db: Database, home: Home) -> None:
    client, carer = home.client(), home.staff()
    visit = home.visit(client, london(2026, 12, 7, 8, 0), london(2026, 12, 7, 8, 45), carer)
    people.owner(db)
    people.add(db, "Jo Carer", "carer", staff_id=carer)
    people.become(db, "Jo Carer")
    with db.session() as s:
        note = notes.write_note(
            s,
            notes.NoteData(client_id=client, visit_id=visit, text="Washed, dressed; ate toast."),
        )
        assert note.occurred_at == london(2026, 12, 7, 8, 45)
        assert note.staff_id == carer
        view = notes.notes_for_visit(s, visit)
        assert [(v.id, v.late, v.author) for v in view] == [(note.id, False, "Jo Carer")]


def test_note_for_another_clients_visit_is_refused(db: Database, home: Home) -> None:
    edna, fred = home.client(), home.client("Fred", "Hill")
    visit = home.visit(fred, london(2026, 12, 7, 8), london(2026, 12, 7, 9))
    with db.session() as s, pytest.raises(ValidationError) as exc:
        notes.write_note(s, notes.NoteData(client_id=edna, visit_id=visit, text="x"))
    assert "different person" in exc.value.errors["visit_id"]


def test_late_entry_needs_a_reason_and_shows_both_times(db: Database, home: Home) -> None:
    client = home.client()
    happened = london(
        2026, 12, 5, 19, 0
    )  # Saturday evening, written Monday 09:30: 38.5 hours later
    data = notes.NoteData(
        client_id=client, text="Evening call: settled, took her tablets.", occurred_at=happened
    )
    with db.session() as s, pytest.raises(ValidationError) as exc:
        notes.write_note(s, data)
    assert "more than 24 hours" in exc.value.errors["late_reason"]
    data.late_reason = "Phone battery died; written from my paper notes"
    with db.session() as s:
        note_id = notes.write_note(s, data).id
    with db.session() as s:
        (view,) = notes.list_notes(s, client)
        assert view.id == note_id and view.late
        assert view.occurred_at == happened
        assert view.recorded_at == clock.now()
        assert view.recorded_at - view.occurred_at == timedelta(hours=38, minutes=30)
        assert view.late_reason == "Phone battery died; written from my paper notes"


def test_a_note_23_hours_later_is_not_late(db: Database, home: Home) -> None:
    client = home.client()
    with db.session() as s:
        notes.write_note(
            s,
            notes.NoteData(client_id=client, text="Fine.", occurred_at=london(2026, 12, 6, 10, 31)),
        )
        assert notes.list_notes(s, client)[0].late is False


def test_future_and_empty_notes_are_refused(db: Database, home: Home) -> None:
    client = home.client()
    with db.session() as s, pytest.raises(ValidationError) as exc:
        notes.write_note(
            s, notes.NoteData(client_id=client, text=" ", occurred_at=london(2026, 12, 7, 12))
        )
    assert set(exc.value.errors) == {"text", "occurred_at"}


def test_body_map_mark_is_kept_with_the_note(db: Database, home: Home) -> None:
    client = home.client()
    with db.session() as s:
        note = notes.write_note(s, notes.NoteData(client_id=client, text="Bruise on left forearm."))
        notes.add_body_mark(
            s,
            client,
            "front",
            820,
            450,
            "Purple bruise 3 cm, left forearm",
            daily_note_id=note.id,
        )
        with pytest.raises(ValidationError):
            notes.add_body_mark(s, client, "side", 2000, 10, "", daily_note_id=note.id)
        marks = notes.body_marks(s, client)
        assert [(m.side, m.x, m.y, m.daily_note_id) for m in marks] == [
            ("front", 820, 450, note.id)
        ]


def test_care_plan_versions_supersede_and_keep_history(db: Database, home: Home) -> None:
    client = home.client()
    first = careplans.CarePlanData(
        sections=dict(PLAN_TEXT),
        agreed_by="Edna Price and her son Mark",
        agreed_on=date(2026, 10, 1),
    )
    with db.session() as s:
        v1 = careplans.save_care_plan(s, client, first, "Barbara")
        # the first review falls six weeks after the plan was agreed
        assert v1.review_due == date(2026, 11, 12)
        assert (v1.version_no, v1.supersedes_id) == (1, None)
    second = careplans.CarePlanData(
        sections={**PLAN_TEXT, "mobility": "Now uses a frame indoors."},
        agreed_by="Edna Price",
        agreed_on=date(2026, 11, 12),
    )
    with db.session() as s, pytest.raises(ValidationError) as exc:
        careplans.save_care_plan(s, client, second, "Barbara", expected_version_no=1)
    assert "changes" in exc.value.errors
    second.sections["changes"] = "Six-week review: walking frame after a fall."
    with db.session() as s:
        v2 = careplans.save_care_plan(s, client, second, "Barbara", expected_version_no=1)
        # later reviews at least every 12 months
        assert (v2.version_no, v2.supersedes_id, v2.review_due) == (2, v1.id, date(2027, 11, 12))
    with db.session() as s, pytest.raises(ConflictError):
        careplans.save_care_plan(s, client, second, "Someone else", expected_version_no=1)
    with db.session() as s:
        history = careplans.plan_history(s, client)
        assert [p.version_no for p in history] == [2, 1]
        assert "mobility" not in history[1].sections
        assert careplans.latest_plans(s)[client].version_no == 2


def test_care_plan_needs_the_person_centred_sections(db: Database, home: Home) -> None:
    client = home.client()
    with db.session() as s, pytest.raises(ValidationError) as exc:
        careplans.save_care_plan(
            s,
            client,
            careplans.CarePlanData(sections={"needs": "x"}, agreed_on=date(2026, 12, 8)),
            "B",
        )
    assert set(exc.value.errors) == {
        "about_me",
        "communication",
        "outcomes",
        "agreed_by",
        "agreed_on",
    }


def test_risk_reassessment_supersedes_the_same_type(db: Database, home: Home) -> None:
    client = home.client()
    with db.session() as s:
        with pytest.raises(ValidationError) as exc:
            risk.record_risk(
                s,
                client,
                risk.RiskData(
                    kind="falls", rag="red", summary="Unsteady", assessed_on=date(2026, 12, 1)
                ),
                "B",
            )
        assert "controls" in exc.value.errors
        first = risk.record_risk(
            s,
            client,
            risk.RiskData(
                kind="falls",
                rag="red",
                summary="Unsteady",
                controls="Frame; sensor mat",
                assessed_on=date(2026, 6, 1),
            ),
            "B",
        )
        assert first.review_due == date(2027, 6, 1)
        second = risk.record_risk(
            s,
            client,
            risk.RiskData(
                kind="falls",
                rag="amber",
                summary="Steadier",
                controls="Frame",
                assessed_on=date(2026, 12, 1),
            ),
            "B",
        )
        risk.record_risk(
            s,
            client,
            risk.RiskData(kind="environment", summary="Tidy home", assessed_on=date(2026, 12, 1)),
            "B",
        )
        current = risk.current_risks(s, client)
        assert {k: r.id for k, r in current.items()}["falls"] == second.id
        assert second.supersedes_id == first.id
        assert sorted(r.kind for r in risk.latest_risks(s)) == ["environment", "falls"]


def test_consent_and_capacity_records(db: Database, home: Home) -> None:
    client = home.client()
    with db.session() as s:
        with pytest.raises(ValidationError) as exc:
            consent.record_consent(
                s,
                client,
                consent.ConsentData(
                    kind="capacity",
                    decision="Managing her medicines",
                    outcome="lacks_capacity",
                    recorded_on=date(2026, 12, 1),
                ),
                "B",
            )
        assert set(exc.value.errors) == {"assessed_by", "details"}
        given = consent.record_consent(
            s,
            client,
            consent.ConsentData(
                decision="Care and support as in the care plan",
                outcome="consented",
                given_by="Edna Price",
                recorded_on=date(2026, 10, 1),
            ),
            "B",
        )
        again = consent.record_consent(
            s,
            client,
            consent.ConsentData(
                decision="Care and support as in the care plan",
                outcome="consented",
                given_by="Edna Price",
                recorded_on=date(2026, 11, 12),
            ),
            "B",
        )
        assert again.supersedes_id == given.id
        assert consent.clients_with_consent(s) == {client}
        assert [r.id for r in consent.consent_history(s, client)] == [again.id, given.id]


def test_a_new_record_starts_at_the_time_on_the_office_wall() -> None:
    """A note's form opens at today's date and the time now in London, not UTC: 23:30 on a
    summer night is still 1 July, and in winter London and UTC agree."""
    with clock.frozen(datetime(2026, 7, 1, 22, 30, tzinfo=UTC)):
        assert now_texts() == ("01/07/2026", "23:30")
    with clock.frozen(datetime(2026, 12, 31, 23, 59, tzinfo=UTC)):
        assert now_texts() == ("31/12/2026", "23:59")
