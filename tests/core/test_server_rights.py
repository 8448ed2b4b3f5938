"""Every table is a decision for each role on a server office (core/db/server_rights.py): a
table added without one fails here, before it could be left open or shut by accident."""

from __future__ import annotations

from microoffice.core.db.base import Base
from microoffice.core.db.database import _ensure_models
from microoffice.core.db.server_rights import ALL_ROWS, NONE, RIGHTS, access


def test_every_table_is_decided_for_the_bookkeeper_and_the_carer() -> None:
    _ensure_models()
    tables = set(Base.metadata.tables) | {"alembic_version", "person"}
    assert set(RIGHTS) == tables


def test_what_the_issue_says_each_role_may_not_reach() -> None:
    money = ("invoice", "invoice_line", "payment", "payment_allocation", "rate_card",
             "number_series", "invoice_document", "fee_statement")  # fmt: skip
    for table in money:
        assert access("carer", table) == NONE, table
        assert access("bookkeeper", table).select == ALL_ROWS, table
    care = ("care_plan", "risk_assessment", "medicine", "mar_entry", "incident", "body_map_mark",
            "consent_record", "outcome_goal", "incident_note")  # fmt: skip
    for table in care:
        assert access("bookkeeper", table) == NONE, table
        assert access("carer", table).select not in (None, ALL_ROWS), table  # their clients'
    assert access("bookkeeper", "daily_note").columns == ("id", "visit_id", "client_id",
                                                          "occurred_at")  # fmt: skip
    for table in ("staff_check", "training_record", "supervision", "staff_leave"):
        assert access("bookkeeper", table) == NONE
        assert access("carer", table).select == "staff_id = (SELECT microoffice_my_staff())"
    business = access("carer", "business").columns or ()
    assert "legal_name" in business and not any(c.startswith("bank_") for c in business)
    assert access("manager", "person").insert is None  # people are the owner's
    assert access("manager", "a_table_from_the_future").delete == ALL_ROWS
    assert access("carer", "a_table_from_the_future") == NONE


def test_a_carer_adds_records_only_for_their_clients_and_as_themselves() -> None:
    from microoffice.core.db.server_rights import BY_ME, MINE

    for table in ("daily_note", "mar_entry", "incident"):
        written = access("carer", table).insert or ""
        assert BY_ME in written, table
    assert MINE in (access("carer", "daily_note").insert or "")
    assert access("carer", "body_map_mark").insert == MINE
    for table in ("care_plan", "risk_assessment", "medicine", "client", "staff"):
        reach = access("carer", table)
        assert (reach.insert, reach.update, reach.delete) == (None, None, None), table
    assert access("carer", "visit_staff").delete == "false"  # clearing a list removes nothing
