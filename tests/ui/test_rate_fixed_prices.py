"""Fixed prices and special dates on a rate card, typed the way a person would: saved, opened
again unchanged, used by an invoice run, and bad input refused at its row with nothing saved."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from microoffice.core.billing import rate_cards, runs
from microoffice.core.models.clients import Client
from microoffice.ui.billing.rate_card_dialog import RateCardDialog
from microoffice.ui.billing.rates_tab import RatesPanel
from tests.core.billing import helpers as h
from tests.ui.conftest import OpenWindow, counts
from tests.ui.test_accessibility import unnamed_controls
from tests.ui.test_client_contacts_funding import choose, click, make_client, table_text
from tests.ui.test_rates_tab import card_dialog, cards, rates_tab, retype

CHRISTMAS_EVE = {
    "name": "Christmas Eve",
    "when": "SPECIAL_DAY",
    "dates": ["2025-12-24", "2026-12-24"],
    "type": "MULTIPLIER",
    "value": "1.5",
    "precedence": 60,
    "applies_to_fixed": True,
}


def edit_card(qtbot: QtBot, panel: RatesPanel) -> RateCardDialog:
    panel.table.selectRow(0)
    click(qtbot, panel.findChild(QWidget, "editRateCardButton"))
    return card_dialog(panel)


def every_tab_named(dialog: RateCardDialog) -> list[str]:
    missing = []
    for index in range(dialog.parts.count()):
        dialog.parts.setCurrentIndex(index)
        missing += unnamed_controls(dialog)
    dialog.parts.setCurrentIndex(0)
    return missing


def test_sleep_in_price_typed_saved_reopened_and_invoiced(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    window = open_window()
    client_id = make_client(window)
    panel = rates_tab(qtbot, window, client_id)
    click(qtbot, panel.findChild(QWidget, "newRateCardButton"))
    rc = card_dialog(panel)
    choose(rc.form.field("template"), "Private homecare, hourly (example prices)")
    assert rc.fixed.rows == [] and rc.special.rows == []
    retype(qtbot, rc.form.field("effective_from"), "01/12/2025")

    # A sleep-in at £95.00, typed.
    click(qtbot, rc.fixed.add_button)
    service, price, _remove = rc.fixed.rows[0].widgets
    assert rc.focusWidget() is service
    choose(service, "Sleep in")
    assert isinstance(price, QLineEdit)
    qtbot.keyClicks(price, "95.00")

    # Christmas Eve at 1.5x on two years' dates, fixed prices included.
    rc.parts.setCurrentIndex(1)
    click(qtbot, rc.special.add_button)
    row = rc.special.rows[0]
    qtbot.keyClicks(row.name, "Christmas Eve")
    qtbot.keyClicks(row.dates, "24/12/2025, 24/12/2026")
    qtbot.keyClicks(row.value, "1.5")
    click(qtbot, row.fixed)
    assert rc.parts.tabText(1) == "Special dates (1)"
    assert every_tab_named(rc) == []
    click(qtbot, rc.save_button)
    assert not rc.isVisible()

    (stored,) = cards(db_path)
    assert window.ops is not None
    with window.ops.database.session() as s:
        (card,) = rate_cards.cards_for_client(s, client_id)
        assert card.fixed_prices == {"sleep_in": 9500}
        assert card.enhancements[-1] == CHRISTMAS_EVE
    assert "sleep in £95.00" in table_text(panel.model)[0][3]

    # Opened again, the same values; saving it unchanged changes nothing at all.
    rc = edit_card(qtbot, panel)
    assert rc.fixed.value() == [("sleep_in", "£95.00")]
    assert rc.special.rows[0].dates.text() == "24/12/2025, 24/12/2026"
    assert rc.special.rows[0].fixed.isChecked()
    assert [r.widgets[0].text() for r in rc.enhancements.rows][-1] == "New Year's Day"
    click(qtbot, rc.save_button)
    assert not rc.isVisible()
    assert cards(db_path) == [stored]

    # An invoice run prices a sleep-in at the fixed price, and at 1.5x on Christmas Eve.
    with window.ops.database.session() as s:
        h.set_up_business(s)
        client = s.get(Client, client_id)
        assert client is not None
        h.self_funded(s, client)
        h.add_visit(s, client, date(2025, 12, 2), "22:00", "07:00", service_type="sleep_in")
        h.add_visit(s, client, date(2025, 12, 24), "22:00", "07:00", service_type="sleep_in")
        preview = runs.preview_run(s, date(2025, 12, 1), date(2025, 12, 31), client_id)
        assert preview.blocking == ()
        (draft,) = preview.drafts
        assert [(line.priced.kind, line.amount_pence) for line in draft.lines] == [
            ("fixed", 9500),
            ("fixed", 14250),
        ]


def test_bad_fixed_prices_and_dates_are_refused_with_nothing_saved(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    window = open_window()
    assert window.ops is not None
    with window.ops.database.session() as s:
        client = h.add_client(s, "Ann", "Smith")
        h.add_card(s, client, fixed_prices={"sleep_in": 9500})
        client_id = client.id
    panel = rates_tab(qtbot, window, client_id)
    before, rows_before = counts(db_path), cards(db_path)
    rc = edit_card(qtbot, panel)
    price = rc.fixed.rows[0].price
    for typed, message in (
        ("12.555", "Sleep in: amounts can have at most two decimal places (pence)"),
        ("abc", "Sleep in: 'abc' is not an amount of money; type it like 12.50"),
        ("-5.00", "Sleep in: a price cannot be negative"),
        ("", "Sleep in: type the price, like 95.00"),
    ):
        retype(qtbot, price, typed)
        click(qtbot, rc.save_button)
        assert rc.isVisible(), typed
        assert rc.form.error_text("fixed_prices") == message
        assert rc.focusWidget() is price, "the bad price has focus"
        assert price.property("invalid") is True
        assert counts(db_path) == before and cards(db_path) == rows_before

    # The same service twice is refused at the second row's service.
    retype(qtbot, price, "95.00")
    click(qtbot, rc.fixed.add_button)
    second = rc.fixed.rows[1]
    choose(second.service, "Sleep in")
    qtbot.keyClicks(second.price, "80.00")
    click(qtbot, rc.save_button)
    assert rc.form.error_text("fixed_prices") == (
        "Sleep in is listed twice: give each service one fixed price"
    )
    assert rc.focusWidget() is second.service
    assert price.property("invalid") is False
    assert cards(db_path) == rows_before

    # Removing the extra row clears the way; a date that does not exist is refused next.
    click(qtbot, second.remove)
    assert len(rc.fixed.rows) == 1
    rc.parts.setCurrentIndex(1)
    click(qtbot, rc.special.add_button)
    row = rc.special.rows[0]
    qtbot.keyClicks(row.name, "New Year's Eve")
    qtbot.keyClicks(row.dates, "31/12/2026, 31/02/2027")
    qtbot.keyClicks(row.value, "1.5")
    rc.parts.setCurrentIndex(0)
    click(qtbot, rc.save_button)
    assert rc.isVisible()
    assert rc.form.error_text("fixed_prices") == ""
    assert rc.special_error.text() == (
        "New Year's Eve: '31/02/2027' is not a date; type it like 24/12/2026"
    )
    assert rc.parts.currentIndex() == 1, "the special dates come forward"
    assert rc.focusWidget() is row.dates
    assert cards(db_path) == rows_before

    # Corrected, both save; the card is read back exactly as typed.
    retype(qtbot, row.dates, "31/12/2026")
    assert isinstance(row.uplift, QComboBox) and isinstance(row.fixed, QCheckBox)
    click(qtbot, rc.save_button)
    assert not rc.isVisible()
    (card,) = cards(db_path)
    assert card["enhancements"][-1] == {  # type: ignore[index]
        "name": "New Year's Eve",
        "when": "SPECIAL_DAY",
        "dates": ["2026-12-31"],
        "type": "MULTIPLIER",
        "value": "1.5",
        "precedence": 60,
    }
    rc = edit_card(qtbot, panel)
    assert rc.fixed.value() == [("sleep_in", "£95.00")]
    assert [(r.name.text(), r.dates.text()) for r in rc.special.rows] == [
        ("New Year's Eve", "31/12/2026")
    ]
    rc.reject()
