"""Bank holidays follow the client's nation (DOMAIN.md 9.7), on the calendar and in the review."""

from __future__ import annotations

from datetime import date, time

from microoffice.core.db.database import Database
from microoffice.core.models.business import BankHolidayOverride
from microoffice.core.scheduling.calendar_data import bank_holiday_review, calendar_days, week

from .conftest import World

DEC1, JAN31 = date(2026, 12, 1), date(2027, 1, 31)

# Written out by hand from the gov.uk calendars for these months.
COMMON = {
    date(2026, 12, 25): "Christmas Day",
    date(2026, 12, 26): "Boxing Day",
    date(2026, 12, 28): "Boxing Day (observed)",
    date(2027, 1, 1): "New Year's Day",
}
SCOTLAND = COMMON | {
    date(2027, 1, 2): "New Year Holiday",
    date(2027, 1, 4): "New Year Holiday (observed)",
}


def _holidays(db: Database, client_id: int) -> dict[date, str]:
    with db.session() as s:
        return {
            d.day: d.holiday
            for d in calendar_days(s, DEC1, JAN31, client_id=client_id)
            if d.holiday
        }


def test_each_nation_shows_its_own_bank_holidays(db: Database, world: World) -> None:
    eng = world.client("Ann", "England", nation="england")
    sct = world.client("Sue", "Scotland", nation="scotland")
    nir = world.client("Niamh", "Ireland", nation="northern_ireland")
    for cid in (eng, sct, nir):
        world.plan(cid, weekdays=(0, 1, 2, 3, 4, 5, 6), at=time(9))
    assert _holidays(db, eng) == COMMON
    assert _holidays(db, sct) == SCOTLAND
    assert _holidays(db, nir) == COMMON
    # Scotland's 4 January: the visit is on the calendar day that carries the holiday
    with db.session() as s:
        jan4 = next(d for d in calendar_days(s, date(2027, 1, 4), date(2027, 1, 4), client_id=sct))
    assert jan4.holiday == "New Year Holiday (observed)"
    assert [o.client_name for o in jan4.visits] == ["Sue Scotland"]


def test_a_users_override_shows_on_the_calendar(db: Database, world: World) -> None:
    nir = world.client("Niamh", "Ireland", nation="northern_ireland")
    with db.session() as s:
        s.add(
            BankHolidayOverride(
                nation="northern_ireland",
                day=date(2026, 12, 24),
                name="Christmas Eve (proclaimed)",
                action="add",
            )
        )
        s.add(
            BankHolidayOverride(nation="northern_ireland", day=date(2026, 12, 28), action="remove")
        )
    expected = dict(COMMON)
    expected.pop(date(2026, 12, 28))
    expected[date(2026, 12, 24)] = "Christmas Eve (proclaimed)"
    assert _holidays(db, nir) == expected


def test_review_lists_upcoming_visits_on_the_clients_own_holidays(
    db: Database, world: World
) -> None:
    eng = world.client("Ann", "England", nation="england")
    sct = world.client("Sue", "Scotland", nation="scotland")
    world.plan(eng, weekdays=(0,), at=time(9))  # Mondays: 28 Dec (observed)
    world.plan(sct, weekdays=(0,), at=time(10))  # Mondays: 28 Dec and 4 Jan in Scotland
    world.plan(eng, weekdays=(4,), at=time(11))  # Fridays: 25 Dec, 1 Jan
    with db.session() as s:
        got = [
            (h.occurrence.client_name, h.occurrence.day, h.holiday)
            for h in bank_holiday_review(s, date(2026, 12, 7), days=42)
        ]
    assert got == [
        ("Ann England", date(2026, 12, 25), "Christmas Day"),
        ("Ann England", date(2026, 12, 28), "Boxing Day (observed)"),
        ("Sue Scotland", date(2026, 12, 28), "Boxing Day (observed)"),
        ("Ann England", date(2027, 1, 1), "New Year's Day"),
        ("Sue Scotland", date(2027, 1, 4), "New Year Holiday (observed)"),
    ]


def test_week_starts_on_monday_and_has_seven_days(db: Database, world: World) -> None:
    cid = world.client("Wyn", "Week")
    world.plan(cid, weekdays=(2,), at=time(9))
    with db.session() as s:
        days = week(s, date(2026, 12, 24))
    assert next(d.day for d in days) == date(2026, 12, 21)
    assert len(days) == 7
    assert [(d.day, len(d.visits)) for d in days if d.visits] == [(date(2026, 12, 23), 1)]
    assert [d.holiday for d in days if d.holiday] == ["Christmas Day", "Boxing Day"]
