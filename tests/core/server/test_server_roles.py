"""Each person's own server login holds only their role's rights, enforced by PostgreSQL itself
(grants and row-level security, core/db/server_roles.py): Must show 3's carer refused the
invoice table in psql, and the rest of issue 15's "a team on a server".

One office (Barbara's demo moved onto the server) serves the tests that only read; Carol is a
carer on one client's visit plan, Dan a carer with no visits, Bob the bookkeeper, Mia a manager.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text

from microoffice.core import clock
from microoffice.core.db.engine import make_engine
from microoffice.core.db.server_roles import apply_server_security, create_login, drop_login
from microoffice.core.errors import (
    NotAllowedError,
    NotAllowedOnServerError,
    NotFoundError,
    UserError,
)
from microoffice.core.models.people import Person
from microoffice.core.scheduling.today import complete_visit, day_visits
from microoffice.core.scheduling.visits import write_plan_staff
from microoffice.core.services import clients, staff
from microoffice.core.services.integrity import run_check
from microoffice.core.services.server_office import setup_server_office
from microoffice.core.services.transfer import ImportFileError, import_data
from tests.conftest import FROZEN_AT
from tests.core.server.conftest import (
    OWNER_PASSWORD,
    Office,
    add_person,
    drop_office,
    needs_postgres,
)

pytestmark = needs_postgres()
CAROLS_PLAN = 3  # the demo's 08:30 plan for client 2: Carol takes it over
CAROLS_CLIENT = 2
MONEY = (
    "invoice",
    "invoice_line",
    "invoice_document",
    "payment",
    "payment_allocation",
    "rate_card",
    "funding_arrangement",  # a carer reads only how their clients are funded, not the terms
    "fee_statement",
    "number_series",
)
CARE = ("daily_note", "care_plan", "risk_assessment", "medicine", "mar_entry", "incident",
        "body_map_mark", "consent_record", "outcome_goal")  # fmt: skip


def _team(office: Office) -> dict[str, int]:
    """Carol and Dan join the staff (through the core, as the owner), Carol on one plan."""
    database = office.open()
    try:
        with database.session(actor="Barbara Whitmore") as s:
            carol = staff.create_staff(s, staff.StaffData(first_name="Carol", last_name="Jones"))
            dan = staff.create_staff(s, staff.StaffData(first_name="Dan", last_name="Okafor"))
            write_plan_staff(s, CAROLS_PLAN, [carol.id])
            ids = {"carol": carol.id, "dan": dan.id}
    finally:
        database.close()
    add_person(office, "Carol Jones", "carer", ids["carol"], "carol", "carol-pass-1")
    add_person(office, "Dan Okafor", "carer", ids["dan"], "dan", "dan-pass-12")
    add_person(office, "Bob Ledger", "bookkeeper", None, "bob", "bob-pass-12")
    add_person(office, "Mia Reid", "manager", None, "mia", "mia-pass-12")
    return ids


@pytest.fixture(scope="module")
def team(demo_export: Path) -> Iterator[tuple[Office, dict[str, int]]]:
    import os
    import uuid

    office = Office(f"srv_{uuid.uuid4().hex[:10]}", os.environ["MICROOFFICE_TEST_PG"])
    try:
        with clock.frozen(FROZEN_AT):
            setup_server_office(
                office.address(), OWNER_PASSWORD, office.admin_url, source=demo_export
            )
            ids = _team(office)
        yield office, ids
    finally:
        drop_office(office.name)


def _login(office: Office, who: str) -> str:
    return office.owner if who == "owner" else office.login(who)


def rows(office: Office, who: str, sql: str) -> list[str]:
    """What `psql -c SQL` prints for that person's own login, word by word."""
    done = office.psql(_login(office, who), sql)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def refused(office: Office, who: str, sql: str) -> str:
    done = office.psql(_login(office, who), sql)
    assert done.returncode != 0, f"{who} was allowed: {sql}"
    return done.stderr


