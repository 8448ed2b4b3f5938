"""Sample care records for demos and the benchmark: care plans, risks, consent, medicines, and a
year of MAR entries and daily notes bulk-inserted with their audit rows (see records/sample.py)."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.db.audit_hook import append_audit_rows, jsonable
from microoffice.core.db.base import Base
from microoffice.core.models.records import DailyNote, MarEntry, Medicine
from microoffice.core.models.visits import ClientPause, Visit, visit_staff
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.records import careplans, consent, medication, risk
from microoffice.core.vocabulary import called

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


@needs(Right.OFFICE_FILE)
def add_clients(s: Session, rng: random.Random, clients: list[Any], today: date) -> list[Medicine]:
    meds: list[Medicine] = []
    for n, client in enumerate(clients):
        name = called(client.first_name, client.preferred_name)
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


@needs(Right.OFFICE_FILE)
def add_mar(
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


@needs(Right.OFFICE_FILE)
def add_notes(s: Session, rng: random.Random, start: date, today: date) -> int:
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
