from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event, func, select

from microoffice.core.db.database import Database
from microoffice.core.errors import ConflictError, ValidationError
from microoffice.core.models import AuditLog, Client
from microoffice.core.services import clients


def test_create_edit_archive_round_trip(db: Database) -> None:
    with db.session() as s:
        c = clients.create_client(
            s,
            clients.ClientData(
                first_name=" Ann ", last_name="Smith", postcode="b152tt", nhs_number="943 476 5919"
            ),
        )
        cid = c.id
    with db.session() as s:
        c = clients.get_client(s, cid)
        assert (c.first_name, c.postcode, c.nhs_number) == ("Ann", "B15 2TT", "9434765919")
        data = clients.ClientData.from_client(c)
        data.preferred_name = "Annie"
        clients.update_client(s, cid, data, expected_version=c.version)
    with db.session() as s:
        clients.archive_client(s, cid, reason="moved away")
    with db.session() as s:
        assert [r.name for r in clients.list_clients(s)] == []
        rows = clients.list_clients(s, include_archived=True)
        assert [(r.name, r.archived) for r in rows] == [("Annie Smith", True)]
        assert clients.get_client(s, cid).end_date == date(2026, 12, 7)


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("first_name", {"first_name": "  "}),
        ("postcode", {"postcode": "XYZ 123"}),
        ("nhs_number", {"nhs_number": "943 476 5918"}),
        ("date_of_birth", {"date_of_birth": date(2030, 1, 1)}),
        ("email", {"email": "not-an-email"}),
    ],
)
def test_bad_input_refused_and_nothing_saved(db: Database, field: str, kwargs: dict) -> None:
    base = {"first_name": "Ann", "last_name": "Smith"} | kwargs
    with db.session() as s:
        before = (
            s.scalar(select(func.count(Client.id))),
            s.scalar(select(func.count(AuditLog.id))),
        )
    with pytest.raises(ValidationError) as info, db.session() as s:
        clients.create_client(s, clients.ClientData(**base))
    assert field in info.value.errors
    assert info.value.errors[field]
    with db.session() as s:
        after = (s.scalar(select(func.count(Client.id))), s.scalar(select(func.count(AuditLog.id))))
    assert before == after


def test_stale_edit_is_refused(db: Database) -> None:
    with db.session() as s:
        cid = clients.create_client(s, clients.ClientData(first_name="A", last_name="B")).id
    with db.session() as s:
        first_seen = clients.get_client(s, cid).version
        data = clients.ClientData.from_client(clients.get_client(s, cid))
    with db.session() as s:
        data.town = "Birmingham"
        clients.update_client(s, cid, data, expected_version=first_seen)
    with pytest.raises(ConflictError), db.session() as s:
        data.town = "Solihull"
        clients.update_client(s, cid, data, expected_version=first_seen)
    with db.session() as s:
        assert clients.get_client(s, cid).town == "Birmingham"


def test_search_by_name_postcode_and_funding(db: Database) -> None:
    from microoffice.core.services import funding

    with db.session() as s:
        a = clients.create_client(
            s, clients.ClientData(first_name="Ann", last_name="Smith", postcode="B15 2TT")
        )
        clients.create_client(
            s, clients.ClientData(first_name="Bob", last_name="Jones", postcode="CV1 1AA")
        )
        funding.add_funding(s, a.id, funding.FundingData(funding_type="DP"))
    with db.session() as s:
        assert [r.name for r in clients.list_clients(s, search="smi")] == ["Ann Smith"]
        assert [r.name for r in clients.list_clients(s, search="cv1")] == ["Bob Jones"]
        assert [r.name for r in clients.list_clients(s, funding_type="DP")] == ["Ann Smith"]
        assert clients.list_clients(s, search="ann")[0].funding == "Direct payment"


def test_service_write_lands_in_audit_log(db: Database) -> None:
    with db.session(actor="barbara") as s:
        cid = clients.create_client(s, clients.ClientData(first_name="Ann", last_name="Smith")).id
    with db.session() as s:
        data = clients.ClientData.from_client(clients.get_client(s, cid))
        data.town = "Leeds"
        clients.update_client(s, cid, data)
    with db.session() as s:
        rows = s.scalars(
            select(AuditLog).where(AuditLog.entity == "client").order_by(AuditLog.id)
        ).all()
    assert [(r.action, r.entity_id) for r in rows] == [("insert", str(cid)), ("update", str(cid))]
    assert rows[0].actor == "barbara"
    assert rows[0].changes["last_name"] == "Smith"
    assert rows[1].changes == {"town": ["", "Leeds"]}
    assert rows[1].prev_hash == rows[0].hash


def test_representatives_to_check_in_one_query(db: Database) -> None:
    from microoffice.core.services import contacts

    with db.session() as s:
        a = clients.create_client(s, clients.ClientData(first_name="Ann", last_name="Smith"))
        b = clients.create_client(s, clients.ClientData(first_name="Bob", last_name="Jones"))
        contacts.add_contact(s, a.id, contacts.ContactData(kind="lpa_finance", name="Sue Smith"))
        contacts.add_contact(s, b.id, contacts.ContactData(kind="next_of_kin", name="Jo Jones"))
        checked = contacts.ContactData(
            kind="dp_nominated", name="Kim Jones", document_checked_on=date(2026, 1, 5)
        )
        contacts.add_contact(s, b.id, checked)
    statements: list[str] = []

    def count(_conn, _cursor, statement, _params, _context, _many):  # type: ignore[no-untyped-def]
        statements.append(statement)

    with db.session() as s:
        s.connection()  # the transaction's own statements (BEGIN, pragmas) come before
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            found = contacts.representatives_to_check(s)
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        # one query reads the representatives (who is signed in is looked up once beside it)
        reads = [q for q in statements if "FROM client" in q or "FROM contact" in q]
        assert len(reads) == 1, statements
        assert found == [
            (
                "Ann Smith",
                "Sue Smith: LPA (property and financial affairs) - the document has not been seen yet",
            ),
            ("Ann Smith", "Sue Smith: no OPG registration reference recorded"),
        ]
