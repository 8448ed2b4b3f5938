"""The client dialog's Rates tab, used the way a person would: a card from a template, new prices
from a date, a typo refused at the field, and a card that has been invoiced left untouched."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QLineEdit, QSpinBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from microoffice.core.billing import issue
from microoffice.core.db.database import open_database
from microoffice.core.models.billing import RateCard
from microoffice.ui.app.errors import open_error_dialogs
from microoffice.ui.app.main_window import MainWindow
from microoffice.ui.billing.rate_card_dialog import RateCardDialog
from microoffice.ui.billing.rates_tab import RatesPanel
from tests.core.billing import helpers as h
from tests.ui.conftest import OpenWindow, counts
from tests.ui.test_accessibility import unnamed_controls
from tests.ui.test_client_contacts_funding import (
    choose,
    click,
    make_client,
    open_client,
    table_text,
)


def cards(db_path: Path) -> list[dict[str, object]]:
    """The client's cards as stored, read through a separate connection."""
    database = open_database(str(db_path))
    try:
        with database.session() as s:
            rows = s.scalars(
                select(RateCard).where(RateCard.is_template.is_(False)).order_by(RateCard.id)
            )
            return [
                {
                    "name": c.name,
                    "from": c.effective_from,
                    "to": c.effective_to,
                    "hourly": c.hourly_rate_pence,
                    "bands": c.bands,
                    "version": c.version,
                    "enhancements": c.enhancements,
                    "cancellation": c.cancellation,
                }
                for c in rows
            ]
    finally:
        database.close()


def retype(qtbot: QtBot, widget: QWidget, text: str) -> None:
    assert isinstance(widget, QLineEdit)
    widget.clear()
    qtbot.keyClicks(widget, text)


def rates_tab(qtbot: QtBot, window: MainWindow, client_id: int) -> RatesPanel:
    dialog = open_client(qtbot, window, client_id)
    dialog.tabs.setCurrentWidget(dialog.rates)
    assert dialog.tabs.tabText(dialog.tabs.currentIndex()) == "&Rates"
    assert unnamed_controls(dialog) == []
    return dialog.rates


def card_dialog(panel: RatesPanel) -> RateCardDialog:
    dialog = panel.dialog
    assert isinstance(dialog, RateCardDialog) and dialog.isVisible()
    return dialog


