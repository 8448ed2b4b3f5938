"""Acceptance 4 (core): the cost of an hour of care for a worked example, every figure computed by
hand below; prices compared with it; suggestions read from the rota; a month's money."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from microoffice.core.db.database import Database
from microoffice.core.errors import ValidationError
from microoffice.core.growth import costs, rates, sustainability
from microoffice.core.growth.cost_view import cost_view
from microoffice.core.growth.monthly import month_figures
from microoffice.core.readers.dates import read_month
from microoffice.core.services import funding
from microoffice.core.services.business import set_reference_value
from tests.core.billing.helpers import add_card, add_client, add_visit, staff_member
from tests.core.growth.conftest import Planted

WORKED = costs.CostInputs(
    hourly_pay_pence=1271,  # £12.71, the National Living Wage from April 2026
    travel_minutes_per_hour=15,
    miles_per_hour_tenths=25,  # 2.5 miles per hour of care
    mileage_pence_per_mile=45,
    holiday_percent=Decimal("12.07"),
    oncost_percent=Decimal(5),
    hours_per_week=Decimal(25),
    weeks_per_year=52,
    surplus_percent=Decimal(3),
    training_pence=15000,
    dbs_pence=5400,
    insurance_pence=42000,
    registration_pence=0,
    ico_pence=5200,
    other_pence=52400,  # overheads add up to £1,200.00 a year
)


def test_worked_example_by_hand() -> None:
    b = costs.breakdown(WORKED)
    # pay                                   1271
    # travel   1271 x 15 / 60 = 317.75   -> 318
    # holiday  (1271 + 318) x 12.07% = 1589 x 0.1207 = 191.7923 -> 192
    # on-costs (1271 + 318 + 192) x 5% = 1781 x 0.05 = 89.05    -> 89
    # mileage  2.5 miles x 45p = 112.5 (half up)                -> 113
    # overheads 120000 / (25 h x 52 weeks = 1300 h) = 92.307... -> 92
    assert [line.pence for line in b.lines] == [1271, 318, 192, 89, 113, 92]
    # total 1271 + 318 + 192 + 89 + 113 + 92 = 2075, i.e. £20.75 an hour of care
    assert b.total_pence == 2075
    # with a 3% surplus: 2075 x 1.03 = 2137.25 -> 2137
    assert b.price_needed_pence == 2137
    assert b.inputs.annual_overheads_pence == 120000
    assert b.line("overheads").how == "£1,200.00 a year over 1300 hours of care"
    assert b.line("holiday").how == "12.07% of pay and travel"


def test_typed_figures_are_read_and_checked() -> None:
    typed = {
        "hourly_pay_pence": "£12.71",
        "travel_minutes_per_hour": "15",
        "miles_per_hour_tenths": "2.5",
        "mileage_pence_per_mile": "45p",
        "holiday_percent": "12.07%",
        "oncost_percent": "5",
        "hours_per_week": "25",
        "weeks_per_year": "52",
        "surplus_percent": "3",
        "training_pence": "150",
        "dbs_pence": "54.00",
        "insurance_pence": "420",
        "registration_pence": "",
        "ico_pence": "52",
        "other_pence": "524",
    }
    assert costs.inputs_from_text(typed) == WORKED
    assert costs.inputs_from_text(costs.inputs_as_text(WORKED)) == WORKED
    with pytest.raises(ValidationError) as bad:
        costs.inputs_from_text(
            typed | {"hourly_pay_pence": "lots", "travel_minutes_per_hour": "7.5"}
        )
    assert set(bad.value.errors) == {"hourly_pay_pence", "travel_minutes_per_hour"}
    with pytest.raises(ValidationError) as silly:
        costs.inputs_from_text(typed | {"holiday_percent": "60", "hours_per_week": "0"})
    assert set(silly.value.errors) == {"holiday_percent", "hours_per_week"}


def test_saved_figures_win_over_suggestions(db: Database) -> None:
    with db.session() as s:
        costs.save_inputs(s, WORKED)
    with db.session() as s:
        assert rates.current_inputs(s) == WORKED


def test_suggestions_come_from_the_rota(db: Database, planted: Planted) -> None:
    with db.session() as s:
        suggested = rates.suggested_inputs(s)
    # The four weeks from Tue 08/12/2026 to Mon 04/01/2027:
    # Ann: Alice on 20 weekdays x 60 = 1200 min, Bert on 4 Mondays x 30 = 120 -> 1320 at £13.00
    # Jo: Cora on 4 Wednesdays x 45 = 180 min, no pay recorded -> the NLW, £12.71
    # hours a week: 1500 / 60 / 4 = 6.25
    # pay: (1320 x 1300 + 180 x 1271) / 1500 = 1944780 / 1500 = 1296.52 -> 1297
    # travel: Alice -> Bert on 4 Mondays, 15 min each = 60 min; 60 x 60 / 1500 = 2.4 -> 2 min/h
    assert suggested.hours_per_week == Decimal("6.25")
    assert suggested.hourly_pay_pence == 1297
    assert suggested.travel_minutes_per_hour == 2
    assert suggested.holiday_percent == Decimal("12.07")
    assert suggested.mileage_pence_per_mile == 45
    assert suggested.ico_pence == 5200


def _priced_clients(db: Database) -> dict[str, int]:
    with db.session() as s:
        out = {}
        for name, pence in (("Low", 2000), ("Tight", 2100), ("Fine", 2550)):
            client = add_client(s, name, "Client")
            funding.add_funding(s, client.id, funding.FundingData(funding_type="SELF"))
            add_card(s, client, hourly_rate_pence=pence)
            out[name] = client.id
        return out


def test_prices_are_compared_with_the_cost(db: Database) -> None:
    ids = _priced_clients(db)
    with db.session() as s:
        b = costs.breakdown(WORKED)
        found = rates.compare_rates(s, b)
        warnings = sustainability.rate_warnings(b, found)
    assert [(r.client_id, r.margin_pence, r.below_cost) for r in found] == [
        (ids["Low"], 2000 - 2075, True),
        (ids["Tight"], 2100 - 2075, False),
        (ids["Fine"], 2550 - 2075, False),
    ]
    assert [(w.kind, w.client_id, w.serious) for w in warnings] == [
        ("below_cost", ids["Low"], True),
        ("below_price_needed", ids["Tight"], False),  # 2100 < 2137
    ]
    assert warnings[0].message == (
        "Low Client (Private hourly) pays £20.00 an hour: £0.75 less than an hour of care costs "
        "you (£20.75). Every hour loses money."
    )


def test_reference_points_are_dated_and_editable(db: Database) -> None:
    with db.session() as s:
        shipped = {p.key: p.pence for p in rates.reference_points(s)}
        assert shipped == {"hca_minimum_price_pence": 3214, "council_average_fee_pence": 2410}
        set_reference_value(s, "hca_minimum_price_pence", date(2026, 4, 1), "3350", "pence/hour")
        assert {p.key: p.pence for p in rates.reference_points(s)}[
            "hca_minimum_price_pence"
        ] == 3350
        old = rates.reference_points(s, date(2026, 3, 31))
        assert {p.key: p.pence for p in old}["hca_minimum_price_pence"] == 3214


def test_a_month_by_hand(db: Database) -> None:
    with db.session() as s:
        priya = staff_member(s)
        priya.hourly_pay_pence = 1200
        edna, fred = add_client(s, "Edna", "Price"), add_client(s, "Fred", "Small")
        for client, pence in ((edna, 2000), (fred, 2400)):
            funding.add_funding(s, client.id, funding.FundingData(funding_type="SELF"))
            add_card(s, client, hourly_rate_pence=pence, enhancements=[])
        for day in (2, 9, 16, 23):
            add_visit(s, edna, date(2026, 11, day), "09:00", "10:00", staff=[priya])
        add_visit(s, fred, date(2026, 11, 2), "10:30", "11:00", staff=[priya])
        from microoffice.core.scheduling.pairings import set_travel_time

        set_travel_time(s, edna.id, fred.id, 20)
        inputs = costs.CostInputs(
            hourly_pay_pence=1500,
            miles_per_hour_tenths=10,
            mileage_pence_per_mile=45,
            holiday_percent=Decimal(10),
            hours_per_week=Decimal(5),
            other_pence=12000,
        )
        m = month_figures(s, read_month("2026-11"), inputs)
    # income: Edna 4 x 1 h x £20.00 = 8000; Fred 30 min x £24.00 = 1200 -> 9200
    assert (m.income_pence, m.expected_income_pence) == (9200, 0)
    # Priya: care 4 x 60 + 30 = 270 min, travel Edna -> Fred on 2/11 = 20 min, at £12.00:
    # (270 + 20) x 1200 / 60 = 5800; holiday 10% = 580; mileage 270/60 h x 1 mile x 45p
    # = 202.5 -> 203; overheads £120.00 / 12 = 1000
    assert (m.care_minutes, m.travel_minutes) == (270, 20)
    assert (m.pay_pence, m.holiday_pence, m.oncost_pence) == (5800, 580, 0)
    assert (m.mileage_pence, m.overheads_pence) == (203, 1000)
    assert m.costs_pence == 5800 + 580 + 203 + 1000 == 7583
    assert m.left_pence == 9200 - 7583 == 1617
    assert sustainability.month_warnings(m) == []


def test_cost_view_shows_everything_and_warns(db: Database) -> None:
    ids = _priced_clients(db)
    with db.session() as s:
        costs.save_inputs(s, WORKED)
        view = cost_view(s, date(2026, 12, 1))
    assert view.costs.total_pence == 2075
    assert [w.client_id for w in view.warnings if w.kind == "below_cost"] == [ids["Low"]]
    text = view.as_text()
    assert re.search(r"Cost of an hour of care +£20.75", text)
    assert "Low Client" in text and "BELOW COST" in text
    assert "Homecare Association minimum price (England)" in text
    assert "December 2026" in text


def test_pay_under_the_living_wage_is_flagged(db: Database) -> None:
    with db.session() as s:
        cheap = staff_member(s, "Sam", "Low")
        cheap.hourly_pay_pence = 1100
        s.flush()
        found = sustainability.pay_warnings(s, costs.breakdown(WORKED))
    assert [w.message for w in found] == [
        "Sam Low is paid £11.00 an hour, under the National Living Wage (£12.71) for workers "
        "aged 21 and over."
    ]
