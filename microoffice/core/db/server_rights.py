"""What each role's own PostgreSQL login may reach on a server office, table by table.

The owner's group owns every table (so it bypasses row-level security and may do anything) and a
manager may do everything with every table. A bookkeeper and a carer reach only the tables named
here, with only the commands named, on only the rows the condition lets through; a table not
named for them is closed (no grant: "permission denied", even from psql). Every table the app
creates must be named here for both (a test keeps it so), so a new table is a decision, not an
accident.

Conditions are SQL on the table's own columns. `microoffice_my_staff()`, `microoffice_my_visits()`
and `microoffice_my_clients()` (server_roles.py) read the `person` row whose `login` is the
connected login: its staff record, the visits that staff member is on, and the clients they have
a visit or a visit plan with. They run as the office's owner, so a condition never loops through
another table's conditions back to its own (PostgreSQL refuses such a loop).
"""

from __future__ import annotations

from dataclasses import dataclass

ALL_ROWS = "true"
ME = "(SELECT microoffice_my_staff())"
MY_CLIENTS = "(SELECT microoffice_my_clients())"
MINE = f"client_id IN {MY_CLIENTS}"
MY_STAFF_FILE = f"staff_id = {ME}"
BY_ME = f"(staff_id IS NULL OR staff_id = {ME})"  # a record a carer writes is theirs or unsigned


@dataclass(frozen=True)
class Access:
    """One role's reach into one table: each command it may run, and on which rows.

    None means the command is not granted at all. `columns` limits SELECT to those columns (the
    rows still filtered by `select`).
    """

    select: str | None = None
    insert: str | None = None
    update: str | None = None
    delete: str | None = None
    columns: tuple[str, ...] | None = None

    def commands(self) -> dict[str, str]:
        named = {
            "SELECT": self.select,
            "INSERT": self.insert,
            "UPDATE": self.update,
            "DELETE": self.delete,
        }
        return {command: rows for command, rows in named.items() if rows is not None}


NONE = Access()
READ = Access(select=ALL_ROWS)
WRITE = Access(select=ALL_ROWS, insert=ALL_ROWS, update=ALL_ROWS, delete=ALL_ROWS)
APPEND = Access(select=ALL_ROWS, insert=ALL_ROWS)
OWN_PERSON = Access(select="login = session_user")


def _read(rows: str) -> Access:
    return Access(select=rows)


def _record(rows: str, written: str | None = None) -> Access:
    """Read the rows, and add rows that meet `written` (by default the same condition)."""
    return Access(select=rows, insert=written or rows)


# The chain needs the last hash and new entries; `changes` holds every table's values, so only
# the owner and the manager read it.
AUDIT_WITHOUT_CHANGES = Access(
    select=ALL_ROWS,
    insert=ALL_ROWS,
    columns=("id", "at", "actor", "action", "entity", "entity_id", "prev_hash", "hash"),
)
BUSINESS_NAME_ONLY = Access(
    select=ALL_ROWS,
    columns=(
        "id",
        "legal_form",
        "legal_name",
        "trading_name",
        "address",
        "postcode",
        "phone",
        "email",
        "nation",
        "cqc_registered",
        "cqc_provider_id",
        "cqc_location_id",
        "version",
        "created_at",
        "updated_at",
    ),
)
# The invoice run warns of a visit billed without a note: whether and when there is one, never
# what it says.
NOTED = Access(select=ALL_ROWS, columns=("id", "visit_id", "client_id", "occurred_at"))
VISIBLE_INCIDENT = "incident_id IN (SELECT id FROM incident)"  # incident's own rows apply
VISIBLE_VISIT = "visit_id IN (SELECT id FROM visit)"
VISIBLE_PLAN = "plan_id IN (SELECT id FROM visit_plan)"
MY_VISITS = "id IN (SELECT microoffice_my_visits())"  # a function: visit_staff reads visit
MY_MEDICINES = "medicine_id IN (SELECT id FROM medicine)"

