"""The role-by-action table (docs/people.md), and a refusal in the core for every "no" in it.

Each right has one action that needs it; for every role that does not hold the right, the action
is tried as that role and refused with the table's own sentence, and the office is unchanged
(its whole export, read as the owner, is the same before and after). A carer holds four rights
only over their own: each of those is tried on someone else's visit or client and refused too.
The table printed in docs/people.md is compared with the one the code enforces.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from microoffice.core.billing import ledger
from microoffice.core.db.database import Database
from microoffice.core.errors import NotAllowedError
from microoffice.core.models.enums import PersonRole
from microoffice.core.people import services as people
from microoffice.core.people.rights import (
    ACTIONS,
    OWN_LIMITS,
    ROLE_RIGHTS,
    Right,
    Scope,
    refusal,
)
from microoffice.core.records import incidents, notes, risk
from microoffice.core.scheduling import pauses, today
from microoffice.core.services import business, clients, encryption, staff, transfer
from tests.core.people.conftest import DAY, NAMES, Office

DOCS = Path(__file__).parents[3] / "docs" / "people.md"

Action = Callable[[Office, Any], object]


def _in_session(work: Callable[[Office, Any], object]) -> Action:
    def run(office: Office, db: Database) -> object:
        with db.session() as s:
            return work(office, s)

    return run


# One action per right, as the window and the command line would ask for it.
TRIES: dict[Right, Action] = {
    Right.OWN_VISITS: _in_session(lambda o, s: today.day_visits(s, DAY)),
    Right.CARE_NOTES: _in_session(
        lambda o, s: notes.write_note(s, notes.NoteData(client_id=o.edna, text="Had tea."))
    ),
    Right.SEE_CARE: _in_session(lambda o, s: notes.list_notes(s, o.edna)),
    Right.SEE_CLIENTS: _in_session(lambda o, s: clients.get_client(s, o.edna)),
    Right.CLIENTS: _in_session(
        lambda o, s: clients.create_client(s, clients.ClientData(first_name="Ivy", last_name="Q"))
    ),
    Right.CARE_PLANS: _in_session(
        lambda o, s: risk.record_risk(
            s, o.edna, risk.RiskData("falls", "amber", "Unsteady", "Frame", DAY), "x"
        )
    ),
    Right.ROTA: _in_session(lambda o, s: pauses.add_pause(s, o.edna, date(2027, 1, 4))),
    Right.STAFF: _in_session(
        lambda o, s: staff.create_staff(s, staff.StaffData(first_name="Kim", last_name="Lo"))
    ),
    Right.MONEY: _in_session(lambda o, s: ledger.invoice_rows(s)),
    Right.BUSINESS: _in_session(lambda o, s: business.get_business(s).bank_account_number),
    Right.GOVERNANCE: _in_session(lambda o, s: incidents.list_incidents(s)),
    Right.OFFICE_FILE: lambda o, db: transfer.export_json(db, io.StringIO()),
    Right.PASSWORD: lambda o, db: encryption.change_password(db, "a new office password"),
    Right.PEOPLE: _in_session(
        lambda o, s: people.add_person(s, people.PersonData("Ned", "bookkeeper", "13579135"))
    ),
    Right.OWN_SECRET: _in_session(lambda o, s: people.change_own_secret(s, "x", "y")),
    Right.ANYONE: _in_session(lambda o, s: today.overview(s)),
}

REFUSALS = [
    (role, right) for right in Right for role in PersonRole if right not in ROLE_RIGHTS[role]
]


def test_every_right_has_an_action_tried() -> None:
    assert set(TRIES) == set(Right)
    assert len(REFUSALS) == 24  # the "no" cells of the table


def fingerprint(office: Office) -> str:
    """The whole office as its export, read as the owner."""
    out = io.StringIO()
    with office.signed(NAMES["owner"]) as db:
        transfer.export_json(db, out)
    return out.getvalue()


@pytest.mark.parametrize(("role", "right"), REFUSALS, ids=lambda v: str(v))
def test_each_role_is_refused_what_the_table_says(
    office: Office, role: PersonRole, right: Right
) -> None:
    before = fingerprint(office)
    with office.signed(NAMES[role.value]) as db, pytest.raises(NotAllowedError) as refused:
        TRIES[right](office, db)
    assert str(refused.value) == refusal(right)
    assert str(refused.value).startswith("Only ")
    assert fingerprint(office) == before


def test_the_refusals_read_as_the_table() -> None:
    assert refusal(Right.PEOPLE) == (
        "Only the owner can add, change or remove the people who use the office."
    )
    assert refusal(Right.STAFF) == "Only the owner or a manager can see or change staff files."
    assert refusal(Right.MONEY) == (
        "Only the owner, a manager or the bookkeeper can see or change invoices, payments, "
        "rate cards and other money."
    )


@pytest.mark.parametrize("role", list(PersonRole), ids=str)
def test_each_role_may_do_what_the_table_allows(office: Office, role: PersonRole) -> None:
    """The other side of the table: every right a role holds over everything works for it
    (what changes the office is tried last, on a copy of nothing that matters)."""
    for right, scope in ROLE_RIGHTS[role].items():
        if right in (Right.PASSWORD, Right.OWN_SECRET) or scope is not Scope.ALL:
            continue  # the password re-keys the file (tests/core/test_encryption.py)
        with office.signed(NAMES[role.value]) as db:
            TRIES[right](office, db)


# -- a carer's OWN ------------------------------------------------------------------------------
def test_a_carer_sees_only_the_clients_they_visit(office: Office) -> None:
    with office.signed(NAMES["carer"]) as db, db.session() as s:
        assert [c.id for c in clients.list_clients(s)] == [office.edna]
        assert clients.client_ids(s) == [office.edna]
        assert clients.get_client(s, office.edna).first_name == "Edna"
        with pytest.raises(NotAllowedError) as refused:
            clients.get_client(s, office.fred)
        assert str(refused.value) == OWN_LIMITS[Right.SEE_CLIENTS]
        with pytest.raises(NotAllowedError) as refused:
            notes.list_notes(s, office.fred)
        assert str(refused.value) == OWN_LIMITS[Right.SEE_CARE]
        with pytest.raises(NotAllowedError):
            notes.list_notes(s)  # every client's notes: not theirs to see
        assert [r.name for r in staff.list_staff(s)] == ["Anna Lee"]


def test_a_carer_confirms_and_writes_up_only_their_own_visits(office: Office) -> None:
    before = fingerprint(office)
    with office.signed(NAMES["carer"]) as db:
        for attempt in (
            lambda s: today.day_visits(s, DAY),  # everyone's day
            lambda s: today.confirm_day(s, DAY, office.jo_staff),
            lambda s: today.record_missed(s, office.jo_visit, "Not there"),
            lambda s: notes.write_note(
                s, notes.NoteData(client_id=office.fred, text="Visited Fred")
            ),
            lambda s: notes.write_note(
                s,
                notes.NoteData(client_id=office.edna, text="For Jo", staff_id=office.jo_staff),
            ),
        ):
            with db.session() as s, pytest.raises(NotAllowedError) as refused:
                attempt(s)
            assert str(refused.value) in OWN_LIMITS.values()
    assert fingerprint(office) == before
    with office.signed(NAMES["carer"]) as db, db.session() as s:
        own = today.day_visits(s, DAY, office.anna_staff)
        assert [v.occurrence.client_id for v in own] == [office.edna]
        note = notes.write_note(
            s, notes.NoteData(client_id=office.edna, visit_id=office.anna_visit, text="Tea.")
        )
        assert (note.staff_id, note.author, note.on_behalf_of) == (
            office.anna_staff,
            "Anna Lee",
            "",
        )


# -- the table in the docs ----------------------------------------------------------------------
def _docs_table() -> dict[str, dict[str, str]]:
    """The rows of the table in docs/people.md: right -> role -> cell."""
    text = DOCS.read_text(encoding="utf-8")
    start = text.index("<!-- rights-table -->")
    rows = [line for line in text[start:].splitlines()[1:] if line.startswith("|")]
    header = [c.strip().lower() for c in rows[0].strip("|").split("|")]
    table = {}
    for line in rows[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        key = re.search(r"`(\w+)`", cells[0])
        assert key is not None, line
        table[key.group(1)] = dict(zip(header[1:], cells[1:], strict=True))
    return table


def test_the_docs_table_is_the_table_the_core_enforces() -> None:
    want = {
        right.value: {
            role.value: {Scope.ALL: "yes", Scope.OWN: "own", None: "no"}[
                ROLE_RIGHTS[role].get(right)
            ]
            for role in PersonRole
        }
        for right in Right
    }
    found = {
        right: {role: cell.split()[0].strip("*").lower() for role, cell in cells.items()}
        for right, cells in _docs_table().items()
    }
    assert found == want
    for right in Right:
        assert ACTIONS[right]  # each row says what the right is for