def test_card_from_template_then_new_prices_from_a_date(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    window = open_window()
    panel = rates_tab(qtbot, window, make_client(window))
    assert panel.model.rowCount() == 0

    # New from template: the banded one, from 1 December, with our own hourly rate.
    click(qtbot, panel.findChild(QWidget, "newRateCardButton"))
    rc = card_dialog(panel)
    assert unnamed_controls(rc) == []
    choose(rc.form.field("template"), "Short visits in bands, not pro rata (example prices)")
    assert rc.form.values()["name"] == "Short visits in bands, not pro rata"
    assert rc.bands.edits["15"].text() == "£12.00"
    retype(qtbot, rc.form.field("effective_from"), "01/12/2026")
    retype(qtbot, rc.form.field("hourly_rate_pence"), "26.50")
    click(qtbot, rc.save_button)
    assert not rc.isVisible()
    assert table_text(panel.model) == [
        [
            "Short visits in bands, not pro rata",
            "01/12/2026",
            "",
            "15 min £12.00, 30 min £17.00, 45 min £23.00, 60 min £28.00, £26.50 an hour",
            "15 min",
            "Planned times",
            "Every payer",
            "",
        ]
    ]

    # Change prices from 1 April: a new version; the first one now ends on 31 March.
    panel.table.selectRow(0)
    click(qtbot, panel.findChild(QWidget, "changePricesButton"))
    rc = card_dialog(panel)
    assert not rc.form.field("effective_to").isEnabled()
    retype(qtbot, rc.form.field("name"), "Short visits 2027/28")
    retype(qtbot, rc.form.field("effective_from"), "01/04/2027")
    retype(qtbot, rc.form.field("hourly_rate_pence"), "27.80")
    retype(qtbot, rc.bands.edits["30"], "18.25")
    click(qtbot, rc.save_button)
    assert not rc.isVisible()
    stored = cards(db_path)
    assert [(c["name"], c["from"], c["to"], c["hourly"], c["bands"]) for c in stored] == [
        (
            "Short visits in bands, not pro rata",
            date(2026, 12, 1),
            date(2027, 3, 31),
            2650,
            {"15": 1200, "30": 1700, "45": 2300, "60": 2800},
        ),
        (
            "Short visits 2027/28",
            date(2027, 4, 1),
            None,
            2780,
            {"15": 1200, "30": 1825, "45": 2300, "60": 2800},
        ),
    ]
    # The template's enhancements came through both steps untouched.
    for card in stored:
        assert [(e["name"], e["when"], e["value"]) for e in card["enhancements"]] == [  # type: ignore[attr-defined]
            ("Saturday", "SAT", "1.2"),
            ("Sunday", "SUN", "1.25"),
            ("Bank holiday", "BANK_HOLIDAY", "1.5"),
            ("Christmas Day", "CHRISTMAS_DAY", "2"),
            ("Boxing Day", "BOXING_DAY", "2"),
            ("New Year's Day", "NEW_YEARS_DAY", "2"),
        ]
    assert [row[1:3] for row in table_text(panel.model)] == [
        ["01/12/2026", "31/03/2027"],
        ["01/04/2027", ""],
    ]

    # A price that is not money is refused at its field, and nothing is saved.
    before, rows_before = counts(db_path), cards(db_path)
    panel.table.selectRow(1)
    click(qtbot, panel.findChild(QWidget, "editRateCardButton"))
    rc = card_dialog(panel)
    retype(qtbot, rc.form.field("hourly_rate_pence"), "abc")
    click(qtbot, rc.save_button)
    assert rc.isVisible()
    assert rc.form.error_text("hourly_rate_pence") == (
        "'abc' is not an amount of money; type it like 12.50"
    )
    assert rc.focusWidget() is rc.form.field("hourly_rate_pence"), "the bad field has focus"
    assert counts(db_path) == before
    assert cards(db_path) == rows_before

    # An evening rate with an amount that is not money is refused under the enhancements.
    retype(qtbot, rc.form.field("hourly_rate_pence"), "28.00")
    click(qtbot, rc.enhancements.add_button)
    name, when, after, _before, uplift, value, precedence = rc.enhancements.rows[-1].widgets
    qtbot.keyClicks(name, "Evening")
    choose(when, "Evening, after")
    qtbot.keyClicks(after, "20:00")
    choose(uplift, "Add per hour (£)")
    qtbot.keyClicks(value, "three pounds")
    assert isinstance(precedence, QSpinBox)
    precedence.setValue(5)
    click(qtbot, rc.save_button)
    assert rc.isVisible()
    assert rc.enhancements_error.text() == "Evening: type the amount in pounds, like 2.00"
    assert rc.form.error_text("hourly_rate_pence") == ""
    assert cards(db_path) == rows_before

    # Core's own rule: the part-charge notice must be longer than the full-charge one.
    retype(qtbot, value, "3.00")
    rc.cancel.part.setValue(12)  # full charge within 24 h, part within 12 h
    click(qtbot, rc.save_button)
    assert rc.isVisible()
    assert rc.form.error_text("cancellation") == (
        "The part-charge notice must be longer than the full-charge notice"
    )
    assert cards(db_path) == rows_before

    rc.cancel.part.setValue(48)
    click(qtbot, rc.save_button)
    assert not rc.isVisible()
    corrected = cards(db_path)[1]
    assert (corrected["hourly"], corrected["version"]) == (2800, int(rows_before[1]["version"]) + 1)  # type: ignore[call-overload]
    assert corrected["enhancements"][-1] == {  # type: ignore[index]
        "name": "Evening",
        "when": "EVENING",
        "after": "20:00",
        "type": "ADD_PER_HOUR",
        "value": 300,
        "precedence": 5,
    }
    assert corrected["cancellation"]["partial_charge_within_hours"] == 48  # type: ignore[index]
    assert corrected["cancellation"]["hospital_admission"] == {  # kept though not shown
        "full_charge_hours": 48,
        "then_percent": 0,
    }


def test_a_card_on_an_issued_invoice_is_not_edited(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    window = open_window()
    assert window.ops is not None
    with window.ops.database.session() as s:
        h.set_up_business(s)
        ann = h.add_client(s, "Ann", "Smith")
        h.self_funded(s, ann)
        h.add_card(s, ann, start=date(2026, 11, 1))
        h.add_visit(s, ann, date(2026, 11, 2), "09:00", "10:00")
        issued = issue.issue_run(s, date(2026, 11, 1), date(2026, 11, 30), on=date(2026, 12, 1))
        assert len(issued.issued) == 1
        client_id = ann.id
    panel = rates_tab(qtbot, window, client_id)
    assert table_text(panel.model)[0][-1] == "Yes"  # Invoiced
    before = cards(db_path)
    panel.table.selectRow(0)
    click(qtbot, panel.findChild(QWidget, "editRateCardButton"))
    rc = card_dialog(panel)
    retype(qtbot, rc.form.field("hourly_rate_pence"), "30.00")
    click(qtbot, rc.save_button)
    assert rc.isVisible()
    messages = [box.text() for box in open_error_dialogs()]
    assert messages == [
        "The rate card 'Private hourly' has already priced an issued invoice, so it cannot be "
        "edited. Use 'Change prices from' to start new prices on a date."
    ]
    for box in open_error_dialogs():
        box.accept()
    rc.reject()
    assert cards(db_path) == before
    assert before[0]["hourly"] == 2550