def test_a_carers_own_login_is_refused_the_invoice_table_by_the_database(
    team: tuple[Office, dict[str, int]],
) -> None:
    office, _ = team
    assert "permission denied for table invoice" in refused(
        office, "carol", "select * from invoice"
    )
    for table in MONEY:
        assert f"permission denied for table {table}" in refused(
            office, "carol", f"select * from {table}"
        )
    assert "permission denied for table funding_arrangement" in refused(
        office, "carol", "select council_reference, purchase_order from funding_arrangement"
    )
    assert "permission denied for table business" in refused(
        office, "carol", "select bank_account_number, bank_sort_code from business"
    )
    assert rows(office, "carol", "select legal_name from business") == ["Barbara", "Whitmore"]
    assert "permission denied" in refused(office, "carol", "select changes from audit_log")
    # the owner's login reads the same tables
    assert rows(office, "owner", "select count(*) from business") == ["1"]
    assert len(rows(office, "owner", "select count(*) from invoice")) == 1


def test_a_carer_reads_only_the_clients_they_visit(team: tuple[Office, dict[str, int]]) -> None:
    office, ids = team
    assert rows(office, "carol", "select id from client order by id") == [str(CAROLS_CLIENT)]
    for table in ("daily_note", "care_plan", "risk_assessment", "medicine", "contact", "visit"):
        seen = rows(office, "carol", f"select distinct client_id from {table}")
        assert seen in ([str(CAROLS_CLIENT)], []), table
    assert rows(office, "carol", "select distinct client_id from daily_note") == ["2"]
    assert rows(office, "owner", "select count(*) from client") == ["14"]
    assert rows(office, "carol", "select id from staff") == [str(ids["carol"])]
    assert rows(office, "carol", "select count(*) from person") == ["1"]
    assert rows(office, "dan", "select count(*) from client") == ["0"]
    assert rows(office, "dan", "select count(*) from daily_note") == ["0"]

    database = office.open(office.login("carol"))
    try:
        with database.session(actor="Carol Jones", reading=True) as s:
            listed = clients.list_clients(s)
            assert [c.id for c in listed] == [CAROLS_CLIENT]
            with pytest.raises((NotFoundError, NotAllowedError)):
                clients.get_client(s, 1)  # Barbara's other clients are not Carol's to see
    finally:
        database.close()


def test_a_carer_records_their_own_visit_and_nobody_elses(
    team: tuple[Office, dict[str, int]],
) -> None:
    office, ids = team
    database = office.open(office.login("carol"))
    try:
        with clock.frozen(FROZEN_AT), database.session(actor="Carol Jones") as s:
            mine = day_visits(s, date(2026, 12, 7), staff_id=ids["carol"])
            assert [v.occurrence.client_id for v in mine] == [CAROLS_CLIENT]
            visit = complete_visit(s, mine[0].occurrence, note="Breakfast, tablets, cheerful.")
            visit_id = visit.id
    finally:
        database.close()
    assert rows(
        office, "carol", f"select staff_id from daily_note where visit_id = {visit_id}"
    ) == [str(ids["carol"])]
    stderr = refused(
        office,
        "carol",
        "insert into daily_note (client_id, occurred_at, text, author, amend_reason, late_reason,"
        " created_at) values (1, now(), 'x', 'Carol', '', '', now())",
    )
    assert "row-level security" in stderr
    signed_by_barbara = refused(
        office,
        "carol",
        "insert into daily_note (client_id, staff_id, occurred_at, text, author, amend_reason, "
        f"late_reason, created_at) values ({CAROLS_CLIENT}, 1, now(), 'x', 'Carol', '', '', now())",
    )
    assert "row-level security" in signed_by_barbara  # her notes are signed as herself
    database = office.open(office.login("carol"))
    try:  # a save the database refuses leaves the audit trail as it was
        with (  # refused by the program's own rights first, and by the server's anyway
            pytest.raises((NotAllowedOnServerError, NotAllowedError)),
            database.session(actor="Carol Jones") as s,
        ):
            clients.create_client(s, clients.ClientData(first_name="New", last_name="Client"))
    finally:
        database.close()
    before = rows(office, "owner", "select count(*) from visit_staff")
    assert office.psql(office.login("carol"), "delete from visit_staff").returncode == 0
    assert rows(office, "owner", "select count(*) from visit_staff") == before  # none went
    owner = office.open()
    try:
        assert run_check(owner).findings == []
    finally:
        owner.close()


