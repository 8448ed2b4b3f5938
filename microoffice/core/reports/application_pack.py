"""The quality mark / preferred provider application pack: one PDF of what councils usually ask
micro-providers for (MARKET.md 4: insurance, DBS, training, policies, complaints, feedback, a
clear cost breakdown), straight from the records, with anything missing said plainly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.compliance import policies, renewals
from microoffice.core.compliance.quality import REVIEW_KINDS, SURVEY_KINDS
from microoffice.core.compliance.staff_files import all_staff_files
from microoffice.core.compliance.training import (
    CARE_CERTIFICATE_PREFIX,
    active_staff,
    training_matrix,
)
from microoffice.core.growth.costs import breakdown
from microoffice.core.growth.outcomes import trends_between
from microoffice.core.growth.profile import collect as collect_profile
from microoffice.core.growth.rates import current_inputs
from microoffice.core.growth.sharing import shared_results
from microoffice.core.models.enums import LegalForm
from microoffice.core.models.governance import QualityReview
from microoffice.core.models.records import Complaint
from microoffice.core.money import format_gbp
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.records.complaints import OUTCOMES, answered_on_time, response_overdue
from microoffice.core.services.business import get_business
from microoffice.core.vocabulary import format_date

INSURANCE = ("public_liability", "employers_liability", "professional_indemnity")
STATUS_WORDS = {
    "done": "In date",
    "due_soon": "Due soon",
    "expired": "Overdue",
    "missing": "Missing",
    "optional": "Not needed",
    "ok": "In date",
}


@dataclass(frozen=True)
class PackSection:
    title: str
    intro: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # fractions of the page width
    gaps: tuple[str, ...] = ()
    right: tuple[int, ...] = ()
    total_rows: int = 0


@dataclass(frozen=True)
class ApplicationPackData:
    business: str
    details: tuple[tuple[str, str], ...]
    sections: tuple[PackSection, ...]
    prepared_on: date

    @property
    def gaps(self) -> list[str]:
        return [g for s in self.sections for g in s.gaps]


@needs(Right.GOVERNANCE)
def collect(session: Session) -> ApplicationPackData:
    today = clock.today()
    b = get_business(session)
    legal = {v.value: v.name.replace("_", " ").capitalize() for v in LegalForm}
    details = [
        ("Trading name", b.trading_name or b.legal_name),
        ("Legal name", b.legal_name),
        ("Legal form", legal.get(b.legal_form, b.legal_form)),
        ("Address", ", ".join(p for p in [*b.address.splitlines(), b.postcode] if p)),
        ("Phone", b.phone),
        ("Email", b.email),
        (
            "CQC registration",
            f"Registered, provider {b.cqc_provider_id}" if b.cqc_registered else "Not registered",
        ),
        ("ICO registration", b.ico_registration_number or "Not recorded"),
    ]
    if b.company_number:
        details.append(("Company number", b.company_number))
    if b.vat_number:
        details.append(("VAT number", b.vat_number))
    sections = (
        _insurance(session, today),
        _staff(session, today),
        _training(session, today),
        _policies(session, today),
        _complaints(session, today),
        _feedback(session, today),
        _prices(session),
    )
    return ApplicationPackData(
        b.trading_name or b.legal_name or "Your business",
        tuple((k, v) for k, v in details if v),
        sections,
        today,
    )


def _insurance(session: Session, today: date) -> PackSection:
    held = renewals.list_renewals(session)
    rows, gaps = [], []
    for kind in INSURANCE:
        current = renewals.current(held, kind, today)
        label = renewals.RENEWAL_KINDS[kind]
        if current is None:
            if kind != "professional_indemnity":
                gaps.append(f"No {label.lower()} in date is recorded")
            continue
        rows.append(
            (
                label,
                current.provider,
                current.reference,
                current.notes,
                format_date(current.renewed_on),
                format_date(current.expires_on),
            )
        )
    return PackSection(
        "Insurance",
        "Cover in force today. Councils usually ask for public liability of at least £5m.",
        ("Cover", "Insurer", "Policy", "Notes", "Renewed", "Expires"),
        tuple(rows),
        (0.24, 0.17, 0.14, 0.19, 0.13, 0.13),
        tuple(gaps),
    )


def _staff(session: Session, today: date) -> PackSection:
    people = active_staff(session, today)
    files = all_staff_files(session, [p.id for p in people], today)
    rows, gaps = [], []
    for p in people:
        items = {i.kind: i for i in files[p.id]}
        dbs, rtw, refs = items["dbs"], items["right_to_work"], items["reference"]
        rows.append(
            (
                p.display_name,
                f"{STATUS_WORDS[dbs.status]}: {dbs.detail}",
                format_date(dbs.due_on),
                STATUS_WORDS[rtw.status],
                STATUS_WORDS[refs.status] if refs.status != "missing" else refs.detail,
            )
        )
        for item in (dbs, rtw, refs):
            if item.status in ("missing", "expired"):
                gaps.append(f"{p.display_name}: {item.label} ({STATUS_WORDS[item.status].lower()})")
    return PackSection(
        "Staff: DBS and recruitment checks",
        "Everyone working now, from their Schedule 3 staff files.",
        ("Name", "Enhanced DBS with barred list", "Recheck due", "Right to work", "References"),
        tuple(rows),
        (0.18, 0.42, 0.13, 0.13, 0.14),
        tuple(gaps),
    )


def _training(session: Session, today: date) -> PackSection:
    matrix = training_matrix(session, today)
    courses = [
        c for c in matrix.courses if c.mandatory and not c.name.startswith(CARE_CERTIFICATE_PREFIX)
    ]
    rows, gaps = [], []
    standards = [matrix.care_certificate(row) for row in matrix.rows]
    if any(total for _, total in standards):
        rows.append(
            ("Care Certificate", *(f"{done} of {total} standards" for done, total in standards))
        )
    for course in courses:
        cells = []
        for row in matrix.rows:
            cell = row.cells[course.id]
            if cell.status in ("ok", "due_soon"):
                cells.append(f"to {cell.expires_on:%m/%Y}" if cell.expires_on else "done")
            else:
                cells.append(STATUS_WORDS.get(cell.status, cell.status))
                if cell.needed:
                    gaps.append(f"{row.name}: {course.name} {STATUS_WORDS[cell.status].lower()}")
        rows.append((course.name, *cells))
    people = len(matrix.rows) or 1
    first = 0.34
    return PackSection(
        "Training",
        "Mandatory training for each person: in date until the month shown, or what is missing.",
        ("Course", *(r.name for r in matrix.rows)),
        tuple(rows),
        (first, *([(1 - first) / people] * len(matrix.rows))),
        tuple(gaps[:12]) + ((f"... and {len(gaps) - 12} more",) if len(gaps) > 12 else ()),
    )


def _policies(session: Session, today: date) -> PackSection:
    listed = policies.list_policies(session)
    rows = []
    gaps = [f"No '{t}' in the policy register" for t in policies.missing_required(listed)]
    for p in listed:
        overdue = p.review_due is not None and p.review_due < today
        rows.append(
            (
                p.title,
                p.version_label,
                format_date(p.created_on),
                format_date(p.review_due),
                "Overdue" if overdue else "In date",
            )
        )
        if overdue:
            gaps.append(f"'{p.title}' was due for review on {format_date(p.review_due)}")
    return PackSection(
        "Policies",
        "The policy register with each policy's next review date.",
        ("Policy", "Version", "Written", "Review due", "Status"),
        tuple(rows),
        (0.46, 0.1, 0.15, 0.15, 0.14),
        tuple(gaps),
    )


def _complaints(session: Session, today: date) -> PackSection:
    since = today - timedelta(days=365)
    rows_db = list(
        session.scalars(
            select(Complaint)
            .where(Complaint.received_on >= since)
            .order_by(Complaint.received_on.desc())
        )
    )
    real = [c for c in rows_db if c.kind == "complaint"]
    praise = [c for c in rows_db if c.kind == "compliment"]
    rows = []
    gaps = []
    for c in real:
        answered = "on time" if answered_on_time(c) else ("late" if c.responded_on else "open")
        outcome = OUTCOMES.get(c.outcome, c.outcome or "")
        rows.append(
            (
                format_date(c.received_on),
                c.summary[:90],
                format_date(c.responded_on),
                answered,
                outcome,
            )
        )
        if response_overdue(c, today):
            gaps.append(f"Complaint of {format_date(c.received_on)} is past its response date")
    on_time = sum(1 for r in rows if r[3] == "on time")
    intro = (
        f"The last 12 months: {len(real)} complaints ({on_time} answered within the target) and "
        f"{len(praise)} compliments. Every complaint is logged with its Reg 16 timeline."
    )
    return PackSection(
        "Complaints and compliments",
        intro,
        ("Received", "Complaint", "Answered", "Timing", "Outcome"),
        tuple(rows),
        (0.13, 0.47, 0.13, 0.1, 0.17),
        tuple(gaps),
    )


def _feedback(session: Session, today: date) -> PackSection:
    results = shared_results(session, today)
    trends = [t for t in trends_between(session, today - timedelta(days=365), today) if t.points]
    rows = [
        (d.topic, str(d.asked), f"{d.percent}%")
        for d in sorted(results.domains, key=lambda d: d.topic)
    ]
    better = sum(1 for t in trends if t.direction == "improving")
    compared = sum(1 for t in trends if len(t.points) >= 2)
    intro = (
        f"Quality-of-life checks with {len(trends)} people in the last 12 months; "
        f"{better} of {compared} checked more than once improved. The table counts the latest "
        f"answers of the {results.people} people who agreed to share them."
    )
    surveys = session.scalars(
        select(QualityReview)
        .where(
            QualityReview.kind.in_(SURVEY_KINDS),
            QualityReview.held_on >= today - timedelta(days=365),
        )
        .order_by(QualityReview.held_on.desc())
    )
    for s in surveys:
        rows.append(
            (
                f"{REVIEW_KINDS[s.kind]} ({s.held_on:%m/%Y})",
                str(s.participants or ""),
                s.findings[:60],
            )
        )
    gaps = () if trends else ("No feedback checks recorded in the last 12 months",)
    return PackSection(
        "Feedback and outcomes",
        intro,
        ("Area of life / survey", "People", "Good or all right / findings"),
        tuple(rows),
        (0.4, 0.12, 0.48),
        gaps,
        right=(1,),
    )


def _prices(session: Session) -> PackSection:
    costs = breakdown(current_inputs(session))
    profile = collect_profile(session)
    rows = [(line.label, line.how, format_gbp(line.pence)) for line in costs.lines]
    rows.append(("Cost of an hour of care", "", format_gbp(costs.total_pence)))
    rows.append(
        (
            "Price needed to stay in business",
            f"cost plus {costs.inputs.surplus_percent.normalize():f}% surplus",
            format_gbp(costs.price_needed_pence),
        )
    )
    prices = "; ".join(f"{g.who}: {' '.join(g.lines)}" for g in profile.prices)
    return PackSection(
        "Prices and what care costs",
        f"Our prices: {prices or 'see rate cards'}. How an hour of care is costed:",
        ("Cost", "Worked out from", "Per hour"),
        tuple(rows),
        (0.38, 0.44, 0.18),
        right=(2,),
        total_rows=2,
    )


def _setup(data: ApplicationPackData) -> Any:
    from microoffice.core.reports import styles

    return styles.PageSetup(
        title="Quality mark / preferred provider application",
        business=data.business,
        printed_on=data.prepared_on,
        footer_note="Prepared from our records",
    )


def story(data: ApplicationPackData, width: float) -> list[Any]:
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak

    from microoffice.core.reports import styles

    st = styles.stylesheet()
    out: list[Any] = [
        styles.para("Application pack", st.title),
        styles.para(
            f"{data.business}: supporting documents for a quality mark or preferred provider "
            f"application, prepared {data.prepared_on:%d %B %Y}.",
            st.subtitle,
        ),
        styles.data_table(
            ["About us", ""], [list(d) for d in data.details], [width * 0.3, width * 0.7]
        ),
        styles.para("Contents", st.heading),
    ]
    for n, s in enumerate(data.sections, start=1):
        flag = f" ({len(s.gaps)} to fix)" if s.gaps else ""
        out.append(styles.para(f"{n}. {s.title}{flag}", st.body))
    if data.gaps:
        out.append(styles.para("Before sending", st.heading))
        for gap in data.gaps:
            out.append(styles.rich(f"<font color='#b42318'>• {styles.esc(gap)}</font>", st.body))
    out.append(PageBreak())
    for n, s in enumerate(data.sections, start=1):
        block: list[Any] = [
            styles.para(f"{n}. {s.title}", st.heading),
            styles.para(s.intro, st.body),
        ]
        if s.rows:
            table = styles.data_table(
                list(s.header),
                [list(r) for r in s.rows],
                [width * f for f in s.widths],
                right=s.right,
                total_rows=s.total_rows,
            )
            out += [CondPageBreak(70 * mm), KeepTogether(block), table]
        else:
            out += [KeepTogether([*block, styles.para("Nothing recorded.", st.body)])]
        for gap in s.gaps:
            out.append(
                styles.rich(
                    f"<font color='#b42318'><b>To fix:</b> {styles.esc(gap)}</font>", st.body
                )
            )
    return out


def render(data: ApplicationPackData, out: BinaryIO) -> None:
    from microoffice.core.reports import styles

    setup = _setup(data)
    styles.render(out, story(data, styles.frame_width(setup)), setup)
