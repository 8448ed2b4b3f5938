"""Combos filled from the core's Choice rows (a person's name, stored by id)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QComboBox

from microoffice.core.rows import Choice


def options(choices: Sequence[Choice]) -> list[tuple[Any, str]]:
    """(value, text) pairs for Form.combo."""
    return [(c.id, c.name) for c in choices]


def refill(combo: QComboBox, choices: Sequence[Choice], keep: Any = None) -> None:
    """Replace the entries without firing the combo's change signal; the chosen id stays chosen
    while it is still listed, otherwise the first entry is."""
    combo.blockSignals(True)
    combo.clear()
    for choice in choices:
        combo.addItem(choice.name, choice.id)
    combo.setCurrentIndex(max(0, combo.findData(keep)) if keep is not None else 0)
    combo.blockSignals(False)
