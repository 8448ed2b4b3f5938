"""The Records retention tab: records past their minimum retention, each waiting for a person to
decide (DOMAIN.md §8.2). Nothing here deletes on its own; destroy is asked about by name first,
because it cannot be undone, and the core keeps every decision in its disposal log.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from dateutil.relativedelta import relativedelta
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from microoffice.core import clock
from microoffice.core.changes import Changes
from microoffice.core.services import retention
from microoffice.core.services.retention import RetentionItem
from microoffice.core.vocabulary import format_date
from microoffice.ui.app.runner import Ops
from microoffice.ui.widgets.ask import AskDialog
from microoffice.ui.widgets.one_dialog import open_alone
from microoffice.ui.widgets.table_model import Column, RowTableModel
from microoffice.ui.widgets.tables import configure_table, selected_row

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# Destroying anonymises a client or staff row, so their pages must refresh too.
WATCHES = Changes(clients=True, staff=True, records=True, business=True)
KINDS = {"care_record": "Care record", "staff_file": "Staff file", "complaint": "Complaint file"}
# What starts each clock, in words; the years themselves come from the database.
RULES = {
    "care_record": "care records {n} years after care ends (or the person dies)",
    "staff_file": "staff files {n} years after the person leaves",
    "complaint": "complaint files {n} years after the complaint was answered",
}
ENDED = {"client": "care ended", "staff": "left", "complaint": "answered"}
# What retention.decide removes for each kind of subject (see DESTROYS there), in words.
DESTROY_EFFECT = {
    "client": "Their care plans, notes, medication records and contacts are deleted and their "
    "name and details are removed. Visits and invoices are kept.",
    "staff": "Their training, checks, supervision, availability and leave are deleted and their "
    "name and details are removed.",
    "complaint": "The complaint and its history are deleted.",
}
DECISIONS = [
    ("extend", "Keep for longer, then review again"),
    ("preserve", "Preserve permanently"),
    ("destroy", "Destroy"),
]
COLUMNS: list[Column[RetentionItem]] = [
    Column("What record", lambda i: KINDS.get(i.record_class, i.record_class), 130),
    Column("Whose", lambda i: i.whose, 220),
    Column(
        "Ended", lambda i: format_date(i.ended_on), 100, sort_key=lambda i: i.ended_on or date.min
    ),
    Column("Kept for", lambda i: f"{i.years} years", 90, sort_key=lambda i: i.years),
    Column(
        "Due for review since",
        lambda i: format_date(i.retain_until),
        150,
        sort_key=lambda i: i.retain_until,
    ),
]


def rule_text(session: Session) -> str:
    today = clock.today()
    parts = [
        text.format(n=retention.retention_years(session, kind, today))
        for kind, text in RULES.items()
    ]
    return (
        f"Records are kept at least this long: {'; '.join(parts)}. After that, nothing is "
        "deleted automatically: choose to keep them longer, preserve them, or destroy them. "
        "Every decision is recorded."
    )


class RetentionTab(QWidget):
    """Pick a row, then a decision: the reason and a name are needed before anything is recorded,
    so every decision in the disposal log says who and why."""

    def __init__(self, ops: Ops, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.setObjectName("retentionTab")
        self.dialog: QWidget | None = None
        layout = QVBoxLayout(self)
        self.rule = QLabel(self)
        self.rule.setObjectName("retentionRule")
        self.rule.setWordWrap(True)
        layout.addWidget(self.rule)
        self.model: RowTableModel[RetentionItem] = RowTableModel(COLUMNS, parent=self)
        self.table = QTableView(self)
        self.table.setObjectName("retentionTable")
        self.table.setModel(self.model)
        configure_table(self.table, COLUMNS, empty="Nothing is past its retention period.")
        self.table.setAccessibleName("Records due for a retention decision")
        layout.addWidget(self.table, 1)
        self.empty = QLabel("Nothing is past its retention period.", self)
        self.empty.setObjectName("hint")
        layout.addWidget(self.empty)
        layout.addLayout(self._decision_row())
        self.error = QLabel(self)
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Problem with the decision")
        self.error.hide()
        layout.addWidget(self.error)
        for first, second in pairwise(self._chain()):
            QWidget.setTabOrder(first, second)
        self.table.selectionModel().selectionChanged.connect(self._update)
        ops.bus.changed.connect(lambda c: self.reload() if c.touches(WATCHES) else None)
        self.reload()

    def _decision_row(self) -> QGridLayout:
        grid = QGridLayout()
        self.decision = QComboBox(self)
        self.decision.setObjectName("decision")
        self.decision.setAccessibleName("Decision")
        for key, text in DECISIONS:
            self.decision.addItem(text, key)
        self.years = QSpinBox(self)
        self.years.setObjectName("extendYears")
        self.years.setRange(1, 25)
        self.years.setSuffix(" more year")
        self.years.valueChanged.connect(
            lambda n: self.years.setSuffix(" more year" if n == 1 else " more years")
        )
        self.years.setAccessibleName("Keep for how many more years")
        self.reason = QLineEdit(self)
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText("Why: appraised, family dispute, research value…")
        self.reason.setAccessibleName("Reason for the decision")
        self.decided_by = QLineEdit(self)
        self.decided_by.setObjectName("decidedBy")
        self.decided_by.setPlaceholderText("Your name")
        self.decided_by.setAccessibleName("Decided by")
        self.decide_button = QPushButton("Record decision", self)
        self.decide_button.setObjectName("decideButton")
        self.decide_button.setAccessibleName("Record decision")
        self.hold_button = QPushButton("Place legal hold…", self)
        self.hold_button.setObjectName("holdButton")
        self.hold_button.setAccessibleName("Place legal hold")
        for row, column, caption, field in (
            (0, 0, "&Decision:", self.decision),
            (0, 3, "&Reason:", self.reason),
            (1, 0, "Decided &by:", self.decided_by),
        ):
            buddy = QLabel(caption, self)
            buddy.setBuddy(field)
            grid.addWidget(buddy, row, column)
        grid.addWidget(self.decision, 0, 1)
        grid.addWidget(self.years, 0, 2)
        grid.addWidget(self.reason, 0, 4, 1, 3)
        grid.addWidget(self.decided_by, 1, 1, 1, 2)
        grid.addWidget(self.decide_button, 1, 5)
        grid.addWidget(self.hold_button, 1, 6)
        grid.setColumnStretch(4, 1)
        self.decision.currentIndexChanged.connect(self._update)
        self.reason.textChanged.connect(self._update)
        self.decided_by.textChanged.connect(self._update)
        self.decide_button.clicked.connect(self.decide)
        self.hold_button.clicked.connect(self.hold)
        return grid

    def _chain(self) -> list[QWidget]:
        return [
            self.table,
            self.decision,
            self.years,
            self.reason,
            self.decided_by,
            self.decide_button,
            self.hold_button,
        ]

    # -- reading ----------------------------------------------------------------------------
    def reload(self) -> None:
        self.rule.setText(self.ops.read(rule_text, "", parent=self))
        self.model.set_rows(self.ops.read(retention.due_for_review, [], parent=self))
        self.empty.setVisible(self.model.rowCount() == 0)
        self._update()

    def selected(self) -> RetentionItem | None:
        return selected_row(self.table, self.model)

    def _update(self, *_: Any) -> None:
        item = self.selected()
        self.years.setEnabled(self.decision.currentData() == "extend")
        filled = bool(self.reason.text().strip() and self.decided_by.text().strip())
        self.decide_button.setEnabled(item is not None and filled)
        self.hold_button.setEnabled(item is not None)

    # -- FieldErrors, so ops.run shows the core's messages here --------------------------------
    def show_errors(self, errors: Mapping[str, str]) -> None:
        self.error.setText(" ".join(errors.values()))
        self.error.show()

    def clear_errors(self) -> None:
        self.error.clear()
        self.error.hide()

    # -- writing ----------------------------------------------------------------------------
    def decide(self) -> None:
        item = self.selected()
        if item is None:
            return
        if self.decision.currentData() != "destroy":
            self._record(item)
            return
        ask = AskDialog(
            self,
            "Destroy records",
            f"Destroy the {KINDS.get(item.record_class, 'records').lower()} of {item.whose} "
            f"({ENDED.get(item.subject, 'ended')} {format_date(item.ended_on)})? "
            f"{DESTROY_EFFECT.get(item.subject, '')} "
            "This cannot be undone. A note of the decision (who, when and why) is kept.",
            "Destroy records",
        )
        ask.accepted.connect(lambda: self._record(item))
        self._open(ask)

    def _record(self, item: RetentionItem) -> None:
        decision = self.decision.currentData()
        review = clock.today() + relativedelta(years=self.years.value())
        reason, by = self.reason.text(), self.decided_by.text()

        def write(session: Session) -> None:
            retention.decide(
                session,
                item,
                decision,
                reason,
                by,
                review_again_on=review if decision == "extend" else None,
            )

        if self.ops.run(write, form=self, parent=self).ok:
            self.reason.clear()

    def hold(self) -> None:
        item = self.selected()
        if item is None:
            return
        ask = AskDialog(
            self,
            "Place legal hold",
            f"Place a legal hold on the {KINDS.get(item.record_class, 'records').lower()} of "
            f"{item.whose}? Held records leave this list and cannot be destroyed until the hold "
            "is lifted.",
            "Place legal hold",
            "Reason for the hold:",
            placeholder="e.g. complaint, claim, inquest or public inquiry",
        )
        ask.accepted.connect(
            lambda: self.ops.run(
                lambda s: retention.place_hold(s, item.subject, item.subject_id, ask.answer()),
                form=self,
                parent=self,
            )
        )
        self._open(ask)

    def _open(self, dialog: QDialog) -> None:
        self.dialog = open_alone(self.dialog, dialog)
