"""The rate card in plain words, used like a person: type the usual prices into the sentences,
watch the three sample visits' prices change to what the pricing engine charges, save, open the
card again and see the same; More options shows the same card; an unusual card opens there."""

from __future__ import annotations

from dataclasses import fields
from datetime import date, datetime
from pathlib import Path

from PySide6.QtWidgets import QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from microoffice.core import clock
from microoffice.core.billing.card_preview import PreviewCalendar, sample_visits
from microoffice.core.billing.pricing import price_visit
from microoffice.core.billing.rate_cards import RateCardData
from microoffice.core.billing.terms import terms_from_values
from microoffice.core.calendar.bank_holidays import bank_holidays
from microoffice.core.money import format_gbp
from microoffice.ui.billing.rate_card_dialog import RateCardDialog
from tests.core.billing import helpers as h
from tests.ui.conftest import OpenWindow
from tests.ui.test_accessibility import unnamed_controls
from tests.ui.test_client_contacts_funding import choose, click, make_client
from tests.ui.test_rates_tab import card_dialog, rates_tab, retype


def engine_prices(card: dict[str, object], start: date) -> list[int]:
    """What the pricing engine charges the dialog's three samples with a stored card."""
    data = RateCardData(**{k: v for k, v in card.items() if k in FIELDS})  # type: ignore[arg-type]
    terms = terms_from_values({f.name: getattr(data, f.name) for f in fields(data)})
    holidays = bank_holidays("england", start, date(start.year + 2, 1, 1))
    cal = PreviewCalendar(start, holidays)
    return [
        price_visit(s.facts, terms, holidays).total_pence
        for s in sample_visits(start, cal.holidays)
    ]


FIELDS = {f.name for f in fields(RateCardData)}


def stored(db_path: Path) -> list[dict[str, object]]:
    from sqlalchemy import select

    from microoffice.core.db.database import open_database
    from microoffice.core.models.billing import RateCard

    database = open_database(str(db_path))
    try:
        with database.session() as s:
            rows = s.scalars(select(RateCard).where(RateCard.is_template.is_(False)))
            return [{f: getattr(c, f) for f in FIELDS} for c in rows]
    finally:
        database.close()


def shown_prices(dialog: RateCardDialog) -> list[str]:
    return [label.text().rsplit(": ", 1)[-1] for label in dialog.plain.samples if label.text()]


def field(dialog: RateCardDialog, name: str) -> QLineEdit:
    edit = dialog.plain.fields[name]
    assert edit.isVisible() and edit.isEnabled()
    return edit


