"""Compliance > Records retention, driven like a person would: see what is past its retention,
keep one longer with a reason, destroy another only after saying yes to a question that names the
person, and find every decision in the core's disposal log."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from microoffice.core.db.database import open_database
from microoffice.core.models.clients import Client
from microoffice.core.models.records import CarePlan
from microoffice.core.models.retention import Disposal, LegalHold
from microoffice.core.services import business, clients, retention
from microoffice.ui.compliance.page import CompliancePage
from microoffice.ui.compliance.retention_tab import RetentionTab
from microoffice.ui.widgets.ask import AskDialog
from tests.ui.conftest import OpenWindow

# conftest freezes today at 07/12/2026; both ended more than 8 years before it
ALPHA_ENDED, BETA_ENDED = date(2017, 5, 1), date(2017, 6, 1)


def click(qtbot: QtBot, widget: QWidget) -> None:
    assert widget.isEnabled(), f"{widget.objectName()} is disabled"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def _setup(db_path: Path) -> dict[str, int]:
    database = open_database(str(db_path))
    try:
        with database.session() as s:
            ids = {}
            for last, ended in (("Alpha", ALPHA_ENDED), ("Beta", BETA_ENDED)):
                ids[last] = clients.create_client(
                    s,
                    clients.ClientData(
                        first_name="Old",
                        last_name=last,
                        postcode="B15 2TT",
                        start_date=date(2010, 1, 1),
                        end_date=ended,
                    ),
                ).id
                s.add(CarePlan(client_id=ids[last], sections={"about_me": f"{last} likes tea"}))
            # staff files kept 7 years here, not the default 6: the rule line must say so
            business.set_reference_value(s, "retention_years_staff_file", date(2026, 1, 1), "7")
        return ids
    finally:
        database.close()


def _tab(open_window: OpenWindow) -> RetentionTab:
    window = open_window()
    window.show_page("compliance")
    page = window.pages["compliance"]
    assert isinstance(page, CompliancePage)
    page.tabs.setCurrentWidget(page.retention)
    assert page.tabs.tabText(page.tabs.currentIndex()) == "Records retention"
    return page.retention


def _row_texts(tab: RetentionTab) -> list[list[str]]:
    m = tab.model
    return [[m.index(r, c).data() for c in range(m.columnCount())] for r in range(m.rowCount())]


def _fill(qtbot: QtBot, tab: RetentionTab, row: int, decision: str, reason: str) -> None:
    tab.table.selectRow(row)
    tab.decision.setCurrentIndex(tab.decision.findData(decision))
    tab.reason.clear()
    qtbot.keyClicks(tab.reason, reason)
    if not tab.decided_by.text():
        qtbot.keyClicks(tab.decided_by, "Barbara Hughes")


def _read(db_path: Path):  # type: ignore[no-untyped-def]
    database = open_database(str(db_path))
    try:
        with database.session() as s:
            disposals = [
                (d.subject_id, d.decision, d.reason, d.decided_by, d.review_again_on)
                for d in s.scalars(select(Disposal).order_by(Disposal.id))
            ]
            due = [i.subject_id for i in retention.due_for_review(s)]
            plans = s.scalar(select(func.count()).select_from(CarePlan))
            names = {c.id: c.full_name for c in s.scalars(select(Client))}
            return disposals, due, plans, names
    finally:
        database.close()


def test_extend_then_destroy_after_confirming(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    ids = _setup(db_path)
    tab = _tab(open_window)
    assert _row_texts(tab) == [
        ["Care record", "Old Alpha", "01/05/2017", "8 years", "01/05/2025"],
        ["Care record", "Old Beta", "01/06/2017", "8 years", "01/06/2025"],
    ]
    rule = tab.rule.text()
    assert "care records 8 years after care ends" in rule
    assert "staff files 7 years after the person leaves" in rule
    assert "complaint files 10 years" in rule
    assert not tab.decide_button.isEnabled()  # nothing chosen yet
    chain, w = [], tab.table.nextInFocusChain()
    while w is not tab.table and len(chain) < 40:
        inner = isinstance(w.parentWidget(), (QAbstractSpinBox, QComboBox))  # named by owner
        if w.focusPolicy() != Qt.FocusPolicy.NoFocus and w.isVisible() and not inner:
            chain.append(w.accessibleName())
        w = w.nextInFocusChain()
    assert chain[:6] == [
        "Decision",
        "Keep for how many more years",
        "Reason for the decision",
        "Decided by",
        "Record decision",
        "Place legal hold",
    ]

    _fill(qtbot, tab, 0, "extend", "Family dispute about the will")
    assert tab.years.isEnabled()
    tab.years.setValue(2)
    click(qtbot, tab.decide_button)
    assert tab.dialog is None  # only destroy asks first
    disposals, due, plans, _ = _read(db_path)
    assert disposals == [
        (
            ids["Alpha"],
            "extend",
            "Family dispute about the will",
            "Barbara Hughes",
            date(2028, 12, 7),
        )
    ]
    assert due == [ids["Beta"]]
    assert [row[1] for row in _row_texts(tab)] == ["Old Beta"]

    # Destroy asks first, naming the person; cancelling destroys nothing.
    _fill(qtbot, tab, 0, "destroy", "Retention period over; appraised")
    assert not tab.years.isEnabled()
    click(qtbot, tab.decide_button)
    ask = tab.dialog
    assert isinstance(ask, AskDialog) and ask.isVisible()
    assert "Destroy the care record of Old Beta (care ended 01/06/2017)?" in _dialog_text(ask)
    assert "cannot be undone" in _dialog_text(ask)
    assert ask.accept_button.text() == "Destroy records"
    (cancel,) = [b for b in ask.findChildren(QPushButton) if b.text() == "Cancel"]
    click(qtbot, cancel)
    assert not ask.isVisible()
    disposals, due, plans, names = _read(db_path)
    assert len(disposals) == 1 and due == [ids["Beta"]] and plans == 2
    assert names[ids["Beta"]] == "Old Beta"
    assert [row[1] for row in _row_texts(tab)] == ["Old Beta"]

    # Saying yes destroys Beta's care records and records who decided and why.
    tab.table.selectRow(0)
    click(qtbot, tab.decide_button)
    ask = tab.dialog
    assert isinstance(ask, AskDialog)
    click(qtbot, ask.accept_button)
    disposals, due, plans, names = _read(db_path)
    assert disposals[1][:4] == (
        ids["Beta"],
        "destroy",
        "Retention period over; appraised",
        "Barbara Hughes",
    )
    assert due == [] and plans == 1  # Alpha's care plan is untouched
    assert names[ids["Beta"]] == f"Former client #{ids['Beta']}"
    assert names[ids["Alpha"]] == "Old Alpha"
    assert tab.model.rowCount() == 0 and tab.empty.isVisible()


def test_legal_hold_takes_the_item_off_the_list(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    ids = _setup(db_path)
    tab = _tab(open_window)
    tab.table.selectRow(1)
    click(qtbot, tab.hold_button)
    ask = tab.dialog
    assert isinstance(ask, AskDialog) and ask.field is not None
    assert "Old Beta" in _dialog_text(ask)
    click(qtbot, ask.accept_button)  # no reason: the core refuses, shown on the tab
    assert tab.error.isVisible() and "reason" in tab.error.text().lower()
    tab.table.selectRow(1)
    click(qtbot, tab.hold_button)
    ask = tab.dialog
    assert isinstance(ask, AskDialog) and ask.field is not None
    qtbot.keyClicks(ask.field, "Solicitor's letter about a claim")
    click(qtbot, ask.accept_button)
    assert not tab.error.isVisible()
    database = open_database(str(db_path))
    try:
        with database.session() as s:
            holds = [(h.subject, h.subject_id, h.reason) for h in s.scalars(select(LegalHold))]
    finally:
        database.close()
    assert holds == [("client", ids["Beta"], "Solicitor's letter about a claim")]
    assert [row[1] for row in _row_texts(tab)] == ["Old Alpha"]


def _dialog_text(dialog: QWidget) -> str:
    from PySide6.QtWidgets import QLabel

    return " ".join(label.text() for label in dialog.findChildren(QLabel))
