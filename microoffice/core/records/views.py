"""What the Records page shows for one person, as frozen rows: read here, drawn by the window.

Each function reads what one tab lists (recent visits and notes, the care plan with its risks and
consent, the medicines and today's doses, complaints) in a few queries and returns plain values,
so the window never holds an ORM object or builds a query, and a test can read the same rows
without Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.errors import NotFoundError
from microoffice.core.models.records import CarePlan, Complaint, DailyNote, Medicine
from microoffice.core.models.staff import Staff
from microoffice.core.models.visits import Visit, visit_staff
from microoffice.core.people.guard import needs, row_of
from microoffice.core.people.rights import Right
from microoffice.core.people.signed import author_name
from microoffice.core.records import careplans, consent, notes, risk
from microoffice.core.records import medication as med
from microoffice.core.records.complaints import response_overdue
from microoffice.core.records.mar_slots import dose_slots
from microoffice.core.vocabulary import format_date, visit_status_label

VISIT_DAYS = 14  # the notes tab offers a note for any visit this recent
NOTE_DAYS = 90


# -- daily notes ----------------------------------------------------------------------------
@dataclass(frozen=True)
class VisitRow:
    """A recent visit of one person, and whether a note was written from it."""

    id: int
    started: datetime  # when it began (actual if recorded), aware
    status: str  # as worded in core/vocabulary.py
    carers: str
    noted: bool


@dataclass(frozen=True)
class NoteRow:
    """A daily note as listed: the latest version, flagged when late or amended."""

    id: int
    occurred_at: datetime
    recorded_at: datetime
    author: str  # who wrote it ("Barbara Whitmore for Anna Lee" when written on her behalf)
    text: str  # on one line
    flags: str
    view: notes.NoteView  # what Amend needs


@needs(Right.SEE_CARE, client="client_id")
def recent_visits(session: Session, client_id: int, days: int = VISIT_DAYS) -> list[VisitRow]:
    """The person's visits of the last `days` days up to now, newest first, with who went."""
    now = clock.now()
    visits = list(
        session.scalars(
            select(Visit)
            .where(
                Visit.client_id == client_id,
                Visit.planned_start >= now - timedelta(days=days),
                Visit.planned_start <= now,
            )
            .order_by(Visit.planned_start.desc())
        )
    )
    ids = [v.id for v in visits]
    carers: dict[int, list[str]] = {}
    for vid, staff in session.execute(
        select(visit_staff.c.visit_id, Staff)
        .join(Staff, Staff.id == visit_staff.c.staff_id)
        .where(visit_staff.c.visit_id.in_(ids))
        .order_by(visit_staff.c.visit_id, Staff.last_name, Staff.first_name)
    ):
        carers.setdefault(vid, []).append(staff.display_name)
    noted = set(session.scalars(select(DailyNote.visit_id).where(DailyNote.visit_id.in_(ids))))
    return [
        VisitRow(
            v.id,
            v.actual_start or v.planned_start,
            visit_status_label(v.status),
            ", ".join(carers.get(v.id, [])),
            v.id in noted,
        )
        for v in visits
    ]


@needs(Right.SEE_CARE, client="client_id")
def recent_notes(session: Session, client_id: int, days: int = NOTE_DAYS) -> list[NoteRow]:
    """The person's notes about the last `days` days, newest first."""
    views = notes.list_notes(session, client_id, start=clock.now() - timedelta(days=days))
    rows = []
    for v in reversed(views):
        flags = (["late entry"] if v.late else []) + (["amended"] if v.amends_id else [])
        by = author_name(v.author)
        rows.append(
            NoteRow(
                v.id,
                v.occurred_at,
                v.recorded_at,
                f"{by} for {v.on_behalf_of}" if v.on_behalf_of else by,
                " ".join(v.text.split()),
                ", ".join(flags),
                v,
            )
        )
    return rows


@dataclass(frozen=True)
class VisitTimes:
    """When a visit was, for a note written from it."""

    start: datetime
    end: datetime


@needs(Right.SEE_CARE, client=row_of("visit", "visit_id"))
def visit_times(session: Session, visit_id: int) -> VisitTimes:
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise NotFoundError("That visit is no longer on file; refresh the list.")
    return VisitTimes(
        visit.actual_start or visit.planned_start, visit.actual_end or visit.planned_end
    )


# -- the care plan --------------------------------------------------------------------------
@dataclass(frozen=True)
class PlanVersion:
    id: int
    version_no: int
    agreed_on: date | None
    agreed_by: str
    author: str
    review_due: date | None
    review_overdue: bool
    sections: tuple[tuple[str, str, str], ...]  # (key, label, text) in the plan's order

    def text_of(self) -> dict[str, str]:
        """Section texts by key, to start a review from."""
        return {key: text for key, _label, text in self.sections}


@dataclass(frozen=True)
class RiskRow:
    kind: str  # as worded in risk.RISK_KINDS
    rag: str  # red, amber or green
    summary: str
    controls: str
    review_due: date | None
    review_overdue: bool


