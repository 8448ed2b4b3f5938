"""The rate card's usual prices as sentences with fields, and what three visits would cost.

Reading and writing the sentences is the core's (billing/card_plain.py); pricing the samples is
the real engine's (billing/card_preview.py). This widget only lays the sentences out, says why a
card cannot be shown this way, and shows the samples' prices or the reason there are none.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from microoffice.core.billing.card_plain import ADD_HINT, DAY_HINT, ORDER_TEXT, PlainWords
from microoffice.core.billing.card_preview import SampleCost
from microoffice.ui.widgets.form import set_invalid

# Each sentence: words, then (field, what a screen reader calls it, width), then words ...
Part = str | tuple[str, str, int]
SENTENCES: list[list[Part]] = [
    ["Weekdays", ("weekday", "Weekday price an hour", 90), "an hour."],
    [
        "Saturdays",
        ("saturday", "Saturday price", 90),
        "  Sundays",
        ("sunday", "Sunday price", 90),
        "  Bank holidays",
        ("bank_holiday", "Bank holiday price", 90),
    ],
    [
        "Christmas Day, Boxing Day and New Year's Day",
        ("christmas", "Christmas Day, Boxing Day and New Year's Day price", 90),
    ],
    [
        "Evenings after",
        ("evening_after", "Evening price starts at", 60),
        "add",
        ("evening_add", "Evening: added an hour", 80),
        "  Early mornings before",
        ("early_before", "Early morning price ends at", 60),
        "add",
        ("early_add", "Early morning: added an hour", 80),
    ],
    ["Shortest visit charged", ("minimum", "Shortest visit charged, minutes", 60), "minutes."],
    [
        "Cancellations with under",
        ("cancel_full_hours", "Charged in full when cancelled with under this many hours", 50),
        "hours' notice charged in full; under",
        ("cancel_part_hours", "Part charged when cancelled with under this many hours", 50),
        "hours'",
        ("cancel_part_percent", "Part charged: percentage", 50),
        "% charged.",
    ],
]
HINTS = {1: DAY_HINT, 3: ADD_HINT}


class PlainPrices(QWidget):
    """The sentences (editable unless the card is unusual), their problems, and the preview."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.box = QGroupBox("Prices in plain words", self)
        lines = QVBoxLayout(self.box)
        lines.setSpacing(4)
        self.fields: dict[str, QLineEdit] = {}
        for n, sentence in enumerate(SENTENCES):
            row = QHBoxLayout()
            for part in sentence:
                if isinstance(part, str):
                    row.addWidget(QLabel(part, self.box))
                    continue
                name, spoken, width = part
                edit = QLineEdit(self.box)
                edit.setObjectName(f"plain_{name}")
                edit.setAccessibleName(spoken)
                edit.setMaximumWidth(width + 30)
                edit.setMinimumWidth(width)
                edit.textEdited.connect(lambda _text: self.edited.emit())
                if n in HINTS:
                    edit.setToolTip(HINTS[n][:1].upper() + HINTS[n][1:])
                self.fields[name] = edit
                row.addWidget(edit)
            row.addStretch(1)
            lines.addLayout(row)
            if n in HINTS:
                hint = QLabel(HINTS[n][:1].upper() + HINTS[n][1:] + ".", self.box)
                hint.setObjectName("hint")
                lines.addWidget(hint)
        for text, name in ((ORDER_TEXT, "plainOrder"), ("", "plainOther")):
            label = QLabel(text, self.box)
            label.setObjectName("hint")
            label.setAccessibleName(name)
            label.setWordWrap(True)
            lines.addWidget(label)
        self.other = label
        self.why = QLabel(self)  # outside the sentences, so it reads clearly when they are greyed
        self.why.setObjectName("fieldError")
        self.why.setAccessibleName("Why this card is not shown in plain words")
        self.why.setWordWrap(True)
        self.why.hide()
        outer.addWidget(self.why)
        outer.addWidget(self.box)
        self.preview_box = QGroupBox("What three visits would cost at these prices", self)
        shown = QVBoxLayout(self.preview_box)
        self.samples = [QLabel(self.preview_box) for _ in range(3)]
        for n, label in enumerate(self.samples, start=1):
            label.setObjectName(f"sample{n}")
            label.setAccessibleName(f"Sample visit {n}")
            shown.addWidget(label)
        self.problem = QLabel(self.preview_box)
        self.problem.setObjectName("fieldError")
        self.problem.setAccessibleName("Why there are no prices")
        self.problem.setWordWrap(True)
        self.problem.hide()
        shown.addWidget(self.problem)
        outer.addWidget(self.preview_box)

    def words(self) -> PlainWords:
        return PlainWords(**{name: edit.text() for name, edit in self.fields.items()})

    def set_words(self, words: PlainWords) -> None:
        for name, text in words.as_dict().items():
            edit = self.fields[name]
            if edit.text() != text:
                edit.setText(text)
                edit.setCursorPosition(0)

    @property
    def usable(self) -> bool:
        return self.box.isEnabled()

    def set_unusual(self, reasons: list[str]) -> None:
        """Grey the sentences out and say why, or (no reasons) let them be typed in."""
        for edit in self.fields.values():
            edit.setEnabled(not reasons)
        self.box.setEnabled(not reasons)
        text = (
            "This card is not shown in plain words because "
            + "; ".join(reasons)
            + ". Change it under More options below."
            if reasons
            else ""
        )
        self.why.setText(text)
        self.why.setVisible(bool(reasons))

    def set_other(self, text: str) -> None:
        self.other.setText(text)

    def mark(self, errors: dict[str, str]) -> None:
        """Red borders on the sentences' fields that cannot be read (errors keyed by field)."""
        for name, edit in self.fields.items():
            set_invalid(edit, name in errors)
            edit.setAccessibleDescription(errors.get(name, ""))

    def show_costs(self, costs: list[SampleCost]) -> None:
        for label, cost in zip(self.samples, costs, strict=False):
            label.setText(cost.words)
            label.show()
        for label in self.samples[len(costs) :]:
            label.hide()
        self.problem.hide()
        self.problem.clear()

    def show_problem(self, message: str) -> None:
        for label in self.samples:
            label.clear()
            label.hide()
        self.problem.setText(message)
        self.problem.show()
