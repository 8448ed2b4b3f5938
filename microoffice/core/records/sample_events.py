"""Sample incidents (with their notifications, closed with lessons), complaints, compliments,
surveys, audits and actions for demos and the benchmark (see records/sample.py)."""

from __future__ import annotations

import random
from datetime import date, time, timedelta
from typing import Any

from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.compliance import (
    quality,
)
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.records import closing, complaints, incidents
from microoffice.core.records.notifications import (
    decide_notification,
    log_notification,
    notification_status,
)
from microoffice.core.records.rules import add_months


@needs(Right.OFFICE_FILE)
def add_incidents(
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
        closing.close_incident(s, incident.id, lessons, "Registered manager")
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


@needs(Right.OFFICE_FILE)
def add_quality(
    s: Session, rng: random.Random, clients: list[Any], start: date, today: date
) -> int:
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
