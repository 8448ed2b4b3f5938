"""Who gave the care, for a note or a dose typed in by the owner or a manager.

A carer writes only as themselves (the core signs it with their own staff record), so they are
not asked. Someone who may write for anyone chooses the carer whose paper sheet they are typing
up; the record then says it was written on that carer's behalf.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from microoffice.core.people.rights import Right
from microoffice.core.services import staff
from microoffice.ui.app.runner import Ops
from microoffice.ui.widgets.form import Form

NOBODY = "— nobody named —"


def giver_field(form: Form, ops: Ops, label: str, parent: QWidget | None) -> bool:
    """Add the "given by" choice when the signed-in person may write for others; True if added.
    It starts on their own staff record (or nobody)."""
    signed = ops.signed
    if signed is None or not signed.may_all(Right.CARE_NOTES):
        return False
    rows = ops.read(lambda s: staff.list_staff(s), [], parent=parent)
    options: list[tuple[Any, str]] = [(None, NOBODY), *((r.id, r.name) for r in rows)]
    form.combo("staff_id", label, options)
    form.set_values({"staff_id": signed.staff_id})
    return True