def test_a_bookkeeper_runs_the_money_but_never_reads_care_records(
    team: tuple[Office, dict[str, int]], tmp_path: Path
) -> None:
    from tests.core.server.test_server_move import mo

    office, _ = team
    for table in CARE:
        if table == "daily_note":
            assert "permission denied for table daily_note" in refused(
                office, "bob", "select text from daily_note"
            )
            continue
        assert f"permission denied for table {table}" in refused(
            office, "bob", f"select * from {table}"
        )
    for table in ("staff_check", "training_record", "supervision"):
        assert "permission denied" in refused(office, "bob", f"select * from {table}")
    run = mo("invoices", "run", "--period", "2026-11", "--issue", "--out", tmp_path,
             "--db", office.address(office.login("bob")), home=tmp_path / "home",
             MICROOFFICE_USER_PASSWORD="bob-pass-12")  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "INV-000001" in run.stdout
    assert rows(office, "bob", "select count(*) from invoice where status <> 'draft'") != ["0"]
    owner = office.open()
    try:
        assert run_check(owner).findings == []
    finally:
        owner.close()


def test_a_manager_reads_and_writes_everything_but_people(
    team: tuple[Office, dict[str, int]], demo_export: Path
) -> None:
    office, _ = team
    for table in ("daily_note", "invoice", "staff_check", "complaint", "audit_log"):
        everything = rows(office, "owner", f"select count(*) from {table}")
        assert rows(office, "mia", f"select count(*) from {table}") == everything, table
    assert rows(office, "mia", "select count(*) from person") == ["1"]  # only her own row
    assert rows(office, "owner", "select count(*) from person") == ["4"]
    assert "permission denied" in refused(
        office, "mia", "insert into person (name, role) values ('Eve', 'owner')"
    )
    manager = make_engine(office.url(office.login("mia")))
    try:
        with pytest.raises(UserError, match="Only the office's owner"):
            create_login(manager, office.login("eve"), "eve-pass-12", "owner", None)
    finally:
        manager.dispose()
    database = office.open(office.login("mia"))
    try:
        with pytest.raises(ImportFileError, match="Only the server office's owner can import"):
            import_data(database, json.loads(demo_export.read_text(encoding="utf-8")))
    finally:
        database.close()


def test_the_app_says_plainly_when_the_database_refuses(
    team: tuple[Office, dict[str, int]],
) -> None:
    office, _ = team
    database = office.open(office.login("carol"))
    try:  # past the program's own rights (which refuse the invoice run first), the server's
        with (
            pytest.raises(NotAllowedOnServerError, match="does not allow this"),
            database.session(actor="Carol Jones") as s,
        ):
            s.execute(text("SELECT count(*) FROM invoice"))
    finally:
        database.close()


def _rights(office: Office) -> list[tuple[str, ...]]:
    """Every grant (table and column) and policy in the office, as the catalog holds them."""
    engine = make_engine(office.url())
    try:
        with engine.connect() as conn:
            grants = conn.execute(
                text(
                    "SELECT table_name, grantee, privilege_type, '' FROM "
                    "information_schema.role_table_grants WHERE table_schema = 'public' UNION ALL "
                    "SELECT table_name, grantee, privilege_type, column_name FROM "
                    "information_schema.column_privileges WHERE table_schema = 'public' "
                    "UNION ALL SELECT tablename, policyname, cmd, "
                    "coalesce(qual, '') || '|' || coalesce(with_check, '') FROM pg_policies"
                )
            ).all()
    finally:
        engine.dispose()
    return sorted(tuple(str(v) for v in row) for row in grants)


