"""Does this business need to register with the CQC for personal care, and why (DOMAIN.md 1.3)?

The answers and the conclusion are kept with the date they were given, so the business can show
why it did (or did not) register, and re-run the wizard when it takes on staff.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core.errors import ValidationError
from microoffice.core.models.governance import ScopeAssessment
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right


@dataclass(frozen=True)
class ScopeQuestion:
    key: str
    text: str
    help: str


QUESTIONS: tuple[ScopeQuestion, ...] = (
    ScopeQuestion(
        "provides_personal_care",
        "Do you give physical help with, or prompt and supervise, eating or drinking, toileting, "
        "washing or bathing, dressing, oral care, or care of skin, hair and nails?",
        "Domestic help, companionship, shopping, sitting and day activities alone are not "
        "personal care (Reg 2, 2014 Regulated Activities Regulations).",
    ),
    ScopeQuestion(
        "care_in_persons_home",
        "Is that personal care given where the person lives (their own home)?",
        "Personal care given only at a day centre is outside the regulated activity.",
    ),
    ScopeQuestion(
        "introductory_agency_only",
        "Do you only introduce carers to people, with no ongoing role in directing or "
        "controlling the care?",
        "Vetting, training, supervising, managing rotas or care plans are all an ongoing role.",
    ),
    ScopeQuestion(
        "sole_trader",
        "Are you a sole trader (not a partnership or a company)?",
        "A limited company needs its own registration and a registered manager.",
    ),
    ScopeQuestion(
        "employs_or_engages_others",
        "Do you employ or engage anyone else to deliver the care?",
        "Taking on any staff under your direction ends the self-employed carer position.",
    ),
    ScopeQuestion(
        "client_directs_and_controls_care",
        "Does each person (or someone with legal authority for them) arrange the care with you "
        "directly and direct and control how you work?",
        "Sch 1 para 1(3)(c): a carer working wholly under the person's direction.",
    ),
)
CONSEQUENCES = (
    "Carrying on a regulated activity without registration is an offence (HSCA 2008 s10).",
    "Taking on any staff to deliver personal care under your direction ends the sole-trader "
    "exception in practice.",
    "Changing from sole trader to a limited company needs a new CQC registration and a "
    "registered manager.",
)


@dataclass(frozen=True)
class ScopeResult:
    result: str  # required | not_required | verify
    reason: str


def decide(answers: dict[str, Any]) -> ScopeResult:
    """The DOMAIN.md 1.3 decision, in order; every question must be answered yes or no."""
    missing = [q.key for q in QUESTIONS if not isinstance(answers.get(q.key), bool)]
    if missing:
        raise ValidationError({k: "Answer yes or no" for k in missing})
    if not answers["provides_personal_care"]:
        return ScopeResult(
            "not_required", "No personal care (Reg 2 definition): not a regulated activity."
        )
    if not answers["care_in_persons_home"]:
        return ScopeResult(
            "not_required", "Personal care is not given where the person lives: out of scope."
        )
    if answers["introductory_agency_only"]:
        return ScopeResult(
            "not_required",
            "Introductory agency with no ongoing direction or control: Sch 1 para 1(3)(b).",
        )
    if (
        answers["sole_trader"]
        and not answers["employs_or_engages_others"]
        and answers["client_directs_and_controls_care"]
    ):
        return ScopeResult(
            "verify",
            "Possibly the self-employed carer position (Sch 1 para 1(3)(c)): if each person or "
            "someone with authority for them arranges care directly and directs your work, with no "
            "agency or employer directing it, registration is not needed. Employment status must "
            "also be checked. Confirm with the CQC before relying on this.",
        )
    return ScopeResult("required", "Registration required: regulated activity 'Personal care'.")


@needs(Right.GOVERNANCE)
def save_scope(session: Session, answers: dict[str, Any], answered_by: str) -> ScopeAssessment:
    result = decide(answers)
    row = ScopeAssessment(
        answers={q.key: bool(answers[q.key]) for q in QUESTIONS},
        result=result.result,
        reason=result.reason,
        answered_by=answered_by.strip() or "unknown",
    )
    session.add(row)
    session.flush()
    return row


@needs(Right.GOVERNANCE)
def latest_scope(session: Session) -> ScopeAssessment | None:
    return session.scalar(select(ScopeAssessment).order_by(ScopeAssessment.id.desc()).limit(1))
