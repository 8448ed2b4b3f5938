"""No false alarms: an office used only through microoffice checks clean (issue 13).

`check` replays the audit log and compares every audited table with it, so every way the program
writes must leave an entry the replay understands: updates, deletes, voids, payments, staff and
availability changes, an export/import round trip, an upgrade from an old file, a restore.
These run on PostgreSQL too in CI (the `db` fixture), except what is about files.
"""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime, time
from pathlib import Path

import pytest
from sqlalchemy import select

from microoffice.cli import main
from microoffice.core import clock
from microoffice.core.billing import credit, issue, payments
from microoffice.core.db.database import Database, open_database
from microoffice.core.models.billing import PaymentAllocation
from microoffice.core.scheduling import pauses
from microoffice.core.services import clients, staff
from microoffice.core.services.backups import create_backup, restore_backup
from microoffice.core.services.integrity import check_database, run_check
from microoffice.core.services.transfer import export_data, import_json_file
from tests.core.billing import helpers as h

FIXTURES = Path(__file__).parents[1] / "fixtures"
DEC1, DEC31 = date(2026, 12, 1), date(2026, 12, 31)


def _use(db: Database) -> None:
    """A month of ordinary office work, each step through the services."""
    with db.session() as s:
        h.set_up_business(s)
        ann = h.add_client(s, "Ann", "Smith")
        bob = h.add_client(s, "Bob", "Jones")
        for person in (ann, bob):
            h.self_funded(s, person)
            h.add_card(s, person)
        carer = h.staff_member(s)
        for day in (1, 2, 3):
            h.add_visit(s, ann, date(2026, 12, day), "09:00", "10:00", staff=[carer])
            h.add_visit(s, bob, date(2026, 12, day), "11:00", "11:30", staff=[carer])
        staff.set_availability(s, carer.id, [(0, time(8), time(17)), (1, time(8), time(12))])
        pause = pauses.add_pause(s, bob.id, date(2027, 2, 1), date(2027, 2, 7))
        ann_id, bob_id, carer_id, pause_id = ann.id, bob.id, carer.id, pause.id
    with clock.frozen(datetime(2027, 1, 10, 10, 0)), db.session() as s:
        run = issue.issue_run(s, DEC1, DEC31, on=date(2027, 1, 4))
        first, second = (i.invoice_id for i in run.issued)
        data = payments.PaymentData(
            received_on=date(2027, 1, 6), amount="20.00", payer_name="Mrs Ann Smith"
        )
        paid = payments.record_payment(s, data, invoice_id=first)
        allocation = s.scalar(
            select(PaymentAllocation.id).where(PaymentAllocation.payment_id == paid.id)
        )
        credit.void_invoice(s, second, "Wrong rate card used")
    with db.session() as s:
        client = clients.get_client(s, ann_id)
        changed = clients.ClientData.from_client(client)
        changed.phone, changed.town = "0121 496 0000", "Solihull"
        clients.update_client(s, ann_id, changed)
        staff.set_availability(s, carer_id, [(2, time(9), time(15))])  # replaces both windows
        pauses.remove_pause(s, pause_id)
        clients.archive_client(s, bob_id, "Moved away")
    assert allocation is not None
    with db.session() as s:
        payments.unallocate(s, allocation)


def test_an_office_used_through_the_services_checks_clean(db: Database) -> None:
    assert check_database(db) == []
    _use(db)
    assert check_database(db) == []


