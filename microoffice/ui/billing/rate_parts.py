"""The rate-card form's compound fields: visit bands and cancellation rules.

What they hold is read into a card by the core (billing/card_text.py), which also holds the
option lists the form's combos show.
"""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QSpinBox, QWidget

from microoffice.core.billing.card_text import BAND_MINUTES
from microoffice.core.money import format_gbp


class BandsEdit(QWidget):
    """Per-visit prices for 15, 30, 45 and 60 minutes; blank means no band of that length.
    Bands of other lengths (set elsewhere) are kept as they were."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        line = QHBoxLayout(self)
        line.setContentsMargins(0, 0, 0, 0)
        self.edits: dict[str, QLineEdit] = {}
        self.others: dict[str, int] = {}
        for minutes in BAND_MINUTES:
            edit = QLineEdit(self)
            edit.setObjectName(f"band{minutes}")
            edit.setPlaceholderText("£")
            edit.setMinimumWidth(60)
            edit.setMaximumWidth(80)
            edit.setAccessibleName(f"Price for a {minutes}-minute visit")
            caption = QLabel(f"{minutes} min", self)
            caption.setBuddy(edit)
            self.edits[minutes] = edit
            line.addWidget(caption)
            line.addWidget(edit)
        line.addStretch(1)

    def set_value(self, bands: dict[str, int] | None) -> None:
        bands = dict(bands or {})
        for minutes, edit in self.edits.items():
            price = bands.pop(minutes, None)
            edit.setText("" if price is None else format_gbp(price))
        self.others = bands

    def value(self) -> dict[str, str]:
        return {m: e.text().strip() for m, e in self.edits.items()}


class CancellationEdit(QWidget):
    """Short-notice cancellations: charged in full within N hours, a part within M hours.
    0 hours means no such rule; exemptions and the hospital rule are kept as they were."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        line = QHBoxLayout(self)
        line.setContentsMargins(0, 0, 0, 0)
        self.full = self._spin("cancelFullHours", "Full charge within hours of the visit", " h")
        self.part = self._spin("cancelPartHours", "Part charge within hours of the visit", " h")
        self.percent = self._spin("cancelPercent", "Part charge percentage", " %", 100)
        self.original: dict[str, Any] = {}
        for text, widget in (
            ("Full charge within", self.full),
            ("part charge within", self.part),
            ("of", self.percent),
        ):
            caption = QLabel(text, self)
            caption.setBuddy(widget)
            line.addWidget(caption)
            line.addWidget(widget)
        line.addStretch(1)

    def _spin(self, name: str, accessible: str, suffix: str, high: int = 720) -> QSpinBox:
        box = QSpinBox(self)
        box.setObjectName(name)
        box.setAccessibleName(accessible)
        box.setRange(0, high)
        box.setSuffix(suffix)
        return box

    def set_value(self, rules: dict[str, Any] | None) -> None:
        self.original = copy.deepcopy(rules or {})
        self.full.setValue(int(self.original.get("full_charge_within_hours") or 0))
        self.part.setValue(int(self.original.get("partial_charge_within_hours") or 0))
        self.percent.setValue(int(self.original.get("partial_percent") or 0))

    def value(self) -> dict[str, Any]:
        out = copy.deepcopy(self.original)
        for key, box in (
            ("full_charge_within_hours", self.full),
            ("partial_charge_within_hours", self.part),
        ):
            out.pop(key, None)
            if box.value():
                out[key] = box.value()
        out["partial_percent"] = self.percent.value()
        return out
