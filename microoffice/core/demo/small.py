"""Barbara's business: a CQC-registered sole trader in Solihull who works alone with 14 clients.

Everything is written through the services or the ORM inside one audited transaction, so the
audit log of a fresh demo shows how each record came to be.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import insert

from microoffice.core import clock
from microoffice.core.db.audit_hook import append_audit_rows, table_entry
from microoffice.core.db.database import Database
from microoffice.core.demo.history import (
    PlanRef,
    cancelled_visit,
    completed_visit,
    note_text,
    plan_dates,
)
from microoffice.core.demo.schedule import Need, Rota, minutes_of
from microoffice.core.demo.small_clients import SMALL_CLIENTS
from microoffice.core.demo.spec import hm
from microoffice.core.demo.writer import DemoContext, WrittenClient, write_client, write_plans
from microoffice.core.models.enums import EmploymentType, StaffRole
from microoffice.core.models.records import DailyNote
from microoffice.core.models.visits import ClientPause, PlanException, Visit, visit_staff
from microoffice.core.people.guard import needs_office
from microoffice.core.people.rights import Right
from microoffice.core.services import business, staff

HISTORY_DAYS = 56
BARBARA_HOURS = {d: [(hm("07:30"), hm("18:30"))] for d in range(5)} | {
    5: [(hm("08:00"), hm("13:00"))]
}


def _business_data() -> business.BusinessData:
    return business.BusinessData(
        legal_form="sole_trader",
        legal_name="Barbara Whitmore",
        trading_name="Whitmore Home Care",
        address="27 Tanworth Lane\nShirley, Solihull",
        postcode="B90 4DG",
        phone="0121 496 0123",
        email="barbara@whitmorehomecare.example",
        nation="england",
        cqc_registered=True,
        cqc_provider_id="1-1097342218",
        cqc_location_id="1-1097342240",
        ico_registration_number="ZB381746",
        bank_account_name="B Whitmore t/a Whitmore Home Care",
        bank_sort_code="20-45-77",
        bank_account_number="43218765",
        payment_terms_days=14,
        invoice_footer="Thank you. Please pay by bank transfer quoting the invoice number. "
        "Care services are not subject to VAT: Whitmore Home Care is not VAT registered.",
    )


@needs_office(Right.OFFICE_FILE)
def build_small(db: Database, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    today = clock.today()
    now = clock.now()
    with db.session(actor="demo") as s:
        business.update_business(s, _business_data())
        barbara = staff.create_staff(
            s,
            staff.StaffData(
                first_name="Barbara",
                last_name="Whitmore",
                role=StaffRole.OWNER.value,
                employment_type=EmploymentType.OWNER.value,
                start_date=today - timedelta(days=2300),
                date_of_birth=date(today.year - 57, 3, 14),
                phone="07700 900417",
                email="barbara@whitmorehomecare.example",
                address="27 Tanworth Lane, Shirley, Solihull",
                postcode="B90 4DG",
                contracted_minutes_per_week=None,
                notes="Owner and registered person. Does every visit herself.",
            ),
        )
        staff.set_availability(
            s,
            barbara.id,
            [(day, lo, hi) for day, windows in BARBARA_HOURS.items() for lo, hi in windows],
        )
        ctx = DemoContext(s, rng, today)
        ctx.add_councils()
        written = [write_client(ctx, spec) for spec in SMALL_CLIENTS]
        rota = Rota(
            {
                barbara.id: {
                    d: [(minutes_of(lo), minutes_of(hi)) for lo, hi in w]
                    for d, w in BARBARA_HOURS.items()
                }
            },
            gap_minutes=15,
        )
        needs = [
            Need(
                client=i,
                weekdays=v.days,
                earliest=hm(v.earliest),
                latest=hm(v.latest),
                minutes=v.minutes,
                service_type=str(v.service),
                tasks=v.tasks,
                start=w.start,
                every_weeks=v.every_weeks,
                staff_required=v.staff,
                funding=v.funding,
            )
            for i, w in enumerate(written)
            for v in w.spec.visits
        ]
        plans = write_plans(ctx, rota.place_all(needs), written)
        refs = [
            PlanRef(
                p.id,
                p.client_id,
                p.rrule,
                p.start_date,
                p.end_date,
                p.start_time,
                p.end_time,
                p.service_type,
                tuple(p.tasks),
                p.staff_required,
                placed.staff,
            )
            for p, placed in plans
        ]
        events, pauses = _life_events(ctx, written, refs)
        visits = _history(ctx, written, refs, events, pauses, now)
        s.add_all(visits)
        s.flush()
        links = [{"visit_id": v.id, "staff_id": barbara.id} for v in visits]
        s.execute(insert(visit_staff), links)
        append_audit_rows(s, [table_entry(s, "visit_staff", links)])
        names = {w.id: w.spec.display_name.split(" ")[0] for w in written}
        notes = [
            DailyNote(
                client_id=v.client_id,
                visit_id=v.id,
                staff_id=barbara.id,
                occurred_at=v.actual_end,
                text=note_text(rng, v.service_type, names[v.client_id]),
                author="Barbara Whitmore",
                created_at=min(v.actual_end + timedelta(minutes=rng.randint(2, 20)), now),
            )
            for v in visits
            if v.status == "completed" and v.actual_end is not None
        ]
        s.add_all(notes)
        s.flush()
        return {
            "clients": len(written),
            "staff": 1,
            "plans": len(plans),
            "visits": len(visits),
            "daily_notes": len(notes),
        }


def _first_on_or_after(day: date, weekdays: tuple[int, ...]) -> date:
    while day.weekday() not in weekdays:
        day += timedelta(days=1)
    return day


def _life_events(
    ctx: DemoContext, written: list[WrittenClient], refs: list[PlanRef]
) -> tuple[dict[tuple[int, date], dict[str, object]], dict[int, tuple[date, date]]]:
    """A hospital stay, two cancellations and next weeks' changes, at dates relative to today."""
    today, s = ctx.today, ctx.session
    by_last = {w.spec.last: w.id for w in written}
    plan_of = {ref.client_id: ref for ref in reversed(refs)}  # each client's first plan
    events: dict[tuple[int, date], dict[str, object]] = {}
    pauses: dict[int, tuple[date, date]] = {}

    harold = plan_of[by_last["Bennett"]]
    admitted = _first_on_or_after(today - timedelta(days=30), (1, 3))
    pauses[harold.client_id] = (admitted, admitted + timedelta(days=9))
    s.add(
        ClientPause(
            client_id=harold.client_id,
            start_date=admitted,
            end_date=pauses[harold.client_id][1],
            reason="hospital",
            notes="Fall at home overnight; admitted to Heartlands. Home with a frame, same package.",
        )
    )
    events[(harold.id, admitted)] = {
        "notice": timedelta(hours=2),
        "reason": "Admitted to hospital after a fall in the night (Richard phoned at 7am)",
    }
    eileen = plan_of[by_last["Murphy"]]
    day = _first_on_or_after(today - timedelta(days=12), (0, 2, 4))
    events[(eileen.id, day)] = {
        "notice": timedelta(days=3),
        "reason": "Nephew visiting from Ireland; not needed",
    }
    surinder = plan_of[by_last["Bains"]]
    day = _first_on_or_after(today - timedelta(days=6), (1, 3))
    events[(surinder.id, day)] = {
        "notice": timedelta(hours=3),
        "reason": "Hospital outpatient appointment with her daughter",
    }
    doris = plan_of[by_last["Taylor"]]
    s.add(
        PlanException(
            plan_id=doris.id,
            occurrence_date=_first_on_or_after(today + timedelta(days=7), (4,)),
            action="skip",
            reason="Andrew is taking her to the coast for the day",
        )
    )
    daniel = plan_of[by_last["Hughes"]]
    wednesday = _first_on_or_after(today + timedelta(days=8), (2,))
    s.add(
        PlanException(
            plan_id=daniel.id,
            occurrence_date=wednesday,
            action="move",
            new_date=wednesday + timedelta(days=1),
            new_start_time=time(10, 0),
            reason="Daniel's college open day moved his outing to Thursday morning",
        )
    )
    return events, pauses


def _history(
    ctx: DemoContext,
    written: list[WrittenClient],
    refs: list[PlanRef],
    events: dict[tuple[int, date], dict[str, object]],
    pauses: dict[int, tuple[date, date]],
    now: datetime,
) -> list[Visit]:
    today, rng = ctx.today, ctx.rng
    first = today - timedelta(days=HISTORY_DAYS)
    last = today - timedelta(days=1)
    mileage = {w.id for w in written if w.spec.mileage_pence}
    rows = []
    for ref in refs:
        paused = pauses.get(ref.client_id)
        for day in plan_dates(ref, first, last):
            event = events.get((ref.id, day))
            if event is not None:
                notice = event["notice"]
                assert isinstance(notice, timedelta)
                rows.append(cancelled_visit(ref, day, notice, str(event["reason"]), now))
            elif paused and paused[0] <= day <= paused[1]:
                continue
            else:
                rows.append(completed_visit(ref, day, rng, now, ref.client_id in mileage))
    rows.sort(key=lambda r: (r["planned_start"], r["client_id"]))
    return [Visit(**row) for row in rows]