@dataclass(frozen=True)
class CarePlanView:
    versions: tuple[PlanVersion, ...]  # newest first; empty before the first plan
    risks: tuple[RiskRow, ...]
    consents: tuple[str, ...]  # one line per recorded decision, newest first

    @property
    def current(self) -> PlanVersion | None:
        return self.versions[0] if self.versions else None


def _overdue(due: date | None, today: date) -> bool:
    return due is not None and due < today


def _version(p: CarePlan, today: date) -> PlanVersion:
    return PlanVersion(
        p.id,
        p.version_no,
        p.agreed_on,
        p.agreed_by,
        p.author,
        p.review_due,
        _overdue(p.review_due, today),
        tuple(
            (s.key, s.label, str(p.sections[s.key]))
            for s in careplans.SECTIONS
            if p.sections.get(s.key)
        ),
    )


@needs(Right.SEE_CARE, client="client_id")
def current_plan(session: Session, client_id: int) -> PlanVersion | None:
    """The version a review starts from, or None before the first plan."""
    plan = careplans.current_plan(session, client_id)
    return None if plan is None else _version(plan, clock.today())


@needs(Right.SEE_CARE, client="client_id")
def care_plan_view(session: Session, client_id: int) -> CarePlanView:
    """Every version of the care plan, the current risk assessments and the consent record."""
    today = clock.today()
    versions = tuple(_version(p, today) for p in careplans.plan_history(session, client_id))
    risks = tuple(
        RiskRow(
            risk.RISK_KINDS.get(r.kind, r.kind),
            r.rag,
            r.summary,
            r.controls,
            r.review_due,
            _overdue(r.review_due, today),
        )
        for r in sorted(risk.current_risks(session, client_id).values(), key=lambda r: r.kind)
    )
    consents = tuple(
        f"{r.decision}: {r.outcome.replace('_', ' ')} "
        f"({r.given_by or r.assessed_by}, {format_date(r.recorded_on)})"
        for r in consent.consent_history(session, client_id)
    )
    return CarePlanView(versions, risks, consents)


# -- medicines ------------------------------------------------------------------------------
@dataclass(frozen=True)
class MedicineRow:
    id: int
    name: str
    strength: str
    dose: str
    prn: bool
    prn_max_doses_24h: int | None
    prn_min_interval_minutes: int | None
    support_level: str  # prompt, assist or administer

    @property
    def title(self) -> str:
        return f"{self.name} {self.strength}".strip()


def _medicine_row(m: Medicine) -> MedicineRow:
    return MedicineRow(
        m.id,
        m.name,
        m.strength,
        m.dose,
        m.prn,
        m.prn_max_doses_24h,
        m.prn_min_interval_minutes,
        m.support_level,
    )


@needs(Right.SEE_CARE, client=row_of("medicine", "medicine_id"))
def medicine(session: Session, medicine_id: int) -> MedicineRow:
    return _medicine_row(med.get_medicine(session, medicine_id))


@needs(Right.SEE_CARE, client="client_id")
def medicines_on(session: Session, client_id: int, day: date) -> list[MedicineRow]:
    """The person's medicines prescribed on `day`."""
    return [_medicine_row(m) for m in med.client_medicines(session, client_id, day)]


@dataclass(frozen=True)
class DoseRow:
    """A scheduled dose due on the day, and what was recorded for it so far."""

    id: int  # its place in the day's list
    medicine_id: int
    medicine: str
    due: datetime
    outcome: str  # the MAR code's label, or "" while nothing is recorded


@needs(Right.SEE_CARE, client="client_id")
def doses_due(session: Session, client_id: int, day: date) -> list[DoseRow]:
    codes = med.mar_codes()
    return [
        DoseRow(
            i,
            s.medicine_id,
            s.medicine_name,
            s.scheduled_at,
            codes[s.outcome].label if s.outcome in codes else (s.outcome or ""),
        )
        for i, s in enumerate(dose_slots(session, day, day, client_id=client_id))
    ]


# -- complaints -----------------------------------------------------------------------------
@dataclass(frozen=True)
class ComplaintRow:
    id: int
    kind: str  # complaint or compliment
    received_on: date
    who: str
    summary: str
    status: str  # "answered 03/12/2026", "OVERDUE (due ...)", "acknowledged, due ..."


def complaint_status(c: Complaint, today: date) -> str:
    if c.kind == "compliment":
        return "—"
    if c.responded_on:
        return f"answered {format_date(c.responded_on)}"
    if response_overdue(c, today):
        return f"OVERDUE (due {format_date(c.response_due)})"
    state = "acknowledged" if c.acknowledged_on else "open"
    return f"{state}, due {format_date(c.response_due)}" if c.response_due else state


@needs(Right.GOVERNANCE)
def complaint_rows(session: Session, client_id: int) -> list[ComplaintRow]:
    """The person's complaints and compliments, newest first."""
    today = clock.today()
    return [
        ComplaintRow(
            c.id, c.kind, c.received_on, c.from_name, c.summary, complaint_status(c, today)
        )
        for c in session.scalars(
            select(Complaint)
            .where(Complaint.client_id == client_id)
            .order_by(Complaint.received_on.desc(), Complaint.id.desc())
        )
    ]
