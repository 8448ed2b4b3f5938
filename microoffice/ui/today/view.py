"""The parts of Today that only display: shared by the full Today page and the first look.

Nothing here imports the data layer, so the first look (core/quicklook.py) can show the same
header, figures and visits list before SQLAlchemy has loaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from microoffice.core import clock
from microoffice.core.scheduling.merge import DayVisit, Occurrence
from microoffice.ui.scheduling.visit_model import DAY_COLUMNS
from microoffice.ui.widgets.table_model import RowTableModel
from microoffice.ui.widgets.tables import configure_table, fit_columns_to_words


def long_date(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def visits_summary(occs: Sequence[Occurrence], now: datetime) -> str:
    if not occs:
        return "No visits today."
    done = sum(1 for o in occs if o.status == "completed")
    waiting = sum(1 for o in occs if o.status == "planned" and o.planned_start <= now)
    later = sum(1 for o in occs if o.status == "planned" and o.planned_start > now)
    other = len(occs) - done - waiting - later
    parts = [f"{len(occs)} visit(s) today: {done} done", f"{waiting} to confirm"]
    if later:
        parts.append(f"{later} still to come")
    if other:
        parts.append(f"{other} missed or cancelled")
    return ", ".join(parts) + "."


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


class TodayHeader(QWidget):
    """Date, business, the figures and the representatives to check."""

    open_page = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(14)
        self.date_label = QLabel(self)
        self.date_label.setObjectName("pageTitle")
        self.business_label = QLabel(self)
        self.business_label.setObjectName("subtitle")
        layout.addWidget(self.date_label)
        layout.addWidget(self.business_label)

        self.setup_hint = QFrame(self)
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
        self.clients_card = Card("active clients", self)
        self.staff_card = Card("staff", self)
        cards.addWidget(self.clients_card, 0, 0)
        cards.addWidget(self.staff_card, 0, 1)
        cards.setColumnStretch(2, 1)
        layout.addLayout(cards)

        check_title = self.check_title = QLabel("Representatives to check", self)
        check_title.setObjectName("sectionTitle")
        self.check_list = QLabel(self)
        self.check_list.setObjectName("checkList")
        self.check_list.setWordWrap(True)
        self.check_list.setTextFormat(Qt.TextFormat.RichText)
        self.check_list.setAccessibleName("Representatives to check")
        layout.addWidget(check_title)
        layout.addWidget(self.check_list)

    def show_summary(
        self,
        day: date,
        business_name: str,
        active_clients: int,
        active_staff: int | None,
        to_check: Sequence[tuple[str, str]],
        *,
        sees_all: bool = True,
    ) -> None:
        """`active_staff` None and `sees_all` off: a person whose role shows only their own
        (a carer, a bookkeeper): no staff count, no representatives, no set-up hint."""
        self.date_label.setText(long_date(day))
        self.business_label.setText(business_name or "Your business")
        self.setup_hint.setVisible(not business_name and sees_all)
        self.clients_card.set_figure(active_clients)
        self.staff_card.setVisible(active_staff is not None)
        if active_staff is not None:
            self.staff_card.set_figure(active_staff)
        self.check_title.setVisible(sees_all)
        self.check_list.setVisible(sees_all)
        if to_check:
            items = "".join(
                f"<li><b>{escape(client)}</b>: {escape(what)}</li>" for client, what in to_check
            )
            self.check_list.setText(f"<ul style='margin-left:-20px'>{items}</ul>")
        else:
            self.check_list.setText(
                "Every representative's legal document has been seen and recorded."
            )


class FirstLookPage(QScrollArea):
    """Today as read by core.quicklook, shown while the rest of the program loads."""

    def __init__(self, look: object, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("todayPage")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget(self)
        body.setObjectName("pageBody")
        layout = QVBoxLayout(body)
        layout.setSpacing(14)
        self.header = TodayHeader(body)
        layout.addWidget(self.header)
        title = QLabel("Visits today", body)
        title.setObjectName("sectionTitle")
        layout.addWidget(title)
        self.status = QLabel(body)
        self.status.setObjectName("hint")
        self.status.setAccessibleName("Today's visits so far")
        layout.addWidget(self.status)
        self.model: RowTableModel[DayVisit] = RowTableModel(
            DAY_COLUMNS, muted=lambda r: not r.occurrence.active, parent=self
        )
        self.table = QTableView(body)
        self.table.setObjectName("todayVisits")
        self.table.setAccessibleName("Today's visits")
        self.table.setModel(self.model)
        configure_table(self.table, DAY_COLUMNS, empty="No visits today.")
        self.table.setMinimumHeight(260)
        layout.addWidget(self.table, 1)
        self.setWidget(body)
        self.show_look(look)

    def show_look(self, look: object) -> None:
        from microoffice.core.quicklook import FirstLook

        assert isinstance(look, FirstLook)
        self.header.show_summary(
            look.day, look.business_name, look.active_clients, look.active_staff, look.to_check
        )
        self.model.set_rows(list(look.visits))
        titles = [c.title for c in DAY_COLUMNS]
        fitted = (titles.index("Time"), titles.index("Status"))
        fit_columns_to_words(self.table, fitted, stretch=titles.index("Address"))
        self.status.setText(visits_summary([v.occurrence for v in look.visits], clock.now()))
