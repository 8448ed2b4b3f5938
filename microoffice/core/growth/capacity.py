"""Could we take a new client? The capacity finder, and the free weekly slots for the profile.

The question is asked over the next few weeks (four by default), date by date, because leave and
one-off visits differ from week to week: a person "can do Tuesdays" only if every Tuesday in
that stretch is free at that time. Nothing is booked; the answer says who could go, what it does
to their hours, and how many different people the new client would see.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.growth.slots import Person, ProspectTravel, Rota
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.services.forms import Checker
from microoffice.core.vocabulary import format_date

SHORT_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WORKING_WEEK_LIMIT_MINUTES = 48 * 60  # Working Time Regulations average (DOMAIN.md 10.4)
STEP = timedelta(minutes=15)
EARLIEST, LATEST = time(6, 0), time(22, 0)


def describe_days(weekdays: tuple[int, ...] | list[int]) -> str:
    """(0,1,2,3,4) -> 'Mon-Fri'; (1,3) -> 'Tue, Thu'."""
    days = sorted(set(weekdays))
    if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
        return f"{SHORT_DAYS[days[0]]}-{SHORT_DAYS[days[-1]]}"
    return ", ".join(SHORT_DAYS[d] for d in days)


@dataclass(frozen=True)
class CapacityRequest:
    minutes: int
    weekdays: tuple[int, ...]
    at: time
    district: str = ""
    start: date | None = None  # first day looked at (default: tomorrow)
    weeks: int = 4


def check_request(request: CapacityRequest) -> None:
    c = Checker()
    if not 15 <= request.minutes <= 12 * 60:
        c.fail("minutes", "A visit lasts between 15 minutes and 12 hours")
    if not request.weekdays or any(not 0 <= d <= 6 for d in request.weekdays):
        c.fail("days", "Choose at least one day of the week")
    if not 1 <= request.weeks <= 12:
        c.fail("weeks", "Look between 1 and 12 weeks ahead")
    district = request.district.strip().upper()
    if district and not re.fullmatch(r"[A-Z]{1,2}[0-9][0-9A-Z]?", district):
        c.fail("district", f"'{request.district}' is not a postcode district; write it like B90")
    c.done()


@dataclass(frozen=True)
class DayCheck:
    day: date
    ok: bool
    reason: str = ""


@dataclass(frozen=True)
class StaffOption:
    staff_id: int
    name: str
    checks: tuple[DayCheck, ...]
    weekly_minutes_now: int
    weekly_minutes_after: int
    contracted_minutes: int | None
    clients_now: int
    clients_in_district: int
    notes: tuple[str, ...] = ()

    @property
    def days_ok(self) -> int:
        return sum(1 for c in self.checks if c.ok)

    @property
    def all_ok(self) -> bool:
        return bool(self.checks) and all(c.ok for c in self.checks)

    @property
    def weekdays_ok(self) -> tuple[int, ...]:
        """Weekdays on which every date in the stretch is free."""
        by_day: dict[int, list[bool]] = defaultdict(list)
        for c in self.checks:
            by_day[c.day.weekday()].append(c.ok)
        return tuple(sorted(d for d, oks in by_day.items() if all(oks)))

    @property
    def first_problem(self) -> str:
        return next((c.reason for c in self.checks if not c.ok), "")


@dataclass(frozen=True)
class CapacityAnswer:
    request: CapacityRequest
    first: date
    last: date
    options: tuple[StaffOption, ...]
    cover: dict[int, int]  # weekday -> staff id (the fewest people able to do every date)
    alternatives: tuple[time, ...]
    names: dict[int, str] = field(default_factory=dict)

    @property
    def uncovered(self) -> tuple[int, ...]:
        return tuple(d for d in self.request.weekdays if d not in self.cover)

    @property
    def continuity_percent(self) -> int:
        """Share of the new client's weekly visits done by the person doing most of them."""
        if not self.cover:
            return 0
        counts: dict[int, int] = defaultdict(int)
        for sid in self.cover.values():
            counts[sid] += 1
        share = Decimal(100 * max(counts.values())) / Decimal(len(self.request.weekdays))
        return int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP))

    @property
    def summary(self) -> str:
        r = self.request
        when = f"{r.minutes} min at {r.at:%H:%M} on {describe_days(r.weekdays)}"
        where = f" in {r.district.upper()}" if r.district else ""
        able = [o for o in self.options if o.all_ok]
        if able:
            who = " or ".join(o.name for o in able[:3])
            return f"Yes: {who} could take {when}{where}, every visit with one regular carer."
        if self.cover and not self.uncovered:
            team = "; ".join(
                f"{self.names[sid]} ({describe_days([d for d, s in self.cover.items() if s == sid])})"
                for sid in dict.fromkeys(self.cover.values())
            )
            return (
                f"Yes, shared: nobody is free for all of {when}{where}; between them {team}. "
                f"{self.continuity_percent}% of visits with the main carer."
            )
        nearest = ", ".join(f"{t:%H:%M}" for t in self.alternatives)
        hint = f" Times that would work: {nearest}." if nearest else ""
        if self.cover:
            missing = describe_days(list(self.uncovered))
            return f"Only partly: nobody is free on {missing} for {when}{where}.{hint}"
        return f"Not at the moment: nobody is free for {when}{where}.{hint}"


def horizon(request: CapacityRequest) -> tuple[date, date]:
    first = request.start or clock.today() + timedelta(days=1)
    return first, first + timedelta(days=7 * request.weeks - 1)


