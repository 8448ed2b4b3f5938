"""A year of believable care and compliance records for a demo database or the benchmark.

Runs on any database that already has clients, staff and visits (the small or large demo). Small
records go through the services (validated and audited one by one); the year of MAR entries and
daily notes is bulk-inserted with its audit rows, so `microoffice check` still finds every
append-only row matching its audited insert. A few gaps are planted on purpose (an overdue DBS,
expired moving and handling training, an overdue care-plan review, an unanswered complaint), so
the dashboard and the evidence pack have something to show.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.compliance import (
    policies,
    renewals,
    scope,
    staff_files,
    supervision,
    training,
)
from microoffice.core.compliance.checks import active_clients
from microoffice.core.db.database import Database
from microoffice.core.models.staff import TrainingCourse
from microoffice.core.people.guard import needs_office
from microoffice.core.people.rights import Right
from microoffice.core.records import (
    sample_care,
    sample_events,
)
from microoffice.core.records.rules import add_months

REQUIRED_TITLES = (
    "Consent and Mental Capacity Act policy",
    "Equality, diversity and human rights policy",
    "Governance and quality assurance policy",
    "Infection prevention and control policy",
    "Medicines management policy",
    "Recruitment policy",
    "Safeguarding adults policy",
    "Statement of purpose",
    "Complaints policy",
)


@needs_office(Right.OFFICE_FILE)
def add_sample_records(db: Database, seed: int = 7, months: int = 12) -> dict[str, int]:
    rng = random.Random(seed)
    today = clock.today()
    start = add_months(today, -months) - timedelta(days=31)  # a whole first month
    counts: dict[str, int] = {}
    with db.session(actor="demo") as s:
        team = [p for p in training.active_staff(s, today)]
        clients = active_clients(s, today)
        counts["staff"] = _staff(s, rng, team, today)
        counts["policies"] = _business(s, today)
        meds = sample_care.add_clients(s, rng, clients, today)
        counts["medicines"] = len(meds)
        counts["mar_entries"] = sample_care.add_mar(
            s, rng, meds, [p.id for p in team], start, today
        )
        counts["daily_notes"] = sample_care.add_notes(s, rng, start, today)
        counts["incidents"] = sample_events.add_incidents(
            s, rng, clients, [p.id for p in team], start, today
        )
        counts["reviews"] = sample_events.add_quality(s, rng, clients, start, today)
    return counts


def _staff(s: Session, rng: random.Random, team: list[Any], today: date) -> int:
    training.seed_courses(s)
    courses = list(s.scalars(select(TrainingCourse)))
    stale_dbs = len(team) - 1  # planted: the last person's DBS recheck is overdue
    expired_mh = {0, len(team) - 1}  # planted: moving and handling lapsed
    for i, person in enumerate(team):
        begun = person.start_date or today - timedelta(days=900)
        issued = today - timedelta(days=1300) if i == stale_dbs else begun - timedelta(days=20)
        on_update = i != stale_dbs
        checks = [
            staff_files.CheckData("photo_id", "Passport", checked_on=begun - timedelta(days=30)),
            staff_files.CheckData(
                "dbs",
                f"{rng.randint(10**11, 10**12 - 1)}",
                issued_on=issued,
                checked_on=issued + timedelta(days=3),
                update_service=on_update,
            ),
            staff_files.CheckData(
                "reference", "Previous care employer", checked_on=begun - timedelta(days=25)
            ),
            staff_files.CheckData(
                "reference", "Character reference", checked_on=begun - timedelta(days=24)
            ),
            staff_files.CheckData(
                "employment_history",
                checked_on=begun - timedelta(days=30),
                notes="Full history since school; 3-month gap in 2019 explained (caring for a parent)",
            ),
            staff_files.CheckData("health", checked_on=begun - timedelta(days=28)),
            staff_files.CheckData(
                "right_to_work", "British passport", checked_on=begun - timedelta(days=30)
            ),
            staff_files.CheckData(
                "qualifications", "Level 2 Diploma in Care", checked_on=begun - timedelta(days=30)
            ),
            staff_files.CheckData(
                "leaving_reason",
                checked_on=begun - timedelta(days=25),
                notes="Verified with previous employer",
            ),
        ]
        if on_update:
            checks.append(
                staff_files.CheckData(
                    "dbs_update_check", checked_on=today - timedelta(days=rng.randint(30, 300))
                )
            )
        for data in checks:
            staff_files.record_check(s, person.id, data)
        for course in courses:
            if not course.mandatory:
                continue
            if course.renewal_months == 0:
                done = begun + timedelta(days=rng.randint(5, 60))
            elif course.name == "Moving and handling" and i in expired_mh:
                done = today - timedelta(days=400 + 20 * i)
            else:
                done = today - timedelta(days=rng.randint(20, max(30, course.renewal_months * 28)))
            training.record_training(
                s, person.id, course.id, min(done, today), "Certificate on file"
            )
        if person.role == "owner":
            continue
        last = today - timedelta(days=170 if i == 4 else rng.randint(10, 80))
        for q in range(4):
            held = last - timedelta(days=91 * q)
            supervision.record_session(
                s,
                person.id,
                "supervision",
                held,
                "Workload, wellbeing, training needs; no concerns.",
            )
            supervision.record_session(
                s,
                person.id,
                "spot_check",
                held + timedelta(days=14),
                "Observed a morning call: good practice, PPE used, MAR completed.",
            )
        supervision.record_session(
            s,
            person.id,
            "appraisal",
            today - timedelta(days=rng.randint(30, 300)),
            "Annual appraisal: objectives agreed.",
        )
    return len(team)


def _business(s: Session, today: date) -> int:
    for n, title in enumerate(REQUIRED_TITLES):
        created = today - timedelta(days=300 + 5 * n)
        due = today - timedelta(days=12) if n == 2 else None  # planted: overdue review
        policies.add_policy(
            s,
            policies.PolicyData(
                title=title, owner="Registered manager", created_on=created, review_due=due
            ),
        )
    renewals.add_renewal(
        s,
        renewals.RenewalData(
            kind="ico_fee",
            reference="ZA729113",
            renewed_on=today - timedelta(days=300),
            expires_on=today + timedelta(days=65),
        ),
    )
    renewals.add_renewal(
        s,
        renewals.RenewalData(
            kind="employers_liability",
            provider="Care Insure Ltd",
            renewed_on=today - timedelta(days=200),
            expires_on=today + timedelta(days=165),
        ),
    )
    renewals.add_renewal(
        s,
        renewals.RenewalData(
            kind="public_liability",
            provider="Care Insure Ltd",
            renewed_on=today - timedelta(days=200),
            expires_on=today + timedelta(days=165),
        ),
    )
    june = date(today.year + (1 if today.month > 6 else 0), 6, 30)
    renewals.add_renewal(
        s,
        renewals.RenewalData(
            kind="dspt",
            reference="Standards Met",
            renewed_on=june.replace(year=june.year - 1),
            expires_on=june,
        ),
    )
    answers = dict.fromkeys(q.key for q in scope.QUESTIONS)
    answers.update(
        provides_personal_care=True,
        care_in_persons_home=True,
        introductory_agency_only=False,
        sole_trader=False,
        employs_or_engages_others=True,
        client_directs_and_controls_care=False,
    )
    scope.save_scope(s, answers, "Registered manager")
    return len(REQUIRED_TITLES)
