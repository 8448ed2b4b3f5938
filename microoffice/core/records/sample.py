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
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.compliance import (
    policies,
    quality,
    renewals,
    scope,
    staff_files,
    supervision,
    training,
)
from microoffice.core.compliance.checks import active_clients
from microoffice.core.db.audit_hook import append_audit_rows, jsonable
from microoffice.core.db.base import Base
from microoffice.core.db.database import Database
from microoffice.core.models.records import DailyNote, MarEntry, Medicine
from microoffice.core.models.staff import TrainingCourse
from microoffice.core.models.visits import ClientPause, Visit, visit_staff
from microoffice.core.records import careplans, complaints, consent, incidents, medication, risk
from microoffice.core.records.notifications import (
    decide_notification,
    log_notification,
    notification_status,
)
from microoffice.core.records.rules import add_months

MEDICINES = (
    ("Amlodipine", "5 mg tablets", "1 tablet", ["08:00"]),
    ("Metformin", "500 mg tablets", "1 tablet", ["08:00", "18:00"]),
    ("Atorvastatin", "20 mg tablets", "1 tablet", ["21:00"]),
    ("Donepezil", "10 mg tablets", "1 tablet", ["21:00"]),
    ("Furosemide", "40 mg tablets", "1 tablet", ["08:00"]),
    ("Levothyroxine", "50 microgram tablets", "1 tablet", ["08:00"]),
    ("Sertraline", "50 mg tablets", "1 tablet", ["08:00"]),
    ("Lansoprazole", "30 mg capsules", "1 capsule", ["08:00"]),
)
NOTES = (
    "Assisted with a strip wash and dressing. {n} chose her blue cardigan. Ate porridge and drank tea.",
    "Prompted medication, taken with water. {n} was chatty and in good spirits.",
    "Prepared lunch of {n}'s choosing; ate most of it. Fluids encouraged, two cups of tea.",
    "Evening call: supported to change for bed. {n} said she was tired but comfortable.",
    "Shower today, skin checked: no red areas. Laundry put on.",
)
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
        meds = _clients(s, rng, clients, today)
        counts["medicines"] = len(meds)
        counts["mar_entries"] = _mar(s, rng, meds, [p.id for p in team], start, today)
        counts["daily_notes"] = _notes(s, rng, start, today)
        counts["incidents"] = _incidents(s, rng, clients, [p.id for p in team], start, today)
        counts["reviews"] = _quality(s, rng, clients, start, today)
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


