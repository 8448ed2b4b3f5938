"""Signed records: the audit trail names the person; a note keeps who gave the care and who wrote
it; MAR initials are the giver's; rows from before sign-in say so; `check` stays clean; an export
carries the people to the next office."""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from microoffice.core import clock
from microoffice.core.db.database import open_database
from microoffice.core.errors import SignInError, ValidationError
from microoffice.core.models import AuditLog
from microoffice.core.models.records import DailyNote
from microoffice.core.people import signin
from microoffice.core.people.signed import (
    BEFORE_SIGN_IN,
    actor_name,
    actor_person_id,
    author_name,
    written_by,
)
from microoffice.core.records import medication as med
from microoffice.core.records import notes
from microoffice.core.reports import mar_chart
from microoffice.core.services.integrity import check_database
from microoffice.core.services.transfer import export_json, import_json_file
from tests import people_helpers as helpers
from tests.core.care_home import london
from tests.core.people.conftest import DAY, NAMES, Office, at


def _entries(office: Office, entity: str) -> list[AuditLog]:
    with office.db.session(reading=True) as s:
        return list(
            s.scalars(select(AuditLog).where(AuditLog.entity == entity).order_by(AuditLog.id))
        )


def test_audit_rows_name_the_signed_in_person(office: Office) -> None:
    anna = office.who["carer"]
    with office.signed(NAMES["carer"]) as db, db.session() as s:
        notes.write_note(
            s, notes.NoteData(client_id=office.edna, visit_id=office.anna_visit, text="Tea.")
        )
    (entry,) = _entries(office, "daily_note")
    assert entry.actor == f"person:{anna.person_id} Anna Lee"
    assert actor_person_id(entry.actor) == anna.person_id
    assert actor_name(entry.actor) == "Anna Lee"
    people_rows = _entries(office, "person")
    owner = office.who["owner"]
    # the owner was added by the sole trader (nobody signed in yet), the rest by the owner
    assert people_rows[0].actor == "owner:Barbara Whitmore"
    assert {e.actor for e in people_rows[1:4]} == {f"person:{owner.person_id} Barbara Whitmore"}


def test_a_note_typed_up_by_the_owner_for_a_carer_shows_both(office: Office) -> None:
    """Anna's paper visit sheet from Monday, typed in by Barbara on Wednesday."""
    clock.freeze(datetime(2026, 12, 9, 9, 0))  # Wednesday morning, London time
    with (
        office.signed(NAMES["owner"]) as db,
        db.session() as s,
        pytest.raises(ValidationError, match="say why it is late"),
    ):
        notes.write_note(
            s, notes.NoteData(client_id=office.edna, visit_id=office.anna_visit, text="Tea.")
        )
    with office.signed(NAMES["owner"]) as db, db.session() as s:
        note = notes.write_note(
            s,
            notes.NoteData(
                client_id=office.edna,
                visit_id=office.anna_visit,
                text="Washed and dressed; ate porridge.",
                late_reason="Typed up from Anna's paper visit sheet",
            ),
        )
        assert (note.staff_id, note.author, note.on_behalf_of) == (
            office.anna_staff,
            "Barbara Whitmore",
            "Anna Lee",
        )
        (view,) = notes.note_history(s, note.id)
    assert view.written_by == "written by Barbara Whitmore on behalf of Anna Lee"
    assert view.late and view.late_reason == "Typed up from Anna's paper visit sheet"
    (entry,) = _entries(office, "daily_note")
    assert actor_name(entry.actor) == "Barbara Whitmore"
    assert entry.changes["on_behalf_of"] == "Anna Lee"


def test_mar_initials_are_the_givers(office: Office) -> None:
    with office.db.session() as s:
        medicine = med.add_medicine(
            s,
            office.edna,
            med.MedicineData(
                name="Amlodipine", dose="1 tablet", times=["08:00"], start_date=date(2026, 12, 1)
            ),
        ).id
    with office.signed(NAMES["carer"]) as db, db.session() as s:  # Anna gives her own dose
        med.record_dose(
            s,
            med.DoseData(
                medicine_id=medicine, outcome="given", scheduled_at=london(2026, 12, 7, 8)
            ),
        )
    with office.signed(NAMES["owner"]) as db, db.session() as s:  # Barbara types in Anna's
        entry = med.record_dose(
            s,
            med.DoseData(
                medicine_id=medicine,
                outcome="given",
                scheduled_at=london(2026, 12, 6, 8),
                staff_id=office.anna_staff,
            ),
        )
        assert (entry.author, entry.on_behalf_of) == ("Barbara Whitmore", "Anna Lee")
        chart = mar_chart.collect(s, office.edna, date(2026, 12, 1))
    (row,) = chart.rows
    assert row.cells[5] == "G\nAL" and row.cells[6] == "G\nAL"


def test_a_carer_cannot_sign_a_dose_as_given_by_someone_else(office: Office) -> None:
    from microoffice.core.errors import NotAllowedError

    with office.db.session() as s:
        medicine = med.add_medicine(
            s,
            office.edna,
            med.MedicineData(
                name="Amlodipine", dose="1 tablet", times=["08:00"], start_date=date(2026, 12, 1)
            ),
        ).id
    with office.signed(NAMES["carer"]) as db, db.session() as s, pytest.raises(NotAllowedError):
        med.record_dose(
            s,
            med.DoseData(
                medicine_id=medicine,
                outcome="given",
                scheduled_at=london(2026, 12, 7, 8),
                staff_id=office.jo_staff,
            ),
        )