def test_spreadsheet_imports_then_edits_check_clean(db: Database) -> None:
    """An import is audited as one entry holding a table of the rows it wrote (as SQLite stores
    them, or as JSON on PostgreSQL); the replay reads both."""
    from microoffice.core.importing import guess_mapping, import_sheet, read_text

    people = read_text(
        "Title,Forename,Surname,DOB,Address,Town,Post Code\n"
        "Mrs,Joan,Hughes,03/04/1938,12 Oak Road,Birmingham,b13 9pl\n"
        "Mr,Peter,Okafor,21/02/1941,4 Mill Lane,Solihull,B91 3QB\n"
    )
    team = read_text(
        "Name,Job title,Contract,Hours,Pay,Car,Started\n"
        "Kelly Marsh,Carer,Zero hours,,£12.60,no,14/06/2024\n"
        "Dev Patel,Senior,Permanent,37.5,13.05,Y,\n"
    )
    with db.session() as s:
        imported = import_sheet(s, people, guess_mapping(people.headers, "clients"), "clients")
        import_sheet(s, team, guess_mapping(team.headers, "staff"), "staff")
    assert check_database(db) == []
    with db.session() as s:
        changed = clients.ClientData.from_client(clients.get_client(s, imported.ids[0]))
        changed.postcode = "B13 9PL"
        clients.update_client(s, imported.ids[0], changed)
    assert check_database(db) == []


def test_the_command_says_ok_after_normal_use(
    file_db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _use(file_db)
    create_backup(file_db)
    file_db.close()
    assert main(["check", "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK: file sound, schema current, audit trail and records intact.")
    assert "History anchored up to entry" in out


def test_an_export_imported_into_a_new_file_checks_clean(db: Database, tmp_path: Path) -> None:
    _use(db)
    source = tmp_path / "office.json"
    source.write_text(json.dumps(export_data(db)), encoding="utf-8")
    target = tmp_path / "imported.sqlite"
    import_json_file(source, str(target))
    assert main(["check", "--db", str(target)]) == 0
    copy = open_database(str(target))
    try:
        assert check_database(copy) == []
    finally:
        copy.close()


def test_an_old_file_upgrades_and_checks_clean_naming_its_baseline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The 0001 fixture holds a client an old version wrote with no audit entry: the upgrade
    records it once as it stands (a baseline), check says so, and is clean."""
    old = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "db-0001_initial.sqlite", old)
    assert main(["check", "--db", str(old)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK: ")
    assert "is an upgrade's baseline: 1 client row(s) the log before it did not explain" in out
    database = open_database(str(old))
    try:
        with database.session() as s:  # and it keeps checking clean as it is used
            client = clients.get_client(s, 1)
            changed = clients.ClientData.from_client(client)
            changed.last_name = "Upgraded"
            clients.update_client(s, 1, changed)
        assert check_database(database) == []
    finally:
        database.close()
    import sqlite3

    conn = sqlite3.connect(old)
    conn.execute("UPDATE client SET first_name = 'Ada' WHERE id = 1")  # then outside the app
    conn.commit()
    conn.close()
    assert main(["check", "--db", str(old)]) == 1
    assert "client row 1 was changed outside microoffice: first name" in capsys.readouterr().out


def test_a_restore_to_an_older_backup_is_not_read_as_a_rewrite(
    file_db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _use(file_db)
    older = create_backup(file_db, tag="daily")
    with clock.frozen(datetime(2027, 1, 12, 9, 0)), file_db.session() as s:
        client = clients.get_client(s, 1)
        changed = clients.ClientData.from_client(client)
        changed.notes = "Prefers mornings."
        clients.update_client(s, 1, changed)
    with clock.frozen(datetime(2027, 1, 12, 10, 0)):
        create_backup(file_db, tag="daily")  # this one saw the entries the restore sets aside
    file_db.close()
    with clock.frozen(datetime(2027, 1, 13, 9, 0)):
        restore_backup(older, db_path)
        again = open_database(str(db_path))
        with again.session() as s:  # new work after the restore takes the same entry numbers
            client = clients.get_client(s, 2)
            changed = clients.ClientData.from_client(client)
            changed.notes = "Daughter visits on Sundays."
            clients.update_client(s, 2, changed)
        report = run_check(again)
        again.close()
    assert report.findings == []
    assert any("a restore on 13/01/2027 went back to entry" in note for note in report.notes)
    assert main(["check", "--db", str(db_path)]) == 0
    capsys.readouterr()
