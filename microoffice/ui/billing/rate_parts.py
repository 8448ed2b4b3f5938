"""The rate-card form's compound fields (visit bands, cancellation rules), its option lists, and
turning what was typed into `RateCardData` (fixed prices and special dates read in their own
modules, rate_fixed.py and rate_special.py).

Only the reading of typed text (pounds into pence, blanks) happens here, with errors named by the
card's own field names; every rule about the values themselves is core's (billing/terms.py).
"""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QSpinBox, QWidget

from microoffice.core.billing import vat
from microoffice.core.billing.rate_cards import RateCardData
from microoffice.core.money import format_gbp, parse_gbp
from microoffice.core.services.forms import Checker
from microoffice.ui.billing.rate_enhancements import money_problems
from microoffice.ui.billing.rate_fixed import read_fixed
from microoffice.ui.billing.rate_special import is_special, special_problem

ROUNDING = [
    ("UP", "Up to the unit (after the grace)"),
    ("NEAREST", "To the nearest unit"),
    ("DOWN", "Down to the unit"),
    ("ACTUAL", "Exact minutes"),
]
BASIS = [
    ("PLANNED", "Planned times"),
    ("ACTUAL", "Actual times"),
    ("GREATER_OF", "The longer of planned and actual"),
    ("LESSER_OF", "The shorter of planned and actual"),
]
DAY_RULES = [
    ("both", "Both the day and its substitute"),
    ("actual", "Only the day itself"),
    ("substitute", "Only the substitute weekday"),
]
DOUBLE_UP = [
    ("double", "Each carer charged"),
    ("rate", "A set hourly rate for the pair"),
    ("single", "Charged as one carer"),
]
VAT = list(vat.CATEGORY_LABELS.items())
BAND_MINUTES = ("15", "30", "45", "60")


def label_of(options: list[tuple[str, str]], code: str) -> str:
    return dict(options).get(code, code)


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


def card_data(
    values: dict[str, Any], base: RateCardData, bands_kept: dict[str, int]
) -> RateCardData:
    """RateCardData from the form's values; parts the form does not show come from `base`.

    Raises ValidationError naming the field for money or dates that cannot be read.
    """
    checker = Checker()
    data = copy.deepcopy(base)
    data.name = " ".join(str(values.get("name", "")).split())
    for key in ("effective_from", "effective_to"):
        if key in values:
            text = str(values[key]).strip()
            setattr(data, key, checker.date_text(key, text) if text else None)
    hourly = str(values.get("hourly_rate_pence", "")).strip()
    data.hourly_rate_pence = (
        (checker.check("hourly_rate_pence", parse_gbp, hourly) or 0) if hourly else 0
    )
    bands = dict(bands_kept)
    for minutes, text in values.get("bands", {}).items():
        if not text:
            continue
        try:
            bands[minutes] = parse_gbp(text)
        except ValueError as exc:
            checker.fail("bands", f"{minutes} minutes: {exc}")
    data.bands = bands
    pair = str(values.get("double_up_rate_pence", "")).strip()
    data.double_up_rate_pence = (
        checker.check("double_up_rate_pence", parse_gbp, pair) if pair else None
    )
    for key in (
        "minimum_minutes",
        "billing_unit_minutes",
        "grace_minutes",
        "mileage_pence_per_mile",
        "payment_terms_days",
        "rounding",
        "charge_basis",
        "bank_holiday_day_rule",
        "double_up_rule",
        "vat_category",
        "cancellation",
        "enhancements",
    ):
        if key in values:
            setattr(data, key, values[key])
    if "fixed_prices" in values:
        prices, fixed_problem = read_fixed(values["fixed_prices"])
        if fixed_problem is not None:
            checker.fail("fixed_prices", fixed_problem.message)
        data.fixed_prices = prices
    problem = money_problems([e for e in data.enhancements if not is_special(e)])
    if problem:
        checker.fail("enhancements", problem)
    special = special_problem([e for e in data.enhancements if is_special(e)])
    if special is not None:
        checker.fail("special_dates", special.message)
    checker.done()
    return data
