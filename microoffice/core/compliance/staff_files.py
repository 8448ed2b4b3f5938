"""The Schedule 3 staff file: every item CQC expects for each person employed (Reg 19).

DBS certificates are kept as metadata (number, issue date, Update Service) rather than images
(DOMAIN.md 3: DBS retention conflict); rechecks fall due every 3 years, or yearly Update Service
status checks for subscribers (record_rules.json).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.errors import ConflictError
from microoffice.core.models.staff import StaffCheck
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.records.rules import add_months, rule
from microoffice.core.services.forms import Checker
from microoffice.core.services.staff import get_staff
from microoffice.core.vocabulary import format_date


@dataclass(frozen=True)
class Item:
    kind: str
    label: str
    count: int = 1  # how many are needed (two references)
    optional: bool = False


SCHEDULE3: tuple[Item, ...] = (
    Item("photo_id", "Proof of identity with a recent photograph"),
    Item("dbs", "Enhanced DBS with adults' barred list"),
    Item("reference", "References, including the last care employer", count=2),
    Item("leaving_reason", "Why previous care work ended (verified)"),
    Item("qualifications", "Evidence of relevant qualifications"),
    Item("employment_history", "Full employment history, gaps explained"),
    Item("health", "Health declaration"),
    Item("right_to_work", "Right to work check"),
    Item(
        "professional_registration",
        "Professional registration (if a registered profession)",
        optional=True,
    ),
)
KINDS = {i.kind: i for i in SCHEDULE3}
CHECK_KINDS = (*KINDS, "dbs_update_check")


@dataclass
class CheckData:
    kind: str
    reference: str = ""
    issued_on: date | None = None
    checked_on: date | None = None
    next_due_on: date | None = None
    update_service: bool = False
    notes: str = ""


@needs(Right.STAFF)
def record_check(session: Session, staff_id: int, data: CheckData) -> StaffCheck:
    get_staff(session, staff_id)
    c = Checker()
    if data.kind not in CHECK_KINDS:
        c.fail("kind", "Choose which Schedule 3 item this is")
    checked = data.checked_on or clock.today()
    if checked > clock.today():
        c.fail("checked_on", "The check date cannot be in the future")
    if data.kind == "dbs":
        digits = "".join(ch for ch in data.reference if ch.isdigit())
        if len(digits) != 12:
            c.fail("reference", "A DBS certificate number has 12 digits")
        if data.issued_on is None:
            c.fail("issued_on", "Enter the certificate's issue date")
    if data.kind == "employment_history" and not data.notes.strip():
        c.fail("notes", "Note the history checked and the explanation of any gap over 4 weeks")
    if data.kind == "reference" and not data.reference.strip():
        c.fail("reference", "Who gave the reference (name and organisation)")
    if data.issued_on and data.issued_on > checked:
        c.fail("issued_on", "The issue date is after the date it was checked")
    c.done()
    existing = session.scalar(
        select(StaffCheck).where(
            StaffCheck.staff_id == staff_id,
            StaffCheck.kind == data.kind,
            StaffCheck.checked_on == checked,
        )
    )
    notes = data.notes.strip()
    if existing is not None:
        if data.kind != "reference":
            raise ConflictError(f"This item was already recorded on {format_date(checked)}.")
        # A second reference checked the same day: the table keeps one row per kind and day.
        notes = f"Checked {format_date(checked)}. {notes}".strip()
    row = StaffCheck(
        staff_id=staff_id,
        kind=data.kind,
        reference=data.reference.strip(),
        issued_on=data.issued_on,
        checked_on=checked if existing is None else None,
        next_due_on=data.next_due_on,
        update_service=data.update_service,
        notes=notes,
    )
    session.add(row)
    session.flush()
    return row


@dataclass(frozen=True)
class FileItem:
    kind: str
    label: str
    status: str  # done | missing | expired | due_soon | optional
    detail: str
    due_on: date | None


def dbs_due(checks: list[StaffCheck], session: Session | None = None) -> date | None:
    """When this person's DBS must next be rechecked (or status-checked on the Update Service)."""
    certs = [c for c in checks if c.kind == "dbs" and c.issued_on is not None]
    if not certs:
        return None
    cert = max(certs, key=lambda c: (c.issued_on or date.min, c.id))
    assert cert.issued_on is not None
    if cert.update_service:
        status_checks = [
            c.checked_on
            for c in checks
            if c.kind == "dbs_update_check" and c.checked_on and c.checked_on >= cert.issued_on
        ]
        last = max([cert.issued_on, *status_checks])
        return add_months(last, rule("dbs_update_check_months", session))
    return add_months(cert.issued_on, rule("dbs_recheck_months", session))


def _items(checks: list[StaffCheck], as_of: date, soon: int, session: Session) -> list[FileItem]:
    by_kind: dict[str, list[StaffCheck]] = defaultdict(list)
    for check in checks:
        by_kind[check.kind].append(check)
    out = []
    for item in SCHEDULE3:
        have = by_kind.get(item.kind, [])
        if len(have) < item.count:
            status = "optional" if item.optional else "missing"
            detail = f"{len(have)} of {item.count} on file" if item.count > 1 else "not on file"
            out.append(FileItem(item.kind, item.label, status, detail, None))
            continue
        latest = max(have, key=lambda c: (c.checked_on or date.min, c.id))
        due = dbs_due(checks, session) if item.kind == "dbs" else latest.next_due_on
        detail = f"checked {format_date(latest.checked_on)}" if latest.checked_on else "on file"
        if item.kind == "dbs":
            kind = "Update Service" if latest.update_service else "no Update Service"
            detail = (
                f"certificate {latest.reference}, issued {format_date(latest.issued_on)}, {kind}"
            )
        status = "done"
        if due is not None and due < as_of:
            status = "expired"
        elif due is not None and (due - as_of).days <= soon:
            status = "due_soon"
        out.append(FileItem(item.kind, item.label, status, detail, due))
    return out


@needs(Right.STAFF)
def staff_file(session: Session, staff_id: int, as_of: date | None = None) -> list[FileItem]:
    get_staff(session, staff_id)
    checks = list(session.scalars(select(StaffCheck).where(StaffCheck.staff_id == staff_id)))
    return _items(checks, as_of or clock.today(), rule("due_soon_days", session), session)


@needs(Right.STAFF)
def all_staff_files(
    session: Session, staff_ids: list[int], as_of: date | None = None
) -> dict[int, list[FileItem]]:
    """Every listed person's file in one query (dashboard, evidence pack)."""
    as_of = as_of or clock.today()
    by_staff: dict[int, list[StaffCheck]] = defaultdict(list)
    if staff_ids:
        for check in session.scalars(select(StaffCheck).where(StaffCheck.staff_id.in_(staff_ids))):
            if check.checked_on is None or check.checked_on <= as_of:
                by_staff[check.staff_id].append(check)
    soon = rule("due_soon_days", session)
    return {sid: _items(by_staff[sid], as_of, soon, session) for sid in staff_ids}
