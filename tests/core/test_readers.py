"""The meaning of each kind of text (docs/readers.md), and that what the program shows for a value
reads back as the same value, so a form loaded and saved unchanged changes nothing."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microoffice.core.money import format_gbp
from microoffice.core.readers import choices, dates, identifiers, numbers, optional, times
from microoffice.core.vocabulary import format_date


@pytest.mark.parametrize(
    ("typed", "minutes"),
    [
        ("37.5", 2250),
        ("37:30", 2250),
        ("37 h 30", 2250),
        ("37h30m", 2250),
        ("37.5 hrs", 2250),
        ("37 hours 30 minutes", 2250),
        ("37.5 hours a week", 2250),
        ("7:30", 450),
        ("0", 0),
        ("100", 6000),
        ("", None),
    ],
)
def test_hours_a_week_have_one_meaning(typed: str, minutes: int | None) -> None:
    assert times.read_weekly_hours(typed) == minutes


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("150", "'150' is more than 100 hours a week, which is not possible; check the number"),
        ("37:75", "'37:75' is not a number of hours; type it like 37.5 (or 37:30)"),
        ("37,5", "'37,5' is not a number of hours; type it like 37.5 (or 37:30)"),
        ("-3", "Hours cannot be negative"),
    ],
)
def test_hours_a_week_that_cannot_be_meant_are_refused_plainly(typed: str, message: str) -> None:
    with pytest.raises(ValueError) as refused:
        times.read_weekly_hours(typed)
    assert str(refused.value) == message


@pytest.mark.parametrize(
    ("typed", "pence"),
    [
        ("£12.50", 1250),
        ("12.5", 1250),
        ("1,200", 120000),
        ("14,000.00", 1400000),
        ("£ 12", 1200),
        ("-£5", -500),
        (".50", 50),
    ],
)
def test_money_as_typed(typed: str, pence: int) -> None:
    assert numbers.read_money(typed) == pence


@pytest.mark.parametrize("typed", ["14,00,0", "1,2", "1,2345", "12,34.50", ",100"])
def test_misplaced_thousands_separators_are_refused_not_guessed(typed: str) -> None:
    with pytest.raises(ValueError, match="commas in the wrong places"):
        numbers.read_money(typed)


@pytest.mark.parametrize("typed", ["1e3", "NaN", "Infinity", "١٢", "12 .50", "1 200", "--5"])
def test_what_is_not_money_is_refused(typed: str) -> None:
    with pytest.raises(ValueError, match="is not an amount of money"):
        numbers.read_money(typed)


@pytest.mark.parametrize(
    ("typed", "minutes"), [("45", 45), ("45 min", 45), ("1:30", 90), ("1h30", 90), ("1.5h", 90)]
)
def test_a_length_of_time(typed: str, minutes: int) -> None:
    assert times.read_minutes(typed) == minutes


def test_a_bare_decimal_is_not_a_length_in_minutes() -> None:
    with pytest.raises(ValueError, match="is not a length of time"):
        times.read_minutes("1.5")


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("08:30", time(8, 30)), ("8.30", time(8, 30)), ("8:30pm", time(20, 30)), ("9am", time(9))],
)
def test_a_time_of_day(typed: str, meant: time) -> None:
    assert times.parse_time(typed) == meant


def test_months_weeks_and_periods_read_as_their_days() -> None:
    assert dates.read_month("2026-12") == dates.read_month("12/2026") == date(2026, 12, 1)
    assert dates.read_week("2026-W49") == date(2026, 11, 30)
    assert dates.read_period("2026-12") == (date(2026, 12, 1), date(2026, 12, 31))
    assert dates.read_period("2026-W49") == (date(2026, 11, 30), date(2026, 12, 6))
    assert dates.read_period("30/11/2026..27/12/2026") == (date(2026, 11, 30), date(2026, 12, 27))
    with pytest.raises(ValueError, match="too long ago"):
        dates.read_month("1926-12")
    with pytest.raises(ValueError, match="ends before it starts"):
        dates.read_period("2026-12-27..2026-11-30")


def test_a_phone_number_that_lost_its_zero_gets_it_back() -> None:
    assert identifiers.read_phone("7700900123") == "07700900123"
    assert identifiers.read_phone("07700 900123") == "07700 900123"
    assert identifiers.read_phone("+44 7700 900123") == "+44 7700 900123"


def test_the_words_a_form_shows_for_a_choice_read_back_as_its_code() -> None:
    from microoffice.core.vocabulary import EMPLOYMENT_TYPES, NATIONS, ROLES

    for code, label in ROLES:
        assert choices.read_role(label) == choices.read_role(code) == code
    for code, label in EMPLOYMENT_TYPES:
        assert choices.read_employment(label) == code
    for code, label in NATIONS:
        assert choices.read_nation(label) == code
    assert choices.read_role("Carer") == "care_worker"


def test_multipliers() -> None:
    for typed in ("1.5", "x1.5", "×1.5", "1.5x", " × 1.5 "):
        assert numbers.read_multiplier(typed) == Decimal("1.5")
    for typed in ("x1.5x", "0", "11", "one and a half"):
        with pytest.raises(ValueError):
            numbers.read_multiplier(typed)


def test_blank_is_not_given_only_where_a_field_may_be_blank() -> None:
    assert optional(numbers.read_money)("  ") is None
    with pytest.raises(ValueError, match="Enter an amount"):
        numbers.read_money("  ")


@given(st.integers(min_value=0, max_value=100 * 60))
def test_hours_shown_read_back_as_the_same_minutes(minutes: int) -> None:
    assert times.read_weekly_hours(times.hours_text(minutes)) == minutes


@given(st.integers(min_value=-(10**10) + 1, max_value=10**10 - 1))
def test_money_shown_reads_back_as_the_same_pence(pence: int) -> None:
    assert numbers.read_money(format_gbp(pence)) == pence
    assert numbers.read_money(numbers.money_text(pence)) == pence


@given(st.dates(min_value=date(1000, 1, 1)))
def test_a_date_shown_reads_back_as_the_same_day(day: date) -> None:
    assert dates.parse_date(format_date(day)) == day
