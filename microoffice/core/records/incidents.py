"""Incidents, accidents, safeguarding concerns and other notifiable events.

An incident can be corrected while it is open (every change is audited); once closed, with lessons
learned and every notification sent or decided against, it is frozen by the services and by a
database trigger. Anything learned later is an addendum note, which keeps the closed file intact.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.errors import ConflictError, NotFoundError, ValidationError
from microoffice.core.models.clients import FundingArrangement
from microoffice.core.models.governance import IncidentNote
from microoffice.core.models.records import Incident
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.records.incident_types import (
    HARM_LEVELS,
    INCIDENT_KINDS,
    SAFEGUARDING_CATEGORIES,
)
from microoffice.core.services.clients import check_version, get_client
from microoffice.core.services.forms import Checker
from microoffice.core.vocabulary import format_date

NEEDS_CLIENT = frozenset({"death", "medication_error", "safeguarding", "missed_visit", "fall"})
NEEDS_DATE = {
    "manager_absence": ("absence_start", "the first day of the absence"),
    "sop_revision": ("revised_on", "the date the statement of purpose was revised"),
    "cqc_governance_request": ("requested_on", "the date the CQC's request arrived"),
    "cqc_complaints_request": ("requested_on", "the date the CQC's request arrived"),
    "registration_change": ("change_on", "the date the change takes effect"),
}
COMMISSIONED = frozenset({"LA", "CHC", "ISF", "DP_MANAGED"})


@dataclass
class IncidentData:
    kind: str = ""
    description: str = ""
    occurred_at: datetime | None = None
    aware_at: datetime | None = None
    client_id: int | None = None
    staff_id: int | None = None
    harm: str = "none"
    immediate_actions: str = ""
    location: str = ""
    answers: dict[str, Any] = field(default_factory=dict)


def _validate(session: Session, data: IncidentData) -> None:
    c = Checker()
    if data.kind not in INCIDENT_KINDS:
        c.fail("kind", "Choose what kind of incident this is")
    c.required("description", data.description, "What happened (facts, in your own words)")
    if data.harm not in HARM_LEVELS:
        c.fail("harm", "Choose the level of harm: " + ", ".join(HARM_LEVELS.values()))
    now = clock.now() + timedelta(minutes=5)
    if data.occurred_at is None:
        c.fail("occurred_at", "Enter when it happened (or when it was found)")
    elif data.occurred_at > now:
        c.fail("occurred_at", "An incident cannot be in the future")
    if data.aware_at is not None and data.aware_at > now:
        c.fail("aware_at", "The time you found out cannot be in the future")
    if data.occurred_at and data.aware_at and data.aware_at < data.occurred_at:
        c.fail("aware_at", "You cannot have found out before it happened")
    if data.kind in NEEDS_CLIENT and data.client_id is None:
        c.fail("client_id", f"Choose the person this {INCIDENT_KINDS[data.kind].lower()} concerns")
    if data.client_id is not None:
        get_client(session, data.client_id)
    if data.kind == "safeguarding" and data.answers.get("category") not in SAFEGUARDING_CATEGORIES:
        c.fail("category", "Choose the type of abuse or neglect (Care Act categories)")
    if data.kind in NEEDS_DATE:
        key, what = NEEDS_DATE[data.kind]
        if not data.answers.get(key):
            c.fail(key, f"Enter {what}")
    person = data.answers.get("person_affected")
    if person is not None and person not in ("client", "staff", "other"):
        c.fail("person_affected", "The person affected is the client, a worker or someone else")
    c.done()


def _council_funded(session: Session, client_id: int) -> bool:
    today = clock.today()
    rows = session.scalars(
        select(FundingArrangement.funding_type).where(
            FundingArrangement.client_id == client_id,
            (FundingArrangement.end_date.is_(None)) | (FundingArrangement.end_date >= today),
        )
    )
    return any(kind in COMMISSIONED for kind in rows)


def _answers(session: Session, data: IncidentData) -> dict[str, Any]:
    answers = {k: v for k, v in data.answers.items() if v not in (None, "")}
    if data.location.strip():
        answers["location"] = data.location.strip()
    if data.client_id is not None and "council_funded" not in answers:
        answers["council_funded"] = _council_funded(session, data.client_id)
    return answers


@needs(Right.GOVERNANCE)
def record_incident(session: Session, data: IncidentData, author: str) -> Incident:
    _validate(session, data)
    assert data.occurred_at is not None
    incident = Incident(
        kind=data.kind,
        client_id=data.client_id,
        staff_id=data.staff_id,
        occurred_at=data.occurred_at,
        reported_at=data.aware_at or clock.now(),
        description=data.description.strip(),
        severity=data.harm,
        actions=data.immediate_actions.strip(),
        facts={**_answers(session, data), "reported_by": author},
    )
    session.add(incident)
    session.flush()
    return incident


@needs(Right.GOVERNANCE)
def get_incident(session: Session, incident_id: int) -> Incident:
    incident = session.get(Incident, incident_id)
    if incident is None:
        raise NotFoundError(f"There is no incident {incident_id}.")
    return incident


def refuse_if_closed(incident: Incident) -> None:
    if incident.closed_at is not None:
        raise ConflictError(
            f"Incident {incident.id} was closed on {format_date(clock.to_local(incident.closed_at))}. "
            "A closed incident cannot be changed: add an addendum note instead."
        )


@needs(Right.GOVERNANCE)
def update_incident(
    session: Session,
    incident_id: int,
    data: IncidentData,
    expected_version: int | None = None,
) -> Incident:
    incident = get_incident(session, incident_id)
    refuse_if_closed(incident)
    check_version(incident, expected_version)
    _validate(session, data)
    assert data.occurred_at is not None
    reported_by = incident.facts.get("reported_by", "")
    incident.kind = data.kind
    incident.client_id = data.client_id
    incident.staff_id = data.staff_id
    incident.occurred_at = data.occurred_at
    incident.reported_at = data.aware_at or incident.reported_at
    incident.description = data.description.strip()
    incident.severity = data.harm
    incident.actions = data.immediate_actions.strip()
    incident.facts = {**_answers(session, data), "reported_by": reported_by}
    session.flush()
    return incident


@needs(Right.GOVERNANCE)
def add_incident_note(
    session: Session, incident_id: int, text: str, author: str, kind: str = "update"
) -> IncidentNote:
    """A dated entry on the incident's file; after closure it is always an addendum."""
    incident = get_incident(session, incident_id)
    if kind not in ("update", "investigation", "addendum", "safeguarding"):
        raise ValidationError(
            {"kind": "A note is an update, investigation, safeguarding or addendum"}
        )
    c = Checker()
    body = c.required("text", text, "The note")
    c.done()
    note = IncidentNote(
        incident_id=incident.id,
        kind="addendum" if incident.closed_at is not None else kind,
        text=body,
        author=author,
    )
    session.add(note)
    session.flush()
    return note


