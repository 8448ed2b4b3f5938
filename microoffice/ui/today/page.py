"""Today: the first thing seen each morning: the business at a glance, what to check, and the
day's visits in order with address and tasks.

Most days go as planned, so one button confirms every visit that has started; the exceptions
(late or short, missed, cancelled by the client or by us, an extra visit) and the carer's note,
tasks done and miles are each one small dialog away.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from microoffice.core.changes import Changes
from microoffice.core.people.rights import Right
from microoffice.core.today.read import TodaySummary
from microoffice.core.today.statements import today_summary
from microoffice.ui.app.runner import Ops
from microoffice.ui.today.view import TodayHeader
from microoffice.ui.today.visits import VisitsToday
from microoffice.ui.widgets.page_keys import page_key

WATCHES = Changes(business=True, clients=True, staff=True, visits=True)


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
        self.header = TodayHeader(body)
        self.header.open_page.connect(self.open_page.emit)
        layout.addWidget(self.header)

        self.visits = VisitsToday(ops, body)
        self.visits.open_page.connect(self.open_page.emit)
        layout.addWidget(self.visits, 1)
        if not ops.may(Right.OWN_VISITS):  # a bookkeeper: no visits here, the money elsewhere
            self.visits.hide()
            elsewhere = QLabel("Invoices, payments and statements are on the Invoices page.", body)
            elsewhere.setObjectName("hint")
            layout.addWidget(elsewhere)
            layout.addStretch(1)
        self.setWidget(body)
        page_key(self, "F5", self.reload)
        ops.bus.changed.connect(self._on_changed)

    def reload(self) -> None:
        summary = self.ops.read(today_summary, None, parent=self)
        if summary is None:
            return
        self.summary = summary
        self.header.show_summary(
            summary.day,
            summary.business_name,
            summary.active_clients,
            summary.active_staff,
            summary.to_check,
            sees_all=self.ops.may(Right.CLIENTS),
        )
        self.visits.reload()
        self.loaded.emit(summary)

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(WATCHES):
            self.reload()