def _clients(s: Session, rng: random.Random, clients: list[Any], today: date) -> list[Medicine]:
    meds: list[Medicine] = []
    for n, client in enumerate(clients):
        name = client.preferred_name or client.first_name
        sections = {
            "about_me": f"{name} grew up locally and enjoys the radio and visits from family.",
            "communication": "Wears glasses; speak clearly and face them."
            if n % 3
            else "No specific needs.",
            "needs": "Support with personal care, meals and medicines as set out below.",
            "outcomes": f"{name} wants to stay at home and keep walking to the shops.",
            "allergies": "Penicillin" if n % 5 == 0 else "None known",
            "future": "Wishes to stay at home at the end of life; DNACPR in the kitchen drawer."
            if n % 4 == 0
            else "",
        }
        first = max(client.start_date or today - timedelta(days=500), today - timedelta(days=700))
        careplans.save_care_plan(
            s,
            client.id,
            careplans.CarePlanData(
                sections=sections, agreed_by=f"{client.display_name}", agreed_on=first
            ),
            "Registered manager",
        )
        if n != 0:  # planted: the first client's six-week review never happened
            review = today - timedelta(days=rng.randint(10, 330))
            if review > first:
                sections["changes"] = (
                    "Review with the person and family: plan still right; small changes to timings."
                )
                careplans.save_care_plan(
                    s,
                    client.id,
                    careplans.CarePlanData(
                        sections=sections, agreed_by=client.display_name, agreed_on=review
                    ),
                    "Registered manager",
                )
        for kind in ("environment", "moving_handling", "falls"):
            rag = rng.choice(["green", "green", "amber"])
            risk.record_risk(
                s,
                client.id,
                risk.RiskData(
                    kind=kind,
                    rag=rag,
                    summary=f"{kind.replace('_', ' ').capitalize()} assessed at home",
                    controls="Care plan followed; equipment checked",
                    assessed_on=today - timedelta(days=rng.randint(10, 300)),
                ),
                "Registered manager",
            )
        if n != 1:
            consent.record_consent(
                s,
                client.id,
                consent.ConsentData(
                    decision="Care and support as set out in the care plan",
                    outcome="consented",
                    given_by=client.display_name,
                    recorded_on=first,
                ),
                "Registered manager",
            )
        if n % 5 == 2:
            consent.record_consent(
                s,
                client.id,
                consent.ConsentData(
                    kind="capacity",
                    decision="Managing own medicines",
                    outcome="lacks_capacity",
                    assessed_by="Registered manager",
                    details="Dementia; could not retain information about doses even with a dosette and reminders.",
                    recorded_on=first,
                ),
                "Registered manager",
            )
        if n % 10 < 6:
            for name_, strength, dose, times in rng.sample(MEDICINES, rng.randint(1, 3)):
                meds.append(
                    medication.add_medicine(
                        s,
                        client.id,
                        medication.MedicineData(
                            name=name_,
                            strength=strength,
                            dose=dose,
                            times=list(times),
                            start_date=first,
                            support_level=rng.choice(["prompt", "administer"]),
                            prescriber="GP",
                        ),
                    )
                )
            if n % 4 == 0:
                medication.add_medicine(
                    s,
                    client.id,
                    medication.MedicineData(
                        name="Paracetamol",
                        strength="500 mg tablets",
                        dose="2 tablets",
                        prn=True,
                        prn_max_doses_24h=4,
                        prn_min_interval_minutes=240,
                        start_date=first,
                    ),
                )
    return meds


def _audited_bulk(s: Session, table_name: str, rows: list[dict[str, Any]], now: datetime) -> None:
    """Insert rows with their ids and one audit row each, exactly as the ORM hook would."""
    if not rows:
        return
    table = Base.metadata.tables[table_name]
    next_id = (s.scalar(select(func.max(table.c.id))) or 0) + 1
    for i, row in enumerate(rows):
        row["id"] = next_id + i
    for i in range(0, len(rows), 20_000):
        s.execute(insert(table), rows[i : i + 20_000])
    audit = [
        {
            "at": now,
            "actor": "demo",
            "action": "insert",
            "entity": table_name,
            "entity_id": str(row["id"]),
            "changes": {k: jsonable(v) for k, v in row.items()},
        }
        for row in rows
    ]
    append_audit_rows(s, audit)


def _mar(
    s: Session, rng: random.Random, meds: list[Any], team: list[int], start: date, today: date
) -> int:
    now = clock.now()
    paused = {
        (p.client_id, p.start_date, p.end_date or today) for p in s.scalars(select(ClientPause))
    }
    rows: list[dict[str, Any]] = []
    day = max(start, min((m.start_date or start) for m in meds)) if meds else today
    while day <= today:
        for med in meds:
            if not medication.active_on(med, day):
                continue
            if any(c == med.client_id and a <= day <= b for c, a, b in paused):
                continue
            for t in med.times:
                at = clock.to_utc(day, time.fromisoformat(t))
                if at > now or rng.random() < 0.002:  # the odd blank, as in real life
                    continue
                refused = rng.random() < 0.02
                rows.append(
                    {
                        "medicine_id": med.id,
                        "scheduled_at": at,
                        "recorded_at": at + timedelta(minutes=rng.randint(0, 25)),
                        "outcome": "refused"
                        if refused
                        else ("prompted" if med.support_level == "prompt" else "given"),
                        "reason": "Said she did not want it; GP informed if it continues"
                        if refused
                        else "",
                        "staff_id": rng.choice(team) if team else None,
                        "amends_id": None,
                        "amend_reason": "",
                        "dose_given": "" if refused else med.dose,
                        "notes": "",
                        "author": "",
                        "created_at": at + timedelta(minutes=rng.randint(26, 40)),
                    }
                )
        day += timedelta(days=1)
    _audited_bulk(s, MarEntry.__tablename__, rows, now)
    return len(rows)


