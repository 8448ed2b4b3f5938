"""Needs assessment and care plan: versioned, agreed with the person, reviewed on a schedule.

A revision is a new row that supersedes the previous version; the old one stays readable, so an
inspector (or the person) can see what the plan said on any day (Reg 9, Reg 17(2)(c)).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.errors import ConflictError, ValidationError
from microoffice.core.models.records import CarePlan
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.records.rules import add_months, rule
from microoffice.core.services.clients import get_client
from microoffice.core.services.forms import Checker


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    prompt: str
    required: bool = False


SECTIONS: tuple[Section, ...] = (
    Section(
        "about_me", "About me", "Life story, what matters to me, people who are important.", True
    ),
    Section(
        "communication",
        "Communication needs",
        "How I communicate and how to give me information (Accessible Information Standard).",
        True,
    ),
    Section("needs", "Needs assessment", "What I need help with and why.", True),
    Section("outcomes", "Outcomes I want", "What I want to achieve; how we will know.", True),
    Section(
        "support", "How I want to be supported", "Routines visit by visit, preferences, choices."
    ),
    Section(
        "health", "Health conditions", "Conditions, GP, district nurse and other professionals."
    ),
    Section(
        "allergies", "Allergies", "Known drug and other allergies; write 'none known' if none."
    ),
    Section(
        "medication",
        "Medicines support",
        "Level of support for each medicine (prompt/assist/administer).",
    ),
    Section(
        "eating", "Eating and drinking", "Diet, preferences, risks, food and fluid monitoring."
    ),
    Section("mobility", "Mobility and equipment", "How I move, equipment used, number of carers."),
    Section(
        "home", "My home and access", "Getting in, pets, hazards. Never write key-safe codes here."
    ),
    Section("future", "Planning ahead", "Advance wishes, DNACPR/ReSPECT, end-of-life preferences."),
    Section("changes", "What changed at this review", "Required when the plan is revised."),
)
SECTION_KEYS = tuple(s.key for s in SECTIONS)


@dataclass
class CarePlanData:
    sections: dict[str, str] = field(default_factory=dict)
    agreed_by: str = ""
    agreed_on: date | None = None
    review_due: date | None = None


def _validate(data: CarePlanData, revision: bool) -> dict[str, str]:
    c = Checker()
    unknown = sorted(set(data.sections) - set(SECTION_KEYS))
    if unknown:
        c.fail("sections", f"Unknown care plan section(s): {', '.join(unknown)}")
    clean = {k: data.sections.get(k, "").strip() for k in SECTION_KEYS if data.sections.get(k)}
    for section in SECTIONS:
        if section.required and not clean.get(section.key):
            c.fail(section.key, f"'{section.label}' must be filled in")
    if revision and not clean.get("changes"):
        c.fail("changes", "Say what changed at this review and why")
    c.required(
        "agreed_by", data.agreed_by, "Who agreed the plan (the person or their representative)"
    )
    if data.agreed_on is None:
        c.fail("agreed_on", "Enter the date the plan was agreed")
    elif data.agreed_on > clock.today():
        c.fail("agreed_on", "The agreed date cannot be in the future")
    if data.review_due and data.agreed_on and data.review_due <= data.agreed_on:
        c.fail("review_due", "The review date must be after the date the plan was agreed")
    c.done()
    return clean


@needs(Right.SEE_CARE, client="client_id")
def current_plan(session: Session, client_id: int) -> CarePlan | None:
    return session.scalar(
        select(CarePlan)
        .where(CarePlan.client_id == client_id)
        .order_by(CarePlan.version_no.desc(), CarePlan.id.desc())
        .limit(1)
    )


@needs(Right.SEE_CARE, client="client_id")
def plan_history(session: Session, client_id: int) -> list[CarePlan]:
    """Every version, newest first."""
    return list(
        session.scalars(
            select(CarePlan)
            .where(CarePlan.client_id == client_id)
            .order_by(CarePlan.version_no.desc(), CarePlan.id.desc())
        )
    )


@needs(Right.CARE_PLANS)
def save_care_plan(
    session: Session,
    client_id: int,
    data: CarePlanData,
    author: str,
    expected_version_no: int | None = None,
) -> CarePlan:
    """Write the first plan, or a new version superseding the current one.

    `expected_version_no` is the version the form was opened on; if someone saved a newer one in
    the meantime the save is refused instead of silently superseding their work.
    """
    get_client(session, client_id)
    previous = current_plan(session, client_id)
    if expected_version_no is not None:
        on_file = previous.version_no if previous else 0
        if on_file != expected_version_no:
            raise ConflictError(
                "Someone saved a newer version of this care plan while you were editing. "
                "Reopen the plan and make your changes again."
            )
    clean = _validate(data, revision=previous is not None)
    assert data.agreed_on is not None
    review_due = data.review_due
    if review_due is None:
        if previous is None:
            review_due = data.agreed_on + timedelta(
                weeks=rule("care_plan_first_review_weeks", session)
            )
        else:
            review_due = add_months(data.agreed_on, rule("care_plan_review_months", session))
    plan = CarePlan(
        client_id=client_id,
        version_no=(previous.version_no + 1) if previous else 1,
        supersedes_id=previous.id if previous else None,
        sections=clean,
        agreed_by=" ".join(data.agreed_by.split()),
        agreed_on=data.agreed_on,
        review_due=review_due,
        author=author,
    )
    session.add(plan)
    session.flush()
    return plan


def section_label(key: str) -> str:
    for section in SECTIONS:
        if section.key == key:
            return section.label
    raise ValidationError({"sections": f"Unknown care plan section {key}"})


@needs(Right.SEE_CARE)
def latest_plans(session: Session) -> dict[int, CarePlan]:
    """The current plan of every client, in one query (dashboard and evidence pack)."""
    newest = (
        select(CarePlan.client_id, func.max(CarePlan.version_no).label("v"))
        .group_by(CarePlan.client_id)
        .subquery()
    )
    rows = session.scalars(
        select(CarePlan).join(
            newest,
            (CarePlan.client_id == newest.c.client_id) & (CarePlan.version_no == newest.c.v),
        )
    )
    return {p.client_id: p for p in rows}
