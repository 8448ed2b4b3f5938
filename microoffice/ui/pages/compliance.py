"""Compliance: what an inspector will ask to see (built by the compliance work)."""

from __future__ import annotations

from microoffice.ui.pages.coming_soon import ComingSoonPage


class CompliancePage(ComingSoonPage):
    title = "Compliance"
    intro = "This page will show what is due and the evidence you already hold:"
    points = (
        "Staff checks (DBS, right to work, references) and training that is due",
        "Supervisions and spot checks",
        "Care plan and risk assessment reviews that are overdue",
        "Policies, and the evidence for each CQC quality statement",
    )