# table -> (bookkeeper, carer)
RIGHTS: dict[str, tuple[Access, Access]] = {
    # the office itself
    "alembic_version": (READ, READ),
    "business": (READ, BUSINESS_NAME_ONLY),
    "setting": (READ, READ),
    "reference_value": (READ, READ),
    "bank_holiday_override": (READ, READ),
    "audit_log": (AUDIT_WITHOUT_CHANGES, AUDIT_WITHOUT_CHANGES),
    "disposal": (READ, NONE),
    "legal_hold": (READ, NONE),
    # clients: a carer, only those they visit
    "client": (READ, _read(f"id IN {MY_CLIENTS}")),
    "contact": (READ, _read(MINE)),
    "organisation": (READ, NONE),
    "client_pause": (READ, _read(MINE)),
    "travel_time": (
        READ,
        _read(f"from_client_id IN {MY_CLIENTS} OR to_client_id IN {MY_CLIENTS}"),
    ),
    # money: the bookkeeper's, never a carer's
    # the client list says how each client is funded; the terms and references stay closed
    "funding_arrangement": (
        READ,
        Access(select=MINE, columns=("id", "client_id", "funding_type", "start_date", "end_date")),
    ),
    "rate_card": (READ, NONE),
    "number_series": (Access(select=ALL_ROWS, insert=ALL_ROWS, update=ALL_ROWS), NONE),
    "invoice": (WRITE, NONE),
    "invoice_line": (WRITE, NONE),
    "invoice_document": (APPEND, NONE),
    "payment": (WRITE, NONE),
    "payment_allocation": (WRITE, NONE),
    "refund": (WRITE, NONE),  # credit on account paid back: money, the bookkeeper's
    "fee_statement": (APPEND, NONE),
    # the rota: what is billed, and a carer's own work
    "visit_plan": (READ, _read(MINE)),
    "visit_plan_staff": (READ, _read(VISIBLE_PLAN)),
    "plan_exception": (READ, _read(VISIBLE_PLAN)),
    "visit_change": (READ, _read(MINE)),  # a visit's history: changed by the rota's owners
    "visit": (
        READ,
        Access(select=MINE, insert=MINE, update=f"{MY_VISITS} AND {MINE}"),
    ),
    # saving a visit's staff clears the old list first: a carer's clearing removes no row
    "visit_staff": (READ, Access(select=VISIBLE_VISIT, insert=VISIBLE_VISIT, delete="false")),
    "do_not_send": (NONE, NONE),
    "activity_group": (READ, READ),
    "group_session": (READ, READ),
    "attendance": (READ, _read(MINE)),
    # staff files: a carer sees only their own; the bookkeeper only who is paid what
    "staff": (READ, _read(f"id = {ME}")),
    "staff_availability": (NONE, _read(MY_STAFF_FILE)),
    "staff_leave": (NONE, _read(MY_STAFF_FILE)),
    "training_course": (NONE, READ),
    "training_record": (NONE, _read(MY_STAFF_FILE)),
    "staff_check": (NONE, _read(MY_STAFF_FILE)),
    "supervision": (NONE, _read(MY_STAFF_FILE)),
    # care records: never the bookkeeper's; a carer's for the clients they visit
    "care_plan": (NONE, _read(MINE)),
    "risk_assessment": (NONE, _read(MINE)),
    "daily_note": (NOTED, _record(MINE, f"{MINE} AND {BY_ME}")),
    "medicine": (NONE, _read(MINE)),
    "mar_entry": (NONE, _record(MY_MEDICINES, f"{MY_MEDICINES} AND {BY_ME}")),
    "body_map_mark": (NONE, _record(MINE)),
    "consent_record": (NONE, _read(MINE)),
    "incident": (
        NONE,
        _record(f"{MINE} OR staff_id = {ME}", f"(client_id IS NULL OR {MINE}) AND {BY_ME}"),
    ),
    "incident_note": (NONE, _record(VISIBLE_INCIDENT)),
    "outcome_goal": (NONE, _read(MINE)),
    # running the service: the owner's and the manager's
    "notification_sent": (NONE, NONE),
    "notification_decision": (NONE, NONE),
    "complaint": (NONE, NONE),
    "complaint_entry": (NONE, NONE),
    "scope_assessment": (NONE, NONE),
    "readiness_item": (NONE, NONE),
    "renewal": (NONE, NONE),
    "quality_review": (NONE, NONE),
    "quality_action": (NONE, NONE),
    "evidence_link": (NONE, NONE),
    "survey_template": (NONE, NONE),
    "feedback_check": (NONE, NONE),
    "policy": (NONE, READ),
    # people: everyone reads their own row only; the owner adds and removes people
    "person": (OWN_PERSON, OWN_PERSON),
}

MANAGER_EXCEPT = {"person": OWN_PERSON, "alembic_version": READ}


def access(role: str, table: str) -> Access:
    """The reach of a group role ('manager', 'bookkeeper', 'carer') into a table; a table this
    version does not know is closed to all three."""
    if role == "manager":
        return MANAGER_EXCEPT.get(table, WRITE)
    rights = RIGHTS.get(table)
    if rights is None:
        return NONE
    return rights[0] if role == "bookkeeper" else rights[1]
