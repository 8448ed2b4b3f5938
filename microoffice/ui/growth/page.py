"""Grow: finding and keeping the work that keeps a small care business going (issue 8).

Four tabs: the capacity finder (could we take someone new?), outcomes (is life getting better for
the people we support?), costs (does every price cover what an hour really costs?) and the
referral profile with the application pack. Each tab reads its data the first time it is shown.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from microoffice.ui.app.runner import Ops
from microoffice.ui.growth.capacity import CapacityTab
from microoffice.ui.growth.costs import CostsTab
from microoffice.ui.growth.outcomes import OutcomesTab
from microoffice.ui.growth.profile import ProfileTab


class GrowthPage(QWidget):
    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setObjectName("growthPage")
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        heading = QLabel("Grow", self)
        heading.setObjectName("pageTitle")
        top.addWidget(heading)
        hint = QLabel("Room for new clients, outcomes that show, prices that cover the cost.", self)
        hint.setObjectName("hint")
        top.addWidget(hint)
        top.addStretch(1)
        layout.addLayout(top)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("growthTabs")
        self.capacity = CapacityTab(ops, self.tabs)
        self.outcomes = OutcomesTab(ops, self.tabs)
        self.costs = CostsTab(ops, self.tabs)
        self.profile = ProfileTab(ops, self.tabs)
        self.tabs.addTab(self.capacity, "Capacity")
        self.tabs.addTab(self.outcomes, "Outcomes")
        self.tabs.addTab(self.costs, "Costs")
        self.tabs.addTab(self.profile, "Referral profile")
        layout.addWidget(self.tabs, 1)

    def reload(self) -> None:
        """Refresh the tab in view (the others refresh when next shown or on a change)."""
        current = self.tabs.currentWidget()
        if hasattr(current, "reload"):
            current.reload()
        elif current is self.capacity:
            self.capacity.refresh_slots()

    def show_tab(self, name: str) -> QWidget:
        tab = {"capacity": self.capacity, "outcomes": self.outcomes, "costs": self.costs,
               "profile": self.profile}[name]  # fmt: skip
        self.tabs.setCurrentWidget(tab)
        return tab
