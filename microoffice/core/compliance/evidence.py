"""What the records show for each quality statement over a period: counts, examples and gaps.

This is the data behind the evidence pack (reports/evidence_pack.py). Every source is read with a
few aggregate queries, never one query per row, so a year of a team's records stays quick. Gaps are
worked out as at the end of the period (or today, if the period has not ended).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.compliance import statements as qs
from microoffice.core.compliance.checks import DueItem, active_clients, rag_of
from microoffice.core.compliance.quality import REVIEW_KINDS
from microoffice.core.compliance.training import course_statement
from microoffice.core.db.chain import ChainHead
from microoffice.core.models.clients import Client, Contact
from microoffice.core.models.governance import ConsentRecord, QualityAction, QualityReview
from microoffice.core.models.records import (
    CarePlan,
    Complaint,
    DailyNote,
    EvidenceLink,
    Incident,
    MarEntry,
    NotificationSent,
    Policy,
    RiskAssessment,
)
from microoffice.core.models.staff import (
    Staff,
    StaffCheck,
    Supervision,
    TrainingCourse,
    TrainingRecord,
)
from microoffice.core.models.visits import Visit
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.records.complaints import answered_on_time
from microoffice.core.records.incident_types import INCIDENT_KINDS
from microoffice.core.records.notification_rules import CATALOGUE
from microoffice.core.records.risk import RISK_KINDS
from microoffice.core.reports.rota import business_name
from microoffice.core.vocabulary import format_date

MAX_EXAMPLES = 3
NO_EVIDENCE = "No evidence recorded for this statement in the period"
GAPS_HEADLINE = "Statements with something to fix or look at"
ON_TIME = timedelta(minutes=15)
PROFESSIONALS = ("gp", "social_worker")


@dataclass(frozen=True)
class Evidence:
    label: str
    count: int
    note: str = ""


@dataclass(frozen=True)
class StatementSection:
    id: str
    name: str
    summary: str
    evidence: tuple[Evidence, ...]
    examples: tuple[str, ...]
    gaps: tuple[str, ...]  # what is overdue or missing (red findings), as counted phrases
    to_look_at: tuple[str, ...] = ()  # due soon, or no evidence in the period (amber findings)
    findings: tuple[DueItem, ...] = ()  # the findings themselves (compliance/findings.py)

    @property
    def total(self) -> int:
        return sum(e.count for e in self.evidence)


@dataclass(frozen=True)
class KeyQuestionSection:
    id: str
    name: str
    statements: tuple[StatementSection, ...]

    @property
    def findings(self) -> tuple[DueItem, ...]:
        return tuple(i for s in self.statements for i in s.findings)

    @property
    def rag(self) -> str:
        """The same red, amber or green as the dashboard's card for this key question."""
        return rag_of(self.findings)


@dataclass(frozen=True)
class EvidencePackData:
    business: str
    start: date
    end: date
    as_of: date
    prepared_on: date
    headline: tuple[tuple[str, int], ...]
    sections: tuple[KeyQuestionSection, ...]
    chain_head: ChainHead | None = None  # the audit log as it stood: a printed anchor

    @property
    def gaps(self) -> list[tuple[str, str]]:
        """(statement, phrase) for what is overdue or missing."""
        return [(s.id, g) for kq in self.sections for s in kq.statements for g in s.gaps]

    @property
    def to_look_at(self) -> list[tuple[str, str]]:
        """(statement, phrase) for what is due soon or has no evidence in the period."""
        return [(s.id, g) for kq in self.sections for s in kq.statements for g in s.to_look_at]


@dataclass
class _Acc:
    evidence: dict[str, list[Evidence]] = field(default_factory=lambda: defaultdict(list))
    examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, tags: list[str] | str, label: str, count: int, note: str = "") -> None:
        if count <= 0:
            return
        for sid in [tags] if isinstance(tags, str) else tags:
            self.evidence[sid].append(Evidence(label, count, note))

    def example(self, tags: list[str] | str, text: str) -> None:
        for sid in [tags] if isinstance(tags, str) else tags:
            if len(self.examples[sid]) < MAX_EXAMPLES:
                self.examples[sid].append(text)


def short_name(first: str, last: str) -> str:
    """'Edna P.': enough for an inspector to ask for the file, without spreading full names."""
    return f"{first} {last[:1]}.".strip()


def _between(column: Any, start: datetime, end: datetime) -> ColumnElement[bool]:
    return and_(column >= start, column < end)