@needs(Right.GOVERNANCE)
def find_capacity(session: Session, request: CapacityRequest) -> CapacityAnswer:
    """Who could take this new client, over the next `weeks` weeks, without changing anything."""
    check_request(request)
    first, last = horizon(request)
    rota = Rota(session, first, last)
    travel = rota.travel(request.district)
    dates = [d for d in rota.days() if d.weekday() in request.weekdays]
    options = [_option(rota, p, dates, request, travel) for p in rota.people]
    options.sort(
        key=lambda o: (not o.all_ok, -o.days_ok, -o.clients_in_district, o.weekly_minutes_now)
    )
    cover = _cover(options, request.weekdays)
    alternatives = (
        () if any(o.all_ok for o in options) else _alternatives(rota, dates, request, travel)
    )
    return CapacityAnswer(
        request,
        first,
        last,
        tuple(options),
        cover,
        alternatives,
        {o.staff_id: o.name for o in options},
    )


def _span(day: date, at: time, minutes: int) -> tuple[datetime, datetime]:
    start = clock.to_utc(day, at)
    return start, start + timedelta(minutes=minutes)


def _option(
    rota: Rota, person: Person, dates: list[date], request: CapacityRequest, travel: ProspectTravel
) -> StaffOption:
    checks = []
    for day in dates:
        sd = rota.staff_day(person, day)
        start, end = _span(day, request.at, request.minutes)
        reason = sd.why_not(start, end, travel)
        checks.append(DayCheck(day, not reason, reason))
    now = rota.minutes_on_rota(person.id) // request.weeks
    after = now + request.minutes * len(request.weekdays)
    clients = rota.clients_of(person.id)
    district = request.district.strip().upper()
    in_district = sum(1 for c in clients if district and rota.districts.get(c) == district)
    notes = []
    if person.contracted_minutes and after > person.contracted_minutes:
        extra = after - person.contracted_minutes
        notes.append(
            f"{_hours(extra)} a week over their contracted {_hours(person.contracted_minutes)}"
        )
    if after > WORKING_WEEK_LIMIT_MINUTES:
        notes.append("over 48 hours a week: needs a signed opt-out")
    return StaffOption(
        person.id,
        person.name,
        tuple(checks),
        now,
        after,
        person.contracted_minutes,
        len(clients),
        in_district,
        tuple(notes),
    )


def _hours(minutes: int) -> str:
    h, m = divmod(minutes, 60)
    return f"{h} h {m:02d}" if m else f"{h} h"


def hours_text(minutes: int) -> str:
    return _hours(minutes)


def _cover(options: list[StaffOption], weekdays: tuple[int, ...]) -> dict[int, int]:
    """Fewest people covering as many weekdays as possible: take whoever covers most, repeat."""
    left = set(weekdays)
    cover: dict[int, int] = {}
    pool = list(options)
    while left and pool:
        best = max(pool, key=lambda o: (len(left & set(o.weekdays_ok)), -o.weekly_minutes_now))
        gained = left & set(best.weekdays_ok)
        if not gained:
            break
        for d in gained:
            cover[d] = best.staff_id
        left -= gained
        pool.remove(best)
    return dict(sorted(cover.items()))


def _alternatives(
    rota: Rota, dates: list[date], request: CapacityRequest, travel: ProspectTravel
) -> tuple[time, ...]:
    """Up to three start times, nearest the one asked for, at which one person could do it all."""
    days = {p.id: [rota.staff_day(p, d) for d in dates] for p in rota.people}
    found: list[time] = []
    at = datetime.combine(date.min, EARLIEST)
    stop = datetime.combine(date.min, LATEST)
    while at <= stop:
        t = at.time()
        if t != request.at and any(
            all(sd.fits(*_span(sd.day, t, request.minutes), travel) for sd in sds)
            for sds in days.values()
            if sds
        ):
            found.append(t)
        at += STEP
    asked = request.at.hour * 60 + request.at.minute
    found.sort(key=lambda t: (abs(t.hour * 60 + t.minute - asked), t))
    return tuple(sorted(found[:3]))


def option_lines(answer: CapacityAnswer, option: StaffOption) -> list[str]:
    """What taking the client would mean for one person, in a few plain lines."""
    total = len(option.checks)
    if option.all_ok:
        head = f"free on all {total} dates"
    elif option.weekdays_ok:
        head = (
            f"free on {option.days_ok} of {total} dates (every {describe_days(option.weekdays_ok)})"
        )
    else:
        head = f"free on {option.days_ok} of {total} dates"
    lines = [f"{option.name}: {head}"]
    if not option.all_ok:
        lines.append(f"  first problem: {option.first_problem}")
    hours = (
        f"  hours: {_hours(option.weekly_minutes_now)} a week on the rota now, "
        f"{_hours(option.weekly_minutes_after)} with this client"
    )
    if option.contracted_minutes:
        hours += f" (contracted {_hours(option.contracted_minutes)})"
    lines.append(hours)
    district = answer.request.district.strip().upper()
    continuity = f"  sees {option.clients_now} clients regularly"
    if district:
        continuity += f", {option.clients_in_district} of them in {district}"
    lines.append(continuity)
    lines += [f"  note: {n}" for n in option.notes]
    return lines


def answer_text(answer: CapacityAnswer) -> str:
    r = answer.request
    out = [
        f"Could we take {r.minutes} min at {r.at:%H:%M} on {describe_days(r.weekdays)}"
        + (f" in {r.district.upper()}" if r.district else "")
        + f"? (checked {format_date(answer.first)} to {format_date(answer.last)})",
        answer.summary,
        "",
    ]
    for option in answer.options:
        out += option_lines(answer, option)
    if not answer.options:
        out.append("Nobody is on the staff list yet.")
    return "\n".join(out) + "\n"
