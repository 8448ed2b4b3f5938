"""What a dialog says must be readable: a problem message under a low field is not drawn over the
field above it, and long incident questions wrap instead of being cut off."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from microoffice.core.db.database import open_database
from microoffice.core.services import clients
from microoffice.ui.app.bus import Bus
from microoffice.ui.app.runner import Ops
from microoffice.ui.records.incident_dialog import IncidentDialog
from microoffice.ui.widgets.form import fit_to_screen
from tests.ui.conftest import OpenWindow
from tests.ui.test_client_contacts_funding import click, make_client
from tests.ui.test_rates_tab import card_dialog, rates_tab


def rect(widget: QWidget):  # type: ignore[no-untyped-def]
    return widget.rect().translated(widget.mapTo(widget.window(), widget.rect().topLeft()))


def incident_dialog(qtbot: QtBot, tmp_path: Path) -> IncidentDialog:
    db = open_database(str(tmp_path / "fit.sqlite"))
    with db.session() as s:
        client_id = clients.create_client(s, clients.ClientData("Edna", "Price")).id
    dialog = IncidentDialog(Ops(db, Bus()), client_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.wait(50)
    return dialog


def test_long_questions_wrap_and_show_every_line(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = incident_dialog(qtbot, tmp_path)
    questions = [q for q in dialog.answers.findChildren(QLabel) if q.wordWrap()]
    assert len(questions) >= 5
    for label in questions:
        assert label.height() >= label.heightForWidth(label.width()), label.text()
        assert rect(label).right() <= rect(dialog.answers).right(), label.text()


def test_problem_messages_never_cover_the_fields_above(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = incident_dialog(qtbot, tmp_path)
    form = dialog.form
    names = ["category", "person_affected", "immediate_actions", "location"]
    message = "This is a problem message long enough to wrap onto several lines of the dialog"
    form.show_errors({name: message for name in names})
    qtbot.wait(100)
    fields = [form.field(n) for n in form.values()]
    for name in names:
        error = form._fields[name].error
        assert error.isVisible() and error.height() >= error.heightForWidth(error.width())
        for other in fields:
            assert not rect(error).intersects(rect(other)), (name, other.objectName())
    assert dialog.height() <= dialog.screen().availableGeometry().height()


def test_the_rate_card_fits_a_small_laptop_screen_and_scrolls_to_a_problem(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    """A 1366 x 768 laptop leaves about 728 pixels, a small one 600: Save must stay on screen,
    the card scrolls, and a problem out of sight is scrolled into view."""
    window = open_window()
    panel = rates_tab(qtbot, window, make_client(window))
    click(qtbot, panel.findChild(QWidget, "newRateCardButton"))
    dialog = card_dialog(panel)
    click(qtbot, dialog.more_button)  # every part of the card shown: the longest it gets
    fit_to_screen(dialog, 1060, 780, QRect(0, 0, 1366, 728))
    qtbot.wait(50)
    assert dialog.height() <= 728 - 40
    assert rect(dialog.save_button).bottom() < dialog.height()
    bar = dialog.card_scroll.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == 0
    fit_to_screen(dialog, 1060, 780, QRect(0, 0, 1024, 600))
    qtbot.wait(50)
    assert dialog.height() <= 600 - 40 and rect(dialog.save_button).bottom() < dialog.height()
    bar.setValue(bar.maximum())  # the person has scrolled down to the special dates
    name = dialog.form.field("name")
    assert not seen_in(dialog, name)
    dialog.form.show_errors({"name": "Give the card a name"})
    qtbot.wait(50)
    assert seen_in(dialog, name) and bar.value() < bar.maximum()


def seen_in(dialog, widget: QWidget) -> bool:  # type: ignore[no-untyped-def]
    viewport = dialog.card_scroll.viewport()
    return viewport.rect().contains(widget.mapTo(viewport, widget.rect().center()))


def test_a_dialog_opens_at_the_size_its_maker_chose_where_the_screen_has_room(
    qtbot: QtBot,
) -> None:
    """A note's history asks for 620 x 420 (its text needs the width); sizing from the screen
    must not shrink it to the few lines its text box asks for, yet caps it at a small screen."""
    from PySide6.QtWidgets import QTextBrowser, QVBoxLayout

    from microoffice.ui.widgets.screen_fit import ScreenDialog, fit_dialog

    dialog = ScreenDialog()
    qtbot.addWidget(dialog)
    QVBoxLayout(dialog).addWidget(QTextBrowser(dialog))
    dialog.resize(620, 420)
    fit_dialog(dialog, QRect(0, 0, 1280, 720))
    assert (dialog.width(), dialog.height()) == (620, 420)
    fit_dialog(dialog, QRect(0, 0, 500, 300))  # a screen smaller than that: capped to it
    assert dialog.width() <= 500 - 16 and dialog.height() <= 300 - 40
