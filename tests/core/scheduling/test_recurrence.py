"""Expansion is checked against plain dateutil, which is the definition of an RRULE we rely on."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microoffice.core.db.database import Database
from microoffice.core.models.visits import VisitPlan
from microoffice.core.scheduling.occurrences import occurrences
from microoffice.core.scheduling.recurrence import (
    WEEKDAY_CODES,
    describe,
    expand_dates,
    weekly_rule,
)

LONDON = ZoneInfo("Europe/London")
CODES = st.sampled_from(WEEKDAY_CODES)


@st.composite
def rules(draw: st.DrawFn) -> str:
    freq = draw(st.sampled_from(["DAILY", "WEEKLY", "WEEKLY", "WEEKLY", "MONTHLY"]))
    parts = [f"FREQ={freq}"]
    interval = draw(st.integers(1, 5))
    if interval > 1 or draw(st.booleans()):
        parts.append(f"INTERVAL={interval}")
    if freq == "WEEKLY" and draw(st.integers(0, 4)):
        days = draw(st.lists(CODES, min_size=1, max_size=7, unique=True))
        parts.append("BYDAY=" + ",".join(days))
    if freq == "MONTHLY":
        parts.append(f"BYMONTHDAY={draw(st.integers(1, 28))}")
    if draw(st.integers(0, 5)) == 0:
        parts.append(f"WKST={draw(CODES)}")
    ending = draw(st.sampled_from(["none", "none", "until", "count"]))
    if ending == "until":
        until = date(2026, 1, 1) + timedelta(days=draw(st.integers(0, 900)))
        parts.append(f"UNTIL={until:%Y%m%d}" + draw(st.sampled_from(["", "T235959", "T080000"])))
    elif ending == "count":
        parts.append(f"COUNT={draw(st.integers(1, 60))}")
    return ";".join(parts)


days_2026_2028 = st.integers(0, 800).map(lambda n: date(2026, 1, 1) + timedelta(days=n))
# Visit times; 01:00-01:59 is excluded here because it does not exist on the spring-forward day
# (tested separately below).
wall_times = st.sampled_from([time(h, m) for h in (0, *range(2, 24)) for m in (0, 15, 30, 45)])


def dateutil_dates(rule: str, start: date, at: time, first: date, last: date) -> list[date]:
    parsed = rrulestr(rule, dtstart=datetime.combine(start, at))
    lo = datetime.combine(first, time.min)
    hi = datetime.combine(last + timedelta(days=1), time.min)
    return [dt.date() for dt in parsed.between(lo, hi, inc=True) if dt < hi]


@settings(max_examples=400, deadline=None)
@given(rules(), days_2026_2028, wall_times, days_2026_2028, st.integers(0, 120))
def test_expand_dates_matches_dateutil(
    rule: str, start: date, at: time, first: date, span: int
) -> None:
    last = first + timedelta(days=span)
    assert expand_dates(rule, start, at, first, last) == dateutil_dates(
        rule, start, at, first, last
    )


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rules(), days_2026_2028, wall_times, st.integers(5, 240), days_2026_2028, st.integers(0, 70))
def test_stored_plan_expands_like_dateutil_in_utc(
    db: Database, rule: str, start: date, at: time, minutes: int, first: date, span: int
) -> None:
    """The whole path (row -> occurrences) gives dateutil's dates at the right UTC instants."""
    last = first + timedelta(days=span)
    with db.session() as s:
        client_id = _client(s)
        plan = VisitPlan(
            client_id=client_id,
            rrule=rule,
            start_date=start,
            start_time=at,
            end_time=(datetime.combine(start, at) + timedelta(minutes=minutes)).time(),
            tasks=[],
        )
        s.add(plan)
        s.flush()
        got = occurrences(s, first, last, plan_id=plan.id)
    expected = []
    for d in dateutil_dates(rule, start, at, first, last):
        local = datetime.combine(d, at).replace(tzinfo=LONDON)
        begin = local.astimezone(UTC)
        # the end at its time on the clock (zoneinfo: a skipped time is read before the change,
        # so it lands an hour on; a repeated one is the first), unless the start itself was
        # skipped, when the whole visit moves on by the hour and keeps its length
        end = (datetime.combine(d, at) + timedelta(minutes=minutes)).replace(tzinfo=LONDON)
        skipped = begin.astimezone(LONDON).time() != at
        expected.append((d, begin, begin + timedelta(minutes=minutes) if skipped else end))
    expected = [(d, b, e.astimezone(UTC)) for d, b, e in expected]
    assert [(o.occurrence_date, o.planned_start, o.planned_end) for o in got] == expected
    assert all(o.day == o.occurrence_date and o.status == "planned" for o in got)