def test_rights_are_applied_again_unchanged_and_reach_new_tables(
    make_office: Callable[..., Office],
) -> None:
    office = make_office()
    first = _rights(office)
    assert any(row[1] == "microoffice_carer_select" for row in first)
    engine = make_engine(office.url())
    try:
        apply_server_security(engine)
        assert _rights(office) == first
        with engine.begin() as conn:  # what a later migration does: a new table
            from microoffice.core.db.server_roles import act_as_office_owner

            act_as_office_owner(conn)
            conn.exec_driver_sql("CREATE TABLE extra (id SERIAL PRIMARY KEY, what TEXT)")
        apply_server_security(engine)
    finally:
        engine.dispose()
    add_person(office, "Zoe Hall", "carer", _a_staff(office), "zoe", "zoe-pass-12")
    assert "permission denied for table extra" in refused(office, "zoe", "select * from extra")


def _a_staff(office: Office) -> int:
    database = office.open()
    try:
        with database.session(actor="test") as s:
            return staff.create_staff(s, staff.StaffData(first_name="Zoe", last_name="Hall")).id
    finally:
        database.close()


def test_an_upgrade_reapplies_the_rights(
    make_office: Callable[..., Office], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening an office saved by an older version upgrades it, then secures what the upgrade
    made (here a stand-in migration adds a table)."""
    from microoffice.core.db import migrate
    from microoffice.core.db.schema import HEAD_REVISION

    office = make_office()
    engine = make_engine(office.url())
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0007_fee_statements'")
    engine.dispose()

    def stand_in(url: str, revision: str | None) -> None:
        upgrading = make_engine(url)
        with upgrading.begin() as conn:
            from microoffice.core.db.server_roles import act_as_office_owner

            act_as_office_owner(conn)
            conn.exec_driver_sql("CREATE TABLE later (id SERIAL PRIMARY KEY)")
            conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": HEAD_REVISION})
        upgrading.dispose()

    monkeypatch.setattr(migrate, "upgrade_in_place", stand_in)
    office.open().close()
    engine = make_engine(office.url())
    with engine.connect() as conn:
        secured = conn.scalar(text("SELECT relrowsecurity FROM pg_class WHERE relname = 'later'"))
        owner = conn.scalar(text("SELECT tableowner FROM pg_tables WHERE tablename = 'later'"))
    engine.dispose()
    assert secured is True
    assert owner == f"{office.name}_owner"


def test_only_the_owner_upgrades_a_server_office(make_office: Callable[..., Office]) -> None:
    office = make_office()
    carer = add_person(office, "Zoe Hall", "carer", _a_staff(office), "zoe", "zoe-pass-12")
    engine = make_engine(office.url())
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0007_fee_statements'")
    engine.dispose()
    from microoffice.core.errors import StorageError

    with pytest.raises(StorageError, match="only its owner can do that"):
        office.open(carer)


def test_a_removed_login_loses_every_right_at_once(make_office: Callable[..., Office]) -> None:
    office = make_office()
    login = add_person(office, "Zoe Hall", "carer", _a_staff(office), "zoe", "zoe-pass-12")
    still_open = psycopg.connect(office.url(login).replace("+psycopg", ""))
    try:
        with still_open.cursor() as cur:
            cur.execute("select count(*) from reference_value")
            assert cur.fetchone()[0] > 0  # type: ignore[index]
        still_open.commit()
        engine = make_engine(office.url())
        try:
            drop_login(engine, login)
            with pytest.raises(UserError, match="not a login of this office"):
                drop_login(engine, login)
        finally:
            engine.dispose()
        with pytest.raises(psycopg.errors.InsufficientPrivilege), still_open.cursor() as cur:
            cur.execute("select count(*) from reference_value")
    finally:
        still_open.close()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(office.url(login).replace("+psycopg", "")).close()


def test_logins_are_refused_plainly(make_office: Callable[..., Office]) -> None:
    from microoffice.core.errors import ValidationError

    office = make_office()
    engine = make_engine(office.url())
    try:
        for login, password, role, staff_id, field in [
            ("Anna Smith", "long-enough", "carer", 1, "login"),
            ("anna", "short", "carer", 1, "password"),
            ("anna", "long-enough", "director", None, "role"),
            ("anna", "long-enough", "carer", None, "staff"),
            ("anna", "long-enough", "carer", 999, "staff"),
            ("postgres", "long-enough", "manager", None, "login"),
            (f"{office.name}_carer", "long-enough", "manager", None, "login"),
        ]:
            with pytest.raises(ValidationError) as caught:
                create_login(engine, login, password, role, staff_id)
            assert field in caught.value.errors, (login, caught.value.errors)
        # a second owner: a full owner login of its own, who may take the first one away
        eve = office.login("eve")
        create_login(engine, eve, "eve-pass-12", "owner", None)
        with pytest.raises(UserError, match="signed in with"):
            drop_login(engine, office.owner)
    finally:
        engine.dispose()
    second = make_engine(office.url(eve, "eve-pass-12"))
    try:
        drop_login(second, office.owner)
        with pytest.raises(UserError, match="only owner login"):
            create_login(second, eve, "eve-pass-12", "manager", None)
    finally:
        second.dispose()
    office.logins[eve] = "eve-pass-12"
    assert rows(office, "eve", "select count(*) from reference_value") != ["0"]


def test_a_logins_role_and_password_are_changed_in_place(
    make_office: Callable[..., Office],
) -> None:
    office = make_office()
    zoe = add_person(office, "Zoe Hall", "carer", _a_staff(office), "zoe", "zoe-pass-12")
    assert "permission denied" in refused(office, "zoe", "select count(*) from invoice")
    engine = make_engine(office.url())
    try:
        create_login(engine, zoe, "zoe-pass-new", "bookkeeper", None)  # now the bookkeeper
        create_login(engine, office.owner, "owner-pass-2", "owner", None)  # a new password
    finally:
        engine.dispose()
    assert office.psql(zoe, "select 1").returncode != 0  # the old password is refused
    office.logins[zoe] = "zoe-pass-new"
    assert rows(office, "zoe", "select count(*) from invoice") == ["0"]
    assert "permission denied" in refused(office, "zoe", "select text from daily_note")
    office.logins[office.owner] = "owner-pass-2"
    assert rows(office, "owner", "select count(changes) > 0 from audit_log") == ["t"]  # owner


def test_a_person_and_their_login_are_saved_together_or_not_at_all(
    make_office: Callable[..., Office],
) -> None:
    """`people add --login` adds the person row and the login in the owner's one save: given the
    session's connection, create_login works inside it (no second transaction waiting for the
    first), and a save that fails leaves neither."""
    from microoffice.core.errors import ValidationError
    from tests.core.server.conftest import PERSON_DDL

    office = make_office()
    staff_id = _a_staff(office)
    engine = make_engine(office.url())
    with engine.begin() as conn:
        from microoffice.core.db.server_roles import act_as_office_owner

        act_as_office_owner(conn)
        conn.exec_driver_sql(PERSON_DDL)
    apply_server_security(engine)
    engine.dispose()
    login = office.login("zoe")
    database = office.open()
    try:
        with pytest.raises(ValidationError), database.session(actor="owner") as s:
            s.add(Person(name="X", role="carer", login=login))
            s.flush()
            create_login(s.connection(), login, "zoe-pass-12", "carer", None)  # no staff: refused
        with database.session(actor="owner") as s:
            s.add(Person(name="Zoe Hall", role="carer", staff_id=staff_id, login=login))
            s.flush()
            create_login(s.connection(), login, "zoe-pass-12", "carer", staff_id)
            clients.create_client(s, clients.ClientData(first_name="After", last_name="Login"))
            assert s.scalar(text("SELECT current_user")) == office.owner  # the owner again
        assert run_check(database).findings == []
    finally:
        database.close()
    office.logins[login] = "zoe-pass-12"
    assert rows(office, "zoe", "select name from person") == ["Zoe", "Hall"]
