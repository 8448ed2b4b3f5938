"""Today: the first thing seen each morning: the business at a glance, what to check, and the
day's visits in order with address and tasks.

Most days go as planned, so one button confirms every visit that has started; the exceptions
(late or short, missed, cancelled by the client or by us, an extra visit) and the carer's note,
tasks done and miles are each one small dialog away.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.services import business, clients, contacts, staff
from microoffice.ui.bus import Changes
from microoffice.ui.ops import Ops
from microoffice.ui.pages.today_visits import VisitsToday

WATCHES = Changes(business=True, clients=True, staff=True, visits=True)


@dataclass(frozen=True)
class TodaySummary:
    day: date
    business_name: str
    active_clients: int
    active_staff: int
    to_check: tuple[tuple[str, str], ...]  # (client, what to check about a representative)


def today_summary(session: Session) -> TodaySummary:
    """Everything the page shows, read in one transaction through the core services."""
    firm = business.get_business(session)
    to_check = contacts.representatives_to_check(session)
    return TodaySummary(
        day=clock.today(),
        business_name=firm.trading_name or firm.legal_name,
        active_clients=len(clients.client_ids(session)),
        active_staff=len(staff.list_staff(session)),
        to_check=tuple(to_check),
    )


def long_date(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


class Card(QFrame):
    """A figure with its caption, e.g. '14 / active clients'."""

    def __init__(self, caption: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("card")
        layout = QVBoxLayout(self)
        self.figure = QLabel("–", self)
        self.figure.setObjectName("cardFigure")
        self.caption = QLabel(caption, self)
        self.caption.setObjectName("cardCaption")
        layout.addWidget(self.figure)
        layout.addWidget(self.caption)

    def set_figure(self, value: int) -> None:
        self.figure.setText(f"{value:,}")
        self.setAccessibleName(f"{value} {self.caption.text()}")


class TodayPage(QScrollArea):
    loaded = Signal(object)  # the TodaySummary, once it is on screen
    open_page = Signal(str)  # navigation requests ("settings", "clients")

    def __init__(self, ops: Ops, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.summary: TodaySummary | None = None
        self.setObjectName("todayPage")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget(self)
        body.setObjectName("pageBody")
        layout = QVBoxLayout(body)
        layout.setSpacing(14)
        self.date_label = QLabel(body)
        self.date_label.setObjectName("pageTitle")
        self.business_label = QLabel(body)
        self.business_label.setObjectName("subtitle")
        layout.addWidget(self.date_label)
        layout.addWidget(self.business_label)

        self.setup_hint = QFrame(body)
        self.setup_hint.setObjectName("notice")
        hint_row = QHBoxLayout(self.setup_hint)
        hint_text = QLabel(
            "Add your business details (name, address, bank details) so they appear on "
            "invoices and letters.",
            self.setup_hint,
        )
        hint_text.setWordWrap(True)
        go = QPushButton("Open Settings", self.setup_hint)
        go.setAccessibleName("Open Settings to add your business details")
        go.clicked.connect(lambda: self.open_page.emit("settings"))
        hint_row.addWidget(hint_text, 1)
        hint_row.addWidget(go)
        self.setup_hint.hide()
        layout.addWidget(self.setup_hint)

        cards = QGridLayout()
        cards.setHorizontalSpacing(14)
        self.clients_card = Card("active clients", body)
        self.staff_card = Card("staff", body)
        cards.addWidget(self.clients_card, 0, 0)
        cards.addWidget(self.staff_card, 0, 1)
        cards.setColumnStretch(2, 1)
        layout.addLayout(cards)

        check_title = QLabel("Representatives to check", body)
        check_title.setObjectName("sectionTitle")
        self.check_list = QLabel(body)
        self.check_list.setObjectName("checkList")
        self.check_list.setWordWrap(True)
        self.check_list.setTextFormat(Qt.TextFormat.RichText)
        self.check_list.setAccessibleName("Representatives to check")
        layout.addWidget(check_title)
        layout.addWidget(self.check_list)

        self.visits = VisitsToday(ops, body)
        layout.addWidget(self.visits, 1)
        self.setWidget(body)
        ops.bus.changed.connect(self._on_changed)

    def reload(self) -> None:
        summary = self.ops.read(today_summary, None, parent=self)
        if summary is None:
            return
        self.summary = summary
        self.date_label.setText(long_date(summary.day))
        self.business_label.setText(summary.business_name or "Your business")
        self.setup_hint.setVisible(not summary.business_name)
        self.clients_card.set_figure(summary.active_clients)
        self.staff_card.set_figure(summary.active_staff)
        if summary.to_check:
            items = "".join(
                f"<li><b>{escape(client)}</b>: {escape(what)}</li>"
                for client, what in summary.to_check
            )
            self.check_list.setText(f"<ul style='margin-left:-20px'>{items}</ul>")
        else:
            self.check_list.setText(
                "Every representative's legal document has been seen and recorded."
            )
        self.visits.reload()
        self.loaded.emit(summary)

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(WATCHES):
            self.reload()
