"""The individual compliance checks behind the dashboard: one function per area, each reading its
records in a handful of queries and returning what is overdue (red) or due soon (amber)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.compliance import policies as policy_register
from microoffice.core.compliance.quality import last_survey, open_actions
from microoffice.core.compliance.readiness import readiness
from microoffice.core.compliance.renewals import RENEWAL_KINDS, list_renewals
from microoffice.core.compliance.scope import latest_scope
from microoffice.core.compliance.staff_files import all_staff_files
from microoffice.core.compliance.statements import statement
from microoffice.core.compliance.supervision import KINDS as SESSION_KINDS
from microoffice.core.compliance.supervision import schedule
from microoffice.core.compliance.training import (
    CARE_CERTIFICATE_PREFIX,
    active_staff,
    course_statement,
    training_matrix,
)
from microoffice.core.models.clients import Client
from microoffice.core.models.governance import ConsentRecord
from microoffice.core.models.records import Incident
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.records.careplans import latest_plans
from microoffice.core.records.complaints import ack_due, open_complaints
from microoffice.core.records.mar_slots import missing_doses
from microoffice.core.records.notifications import open_notifications
from microoffice.core.records.risk import RISK_KINDS, latest_risks
from microoffice.core.records.rules import add_months, rule
from microoffice.core.services.business import get_business
from microoffice.core.vocabulary import format_date, format_instant


@dataclass(frozen=True)
class DueItem:
    statement_id: str
    rag: str  # red | amber
    area: str
    title: str
    due_on: date | None = None
    detail: str = ""
    ref: tuple[str, int] | None = None

    @property
    def key_question(self) -> str:
        return statement(self.statement_id).key_question


def rag_of(items: Iterable[DueItem]) -> str:
    """Red if anything is overdue or missing, amber if anything is to look at, else green: one
    rule for the dashboard's cards and the evidence pack's key questions."""
    rags = {i.rag for i in items}
    if "red" in rags:
        return "red"
    return "amber" if rags else "green"


class _Collector:
    def __init__(self, session: Session, as_of: date) -> None:
        self.session = session
        self.as_of = as_of
        self.soon = rule("due_soon_days", session)
        self.items: list[DueItem] = []

    def rag(self, due: date | None) -> str | None:
        if due is None:
            return None
        if due < self.as_of:
            return "red"
        if (due - self.as_of).days <= self.soon:
            return "amber"
        return None

    def dated(
        self,
        due: date | None,
        sid: str,
        area: str,
        overdue: str,
        soon: str,
        detail: str = "",
        ref: tuple[str, int] | None = None,
    ) -> None:
        level = self.rag(due)
        if level is not None:
            title = overdue if level == "red" else soon
            self.items.append(DueItem(sid, level, area, title, due, detail, ref))

    def add(
        self,
        sid: str,
        rag: str,
        area: str,
        title: str,
        detail: str = "",
        ref: tuple[str, int] | None = None,
        due: date | None = None,
    ) -> None:
        self.items.append(DueItem(sid, rag, area, title, due, detail, ref))


@needs(Right.GOVERNANCE)
def active_clients(session: Session, as_of: date) -> list[Client]:
    rows = session.scalars(
        select(Client).where(Client.archived_at.is_(None), Client.date_of_death.is_(None))
    )
    return [
        c
        for c in rows
        if (c.start_date is None or c.start_date <= as_of)
        and (c.end_date is None or c.end_date >= as_of)
    ]


def _clients(c: _Collector) -> None:
    clients = active_clients(c.session, c.as_of)
    plans = latest_plans(c.session)
    names = {cl.id: cl.display_name for cl in clients}
    for client in clients:
        plan = plans.get(client.id)
        ref = ("client", client.id)
        if plan is None:
            c.add("E1", "red", "Care plans", f"No care plan for {client.display_name}", ref=ref)
            continue
        c.dated(
            plan.review_due,
            "E1",
            "Care plans",
            f"Care plan review overdue: {client.display_name}",
            f"Care plan review due: {client.display_name}",
            f"version {plan.version_no}, agreed {format_date(plan.agreed_on)}"
            if plan.agreed_on
            else "",
            ref,
        )
    for risk in latest_risks(c.session):
        if risk.client_id in names:
            c.dated(
                risk.review_due,
                "S4",
                "Risk assessments",
                f"{RISK_KINDS.get(risk.kind, risk.kind)} risk review overdue: {names[risk.client_id]}",
                f"{RISK_KINDS.get(risk.kind, risk.kind)} risk review due: {names[risk.client_id]}",
                f"level {risk.rag}",
                ("client", risk.client_id),
            )
    consent = list(c.session.scalars(select(ConsentRecord).order_by(ConsentRecord.id)))
    with_consent = {r.client_id for r in consent if r.kind == "consent"}
    for client in clients:
        if client.id not in with_consent:
            c.add(
                "E6",
                "amber",
                "Consent",
                f"No consent recorded for {client.display_name}",
                ref=("client", client.id),
            )
    latest_by_decision = {(r.client_id, r.kind, r.decision): r for r in consent}
    for r in latest_by_decision.values():
        if r.client_id in names:
            c.dated(
                r.review_due,
                "E6",
                "Consent",
                f"Consent/MCA review overdue: {names[r.client_id]}",
                f"Consent/MCA review due: {names[r.client_id]}",
                r.decision,
                ("client", r.client_id),
            )
    first = c.as_of - timedelta(days=rule("mar_gap_days", c.session))
    gaps = Counter(
        s.client_id for s in missing_doses(c.session, first, c.as_of) if s.client_id in names
    )
    for client_id, count in sorted(gaps.items()):
        c.add(
            "S8",
            "red",
            "Medicines",
            f"{count} due dose(s) with no MAR outcome: {names[client_id]}",
            f"since {format_date(first)}; a blank MAR is an audit failure",
            ("client", client_id),
        )
    if clients:
        last = last_survey(c.session)
        due = add_months(last, rule("client_survey_months", c.session)) if last else c.as_of
        c.dated(
            due,
            "R4",
            "Feedback",
            "Client feedback survey overdue",
            "Client feedback survey due",
            f"last survey {format_date(last)}" if last else "no survey on record",
        )


def _staff(c: _Collector) -> None:
    people = active_staff(c.session, c.as_of)
    names = {p.id: p.display_name for p in people}
    files = all_staff_files(c.session, list(names), c.as_of)
    for staff_id, items in files.items():
        ref = ("staff", staff_id)
        missing = [i.label for i in items if i.status == "missing" and i.kind != "dbs"]
        for item in items:
            if item.kind == "dbs" and item.status == "missing":
                c.add("S6", "red", "DBS", f"No DBS on file: {names[staff_id]}", ref=ref)
            elif item.kind == "dbs":
                c.dated(
                    item.due_on,
                    "S6",
                    "DBS",
                    f"DBS recheck overdue: {names[staff_id]}",
                    f"DBS recheck due: {names[staff_id]}",
                    item.detail,
                    ref,
                )
            elif item.kind == "right_to_work" and item.status != "missing":
                c.dated(
                    item.due_on,
                    "S6",
                    "Right to work",
                    f"Right to work expired: {names[staff_id]}",
                    f"Right to work expires: {names[staff_id]}",
                    ref=ref,
                )
        if missing:
            c.add(
                "S6",
                "red",
                "Staff files",
                f"Staff file incomplete: {names[staff_id]}",
                "missing: " + "; ".join(missing),
                ref,
            )
    matrix = training_matrix(c.session, c.as_of)
    cc_ids = {co.id for co in matrix.courses if co.name.startswith(CARE_CERTIFICATE_PREFIX)}
    for row in matrix.rows:
        ref = ("staff", row.staff_id)
        missing = []
        for course in matrix.courses:
            cell = row.cells[course.id]
            if not cell.needed:
                continue
            sid = course_statement(course.name)
            if cell.status in ("expired", "due_soon") and course.id not in cc_ids:
                c.dated(
                    cell.expires_on,
                    sid,
                    "Training",
                    f"{course.name} training expired: {row.name}",
                    f"{course.name} training expires: {row.name}",
                    ref=ref,
                )
            elif cell.status == "missing" and course.id not in cc_ids:
                missing.append(course.name)
        if missing:
            c.add(
                "S6",
                "amber",
                "Training",
                f"Mandatory training not recorded: {row.name}",
                ", ".join(missing),
                ref,
            )
        done, total = matrix.care_certificate(row)
        if total and done < total and row.role not in ("admin", "owner"):
            c.add(
                "S6",
                "amber",
                "Training",
                f"Care Certificate {done}/{total} standards: {row.name}",
                ref=ref,
            )
    for due in schedule(c.session, c.as_of):
        sid = "S6" if due.kind == "spot_check" else "C5"
        label = SESSION_KINDS[due.kind]
        last = f"last {format_date(due.last_held)}" if due.last_held else "none on record"
        c.dated(
            due.due_on,
            sid,
            label,
            f"{label} overdue: {due.staff_name}",
            f"{label} due: {due.staff_name}",
            last,
            ("staff", due.staff_id),
        )


def _governance(c: _Collector) -> None:
    current = policy_register.list_policies(c.session)
    for p in current:
        c.dated(
            p.review_due,
            "W5",
            "Policies",
            f"Policy review overdue: {p.title}",
            f"Policy review due: {p.title}",
            f"version {p.version_label}, owner {p.owner}",
            ("policy", p.id),
        )
    business = get_business(c.session)
    missing = policy_register.missing_required(current)
    if missing and (business.cqc_registered or current):
        c.add("W5", "amber", "Policies", "Policies CQC expects are missing", ", ".join(missing))
    for r in list_renewals(c.session):
        label = RENEWAL_KINDS.get(r.kind, r.name)
        c.dated(
            r.expires_on,
            "W5",
            "Renewals",
            f"{label} expired",
            f"{label} due for renewal",
            r.reference,
            ("renewal", r.id),
        )
    for action in open_actions(c.session):
        c.dated(
            action.due_on,
            "W7",
            "Actions",
            f"Action overdue: {action.description}",
            f"Action due: {action.description}",
            f"owner {action.owner}",
            ("action", action.id),
        )
    scope = latest_scope(c.session)
    if not business.cqc_registered and scope is not None and scope.result == "required":
        for check in readiness(c.session, c.as_of):
            if not check.done:
                c.add(
                    "W5", "amber", "Registration", f"Before applying: {check.label}", check.detail
                )


CODE_STATEMENT = {
    "LA_SAFEGUARDING": "S3",
    "CQC_ABUSE": "S3",
    "ICO_BREACH": "W5",
    "DATA_SUBJECTS": "W5",
}


def _incidents(c: _Collector) -> None:
    for complaint in open_complaints(c.session):
        ref = ("complaint", complaint.id)
        who = complaint.from_name
        if complaint.acknowledged_on is None:
            c.dated(
                ack_due(c.session, complaint),
                "R4",
                "Complaints",
                f"Complaint not acknowledged: {who}",
                f"Acknowledge complaint: {who}",
                f"received {format_date(complaint.received_on)}",
                ref,
            )
        c.dated(
            complaint.response_due,
            "R4",
            "Complaints",
            f"Complaint response overdue: {who}",
            f"Complaint response due: {who}",
            f"received {format_date(complaint.received_on)}",
            ref,
        )
    for state in open_notifications(c.session):
        code = state.due.code
        sid = CODE_STATEMENT.get(code, "S1" if code.startswith("DOC") else "W5")
        due = clock.to_local(state.due.due_at).date() if state.due.due_at else None
        rag = "red" if state.status == "overdue" else "amber"
        when = f" by {format_instant(state.due.due_at)}" if state.due.due_at else ""
        c.add(
            sid,
            rag,
            "Notifications",
            f"{state.due.title} (incident {state.incident_id})",
            f"to {state.due.to}{when}; {state.due.deadline}",
            ("incident", state.incident_id),
            due,
        )
    stale = clock.to_utc(c.as_of, datetime.min.time()) - timedelta(days=28)
    for incident in c.session.scalars(
        select(Incident).where(Incident.closed_at.is_(None), Incident.reported_at < stale)
    ):
        c.add(
            "S1",
            "amber",
            "Incidents",
            f"Incident {incident.id} open for over 28 days",
            incident.description[:80],
            ("incident", incident.id),
        )


@needs(Right.GOVERNANCE)
def all_items(session: Session, as_of: date | None = None) -> list[DueItem]:
    c = _Collector(session, as_of or clock.today())
    _clients(c)
    _staff(c)
    _governance(c)
    _incidents(c)
    return c.items
