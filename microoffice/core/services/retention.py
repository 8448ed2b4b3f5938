"""Retention review (DOMAIN.md §8): list records past their minimum retention, record decisions.

Retention is a minimum before appraisal, never an automatic delete: each item is decided by a
person (destroy, extend with a date to look again, or preserve), the decision is kept in an
append-only Disposal row, and a legal hold stops destruction. Destroying a client's care record
deletes the care records and contacts and anonymises the client row; visits and financial records
stay (they have their own, shorter financial retention and invoices are immutable).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from sqlalchemy import Table, delete, select, text, update
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.db.audit_hook import append_audit_rows
from microoffice.core.db.base import Base
from microoffice.core.db.triggers import (
    APPEND_ONLY_TABLES,
    FROZEN_WHEN_SET,
    drop_frozen_statements,
    drop_statements,
    frozen_statements,
    trigger_statements,
)
from microoffice.core.errors import UserError
from microoffice.core.models import load_all
from microoffice.core.models.clients import Client
from microoffice.core.models.records import Complaint
from microoffice.core.models.retention import Disposal, LegalHold
from microoffice.core.models.staff import Staff
from microoffice.core.people.guard import audit_actor, needs
from microoffice.core.people.rights import Right
from microoffice.core.services.business import reference_value
from microoffice.core.services.forms import Checker
from microoffice.core.vocabulary import format_date

DEFAULT_YEARS = {"care_record": 8, "staff_file": 6, "complaint": 10}
# What destroying each kind of record removes. Everything else stays: visits and financial records
# (their own retention; invoices are immutable), incidents and safeguarding (longer retention).
DESTROYS = {
    "client": frozenset(
        {
            "contact",
            "care_plan",
            "risk_assessment",
            "daily_note",
            "medicine",
            "mar_entry",
            "visit_plan",
            "plan_exception",
            "visit_change",
            "visit_plan_staff",
            "client_pause",
            "consent_record",
            "body_map_mark",
            "do_not_send",
            "travel_time",
            "outcome_goal",
            "feedback_check",
        }
    ),
    "staff": frozenset(
        {"staff_availability", "staff_leave", "training_record", "staff_check", "supervision"}
    ),
    "complaint": frozenset({"complaint", "complaint_entry"}),
}
ANONYMISED_ROOTS = frozenset({"client", "staff"})  # rows other records still point at


@dataclass(frozen=True)
class RetentionItem:
    """One subject past its retention. `ended_on` and `years` are kept (not derived back from
    `retain_until`) because adding years to 29 February cannot be undone by subtracting them."""

    record_class: str
    subject: str
    subject_id: int
    description: str
    retain_until: date
    whose: str = ""
    ended_on: date | None = None
    years: int = 0


@needs(Right.GOVERNANCE)
def retention_years(session: Session, record_class: str, on: date) -> int:
    value = reference_value(session, f"retention_years_{record_class}", on)
    return int(value) if value else DEFAULT_YEARS[record_class]


def _settled(session: Session, today: date) -> set[tuple[str, int]]:
    """Subjects already decided (destroyed, preserved, or extended past today) or on hold."""
    done: set[tuple[str, int]] = set()
    latest: dict[tuple[str, int], Disposal] = {}
    for d in session.scalars(select(Disposal).order_by(Disposal.id)):
        latest[(d.subject, d.subject_id)] = d
    for key, d in latest.items():
        if d.decision in ("destroy", "preserve") or (
            d.review_again_on is not None and d.review_again_on > today
        ):
            done.add(key)
    for hold in session.scalars(select(LegalHold).where(LegalHold.lifted_on.is_(None))):
        done.add((hold.subject, hold.subject_id))
    return done


@needs(Right.GOVERNANCE)
def due_for_review(session: Session, on: date | None = None) -> list[RetentionItem]:
    today = on or clock.today()
    settled = _settled(session, today)
    items: list[RetentionItem] = []
    care_years = retention_years(session, "care_record", today)
    care = relativedelta(years=care_years)
    for c in session.scalars(select(Client)):
        ended = max((d for d in (c.end_date, c.date_of_death) if d), default=None)
        if ended and ended + care <= today and ("client", c.id) not in settled:
            items.append(
                RetentionItem(
                    "care_record",
                    "client",
                    c.id,
                    f"Care record of {c.full_name} (care ended {format_date(ended)})",
                    ended + care,
                    c.full_name,
                    ended,
                    care_years,
                )
            )
    file_years = retention_years(session, "staff_file", today)
    staff_years = relativedelta(years=file_years)
    for s in session.scalars(select(Staff).where(Staff.end_date.is_not(None))):
        assert s.end_date is not None
        if s.end_date + staff_years <= today and ("staff", s.id) not in settled:
            items.append(
                RetentionItem(
                    "staff_file",
                    "staff",
                    s.id,
                    f"Staff file of {s.display_name} (left {format_date(s.end_date)})",
                    s.end_date + staff_years,
                    s.display_name,
                    s.end_date,
                    file_years,
                )
            )
    kept_years = retention_years(session, "complaint", today)
    complaint_years = relativedelta(years=kept_years)
    for k in session.scalars(select(Complaint).where(Complaint.responded_on.is_not(None))):
        assert k.responded_on is not None
        if k.responded_on + complaint_years <= today and ("complaint", k.id) not in settled:
            items.append(
                RetentionItem(
                    "complaint",
                    "complaint",
                    k.id,
                    f"Complaint received {format_date(k.received_on)}",
                    k.responded_on + complaint_years,
                    _complainant(session, k),
                    k.responded_on,
                    kept_years,
                )
            )
    return sorted(items, key=lambda i: (i.retain_until, i.subject, i.subject_id))


def _complainant(session: Session, complaint: Complaint) -> str:
    """Whose records these are: the client it concerns, else whoever complained."""
    client = session.get(Client, complaint.client_id) if complaint.client_id else None
    return client.full_name if client is not None else complaint.from_name


@needs(Right.GOVERNANCE)
def place_hold(session: Session, subject: str, subject_id: int, reason: str) -> LegalHold:
    c = Checker()
    c.required("reason", reason, "The reason for the hold")
    c.done()
    hold = LegalHold(
        subject=subject, subject_id=subject_id, reason=reason.strip(), placed_on=clock.today()
    )
    session.add(hold)
    session.flush()
    return hold


@needs(Right.GOVERNANCE)
def decide(
    session: Session,
    item: RetentionItem,
    decision: str,
    reason: str,
    decided_by: str,
    review_again_on: date | None = None,
) -> Disposal:
    """Record (and for destroy, carry out) a decision on an item from due_for_review."""
    c = Checker()
    if decision not in ("destroy", "extend", "preserve"):
        c.fail("decision", "Choose destroy, extend or preserve")
    c.required("reason", reason, "The reason for the decision")
    c.required("decided_by", decided_by, "Who decided")
    if decision == "extend" and (review_again_on is None or review_again_on <= clock.today()):
        c.fail("review_again_on", "Give a future date to review these records again")
    c.done()
    held = session.scalar(
        select(LegalHold.id).where(
            LegalHold.subject == item.subject,
            LegalHold.subject_id == item.subject_id,
            LegalHold.lifted_on.is_(None),
        )
    )
    if decision == "destroy" and held is not None:
        raise UserError("These records are under a legal hold and cannot be destroyed.")
    removed: dict[str, list[int]] = {}
    if decision == "destroy":
        roots = {"client": "client", "staff": "staff", "complaint": "complaint"}
        removed = _destroy(session, roots[item.subject], item.subject_id)
    disposal = Disposal(
        record_class=item.record_class,
        subject=item.subject,
        subject_id=item.subject_id,
        description=item.description,
        decision=decision,
        reason=reason.strip(),
        decided_by=decided_by.strip(),
        review_again_on=review_again_on,
        removed=removed,
    )
    session.add(disposal)
    session.flush()
    return disposal


def _fk_children(table: str) -> list[tuple[Table, str, bool]]:
    """(child table, fk column, nullable) for every foreign key pointing at table.id."""
    load_all()
    out = []
    for child in Base.metadata.sorted_tables:
        for fk in child.foreign_keys:
            if fk.column.table.name == table and fk.column.name == "id":
                out.append((child, fk.parent.name, bool(fk.parent.nullable)))
    return out


def _collect(session: Session, root: str, root_id: int) -> dict[str, set[int]]:
    """Ids to delete per table: the root (unless anonymised) and its descendants in DESTROYS."""
    allowed = DESTROYS[root]
    doomed: dict[str, set[int]] = defaultdict(set)
    if root not in ANONYMISED_ROOTS:
        doomed[root].add(root_id)
    queue = [(root, {root_id})]
    while queue:
        table, ids = queue.pop()
        for child, column, _nullable in _fk_children(table):
            if child.name not in allowed or "id" not in child.columns:
                continue
            found = (
                set(session.execute(select(child.c.id).where(child.c[column].in_(ids))).scalars())
                - doomed[child.name]
            )
            if found:
                doomed[child.name] |= found
                queue.append((child.name, found))
    return doomed


def _destroy(session: Session, root: str, root_id: int) -> dict[str, list[int]]:
    doomed = _collect(session, root, root_id)
    conn = session.connection()
    dialect = conn.dialect.name
    guarded = [t for t in doomed if t in APPEND_ONLY_TABLES or t in FROZEN_WHEN_SET]
    for table in guarded:
        _guards(conn, table, dialect, on=False)
    # rows that stay but point at doomed rows lose the pointer (or the destruction stops);
    # link tables without ids (visit_plan_staff) go with what they link
    for table, ids in doomed.items():
        for child, column, nullable in _fk_children(table):
            if child.name in doomed:
                continue
            if "id" not in child.columns and child.name in DESTROYS[root]:
                conn.execute(delete(child).where(child.c[column].in_(ids)))
            elif nullable:
                _audit_cleared(session, child, column, ids)
                conn.execute(update(child).where(child.c[column].in_(ids)).values({column: None}))
            elif conn.execute(select(child).where(child.c[column].in_(ids)).limit(1)).first():
                raise UserError(f"{child.name} still needs these records; nothing was destroyed.")
    for table in reversed(Base.metadata.sorted_tables):
        if table.name in doomed:
            for fk in table.foreign_keys:
                if fk.column.table is table:  # self-references (amendments) are cut first
                    conn.execute(
                        update(table)
                        .where(table.c.id.in_(doomed[table.name]))
                        .values({fk.parent.name: None})
                    )
            conn.execute(delete(table).where(table.c.id.in_(doomed[table.name])))
    for table in guarded:
        _guards(conn, table, dialect, on=True)
    if root == "client":
        _anonymise_client(session, root_id)
    elif root == "staff":
        _anonymise_staff(session, root_id)
    session.expire_all()
    return {t: sorted(ids) for t, ids in sorted(doomed.items())}


def _guards(conn, table: str, dialect: str, on: bool) -> None:  # type: ignore[no-untyped-def]
    if dialect == "postgresql":
        conn.execute(text(f"ALTER TABLE {table} {'ENABLE' if on else 'DISABLE'} TRIGGER USER"))
        return
    statements: list[str] = []
    if table in APPEND_ONLY_TABLES:
        statements += trigger_statements(table) if on else drop_statements(table)
    if table in FROZEN_WHEN_SET:
        column = FROZEN_WHEN_SET[table]
        statements += frozen_statements(table, column) if on else drop_frozen_statements(table)
    for statement in statements:
        conn.execute(text(statement))


def _anonymise_staff(session: Session, staff_id: int) -> None:
    person = session.get(Staff, staff_id)
    assert person is not None
    for name in ("preferred_name", "phone", "email", "address", "postcode", "notes"):
        setattr(person, name, "")
    person.first_name, person.last_name = "Former staff", f"#{staff_id}"
    person.date_of_birth = None
    session.flush()


def _anonymise_client(session: Session, client_id: int) -> None:
    from microoffice.core.models.visits import Visit

    client = session.get(Client, client_id)
    assert client is not None
    for name in (
        "title",
        "preferred_name",
        "nhs_number",
        "address_line1",
        "address_line2",
        "town",
        "postcode",
        "phone",
        "email",
        "gp_practice",
        "communication_needs",
        "access_notes",
        "notes",
        "end_reason",
    ):
        setattr(client, name, "")
    client.first_name, client.last_name = "Former client", f"#{client_id}"
    client.date_of_birth = client.date_of_death = None
    visits = Visit.__table__
    _audit_cleared(session, visits, "client_id", {client_id}, values={"notes": ""})  # type: ignore[arg-type]
    session.execute(update(Visit).where(Visit.client_id == client_id).values(notes=""))
    session.flush()


def _audit_cleared(
    session: Session,
    table: Table,
    column: str,
    ids: set[int],
    values: dict[str, Any] | None = None,
) -> None:
    """Rows that stay but lose a pointer (or their notes) are changed in one statement, so they
    are audited as one entry: which rows, and what they now hold. The old values are not copied
    into the log: this is the destruction of a record, not a correction."""
    if "id" not in table.columns:
        return
    changed = sorted(session.execute(select(table.c.id).where(table.c[column].in_(ids))).scalars())
    if not changed:
        return
    entry = {
        "at": clock.now(),
        "actor": audit_actor(session),
        "action": "bulk_update",
        "entity": table.name,
        "entity_id": "",
        "changes": {"set": values or {column: None}, "ids": changed, "reason": "retention"},
    }
    append_audit_rows(session, [entry])
