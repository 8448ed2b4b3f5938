"""A form whose fields each carry a red message underneath, filled from a ValidationError.

Core validation names the field (`errors["postcode"]`); the form shows the message at that field,
moves focus there (switching tab if needed) and lists anything it cannot place in a banner, so no
message is ever lost.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QRect, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from microoffice.core.vocabulary import format_date

DATE_HINT = "dd/mm/yyyy"


@dataclass
class Field:
    name: str
    label: str
    widget: QWidget
    error: QLabel
    get: Callable[[], Any]
    set: Callable[[Any], None]


def set_invalid(widget: QWidget, invalid: bool) -> None:
    """Flag a widget for the stylesheet's red border (`[invalid="true"]`)."""
    if bool(widget.property("invalid")) == invalid:
        return
    widget.setProperty("invalid", invalid)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def reveal(widget: QWidget) -> None:
    """Bring a widget into view: select every tab that contains it, scroll every area that
    holds it, then focus it."""
    child: QWidget | None = widget
    areas: list[QScrollArea] = []
    while child is not None:
        parent = child.parentWidget()
        if isinstance(parent, QStackedWidget) and isinstance(parent.parentWidget(), QTabWidget):
            tabs = parent.parentWidget()
            assert isinstance(tabs, QTabWidget)
            tabs.setCurrentWidget(child)
        if isinstance(child, QScrollArea):
            areas.append(child)
        child = parent
    for area in areas:
        area.ensureWidgetVisible(widget)
    widget.setFocus(Qt.FocusReason.OtherFocusReason)


def fit_to_screen(window: QWidget, width: int, height: int, available: QRect | None = None) -> None:
    """Open at the size that shows everything, but never taller or wider than the screen: a
    sole trader's laptop is often 1366 x 768, and a Save button below the screen's edge cannot
    be pressed. Content that no longer fits scrolls (the caller puts it in a QScrollArea)."""
    screen = window.screen()
    room = available or (screen.availableGeometry() if screen is not None else None)
    if room is not None:
        margin = 40  # the window's own title bar and frame
        width, height = min(width, room.width() - margin), min(height, room.height() - margin)
    window.resize(width, height)