@needs(Right.GOVERNANCE)
def gather(session: Session, start: date, end: date) -> EvidencePackData:
    """What the records show for each statement over the period, with no findings yet: those
    come from compliance/findings.py (`attach`), the same ones the dashboard shows."""
    as_of = min(end, clock.today())
    s_utc, e_utc = clock.to_utc(start, time(0)), clock.to_utc(end + timedelta(days=1), time(0))
    acc = _Acc()
    tag = qs.artefact_tags
    names = {
        cid: short_name(first, last)
        for cid, first, last in session.execute(
            select(Client.id, Client.first_name, Client.last_name)
        )
    }
    _care(session, acc, tag, names, start, end, s_utc, e_utc)
    _safety(session, acc, tag, names, s_utc, e_utc)
    _people(session, acc, tag, start, end)
    _governance(session, acc, tag, start, end, as_of)
    sections = []
    for kq in qs.key_questions():
        items = []
        for st in qs.by_key_question()[kq.id]:
            items.append(
                StatementSection(
                    st.id,
                    st.name,
                    st.summary,
                    tuple(acc.evidence.get(st.id, [])),
                    tuple(acc.examples.get(st.id, [])),
                    (),
                )
            )
        sections.append(KeyQuestionSection(kq.id, kq.name, tuple(items)))
    clients_now = len(active_clients(session, as_of))
    staff_now = session.scalar(select(func.count(Staff.id)).where(Staff.archived_at.is_(None))) or 0
    visits = sum(e.count for e in acc.evidence.get("C4", []) if e.label == "Visits completed")
    headline = (
        ("People supported (at the end of the period)", clients_now),
        ("Staff", staff_now),
        ("Visits completed in the period", visits),
        (GAPS_HEADLINE, 0),  # counted once the findings are attached
    )
    return EvidencePackData(
        business=business_name(session),
        start=start,
        end=end,
        as_of=as_of,
        prepared_on=clock.today(),
        headline=headline,
        sections=tuple(sections),
    )


def _care(
    session: Session,
    acc: _Acc,
    tag: object,
    names: dict[int, str],
    start: date,
    end: date,
    s_utc: datetime,
    e_utc: datetime,
) -> None:
    t = qs.artefact_tags
    # visits: completed, on time, missed
    rows = session.execute(
        select(Visit.status, Visit.planned_start, Visit.actual_start).where(
            _between(Visit.planned_start, s_utc, e_utc)
        )
    ).all()
    done = [r for r in rows if r.status == "completed"]
    on_time = sum(
        1
        for r in done
        if r.actual_start is not None and r.actual_start - r.planned_start <= ON_TIME
    )
    if done:
        acc.add(
            t("visit"),
            "Visits completed",
            len(done),
            f"{round(100 * on_time / len(done))}% started within 15 minutes of the planned time",
        )
    missed = sum(1 for r in rows if r.status == "missed")
    acc.add(["C4", "R2"], "Missed visits recorded and followed up", missed)
    # daily notes
    notes = session.execute(
        select(
            DailyNote.occurred_at, DailyNote.created_at, DailyNote.amends_id, DailyNote.staff_id
        ).where(_between(DailyNote.occurred_at, s_utc, e_utc))
    ).all()
    originals = [n for n in notes if n.amends_id is None]
    late = sum(1 for n in originals if n.created_at - n.occurred_at > timedelta(hours=24))
    amended = len(notes) - len(originals)
    acc.add(
        t("daily_note"),
        "Daily notes written",
        len(originals),
        f"{late} late entries with reasons; {amended} amendments with reasons",
    )
    # care plans
    plans = list(
        session.scalars(
            select(CarePlan)
            .where(CarePlan.agreed_on >= start, CarePlan.agreed_on <= end)
            .order_by(CarePlan.agreed_on.desc())
        )
    )
    acc.add(t("care_plan"), "Care plans agreed or reviewed with the person", len(plans))
    for p in plans:
        word = "agreed" if p.version_no == 1 else "reviewed"
        acc.example(
            t("care_plan"),
            f"Care plan v{p.version_no} for {names.get(p.client_id, '?')} {word} {format_date(p.agreed_on)} with {p.agreed_by}",
        )
    acc.add(
        t("care_plan_outcomes"),
        "Care plans with outcomes agreed",
        sum(1 for p in plans if p.sections.get("outcomes")),
    )
    acc.add(
        t("care_plan_end_of_life"),
        "Care plans recording future wishes",
        sum(1 for p in plans if p.sections.get("future")),
    )
    # risk assessments
    risks = session.execute(
        select(RiskAssessment.kind, func.count(RiskAssessment.id))
        .where(RiskAssessment.assessed_on >= start, RiskAssessment.assessed_on <= end)
        .group_by(RiskAssessment.kind)
    ).all()
    for kind, count in sorted(risks):
        acc.add(
            t("risk_assessment"), f"Risk assessments: {RISK_KINDS.get(kind, kind).lower()}", count
        )
    # consent and capacity
    consent = session.execute(
        select(ConsentRecord.kind, func.count(ConsentRecord.id))
        .where(ConsentRecord.recorded_on >= start, ConsentRecord.recorded_on <= end)
        .group_by(ConsentRecord.kind)
    ).all()
    labels = {
        "consent": "Consent recorded",
        "capacity": "Mental capacity assessments",
        "best_interests": "Best-interests decisions",
    }
    for kind, count in sorted(consent):
        acc.add(t("consent_record"), labels.get(kind, kind), count)
    # medicines
    mar = session.scalar(
        select(func.count(MarEntry.id)).where(_between(MarEntry.recorded_at, s_utc, e_utc))
    )
    acc.add(t("mar_entry"), "MAR entries (doses recorded with an outcome code)", mar or 0)
    # professionals and communication needs
    pros = session.scalar(
        select(func.count(Contact.id)).where(
            Contact.kind.in_(PROFESSIONALS), Contact.archived_at.is_(None)
        )
    )
    acc.add(
        t("professional_contact"), "GPs and social workers recorded for people supported", pros or 0
    )
    comms = session.scalar(
        select(func.count(Client.id)).where(
            Client.archived_at.is_(None), Client.communication_needs != ""
        )
    )
    acc.add(t("communication_needs"), "People with communication needs recorded", comms or 0)


