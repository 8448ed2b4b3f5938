"""Writing the first care plan or reviewing it: every save is a new version; the old one stays."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from microoffice.core import clock
from microoffice.core.records import careplans, views
from microoffice.core.services.forms import Checker
from microoffice.ui.app.runner import Ops
from microoffice.ui.widgets.record_dialog import RecordDialog

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class CarePlanDialog(RecordDialog):
    def __init__(self, ops: Ops, client_id: int, client_name: str, parent: QWidget | None = None):
        current = ops.read(lambda s: views.current_plan(s, client_id), None, parent=parent)
        self.version_no = current.version_no if current else 0
        intro = (
            f"Review of {client_name}'s care plan (version {self.version_no}). Saving makes "
            f"version {self.version_no + 1}; the current version stays on file."
            if current
            else f"{client_name}'s first care plan, agreed with them (or their representative)."
        )
        super().__init__(
            ops, "Care plan", intro, "Save new version" if current else "Save care plan", parent
        )
        self.setObjectName("carePlanDialog")
        self.resize(860, 720)
        self.client_id = client_id
        self.scroll_form()
        f = self.form
        f.group("Agreement")
        f.text("agreed_by", "Agreed with", "the person and anyone who helped")
        f.date("agreed_on", "Agreed on")
        f.date("review_due", "Next review")
        f.group("Plan", below=True)
        for section in careplans.SECTIONS:
            if section.key == "changes" and not current:
                continue
            label = section.label + (" *" if section.required else "")
            f.area(section.key, label, 3, section.prompt)
        values: dict[str, Any] = {"agreed_on": clock.today()}
        if current:
            values.update(current.text_of())
            values["changes"] = ""
            values["agreed_by"] = current.agreed_by
        f.set_values(values)

    def write(self, session: Session, values: dict[str, Any]) -> int:
        c = Checker()
        agreed_on = c.date_text("agreed_on", values["agreed_on"])
        review_due = c.date_text("review_due", values["review_due"])
        c.done()
        sections = {s.key: values.get(s.key, "") for s in careplans.SECTIONS}
        data = careplans.CarePlanData(
            sections={k: v for k, v in sections.items() if v.strip()},
            agreed_by=values["agreed_by"],
            agreed_on=agreed_on,
            review_due=review_due,
        )
        plan = careplans.save_care_plan(
            session, self.client_id, data, self.ops.actor, expected_version_no=self.version_no
        )
        return plan.id
