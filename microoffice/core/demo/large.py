"""A team of five with 60 current clients and five years of history, for the benchmark.

Reference rows (business, staff, clients, plans, rate cards) go through the services and the ORM,
so they are audited one by one; the history (tens of thousands of visits) is bulk-inserted with
Core and recorded in the audit log as one table-shaped entry for the visits and one for their
staff, which `microoffice check` replays like an insert per row.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import insert

from microoffice.core import clock
from microoffice.core.db.audit_hook import append_audit_rows, table_entry
from microoffice.core.db.base import Base
from microoffice.core.db.database import Database
from microoffice.core.demo.history import PlanRef, note_text
from microoffice.core.demo.large_clients import Era, random_client
from microoffice.core.demo.large_history import Roster, assign_and_record
from microoffice.core.demo.schedule import Need, Placement, Rota
from microoffice.core.demo.spec import hm
from microoffice.core.demo.writer import DemoContext, WrittenClient, write_client, write_plans
from microoffice.core.models.enums import EmploymentType, StaffRole
from microoffice.core.models.records import DailyNote
from microoffice.core.models.visits import ClientPause, DoNotSend, visit_staff
from microoffice.core.people.guard import needs_office
from microoffice.core.people.rights import Right
from microoffice.core.services import business, staff
from microoffice.core.vocabulary import called

VISIT_TABLE = Base.metadata.tables["visit"]
CURRENT_CLIENTS = 60
FORMER_PER_YEAR = 6
NOTE_DAYS = 14
CHUNK = 20_000

# (first, last, role, employment, weekly availability: weekdays -> [(start, end)])
LONG, DAY = ("07:00", "22:00"), ("07:30", "18:00")
TEAM: tuple[tuple[str, str, str, str, dict[int, list[tuple[str, str]]]], ...] = (
    ("Janet", "Holloway", StaffRole.OWNER, EmploymentType.OWNER, {d: [DAY] for d in range(5)}),
    ("Priya", "Sharma", StaffRole.SENIOR_CARER, EmploymentType.EMPLOYEE,
     {d: [LONG] for d in range(6)}),
    ("Lee", "Morgan", StaffRole.CARE_WORKER, EmploymentType.EMPLOYEE,
     {d: [LONG] for d in range(1, 7)}),
    ("Kirsty", "Doyle", StaffRole.CARE_WORKER, EmploymentType.EMPLOYEE,
     {d: [LONG] for d in (0, 3, 4, 5, 6)}),
    ("Tom", "Bayliss", StaffRole.CARE_WORKER, EmploymentType.ZERO_HOURS,
     {d: [("16:00", "22:00")] for d in range(5)} | {d: [LONG] for d in (5, 6)}),
)  # fmt: skip


CONTRACTED_MINUTES = (None, 37 * 60, 37 * 60, 27 * 60, None)
PAY_PENCE = (None, 1400, 1350, 1350, 1300)


def _business_data() -> business.BusinessData:
    return business.BusinessData(
        legal_form="ltd",
        legal_name="Holloway Care Ltd",
        trading_name="Holloway Care",
        address="Unit 4, Cranmore Court\nCranmore Boulevard\nShirley, Solihull",
        postcode="B90 4RZ",
        phone="0121 496 0877",
        email="office@hollowaycare.example",
        company_number="11472093",
        cqc_registered=True,
        cqc_provider_id="1-3391275564",
        cqc_location_id="1-3391275590",
        ico_registration_number="ZA729113",
        bank_account_name="Holloway Care Ltd",
        bank_sort_code="30-96-26",
        bank_account_number="17745290",
        payment_terms_days=14,
        invoice_footer="Holloway Care Ltd, registered in England and Wales no. 11472093. "
        "Registered office as above. Not VAT registered.",
    )


@needs_office(Right.OFFICE_FILE)
def build_large(db: Database, seed: int, years: int = 5) -> dict[str, int]:
    rng = random.Random(seed)
    today = clock.today()
    now = clock.now()
    history_start = today - timedelta(days=365 * years + years // 4)
    with db.session(actor="demo") as s:
        business.update_business(s, _business_data())
        availability: dict[int, dict[int, list[tuple[int, int]]]] = {}
        team_ids = []
        for i, (first, last, role, employment, hours) in enumerate(TEAM):
            member = staff.create_staff(
                s,
                staff.StaffData(
                    first_name=first,
                    last_name=last,
                    role=role,
                    employment_type=employment,
                    start_date=history_start - timedelta(days=400 + 300 * (len(TEAM) - i)),
                    phone=f"07700 900{100 + i:03d}",
                    email=f"{first.lower()}@hollowaycare.example",
                    contracted_minutes_per_week=CONTRACTED_MINUTES[i],
                    hourly_pay_pence=PAY_PENCE[i],
                ),
            )
            windows = [(d, hm(lo), hm(hi)) for d, ws in hours.items() for lo, hi in ws]
            staff.set_availability(s, member.id, windows)
            availability[member.id] = {
                d: [(hm(lo).hour * 60 + hm(lo).minute, hm(hi).hour * 60 + hm(hi).minute)
                    for lo, hi in ws]
                for d, ws in hours.items()
            }  # fmt: skip
            team_ids.append(member.id)
        ctx = DemoContext(s, rng, today)
        ctx.add_councils()
        written, eras = _clients(ctx, history_start, years)
        rota = Rota(availability, gap_minutes=10)
        needs = _needs(eras)
        placements = [p for n in needs for p in _place(rota, n, today)]
        plans = write_plans(ctx, placements, written)
        refs = [
            PlanRef(p.id, p.client_id, p.rrule, p.start_date, p.end_date, p.start_time,
                    p.end_time, p.service_type, tuple(p.tasks), p.staff_required,
                    placed.staff)
            for p, placed in plans
        ]  # fmt: skip
        pauses = _pauses(ctx, written, history_start)
        leave = _leave(ctx, team_ids, history_start)
        _do_not_send(ctx, written, refs, team_ids)
        roster = Roster(availability, leave, gap_minutes=10)
        mileage = {w.id for w in written if w.spec.mileage_pence}
        rows, links = assign_and_record(
            rng, refs, roster, pauses, history_start, today - timedelta(days=1), now, mileage
        )
        for i in range(0, len(rows), CHUNK):
            s.execute(insert(VISIT_TABLE), rows[i : i + CHUNK])
        for i in range(0, len(links), CHUNK):
            s.execute(insert(visit_staff), links[i : i + CHUNK])
        about = {
            "bulk_load": "large demo history",
            "from": history_start.isoformat(),
            "to": (today - timedelta(days=1)).isoformat(),
        }
        append_audit_rows(
            s,
            [
                table_entry(s, "visit", rows, **about),
                table_entry(s, "visit_staff", links, **about),
            ],
        )
        notes = _recent_notes(ctx, rows, links, written, team_ids, now)
        return {
            "clients": len(written),
            "staff": len(team_ids),
            "plans": len(plans),
            "visits": len(rows),
            "daily_notes": notes,
        }


def _place(rota: Rota, need: Need, today: date) -> list[Placement]:
    """Fit a need in its window, else at any time of day; a long-running need that still does
    not fit is split in time (as a rota is re-timed over the years) and each part tried again."""
    found = rota.place_flexibly(need) or rota.place_flexibly(
        replace(need, earliest=hm("07:00"), latest=hm("21:00"))
    )
    last = need.end or today
    if found or (last - need.start).days < 60:
        return found
    middle = need.start + (last - need.start) / 2
    return _place(rota, replace(need, end=middle), today) + _place(
        rota, replace(need, start=middle + timedelta(days=1)), today
    )


def _needs(eras: list[list[Era]]) -> list[Need]:
    """Everyone's first visit pattern comes before anyone's second, so when the team is full
    it is extra calls that go without, never a whole client."""
    ranked = [
        (rank, i, Need(
            client=i,
            weekdays=v.days,
            earliest=hm(v.earliest),
            latest=hm(v.latest),
            minutes=v.minutes,
            service_type=str(v.service),
            tasks=v.tasks,
            start=era.start,
            end=era.end,
            every_weeks=v.every_weeks,
            staff_required=v.staff,
            funding=v.funding,
        ))
        for i, client_eras in enumerate(eras)
        for era in client_eras
        for rank, v in enumerate(era.visits)
    ]  # fmt: skip
    ranked.sort(key=lambda item: (item[0], item[1]))
    return [need for _, _, need in ranked]


def _clients(
    ctx: DemoContext, history_start: date, years: int
) -> tuple[list[WrittenClient], list[list[Era]]]:
    """60 current clients (a few from before the history starts) and those who left on the way."""
    rng, today = ctx.rng, ctx.today
    span = (today - history_start).days
    lives: list[tuple[date, date | None]] = []
    for i in range(CURRENT_CLIENTS):
        if i < CURRENT_CLIENTS // 5:
            start = history_start - timedelta(days=rng.randint(30, 900))
        else:
            start = history_start + timedelta(days=int(span * rng.random() ** 0.7))
        lives.append((min(start, today - timedelta(days=7)), None))
    for _ in range(FORMER_PER_YEAR * years):
        start = history_start + timedelta(days=rng.randint(-400, span - 150))
        left = start + timedelta(days=rng.randint(60, 1400))
        lives.append((start, min(left, today - timedelta(days=14))))
    lives.sort(key=lambda life: life[0])
    written, eras = [], []
    for start, end in lives:
        spec, client_eras = random_client(rng, today, start, end)
        written.append(write_client(ctx, spec))
        eras.append(client_eras)
    return written, eras


def _pauses(
    ctx: DemoContext, written: list[WrittenClient], history_start: date
) -> dict[int, list[tuple[date, date, str]]]:
    """Hospital stays and holidays: on average one every few years per client."""
    rng, found = ctx.rng, defaultdict(list)
    for w in written:
        first = max(w.start, history_start)
        last = min(w.spec.end or ctx.today, ctx.today)
        days = (last - first).days
        for _ in range(days // 500 + (rng.random() < days % 500 / 500)):
            start = first + timedelta(days=rng.randint(0, max(days - 30, 0)))
            end = start + timedelta(days=rng.randint(4, 21))
            hospital = rng.random() < 0.7
            ctx.session.add(
                ClientPause(
                    client_id=w.id,
                    start_date=start,
                    end_date=end,
                    reason="hospital" if hospital else "holiday",
                    notes="Admitted to hospital" if hospital else "Away with family",
                )
            )
            found[w.id].append((start, end, "hospital" if hospital else "holiday"))
    ctx.session.flush()
    return dict(found)


def _leave(
    ctx: DemoContext, team_ids: list[int], history_start: date
) -> dict[int, list[tuple[date, date]]]:
    """Two weeks' holiday twice a year each, staggered, plus one booked for next month."""
    found: dict[int, list[tuple[date, date]]] = defaultdict(list)
    day = history_start + timedelta(days=20)
    turn = 0
    while day < ctx.today + timedelta(days=60):
        member = team_ids[turn % len(team_ids)]
        end = day + timedelta(days=ctx.rng.choice((6, 9, 13)))
        staff.add_leave(ctx.session, member, day, end, "holiday")
        found[member].append((day, end))
        day = end + timedelta(days=ctx.rng.randint(20, 40))
        turn += 1
    return dict(found)


