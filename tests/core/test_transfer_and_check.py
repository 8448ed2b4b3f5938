from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest

from microoffice.core.db.database import Database, open_database
from microoffice.core.models.records import DailyNote
from microoffice.core.models.staff import StaffAvailability
from microoffice.core.services import business, clients, contacts, funding, staff
from microoffice.core.services.integrity import check_database
from microoffice.core.services.transfer import (
    ImportFileError,
    export_data,
    import_json_file,
)


def _fill(db: Database) -> None:
    with db.session() as s:
        c = clients.create_client(
            s,
            clients.ClientData(
                first_name="Zoë",
                last_name="O'Brien",
                postcode="B15 2TT",
                date_of_birth=date(1938, 2, 3),
                nhs_number="9434765919",
            ),
        )
        lpa = contacts.add_contact(
            s,
            c.id,
            contacts.ContactData(
                kind="lpa_finance", name="Sam O'Brien", document_checked_on=date(2026, 3, 1)
            ),
        )
        funding.add_funding(
            s,
            c.id,
            funding.FundingData(
                funding_type="THIRD", payer_contact_id=lpa.id, service_types=["personal_care"]
            ),
        )
        st = staff.create_staff(s, staff.StaffData(first_name="Barbara", last_name="Hughes"))
        s.add(StaffAvailability(staff_id=st.id, weekday=0, start_time=time(8), end_time=time(17)))
        s.add(
            DailyNote(
                client_id=c.id,
                occurred_at=datetime(2026, 12, 7, 9, tzinfo=UTC),
                text="Ate well; cheerful.",
            )
        )
        business.set_logo(s, b"\x89PNG\r\n\x1a\nfake", "image/png")


def test_export_import_export_is_identical(db: Database, tmp_path: Path) -> None:
    _fill(db)
    first = export_data(db)
    src = tmp_path / "a.json"
    src.write_text(json.dumps(first), encoding="utf-8")
    counts = import_json_file(src, str(tmp_path / "copy.sqlite"))
    assert counts["client"] == 1 and counts["daily_note"] == 1
    copy = open_database(str(tmp_path / "copy.sqlite"))
    second = export_data(copy)
    assert json.dumps(second, sort_keys=True) == json.dumps(first, sort_keys=True)
    assert check_database(copy) == []
    copy.close()


def _set(data: dict, table: str, column: str, value: object) -> None:
    section = data["tables"][table]
    section["rows"][0][section["columns"].index(column)] = value


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(format="something-else"), "not a microoffice export"),
        (lambda d: d.update(schema_revision="0000_old"), "different version"),
        (lambda d: _set(d, "client", "last_name", None), "value is required"),
        (lambda d: _set(d, "client", "id", "x"), "whole number"),
        (lambda d: _set(d, "client", "date_of_birth", "31/02/1938"), "client, row 1, column date"),
        (lambda d: _set(d, "client", "postcode", "B" * 11), "at most 10 characters"),
        (lambda d: d["tables"]["client"].update(columns=["id", "bogus"]), "unknown columns"),
        (lambda d: d["tables"].update(martians={"columns": [], "rows": []}), "does not know"),
        (lambda d: _set(d, "contact", "client_id", 999), "points at a client"),
    ],
)
def test_malformed_import_is_refused_and_leaves_nothing(
    db: Database,
    tmp_path: Path,
    mutate,
    message: str,  # type: ignore[no-untyped-def]
) -> None:
    _fill(db)
    data = export_data(db)
    mutate(data)
    src = tmp_path / "bad.json"
    src.write_text(json.dumps(data), encoding="utf-8")
    target = tmp_path / "never.sqlite"
    with pytest.raises(ImportFileError, match=message):
        import_json_file(src, str(target))
    assert not target.exists()


def test_import_refuses_existing_file(file_db: Database, db_path: Path, tmp_path: Path) -> None:
    _fill(file_db)
    src = tmp_path / "a.json"
    src.write_text(json.dumps(export_data(file_db)), encoding="utf-8")
    before = db_path.read_bytes()
    with pytest.raises(ImportFileError, match="already exists"):
        import_json_file(src, str(db_path))
    assert db_path.read_bytes() == before


def test_not_json_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "bad.json"
    src.write_text("{ this is not json", encoding="utf-8")
    with pytest.raises(ImportFileError, match="not valid JSON"):
        import_json_file(src, str(tmp_path / "x.sqlite"))


def _tamper(db_path: Path, *statements: str) -> None:
    conn = sqlite3.connect(db_path)
    for table in ("audit_log", "daily_note"):
        conn.execute(f"DROP TRIGGER IF EXISTS trg_{table}_no_update")
        conn.execute(f"DROP TRIGGER IF EXISTS trg_{table}_no_delete")
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()


def test_check_names_tampered_audit_row_and_daily_note(file_db: Database, db_path: Path) -> None:
    _fill(file_db)
    assert check_database(file_db) == []
    file_db.close()
    _tamper(
        db_path,
        "UPDATE audit_log SET actor = 'someone else' WHERE id = 3",
        "UPDATE daily_note SET text = 'Refused food.' WHERE id = 1",
    )
    reopened = open_database(str(db_path))
    messages = [f.message for f in check_database(reopened)]
    reopened.close()
    assert "audit log row 3 was changed after it was written" in messages
    assert "daily note row 1 was changed outside microoffice: text" in messages


def test_check_notices_removed_audit_rows(file_db: Database, db_path: Path) -> None:
    _fill(file_db)
    file_db.close()
    _tamper(db_path, "DELETE FROM audit_log WHERE id = 2")
    reopened = open_database(str(db_path))
    messages = [f.message for f in check_database(reopened)]
    reopened.close()
    assert "audit log rows 2-2 are missing" in messages


def test_import_into_server_database_then_keep_adding(db: Database, tmp_path: Path) -> None:
    """Import works into whatever backend `db` is (PostgreSQL in CI) and new rows get fresh ids."""
    source = open_database(str(tmp_path / "src.sqlite"))
    _fill(source)
    data = export_data(source)
    source.close()
    with db.engine.begin() as conn:  # the fixture database is fresh but seeded: empty it
        from sqlalchemy import text as sql

        for table in ("audit_log", "reference_value"):
            if conn.dialect.name == "sqlite":
                conn.execute(sql(f"DROP TRIGGER IF EXISTS trg_{table}_no_delete"))
            else:
                conn.execute(sql(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
            conn.execute(sql(f"DELETE FROM {table}"))
    from microoffice.core.services.transfer import import_data

    import_data(db, data)
    with db.session() as s:
        new = clients.create_client(s, clients.ClientData(first_name="New", last_name="Person"))
        assert new.id == 2
        assert [r.name for r in clients.list_clients(s)] == ["Zoë O'Brien", "New Person"]