class Form(QWidget):
    """Labelled fields in one or more titled columns, with per-field error messages.

    A field's message goes as soon as the person changes that field (the message was about the
    value they have just corrected), and the banner with it once no field is marked."""

    field_edited = Signal(str)  # a field's name, when the person changes its value

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.banner = QLabel(self)
        self.banner.setObjectName("formBanner")
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName("Problems with this form")
        self.banner.hide()
        outer.addWidget(self.banner)
        self._columns = QHBoxLayout()
        self._columns.setSpacing(16)
        outer.addLayout(self._columns)
        outer.addStretch(1)
        self._column_layouts: list[QVBoxLayout] = []
        self._layout: QFormLayout | None = None
        self._fields: dict[str, Field] = {}
        self._last: QWidget | None = None
        self._banner_generic = False  # the banner only says "correct the fields marked in red"
        self._filling = False  # set_values is filling the fields in, not the person

    # -- layout -----------------------------------------------------------------------------
    def group(self, title: str, below: bool = False, column: int | None = None) -> QGroupBox:
        """Start a titled group in a new column, `below` the last group, or at the foot of
        `column` (0 = first); the fields added next go into it."""
        box = QGroupBox(title, self)
        self._layout = self._new_layout(box)
        if column is None and (not below or not self._column_layouts):
            stack = QVBoxLayout()
            stack.setSpacing(10)
            stack.addStretch(1)
            self._columns.addLayout(stack, 1)
            self._column_layouts.append(stack)
        stack = self._column_layouts[-1 if column is None else column]
        stack.insertWidget(stack.count() - 1, box)
        return box

    def _new_layout(self, host: QWidget) -> QFormLayout:
        layout = QFormLayout(host)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        layout.setVerticalSpacing(6)
        return layout

    def _current(self) -> QFormLayout:
        if self._layout is None:
            host = QWidget(self)
            self._layout = self._new_layout(host)
            self._layout.setContentsMargins(0, 0, 0, 0)
            self._columns.addWidget(host, 1)
        return self._layout

    def add(
        self,
        name: str,
        label: str,
        widget: QWidget,
        get: Callable[[], Any],
        set_: Callable[[Any], None],
        focus: QWidget | None = None,
    ) -> QWidget:
        """Add any widget as a field; `focus` is the part that takes focus (default: widget)."""
        target = focus or widget
        error = QLabel(self)
        error.setObjectName("fieldError")
        error.setWordWrap(True)
        error.setAccessibleName(f"{label}: problem")
        error.hide()
        cell = QWidget(self)
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(error)
        caption = QLabel(f"{label}:", self)
        caption.setBuddy(target)
        self._current().addRow(caption, cell)
        target.setObjectName(name)
        target.setAccessibleName(label)
        if self._last is not None:
            QWidget.setTabOrder(self._last, target)
        self._last = target
        self._fields[name] = Field(name, label, target, error, get, set_)
        self._watch(name, target)
        return widget

    def _watch(self, name: str, target: QWidget) -> None:
        """Follow changes to a field's value (typing, choosing, ticking, a button filling it);
        the form's own filling-in (set_values, load) does not count."""
        signal: Any = None
        if isinstance(target, QLineEdit | QPlainTextEdit):
            signal = target.textChanged
        elif isinstance(target, QComboBox):
            signal = target.currentIndexChanged
            if target.isEditable():
                target.editTextChanged.connect(lambda *_: self._edited(name))
        elif isinstance(target, QAbstractButton) and target.isCheckable():
            signal = target.toggled
        elif isinstance(target, QSpinBox | QDoubleSpinBox):
            signal = target.valueChanged
        if signal is not None:
            signal.connect(lambda *_: self._edited(name))

    def _edited(self, name: str) -> None:
        if self._filling:
            return
        self.clear_error(name)
        self.field_edited.emit(name)

    def clear_error(self, name: str) -> None:
        """Take the message off one field; the banner goes too once no field is marked."""
        f = self._fields[name]
        if f.error.isHidden() and not f.widget.property("invalid"):
            return
        f.error.hide()
        f.error.clear()
        f.error.setMinimumHeight(0)
        f.widget.setAccessibleDescription("")
        set_invalid(f.widget, False)
        marked = any(not other.error.isHidden() for other in self._fields.values())
        if self._banner_generic and not marked:
            self.banner.hide()
            self.banner.clear()

    # -- field kinds ------------------------------------------------------------------------
    def text(self, name: str, label: str, placeholder: str = "", max_length: int = 0) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setPlaceholderText(placeholder)
        if max_length:
            edit.setMaxLength(max_length)

        def set_(value: Any) -> None:
            edit.setText("" if value is None else str(value))
            edit.setCursorPosition(0)  # show the start of long text, not its tail

        self.add(name, label, edit, edit.text, set_)
        return edit

    def area(self, name: str, label: str, lines: int = 3, placeholder: str = "") -> QPlainTextEdit:
        edit = QPlainTextEdit(self)
        edit.setTabChangesFocus(True)
        edit.setPlaceholderText(placeholder)
        height = edit.fontMetrics().lineSpacing() * lines + 14
        edit.setFixedHeight(height)
        self.add(
            name, label, edit, edit.toPlainText, lambda v: edit.setPlainText("" if v is None else v)
        )
        return edit

    def date(self, name: str, label: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setPlaceholderText(DATE_HINT)
        edit.setMaximumWidth(130)
        edit.setToolTip("Type the date as day/month/year, for example 31/12/1950")

        def set_(value: Any) -> None:
            edit.setText(format_date(value) if isinstance(value, date) else (value or ""))

        self.add(name, label, edit, edit.text, set_)
        return edit

    def combo(self, name: str, label: str, options: Sequence[tuple[Any, str]]) -> QComboBox:
        box = QComboBox(self)
        for value, text in options:
            box.addItem(text, value)

        def set_(value: Any) -> None:
            box.setCurrentIndex(max(0, box.findData(value)))

        self.add(name, label, box, box.currentData, set_)
        return box

    def check(self, name: str, label: str, text: str) -> QCheckBox:
        box = QCheckBox(text, self)
        self.add(name, label, box, box.isChecked, lambda v: box.setChecked(bool(v)))
        return box

    def spin(self, name: str, label: str, low: int, high: int, suffix: str = "") -> QSpinBox:
        box = QSpinBox(self)
        box.setRange(low, high)
        box.setSuffix(suffix)
        box.setMaximumWidth(130)
        self.add(name, label, box, box.value, lambda v: box.setValue(int(v or 0)))
        return box

    def note(self, name: str) -> QLabel:
        """A line of words under the fields above it, with no field of its own: what the
        fields mean as typed (e.g. "22:00 to 07:00 (overnight, ends next day)")."""
        label = QLabel(self)
        label.setObjectName(name)
        label.setWordWrap(True)
        self._current().addRow("", label)
        return label

    # -- values -----------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        return {name: f.get() for name, f in self._fields.items()}

    def set_values(self, values: Mapping[str, Any]) -> None:
        self._filling = True
        try:
            for name, value in values.items():
                field = self._fields.get(name)
                if field is not None:
                    field.set(value)
        finally:
            self._filling = False

    def load(self, data: Any) -> None:
        """Fill every field whose name matches an attribute of a dataclass."""
        assert is_dataclass(data)
        self.set_values({f.name: getattr(data, f.name) for f in fields(data)})

    def field(self, name: str) -> QWidget:
        return self._fields[name].widget

    def names(self) -> list[str]:
        return list(self._fields)

    # -- errors -----------------------------------------------------------------------------
    def clear_errors(self) -> None:
        self.banner.hide()
        self.banner.clear()
        for f in self._fields.values():
            f.error.hide()
            f.error.clear()
            f.error.setMinimumHeight(0)
            f.widget.setAccessibleDescription("")
            set_invalid(f.widget, False)

    def show_errors(self, errors: Mapping[str, str]) -> None:
        self.clear_errors()
        unplaced: list[str] = []
        first: Field | None = None
        for name, message in errors.items():
            f = self._fields.get(name)
            if f is None:
                unplaced.append(message)
                continue
            f.error.setText(message)
            f.error.show()
            f.widget.setAccessibleDescription(message)
            set_invalid(f.widget, True)
            first = first or f
        self._banner_generic = not unplaced
        if unplaced:
            self.banner.setText("\n".join(unplaced))
        elif errors:
            self.banner.setText("Please correct the fields marked in red, then save again.")
        self.banner.setVisible(bool(errors))
        if first is not None:
            reveal(first.widget)
        if errors:
            QTimer.singleShot(0, self.make_room)  # once the messages have their width

    def make_room(self) -> None:
        """Give every message the height its wrapped lines need, and grow the dialog the form is
        in to match (dialogs with other wrapped text call it too, once it is laid out). Qt's form rows do not ask a wrapped label how tall it is at its width, so
        without this a message under a low field is drawn over the field above it."""
        for f in self._fields.values():
            if not f.error.isHidden():
                f.error.setMinimumHeight(f.error.heightForWidth(max(f.error.width(), 1)))
        top = self.window()
        for inner in reversed(top.findChildren(QLayout)):  # innermost first, so sizes add up
            inner.invalidate()
            inner.activate()
        layout = top.layout()
        if not isinstance(top, QDialog) or layout is None or not top.isVisible():
            return  # a page scrolls instead
        refit = getattr(top, "refit", None)
        if callable(refit):  # a dialog that sizes itself from the screen (screen_fit)
            refit()
            return
        layout.activate()
        wanted = max(layout.totalMinimumSize().height(), top.sizeHint().height())
        screen = top.screen()
        if wanted > top.height():
            room = screen.availableGeometry().height() if screen is not None else wanted
            top.resize(top.width(), min(wanted, room))

    def error_text(self, name: str) -> str:
        """The message shown at a field ('' when none), as a person would read it."""
        f = self._fields[name]
        return f.error.text() if not f.error.isHidden() else ""
