"""Registration readiness: is everything CQC asks for in place before applying (DOMAIN.md 2.2-2.4)?

Items the records can answer (statement of purpose, policies, manager's DBS, insurance, ICO) are
worked out from them; the rest (business plan, financial viability statement, staff recruited) are
ticked by hand with the evidence, because a missing document gets the application rejected.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.compliance.policies import list_policies, missing_required
from microoffice.core.compliance.renewals import current, list_renewals
from microoffice.core.compliance.training import active_staff
from microoffice.core.errors import ValidationError
from microoffice.core.models.governance import ReadinessItem
from microoffice.core.models.staff import StaffCheck
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.records.rules import add_months
from microoffice.core.services.business import get_business
from microoffice.core.vocabulary import format_date

MANUAL_ITEMS = {
    "business_plan": "Business plan with a 2-year financial forecast",
    "financial_viability": "Financial viability statement signed by an accountant or bank "
    "(not a friend or relative)",
    "staff_recruited": "Staff recruited and ready to start (CQC asks this before you apply)",
    "premises": "Office set up, with a secure place for records",
}
MANAGERS = frozenset({"owner", "registered_manager"})


@dataclass(frozen=True)
class ReadinessCheck:
    key: str
    label: str
    done: bool
    detail: str
    manual: bool


@needs(Right.GOVERNANCE)
def tick(session: Session, key: str, done_on: date | None, evidence: str) -> ReadinessItem:
    """Tick (or, with done_on None, untick) a hand-checked item, saying where the evidence is."""
    if key not in MANUAL_ITEMS:
        raise ValidationError({"key": "That item is worked out from your records, not ticked"})
    if done_on is not None and not evidence.strip():
        raise ValidationError({"evidence": "Say where the document is kept"})
    item = session.scalar(select(ReadinessItem).where(ReadinessItem.key == key))
    if item is None:
        item = ReadinessItem(key=key)
        session.add(item)
    item.done_on = done_on
    item.evidence = evidence.strip()
    session.flush()
    return item


@needs(Right.GOVERNANCE)
def readiness(session: Session, as_of: date | None = None) -> list[ReadinessCheck]:
    as_of = as_of or clock.today()
    business = get_business(session)
    policies = list_policies(session)
    renewals = list_renewals(session)
    managers = [s for s in active_staff(session, as_of) if s.role in MANAGERS]
    checks: list[ReadinessCheck] = []

    sop = [p for p in policies if "statement of purpose" in p.title.lower()]
    checks.append(
        ReadinessCheck(
            "statement_of_purpose",
            "Statement of purpose",
            bool(sop),
            f"version {sop[0].version_label}" if sop else "add it to the policies register",
            False,
        )
    )
    sole = business.legal_form == "sole_trader"
    has_rm = any(s.role == "registered_manager" for s in managers)
    owner = any(s.role == "owner" for s in managers)
    checks.append(
        ReadinessCheck(
            "registered_manager",
            "Registered manager (or an individual provider in day-to-day charge)",
            has_rm or (sole and owner),
            "registered manager named"
            if has_rm
            else "individual provider in day-to-day charge"
            if sole and owner
            else "name a registered manager (a staff member with that role)",
            False,
        )
    )
    ids = [m.id for m in managers]
    dbs = list(
        session.scalars(
            select(StaffCheck).where(StaffCheck.staff_id.in_(ids), StaffCheck.kind == "dbs")
        )
    )
    fresh = [d for d in dbs if d.issued_on and add_months(d.issued_on, 12) >= as_of]
    checks.append(
        ReadinessCheck(
            "manager_dbs",
            "CQC-countersigned enhanced DBS no more than 12 months old",
            bool(fresh),
            f"issued {format_date(max(d.issued_on for d in fresh if d.issued_on))}"
            if fresh
            else "apply through the CQC/Post Office service (allow 8 weeks)",
            False,
        )
    )
    history = session.scalar(
        select(StaffCheck.id)
        .where(StaffCheck.staff_id.in_(ids), StaffCheck.kind == "employment_history")
        .limit(1)
    )
    checks.append(
        ReadinessCheck(
            "employment_history",
            "Manager's full employment history with gaps over 4 weeks explained",
            history is not None,
            "on file" if history is not None else "record it in the manager's staff file",
            False,
        )
    )
    missing = missing_required(policies)
    checks.append(
        ReadinessCheck(
            "policies",
            "The nine policies CQC asks for, each with owner, created and review dates",
            not missing,
            "all present" if not missing else "missing: " + ", ".join(missing),
            False,
        )
    )
    insured = [
        k for k in ("employers_liability", "public_liability") if current(renewals, k, as_of)
    ]
    checks.append(
        ReadinessCheck(
            "insurance",
            "Employer's and public liability insurance in force",
            len(insured) == 2,
            "both in force" if len(insured) == 2 else "record the insurance renewals",
            False,
        )
    )
    ico = current(renewals, "ico_fee", as_of)
    checks.append(
        ReadinessCheck(
            "ico",
            "ICO data protection fee paid",
            ico is not None or bool(business.ico_registration_number),
            ico.reference if ico else business.ico_registration_number or "pay the ICO fee",
            False,
        )
    )
    ticks = {i.key: i for i in session.scalars(select(ReadinessItem))}
    for key, label in MANUAL_ITEMS.items():
        item = ticks.get(key)
        done = item is not None and item.done_on is not None
        detail = (
            f"{item.evidence} ({format_date(item.done_on)})"
            if done and item and item.done_on
            else "not yet"
        )
        checks.append(ReadinessCheck(key, label, done, detail, True))
    return checks
