"""Acceptance 1: daily notes, MAR entries and closed incidents cannot be altered in place, through
the services or by UPDATE/DELETE in the database; amendments keep the original with reason, who
and when."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from microoffice.core import clock
from microoffice.core.db.database import Database
from microoffice.core.db.triggers import drop_statements
from microoffice.core.errors import ConflictError, ValidationError
from microoffice.core.models.records import DailyNote, Incident, MarEntry
from microoffice.core.records import closing, incidents, medication, notes
from microoffice.core.records.mar_slots import dose_slots
from microoffice.core.records.notifications import log_notification
from microoffice.core.services.integrity import check_append_only
from tests import people_helpers as people
from tests.core.care_home import Home, london


def _note(db: Database, client_id: int) -> int:
    with db.session(actor="jo") as s:
        return notes.write_note(
            s,
            notes.NoteData(
                client_id=client_id,
                text="Helped Edna wash; ate porridge.",
                occurred_at=london(2026, 12, 7, 8, 45),
            ),
        ).id


def _dose(db: Database, client_id: int) -> int:
    with db.session() as s:
        med = medication.add_medicine(
            s,
            client_id,
            medication.MedicineData(
                name="Paracetamol",
                strength="500 mg",
                dose="2 tablets",
                times=["08:00"],
                start_date=date(2026, 11, 1),
            ),
        )
        return medication.record_dose(
            s,
            medication.DoseData(
                medicine_id=med.id,
                outcome="given",
                scheduled_at=london(2026, 12, 7, 8),
                given_at=london(2026, 12, 7, 8, 10),
            ),
        ).id


def _closed_incident(db: Database, client_id: int) -> int:
    with db.session() as s:
        incident = incidents.record_incident(
            s,
            incidents.IncidentData(
                kind="fall",
                client_id=client_id,
                occurred_at=london(2026, 12, 6, 18),
                description="Found on the bedroom floor, unhurt.",
                harm="none",
            ),
            author="Jo Carer",
        )
        closing.close_incident(s, incident.id, "Bed lowered; sensor mat ordered.", "Barbara Owner")
        return incident.id


@pytest.mark.parametrize(
    ("table", "make"),
    [("daily_note", _note), ("mar_entry", _dose), ("incident", _closed_incident)],
)
def test_database_refuses_update_and_delete(
    db: Database, home: Home, table: str, make: object
) -> None:
    row_id = make(db, home.client())  # type: ignore[operator]
    column = {"daily_note": "text", "mar_entry": "outcome", "incident": "description"}[table]
    with db.engine.connect() as conn:
        before = conn.execute(
            text(f"SELECT {column} FROM {table} WHERE id = :i"), {"i": row_id}
        ).scalar()
    for statement in (
        f"UPDATE {table} SET {column} = 'rewritten' WHERE id = :i",
        f"DELETE FROM {table} WHERE id = :i",
    ):
        with pytest.raises(DatabaseError), db.engine.begin() as conn:
            conn.execute(text(statement), {"i": row_id})
    with db.engine.connect() as conn:
        after = conn.execute(
            text(f"SELECT {column} FROM {table} WHERE id = :i"), {"i": row_id}
        ).scalar()
    assert after == before


def test_open_incident_can_be_corrected_but_closed_one_cannot(db: Database, home: Home) -> None:
    client = home.client()
    with db.session() as s:
        incident = incidents.record_incident(
            s,
            incidents.IncidentData(
                kind="fall",
                client_id=client,
                occurred_at=london(2026, 12, 6, 18),
                description="Fell",
                harm="none",
            ),
            author="Jo",
        )
        data = incidents.IncidentData(
            kind="fall",
            client_id=client,
            occurred_at=london(2026, 12, 6, 18),
            description="Fell in the hallway",
            harm="low",
        )
        incidents.update_incident(s, incident.id, data)
        closing.close_incident(s, incident.id, "Rug removed.", "Barbara")
        incident_id = incident.id
    with db.session() as s, pytest.raises(ConflictError, match="closed"):
        incidents.update_incident(s, incident_id, data)
    with db.session() as s:
        note = incidents.add_incident_note(
            s, incident_id, "GP visited next day: no injury.", "Barbara"
        )
        assert note.kind == "addendum"
        assert s.get(Incident, incident_id).description == "Fell in the hallway"  # type: ignore[union-attr]


def test_orm_write_to_a_closed_incident_is_refused_by_the_database(
    db: Database, home: Home
) -> None:
    incident_id = _closed_incident(db, home.client())
    with pytest.raises(DatabaseError), db.session() as s:
        row = s.get(Incident, incident_id)
        assert row is not None
        row.lessons = "quietly changed"
        s.flush()


def test_note_amendment_keeps_the_original_with_reason_who_and_when(
    db: Database, home: Home
) -> None:
    client = home.client()
    original_id = _note(db, client)
    clock.freeze(datetime(2026, 12, 7, 11, 0))
    people.owner(db, "Barbara Owner")
    with db.session() as s:
        amended = notes.amend_note(
            s,
            original_id,
            "Helped Edna wash; ate half her porridge.",
            "Wrote 'ate porridge' but she left half",
        )
        amended_id = amended.id
    with db.session() as s:
        original = s.get(DailyNote, original_id)
        assert original is not None and original.text == "Helped Edna wash; ate porridge."
        history = notes.note_history(s, amended_id)
        assert [h.id for h in history] == [original_id, amended_id]
        assert history[0].superseded_by == amended_id and history[0].amended
        assert history[1].amend_reason == "Wrote 'ate porridge' but she left half"
        assert history[1].author == "Barbara Owner"
        assert clock.to_local(history[1].recorded_at) == datetime(
            2026, 12, 7, 11, 0, tzinfo=clock.LONDON
        )
        assert clock.to_local(history[0].recorded_at) == datetime(
            2026, 12, 7, 9, 30, tzinfo=clock.LONDON
        )
        # the list shows only the current version, which still knows when the care happened
        current = notes.list_notes(s, client)
        assert [n.id for n in current] == [amended_id]
        assert current[0].occurred_at == london(2026, 12, 7, 8, 45)
        everything = notes.list_notes(s, client, include_superseded=True)
        assert len(everything) == 2


def test_amendment_needs_a_reason_and_must_follow_the_latest_version(
    db: Database, home: Home
) -> None:
    original_id = _note(db, home.client())
    with db.session() as s, pytest.raises(ValidationError) as exc:
        notes.amend_note(s, original_id, "Different text", "  ")
    assert "amend_reason" in exc.value.errors
    with db.session() as s:
        notes.amend_note(s, original_id, "Second version", "typo")
    with db.session() as s, pytest.raises(ConflictError, match="already been amended"):
        notes.amend_note(s, original_id, "Third version", "typo")


def test_mar_correction_is_a_new_entry_and_the_chart_uses_it(db: Database, home: Home) -> None:
    client = home.client()
    entry_id = _dose(db, client)
    people.owner(db, "Barbara Owner")
    with db.session() as s:
        fixed = medication.amend_dose(
            s,
            entry_id,
            medication.DoseData(
                medicine_id=0,
                outcome="refused",
                reason="Said she had taken it already",
                given_at=london(2026, 12, 7, 8, 10),
            ),
            "Recorded as given by mistake",
        )
        fixed_id = fixed.id
    with db.session() as s:
        original = s.get(MarEntry, entry_id)
        assert original is not None and original.outcome == "given"
        slots = dose_slots(s, date(2026, 12, 7), date(2026, 12, 7), client_id=client)
        assert [(x.entry_id, x.outcome) for x in slots] == [(fixed_id, "refused")]
        fixed_row = s.get(MarEntry, fixed_id)
        assert fixed_row is not None
        assert (fixed_row.amends_id, fixed_row.amend_reason, fixed_row.author) == (
            entry_id,
            "Recorded as given by mistake",
            "Barbara Owner",
        )


def test_integrity_check_names_a_note_edited_behind_the_apps_back(db: Database, home: Home) -> None:
    note_id = _note(db, home.client())
    assert check_append_only(db) == []
    with db.engine.begin() as conn:
        for statement in drop_statements("daily_note", db.engine.dialect.name):
            conn.execute(text(statement))
        conn.execute(
            text("UPDATE daily_note SET text = 'nothing happened' WHERE id = :i"), {"i": note_id}
        )
    findings = [f.message for f in check_append_only(db)]
    assert findings == [f"daily note row {note_id} was changed outside microoffice: text"]


def test_integrity_check_names_a_note_deleted_behind_the_apps_back(
    db: Database, home: Home
) -> None:
    client = home.client()
    kept, deleted = _note(db, client), _note(db, client)
    with db.engine.begin() as conn:
        for statement in drop_statements("daily_note", db.engine.dialect.name):
            conn.execute(text(statement))
        conn.execute(text("DELETE FROM daily_note WHERE id = :i"), {"i": deleted})
    findings = [f.message for f in check_append_only(db)]
    assert findings == [
        f"daily note row {deleted} was removed outside microoffice (the audit log never recorded "
        "that)"
    ]
    assert kept != deleted


def test_closing_needs_lessons_and_every_notification_settled(db: Database, home: Home) -> None:
    client = home.client()
    with db.session() as s:
        incident = incidents.record_incident(
            s,
            incidents.IncidentData(
                kind="safeguarding",
                client_id=client,
                occurred_at=london(2026, 12, 7, 8),
                description="Edna says her nephew took £200 from her purse.",
                answers={"category": "financial"},
            ),
            author="Jo",
        )
        incident_id = incident.id
    with db.session() as s, pytest.raises(ValidationError) as exc:
        closing.close_incident(s, incident_id, "", "Barbara")
    assert set(exc.value.errors) == {"lessons", "notifications"}
    assert "Safeguarding concern to the council" in exc.value.errors["notifications"]
    with db.session() as s:
        log_notification(s, incident_id, "LA_SAFEGUARDING", "Barbara Owner", reference="SG-1234")
        log_notification(s, incident_id, "CQC_ABUSE", "Barbara Owner", reference="CQC-99")
        closing.close_incident(
            s, incident_id, "Money kept in a locked box; family meeting held.", "Barbara"
        )
    with db.session() as s:
        closed = s.get(Incident, incident_id)
        assert closed is not None and closed.closed_at == clock.now()
