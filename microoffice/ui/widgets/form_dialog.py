"""The shape most small dialogs share: a sentence saying what this is about, a form, and one
action button that writes through `ops.run`.

Kept in one place so that how these dialogs save, close and name their buttons is the same everywhere, and a fix to it reaches every one of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from microoffice.ui.app.runner import Ops
from microoffice.ui.widgets.buttons import action_buttons
from microoffice.ui.widgets.form import Form
from microoffice.ui.widgets.screen_fit import FitScroll
from microoffice.ui.widgets.unsaved import EditingDialog

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class FormDialog(EditingDialog):
    """Subclasses add fields to `self.form` and do the one core call in `write`.

    `write` runs in one transaction: a refused save shows its problems at the fields (the form
    makes room for them) and the dialog stays open with nothing saved; a good one is announced by
    the runner (what it wrote, read from the audit log) so the pages showing that data refresh,
    emits `saved` with what `write` returned (an id, say, for the page to select) and closes.
    Closing with changes asks first (EditingDialog); a form too long for the screen scrolls.
    """

    saved = Signal(object)
    min_width = 480  # wide enough that a wrapped intro reads as a sentence, not a column

    def __init__(self, ops: Ops, title: str, intro: str, action: str, parent: QWidget | None):
        super().__init__(parent)
        self.ops = ops
        self.setWindowTitle(title)
        self.setMinimumWidth(self.min_width)
        layout = self.column = QVBoxLayout(self)
        self.intro = QLabel(intro, self)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.form = Form(self)
        layout.addWidget(self.form)
        # Room for what a dialog shows between its fields and its buttons (such as warnings);
        # left empty it takes no space.
        self.extra = QVBoxLayout()
        layout.addLayout(self.extra)
        buttons, self.save_button, _ = action_buttons(
            self, action, self.save, self.reject, cancel_name="Cancel"
        )
        layout.addWidget(buttons)

    def scroll_form(self) -> QScrollArea:
        """Put the form in a scroll area (for the long ones: a care plan, a feedback check)."""
        scroll = FitScroll(self)
        scroll.setObjectName("formScroll")
        self.column.removeWidget(self.form)
        scroll.setWidget(self.form)
        self.column.insertWidget(1, scroll, 1)
        return scroll

    def write(self, session: Session, values: dict[str, Any]) -> object:
        raise NotImplementedError

    def save(self) -> None:
        values = self.form.values()
        outcome = self.ops.run(lambda s: self.write(s, values), form=self.form, parent=self)
        if outcome.ok:
            self.saved.emit(outcome.value)
            self.accept()
