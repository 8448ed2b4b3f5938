"""What a write changed is read back from the audit log it wrote (core/changes.py): the window's
runner announces exactly that, so a page refreshes when its data was written and only then."""

from __future__ import annotations

from datetime import date

import pytest

from microoffice.core.changes import AREAS, EVERYTHING, NOTHING, Changes, Watch, of_tables
from microoffice.core.db.base import Base
from microoffice.core.db.database import Database
from microoffice.core.importing import guess_mapping, import_sheet, read_text
from microoffice.core.models import load_all
from microoffice.core.scheduling import visits
from microoffice.core.services import clients, staff
from tests.core.billing import helpers as h


def changes_of(db: Database, work: object) -> Changes:
    with db.session() as s:
        watch = Watch(s)
        work(s)  # type: ignore[operator]
        return watch.changes(s)


def test_every_table_belongs_to_an_area_and_every_area_names_a_table() -> None:
    load_all()
    tables = set(Base.metadata.tables) - {"audit_log"}
    assert set(AREAS) == tables, "a new table must say which screens show it (core/changes.py)"
    assert all(AREAS.values()), "every table refreshes at least one area"


def test_a_client_saved_is_a_clients_change(db: Database) -> None:
    found = changes_of(
        db, lambda s: clients.create_client(s, clients.ClientData(first_name="A", last_name="B"))
    )
    assert found == Changes(clients=True)


def test_reading_changes_nothing(db: Database) -> None:
    with db.session() as s:
        clients.create_client(s, clients.ClientData(first_name="A", last_name="B"))
    assert changes_of(db, lambda s: clients.list_clients(s)) == NOTHING
    assert not NOTHING


def test_a_carer_put_on_a_visit_is_a_visits_change(db: Database) -> None:
    """The visit's staff are a link table written outside the ORM; its audit entry still counts."""
    with db.session() as s:
        client = h.add_client(s, "Ann", "Lee")
        visit = h.add_visit(s, client, date(2026, 12, 8), "09:00", "10:00", status="planned")
        worker = staff.create_staff(s, staff.StaffData(first_name="Bo", last_name="Ray"))
        visit_id, worker_id = visit.id, worker.id
    found = changes_of(db, lambda s: visits.assign_staff(s, visit_id, [worker_id]))
    assert found == Changes(visits=True)


def test_a_bulk_import_is_seen_through_its_own_audit_entry(db: Database) -> None:
    sheet = read_text("First name,Last name\nAnn,Lee\nBo,Ray\n")
    found = changes_of(
        db, lambda s: import_sheet(s, sheet, guess_mapping(sheet.headers, "clients"), "clients")
    )
    assert found.clients and not found.visits and not found.invoices


@pytest.mark.parametrize(
    ("tables", "expected"),
    [
        (set(), NOTHING),
        ({"rate_card"}, Changes(clients=True, invoices=True)),
        ({"client", "payment"}, Changes(clients=True, invoices=True)),
        ({"a_table_from_a_newer_version"}, EVERYTHING),  # unknown: refresh everything, safely
    ],
)
def test_tables_map_to_areas(tables: set[str], expected: Changes) -> None:
    assert of_tables(tables) == expected


def test_changes_say_what_they_touch_and_combine() -> None:
    assert Changes(clients=True).touches(Changes(clients=True, staff=True))
    assert not Changes(invoices=True).touches(Changes(clients=True, staff=True))
    assert Changes(clients=True) | Changes(staff=True) == Changes(clients=True, staff=True)


def test_the_mark_is_taken_when_the_work_first_touches_the_file(db: Database) -> None:
    """Work that prepares before its first query holds no transaction meanwhile, and what other
    windows wrote in that time is not counted as its own."""
    with db.session() as s:
        watch = Watch(s)
        with db.session() as elsewhere:  # another window saves while this work still prepares
            clients.create_client(elsewhere, clients.ClientData(first_name="A", last_name="B"))
        staff.create_staff(s, staff.StaffData(first_name="Bo", last_name="Ray"))
        assert watch.changes(s) == Changes(staff=True)


def test_work_that_never_touches_the_file_changed_nothing(db: Database) -> None:
    with db.session() as s:
        assert Watch(s).changes(s) == NOTHING
