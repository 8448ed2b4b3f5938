"""Recording a dose on the MAR (scheduled or PRN), correcting one, and adding a medicine."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from microoffice.core import clock
from microoffice.core.records import medication as med
from microoffice.core.records.forms import now_texts, times_from_text, when_from_text
from microoffice.core.records.views import MedicineRow
from microoffice.core.services.forms import Checker
from microoffice.ui.app.runner import Ops
from microoffice.ui.records.giver import giver_field
from microoffice.ui.widgets.record_dialog import RecordDialog, when_field

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def outcome_options(first: str) -> list[tuple[Any, str]]:
    """Every MAR code, the usual one for this medicine first."""
    ordered = sorted(med.mar_codes().values(), key=lambda c: c.code != first)
    return [(c.code, f"{c.letter}  {c.label}") for c in ordered]


class DoseDialog(RecordDialog):
    """One dose: the outcome code, when, and why if it was not taken (or why a PRN was needed)."""

    def __init__(
        self,
        ops: Ops,
        medicine: MedicineRow,
        scheduled_at: Any = None,
        parent: QWidget | None = None,
        amend_entry_id: int | None = None,
    ):
        what = medicine.title
        if medicine.prn:
            intro = (
                f"<b>{what}</b>, {medicine.dose}, when required: at most "
                f"{medicine.prn_max_doses_24h} in 24 hours, at least "
                f"{(medicine.prn_min_interval_minutes or 0) // 60} hours apart."
            )
        else:
            due = clock.to_local(scheduled_at)
            intro = f"<b>{what}</b>, {medicine.dose}, due {due:%A} {due.day} {due:%B at %H:%M}."
        title = "Correct a MAR entry" if amend_entry_id else "Record a dose"
        super().__init__(ops, title, intro, "Save", parent)
        self.setObjectName("doseDialog")
        self.medicine_id, self.scheduled_at, self.amend_entry_id = (
            medicine.id,
            scheduled_at,
            amend_entry_id,
        )
        usual = "prompted" if medicine.support_level == "prompt" and not medicine.prn else "given"
        self.form.combo("outcome", "Outcome", outcome_options(usual))
        when_field(self.form, "given_at", "Given (or seen) at")
        self.form.text("dose_given", "Dose given", medicine.dose)
        self.form.text("reason", "Reason", "why not taken, or why a PRN dose was needed")
        self.form.text("notes", "Notes", "e.g. effect of a PRN dose")
        self.asks_giver = giver_field(self.form, ops, "Given by", parent)
        if amend_entry_id:
            self.form.text("amend_reason", "Reason for the correction", "what was wrong")
        self.form.set_values({"given_at": now_texts()})

    def write(self, session: Session, values: dict[str, Any]) -> int:
        c = Checker()
        given = when_from_text(c, "given_at", *values["given_at"])
        c.done()
        data = med.DoseData(
            medicine_id=self.medicine_id,
            outcome=values["outcome"],
            scheduled_at=self.scheduled_at,
            given_at=given,
            reason=values["reason"],
            dose_given=values["dose_given"],
            notes=values["notes"],
            staff_id=values.get("staff_id"),
        )
        if self.amend_entry_id:
            return med.amend_dose(session, self.amend_entry_id, data, values["amend_reason"]).id
        return med.record_dose(session, data).id


class MedicineDialog(RecordDialog):
    """A medicine from the pharmacy label, GP list or discharge letter."""

    def __init__(self, ops: Ops, client_id: int, client_name: str, parent: QWidget | None = None):
        super().__init__(
            ops,
            "Add a medicine",
            f"A medicine for {client_name}, as on the label or the GP's list.",
            "Add medicine",
            parent,
        )
        self.setObjectName("medicineDialog")
        self.client_id = client_id
        f = self.form
        f.text("name", "Medicine", "e.g. Amlodipine")
        f.text("strength", "Strength and form", "e.g. 5 mg tablets")
        f.text("dose", "Dose", "e.g. 1 tablet")
        f.combo("route", "Route", list(med.ROUTES.items()))
        f.text("times", "Times", "e.g. 08:00, 18:00")
        f.check("prn", "When required", "PRN: given only when needed")
        f.spin("prn_max_doses_24h", "PRN: most in 24 h", 0, 24)
        f.spin("prn_min_interval_minutes", "PRN: minutes apart", 0, 1440, " min")
        f.combo("support_level", "Support", list(med.SUPPORT_LEVELS.items()))
        f.check("time_critical", "Timing", "Time-critical (e.g. Parkinson's medicines)")
        f.date("start_date", "Started")
        f.text("prescriber", "Prescriber", "e.g. Dr Shah, Shirley Medical Centre")
        f.set_values({"start_date": clock.today(), "support_level": "administer"})

    def write(self, session: Session, values: dict[str, Any]) -> int:
        c = Checker()
        times = times_from_text(c, "times", values["times"])
        start = c.date_text("start_date", values["start_date"])
        c.done()
        data = med.MedicineData(
            name=values["name"],
            strength=values["strength"],
            dose=values["dose"],
            route=values["route"],
            times=times,
            prn=values["prn"],
            prn_max_doses_24h=values["prn_max_doses_24h"] or None,
            prn_min_interval_minutes=values["prn_min_interval_minutes"],
            start_date=start,
            prescriber=values["prescriber"],
            support_level=values["support_level"],
            time_critical=values["time_critical"],
        )
        return med.add_medicine(session, self.client_id, data).id
