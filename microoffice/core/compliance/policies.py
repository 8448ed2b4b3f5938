"""The policies register: owner, version, created, review due; superseded versions kept.

CQC rejects a registration whose policies lack an accountable person, a creation date or a review
date (DOMAIN.md 2.3), and an expired review date is an inspection red flag. A new version archives
the old row rather than overwriting it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.errors import NotFoundError
from microoffice.core.models.records import Policy
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.records.rules import add_months, rule
from microoffice.core.services.clients import check_version
from microoffice.core.services.forms import Checker

# Documents CQC asks every homecare applicant for (DOMAIN.md 2.3), matched on words in the title.
REQUIRED_POLICIES: tuple[tuple[str, str], ...] = (
    ("consent", "Consent (MCA 2005 and DoLS)"),
    ("equality", "Equality, diversity and human rights"),
    ("governance", "Governance"),
    ("infection", "Infection prevention and control"),
    ("medicines", "Medicines management"),
    ("recruitment", "Recruitment"),
    ("safeguarding", "Safeguarding"),
    ("statement of purpose", "Statement of purpose"),
    ("complaints", "Complaints"),
)


@dataclass
class PolicyData:
    title: str = ""
    owner: str = ""
    version_label: str = "1.0"
    created_on: date | None = None
    review_due: date | None = None


def _validate(session: Session, data: PolicyData) -> PolicyData:
    c = Checker()
    title = c.required("title", data.title, "The policy's title")
    owner = c.required("owner", data.owner, "The person accountable for the policy")
    label = c.required("version_label", data.version_label, "The version")
    if data.created_on is None:
        c.fail("created_on", "Enter the date the policy was created")
    elif data.created_on > clock.today():
        c.fail("created_on", "The date created cannot be in the future")
    c.order(
        "review_due",
        data.created_on,
        data.review_due,
        "The review date is before the policy was created",
    )
    c.done()
    assert data.created_on is not None
    due = data.review_due or add_months(data.created_on, rule("policy_review_months", session))
    return PolicyData(title, owner, label, data.created_on, due)


@needs(Right.GOVERNANCE)
def add_policy(session: Session, data: PolicyData) -> Policy:
    clean = _validate(session, data)
    policy = Policy(
        title=clean.title,
        owner=clean.owner,
        version_label=clean.version_label,
        created_on=clean.created_on,
        review_due=clean.review_due,
    )
    session.add(policy)
    session.flush()
    return policy


@needs(Right.GOVERNANCE)
def get_policy(session: Session, policy_id: int) -> Policy:
    policy = session.get(Policy, policy_id)
    if policy is None:
        raise NotFoundError(f"There is no policy {policy_id}.")
    return policy


@needs(Right.GOVERNANCE)
def new_version(
    session: Session, policy_id: int, data: PolicyData, expected_version: int | None = None
) -> Policy:
    """Publish a new version; the previous one is archived, not overwritten."""
    old = get_policy(session, policy_id)
    check_version(old, expected_version)
    if old.archived_at is not None:
        raise NotFoundError("That version was already superseded: open the current one.")
    policy = add_policy(session, data)
    old.archived_at = clock.now()
    session.flush()
    return policy


@needs(Right.GOVERNANCE)
def mark_reviewed(
    session: Session, policy_id: int, reviewed_on: date, next_review: date | None = None
) -> Policy:
    """A review that changed nothing: the same version, with the next review date moved on."""
    policy = get_policy(session, policy_id)
    c = Checker()
    if reviewed_on > clock.today():
        c.fail("reviewed_on", "The review date cannot be in the future")
    c.done()
    policy.review_due = next_review or add_months(
        reviewed_on, rule("policy_review_months", session)
    )
    session.flush()
    return policy


@needs(Right.GOVERNANCE)
def list_policies(session: Session, include_archived: bool = False) -> list[Policy]:
    stmt = select(Policy).order_by(Policy.title, Policy.id)
    if not include_archived:
        stmt = stmt.where(Policy.archived_at.is_(None))
    return list(session.scalars(stmt))


def missing_required(policies: list[Policy]) -> list[str]:
    titles = [p.title.lower() for p in policies if p.archived_at is None]
    return [label for word, label in REQUIRED_POLICIES if not any(word in t for t in titles)]
