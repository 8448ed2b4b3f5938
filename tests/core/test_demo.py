"""The demo databases: Barbara's believable business, and the large team history for the bench."""

from __future__ import annotations

import itertools
import sqlite3
import time as timer
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from dateutil.rrule import rrulestr
from sqlalchemy import func, select

from microoffice.cli import main as cli_main
from microoffice.core import clock
from microoffice.core.db.database import Database, open_database
from microoffice.core.demo import build_demo
from microoffice.core.errors import UserError
from microoffice.core.models import AuditLog, Business, Client, Contact, FundingArrangement
from microoffice.core.models.billing import RateCard
from microoffice.core.models.records import DailyNote
from microoffice.core.models.staff import Staff, StaffAvailability
from microoffice.core.models.visits import ClientPause, Visit, VisitPlan, visit_staff
from microoffice.core.readers.identifiers import read_postcode
from microoffice.core.services import business
from microoffice.core.services.integrity import check_database
from tests.conftest import FROZEN_AT

TODAY = date(2026, 12, 7)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    path = tmp_path_factory.mktemp("demo") / "barbara.sqlite"
    with clock.frozen(FROZEN_AT):
        build_demo(str(path))
    database = open_database(str(path), create=False)
    yield database
    database.close()


def nhs_valid(number: str) -> bool:
    """The modulus-11 rule, written out again here so the test does not trust the generator."""
    weights = [10, 9, 8, 7, 6, 5, 4, 3, 2]
    remainder = sum(int(d) * w for d, w in zip(number[:9], weights, strict=True)) % 11
    check = 11 - remainder
    if check == 11:
        check = 0
    return len(number) == 10 and check != 10 and check == int(number[9])


def test_nhs_check_helper_agrees_with_published_example() -> None:
    assert nhs_valid("9434765919")  # the NHS Data Dictionary example
    assert not nhs_valid("9434765918")


def test_small_demo_is_barbaras_business_with_fourteen_clients(small: Database) -> None:
    with small.session() as s:
        biz = s.scalars(select(Business)).one()
        assert (biz.legal_name, biz.trading_name, biz.legal_form) == (
            "Barbara Whitmore",
            "Whitmore Home Care",
            "sole_trader",
        )
        assert biz.cqc_registered and biz.cqc_provider_id and biz.ico_registration_number
        assert biz.bank_sort_code and len(biz.bank_account_number) == 8
        business.validate(business.BusinessData.from_business(biz))  # passes the form's rules
        team = s.scalars(select(Staff)).all()
        assert [p.display_name for p in team] == ["Barbara Whitmore"]
        assert s.scalar(select(func.count(Client.id))) == 14
        assert s.scalar(select(func.count(Client.id)).where(Client.archived_at.is_not(None))) == 0


def test_small_demo_covers_every_funding_route(small: Database) -> None:
    with small.session() as s:
        arrangements = s.scalars(select(FundingArrangement)).all()
        by_client: dict[int, list[FundingArrangement]] = defaultdict(list)
        for f in arrangements:
            by_client[f.client_id].append(f)
        kinds = {f.funding_type for f in arrangements}
        assert {"SELF", "DP", "LA", "THIRD"} <= kinds
        self_funders = [
            c for c, fs in by_client.items() if [f.funding_type for f in fs] == ["SELF"]
        ]
        assert len(self_funders) >= 3
        dp = [f for f in arrangements if f.funding_type == "DP"]
        payer_kinds = sorted(f.payer_contact.kind if f.payer_contact else "client" for f in dp)
        assert {"client", "dp_nominated", "dp_authorised"} <= set(payer_kinds)
        assert all(f.council_reference and f.organisation_id is None for f in dp)
        council = [f for f in arrangements if f.funding_type == "LA"]
        assert {f.organisation.name for f in council if f.organisation} >= {
            "Birmingham City Council"
        }
        assert all(f.council_reference and f.purchase_order for f in council)
        (third,) = [f for f in arrangements if f.funding_type == "THIRD"]
        attorney = third.payer_contact
        assert attorney is not None and attorney.kind == "lpa_finance"
        assert attorney.opg_reference and attorney.document_checked_on < TODAY
        split = [fs for fs in by_client.values() if len(fs) == 2]
        assert len(split) == 1
        parts = {f.funding_type: f.service_types for f in split[0]}
        assert parts == {"LA": ["personal_care"], "SELF": ["companionship"]}


