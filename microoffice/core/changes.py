"""What a transaction changed, read back from the audit log it wrote.

Every write lands in the audit log (the ORM hook, and the bulk writers' own entries), each row
naming its table. So "what changed" is not a guess the caller declares up front: it is read
from the rows this transaction added, and grouped into the few areas a screen cares about. A page
that shows visits refreshes when any table of the visits area was written, and only then.

Nothing here imports SQLAlchemy at module level: the window's first paint imports `Changes`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class Changes:
    """Which areas a write touched; pages test the flags they care about."""

    business: bool = False
    clients: bool = False
    staff: bool = False
    visits: bool = False
    invoices: bool = False
    records: bool = False

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def __or__(self, other: Changes) -> Changes:
        return Changes(*(getattr(self, f.name) or getattr(other, f.name) for f in fields(self)))

    def touches(self, other: Changes) -> bool:
        """True when any area flagged here is also flagged in `other`."""
        return any(getattr(self, f.name) and getattr(other, f.name) for f in fields(self))


NOTHING = Changes()
EVERYTHING = Changes(True, True, True, True, True, True)
_BUSINESS = Changes(business=True)
_CLIENTS = Changes(clients=True)
_STAFF = Changes(staff=True)
_VISITS = Changes(visits=True)
_INVOICES = Changes(invoices=True)
_RECORDS = Changes(records=True)

# Every table but the audit log itself, with the areas whose screens show it. A table may
# matter to two areas (a rate card prices invoices and belongs to a client). A test fails when a
# new table is not listed here, so a new kind of record cannot silently refresh nothing.
AREAS: dict[str, Changes] = {
    "business": _BUSINESS,
    "setting": _BUSINESS,
    "person": _BUSINESS | _STAFF,
    "reference_value": _BUSINESS,
    "bank_holiday_override": _BUSINESS | _VISITS | _INVOICES,
    "survey_template": _BUSINESS | _RECORDS,
    "client": _CLIENTS,
    "contact": _CLIENTS,
    "organisation": _CLIENTS,
    "funding_arrangement": _CLIENTS | _INVOICES,
    "fee_statement": _CLIENTS,
    "rate_card": _CLIENTS | _INVOICES,
    "client_pause": _CLIENTS | _VISITS,
    "do_not_send": _CLIENTS | _VISITS,
    "staff": _STAFF,
    "staff_availability": _STAFF | _VISITS,
    "staff_leave": _STAFF | _VISITS,
    "staff_check": _STAFF | _RECORDS,
    "training_record": _STAFF | _RECORDS,
    "training_course": _STAFF | _RECORDS,
    "supervision": _STAFF | _RECORDS,
    "travel_time": _VISITS,
    "visit": _VISITS,
    "visit_plan": _VISITS,
    "visit_plan_staff": _VISITS,
    "visit_change": _VISITS,
    "visit_staff": _VISITS,
    "plan_exception": _VISITS,
    "activity_group": _VISITS,
    "group_session": _VISITS,
    "attendance": _VISITS,
    "invoice": _INVOICES,
    "invoice_line": _INVOICES,
    "invoice_document": _INVOICES,
    "payment": _INVOICES,
    "payment_allocation": _INVOICES,
    "refund": _INVOICES,
    "number_series": _INVOICES,
    "daily_note": _RECORDS | _VISITS,
    "care_plan": _RECORDS,
    "risk_assessment": _RECORDS,
    "consent_record": _RECORDS,
    "medicine": _RECORDS,
    "mar_entry": _RECORDS,
    "body_map_mark": _RECORDS,
    "incident": _RECORDS,
    "incident_note": _RECORDS,
    "notification_decision": _RECORDS,
    "notification_sent": _RECORDS,
    "complaint": _RECORDS,
    "complaint_entry": _RECORDS,
    "outcome_goal": _RECORDS,
    "feedback_check": _RECORDS,
    "evidence_link": _RECORDS,
    "quality_action": _RECORDS,
    "quality_review": _RECORDS,
    "readiness_item": _RECORDS,
    "renewal": _RECORDS,
    "scope_assessment": _RECORDS,
    "policy": _RECORDS,
    "legal_hold": _RECORDS,
    # A disposal removes a person's records of every kind once retention has run out.
    "disposal": _CLIENTS | _STAFF | _VISITS | _INVOICES | _RECORDS,
}


def of_tables(tables: set[str]) -> Changes:
    """The areas these tables belong to; a table not listed counts as everything (safe)."""
    found = NOTHING
    for table in tables:
        found = found | AREAS.get(table, EVERYTHING)
    return found


class Watch:
    """Marks the audit log when a transaction first touches the database, then reads what was
    written since.

    Used by the window's runner around each piece of work, inside its one transaction:
    `watch = Watch(session)`, do the work, `watch.changes(session)`. The mark is taken when the
    session first uses its connection, not before: work that prepares for a while (reads a file,
    waits) holds no transaction open meanwhile.
    """

    def __init__(self, session: Session) -> None:
        from sqlalchemy import event

        self.mark: int | None = None
        event.listen(session, "after_begin", self._begun)

    def _begun(self, _session: Session, _transaction: Any, connection: Connection) -> None:
        from sqlalchemy import func, select

        from microoffice.core.models.audit import AuditLog

        if self.mark is None:
            self.mark = connection.scalar(select(func.max(AuditLog.id))) or 0

    def changes(self, session: Session) -> Changes:
        from sqlalchemy import event, select

        from microoffice.core.models.audit import AuditLog

        session.flush()  # pending writes reach the audit log before it is read
        event.remove(session, "after_begin", self._begun)
        if self.mark is None:
            return NOTHING  # the work never touched the database
        tables = session.scalars(
            select(AuditLog.entity).where(AuditLog.id > self.mark).distinct()
        ).all()
        return of_tables(set(tables))