def test_plain_prices_typed_previewed_saved_and_shown_again(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    clock.freeze(datetime(2026, 12, 14, 9, 0))
    window = open_window()
    panel = rates_tab(qtbot, window, make_client(window))
    click(qtbot, panel.findChild(QWidget, "newRateCardButton"))
    rc = card_dialog(panel)
    assert unnamed_controls(rc) == []
    choose(rc.form.field("template"), "Private homecare, hourly (example prices)")
    assert not rc.more.isVisible(), "plain words first"
    # A client with no visits and no start date: the prices start today.
    assert rc.form.values()["effective_from"] == "14/12/2026"
    start = date(2026, 12, 14)
    template_prices = [format_gbp(p) for p in engine_prices(card_of(rc), start)]
    assert shown_prices(rc) == template_prices

    retype(qtbot, field(rc, "weekday"), "26")
    retype(qtbot, field(rc, "saturday"), "31.50")
    retype(qtbot, field(rc, "bank_holiday"), "x2")
    retype(qtbot, field(rc, "evening_add"), "10%")
    retype(qtbot, field(rc, "minimum"), "45")
    retype(qtbot, field(rc, "cancel_full_hours"), "48")
    typed = card_of(rc)
    assert typed["hourly_rate_pence"] == 2600
    assert shown_prices(rc) == [format_gbp(p) for p in engine_prices(typed, start)]
    assert shown_prices(rc) != template_prices

    # Something that is not money: a plain message instead of prices.
    retype(qtbot, field(rc, "sunday"), "a lot")
    assert shown_prices(rc) == []
    assert rc.plain.problem.isVisible()
    assert rc.plain.problem.text().startswith("No prices yet: 'a lot' is not a price")
    retype(qtbot, field(rc, "sunday"), "×1.25")
    assert not rc.plain.problem.isVisible()
    assert shown_prices(rc) == [format_gbp(p) for p in engine_prices(typed, start)]

    # More options shows the same card.
    click(qtbot, rc.more_button)
    assert rc.more.isVisible()
    assert rc.form.field("hourly_rate_pence").text() == "26.00"  # type: ignore[attr-defined]
    assert rc.form.values()["minimum_minutes"] == 45
    assert rc.cancel.full.value() == 48
    rows = {r["when"]: r for r in rc.enhancements.value()}
    assert (rows["SAT"]["type"], rows["SAT"]["value"]) == ("FLAT_RATE", 3150)
    assert (rows["BANK_HOLIDAY"]["type"], rows["BANK_HOLIDAY"]["value"]) == ("MULTIPLIER", "2")
    # ... and an edit there is said in the sentences at once.
    retype(qtbot, rc.form.field("hourly_rate_pence"), "27.00")
    assert rc.plain.fields["weekday"].text() == "£27.00"
    assert shown_prices(rc) == [format_gbp(p) for p in engine_prices(card_of(rc), start)]

    click(qtbot, rc.save_button)
    assert not rc.isVisible()
    [saved] = stored(db_path)
    assert saved["hourly_rate_pence"] == 2700 and saved["minimum_minutes"] == 45
    assert saved["cancellation"]["full_charge_within_hours"] == 48  # type: ignore[index]
    saved_prices = [format_gbp(p) for p in engine_prices(saved, start)]

    # Open it again: the same sentences and the same prices.
    panel.table.selectRow(0)
    click(qtbot, panel.findChild(QWidget, "editRateCardButton"))
    again = card_dialog(panel)
    assert not again.more.isVisible()
    words = again.plain.words()
    assert (words.weekday, words.saturday, words.sunday, words.bank_holiday) == (
        "£27.00",
        "£31.50",
        "×1.25",
        "×2",
    )
    assert (words.evening_after, words.evening_add, words.minimum) == ("20:00", "10%", "45")
    assert (words.cancel_full_hours, words.cancel_part_hours) == ("48", "48")
    assert shown_prices(again) == saved_prices
    again.reject()


def card_of(dialog: RateCardDialog) -> dict[str, object]:
    data = dialog.current()
    return {f: getattr(data, f) for f in FIELDS}


def test_an_unusual_card_opens_in_more_options_and_says_why(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    assert window.ops is not None
    with window.ops.database.session() as s:
        h.set_up_business(s)
        ann = h.add_client(s, "Ann", "Smith")
        h.add_card(
            s,
            ann,
            start=date(2026, 11, 1),
            enhancements=[
                {
                    "name": "Waking nights",
                    "when": "NIGHT",
                    "after": "22:00",
                    "before": "07:00",
                    "type": "FLAT_RATE",
                    "value": 3200,
                }
            ],
        )
        client_id = ann.id
    panel = rates_tab(qtbot, window, client_id)
    panel.table.selectRow(0)
    click(qtbot, panel.findChild(QWidget, "editRateCardButton"))
    rc = card_dialog(panel)
    assert rc.more.isVisible() and rc.more_button.isChecked()
    assert not rc.plain.fields["weekday"].isEnabled()
    assert rc.plain.why.isVisible()
    assert rc.plain.why.text() == (
        "This card is not shown in plain words because it has a night price (Waking nights). "
        "Change it under More options below."
    )
    # The preview still prices the card as it stands.
    assert len(shown_prices(rc)) == 3
    # Removing the night price there makes it plain again.
    click(qtbot, rc.enhancements.remove_button)
    assert rc.plain.fields["weekday"].isEnabled() and not rc.plain.why.isVisible()
    rc.reject()


def test_prices_from_starts_at_the_first_visit_not_yet_invoiced(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    clock.freeze(datetime(2026, 12, 14, 9, 0))
    window = open_window()
    assert window.ops is not None
    with window.ops.database.session() as s:
        h.set_up_business(s)
        ann = h.add_client(s, "Ann", "Smith")
        h.add_visit(s, ann, date(2026, 12, 2), "09:00", "10:00")
        client_id = ann.id
    panel = rates_tab(qtbot, window, client_id)
    click(qtbot, panel.findChild(QWidget, "newRateCardButton"))
    rc = card_dialog(panel)
    assert rc.form.values()["effective_from"] == "02/12/2026"
    rc.reject()
