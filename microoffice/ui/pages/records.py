"""Records: care plans, daily notes, medicines and incidents (built by the care-records work)."""

from __future__ import annotations

from microoffice.ui.pages.coming_soon import ComingSoonPage


class RecordsPage(ComingSoonPage):
    title = "Records"
    intro = "Care records will be kept here, written at the time and never altered afterwards:"
    points = (
        "Care plans and risk assessments, with review dates",
        "Daily notes from each visit",
        "Medicines and the MAR chart",
        "Incidents, complaints, and the notifications sent about them",
    )