@needs(Right.GOVERNANCE)
def incident_notes(session: Session, incident_id: int) -> list[IncidentNote]:
    return list(
        session.scalars(
            select(IncidentNote)
            .where(IncidentNote.incident_id == incident_id)
            .order_by(IncidentNote.id)
        )
    )


@dataclass(frozen=True)
class IncidentRow:
    id: int
    kind: str
    kind_label: str
    client_id: int | None
    occurred_at: datetime
    harm: str
    summary: str
    closed: bool


@needs(Right.GOVERNANCE)
def list_incidents(
    session: Session,
    start: datetime | None = None,
    end: datetime | None = None,
    client_id: int | None = None,
    open_only: bool = False,
) -> list[IncidentRow]:
    stmt = select(Incident).order_by(Incident.occurred_at.desc(), Incident.id.desc())
    if start is not None:
        stmt = stmt.where(Incident.occurred_at >= start)
    if end is not None:
        stmt = stmt.where(Incident.occurred_at < end)
    if client_id is not None:
        stmt = stmt.where(Incident.client_id == client_id)
    if open_only:
        stmt = stmt.where(Incident.closed_at.is_(None))
    return [
        IncidentRow(
            id=i.id,
            kind=i.kind,
            kind_label=INCIDENT_KINDS.get(i.kind, i.kind),
            client_id=i.client_id,
            occurred_at=i.occurred_at,
            harm=i.severity,
            summary=i.description if len(i.description) <= 80 else i.description[:77] + "...",
            closed=i.closed_at is not None,
        )
        for i in session.scalars(stmt)
    ]
