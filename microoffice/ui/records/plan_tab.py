"""The Care plan tab: the current plan (or any earlier version), its review date, and the risks.

Shown as a readable document rather than a form, because that is how the person, their family
and an inspector read it; "Review" opens the form and saves a new version.
"""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from microoffice.core.people.rights import Right
from microoffice.core.records.views import CarePlanView, PlanVersion, care_plan_view
from microoffice.core.vocabulary import format_date
from microoffice.ui.app.runner import Ops
from microoffice.ui.records.careplan_dialog import CarePlanDialog
from microoffice.ui.records.person_tab import PersonTab

RAG = {"red": "#b42318", "amber": "#b54708", "green": "#027a48"}
EMPTY = CarePlanView((), (), ())
NOBODY = (
    "<p>No one to show yet: add a client on the Clients page, then write their care plan here.</p>"
)


def _due(day: date | None, overdue: bool) -> str:
    if day is None:
        return "no review date"
    colour = "#b42318" if overdue else "#374151"
    word = "overdue since" if overdue else "due"
    return f"<span style='color:{colour}'><b>review {word} {format_date(day)}</b></span>"


def plan_html(plan: PlanVersion | None, view: CarePlanView) -> str:
    if plan is None:
        return "<p>No care plan yet. Write the first one with the person, then review it after six weeks.</p>"
    agreed = f"{plan.agreed_on:%d %B %Y}" if plan.agreed_on else "(date not recorded)"
    head = (
        f"<h2 style='margin-bottom:2px'>Care plan, version {plan.version_no}</h2>"
        f"<p style='color:#4b5563'>Agreed {agreed} with {escape(plan.agreed_by)}; "
        f"written by {escape(plan.author)}; {_due(plan.review_due, plan.review_overdue)}</p>"
    )
    body = [
        f"<h3 style='color:#1f5f8b;margin-bottom:0'>{label}</h3>"
        f"<p>{escape(text).replace(chr(10), '<br>')}</p>"
        for _key, label, text in plan.sections
    ]
    rows = "".join(
        f"<tr><td>{escape(r.kind)}</td>"
        f"<td style='color:{RAG.get(r.rag, '#111')}'><b>{r.rag.upper()}</b></td>"
        f"<td>{escape(r.summary)}</td><td>{escape(r.controls)}</td>"
        f"<td>{_due(r.review_due, r.review_overdue)}</td></tr>"
        for r in view.risks
    )
    risk_html = (
        "<h3 style='color:#1f5f8b'>Risk assessments</h3><table cellpadding='4' width='100%'>"
        "<tr style='background:#eef1f5'><th align='left'>Risk</th><th align='left'>Level</th>"
        f"<th align='left'>What</th><th align='left'>Controls</th><th align='left'>Review</th></tr>{rows}</table>"
        if rows
        else "<p><i>No risk assessments recorded.</i></p>"
    )
    consent_html = (
        "<h3 style='color:#1f5f8b'>Consent</h3><p>"
        + "<br>".join(escape(c) for c in view.consents)
        + "</p>"
        if view.consents
        else "<p style='color:#b54708'><b>No consent recorded.</b></p>"
    )
    return head + "".join(body) + risk_html + consent_html


class CarePlanTab(PersonTab):
    def __init__(self, ops: Ops, parent: QWidget | None = None):
        super().__init__(ops, parent)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.versions = QComboBox(self)
        self.versions.setAccessibleName("Care plan version")
        self.versions.currentIndexChanged.connect(lambda _i: self.show_version())
        bar.addWidget(self.versions)
        bar.addStretch(1)
        self.review_button = QPushButton("Review care plan…", self)
        self.review_button.setObjectName("reviewPlanButton")
        self.review_button.setAccessibleName("Review care plan")
        self.review_button.clicked.connect(self.review)
        self.review_button.setVisible(ops.may(Right.CARE_PLANS))  # read by carers, not written
        bar.addWidget(self.review_button)
        layout.addLayout(bar)
        self.view = QTextBrowser(self)
        self.view.setObjectName("carePlanView")
        self.view.setAccessibleName("Care plan")
        layout.addWidget(self.view, 1)
        self.plan_view = EMPTY

    def reload(self) -> None:
        cid = self.client_id
        self.plan_view = (
            self.ops.read(lambda s: care_plan_view(s, cid), EMPTY, parent=self)
            if cid is not None
            else EMPTY
        )
        versions = self.plan_view.versions
        self.versions.blockSignals(True)
        self.versions.clear()
        for p in versions:
            current = " (current)" if p is versions[0] else ""
            agreed = f", agreed {format_date(p.agreed_on)}" if p.agreed_on else ""
            self.versions.addItem(f"Version {p.version_no}{agreed}{current}", p.id)
        self.versions.blockSignals(False)
        self.versions.setVisible(bool(versions))
        self.review_button.setText("Review care plan…" if versions else "Write care plan…")
        self.review_button.setEnabled(cid is not None)
        self.show_version()

    def show_version(self) -> None:
        versions = self.plan_view.versions
        plan = versions[max(0, self.versions.currentIndex())] if versions else None
        self.view.setHtml(plan_html(plan, self.plan_view) if self.client_id else NOBODY)

    def review(self) -> None:
        if self.client_id is None:
            return
        self.show_dialog(CarePlanDialog(self.ops, self.client_id, self.client_name, self))
