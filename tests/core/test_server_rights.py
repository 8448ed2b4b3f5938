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
