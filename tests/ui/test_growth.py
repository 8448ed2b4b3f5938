"""The Grow page used as a person would: a price below cost raises the warning (and a lower pay
clears it), the capacity finder answers from the rota, a feedback check recorded through its
dialog moves the trend, and the profile saves as a one-page PDF."""

from __future__ import annotations

import io
from datetime import date, time
from decimal import Decimal
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from microoffice.core.db.database import open_database
from microoffice.core.growth import costs, outcomes
from microoffice.core.scheduling import plans
from microoffice.core.services import clients, funding, staff
from microoffice.ui.growth.dialogs import CheckDialog, ReferenceDialog, TemplateDialog
from microoffice.ui.growth.page import GrowthPage
from tests.core.billing.helpers import add_card, add_client, set_up_business
from tests.core.growth.test_costs import WORKED
from tests.ui.conftest import OpenWindow


def click(qtbot: QtBot, widget: QWidget) -> None:
    assert widget.isEnabled(), f"{widget.objectName()} is disabled"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def type_into(qtbot: QtBot, edit: QWidget, text: str) -> None:
    assert isinstance(edit, QLineEdit)
    edit.clear()
    qtbot.keyClicks(edit, text)


def choose(combo: QWidget, text: str) -> None:
    assert isinstance(combo, QComboBox)
    index = combo.findText(text)
    assert index >= 0, f"{text!r} is not offered"
    combo.setCurrentIndex(index)


def _grow(open_window: OpenWindow) -> GrowthPage:
    window = open_window()
    window.show_page("growth")
    page = window.pages["growth"]
    assert isinstance(page, GrowthPage)
    return page


def _priced(db_path: Path) -> None:
    """Low pays £20.00 an hour; the worked example's hour of care costs £20.75."""
    database = open_database(str(db_path))
    try:
        with database.session() as s:
            set_up_business(s)
            for name, pence in (("Low", 2000), ("Fine", 2550)):
                client = add_client(s, name, "Client")
                funding.add_funding(s, client.id, funding.FundingData(funding_type="SELF"))
                add_card(s, client, hourly_rate_pence=pence)
            costs.save_inputs(s, WORKED)
    finally:
        database.close()


