"""Records: one person's care record (daily notes, care plan and risks, medicines and MAR,
incidents and complaints), chosen at the top, one tab per kind of record.

Everything written here is append-only in core: the page offers "Amend" and "Review", never
"Edit" or "Delete".
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from microoffice.core.changes import Changes
from microoffice.core.people.rights import Right
from microoffice.core.rows import Choice
from microoffice.core.services.clients import client_choices
from microoffice.ui.app.runner import Ops
from microoffice.ui.records.incidents_tab import IncidentsTab
from microoffice.ui.records.medicines_tab import MedicinesTab
from microoffice.ui.records.notes_tab import NotesTab
from microoffice.ui.records.plan_tab import CarePlanTab
from microoffice.ui.widgets.choices import refill

WATCHES = Changes(clients=True, visits=True, records=True)


class RecordsPage(QWidget):
    def __init__(self, ops: Ops, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.setObjectName("recordsPage")
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        heading = QLabel("Records", self)
        heading.setObjectName("pageTitle")
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(QLabel("Person:", self))
        self.client = QComboBox(self)
        self.client.setObjectName("recordsClient")
        self.client.setAccessibleName("Whose records")
        self.client.setMinimumWidth(260)
        top.addWidget(self.client)
        layout.addLayout(top)
        self.tabs = QTabWidget(self)
        self.notes = NotesTab(ops, self.tabs)
        self.plan = CarePlanTab(ops, self.tabs)
        self.medicines = MedicinesTab(ops, self.tabs)
        self.tabs.addTab(self.notes, "Daily notes")
        self.tabs.addTab(self.plan, "Care plan and risks")
        self.tabs.addTab(self.medicines, "Medicines (MAR)")
        self.incidents: IncidentsTab | None = None
        if ops.may(Right.GOVERNANCE):  # incidents and complaints: the owner and managers
            self.incidents = IncidentsTab(ops, self.tabs)
            self.tabs.addTab(self.incidents, "Incidents and complaints")
        layout.addWidget(self.tabs, 1)
        self.client.currentIndexChanged.connect(lambda _i: self._show_client())
        ops.bus.changed.connect(self._on_changed)
        self.reload()

    def reload(self) -> None:
        choices: list[Choice] = self.ops.read(client_choices, [], parent=self)
        refill(self.client, choices, keep=self.client.currentData())
        self._show_client()

    def choose_client(self, client_id: int) -> None:
        self.client.setCurrentIndex(max(0, self.client.findData(client_id)))

    def _show_client(self) -> None:
        cid = self.client.currentData()
        name = self.client.currentText() if cid is not None else ""
        for tab in (self.notes, self.plan, self.medicines, self.incidents):
            if tab is not None:
                tab.set_client(cid, name)

    def _on_changed(self, changes: Changes) -> None:
        if changes.clients:
            self.reload()
        elif changes.touches(WATCHES):
            self._show_client()