def _do_not_send(
    ctx: DemoContext, written: list[WrittenClient], refs: list[PlanRef], team_ids: list[int]
) -> None:
    """Two clients who asked not to have a particular carer (never one who is their regular)."""
    regulars: dict[int, set[int]] = defaultdict(set)
    for ref in refs:
        regulars[ref.client_id].update(ref.staff)
    current = [w for w in written if w.spec.end is None]
    used: set[int] = set()
    for w, reason in zip(
        current[-2:], ("Prefers a female carer for personal care", "Personality clash"), strict=True
    ):
        other = next(
            (t for t in reversed(team_ids) if t not in regulars[w.id] and t not in used), None
        )
        if other is not None:
            used.add(other)
            ctx.session.add(DoNotSend(client_id=w.id, staff_id=other, reason=reason))
    ctx.session.flush()


def _recent_notes(
    ctx: DemoContext,
    rows: list[dict[str, Any]],
    links: list[dict[str, int]],
    written: list[WrittenClient],
    team_ids: list[int],
    now: Any,
) -> int:
    """Daily notes for the last fortnight, through the ORM so each is audited (append-only)."""
    since = clock.to_utc(ctx.today - timedelta(days=NOTE_DAYS), hm("00:00"))
    names = {w.id: called(w.spec.first, w.spec.preferred) for w in written}
    first_staff: dict[int, int] = {}
    for link in links:
        first_staff.setdefault(link["visit_id"], link["staff_id"])
    authors = {sid: f"{t[0]} {t[1]}" for sid, t in zip(team_ids, TEAM, strict=True)}
    notes = [
        DailyNote(
            client_id=row["client_id"],
            visit_id=row["id"],
            staff_id=first_staff[row["id"]],
            occurred_at=row["actual_end"],
            text=note_text(ctx.rng, row["service_type"], names[row["client_id"]]),
            author=authors.get(first_staff[row["id"]], ""),
            created_at=min(row["actual_end"] + timedelta(minutes=ctx.rng.randint(2, 20)), now),
        )
        for row in rows
        if row["status"] == "completed" and row["planned_start"] >= since
    ]
    ctx.session.add_all(notes)
    ctx.session.flush()
    return len(notes)
