"""Everything held about one person, as PDF and JSON, for a subject access request (DOMAIN.md 11.4).

Originals are never altered: amended notes and MAR entries appear with their corrections, so the
person sees exactly what was written, when and by whom. The JSON carries the same content for
machine-readable disclosure.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any, BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.models.clients import Contact, FundingArrangement
from microoffice.core.models.governance import BodyMapMark, ConsentRecord
from microoffice.core.models.records import (
    CarePlan,
    Complaint,
    Incident,
    MarEntry,
    Medicine,
    RiskAssessment,
)
from microoffice.core.models.staff import Staff
from microoffice.core.models.visits import Visit, visit_staff
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.records.careplans import section_label
from microoffice.core.records.incident_types import INCIDENT_KINDS
from microoffice.core.records.medication import mar_codes
from microoffice.core.records.notes import list_notes
from microoffice.core.reports.rota import business_name
from microoffice.core.services.clients import get_client
from microoffice.core.vocabulary import format_date, format_instant

Rows = tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Section:
    title: str
    header: tuple[str, ...]
    rows: Rows
    widths: tuple[float, ...]


@dataclass(frozen=True)
class ClientRecordData:
    business: str
    client_name: str
    identity: tuple[tuple[str, str], ...]
    sections: tuple[Section, ...]
    prepared_on: date


@needs(Right.GOVERNANCE)
def collect(session: Session, client_id: int) -> ClientRecordData:
    client = get_client(session, client_id)
    staff = {s.id: s.display_name for s in session.scalars(select(Staff))}
    identity = (
        ("Name", client.full_name),
        ("Preferred name", client.preferred_name),
        ("Date of birth", format_date(client.date_of_birth)),
        ("NHS number", client.nhs_number),
        ("Address", ", ".join(client.address_lines)),
        ("Phone", client.phone),
        ("GP practice", client.gp_practice),
        ("Communication needs", client.communication_needs),
        ("Care started", format_date(client.start_date)),
        ("Care ended", format_date(client.end_date)),
    )
    sections = [
        _contacts(session, client_id),
        _care_plans(session, client_id),
        _risks(session, client_id),
        _consent(session, client_id),
        _notes(session, client_id, staff),
        _medicines(session, client_id),
        _mar(session, client_id, staff),
        _incidents(session, client_id),
        _complaints(session, client_id),
        _visits(session, client_id, staff),
        _marks(session, client_id),
        *_outcomes(session, client_id),
    ]
    return ClientRecordData(
        business=business_name(session),
        client_name=client.full_name,
        identity=tuple((k, v) for k, v in identity if v),
        sections=tuple(sections),
        prepared_on=clock.today(),
    )


def _outcomes(session: Session, client_id: int) -> list[Section]:
    # Hook (issue 8): outcome goals and feedback checks are kept by core/growth.
    from microoffice.core.growth.sharing import record_tables

    return [Section(*table) for table in record_tables(session, client_id)]


def _contacts(session: Session, client_id: int) -> Section:
    rows = [
        (c.kind.replace("_", " "), c.name, c.relationship_to_client, c.phone, c.email)
        for c in session.scalars(
            select(Contact).where(Contact.client_id == client_id).order_by(Contact.id)
        )
    ]
    rows += [
        (
            "funding",
            f.funding_type,
            f.council_reference,
            format_date(f.start_date),
            format_date(f.end_date),
        )
        for f in session.scalars(
            select(FundingArrangement).where(FundingArrangement.client_id == client_id)
        )
    ]
    return Section(
        "Contacts and funding",
        ("Kind", "Name / type", "Relationship / ref", "Phone / from", "Email / to"),
        tuple(rows),
        (0.16, 0.24, 0.2, 0.18, 0.22),
    )


def _care_plans(session: Session, client_id: int) -> Section:
    rows = []
    for plan in session.scalars(
        select(CarePlan).where(CarePlan.client_id == client_id).order_by(CarePlan.version_no)
    ):
        head = f"Version {plan.version_no}, agreed {format_date(plan.agreed_on)} by {plan.agreed_by}; review due {format_date(plan.review_due)}; written by {plan.author}"
        rows.append((head, ""))
        rows += [(f"  {section_label(k)}", v) for k, v in plan.sections.items()]
    return Section("Care plans (every version)", ("Section", "Text"), tuple(rows), (0.3, 0.7))


def _risks(session: Session, client_id: int) -> Section:
    rows = tuple(
        (
            format_date(r.assessed_on),
            r.kind.replace("_", " "),
            r.rag,
            r.summary,
            r.controls,
            format_date(r.review_due),
        )
        for r in session.scalars(
            select(RiskAssessment)
            .where(RiskAssessment.client_id == client_id)
            .order_by(RiskAssessment.id)
        )
    )
    return Section(
        "Risk assessments",
        ("Assessed", "Type", "Level", "Risk", "Controls", "Review"),
        rows,
        (0.11, 0.14, 0.07, 0.28, 0.28, 0.12),
    )


def _consent(session: Session, client_id: int) -> Section:
    rows = tuple(
        (
            format_date(r.recorded_on),
            r.kind.replace("_", " "),
            r.decision,
            r.outcome.replace("_", " "),
            r.given_by or r.assessed_by,
            r.details,
        )
        for r in session.scalars(
            select(ConsentRecord)
            .where(ConsentRecord.client_id == client_id)
            .order_by(ConsentRecord.id)
        )
    )
    return Section(
        "Consent and mental capacity",
        ("Date", "Kind", "Decision", "Outcome", "By", "Details"),
        rows,
        (0.1, 0.12, 0.22, 0.12, 0.14, 0.3),
    )


def _notes(session: Session, client_id: int, staff: dict[int, str]) -> Section:
    rows = []
    for n in list_notes(session, client_id, include_superseded=True):
        flags = []
        if n.late:
            flags.append(f"LATE ENTRY: {n.late_reason}")
        if n.amends_id:
            flags.append(f"AMENDS an earlier note: {n.amend_reason}")
        if n.superseded_by:
            flags.append("later amended")
        rows.append(
            (
                format_instant(n.occurred_at),
                format_instant(n.recorded_at),
                n.author or staff.get(n.staff_id or 0, ""),
                n.text + ("\n" + "; ".join(flags) if flags else ""),
            )
        )
    return Section(
        "Daily notes (with amendments and late entries)",
        ("Care at", "Written at", "By", "Note"),
        tuple(rows),
        (0.14, 0.14, 0.14, 0.58),
    )


def _medicines(session: Session, client_id: int) -> Section:
    rows = tuple(
        (
            m.name,
            m.strength,
            m.dose,
            ", ".join(m.times) or "PRN",
            m.support_level,
            format_date(m.start_date),
            format_date(m.stop_date),
            m.prescriber,
        )
        for m in session.scalars(
            select(Medicine).where(Medicine.client_id == client_id).order_by(Medicine.id)
        )
    )
    return Section(
        "Medicines",
        ("Medicine", "Strength", "Dose", "Times", "Support", "Start", "Stop", "Prescriber"),
        rows,
        (0.16, 0.14, 0.1, 0.12, 0.1, 0.1, 0.1, 0.18),
    )


def _mar(session: Session, client_id: int, staff: dict[int, str]) -> Section:
    codes = mar_codes()
    names = dict(
        session.execute(
            select(Medicine.id, Medicine.name).where(Medicine.client_id == client_id)
        ).all()
    )
    entries = session.scalars(
        select(MarEntry)
        .where(MarEntry.medicine_id.in_(list(names)))
        .order_by(MarEntry.recorded_at, MarEntry.id)
    )
    rows = tuple(
        (
            format_instant(e.scheduled_at) or "PRN",
            format_instant(e.recorded_at),
            names[e.medicine_id],
            codes[e.outcome].label if e.outcome in codes else e.outcome,
            "; ".join(
                x
                for x in (e.reason, e.notes, f"correction: {e.amend_reason}" if e.amends_id else "")
                if x
            ),
            staff.get(e.staff_id or 0, e.author),
        )
        for e in entries
    )
    return Section(
        "Medicines administration record",
        ("Due", "Given / recorded", "Medicine", "Outcome", "Reason / notes", "By"),
        rows,
        (0.13, 0.13, 0.16, 0.16, 0.28, 0.14),
    )


def _incidents(session: Session, client_id: int) -> Section:
    rows = tuple(
        (
            format_instant(i.occurred_at),
            INCIDENT_KINDS.get(i.kind, i.kind),
            i.description,
            i.actions,
            i.lessons,
            format_instant(i.closed_at),
        )
        for i in session.scalars(
            select(Incident).where(Incident.client_id == client_id).order_by(Incident.occurred_at)
        )
    )
    return Section(
        "Incidents and safeguarding",
        ("When", "Kind", "What happened", "Actions", "Lessons", "Closed"),
        rows,
        (0.12, 0.13, 0.3, 0.17, 0.17, 0.11),
    )


def _complaints(session: Session, client_id: int) -> Section:
    rows = tuple(
        (
            format_date(c.received_on),
            c.kind,
            c.from_name,
            c.summary,
            c.outcome,
            format_date(c.responded_on),
        )
        for c in session.scalars(
            select(Complaint)
            .where(Complaint.client_id == client_id)
            .order_by(Complaint.received_on)
        )
    )
    return Section(
        "Complaints and compliments",
        ("Received", "Kind", "From", "Summary", "Outcome", "Answered"),
        rows,
        (0.11, 0.1, 0.14, 0.3, 0.25, 0.1),
    )


def _visits(session: Session, client_id: int, staff: dict[int, str]) -> Section:
    carers: dict[int, list[str]] = {}
    for visit_id, staff_id in session.execute(
        select(visit_staff.c.visit_id, visit_staff.c.staff_id)
        .join(Visit, Visit.id == visit_staff.c.visit_id)
        .where(Visit.client_id == client_id)
    ):
        carers.setdefault(visit_id, []).append(staff.get(staff_id, ""))
    rows = tuple(
        (
            format_instant(v.planned_start),
            format_instant(v.actual_start),
            format_instant(v.actual_end),
            v.status,
            ", ".join(carers.get(v.id, [])),
        )
        for v in session.scalars(
            select(Visit).where(Visit.client_id == client_id).order_by(Visit.planned_start)
        )
    )
    return Section(
        "Visits",
        ("Planned", "Arrived", "Left", "Status", "Carers"),
        rows,
        (0.18, 0.18, 0.18, 0.14, 0.32),
    )


def _marks(session: Session, client_id: int) -> Section:
    rows = tuple(
        (
            format_instant(m.created_at),
            m.side,
            f"{m.x / 10:.0f}% across, {m.y / 10:.0f}% down",
            m.description,
            m.author,
        )
        for m in session.scalars(
            select(BodyMapMark).where(BodyMapMark.client_id == client_id).order_by(BodyMapMark.id)
        )
    )
    return Section(
        "Body map marks",
        ("Recorded", "Side", "Position", "What was seen", "By"),
        rows,
        (0.14, 0.08, 0.2, 0.42, 0.16),
    )


def to_json(data: ClientRecordData) -> str:
    payload: dict[str, Any] = {
        "format": "microoffice-subject-access",
        "business": data.business,
        "prepared_on": data.prepared_on.isoformat(),
        "person": dict(data.identity),
        "sections": [
            {"title": s.title, "records": [dict(zip(s.header, row, strict=True)) for row in s.rows]}
            for s in data.sections
        ],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False)


def _setup(data: ClientRecordData) -> Any:
    from microoffice.core.reports import styles

    return styles.PageSetup(
        title=f"Records held about {data.client_name}",
        business=data.business,
        printed_on=data.prepared_on,
        landscape=True,
        footer_note="Subject access disclosure: confidential",
    )


def story(data: ClientRecordData) -> list[Any]:
    from microoffice.core.reports import styles

    st = styles.stylesheet()
    width = styles.frame_width(_setup(data))
    out: list[Any] = [
        styles.para(f"Records held about {data.client_name}", st.title),
        styles.para(
            f"Prepared {data.prepared_on:%d %B %Y} by {data.business or 'the provider'} in answer to a "
            "subject access request. Every version of every record is included; corrections are "
            "shown next to what they corrected.",
            st.subtitle,
        ),
        styles.data_table(
            ["Detail", "Held"], [list(r) for r in data.identity], [width * 0.25, width * 0.75]
        ),
    ]
    for section in data.sections:
        out.append(styles.para(f"{section.title} ({len(section.rows)})", st.heading))
        if not section.rows:
            out.append(styles.para("None held.", st.small))
            continue
        out.append(
            styles.data_table(
                list(section.header),
                [list(r) for r in section.rows],
                [width * w for w in section.widths],
            )
        )
    return out


def render(data: ClientRecordData, out: BinaryIO) -> None:
    from microoffice.core.reports import styles

    styles.render(out, story(data), _setup(data))


def as_dict(data: ClientRecordData) -> dict[str, Any]:
    return asdict(data)
