"""A rate card read from the form's text (core/billing/card_text.py): money in pounds, dates as
typed in the UK, fixed prices and special dates, each problem named where it was typed."""

from __future__ import annotations

from typing import Any

import pytest

from microoffice.core.billing import card_text as ct
from microoffice.core.billing.rate_cards import RateCardData
from microoffice.core.errors import ValidationError


def form(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": "  Private   hourly ",
        "effective_from": "01/04/2026",
        "effective_to": "",
        "hourly_rate_pence": "25.50",
        "bands": {"15": "", "30": "14.00", "45": "", "60": "£25.50"},
        "double_up_rate_pence": "",
        "enhancements": [],
    }
    values.update(overrides)
    return values


def test_a_typed_card_becomes_pence_dates_and_kept_parts() -> None:
    base = RateCardData(mileage_pence_per_mile=45, bands={"90": 3600})
    data = ct.card_data(form(), base, bands_kept={"90": 3600})
    assert data.name == "Private hourly"
    assert str(data.effective_from) == "2026-04-01" and data.effective_to is None
    assert data.hourly_rate_pence == 2550
    assert data.bands == {"90": 3600, "30": 1400, "60": 2550}  # a band the form hides is kept
    assert data.mileage_pence_per_mile == 45  # not on the form: from the card it edits
    assert data.double_up_rate_pence is None


def test_each_unreadable_field_is_named() -> None:
    bad = form(
        hourly_rate_pence="twenty",
        effective_from="31/02/2026",
        bands={"30": "14.0.0"},
        fixed_prices=[("sleep_in", "95.00"), ("sleep_in", "90.00")],
        enhancements=[
            {"name": "Sunday", "when": "SUN", "type": "FLAT_RATE", "value": "lots"},
            {"name": "Xmas Eve", "when": ct.SPECIAL_DAY, "type": "MULTIPLIER", "dates": []},
        ],
    )
    with pytest.raises(ValidationError) as caught:
        ct.card_data(bad, RateCardData(), {})
    errors = caught.value.errors
    assert set(errors) == {
        "hourly_rate_pence",
        "effective_from",
        "bands",
        "fixed_prices",
        "enhancements",
        "special_dates",
    }
    assert errors["bands"].startswith("30 minutes: ")
    assert errors["fixed_prices"] == "Sleep in is listed twice: give each service one fixed price"
    assert errors["enhancements"] == "Sunday: type the amount in pounds, like 2.00"
    assert errors["special_dates"] == "Xmas Eve: type a date, like 24/12/2026"


@pytest.mark.parametrize(
    ("rows", "prices", "problem"),
    [
        ([("sleep_in", "95")], {"sleep_in": 9500}, None),
        ([("sleep_in", "")], {}, (0, "price", "Sleep in: type the price, like 95.00")),
        (
            [("sleep_in", "95"), ("waking_night", "-1")],
            {"sleep_in": 9500},
            (1, "price", "Waking night: a price cannot be negative"),
        ),
    ],
)
def test_fixed_prices_name_the_row(
    rows: list[tuple[str, str]], prices: dict[str, int], problem: tuple[int, str, str] | None
) -> None:
    found, trouble = ct.read_fixed(rows)
    assert found == prices
    assert (None if trouble is None else (trouble.row, trouble.part, trouble.message)) == problem


def test_special_dates_read_as_typed_and_round_trip() -> None:
    typed = "24/12/2026, 31/12/2026; 1 Jan"
    dates = ct.read_dates(typed)
    assert dates[:2] == ["2026-12-24", "2026-12-31"]
    item = {"name": "Holidays", "when": ct.SPECIAL_DAY, "type": "MULTIPLIER", "value": "1.5"}
    problem = ct.special_problem([{**item, "dates": dates}])
    assert problem is not None and problem.part == "dates" and "'1'" in problem.message
    assert ct.special_problem([{**item, "dates": dates[:2]}]) is None
    assert ct.dates_text({"dates": dates[:2]}) == "24/12/2026, 31/12/2026"
    assert ct.special_problem([{**item, "dates": dates[:2], "value": "x1.5x"}]) is not None


def test_values_and_the_two_tables_merge_back_in_the_cards_order() -> None:
    assert ct.read_value("MULTIPLIER", " ×1.5 ") == "1.5"
    assert ct.read_value("FLAT_RATE", "£2.00") == 200
    assert ct.read_value("FLAT_RATE", "two") == "two"  # left for money_problems to name
    assert ct.value_text({"type": "ADD_PER_HOUR", "value": 250}) == "£2.50"
    sat, xmas, sun = {"when": "SAT"}, {"when": ct.SPECIAL_DAY}, {"when": "SUN"}
    kinds = [ct.is_special(e) for e in (sat, xmas, sun)]
    assert ct.merge(kinds, [sat, sun], [xmas]) == [sat, xmas, sun]
    assert ct.label_of(ct.BASIS, "GREATER_OF") == "The longer of planned and actual"