def test_a_rate_below_cost_raises_the_warning(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    _priced(db_path)
    page = _grow(open_window)
    tab = page.show_tab("costs")
    qtbot.waitUntil(lambda: tab.view is not None)
    assert "An hour of care costs you £20.75" in tab.headline.text()
    below = (
        "Low Client (Private hourly) pays £20.00 an hour: £0.75 less than an hour of care costs "
        "you (£20.75). Every hour loses money."
    )
    no_visits = "In December 2026 the care is worth £0.00 but costs £100.00: £100.00 short."
    assert tab.warning_texts() == [below, no_visits]  # overheads £1,200 a year, no visits
    assert "Every hour loses money." in tab.warnings.text()
    first = tab.rates_model.index(0, 0)
    assert first.data() == "Low Client"
    assert tab.rates_model.data(first, int(Qt.ItemDataRole.ForegroundRole)).color().name() == (
        "#b42318"
    )
    # pay the hour at £11.00 instead: 1100 + 275 travel + 166 holiday + 77 NI and pension
    # + 113 mileage + 92 overheads = £18.23, under Low's £20.00: no price warning, but the pay
    # is under the National Living Wage
    type_into(qtbot, tab.form.field("hourly_pay_pence"), "11.00")
    click(qtbot, tab.work_button)
    assert "An hour of care costs you £18.23" in tab.headline.text()
    assert tab.warning_texts() == [
        "The pay in your costs (£11.00 an hour) is under the National Living Wage (£12.71).",
        no_visits,
    ]
    # next year's published minimum price, added as dated data from the Costs tab
    click(qtbot, tab.reference_button)
    figure = tab.dialog
    assert isinstance(figure, ReferenceDialog)
    type_into(qtbot, figure.form.field("effective_from"), "01/04/2026")
    type_into(qtbot, figure.form.field("amount"), "thirty")
    click(qtbot, figure.save_button)
    assert "is not an amount of money" in figure.form.error_text("amount")
    type_into(qtbot, figure.form.field("amount"), "33.50")
    click(qtbot, figure.save_button)
    assert not figure.isVisible()
    assert tab.points_model.index(0, 1).data() == "£33.50"  # the bus refreshed the tab
    assert tab.points_model.index(0, 2).data() == "01/04/2026"
    type_into(qtbot, tab.form.field("holiday_percent"), "lots")
    click(qtbot, tab.save_button)
    assert tab.form.error_text("holiday_percent") == "'lots' is not a percentage; type it like 12.5"
    type_into(qtbot, tab.form.field("holiday_percent"), "12.07")
    click(qtbot, tab.save_button)
    database = open_database(str(db_path))
    try:
        with database.session() as s:
            saved = costs.saved_inputs(s)
    finally:
        database.close()
    assert saved is not None and saved.hourly_pay_pence == 1100
    assert saved.holiday_percent == Decimal("12.07")


def _rota(db_path: Path) -> dict[str, int]:
    database = open_database(str(db_path))
    try:
        with database.session() as s:
            ann = staff.create_staff(s, staff.StaffData(first_name="Ann", last_name="Avery")).id
            staff.set_availability(s, ann, [(d, time(8), time(14)) for d in range(5)])
            edna = clients.create_client(
                s,
                clients.ClientData(
                    first_name="Edna", last_name="Price", start_date=date(2025, 1, 6)
                ),
            ).id
            plans.create_plan(
                s,
                plans.PlanData(
                    client_id=edna,
                    start_date=date(2026, 11, 2),
                    start_time=time(9),
                    end_time=time(10),
                    weekdays=(0, 1, 2, 3, 4),
                    staff_ids=[ann],
                ),
            )
            return {"ann": ann, "edna": edna}
    finally:
        database.close()


def test_capacity_finder_answers_from_the_rota(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    _rota(db_path)
    page = _grow(open_window)
    tab = page.capacity
    qtbot.waitUntil(lambda: tab.slots_model.rowCount() > 0)
    # Ann: 08:00-08:45 (before Edna less 15 min travel) and 10:15-14:00 every weekday
    assert tab.slots_model.index(0, 1).data() == "08:00-08:45"
    type_into(qtbot, tab.at, "9:30")
    click(qtbot, tab.check_button)
    assert tab.summary.text().startswith("Not at the moment")
    assert tab.summary.property("verdict") == "no"
    assert tab.days_model.index(0, 2).data() == "Ann Avery is with Edna Price 09:00-10:00"
    type_into(qtbot, tab.at, "10:15")
    tab.minutes.setValue(30)
    click(qtbot, tab.check_button)
    assert tab.summary.text() == (
        "Yes: Ann Avery could take 30 min at 10:15 on Mon-Fri, every visit with one regular carer."
    )
    assert tab.options_model.index(0, 1).data() == "All 20 dates"
    type_into(qtbot, tab.at, "25:00")
    click(qtbot, tab.check_button)
    assert tab.error.isVisibleTo(tab) and "is not a time" in tab.error.text()


def test_a_feedback_check_moves_the_trend(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    ids = _rota(db_path)
    database = open_database(str(db_path))
    try:
        with database.session() as s:
            for on, score in ((date(2026, 3, 2), 1), (date(2026, 7, 6), 2)):
                outcomes.record_check(
                    s,
                    ids["edna"],
                    outcomes.CheckData(on, {"control": score, "safety": score}),
                    "Manager",
                )
    finally:
        database.close()
    page = _grow(open_window)
    tab = page.show_tab("outcomes")
    assert isinstance(tab, QWidget)
    page.outcomes.choose_client(ids["edna"])
    assert page.outcomes.check_model.rowCount() == 2
    click(qtbot, page.outcomes.check_button)
    dialog = page.outcomes.dialog
    assert isinstance(dialog, CheckDialog)
    choose(dialog.form.field("control"), "Good: as I want it")
    choose(dialog.form.field("safety"), "Good: as I want it")
    choose(dialog.form.field("social"), "All right")
    qtbot.keyClicks(dialog.form.field("comments"), "Enjoying the lunch club.")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    # (3 + 3 + 2) / 3 = 2.67 (half up); from 1.00 at the first check: +1.67, improving
    assert page.outcomes.check_model.index(0, 1).data() == "2.67"
    assert page.outcomes.trend_label.text() == (
        "Latest check 07/12/2026: 2.67 out of 3. Over 3 checks: improving (+1.67 since 02/03/2026)."
    )
    trend = page.outcomes.chart.trend
    assert trend is not None and [str(p.average) for p in trend.points] == ["1.00", "2.00", "2.67"]
    assert "improving" in page.outcomes.chart.accessibleName()


def test_questions_are_edited_in_a_dialog(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    _rota(db_path)
    page = _grow(open_window)
    page.show_tab("outcomes")
    click(qtbot, page.outcomes.template_button)
    dialog = page.outcomes.dialog
    assert isinstance(dialog, TemplateDialog)
    assert len(dialog.rows) == 8
    click(qtbot, dialog.add_button)
    _key, topic, words = dialog.rows[-1]
    qtbot.keyClicks(topic, "Money")
    click(qtbot, dialog.save_button)
    assert "Question 9 has no wording" in dialog.form.banner.text()
    qtbot.keyClicks(words, "Are your bills paid and your money safe?")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    database = open_database(str(db_path))
    try:
        with database.session() as s:
            from microoffice.core.growth.survey import current_template

            keys = [q["key"] for q in current_template(s).questions]
    finally:
        database.close()
    assert keys[-1] == "money" and len(keys) == 9


def test_profile_saves_a_one_page_pdf(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path, tmp_path: Path
) -> None:
    _priced(db_path)
    _rota(db_path)
    page = _grow(open_window)
    tab = page.show_tab("profile")
    assert "We can take someone new" in tab.preview.toPlainText()
    tab.form.field("about").setPlainText("Kind, local and on time.")  # type: ignore[attr-defined]
    click(qtbot, tab.save_button)
    assert tab.status.text() == "Saved."
    target = tmp_path / "profile.pdf"
    assert tab.save_pdf(target)
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    text = " ".join(p.extract_text() for p in reader.pages)
    assert len(reader.pages) == 1
    assert "Kind, local and on time." in text
    assert "Kindly Care at Home" in text
    assert "Paying privately: £20.00 to £25.50 an hour" in " ".join(text.split())
    assert tab.save_pack(tmp_path / "pack.pdf")
    assert "Application pack saved to" in tab.status.text()
    # the on-screen PDF preview opens beside the text preview, which keeps working
    click(qtbot, tab.pdf_button)
    assert tab.pdf_preview is not None and tab.pdf_preview.isVisible()
    tab.pdf_preview.close()
    tab.form.field("about").setPlainText("Kind and local.")  # type: ignore[attr-defined]
    click(qtbot, tab.save_button)
    assert "Kind and local." in tab.preview.toPlainText()