def test_rows_from_before_sign_in_say_so(office: Office) -> None:
    old_id = helpers.old_note(office.db, office.edna, at(8))
    with office.db.session() as s:
        (view,) = notes.note_history(s, old_id)
    assert view.written_by == f"written {BEFORE_SIGN_IN}"
    assert [actor_name(a) for a in ("app", "cli", "")] == [BEFORE_SIGN_IN] * 3
    assert author_name("cli") == BEFORE_SIGN_IN and author_name("Anna Lee") == "Anna Lee"
    assert written_by("Anna Lee") == "written by Anna Lee"
    assert actor_name("owner:Barbara Whitmore") == "Barbara Whitmore"
    assert actor_name("demo") == "the demo"


def test_once_people_sign_in_no_caller_signs_a_write_with_a_name_of_its_choosing(
    office: Office,
) -> None:
    with office.db.session(actor="cli") as s:  # an old caller's name: the person signs it
        notes.write_note(s, notes.NoteData(client_id=office.edna, text="Tea at ten."))
    (entry,) = _entries(office, "daily_note")
    assert entry.actor == f"person:{office.who['owner'].person_id} Barbara Whitmore"
    office.db.signed = None
    if office.db.engine.dialect.name == "postgresql":
        # on a server the office's owner login has signed in already (the server checked its
        # password): it acts as the owner, and the write is signed by the owner, not "someone"
        with office.db.session(actor="someone") as s:
            s.add(DailyNote(client_id=office.edna, occurred_at=at(9), text="x", author="x"))
        entries = _entries(office, "daily_note")
        assert len(entries) == 2 and entries[-1].actor.startswith("owner:")
        return
    with pytest.raises(SignInError), office.db.session(actor="someone") as s:
        s.add(DailyNote(client_id=office.edna, occurred_at=at(9), text="x", author="x"))
    assert len(_entries(office, "daily_note")) == 1


def test_check_is_clean_after_a_team_works_and_signs_in(office: Office) -> None:
    for _ in range(4):  # wrong tries are written (and audited) too
        with pytest.raises(SignInError):
            signin.sign_in(office.db, NAMES["carer"], "000000")
    with office.signed(NAMES["owner"]) as db:
        with db.session() as s:
            from microoffice.core.people import services as people

            anna = people.find_person(s, NAMES["carer"])
            assert anna is not None
            people.reset_secret(s, anna.id, "135791")
            people.change_person(s, anna.id, "carer", office.anna_staff)
        assert check_database(db) == []


def test_an_export_carries_the_people_and_the_new_office_asks_them_to_sign_in(
    office: Office, tmp_path: Path
) -> None:
    out = io.StringIO()
    with office.signed(NAMES["owner"]) as db:
        export_json(db, out)
    exported = json.loads(out.getvalue())
    columns = exported["tables"]["person"]["columns"]
    names = [row[columns.index("name")] for row in exported["tables"]["person"]["rows"]]
    assert sorted(names) == sorted(NAMES.values())
    hashes = [row[columns.index("secret_hash")] for row in exported["tables"]["person"]["rows"]]
    assert all(h.startswith("scrypt$") for h in hashes) and helpers.PIN not in out.getvalue()
    source = tmp_path / "office.json"
    source.write_text(out.getvalue(), encoding="utf-8")
    target = tmp_path / "moved.sqlite"
    import_json_file(source, str(target))
    moved = open_database(str(target))
    try:
        assert signin.resolve(moved) is None  # nobody acts until somebody signs in
        assert signin.sign_in(moved, NAMES["carer"], helpers.PIN).name == "Anna Lee"
        moved.signed = signin.sign_in(moved, NAMES["owner"], helpers.PIN)
        assert check_database(moved) == []
        again = io.StringIO()
        export_json(moved, again)
        assert again.getvalue() == out.getvalue()
    finally:
        moved.close()


def test_the_today_overview_shows_each_role_only_its_part(office: Office) -> None:
    from microoffice.core.scheduling import today

    with office.signed(NAMES["carer"]) as db, db.session() as s:
        carer = today.overview(s)
    with office.signed(NAMES["manager"]) as db, db.session() as s:
        manager = today.overview(s)
    assert (carer.business_name, carer.active_clients, carer.active_staff) == (
        "Whitmore Care",
        1,
        None,
    )
    assert (manager.active_clients, manager.active_staff, manager.day) == (2, 2, DAY)


def test_an_export_with_a_role_nobody_has_is_refused_whole(office: Office, tmp_path: Path) -> None:
    from microoffice.core.services.transfer import ImportFileError

    out = io.StringIO()
    with office.signed(NAMES["owner"]) as db:
        export_json(db, out)
    data = json.loads(out.getvalue())
    person = data["tables"]["person"]
    person["rows"][0][person["columns"].index("role")] = "superuser"
    source = tmp_path / "edited.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ImportFileError, match="person"):
        import_json_file(source, str(tmp_path / "new.sqlite"))
    assert not (tmp_path / "new.sqlite").exists()