def test_small_demo_people_have_valid_identities(small: Database) -> None:
    with small.session() as s:
        people = s.scalars(select(Client)).all()
        numbers = [c.nhs_number for c in people]
        assert all(nhs_valid(n) for n in numbers) and len(set(numbers)) == 14
        for c in people:
            assert c.postcode == read_postcode(c.postcode) and c.postcode.startswith("B")
            assert c.address_line1 and c.town and c.phone and c.gp_practice and c.access_notes
            assert c.date_of_birth is not None and c.start_date is not None
            assert 18 <= (TODAY - c.date_of_birth).days // 365 <= 100
        older = [c for c in people if (TODAY - c.date_of_birth).days // 365 >= 65]
        assert len(older) >= 12
        contacts = s.scalars(select(Contact)).all()
        next_of_kin = {c.client_id for c in contacts if c.kind == "next_of_kin"}
        assert len(next_of_kin) >= 10
        assert all(c.postcode == read_postcode(c.postcode) for c in contacts)


def _occurrences(plan: VisitPlan, first: date, last: date) -> list[date]:
    rule = rrulestr(plan.rrule, dtstart=datetime.combine(plan.start_date, plan.start_time))
    found = rule.between(datetime.combine(first, time.min), datetime.combine(last, time.max), True)
    return [d.date() for d in found if plan.end_date is None or d.date() <= plan.end_date]


def test_small_demo_plans_expand_into_a_week_one_person_can_work(small: Database) -> None:
    with small.session() as s:
        plans = s.scalars(select(VisitPlan)).all()
        hours = {
            a.weekday: (a.start_time, a.end_time) for a in s.scalars(select(StaffAvailability))
        }
    assert len(plans) >= 14 and {p.client_id for p in plans} == set(range(1, 15))
    monday = TODAY + timedelta(days=7)
    days: dict[date, list[tuple[int, int]]] = defaultdict(list)
    for plan in plans:
        assert plan.rrule.startswith("FREQ=WEEKLY")
        assert plan.start_time < plan.end_time  # daytime visits, none overnight
        start = plan.start_time.hour * 60 + plan.start_time.minute
        end = plan.end_time.hour * 60 + plan.end_time.minute
        assert end - start >= 30  # NICE: no 15-minute calls
        for day in _occurrences(plan, monday, monday + timedelta(days=13)):
            days[day].append((start, end))
            lo, hi = hours[day.weekday()]
            assert lo <= plan.start_time and plan.end_time <= hi
    assert sum(len(v) for v in days.values()) >= 2 * 30  # a full fortnight of visits
    for day, slots in days.items():
        slots.sort()
        for (_, end), (start, _) in itertools.pairwise(slots):
            assert start - end >= 15, f"less than 15 minutes' travel on {day}"


def test_small_demo_history_is_eight_weeks_of_recorded_visits(small: Database) -> None:
    with small.session() as s:
        visits = s.scalars(select(Visit)).all()
        plans = {p.id: p for p in s.scalars(select(VisitPlan))}
        links = s.execute(select(visit_staff)).all()
        (barbara_id,) = s.scalars(select(Staff.id)).all()
        pause = s.scalars(select(ClientPause)).one()
        notes = s.scalars(select(DailyNote)).all()
    days = {v.occurrence_date for v in visits}
    # Up to yesterday; yesterday was a Sunday, Barbara's day off, so the last is Saturday.
    assert min(days) >= TODAY - timedelta(days=56) and max(days) == date(2026, 12, 5)
    assert len(visits) > 250
    statuses = sorted({v.status for v in visits})
    assert statuses == ["cancelled_client", "completed"]
    assert {visit_id for visit_id, _ in links} == {v.id for v in visits}
    assert {staff_id for _, staff_id in links} == {barbara_id}
    for v in visits:
        plan = plans[v.plan_id]
        assert v.occurrence_date in _occurrences(plan, v.occurrence_date, v.occurrence_date)
        assert clock.to_local(v.planned_start).time() == plan.start_time
        if v.status == "completed":
            assert v.actual_start and v.actual_end and v.actual_end > v.actual_start
            assert v.confirmed_at is not None and v.confirmed_at <= clock.now()
        else:
            assert v.cancellation_notice_at < v.planned_start and v.cancellation_reason
    in_pause = [v for v in visits if v.client_id == pause.client_id
                and pause.start_date <= v.occurrence_date <= pause.end_date]  # fmt: skip
    assert [v.status for v in in_pause] == ["cancelled_client"]
    assert "hospital" in in_pause[0].cancellation_reason.lower()
    completed = {v.id for v in visits if v.status == "completed"}
    assert {n.visit_id for n in notes} == completed
    assert all(n.created_at >= n.occurred_at for n in notes)


def test_small_demo_rate_cards_are_in_force_and_audited(small: Database) -> None:
    with small.session() as s:
        cards = s.scalars(select(RateCard)).all()
        funding_ids = set(s.scalars(select(FundingArrangement.id)))
        audited = set(s.scalars(select(AuditLog.entity).distinct()))
    current = [c for c in cards if c.effective_from <= TODAY and c.effective_to is None]
    assert {c.funding_id for c in current} == funding_ids
    assert all(2400 <= c.hourly_rate_pence <= 3000 for c in current)
    assert all(any(e["when"] == "BANK_HOLIDAY" for e in c.enhancements) for c in current)
    by_funding: dict[int | None, list[RateCard]] = defaultdict(list)
    for card in cards:
        by_funding[card.funding_id].append(card)
    for run in by_funding.values():
        run.sort(key=lambda c: c.effective_from)
        for before, after in itertools.pairwise(run):
            assert before.effective_to == after.effective_from - timedelta(days=1)
            assert before.hourly_rate_pence < after.hourly_rate_pence
    assert {"client", "contact", "funding_arrangement", "visit_plan", "visit", "rate_card"} <= (
        audited
    )
    assert check_database(small) == []


def _table_contents(path: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall() for t in tables}
    finally:
        conn.close()


def test_two_builds_at_the_same_time_are_identical(tmp_path: Path) -> None:
    first, second = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    build_demo(str(first))
    build_demo(str(second))
    a, b = _table_contents(first), _table_contents(second)
    assert a.keys() == b.keys() and len(a["visit"]) > 250
    for table in a:
        assert a[table] == b[table], table


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    target = tmp_path / "precious.sqlite"
    target.write_bytes(b"someone's real data")
    with pytest.raises(UserError, match="--force"):
        build_demo(str(target))
    assert target.read_bytes() == b"someone's real data"
    for suffix in ("-wal", "-shm"):
        (tmp_path / f"precious.sqlite{suffix}").write_bytes(b"stale")
    summary = build_demo(str(target), force=True)
    assert summary.clients == 14
    assert not (tmp_path / "precious.sqlite-wal").exists()
    assert not (tmp_path / "precious.sqlite-shm").exists()
    assert target.read_bytes()[:16] == b"SQLite format 3\x00"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["precious.sqlite"]


def test_demo_command_writes_then_refuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "demo.sqlite"
    assert cli_main(["demo", "--db", str(target)]) == 0
    assert "14 clients" in capsys.readouterr().out
    before = target.read_bytes()
    assert cli_main(["--db", str(target), "demo"]) != 0
    err = capsys.readouterr().err
    assert "already exists" in err and "--force" in err
    assert target.read_bytes() == before
    assert cli_main(["demo", "--db", str(target), "--force", "--scale", "small"]) == 0


def test_large_demo_short_history_is_a_workable_team_rota(tmp_path: Path) -> None:
    target = tmp_path / "large.sqlite"
    started = timer.perf_counter()
    summary = build_demo(str(target), scale="large", years=1)
    assert timer.perf_counter() - started < 60
    assert (summary.staff, summary.visits > 5000) == (5, True)
    database = open_database(str(target), create=False)
    try:
        with database.session() as s:
            current = s.scalar(select(func.count(Client.id)).where(Client.archived_at.is_(None)))
            former = s.scalar(select(func.count(Client.id)).where(Client.end_date.is_not(None)))
            assert current == 60 and former and former >= 5
            with_plans = s.scalar(
                select(func.count(func.distinct(VisitPlan.client_id))).where(
                    VisitPlan.end_date.is_(None)
                )
            )
            assert with_plans == 60
            rows = s.execute(
                select(visit_staff.c.staff_id, Visit.planned_start, Visit.planned_end)
                .join(Visit, Visit.id == visit_staff.c.visit_id)
                .where(Visit.status == "completed")
            ).all()
            bulk = select(AuditLog).where(
                AuditLog.action == "bulk_insert", AuditLog.entity == "visit"
            )
            event = s.scalars(bulk).one()
            visit_count = s.scalar(select(func.count(Visit.id)))
        assert len(event.changes["rows"]) == visit_count == summary.visits
        assert check_database(database) == []
    finally:
        database.close()
    busy: dict[tuple[int, date], list[tuple[datetime, datetime]]] = defaultdict(list)
    for staff_id, start, end in rows:
        busy[(staff_id, clock.to_local(start).date())].append((start, end))
    for (staff_id, day), slots in busy.items():
        slots.sort()
        for (_, end), (start, _) in itertools.pairwise(slots):
            assert start >= end, f"staff {staff_id} double-booked on {day}"