def _notes(s: Session, rng: random.Random, start: date, today: date) -> int:
    now = clock.now()
    noted = set(s.scalars(select(DailyNote.visit_id).where(DailyNote.visit_id.is_not(None))))
    first_staff: dict[int, int] = dict(
        s.execute(
            select(visit_staff.c.visit_id, func.min(visit_staff.c.staff_id)).group_by(
                visit_staff.c.visit_id
            )
        ).all()
    )
    visits = s.execute(
        select(Visit.id, Visit.client_id, Visit.actual_end).where(
            Visit.status == "completed",
            Visit.actual_end.is_not(None),
            Visit.planned_start >= clock.to_utc(start, time(0)),
        )
    ).all()
    rows = []
    for v in visits:
        if v.id in noted or v.actual_end > now:
            continue
        late = rng.random() < 0.01
        rows.append(
            {
                "client_id": v.client_id,
                "visit_id": v.id,
                "staff_id": first_staff.get(v.id),
                "occurred_at": v.actual_end,
                "text": rng.choice(NOTES).format(n="They"),
                "amends_id": None,
                "amend_reason": "",
                "author": "",
                "late_reason": "Phone lost signal; written from paper notes the next day"
                if late
                else "",
                "created_at": min(
                    v.actual_end
                    + (timedelta(hours=30) if late else timedelta(minutes=rng.randint(2, 20))),
                    now,
                ),
            }
        )
    _audited_bulk(s, DailyNote.__tablename__, rows, now)
    return len(rows)


def _incidents(
    s: Session, rng: random.Random, clients: list[Any], team: list[int], start: date, today: date
) -> int:
    if not clients:
        return 0
    plans: list[tuple[str, str, dict[str, Any], str, str]] = [
        (
            "fall",
            "low",
            {},
            "Found sitting on the hall floor, unhurt; helped up with the hoist.",
            "Sensor mat fitted; OT referral made.",
        ),
        (
            "fall",
            "severe",
            {"serious_injury": True},
            "Fell in the bathroom; hip fracture confirmed at hospital.",
            "Grab rails fitted; falls risk reassessed.",
        ),
        (
            "medication_error",
            "low",
            {},
            "Evening dose given 2 hours late after a traffic delay.",
            "Rota travel time increased.",
        ),
        (
            "missed_visit",
            "low",
            {},
            "Lunch call missed: carer off sick, cover not arranged.",
            "Sickness cover list introduced.",
        ),
        (
            "safeguarding",
            "low",
            {"category": "financial"},
            "Said a neighbour takes money from her purse.",
            "Council safeguarding referral; family meeting held.",
        ),
        (
            "data_breach",
            "none",
            {"risk_to_individuals": False},
            "Email with a rota sent to the wrong family member; deleted on request.",
            "Second check before sending emails.",
        ),
        (
            "accident",
            "low",
            {"person_affected": "staff"},
            "Carer slipped on an icy path; bruised knee.",
            "Grit left at the property.",
        ),
    ]
    count = 0
    for n in range(int((today - start).days / 30 * 1.2)):
        kind, harm, answers, text, lessons = plans[n % len(plans)]
        client = clients[rng.randrange(len(clients))]
        when = clock.to_utc(
            start + timedelta(days=rng.randint(0, (today - start).days - 20)),
            time(rng.randint(8, 20), 0),
        )
        incident = incidents.record_incident(
            s,
            incidents.IncidentData(
                kind=kind,
                client_id=client.id,
                staff_id=rng.choice(team) if team else None,
                occurred_at=when,
                aware_at=when + timedelta(minutes=30),
                harm=harm,
                description=text,
                answers=dict(answers),
            ),
            "Registered manager",
        )
        for state in notification_status(s, incident.id):
            if state.due.code == "COUNCIL_CONTRACT" and n % 2:
                decide_notification(
                    s,
                    incident.id,
                    state.due.code,
                    False,
                    "Commissioner told at the monthly review instead",
                    "Registered manager",
                )
            else:
                log_notification(
                    s,
                    incident.id,
                    state.due.code,
                    "Registered manager",
                    sent_at=when + timedelta(hours=rng.randint(2, 20)),
                    reference=f"REF-{n:03d}",
                )
        incidents.close_incident(s, incident.id, lessons, "Registered manager")
        count += 1
    recent = clients[0]
    incidents.record_incident(
        s,
        incidents.IncidentData(
            kind="safeguarding",
            client_id=recent.id,
            occurred_at=clock.now() - timedelta(days=2),
            harm="low",
            description="Unexplained bruising on the left forearm.",
            answers={"category": "physical"},
        ),
        "Registered manager",
    )
    return count + 1