def _client(s) -> int:  # type: ignore[no-untyped-def]
    from microoffice.core.models.clients import Client

    found = s.query(Client.id).first()
    if found:
        return int(found[0])
    c = Client(first_name="Rule", last_name="Tester")
    s.add(c)
    s.flush()
    return c.id


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.integers(0, 6), min_size=1, max_size=7, unique=True),
    st.integers(1, 4),
    wall_times,
    st.integers(0, 200).map(lambda n: date(2026, 9, 1) + timedelta(days=n)),
)
def test_dst_never_moves_a_wall_clock_time(
    weekdays: list[int], every: int, at: time, start: date
) -> None:
    """Across 25 Oct 2026 and 28 Mar 2027, every visit stays at the same London clock time."""
    from microoffice.core import clock

    for d in expand_dates(
        weekly_rule(weekdays, every), start, at, date(2026, 10, 1), date(2027, 4, 30)
    ):
        assert clock.to_local(clock.to_utc(d, at)).time() == at
        assert d.weekday() in weekdays


def test_weekly_0800_across_both_clock_changes(db: Database) -> None:
    """Sunday 08:00 visits: 08:00 BST is 07:00 UTC, 08:00 GMT is 08:00 UTC, clock time unchanged."""
    with db.session() as s:
        plan = VisitPlan(
            client_id=_client(s),
            rrule="FREQ=WEEKLY;BYDAY=SU",
            start_date=date(2026, 10, 18),
            start_time=time(8, 0),
            end_time=time(8, 30),
            tasks=[],
        )
        s.add(plan)
        s.flush()
        got = occurrences(s, date(2026, 10, 18), date(2026, 11, 1), plan_id=plan.id)
        spring = occurrences(s, date(2027, 3, 21), date(2027, 4, 4), plan_id=plan.id)
    assert [o.planned_start for o in got] == [
        datetime(2026, 10, 18, 7, 0, tzinfo=UTC),
        datetime(2026, 10, 25, 8, 0, tzinfo=UTC),  # the clocks went back at 02:00 that morning
        datetime(2026, 11, 1, 8, 0, tzinfo=UTC),
    ]
    assert [o.planned_start for o in spring] == [
        datetime(2027, 3, 21, 8, 0, tzinfo=UTC),
        datetime(2027, 3, 28, 7, 0, tzinfo=UTC),  # clocks went forward at 01:00 that morning
        datetime(2027, 4, 4, 7, 0, tzinfo=UTC),
    ]


def test_time_in_the_spring_gap_moves_forward_by_the_gap(db: Database) -> None:
    """01:30 does not exist on 28 Mar 2027; the visit is at 02:30 BST (01:30 UTC) that night."""
    with db.session() as s:
        plan = VisitPlan(
            client_id=_client(s),
            rrule="FREQ=DAILY",
            start_date=date(2027, 3, 27),
            start_time=time(1, 30),
            end_time=time(2, 30),
            tasks=[],
        )
        s.add(plan)
        s.flush()
        got = occurrences(s, date(2027, 3, 27), date(2027, 3, 29), plan_id=plan.id)
    assert [o.planned_start for o in got] == [
        datetime(2027, 3, 27, 1, 30, tzinfo=UTC),
        datetime(2027, 3, 28, 1, 30, tzinfo=UTC),
        datetime(2027, 3, 29, 0, 30, tzinfo=UTC),
    ]


def test_describe_reads_as_english() -> None:
    assert describe("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH") == "Every 2 weeks on Monday and Thursday"
    assert describe("FREQ=WEEKLY;BYDAY=MO,WE,FR") == "Every week on Monday, Wednesday and Friday"
    assert describe("FREQ=DAILY") == "Every day"