def _safety(
    session: Session,
    acc: _Acc,
    tag: object,
    names: dict[int, str],
    s_utc: datetime,
    e_utc: datetime,
) -> None:
    t = qs.artefact_tags
    incidents = list(
        session.scalars(
            select(Incident)
            .where(_between(Incident.occurred_at, s_utc, e_utc))
            .order_by(Incident.occurred_at.desc())
        )
    )
    kinds = Counter(i.kind for i in incidents)
    for kind, count in sorted(kinds.items()):
        if kind == "safeguarding":
            tags = t("safeguarding")
        elif kind == "medication_error":
            tags = [*t("medication_error"), "S1"]
        else:
            tags = t("incident")
        acc.add(tags, f"Incidents: {INCIDENT_KINDS.get(kind, kind).lower()}", count)
    learned = [i for i in incidents if i.closed_at is not None and i.lessons]
    acc.add(["S1", "W7"], "Incidents closed with lessons learned", len(learned))
    for i in learned:
        acc.example(
            ["S1", "W7"],
            f"{INCIDENT_KINDS.get(i.kind, i.kind)} on {format_date(clock.to_local(i.occurred_at))}: {i.lessons[:140]}",
        )
    for i in incidents:
        if i.kind == "safeguarding":
            acc.example(
                "S3",
                f"Safeguarding concern on {format_date(clock.to_local(i.occurred_at))} ({names.get(i.client_id or 0, 'no client')}): {i.description[:120]}",
            )
    sent = session.execute(
        select(NotificationSent.kind, func.count(NotificationSent.id))
        .where(_between(NotificationSent.sent_at, s_utc, e_utc))
        .group_by(NotificationSent.kind)
    ).all()
    for kind, count in sorted(sent):
        tags = ["S3"] if kind in ("LA_SAFEGUARDING", "CQC_ABUSE") else t("notification")
        title = CATALOGUE[kind].title if kind in CATALOGUE else kind
        acc.add(tags, f"Notification sent: {title.lower()}", count)
    complaints = list(
        session.scalars(
            select(Complaint).where(
                Complaint.received_on >= clock.to_local(s_utc).date(),
                Complaint.received_on < clock.to_local(e_utc).date(),
            )
        )
    )
    real = [c for c in complaints if c.kind == "complaint"]
    on_time = sum(1 for c in real if answered_on_time(c))
    acc.add(
        t("complaint"),
        "Complaints received and logged",
        len(real),
        f"{on_time} answered within the target",
    )
    praise = [c for c in complaints if c.kind == "compliment"]
    acc.add(t("compliment"), "Compliments received", len(praise))
    for c in praise:
        if c.consent_to_share:
            acc.example(
                t("compliment"),
                f"Compliment from {c.from_name} ({format_date(c.received_on)}): {c.summary[:140]}",
            )


