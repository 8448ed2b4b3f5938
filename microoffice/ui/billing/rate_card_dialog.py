"""One rate card: a new one from a shipped template, new prices from a date, or a correction.

The three differ only in which core service saves them: `create_card`, `change_prices_from` (the
old card ends the day before, so issued invoices keep the prices they used) and `update_card`
(refused by core once the card has priced an issued invoice; its message is shown as it is).

The card opens in plain words first (rate_plain.py): the usual prices as sentences, with what
three sample visits would cost as typed. The full form is under "More options"; both edit the
same card, each refreshed from the other as a person types, and a card the sentences cannot say
opens with More options shown and the reason given.

Rows can be added to three parts (fixed prices, enhancements, special dates), so the dialog sets
the whole tab order again whenever rows change: Qt would otherwise put a new row's controls after
the Save button.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from itertools import pairwise
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from microoffice.core import clock
from microoffice.core.billing import card_plain, card_preview, rate_cards, templates
from microoffice.core.billing.card_plain import PlainWords
from microoffice.core.billing.card_preview import PreviewCalendar
from microoffice.core.billing.card_text import (
    BASIS,
    DAY_RULES,
    DOUBLE_UP,
    ROUNDING,
    VAT,
    card_data,
    is_special,
    merge,
)
from microoffice.core.billing.rate_cards import RateCardData
from microoffice.core.errors import UserError, ValidationError
from microoffice.core.readers.dates import parse_date
from microoffice.ui.app.runner import Ops
from microoffice.ui.billing.rate_enhancements import EnhancementsEditor
from microoffice.ui.billing.rate_fixed import FixedPricesEditor
from microoffice.ui.billing.rate_parts import BandsEdit, CancellationEdit
from microoffice.ui.billing.rate_plain import PlainPrices
from microoffice.ui.billing.rate_special import SpecialDatesEditor
from microoffice.ui.widgets.buttons import action_buttons
from microoffice.ui.widgets.form import Form, fit_to_screen, reveal
from microoffice.ui.widgets.unsaved import EditingDialog

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

E = TypeVar("E", EnhancementsEditor, SpecialDatesEditor)
PLAIN_FIELDS = frozenset(PlainWords().as_dict())
HEAD_FIELDS = frozenset({"template", "name", "funding_id", "effective_from", "effective_to"})


class Mode(StrEnum):
    NEW = "new"
    CHANGE = "change"
    EDIT = "edit"


@dataclass(frozen=True)
class Existing:
    """The card a change or a correction starts from."""

    id: int
    version: int
    funding_id: int | None
    used: bool
    data: RateCardData


class CardErrors:
    """Core's field errors at the form's fields (a fixed-price problem also marks its row), and
    the enhancements' and special dates' under their own tables."""

    def __init__(self, dialog: RateCardDialog) -> None:
        self.d = dialog

    def clear_errors(self) -> None:
        self.d.plain.mark({})
        self.d.form.clear_errors()
        self.d.fixed.clear_problem()
        self.d.special.clear_problem()
        for label in (self.d.enhancements_error, self.d.special_error):
            label.clear()
            label.hide()

    def show_errors(self, errors: dict[str, str]) -> None:
        d = self.d
        plain = {k: v for k, v in errors.items() if k in PLAIN_FIELDS}
        d.plain.mark(plain)
        if plain:
            d.plain.show_problem(next(iter(plain.values())))
            reveal(d.plain.fields[next(iter(plain))])
            return
        if any(k not in HEAD_FIELDS for k in errors):
            d.more_button.setChecked(True)  # the problem is in a field under More options
        tables = {"enhancements": "", "special_dates": errors.get("special_dates", "")}
        enhancement = errors.get("enhancements", "")
        if enhancement and d.special.owns(enhancement) and not tables["special_dates"]:
            tables["special_dates"] = enhancement  # core names a special date's problem
        else:
            tables["enhancements"] = enhancement
        rest = {k: v for k, v in errors.items() if k not in tables}
        d.form.show_errors(rest)
        if "fixed_prices" in rest:
            d.fixed.show_problem(rest["fixed_prices"], focus=next(iter(rest)) == "fixed_prices")
        for key, label, editor in (
            ("enhancements", d.enhancements_error, d.enhancements),
            ("special_dates", d.special_error, d.special),
        ):
            message = tables[key]
            label.setText(message)
            label.setVisible(bool(message))
            editor.setAccessibleDescription(message)
        if tables["special_dates"]:
            d.special.show_problem(tables["special_dates"], focus=False)
        if rest:
            return
        if tables["enhancements"]:
            reveal(d.enhancements.add_button)
        elif tables["special_dates"]:
            reveal(d.special.add_button)
            d.special.show_problem(tables["special_dates"])


class RateCardDialog(EditingDialog):
    def __init__(
        self,
        ops: Ops,
        client_id: int,
        mode: Mode,
        existing: Existing | None,
        payers: list[tuple[int | None, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        assert (existing is None) == (mode == Mode.NEW)
        self.ops, self.client_id, self.mode, self.existing = ops, client_id, mode, existing
        self.base = existing.data if existing is not None else RateCardData()
        self.setObjectName("rateCardDialog")
        self.setWindowTitle(
            {
                Mode.NEW: "New rate card from a template",
                Mode.CHANGE: "Change prices from a date",
                Mode.EDIT: "Correct a rate card",
            }[mode]
        )
        layout = QVBoxLayout(self)
        self.card_scroll = QScrollArea(self)  # the card is long; on a small screen it scrolls
        self.card_scroll.setObjectName("cardScroll")
        self.card_scroll.setWidgetResizable(True)
        self.card_scroll.setFrameShape(QFrame.Shape.NoFrame)
        content = QWidget(self.card_scroll)
        inner = QVBoxLayout(content)
        inner.setContentsMargins(0, 0, 0, 0)
        self.card_scroll.setWidget(content)
        layout.addWidget(self.card_scroll, 1)
        note = QLabel(self._note(), self)
        note.setObjectName("hint")
        note.setWordWrap(True)
        inner.addWidget(note)
        self.form = f = Form(self)
        card_box = f.group("Card")
        self.templates: list[tuple[int, str, RateCardData]] = []
        if mode == Mode.NEW:
            self.template_box = f.combo("template", "Template", [])
        f.text("name", "Name", "e.g. Private hourly 2027", 120)
        self.payer = f.combo("funding_id", "For", payers)
        self.payer.setEnabled(mode == Mode.NEW)
        self.start_edit = f.date("effective_from", "Prices from")
        f.date("effective_to", "Until")
        f.group("Prices", below=True)
        f.text("hourly_rate_pence", "Hourly rate", "£, e.g. 24.50", 12)
        self.bands = BandsEdit(self)
        f.add(
            "bands",
            "Visit bands",
            self.bands,
            self.bands.value,
            self.bands.set_value,
            focus=self.bands.edits["15"],
        )
        self.fixed = FixedPricesEditor(self)
        f.add(
            "fixed_prices",
            "Fixed prices",
            self.fixed,
            self.fixed.value,
            self.fixed.set_value,
            focus=self.fixed,
        )
        f.combo("double_up_rule", "Two carers", DOUBLE_UP)
        f.text("double_up_rate_pence", "Rate for the pair", "£ an hour, if set", 12)
        f.spin("mileage_pence_per_mile", "Mileage", 0, 500, " p a mile")
        f.group("Time charged")
        f.combo("charge_basis", "Charge for", BASIS)
        f.spin("minimum_minutes", "Minimum charge", 0, 720, " min")
        f.spin("billing_unit_minutes", "Billing unit", 1, 60, " min")
        f.combo("rounding", "Rounding", ROUNDING)
        f.spin("grace_minutes", "Grace", 0, 60, " min")
        f.group("Holidays, cancellations and terms", below=True)
        f.combo("bank_holiday_day_rule", "Holiday at a weekend", DAY_RULES)
        self.cancel = CancellationEdit(self)
        f.add(
            "cancellation",
            "Cancellations",
            self.cancel,
            self.cancel.value,
            self.cancel.set_value,
            focus=self.cancel.full,
        )
        f.spin("payment_terms_days", "Payment terms", 0, 365, " days")
        f.combo("vat_category", "VAT", VAT)
        columns = f.layout()
        assert columns is not None
        columns.removeWidget(card_box)  # the card's name and dates stay above, always shown
        inner.addWidget(card_box)
        self.plain = PlainPrices(self)
        self.plain.setObjectName("plainPrices")
        inner.addWidget(self.plain)
        self.more_button = QToolButton(self)
        self.more_button.setObjectName("moreOptions")
        self.more_button.setText("More options")
        self.more_button.setAccessibleName("More options: every part of the card")
        self.more_button.setCheckable(True)
        self.more_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.more_button.setArrowType(Qt.ArrowType.RightArrow)
        inner.addWidget(self.more_button)
        self.more = QWidget(content)
        self.more.setObjectName("moreOptionsPart")
        more = QVBoxLayout(self.more)
        more.setContentsMargins(0, 0, 0, 0)
        more.addWidget(f)
        inner.addWidget(self.more, 1)
        self.parts = QTabWidget(self)
        self.parts.setObjectName("cardParts")
        self.parts.setAccessibleName("Enhancements and special dates")
        self.enhancements, self.enhancements_error = self._part(
            EnhancementsEditor(),
            "enhancements",
            "Enhancements",
            "Higher rates at weekends, on bank holidays and at unsocial hours. Where several "
            "apply, the highest precedence wins.",
        )
        self.special, self.special_error = self._part(
            SpecialDatesEditor(),
            "specialDates",
            "Special dates",
            "Higher rates on dates you list, such as Christmas Eve or New Year's Eve. The "
            "highest precedence wins here too (templates: Christmas Day 100, bank holidays 50).",
        )
        more.addWidget(self.parts, 1)
        self.errors = CardErrors(self)
        self._kinds: list[bool] = []
        buttons, self.save_button, self.cancel_button = action_buttons(
            self, "Save rate card", self.save, self.reject, cancel_name="Close without saving"
        )
        layout.addWidget(buttons)
        # Sized from the screen (ScreenDialog): on a screen narrower than the card's columns
        # side by side, More options scrolls sideways rather than pushing Save off the edge.
        self.card_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        fit_to_screen(self, 1060, 780)
        self.more_button.toggled.connect(self._show_more)
        self._show_more(False)
        self._syncing = False
        self._watched: set[int] = set()
        self.calendar: PreviewCalendar | None = None
        for editor in (self.fixed, self.enhancements, self.special):
            editor.rows_changed.connect(self._rows_changed)
        self.plain.edited.connect(self._plain_edited)
        self.start_edit.editingFinished.connect(self._start_changed)
        self._fill(existing)
        self._rows_changed()
        self._from_grid()
        if not self.plain.usable:
            self.more_button.setChecked(True)

    def _part(self, editor: E, name: str, title: str, hint: str) -> tuple[E, QLabel]:
        """One tab: a hint, the table, and the line its problems are shown on."""
        page = QWidget(self.parts)
        inner = QVBoxLayout(page)
        note = QLabel(hint, page)
        note.setObjectName("hint")
        note.setWordWrap(True)
        inner.addWidget(note)
        editor.setParent(page)
        editor.setObjectName(name)
        inner.addWidget(editor, 1)
        error = QLabel(page)
        error.setObjectName("fieldError")
        error.setWordWrap(True)
        error.setAccessibleName(f"{title}: problem")
        error.hide()
        inner.addWidget(error)
        self.parts.addTab(page, title)
        return editor, error

    def _rows_changed(self) -> None:
        self.parts.setTabText(0, f"Enhancements ({len(self.enhancements.rows)})")
        self.parts.setTabText(1, f"Special dates ({len(self.special.rows)})")
        self._relink()
        self._watch()
        self._grid_edited()

    # -- plain words and More options: one card ----------------------------------------------
    def _show_more(self, shown: bool) -> None:
        self.more.setVisible(shown)
        self.more_button.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)

    def _watch(self) -> None:
        """Hear every edit under More options (rows added later included), to refresh the
        sentences and the preview."""
        for edit in self.more.findChildren(QLineEdit):
            if id(edit) not in self._watched:
                self._watched.add(id(edit))
                edit.textEdited.connect(self._grid_edited)
        for spin in self.more.findChildren(QSpinBox):
            if id(spin) not in self._watched:
                self._watched.add(id(spin))
                spin.valueChanged.connect(self._grid_edited)
        for box in self.more.findChildren(QComboBox):
            if id(box) not in self._watched:
                self._watched.add(id(box))
                box.activated.connect(self._grid_edited)

    def _grid_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {
            k: v for k, v in self.form.values().items() if k not in ("template", "funding_id")
        }
        values["enhancements"] = merge(self._kinds, self.enhancements.value(), self.special.value())
        return values

    def _grid_data(self) -> RateCardData:
        """The card as More options has it (raises ValidationError for text that won't read)."""
        return card_data(self._grid_values(), self.base, dict(self.bands.others))

    def current(self) -> RateCardData:
        """The card as typed: More options, with the sentences on top while they are in use."""
        data = self._grid_data()
        return card_plain.apply_plain(self.plain.words(), data) if self.plain.usable else data

    def _grid_edited(self, *_args: object) -> None:
        if getattr(self, "_syncing", True):
            return
        self._from_grid()

    def _from_grid(self) -> None:
        """Say the card in sentences again (or why it cannot be), then price the samples."""
        try:
            data = self._grid_data()
        except ValidationError as exc:
            self.plain.show_problem(card_preview.preview_message(exc))
            return
        self._syncing = True
        try:
            self.plain.set_unusual(card_plain.unusual(data))
            words = card_plain.plain_words(data)
            if words is not None:
                self.plain.set_words(words)
                self.plain.mark({})
            self.plain.set_other(card_plain.other_terms(data))
        finally:
            self._syncing = False
        self._price(data)

    def _plain_edited(self) -> None:
        """Put what the sentences say into More options, then price the samples."""
        try:
            data = self.current()
        except (ValidationError, UserError) as exc:
            self.plain.mark(exc.errors if isinstance(exc, ValidationError) else {})
            self.plain.show_problem(card_preview.preview_message(exc))
            return
        self.plain.mark({})
        self._syncing = True
        try:
            self.form.set_values(
                {
                    "hourly_rate_pence": _money(data.hourly_rate_pence or None),
                    "minimum_minutes": data.minimum_minutes,
                }
            )
            self.cancel.set_value(data.cancellation)
            regular = [e for e in data.enhancements if not is_special(e)]
            if regular != self.enhancements.value():
                self._kinds = [is_special(e) for e in data.enhancements]
                self.enhancements.set_value(regular)
        finally:
            self._syncing = False
        self._price(data)

    def _start_changed(self) -> None:
        self._load_calendar()
        self._grid_edited()

    def _load_calendar(self) -> None:
        """The bank holidays the samples are found in, from the date the prices start."""
        try:
            start = parse_date(str(self.form.values()["effective_from"])) or clock.today()
        except ValueError:
            start = clock.today()
        if self.calendar is not None and self.calendar.start == start:
            return
        cid = self.client_id
        self.calendar = self.ops.read(
            lambda s: card_preview.preview_calendar(s, cid, start), None, parent=self
        )

    def _price(self, data: RateCardData) -> None:
        if self.calendar is None:
            self._load_calendar()
        if self.calendar is None:
            return
        try:
            costs = card_preview.preview(data, self.calendar)
        except ValidationError as exc:
            self.plain.show_problem(card_preview.preview_message(exc))
            return
        self.plain.show_costs(costs)

    def _relink(self) -> None:
        """Tab goes down the form's columns, then the tabs' tables, then Save and Cancel."""
        chain: list[QWidget] = []
        head = [n for n in self.form.names() if n in HEAD_FIELDS]
        chain += [self.form.field(n) for n in head]
        chain += list(self.plain.fields.values())
        chain.append(self.more_button)
        for name in self.form.names():
            if name in HEAD_FIELDS:
                continue
            if name == "bands":
                chain += self.bands.edits.values()
            elif name == "fixed_prices":
                chain += self.fixed.controls()
            elif name == "cancellation":
                chain += [self.cancel.full, self.cancel.part, self.cancel.percent]
            else:
                chain.append(self.form.field(name))
        chain.append(self.parts.tabBar())
        chain += self.enhancements.controls() + self.special.controls()
        chain += [self.save_button, self.cancel_button]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _note(self) -> str:
        if self.mode == Mode.NEW:
            return (
                "Start from a UK-typical template and change what your contract says. The "
                "template's prices are examples, not advice."
            )
        if self.mode == Mode.CHANGE:
            return (
                "The new prices start on the date you give; the current card ends the day "
                "before, so invoices already issued keep the prices they used."
            )
        if self.existing is not None and self.existing.used:
            return (
                "This card has already priced an issued invoice, so it cannot be corrected: "
                "use 'Change prices from…' to start new prices on a date."
            )
        return "Correct a card that has not yet been used on an issued invoice."

    def _fill(self, existing: Existing | None) -> None:
        if existing is not None:
            self._load(existing.data)
            self.form.set_values({"funding_id": existing.funding_id})
            if self.mode == Mode.CHANGE:
                self.form.set_values({"effective_from": "", "effective_to": ""})
                self.form.field("effective_to").setEnabled(False)
            first = "effective_from" if self.mode == Mode.CHANGE else "name"
            self.form.field(first).setFocus()
            return
        cid = self.client_id
        self.templates = self.ops.read(
            lambda s: [
                (t.id, t.name, templates.template_data(s, t.id, start))
                for start in [card_preview.default_start(s, cid)]
                for t in templates.list_templates(s)
            ],
            [],
            parent=self,
        )
        for tid, name, _data in self.templates:
            self.template_box.addItem(name, tid)
        self.template_box.currentIndexChanged.connect(self._template_chosen)
        self._template_chosen(0)
        self.template_box.setFocus()

    def _template_chosen(self, index: int) -> None:
        if not 0 <= index < len(self.templates):
            return
        keep = {k: self.form.values()[k] for k in ("effective_from", "effective_to")}
        self.base = self.templates[index][2]
        self._load(self.base)
        if keep["effective_from"]:
            self.form.set_values(keep)
        self._from_grid()

    def _load(self, data: RateCardData) -> None:
        self.form.load(data)
        self.form.set_values(
            {
                "hourly_rate_pence": _money(data.hourly_rate_pence or None),
                "double_up_rate_pence": _money(data.double_up_rate_pence),
            }
        )
        self._kinds = [is_special(e) for e in data.enhancements]
        self.enhancements.set_value([e for e in data.enhancements if not is_special(e)])
        self.special.set_value([e for e in data.enhancements if is_special(e)])

    def save(self) -> None:
        values = self._grid_values()
        words = self.plain.words() if self.plain.usable else None
        if self.mode == Mode.CHANGE:
            values.pop("effective_to")
        base, kept = self.base, dict(self.bands.others)
        client_id, mode, existing = self.client_id, self.mode, self.existing
        funding_id = self.payer.currentData()

        def write(session: Session) -> int:
            data = card_data(values, base, kept)
            if words is not None:
                data = card_plain.apply_plain(words, data)
            if mode == Mode.NEW:
                return rate_cards.create_card(session, client_id, data, funding_id).id
            assert existing is not None
            if mode == Mode.EDIT:
                return rate_cards.update_card(session, existing.id, data, existing.version).id
            if data.effective_from is None:
                raise ValidationError(
                    {"effective_from": "Say from which date the new prices apply"}
                )
            start: date = data.effective_from
            return rate_cards.change_prices_from(session, existing.id, start, data).id

        if self.ops.run(write, form=self.errors, parent=self).ok:
            self.accept()


def _money(pence: int | None) -> str:
    return "" if pence is None else f"{pence // 100}.{pence % 100:02d}"
