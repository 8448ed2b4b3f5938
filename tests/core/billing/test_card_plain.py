"""The rate card in plain words (core/billing/card_plain.py, card_preview.py): the sentences read
from a card and written back, money and times read by the shared readers, unusual cards named,
the preview priced by the engine itself, and the date a first card starts from."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date, datetime

import pytest

from microoffice.core import clock
from microoffice.core.billing import issue, templates
from microoffice.core.billing.card_plain import PlainWords, apply_plain, plain_words, unusual
from microoffice.core.billing.card_preview import (
    PreviewCalendar,
    default_start,
    plain_preview,
    preview,
    sample_visits,
)
from microoffice.core.billing.pricing import VisitFacts, price_visit
from microoffice.core.billing.rate_cards import RateCardData
from microoffice.core.billing.terms import terms_from_values
from microoffice.core.calendar.bank_holidays import bank_holidays
from microoffice.core.db.database import Database
from microoffice.core.errors import UserError, ValidationError
from microoffice.core.readers.numbers import read_money
from microoffice.core.readers.times import read_time
from microoffice.core.services import clients
from tests.core.billing import helpers as h


def template(name_starts: str) -> RateCardData:
    values = next(v for v in templates.TEMPLATES if v["name"].startswith(name_starts))
    return templates._data(values, date(2026, 12, 1))


def calendar(start: date, nation: str = "england") -> PreviewCalendar:
    return PreviewCalendar(start, bank_holidays(nation, start, date(start.year + 2, 1, 1)))


def test_the_private_template_reads_as_sentences_and_writes_back_unchanged() -> None:
    card = template("Private homecare")
    words = plain_words(card)
    assert words == PlainWords(
        weekday="£28.00",
        saturday="×1.2",
        sunday="×1.25",
        bank_holiday="×1.5",
        christmas="×2",
        evening_after="20:00",
        evening_add="£2.00",
        early_before="07:00",
        early_add="£2.00",
        minimum="30",
        cancel_full_hours="24",
        cancel_part_hours="48",
        cancel_part_percent="50",
    )
    assert apply_plain(words, card) == card


@pytest.mark.parametrize("start", ["Council framework", "Companionship"])
def test_every_plain_template_round_trips(start: str) -> None:
    card = template(start)
    words = plain_words(card)
    assert words is not None
    assert apply_plain(words, card) == card


def test_typed_sentences_become_the_card_the_engine_reads() -> None:
    card = template("Private homecare")
    words = replace(
        plain_words(card) or PlainWords(),
        weekday="£26",
        saturday="31.50",
        sunday="1.5x",
        bank_holiday="",
        evening_after="8pm",
        evening_add="10%",
        early_add="",
        minimum="1:00",
        cancel_full_hours="12",
        cancel_part_hours="",
    )
    data = apply_plain(words, card)
    assert data.hourly_rate_pence == read_money("£26")
    assert data.minimum_minutes == 60
    by_when = {e["when"]: e for e in data.enhancements}
    assert by_when["SAT"] == {
        "name": "Saturday",
        "when": "SAT",
        "type": "FLAT_RATE",
        "value": 3150,
        "precedence": 10,
    }
    assert (by_when["SUN"]["type"], by_when["SUN"]["value"]) == ("MULTIPLIER", "1.5")
    assert "BANK_HOLIDAY" not in by_when and "EARLY" not in by_when
    assert by_when["EVENING"]["after"] == read_time("8pm").strftime("%H:%M") == "20:00"
    assert (by_when["EVENING"]["type"], by_when["EVENING"]["value"]) == ("MULTIPLIER", "1.1")
    assert data.cancellation["full_charge_within_hours"] == 12
    assert "partial_charge_within_hours" not in data.cancellation
    assert data.cancellation["hospital_admission"] == card.cancellation["hospital_admission"]
    # The engine accepts what the sentences wrote, and reads them back the same.
    terms_from_values({f.name: getattr(data, f.name) for f in fields(data)})
    again = plain_words(data)
    assert again is not None and again.saturday == "£31.50" and again.evening_add == "10%"


def test_a_new_sentence_adds_a_price_in_the_order_the_sentences_say() -> None:
    card = RateCardData(effective_from=date(2026, 12, 1), hourly_rate_pence=2500)
    data = apply_plain(
        PlainWords(weekday="25.00", bank_holiday="×2", early_before="06:30", early_add="1.50"),
        card,
    )
    assert [(e["when"], e["precedence"]) for e in data.enhancements] == [
        ("BANK_HOLIDAY", 50),
        ("EARLY", 5),
    ]
    assert data.enhancements[1]["before"] == "06:30" and data.enhancements[1]["value"] == 150
    assert unusual(data) == []


def test_what_cannot_be_read_is_named_at_its_sentence() -> None:
    card = template("Private homecare")
    words = replace(
        plain_words(card) or PlainWords(),
        weekday="abc",
        saturday="lots",
        evening_after="25:00",
        minimum="half an hour",
        cancel_part_percent="",
    )
    with pytest.raises(ValidationError) as caught:
        apply_plain(words, card)
    errors = caught.value.errors
    with pytest.raises(ValueError) as money:
        read_money("abc")
    with pytest.raises(ValueError) as at:
        read_time("25:00")
    assert errors["weekday"] == str(money.value)
    assert errors["evening_after"] == str(at.value)
    assert errors["saturday"].startswith("'lots' is not a price")
    assert errors["minimum"].startswith("'half an hour' is not a length of time")
    assert errors["cancel_part_percent"] == "Say what share is charged, like 50"


@pytest.mark.parametrize(
    ("start", "reason"),
    [
        ("Short visits", "it has set prices for short visits (15, 30, 45 or 60 minutes)"),
        ("Nights", "it has fixed prices (such as a sleep-in or waking night)"),
    ],
)
def test_an_unusual_template_says_why(start: str, reason: str) -> None:
    card = template(start)
    assert unusual(card) == [reason]
    assert plain_words(card) is None
    with pytest.raises(UserError, match="cannot be changed in plain words because"):
        apply_plain(PlainWords(weekday="28.00"), card)


def test_unusual_rules_are_named() -> None:
    card = template("Private homecare")
    night = {"name": "Nights", "when": "NIGHT", "after": "22:00", "before": "07:00"}
    odd = replace(
        card,
        enhancements=[
            {**e, "precedence": 1} if e["when"] == "BANK_HOLIDAY" else e
            for e in card.enhancements
            if e["when"] != "BOXING_DAY"
        ]
        + [night | {"type": "FLAT_RATE", "value": 3200}],
    )
    assert unusual(odd) == [
        "it has a night price (Nights)",
        "Christmas Day, Boxing Day and New Year's Day are not charged alike",
        "its higher prices apply in an unusual order",
    ]


def test_the_samples_come_from_the_bank_holiday_data() -> None:
    start = date(2027, 5, 1)  # a Saturday; the early May bank holiday is the Monday after
    cal = calendar(start)
    weekday, saturday, holiday = sample_visits(start, cal.holidays)
    assert weekday.day.weekday() < 5 and weekday.day not in cal.holidays
    assert weekday.day >= start and (weekday.at.hour, weekday.minutes) == (8, 45)
    assert saturday.day == start and (saturday.at.hour, saturday.minutes) == (20, 60)
    first_holiday = min(d for d, hol in cal.holidays.items() if d >= start and not hol.substitute)
    assert holiday.day == first_holiday and holiday.label == cal.holidays[first_holiday].name
    assert weekday.day != first_holiday  # the weekday is not the holiday Monday


def test_the_preview_is_what_the_engine_charges_for_those_visits() -> None:
    card = template("Private homecare")
    cal = calendar(date(2027, 5, 1))
    words = replace(plain_words(card) or PlainWords(), weekday="26.00", saturday="£33.00")
    data, costs = plain_preview(words, card, cal)
    terms = terms_from_values({f.name: getattr(data, f.name) for f in fields(data)})
    assert len(costs) == 3
    for cost in costs:
        engine = price_visit(cost.sample.facts, terms, cal.holidays).total_pence
        assert cost.pence == engine and cost.pence > 0
        assert isinstance(cost.sample.facts, VisitFacts)
    assert costs[1].pence == price_visit(costs[1].sample.facts, terms, cal.holidays).total_pence
    assert preview(card, cal)[0].pence != costs[0].pence  # the typed price, not the saved one
    with pytest.raises(ValidationError):
        preview(replace(card, hourly_rate_pence=0), cal)


@pytest.fixture
def _december() -> None:
    clock.freeze(datetime(2026, 12, 14, 9, 0))


@pytest.mark.usefixtures("_december")
def test_prices_start_from_the_first_visit_not_yet_invoiced(db: Database) -> None:
    with db.session() as s:
        h.set_up_business(s)
        new = h.add_client(s, "Nell", "Green")
        assert default_start(s, new.id) == clock.today()  # nothing to go by
        started = h.add_client(s, "Sam", "Moss")
        data = replace(clients.ClientData.from_client(started), start_date=date(2026, 12, 2))
        clients.update_client(s, started.id, data)
        s.flush()
        assert default_start(s, started.id) == date(2026, 12, 2)
        h.add_visit(s, started, date(2026, 12, 1), "09:00", "10:00")  # before the start date
        assert default_start(s, started.id) == date(2026, 12, 1)

        ann = h.add_client(s, "Ann", "Smith")
        ann.start_date = date(2026, 10, 1)
        h.self_funded(s, ann)
        h.add_card(s, ann, start=date(2026, 11, 1))
        h.add_visit(s, ann, date(2026, 11, 2), "09:00", "10:00")
        h.add_visit(s, ann, date(2026, 11, 9), "09:00", "10:00", status="missed")
        h.add_visit(s, ann, date(2026, 12, 3), "09:00", "10:00")
        assert default_start(s, ann.id) == date(2026, 10, 1)  # nothing invoiced yet
        issued = issue.issue_run(s, date(2026, 11, 1), date(2026, 11, 30), on=date(2026, 12, 1))
        assert len(issued.issued) == 1
        # November is invoiced: the first visit still to charge is 3 December, not the start.
        assert default_start(s, ann.id) == date(2026, 12, 3)