def _quality(s: Session, rng: random.Random, clients: list[Any], start: date, today: date) -> int:
    n = 0
    for month in range(12):
        held = add_months(start, month) + timedelta(days=27)
        if held > today:
            break
        audit = quality.record_review(
            s,
            quality.ReviewData(
                kind="mar_audit",
                title=f"MAR audit {held:%B %Y}",
                held_on=held,
                findings="All charts complete" if month % 3 else "Two blank entries found",
            ),
            "Registered manager",
        )
        if month % 3 == 0:
            action = quality.add_action(
                s,
                "Remind staff: every dose needs a code",
                "Registered manager",
                held + timedelta(days=14),
                review_id=audit.id,
            )
            if held + timedelta(days=20) < today:
                quality.complete_action(
                    s,
                    action.id,
                    held + timedelta(days=10),
                    "Discussed at team meeting; spot checks include MAR",
                )
        n += 1
        if month % 3 == 1:
            quality.record_review(
                s,
                quality.ReviewData(
                    kind="governance_meeting",
                    title=f"Quality meeting {held:%B %Y}",
                    held_on=held,
                    summary="Incidents, complaints, training and audits reviewed",
                ),
                "Registered manager",
            )
            quality.record_review(
                s,
                quality.ReviewData(
                    kind="care_plan_audit",
                    title=f"Care plan audit {held:%B %Y}",
                    held_on=held,
                    findings="Plans person-centred; two reviews due",
                ),
                "Registered manager",
            )
            n += 2
    quality.record_review(
        s,
        quality.ReviewData(
            kind="client_survey",
            title="Client and family survey",
            held_on=today - timedelta(days=150),
            participants=len(clients),
            findings="92% would recommend us; asked for more notice of carer changes",
        ),
        "Registered manager",
    )
    quality.record_review(
        s,
        quality.ReviewData(
            kind="staff_survey",
            title="Staff survey",
            held_on=today - timedelta(days=120),
            participants=4,
            findings="Staff feel supported; want more travel time",
        ),
        "Registered manager",
    )
    if clients:
        cm = complaints.receive_complaint(
            s,
            complaints.ComplaintData(
                received_on=today - timedelta(days=200),
                from_name="Daughter of a client",
                summary="Carers rushing the morning call.",
                client_id=clients[-1].id,
            ),
            "Registered manager",
        )
        complaints.acknowledge(
            s, cm.id, today - timedelta(days=199), "Letter sent", "Registered manager"
        )
        complaints.respond(
            s,
            cm.id,
            today - timedelta(days=185),
            "partly_upheld",
            "Morning call extended to 45 minutes.",
            True,
            "Registered manager",
        )
        complaints.receive_complaint(
            s,
            complaints.ComplaintData(
                received_on=today - timedelta(days=40),
                from_name="Son of a client",
                summary="Visit times keep changing.",
                client_id=clients[0].id,
            ),
            "Registered manager",
        )
        for k in range(5):
            complaints.record_compliment(
                s,
                complaints.ComplaintData(
                    received_on=today - timedelta(days=30 + 60 * k),
                    from_name="Family member",
                    summary="Thank you for the kindness shown to Mum.",
                    consent_to_share=True,
                ),
                "Registered manager",
            )
    return n + 2
