"""Never lose typing: a form with changes asks "Save, Discard or Cancel?" before it goes.

What a form holds after it has loaded is kept as its clean state; the form is changed when what
its fields hold now differs from that (typing a letter and deleting it again is no change).
Reading the fields themselves, rather than listening for edits, covers every kind of field and
every dialog the same way, including fields a dialog adds as it goes.

The question never blocks (QMessageBox.open, not exec): the window stays responsive, the answer
arrives as a callback, and a test answers it as a person would, by clicking its buttons.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QWidget,
)

from microoffice.ui.widgets.screen_fit import ScreenDialog


class Answer(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


def field_state(host: QWidget) -> list[tuple[str, Any]]:
    """What every field a person can change in this window holds now (not its sub-windows)."""
    window = host.window()
    state: list[tuple[str, Any]] = []
    for widget in host.findChildren(QWidget):
        if widget.window() is not window or not widget.isEnabled():
            continue
        name = widget.objectName()
        if isinstance(widget, QLineEdit):
            if widget.isReadOnly() or isinstance(
                widget.parentWidget(), (QComboBox, QAbstractSpinBox)
            ):
                continue
            state.append((name, widget.text()))
        elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
            if not widget.isReadOnly():
                state.append((name, widget.toPlainText()))
        elif isinstance(widget, QComboBox):
            state.append((name, (widget.currentIndex(), widget.currentText())))
        elif isinstance(widget, QAbstractSpinBox):
            if not widget.isReadOnly():
                state.append((name, widget.text()))
        elif isinstance(widget, QAbstractButton) and not isinstance(widget, QPushButton):
            state.append((name, widget.isChecked()))  # check boxes and radio buttons
    return state


def ask_unsaved(parent: QWidget, what: str, answered: Callable[[Answer], None]) -> QMessageBox:
    """Ask whether to keep the changes to `what`; `answered` gets the choice (Escape cancels)."""
    box = QMessageBox(parent)
    box.setObjectName("unsavedPrompt")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Unsaved changes")
    box.setText(f"Save your changes to {what}?")
    box.setInformativeText("If you discard them, what you typed is lost.")
    buttons = QMessageBox.StandardButton
    box.setStandardButtons(buttons.Save | buttons.Discard | buttons.Cancel)
    box.setDefaultButton(buttons.Save)
    box.setEscapeButton(buttons.Cancel)
    for kind, name, spoken in (
        (buttons.Save, "promptSave", "Save the changes"),
        (buttons.Discard, "promptDiscard", "Discard the changes"),
        (buttons.Cancel, "promptCancel", "Go back to the form"),
    ):
        button = box.button(kind)
        button.setObjectName(name)
        button.setAccessibleName(spoken)
    choices = {buttons.Save: Answer.SAVE, buttons.Discard: Answer.DISCARD}

    def done(clicked: QAbstractButton) -> None:
        answered(choices.get(box.standardButton(clicked), Answer.CANCEL))

    box.buttonClicked.connect(done)
    box.open()
    return box


def ask_and_act(
    parent: QWidget,
    what: str,
    save: Callable[[], object],
    discard: Callable[[], object],
    then: Callable[[Answer], None] | None,
) -> QMessageBox:
    """Ask, then save or discard as answered, then tell `then` (a page moving on, a quit)."""

    def answered(answer: Answer) -> None:
        if answer is Answer.SAVE:
            save()
        elif answer is Answer.DISCARD:
            discard()
        if then is not None:
            then(answer)

    return ask_unsaved(parent, what, answered)


class EditingDialog(ScreenDialog):
    """The base of every dialog that edits data: Close, Escape and the window's X ask before
    throwing changes away. Subclasses give `save` (their normal save, which closes the dialog
    when it succeeds and leaves it open with its problems shown when it does not)."""

    prompt: QMessageBox | None = None
    _clean: list[tuple[str, Any]] | None = None

    def save(self) -> object:
        raise NotImplementedError

    def subject(self) -> str:
        """What the question names: the dialog's title, in the words on its title bar."""
        title = self.windowTitle().strip()
        return f"\u201c{title}\u201d" if title else "this form"

    def fields_host(self) -> QWidget:
        """Where the fields are; a dialog with lists and switches beside its form narrows it."""
        return self

    def mark_clean(self) -> None:
        """What the fields hold now is what is saved (after a load, or a save that stays open)."""
        self._clean = field_state(self.fields_host())

    def has_changes(self) -> bool:
        return self._clean is not None and field_state(self.fields_host()) != self._clean

    def before_first_show(self) -> None:
        super().before_first_show()
        if self._clean is None:  # loaded in the constructor: what it shows now is saved
            self.mark_clean()

    def reject(self) -> None:
        """Close, Escape, Cancel and the window's X all come here."""
        if self.has_changes() and self.isVisible():
            self.ask(None)
        else:
            super().reject()

    def accept(self) -> None:
        self._clean = None  # saved: nothing left to ask about
        super().accept()

    def discard(self) -> None:
        """Close without asking and without saving."""
        self._clean = None
        super().reject()

    def ask(self, then: Callable[[Answer], None] | None) -> QMessageBox:
        """Ask Save / Discard / Cancel; `then` hears the answer once it has been acted on
        (after a Save, `has_changes` is False only if it worked)."""
        if self.prompt is None or not self.prompt.isVisible():
            self.prompt = ask_and_act(self, self.subject(), self.save, self.discard, then)
        return self.prompt