def _people(session: Session, acc: _Acc, tag: object, start: date, end: date) -> None:
    t = qs.artefact_tags
    courses = {c.id: c.name for c in session.scalars(select(TrainingCourse))}
    done = session.execute(
        select(TrainingRecord.course_id, func.count(TrainingRecord.id))
        .where(TrainingRecord.completed_on >= start, TrainingRecord.completed_on <= end)
        .group_by(TrainingRecord.course_id)
    ).all()
    total = sum(count for _, count in done)
    acc.add(t("training_record"), "Training courses completed", total)
    by_statement: Counter[str] = Counter()
    for course_id, count in done:
        sid = course_statement(courses.get(course_id, ""))
        if sid != "S6":
            by_statement[sid] += count
    for sid, count in sorted(by_statement.items()):
        acc.add(sid, "Training completed in this area", count)
    sessions = session.execute(
        select(Supervision.kind, func.count(Supervision.id))
        .where(Supervision.held_on >= start, Supervision.held_on <= end)
        .group_by(Supervision.kind)
    ).all()
    labels = {
        "supervision": "Supervisions held",
        "appraisal": "Appraisals held",
        "spot_check": "Spot checks of practice",
    }
    for kind, count in sorted(sessions):
        tags = ["S6", "W2"] if kind == "spot_check" else t("supervision")
        acc.add(tags, labels.get(kind, kind), count)
    checks = session.execute(
        select(StaffCheck.kind, func.count(StaffCheck.id))
        .where(StaffCheck.checked_on >= start, StaffCheck.checked_on <= end)
        .group_by(StaffCheck.kind)
    ).all()
    acc.add(t("staff_check"), "Recruitment checks recorded (Schedule 3)", sum(c for _, c in checks))


def _governance(
    session: Session, acc: _Acc, tag: object, start: date, end: date, as_of: date
) -> None:
    t = qs.artefact_tags
    policies = list(session.scalars(select(Policy).where(Policy.archived_at.is_(None))))
    in_date = [p for p in policies if p.review_due is None or p.review_due >= as_of]
    acc.add(t("policy"), "Policies in the register and in date", len(in_date))
    sop = [p for p in policies if "statement of purpose" in p.title.lower()]
    acc.add(t("statement_of_purpose"), "Statement of purpose", len(sop))
    reviews = list(
        session.scalars(
            select(QualityReview)
            .where(QualityReview.held_on >= start, QualityReview.held_on <= end)
            .order_by(QualityReview.held_on.desc())
        )
    )
    kinds = Counter(r.kind for r in reviews)
    by_kind_tags = {r.kind: r.statement_ids for r in reviews}
    for kind, count in sorted(kinds.items()):
        acc.add(by_kind_tags[kind] or t(kind), REVIEW_KINDS.get(kind, kind), count)
    for r in reviews:
        acc.example(
            r.statement_ids or t(r.kind),
            f"{r.title} ({format_date(r.held_on)}){': ' + r.findings[:120] if r.findings else ''}",
        )
    closed = session.scalar(
        select(func.count(QualityAction.id)).where(
            QualityAction.done_on >= start, QualityAction.done_on <= end
        )
    )
    acc.add(["W7"], "Improvement actions completed", closed or 0)
    links: Counter[str] = Counter()
    for ids in session.scalars(select(EvidenceLink.statement_ids)):
        links.update(ids)
    for sid, count in sorted(links.items()):
        acc.add(sid, "Records tagged to this statement by hand", count)


def add_evidence(
    data: EvidencePackData, extra: dict[str, tuple[list[Evidence], list[str]]]
) -> EvidencePackData:
    """The pack with more evidence (and examples) under some statements, by statement id: other
    parts of the app (outcomes, visit lengths) add theirs before the findings are attached."""
    sections = []
    for kq in data.sections:
        statements = []
        for st in kq.statements:
            rows, examples = extra.get(st.id, ([], []))
            if rows:
                st = replace(st, evidence=(*st.evidence, *rows), examples=(*st.examples, *examples))
            statements.append(st)
        sections.append(replace(kq, statements=tuple(statements)))
    return replace(data, sections=tuple(sections))
