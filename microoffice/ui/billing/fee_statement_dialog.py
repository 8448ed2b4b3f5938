"""Record that the statement of terms and fees was given: the date, to whom and how (Reg 19).

The core stores the statement exactly as given (billing/fee_statements.py); this dialog only asks
the three facts and shows a refusal at the field it is about.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from microoffice.core import clock
from microoffice.core.billing import fee_statements
from microoffice.core.errors import ValidationError
from microoffice.core.readers.dates import parse_date
from microoffice.ui.app.runner import Ops
from microoffice.ui.widgets.form_dialog import FormDialog

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class RecordStatementDialog(FormDialog):
    def __init__(self, ops: Ops, client_id: int, given_to: str, parent: QWidget | None) -> None:
        super().__init__(
            ops,
            "Record the statement as given",
            "Record when the statement of terms and fees was given, to whom and how. It is kept "
            "exactly as given and cannot be changed afterwards; a later change of prices needs "
            "a new statement.",
            "Record as given",
            parent,
        )
        self.setObjectName("recordStatementDialog")
        self.client_id = client_id
        self.form.date("given_on", "Given on")
        self.form.text("given_to", "Given to", "e.g. the client, or their representative")
        self.form.combo("how", "How", list(fee_statements.HOW_GIVEN.items()))
        self.form.set_values({"given_on": clock.today(), "given_to": given_to, "how": "post"})

    def write(self, session: Session, values: dict[str, Any]) -> object:
        try:
            on = parse_date(values["given_on"])
        except ValueError as exc:
            raise ValidationError({"given_on": str(exc)}) from exc
        if on is None:
            raise ValidationError({"given_on": "Type the date it was given, like 04/01/2027"})
        statement = fee_statements.give_statement(
            session, self.client_id, on, values["given_to"], values["how"]
        )
        return statement.version_number
